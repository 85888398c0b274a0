/**
 * Reads the sample kernel's probe record (`struc probe` and `struc task` in kernel/defs.inc) from guest RAM:
 * the heap top, the kernel's page directory and the task list with each process's page directory and the
 * virtual ranges of its text, data, bss, heap and stack. A kernel without a `kernlab_probe` symbol (or
 * with a wrong magic) gives null, and the lab falls back to what ELF, registers and page tables show.
 * Field offsets are derived from the field lists below, in the order defs.inc declares them (each resd 1).
 * Pure over GuestMemory; garbage (cycles, pointers outside RAM) ends the walk instead of throwing.
 */
import type { GuestMemory, SymbolTable } from "../emulator/index";

const PROBE_FIELDS = ["magic", "version", "size", "heap_start", "heap_top", "heap_end", "task_list", "task_count",
  "device_list", "kernel_pgdir"] as const;
const TASK_FIELDS = ["next", "pid", "state", "exit_code", "reason", "pgdir", "kstack", "kesp", "name", "text_va", "text_end",
  "data_va", "data_end", "bss_va", "bss_end", "heap_start", "brk", "stack_top", "stack_low"] as const;

export const PROBE_MAGIC = 0x42504c4b;
const TASK_STATES: Record<number, string> = { 1: "runnable", 2: "exited", 3: "killed" };
const TASK_REASONS: Record<number, string> = { 0: "none", 1: "exit", 2: "heap/stack collision", 3: "fault" };

const offsets = <T extends readonly string[]>(fields: T) =>
  Object.fromEntries(fields.map((f, i) => [f, i * 4])) as Record<T[number], number>;
const P = offsets(PROBE_FIELDS);
const T = offsets(TASK_FIELDS);

export interface ProbeTask {
  pid: number;
  name: string;
  state: string;
  /** Why it ended: "none" while it runs, "exit", "heap/stack collision", "fault". */
  reason: string;
  exitCode: number;
  /** Kernel virtual address of the task struct. */
  address: number;
  pgdir: number;
  text: [number, number];
  data: [number, number];
  bss: [number, number];
  heap: [number, number];
  stack: [number, number];
}

export interface ProbeView {
  heapTop: number;
  kernelPgdir: number;
  tasks: ProbeTask[];
}

/** `toPhys` maps a kernel virtual address to physical (identity for the sample kernel). */
export function readProbe(memory: GuestMemory, symbols: SymbolTable, toPhys: (v: number) => number = (v) => v): ProbeView | null {
  const at = symbols.address("kernlab_probe");
  if (at === null) return null;
  const base = toPhys(at);
  const ok = (p: number, n = 4) => p >= 0 && p + n <= memory.size;
  if (!ok(base, PROBE_FIELDS.length * 4) || memory.u32(base + P.magic) !== PROBE_MAGIC) return null;
  const u32 = (p: number) => (ok(p) ? memory.u32(p) >>> 0 : 0);
  const tasks: ProbeTask[] = [];
  const seen = new Set<number>();
  for (let t = u32(base + P.task_list); t !== 0 && tasks.length < 64 && !seen.has(t); t = u32(toPhys(t) + T.next)) {
    seen.add(t);
    const p = toPhys(t);
    if (!ok(p, TASK_FIELDS.length * 4)) break;
    const f = (name: keyof typeof T) => u32(p + T[name]);
    const namePtr = f("name");
    tasks.push({
      pid: f("pid"),
      name: namePtr && ok(toPhys(namePtr), 1) ? memory.cstring(toPhys(namePtr), 32) : "?",
      state: TASK_STATES[f("state")] ?? `state ${f("state")}`,
      reason: TASK_REASONS[f("reason")] ?? `reason ${f("reason")}`,
      exitCode: f("exit_code"),
      address: t,
      pgdir: f("pgdir"),
      text: [f("text_va"), f("text_end")],
      data: [f("data_va"), f("data_end")],
      bss: [f("bss_va"), f("bss_end")],
      heap: [f("heap_start"), f("brk")],
      stack: [f("stack_low"), f("stack_top")],
    });
  }
  return { heapTop: u32(base + P.heap_top), kernelPgdir: u32(base + P.kernel_pgdir), tasks };
}
