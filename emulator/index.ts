/**
 * The emulator's public surface: boot a Multiboot (1 or 2) kernel in v86 (Node or browser), watch COM1,
 * pause at guest checkpoints, read guest RAM physically and through the guest's page tables, and end every
 * run in exactly one Verdict. Everything else in emulator/ is internal; nothing outside emulator/ imports v86.
 * This file holds types and re-exports only; it does not import Node built-ins (the browser bundles it).
 *
 * Guest protocol (ports):
 *   out 0xF4, al                      → the run ends with verdict exited(al). Under QEMU with
 *                                       `-device isa-debug-exit,iobase=0xf4,iosize=0x04` the same write makes
 *                                       qemu exit with status (al << 1) | 1; kernlab reports al itself.
 *   mov dx, 0x5F0 ; out dx, eax       → checkpoint(eax): the machine pauses synchronously after the `out`;
 *                                       onCheckpoint/"checkpoint" listeners see registers and RAM as they are.
 *   out 0xE9, al                      → debug console (Bochs' port-e9 hack, QEMU's -debugcon): the byte goes to
 *                                       RunResult.debugcon and "debugcon" listeners; `in al, 0xE9` reads 0xE9.
 *                                       Always present (QEMU has it only with -debugcon).
 *
 * Boot state (loader.ts): by default exactly QEMU -kernel's (EAX = 0x2BADB002, EBX = 0x9500, ESP = 0x6F08,
 * the option ROM's GDT with CS 0x08 and data 0x10, its multiboot info and 6-entry memory map), or GRUB 2's
 * with `loader: "grub"` (ESP = 0x7FF00, CS 0x10, data 0x18, ELF section headers, framebuffer info); a kernel
 * with only a Multiboot 2 header boots as GRUB's multiboot2 loads it (EAX = 0x36D76289, EBX = tag list).
 * Paging off, IF = 0. PS/2 keyboard scanning is enabled, as a BIOS leaves it.
 *
 * Determinism: the instruction counter and instruction-count timeouts are exact for a guest that never enables
 * interrupts. With the default clock ("realtime") v86's timers (PIT, RTC) run on host wall time, so a guest that
 * takes timer interrupts sees them at host-dependent instructions; with `clock: "virtual"` they run on guest
 * time derived from the instruction count, and the whole run repeats exactly. A time-travel run
 * (BootOptions.record / timeTravel, replay/) goes further: its driver looks at the timers only on its own
 * 100,000-instruction grid, at idle returns and at checkpoints, so host stops (breakpoints, seeks) never move
 * an interrupt, and inputs enter only at those points; Run.timeTravel saves and restores whole machine states.
 */

/** Guest writes the exit code (a byte) here: QEMU's isa-debug-exit port. */
export const EXIT_PORT = 0xf4;
/** Guest writes a 32-bit checkpoint id here; the machine pauses until the harness resumes it. */
export const CHECKPOINT_PORT = 0x5f0;

export interface MachineOptions {
  /** Guest RAM in MiB (default 128, as QEMU's). */
  memoryMiB?: number;
  /** A precompiled v86 WebAssembly module (browser: compile once from the URL/bytes you serve). */
  wasmModule?: WebAssembly.Module;
  /** The bytes of v86.wasm, compiled once per process and cached (browser alternative to wasmModule). */
  wasmBytes?: Uint8Array;
  /**
   * v86's x86→wasm JIT. Default "auto": every boot starts in the interpreter (20-70 M instructions/s from the
   * first instruction, no warm-up: short test kernels and warm reboots) and the JIT is turned on once the guest
   * has run 1 M instructions (hot loops then reach ~1 G instructions/s), except under `clock: "virtual"`, where
   * it stays in the interpreter so runs repeat to the instruction. true: JIT from the first instruction;
   * false: interpreter only.
   */
  jit?: boolean | "auto";
}

export interface BootOptions {
  /**
   * Whose boot state the kernel gets (default "qemu"): "qemu" is exactly `qemu-system-i386 -kernel`'s
   * (registers, GDT, multiboot info at 0x9500, 6-entry memory map, command line "<kernelName> <cmdline>");
   * "grub" is GRUB 2's (`multiboot`/`multiboot2` commands: loader name "GRUB 2.06", ELF section headers in
   * the info, modules page-aligned after the kernel). README "Loader personalities" lists the differences.
   */
  loader?: LoaderName;
  /** The kernel's file name as the loader shows it at the start of the command line (default "kernel"). */
  kernelName?: string;
  /** Multiboot modules, placed page-aligned after the kernel image and listed in the multiboot info. */
  modules?: { data: Uint8Array; cmdline?: string }[];
  /** The kernel command line (multiboot info `cmdline`). */
  cmdline?: string;
  /**
   * Default `{ ms: 10_000 }`. `instructions` is deterministic; `ms` is wall time under the "realtime" clock and
   * guest time under the "virtual" clock (then deterministic too). Both may be given.
   */
  timeout?: { ms?: number; instructions?: number };
  /**
   * The guest's time, which v86's timers (PIT, RTC, APIC) follow. "realtime" (default): host wall time, as QEMU
   * runs by default; a guest waiting in `hlt` for its next tick really waits. "virtual": time advances with the
   * instructions executed (`guestMips` million per guest second) and jumps straight to the next timer event
   * when the guest waits in `hlt`, as QEMU's `-icount shift=…,sleep=off` does: a run never sleeps, and the same
   * kernel with the same input takes every timer interrupt at the same instruction, on any host. Either way
   * v86 looks at its timers about every 100,000 instructions (1 ms of guest time at 100 MIPS), so a guest
   * that computes without pausing sees at most one timer interrupt per look.
   */
  clock?: "realtime" | "virtual";
  /** Virtual clock rate: million guest instructions per guest second (default 100). */
  guestMips?: number;
  /** Names for checkpoint ids, reported in Checkpoint.name. */
  checkpointNames?: Record<number, string>;
  /** Called at each checkpoint; the machine stays paused until it returns or its promise settles. */
  onCheckpoint?: (cp: Checkpoint) => void | Promise<void>;
  /** Queued into COM1's receive buffer before the first instruction. */
  serialInput?: string | Uint8Array;
  /**
   * Typed on the PS/2 keyboard as soon as the guest can take keys: IRQ 1 unmasked at the PIC with interrupts
   * enabled, or the guest reading port 0x60/0x64 (emulator/input.ts). Keys typed at power-on would be lost.
   */
  keys?: string;
  /** Scripted input: each step waits for its text, then types or writes (README "Scripted input"). */
  script?: InputStep[];
  /** Fill guest physical ranges [start, end) with a u32 pattern before entry (stack painting). */
  paint?: { start: number; end: number; pattern: number }[];
  /** How much of COM1 output RunResult.serial keeps (default 64 KiB); serialTotalBytes counts it all. */
  serialTailBytes?: number;
  /** Attach a debugger: Run.debug is defined (see Debugger). `startPaused` stops before the first instruction (qemu -S). */
  debug?: DebugBootOptions;
  /** Trace events one line each, like qemu -d in_asm,int,cpu (see TraceOptions). Costs nothing when absent. */
  trace?: TraceOptions;
  /**
   * Record the run for replay and time travel (README "Time travel"): Run.recording holds the inputs, snapshots
   * and events so far, and encodes them as a .klrec file. Forces exact control (the interpreter) and
   * `clock: "virtual"`. Needs a machine with a Recorder (MachinePlugins): the package's createMachine has one.
   */
  record?: boolean | RecordOptions;
  /** The time-travel driver's hooks (replay/ uses them; `record` sets them up through the machine's Recorder). Forces exact control and the virtual clock. */
  timeTravel?: TimeTravelOptions;
}

/** BootOptions.record. */
export interface RecordOptions {
  /** Keep a snapshot in the recording about every this many instructions (default 5,000,000; at least 100,000). */
  snapshotEvery?: number;
}

/**
 * One input as it entered a device during a time-travel run: at instruction count `at`, at the `n`-th
 * "input point" the driver passed at that count (0 first). Input points are the driver's ticks (at most
 * every 100,000 instructions), the returns from an idle `hlt`, checkpoints and the start; inputs go in only
 * there, so a replay that passes the same points injects them at exactly the same moment.
 */
export type InputRecord =
  | { at: number; n: number; kind: "keys"; codes: number[] }
  | { at: number; n: number; kind: "serial"; bytes: number[] };

export interface TimeTravelOptions {
  /** Every input as it enters a device (recording). */
  onInput?: (input: InputRecord) => void;
  /** Replay: the inputs to inject at this input point (called at every point). Live input is refused then. */
  inputsAt?: (at: number, n: number) => readonly InputRecord[];
  /** Called at each tick (and at the start, count 0) while the machine stands there: Run.timeTravel.saveState() may be called. */
  onTick?: (at: number) => void;
  /** Replay: the recorded end. The run never ends by itself there: it holds (a debugger stop with
   *  StopReason "ended" and this verdict) so that a Timeline can seek back; Run.stop() ends it. */
  end?: { at: number; verdict: Verdict };
  /** Checkpoints and exceptions as they happen, for the timeline's events. */
  onEvent?: (e: { at: number; kind: "checkpoint" | "exception" | "exit"; detail: string }) => void;
}

/** A saved machine state (Run.timeTravel.saveState): the whole machine at one instruction count. */
export interface MachineState {
  readonly at: number;
  /** 4 KiB pages of each memory ("ram", "vga", "svga", "pixels") that differ from the chain's previous state. */
  readonly pages: Map<string, Map<number, Uint8Array>>;
  /** CPU, FPU, PIC, devices, clock and driver bookkeeping: plain data (arrays, typed arrays, numbers, strings). */
  readonly core: unknown;
}

/** Run.timeTravel: machine states and exact positioning of a time-travel run (BootOptions.record / timeTravel). */
export interface TimeTravelControl {
  /** Exact count of instructions executed. */
  position(): number;
  /** The whole machine now (at a debugger stop, or inside onTick). Its pages are those changed since the last save or restore. */
  saveState(): MachineState;
  /**
   * Put a saved state back (at a debugger stop of this run). `pages`: the target's bytes of every page that
   * differs between the last saved/restored state and the target (replay/timeline.ts computes them).
   */
  restoreState(state: MachineState, pages: Map<string, Map<number, Uint8Array>>): void;
  /** Run forward to exactly `count` (needs BootOptions.debug, at a stop): breakpoints, watchpoints and catches do not stop it. */
  runTo(count: number): Promise<StopReason>;
}

export interface DebugBootOptions {
  /** Stop before the first instruction; the run waits for step()/cont(). */
  startPaused?: boolean;
}

/** What `--trace` prints: exec (each instruction, like -d in_asm but per instruction), int (each exception and
 *  interrupt, like -d int), cpu (the registers before each instruction, like -d cpu), pf (page faults only). */
export type TraceEvent = "exec" | "int" | "cpu" | "pf";

export interface TraceOptions {
  events: readonly TraceEvent[];
  /** Receives each line (without "\n"). */
  sink: (line: string) => void;
  /** Names for addresses (kmain+0x12). */
  symbols?: SymbolTable;
}

export type LoaderName = "qemu" | "grub";

/**
 * A graphics mode's pixels as the guest wrote them: `bpp` bits per pixel, rows of width * bpp/8 bytes (32/24 bpp:
 * B, G, R[, X]). 8 bpp is a palette index per pixel: `palette` holds the DAC's 256 entries as R, G, B bytes.
 */
export interface Framebuffer {
  width: number;
  height: number;
  bpp: number;
  bytes: Uint8Array;
  /** 768 bytes, R G B per DAC entry (8 bits each), for 8 bpp. */
  palette?: Uint8Array;
  /** "vbe": the Bochs VBE linear framebuffer; "vga": a VGA graphics mode (mode 13h: 320x200, 256 colours). */
  source: "vbe" | "vga";
}

/** One step of BootOptions.script. */
export interface InputStep {
  /**
   * Wait until this text appears on COM1 (after the previous step's match) or newly on the 80x25 text screen;
   * omitted: go on at once.
   */
  expect?: string;
  /** How long to wait for `expect` (default 10 s; guest time under the virtual clock); then the run ends
   *  with the verdict "expect-timeout". */
  timeoutMs?: number;
  /** Then type these keys on the PS/2 keyboard. */
  keys?: string;
  /** Then write this to COM1. */
  serial?: string;
}

export interface Machine {
  readonly memoryBytes: number;
  /** First boot: fresh machine; later boots: warm reset of the same instance (RAM cleared, CPU/devices reset). */
  boot(kernel: Uint8Array, opts?: BootOptions): Run;
  /** Physical view; consistent while paused (at a checkpoint) or after the run ended. */
  readonly memory: GuestMemory;
  registers(): Registers;
  /** The 25 lines of the 80x25 text screen, read from the VGA device (not RAM), trailing spaces trimmed. */
  vgaText(): string[];
  /** The picture of a graphics mode: the Bochs VBE linear framebuffer (at 0xE0000000) while the guest has it
   *  enabled, or a VGA graphics mode (mode 13h) with its DAC palette; null in text mode. */
  vgaFramebuffer(): Framebuffer | null;
  /** Input to COM1. */
  serialWrite(data: string | Uint8Array): void;
  /** PS/2 set-1 scancodes (make + break) for text like "ls\n"; during a run held until the guest can take
   *  them (see BootOptions.keys). */
  sendKeys(keys: string): void;
  /** Raw PS/2 set-1 scancodes into the keyboard controller (a key's make code on press, make | 0x80 on release). */
  sendScancodes(codes: readonly number[]): void;
  pause(): void;
  resume(): void;
  destroy(): void;
}

export interface Run {
  /** Always resolves with exactly one verdict; never rejects for guest behaviour (only for host errors, e.g. a throwing onCheckpoint). */
  readonly result: Promise<RunResult>;
  on(event: "serial", fn: (bytes: Uint8Array) => void): void;
  on(event: "serial-line", fn: (line: string) => void): void;
  on(event: "checkpoint", fn: (cp: Checkpoint) => void): void;
  /** Bytes the guest writes to the debug console, port 0xE9. */
  on(event: "debugcon", fn: (bytes: Uint8Array) => void): void;
  /** COM1 as lines (without "\n"), from the moment lines() is called (call it right after boot to get
   *  all); a last partial line is yielded when the run ends. */
  lines(): AsyncIterable<string>;
  /** Ends the run (verdict "stopped"). */
  stop(): void;
  /** The debugger, when the run was booted with BootOptions.debug; undefined otherwise. */
  readonly debug: Debugger | undefined;
  /** Machine states and exact positioning, when booted with BootOptions.record or .timeTravel. */
  readonly timeTravel?: TimeTravelControl | undefined;
  /** The live recording, when booted with BootOptions.record. */
  readonly recording?: LiveRecording | undefined;
}

/** Run.recording: what a recorded run has recorded so far (made by the machine's Recorder). */
export interface LiveRecording {
  /** The .klrec file of everything recorded so far (the whole run once Run.result resolved). */
  bytes(): Promise<Uint8Array>;
  /** Instruction count recorded so far. */
  end(): number;
}

/**
 * What serves BootOptions.record. The emulator only drives time-travel runs (TimeTravelOptions); what a
 * recording keeps and how it is encoded is the layer above's (replay/record.ts), plugged in when the machine
 * is made (MachinePlugins.recorder; the package's createMachine, replay/machine.ts, plugs replay's in).
 * Machine.boot calls it once per recorded boot, before the first instruction; it may throw (bad RecordOptions).
 */
export type Recorder = (kernel: Uint8Array, opts: BootOptions, memoryBytes: number) => RunRecorder;

/** One recorded run, as its Recorder made it: Run.recording, and the driver's hooks that feed it. */
export interface RunRecorder extends LiveRecording {
  /** The hooks the machine's time-travel driver calls; `control` is the run's Run.timeTravel. */
  hooks(control: () => TimeTravelControl): TimeTravelOptions;
  /** The run ended (the machine calls it once, with the verdict and the instruction count). */
  finish(verdict: Verdict, at: number): void;
}

/** What the layer above plugs into a machine (emulator createMachine's second argument). */
export interface MachinePlugins {
  /** Serves BootOptions.record; without it a recorded boot throws. */
  recorder?: Recorder;
}

/** Why the machine stopped (Debugger.step/cont resolve with it; "stop" listeners get it). */
export type StopReason =
  | { kind: "step" }                                             // step(n) finished its n instructions
  | { kind: "breakpoint"; id: number; address: number }          // before executing the instruction at address (EIP)
  | { kind: "watchpoint"; id: number; access: WatchAccess; address: number; length: number;
      oldValue: Uint8Array | null; newValue: Uint8Array | null; eip: number }  // eip = the accessing instruction
  /** A caught vector, stopped before it is delivered: registers as the delivery would save them (EIP at the
   *  faulting instruction with CR2 set for a #PF, at the `int n` itself, or at the boundary an IRQ interrupts).
   *  Continuing delivers it once (step(1) stops at the handler's first instruction). `source`: a CPU exception,
   *  a software interrupt (int n, int3, into) or a hardware IRQ; `cr2` for a #PF only. */
  | { kind: "vector"; vector: number; source: "exception" | "software" | "irq"; errorCode: number | null; cr2: number | null; eip: number }
  | { kind: "control-register"; register: 0 | 2 | 3 | 4; value: number; eip: number }  // after the mov crN
  | { kind: "interrupted" }                                      // pause() was called (Ctrl-C)
  | { kind: "ended"; verdict: Verdict };                         // the run ended (exit, triple fault, halt, timeout)

export type WatchAccess = "write" | "read" | "access";

export interface FullRegisters extends Registers {
  gdtr: { base: number; limit: number };
  idtr: { base: number; limit: number };
  /** Task register and LDT selectors. */
  tr: number;
  ldtr: number;
  /** Current privilege level (0-3). */
  cpl: number;
}

/** Register names setRegister accepts: the general registers, eip, eflags, the segment selectors and cr0-cr4. */
export type WritableRegister = keyof Registers;

/**
 * Execution control of one run (Run.debug). Every method that reads or writes state may be called while the
 * machine is stopped (after a StopReason, or before the first instruction with startPaused). While stopped,
 * wall-time timeouts do not tick. Breakpoints never write into guest RAM.
 */
export interface Debugger {
  /** Resolves when the kernel is loaded and the CPU is at its first instruction (registers and memory are the run's from then on). */
  readonly ready: Promise<void>;
  /** Stop at the next instruction boundary; the pending step()/cont() resolves with "interrupted". */
  pause(): void;
  /** Execute exactly n instructions (default 1); earlier if a breakpoint, watchpoint or catch hits, or the run ends. */
  step(n?: number): Promise<StopReason>;
  /** Run until a stop. */
  cont(): Promise<StopReason>;
  readonly stopped: boolean;
  /** Stop before the instruction at a linear address or ELF symbol (needs BootOptions.debug + symbols via addBreakpoint(name) → the kernel's .symtab). */
  addBreakpoint(at: number | string): number;
  removeBreakpoint(id: number): void;
  /** Stop after an instruction that wrote (read, accessed) bytes of [start, start+length), a same-value write
   *  included: linear, or physical with `physical` (accesses through any mapping of it). */
  addWatchpoint(w: { start: number; length: number; access: WatchAccess; physical?: boolean }): number;
  removeWatchpoint(id: number): void;
  /** Stop before vector `vector` (a CPU exception, `int n` or an IRQ) is delivered; continuing delivers it once. */
  catchVector(vector: number, on?: boolean): void;
  /** Stop after each mov to CR0, CR2, CR3 or CR4. */
  catchControlRegisterWrites(on?: boolean): void;
  registers(): FullRegisters;
  /** Write a register at a stop: a WritableRegister name (other names throw). */
  setRegister(name: WritableRegister | string, value: number): void;
  /** Through the guest's current paging (or linear = physical with paging off); null when a page is unmapped. */
  readVirtual(addr: number, length: number): Uint8Array | null;
  writeVirtual(addr: number, bytes: Uint8Array): boolean;
  readPhysical(addr: number, length: number): Uint8Array | null;
  writePhysical(addr: number, bytes: Uint8Array): boolean;
  /** Exact count of guest instructions executed since boot. */
  instructions(): number;
  /** The last n (default and at most 64) instructions executed, oldest first. */
  lastInstructions(n?: number): ExecutedInstruction[];
  on(event: "stop", fn: (r: StopReason) => void): void;
}

export interface ExecutedInstruction {
  /** Linear address (CS base + EIP). */
  eip: number;
  /** Up to 15 bytes at eip as they are now (null when unmapped). */
  bytes: Uint8Array;
}

/** One exception or interrupt as the CPU raised it (QEMU -d int's `v=0e e=0002 ... CR2=...`). */
export interface ExceptionRecord {
  vector: number;
  /** "#PF", "#GP", "#DF", "IRQ 1", "int 0x80". */
  name: string;
  errorCode: number | null;
  /** The faulting instruction (for exceptions), or where the interrupt came in. */
  eip: number;
  /** CR2 at the time, for page faults. */
  cr2: number | null;
  /** Raised by kernlab's reading of the CPU rules where v86 stops short (a #DF and the triple fault v86 does not model). */
  inferred?: boolean;
  /** Why the delivery of the previous exception failed, when this one was raised by that failure. */
  cause?: string;
  /** For a #DF: the exception raised while delivering the previous one (QEMU's `check_exception ... new`). */
  causeVector?: number;
  /** Guest instructions executed when it was raised. */
  at: number;
}

/** What a crash leaves: the exception chain, the registers and the last instructions (triple fault, timeout). */
export interface CrashReport {
  exceptions: ExceptionRecord[];
  registers: FullRegisters;
  lastInstructions: ExecutedInstruction[];
  /** After a #DF: the exception its delivery raised, which made the triple fault. */
  tripleFaultCause?: number;
  /** True when v86's JIT ran compiled blocks: they are not in lastInstructions (only interpreted instructions are). */
  lastInstructionsPartial?: boolean;
}

export interface Checkpoint {
  id: number;
  name: string | null;
  registers: Registers;
  memory: GuestMemory;
  /** Guest instructions executed since boot. */
  at: number;
}

export interface RunResult {
  verdict: Verdict;
  /** Bounded tail of COM1 output (latin1 decoded). */
  serial: string;
  serialTotalBytes: number;
  /** Bounded tail (same bound as serial) of what the guest wrote to port 0xE9 (latin1 decoded). */
  debugcon: string;
  debugconTotalBytes: number;
  /** The loader personality that booted the kernel ("grub" for a Multiboot 2 kernel; null when it was not loaded). */
  loader: LoaderName | null;
  registers: Registers;
  checkpoints: { id: number; name: string | null; registers: Registers }[];
  wallMs: number;
  instructions: number;
  /** Triple faults and timeouts: the exception chain, registers and the last 64 instructions. */
  crash?: CrashReport;
}

export type Verdict =
  | { kind: "exited"; code: number }
  | { kind: "timeout"; eip: number; serialTail: string; limit: string }
  | { kind: "triple-fault"; eip: number; detail?: string /* v86's own words, e.g. "Unimplemented: #GP handler" */;
      /** The chain that led to it, first exception first (as qemu -d int,cpu_reset prints it). */
      chain?: ExceptionRecord[] }
  | { kind: "halted"; eip: number }
  | { kind: "no-multiboot-header"; reason: string }
  /** A file that is something else than a kernel: an object file (ET_REL) to link first. */
  | { kind: "not-a-kernel"; reason: string }
  | { kind: "kernel-too-large"; segment: number; end: number; memoryBytes: number }
  /** A BootOptions.script step waited `waitedMs` for `text`, which never appeared on COM1 or the screen. */
  | { kind: "expect-timeout"; text: string; waitedMs: number; eip: number; serialTail: string; screen: string[] }
  /** v86 itself failed (a WebAssembly trap with no guest exception behind it): not the guest's verdict. */
  | { kind: "emulator-error"; eip: number; message: string }
  | { kind: "stopped" };

export interface Registers {
  eax: number; ebx: number; ecx: number; edx: number; esi: number; edi: number; ebp: number; esp: number;
  eip: number; eflags: number;
  cs: number; ds: number; es: number; fs: number; gs: number; ss: number;
  cr0: number; cr2: number; cr3: number; cr4: number;
}

export interface GuestMemory {
  readonly size: number;
  u8(addr: number): number;
  u16(addr: number): number;
  u32(addr: number): number;
  /** A COPY of guest physical memory. Reads outside RAM throw RangeError. */
  bytes(addr: number, length: number): Uint8Array;
  /** Latin-1 string up to the first NUL or `max` bytes (default 4096). */
  cstring(addr: number, max?: number): string;
  write(addr: number, data: Uint8Array): void;
  writeU32(addr: number, value: number): void;
  /** Reads through the guest's own 2-level paging rooted at `cr3` (4 KiB pages and 4 MiB PSE pages). */
  virt(cr3: number): VirtualMemory;
}

/** Reads of unmapped addresses throw PageFaultError(vaddr); translate returns null instead. */
export interface VirtualMemory {
  u8(v: number): number;
  u32(v: number): number;
  bytes(v: number, length: number): Uint8Array;
  translate(v: number): number | null;
}

export interface Mapping {
  vaddr: number;
  paddr: number;
  size: number;
  present: boolean;
  writable: boolean;
  user: boolean;
  large: boolean;
  /** Set when the entry (or its page table) points outside guest RAM: the mapping is reported, not followed. */
  problem?: string;
}

export interface SymbolTable {
  lookup(addr: number): { name: string; offset: number } | null;
  /** "kmain+0x12", "kmain", or the hex address when no symbol covers it. */
  format(addr: number): string;
  address(name: string): number | null;
}

export { createMachine } from "./machine";
export { describeVerdict } from "./verdict";
export { checkMultiboot, multibootWarnings } from "./multiboot";
export { walkPageTables, PageFaultError } from "./mmu";
export { symbolTable } from "./symbols";
export { scanPaint } from "./paint";
