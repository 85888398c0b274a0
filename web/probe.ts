/**
 * The lab's view of the sample kernel's probe record: the heap top, the kernel's page directory and the task
 * list with each process's page directory and the virtual ranges of its text, data, bss, heap and stack.
 * Reading the record is kernel/probe.ts's job (field orders from kernel/defs.inc); this file only reshapes
 * it for the memory model. A kernel without a `kernlab_probe` symbol (or with a wrong magic) gives null, and
 * the lab falls back to what ELF, registers and page tables show. Pure over GuestMemory.
 */
import type { GuestMemory, SymbolTable } from "../emulator/index";
import { readProbe as readProbeRecord, readTasks, TASK_REASON, TASK_STATE } from "../kernel/probe";

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
  const probe = readProbeRecord(memory, toPhys(at));
  if (!probe) return null;
  const tasks = readTasks(memory, probe).map((t) => ({
    pid: t.pid,
    name: t.nameText,
    state: TASK_STATE[t.state] ?? `state ${t.state}`,
    reason: TASK_REASON[t.reason] ?? `reason ${t.reason}`,
    exitCode: t.exit_code | 0,
    address: t.address,
    pgdir: t.pgdir,
    text: [t.text_va, t.text_end] as [number, number],
    data: [t.data_va, t.data_end] as [number, number],
    bss: [t.bss_va, t.bss_end] as [number, number],
    heap: [t.heap_start, t.brk] as [number, number],
    stack: [t.stack_low, t.stack_top] as [number, number],
  }));
  return { heapTop: probe.heap_top, kernelPgdir: probe.kernel_pgdir, tasks };
}
