/**
 * Reading the sample kernel's records from guest RAM: the probe record at `kernlab_probe`, the task
 * structs on its task list, the kernel heap's alloc log and the device-info list. Field orders are those
 * of `struc probe`, `struc task`, `struc alloc_entry` and `struc device` in kernel/defs.inc (every field
 * a dword; test/kernel/probe-layout.test.ts checks the two agree). Documented in kernel/PROBE.md.
 * Pure over a GuestMemory; not the proofs (kernel/proofs.ts).
 */
import type { GuestMemory } from "../emulator/index";

export const PROBE_MAGIC = 0x42504c4b; // "KLPB"
export const PROBE_VERSION = 1;

export const PROBE_FIELDS = [
  "magic", "version", "size", "heap_start", "heap_top", "heap_end", "task_list", "task_count", "device_list",
  "kernel_pgdir", "alloc_log", "alloc_count", "alloc_capacity", "esp_depth1", "esp_depth2", "esp_depth3", "ticks",
  "switches", "collision_pid", "collision_brk", "collision_stack_low", "collision_tick", "stack_guard",
  "frames_total", "frames_free", "frame_bitmap", "failures", "user_text_base", "user_stack_top", "mbi",
  "kernel_task", "phase",
] as const;
export const TASK_FIELDS = [
  "next", "pid", "state", "exit_code", "reason", "pgdir", "kstack", "kesp", "name", "text_va", "text_end",
  "data_va", "data_end", "bss_va", "bss_end", "heap_start", "brk", "stack_top", "stack_low", "ticks_run",
  "exit_tick", "syscalls", "frames", "exit_order",
] as const;
export const ALLOC_FIELDS = ["addr", "size", "kind", "prev_top"] as const;
export const DEVICE_FIELDS = ["next", "name", "io_base", "irq", "param"] as const;

export type ProbeRecord = Record<(typeof PROBE_FIELDS)[number], number>;
export type TaskRecord = Record<(typeof TASK_FIELDS)[number], number> & { address: number; nameText: string };
export type AllocRecord = Record<(typeof ALLOC_FIELDS)[number], number> & { kindName: string; freed: boolean };
export type DeviceRecord = Record<(typeof DEVICE_FIELDS)[number], number> & { address: number; nameText: string };

export const TASK_STATE: Record<number, string> = { 1: "runnable", 2: "exited", 3: "killed" };
export const TASK_REASON: Record<number, string> = { 0: "none", 1: "exit", 2: "heap/stack collision", 3: "fault" };
export const ALLOC_KIND: Record<number, string> = {
  0: "other", 1: "task struct", 2: "page directory", 3: "page table", 4: "device info", 5: "kernel stack (task)", 6: "shell",
};
const KIND_FREED = 0x80;
const MAX_LIST = 256;

function readFields<const F extends readonly string[]>(memory: GuestMemory, at: number, fields: F): Record<F[number], number> {
  const out = {} as Record<F[number], number>;
  fields.forEach((f, i) => {
    out[f as F[number]] = memory.u32(at + i * 4) >>> 0;
  });
  return out;
}

const fits = (memory: GuestMemory, at: number, n: number) => at > 0 && at + n <= memory.size;

/** The probe record at `address`, or null when the magic or the version is not ours or it lies outside RAM. */
export function readProbe(memory: GuestMemory, address: number): ProbeRecord | null {
  if (!fits(memory, address, PROBE_FIELDS.length * 4)) return null;
  const p = readFields(memory, address, PROBE_FIELDS);
  return p.magic === PROBE_MAGIC && p.version === PROBE_VERSION ? p : null;
}

/** The task list, in list order; stops at a null, a cycle, or a pointer outside RAM. */
export function readTasks(memory: GuestMemory, probe: ProbeRecord): TaskRecord[] {
  const tasks: TaskRecord[] = [];
  const seen = new Set<number>();
  for (let t = probe.task_list; t !== 0 && !seen.has(t) && tasks.length < MAX_LIST; ) {
    if (!fits(memory, t, TASK_FIELDS.length * 4)) break;
    seen.add(t);
    const f = readFields(memory, t, TASK_FIELDS);
    tasks.push({ ...f, address: t, nameText: fits(memory, f.name, 1) ? memory.cstring(f.name, 32) : "?" });
    t = f.next;
  }
  return tasks;
}

export function readAllocLog(memory: GuestMemory, probe: ProbeRecord): AllocRecord[] {
  const n = Math.min(probe.alloc_count, probe.alloc_capacity);
  const out: AllocRecord[] = [];
  if (!fits(memory, probe.alloc_log, n * 16)) return out;
  for (let i = 0; i < n; i++) {
    const f = readFields(memory, probe.alloc_log + i * 16, ALLOC_FIELDS);
    out.push({ ...f, kindName: ALLOC_KIND[f.kind & ~KIND_FREED] ?? `kind ${f.kind}`, freed: (f.kind & KIND_FREED) !== 0 });
  }
  return out;
}

export function readDevices(memory: GuestMemory, probe: ProbeRecord): DeviceRecord[] {
  const out: DeviceRecord[] = [];
  const seen = new Set<number>();
  for (let d = probe.device_list; d !== 0 && !seen.has(d) && out.length < MAX_LIST; ) {
    if (!fits(memory, d, DEVICE_FIELDS.length * 4)) break;
    seen.add(d);
    const f = readFields(memory, d, DEVICE_FIELDS);
    out.push({ ...f, address: d, nameText: fits(memory, f.name, 1) ? memory.cstring(f.name, 32) : "?" });
    d = f.next;
  }
  return out;
}
