/**
 * kernlab's public library API, in pipeline order: assemble → link(layout) → boot → verify.
 * Everything not exported here (or from kernlab/verify and kernlab/verify/matchers) is internal.
 * The package ships these entries compiled (lib/, by scripts/build-lib.mjs) with their .d.ts declarations; a
 * checkout's own code and tests import the TypeScript sources directly.
 */

// Errors as data.
export { KernlabError, formatDiagnostics, type Diagnostic, type Location, type Note } from "./core/diagnostics";
export { hex } from "./core/hex";

// NASM-syntax source → ELF32 object (or flat binary).
export { assemble, assembleOrThrow, initAssembler, type AssembleOptions, type AssembleResult } from "./toolchain/asm/index";
export { mapResolver, type IncludeResolver } from "./toolchain/asm/source";

// ELF32 objects + layout or ld script → kernel ELF + link map.
export {
  link, defineLayout, boundarySymbols, formatLinkMap, layoutToScript,
  type LinkInput, type LinkOptions, type LinkResult, type Layout, type LayoutSpec, type LinkMap,
} from "./toolchain/link/index";
export { readElf, type ElfFile, type ElfSection, type ElfSegment, type ElfSymbol } from "./toolchain/elf/read";

// Kernel ELF → running guest in v86: serial, verdicts, checkpoints, guest RAM, registers, page tables.
// createMachine is the emulator's with replay's recorder plugged in (BootOptions.record; replay/machine.ts).
export { createMachine } from "./replay/machine";
export {
  describeVerdict, checkMultiboot, walkPageTables, symbolTable, PageFaultError, EXIT_PORT, CHECKPOINT_PORT,
  type Machine, type MachineOptions, type BootOptions, type Run, type RunResult, type Checkpoint, type Verdict,
  type Registers, type GuestMemory, type VirtualMemory, type Mapping, type SymbolTable,
} from "./emulator/index";

// Time travel: a recorded run (BootOptions.record → Run.recording, a .klrec file) replayed as a Timeline.
export { openReplay, readKlrec, type Replay, type ReplayOptions, type Timeline, type TimelineEvent, type KlrecFile, type KlrecHeader } from "./replay/index";
export type { RecordOptions, LiveRecording, MachineState, TimeTravelControl, TimeTravelOptions, InputRecord, Debugger, StopReason } from "./emulator/index";

// A debugger host for a Run booted with BootOptions.debug: GDB's remote protocol and QEMU-style monitor commands (Node).
export { startGdbServer, parseGdbAddress, type GdbServer, type GdbServerOptions } from "./debug/gdb/server";
export { runMonitor, type MonitorContext } from "./debug/gdb/monitor";

// Reverse execution over a recorded run's Timeline: reverse-stepi, reverse-continue, who wrote this address.
export {
  reverseStep, reverseContinue, whoWrote, reverseDebugging,
  type ReverseStop, type WriteRecord, type WhoWroteOptions, type ScanOptions, type ReverseDebugging,
} from "./replay/reverse";
export { liveTimeline, liveReverseDebugging, type LiveTimeline } from "./replay/live";

// The sample kernel (kernel/): its layout and its build as a library call.
export { buildSampleKernel, type SampleBuild } from "./kernel/build";
export { sampleLayout } from "./kernel/layout";
