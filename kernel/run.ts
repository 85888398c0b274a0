/**
 * Boots the sample kernel for its proofs: paints the kernel stack region, names the checkpoints, and at
 * each checkpoint freezes a copy of guest RAM and the registers (the machine is paused meanwhile). Returns
 * everything the proofs need; computes nothing. Not the proofs (kernel/proofs.ts), not the emulator.
 */
import { createMachine, type GuestMemory, type Machine, type Registers, type Verdict, type Checkpoint } from "../emulator/index";
import { readElf, type ElfFile } from "../toolchain/elf/read";
import type { Layout } from "../toolchain/link/layout";
import { kernelConstants, sampleLayout, type KernelConstants } from "./layout";
import { readProbe } from "./probe";
import { captureRam, frozenMemory, VGA_WINDOW } from "./ram";

/** Checkpoint ids, as in kernel/defs.inc (CP_*). */
export const CHECKPOINTS = {
  1: "kernel-entry",
  2: "heap-ready",
  3: "processes-created",
  4: "collision-handled",
  5: "final",
} as const;
export type CheckpointName = (typeof CHECKPOINTS)[keyof typeof CHECKPOINTS];

/** The word painted over the kernel stack region before boot; the high-water mark is where it ends. */
export const STACK_PAINT = 0x5354_4b21; // "!KTS"

export interface Snapshot {
  registers: Registers;
  memory: GuestMemory;
  /** Guest instructions executed when it was taken. */
  at: number;
}

export interface SampleRun {
  elf: ElfFile;
  layout: Layout;
  constants: KernelConstants;
  /** Every named symbol of the kernel ELF (the last definition wins for locals with the same name). */
  symbols: Map<string, number>;
  checkpoints: Partial<Record<CheckpointName, Snapshot>>;
  verdict: Verdict;
  serial: string;
  paint: { start: number; end: number; pattern: number };
  memoryBytes: number;
  wallMs: number;
  instructions: number;
}

export interface SampleRunOptions {
  layout?: Layout;
  /** Guest RAM (default 16 MiB). */
  memoryMiB?: number;
  /** Reuse a machine (tests boot many variants); it must have been made with the same memory size. */
  machine?: Machine;
  /** Runs at each checkpoint on the LIVE machine before the copy is taken (tests corrupt RAM here). */
  onCheckpoint?: (cp: Checkpoint) => void;
  timeoutMs?: number;
  /** The multiboot command line ("shell" starts the serial shell after the final checkpoint). */
  cmdline?: string;
  /** Bytes queued into COM1 before the first instruction (typed into the shell). */
  serialInput?: string;
}

export function elfSymbols(elf: ElfFile): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of elf.symbols) if (s.name && s.shndx !== 0) out.set(s.name, s.value >>> 0);
  return out;
}

/**
 * How much of RAM (from 0) a checkpoint copy needs: the kernel (up to __kernel_end) and every frame the
 * kernel's frame bitmap marks in use (user pages are handed out first-fit just above the kernel), rounded
 * up to 64 KiB. Without a probe record, all of RAM. Copying 16 MiB five times per run costs more than the
 * rest of the harness together.
 */
export function captureLimit(memory: GuestMemory, symbols: Map<string, number>): number {
  const kernelEnd = symbols.get("__kernel_end") ?? 0;
  const probe = readProbe(memory, symbols.get("kernlab_probe") ?? 0);
  if (!probe || kernelEnd === 0 || kernelEnd > memory.size) return memory.size;
  const round = (n: number) => Math.min(memory.size, Math.max(0x10_0000, Math.ceil(n / 0x10000) * 0x10000)); // at least 1 MiB: proof 1 reads it
  if (probe.frame_bitmap === 0) return round(kernelEnd); // before the frame allocator: nothing above the kernel
  const frames = Math.floor(memory.size / 0x1000);
  if (probe.frame_bitmap + Math.ceil(frames / 8) > memory.size) return memory.size;
  const bitmap = memory.bytes(probe.frame_bitmap, Math.ceil(frames / 8));
  let highest = -1;
  for (let i = frames - 1; i >= 0; i--) {
    if ((bitmap[i >> 3]! >> (i & 7)) & 1) { highest = i; break; }
  }
  if (highest === frames - 1) return memory.size; // the top frame in use: no free frames above, copy all
  return round(Math.max(kernelEnd, (highest + 1) * 0x1000));
}

export async function bootSample(elfBytes: Uint8Array, opts: SampleRunOptions = {}): Promise<SampleRun> {
  const layout = opts.layout ?? sampleLayout;
  const elf = readElf(elfBytes, "kernel.elf");
  const symbols = elfSymbols(elf);
  const memoryMiB = opts.memoryMiB ?? 16;
  const machine = opts.machine ?? (await createMachine({ memoryMiB }));
  const start = symbols.get("__stack_bottom") ?? 0;
  const end = symbols.get("__stack_top") ?? 0;
  const paint = { start, end, pattern: STACK_PAINT };
  const checkpoints: SampleRun["checkpoints"] = {};
  try {
    const run = machine.boot(elfBytes, {
      timeout: { ms: opts.timeoutMs ?? 20_000 },
      checkpointNames: CHECKPOINTS,
      paint: end > start && end <= machine.memoryBytes ? [paint] : [],
      cmdline: opts.cmdline,
      serialInput: opts.serialInput,
      onCheckpoint: (cp) => {
        opts.onCheckpoint?.(cp);
        const name = CHECKPOINTS[cp.id as keyof typeof CHECKPOINTS];
        if (name) {
          const limit = captureLimit(cp.memory, symbols);
          const hole = limit > VGA_WINDOW.start ? VGA_WINDOW : null;
          checkpoints[name] = { registers: cp.registers, memory: frozenMemory(captureRam(cp.memory, limit), cp.memory.size, hole), at: cp.at };
        }
      },
    });
    const result = await run.result;
    return {
      elf, layout, constants: kernelConstants(layout), symbols, checkpoints, verdict: result.verdict, serial: result.serial,
      paint, memoryBytes: machine.memoryBytes, wallMs: result.wallMs, instructions: result.instructions,
    };
  } finally {
    if (!opts.machine) machine.destroy();
  }
}
