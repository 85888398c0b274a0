/**
 * The emulator's public surface: boot a multiboot v1 kernel in v86 (Node or browser), watch COM1, pause at
 * guest checkpoints, read guest RAM physically and through the guest's page tables, and end every run in
 * exactly one Verdict. Everything else in emulator/ is internal; nothing outside emulator/ imports v86.
 * This file holds types and re-exports only; it does not import Node built-ins (the browser bundles it).
 *
 * Guest protocol (ports):
 *   out 0xF4, al                      → the run ends with verdict exited(al). Under QEMU with
 *                                       `-device isa-debug-exit,iobase=0xf4,iosize=0x04` the same write makes
 *                                       qemu exit with status (al << 1) | 1; kernlab reports al itself.
 *   mov dx, 0x5F0 ; out dx, eax       → checkpoint(eax): the machine pauses synchronously after the `out`;
 *                                       onCheckpoint/"checkpoint" listeners see registers and RAM as they are.
 *
 * Boot state (kernlab plays GRUB, see loader.ts): EAX = 0x2BADB002, EBX = multiboot info (mem, mmap, cmdline,
 * modules, loader name), flat 32-bit protected mode with kernlab's GDT (CS 0x08, data 0x10), paging off,
 * IF = 0, ESP = 0 (set your own stack). PS/2 keyboard scanning is enabled, as a BIOS leaves it.
 *
 * Determinism: the instruction counter and instruction-count timeouts are exact for a guest that never enables
 * interrupts. With the default clock ("realtime") v86's timers (PIT, RTC) run on host wall time, so a guest that
 * takes timer interrupts sees them at host-dependent instructions; with `clock: "virtual"` they run on guest
 * time derived from the instruction count, and the whole run repeats exactly.
 */

/** Guest writes the exit code (a byte) here: QEMU's isa-debug-exit port. */
export const EXIT_PORT = 0xf4;
/** Guest writes a 32-bit checkpoint id here; the machine pauses until the harness resumes it. */
export const CHECKPOINT_PORT = 0x5f0;

export interface MachineOptions {
  /** Guest RAM in MiB (default 32). */
  memoryMiB?: number;
  /** A precompiled v86 WebAssembly module (browser: compile once from the URL/bytes you serve). */
  wasmModule?: WebAssembly.Module;
  /** The bytes of v86.wasm, compiled once per process and cached (browser alternative to wasmModule). */
  wasmBytes?: Uint8Array;
  /**
   * v86's x86→wasm JIT. Default false: the interpreter runs 20-40 M instructions/s from the first instruction,
   * which suits short test kernels and warm reboots. true: hot loops reach ~1 G instructions/s, but only after
   * a warm-up of 100+ ms per boot (compiled blocks are dropped at every reset); use it for long-running guests.
   */
  jit?: boolean;
}

export interface BootOptions {
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
  /** Fill guest physical ranges [start, end) with a u32 pattern before entry (stack painting). */
  paint?: { start: number; end: number; pattern: number }[];
  /** How much of COM1 output RunResult.serial keeps (default 64 KiB); serialTotalBytes counts it all. */
  serialTailBytes?: number;
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
  /** Input to COM1. */
  serialWrite(data: string | Uint8Array): void;
  /** PS/2 set-1 scancodes (make + break) for text like "ls\n". */
  sendKeys(keys: string): void;
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
  /** COM1 as lines (without "\n"), from the moment lines() is called (call it right after boot to get
   *  all); a last partial line is yielded when the run ends. */
  lines(): AsyncIterable<string>;
  /** Ends the run (verdict "stopped"). */
  stop(): void;
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
  registers: Registers;
  checkpoints: { id: number; name: string | null; registers: Registers }[];
  wallMs: number;
  instructions: number;
}

export type Verdict =
  | { kind: "exited"; code: number }
  | { kind: "timeout"; eip: number; serialTail: string; limit: string }
  | { kind: "triple-fault"; eip: number; detail?: string /* v86's own words, e.g. "Unimplemented: #GP handler" */ }
  | { kind: "halted"; eip: number }
  | { kind: "no-multiboot-header"; reason: string }
  | { kind: "kernel-too-large"; segment: number; end: number; memoryBytes: number }
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
