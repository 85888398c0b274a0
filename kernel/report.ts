/**
 * The sample kernel's report: the seed's memory pictures with real addresses (the kernel's physical
 * memory, then each process's virtual address space), followed by the nine proofs as pass/fail lines with
 * their evidence; and the same as one JSON-ready object. Drawing is core/memory-map.ts's drawMemoryMap; this
 * file only chooses the regions. Pure: no I/O. Not the proofs (kernel/proofs.ts) nor the CLI.
 */
import { bytes, hex } from "../core/hex";
import { describeVerdict } from "../emulator/index";
import { drawMemoryMap, type MapRegion } from "../core/memory-map";
import { SHF_ALLOC } from "../toolchain/elf/elf32";
import { physicalOwners, SampleFacts, type PhysicalRange, type Proof } from "./proofs";
import { readProbe, readTasks, TASK_REASON, TASK_STATE, type TaskRecord } from "./probe";
import type { SampleRun } from "./run";

const MIB = 0x10_0000;
const up = (n: number) => (Math.ceil(n / 0x1000) * 0x1000) >>> 0;

export interface Timings { buildMs: number; bootMs: number; proveMs: number }

export interface SampleReport {
  ok: boolean;
  proofs: Proof[];
  verdict: string;
  kernel: MapRegion[];
  processes: { pid: number; name: string; state: string; reason: string; pgdir: number; regions: MapRegion[] }[];
  physical: PhysicalRange[];
  timings: Timings | null;
}

/** The kernel's physical memory at the final checkpoint (or the last one reached). */
export function kernelRegions(run: SampleRun): MapRegion[] {
  const f = new SampleFacts(run);
  const s = (n: string) => run.symbols.get(n) ?? 0;
  const regions: MapRegion[] = [{ name: "BIOS + bootloader (reserved)", start: 0, end: MIB, kind: "reserved" }];
  // Each section with the alignment padding after it, up to the next one (or the page end after .bss).
  const placed = run.layout.sections
    .map((spec) => run.elf.sections.find((x) => x.name === spec.name && (x.flags & SHF_ALLOC) !== 0))
    .filter((sec): sec is NonNullable<typeof sec> => sec !== undefined && sec.size > 0)
    .sort((a, b) => a.addr - b.addr);
  placed.forEach((sec, i) => {
    const next = placed[i + 1];
    const end = next ? Math.max(next.addr, sec.addr + sec.size) : Math.max(up(sec.addr + sec.size), sec.addr + sec.size);
    const padding = end - (sec.addr + sec.size);
    regions.push({ name: sec.name, start: sec.addr, end, kind: sec.name.slice(1), note: padding > 0 ? `${bytes(sec.size)} + ${bytes(padding)} padding` : undefined });
  });
  const snap = run.checkpoints.final ?? run.checkpoints["collision-handled"] ?? run.checkpoints["processes-created"] ?? run.checkpoints["heap-ready"];
  const probe = snap ? readProbe(snap.memory, s("kernlab_probe")) : null;
  const heapStart = s("__heap_start"), heapEnd = s("__heap_end"), bottom = s("__stack_bottom"), top = s("__stack_top");
  const heapTop = probe?.heap_top ?? heapStart;
  regions.push({ name: "kernel heap (tasks, page tables, devices)", start: heapStart, end: heapTop, kind: "heap", note: `top ${hex(heapTop)}` });
  regions.push({ name: "free (heap room)", start: heapTop, end: heapEnd, kind: "free" });
  const guard = run.constants.STACK_GUARD_SIZE;
  regions.push({ name: "guard page (unmapped)", start: bottom, end: bottom + guard, kind: "reserved" });
  const deepest = snap ? f.stackDeepest(snap) : null;
  const low = deepest ?? top;
  regions.push({ name: "free (stack room)", start: bottom + guard, end: low, kind: "free" });
  regions.push({ name: "kernel stack", start: low, end: top, kind: "stack", note: `high water ${hex(low)}` });
  if (snap) {
    const owners = physicalOwners(f, snap, null).filter((r) => r.kind === "process");
    if (owners.length > 0) {
      const start = Math.min(...owners.map((r) => r.start)), end = Math.max(...owners.map((r) => r.end));
      const frames = owners.reduce((n, r) => n + (r.end - r.start) / 0x1000, 0);
      const pids = [...new Set(owners.map((r) => r.owner.replace(/^pid (\d+).*/, "$1")))].join(", ");
      regions.push({ name: `user pages of pids ${pids}`, start, end, kind: "process", note: `${frames} frames` });
    }
    regions.push({ name: "free frames", start: Math.max(top, ...owners.map((r) => r.end)), end: snap.memory.size, kind: "free" });
  }
  return regions.filter((r) => r.end > r.start);
}

/** One process's virtual address space, from its task struct. */
export function processRegions(t: TaskRecord): MapRegion[] {
  return [
    { name: ".text (r-x)", start: t.text_va, end: up(t.text_end), kind: "text" },
    { name: ".data (rw-)", start: t.data_va, end: up(t.data_end), kind: "data" },
    { name: ".bss (rw-)", start: t.bss_va, end: up(t.bss_end), kind: "bss" },
    { name: "heap (sbrk)", start: t.heap_start, end: Math.max(t.heap_start + 1, up(t.brk)), kind: "heap", note: `break ${hex(t.brk)}` },
    { name: "unmapped: free for heap and stack", start: Math.max(t.heap_start + 1, up(t.brk)), end: t.stack_low, kind: "free" },
    { name: "stack", start: t.stack_low, end: t.stack_top, kind: "stack", note: `top ${hex(t.stack_top)}` },
  ].filter((r) => r.end > r.start);
}

export function buildReport(run: SampleRun, proofs: Proof[], timings: Timings | null = null): SampleReport {
  const snap = run.checkpoints.final ?? run.checkpoints["collision-handled"] ?? run.checkpoints["processes-created"];
  const probe = snap ? readProbe(snap.memory, run.symbols.get("kernlab_probe") ?? 0) : null;
  const tasks = snap && probe ? readTasks(snap.memory, probe) : [];
  return {
    ok: proofs.length === 9 && proofs.every((p) => p.pass),
    proofs,
    verdict: describeVerdict(run.verdict),
    kernel: kernelRegions(run),
    processes: tasks.map((t) => ({
      pid: t.pid, name: t.nameText, state: TASK_STATE[t.state] ?? String(t.state), reason: TASK_REASON[t.reason] ?? String(t.reason),
      pgdir: t.pgdir, regions: processRegions(t),
    })),
    physical: snap ? physicalOwners(new SampleFacts(run), snap, null) : [],
    timings,
  };
}

export interface FormatOptions { color?: boolean; width?: number }

/** The text report: pictures, then the proofs. */
export function formatReport(r: SampleReport, opts: FormatOptions = {}): string {
  const color = opts.color ?? false;
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const width = opts.width ?? 52;
  const out: string[] = [];
  out.push(c("1", "kernlab sample: the kernel memory layout (docs/memory-layout.md), built by kernlab, booted in v86, proven from guest RAM"), "");
  out.push(c("1", "Kernel: physical memory at the final checkpoint (top address at the top)"));
  out.push(drawMemoryMap(r.kernel, { width, color }));
  for (const p of r.processes) {
    out.push(c("1", `Process pid ${p.pid} (${p.name}, ${p.state}${p.state === "killed" ? `: ${p.reason}` : ""}): virtual memory, page directory ${hex(p.pgdir)}`));
    out.push(drawMemoryMap(p.regions, { width, color }));
  }
  out.push(c("1", "Proofs (from guest RAM and registers)"));
  for (const p of r.proofs) {
    const mark = p.pass ? c("32", "PASS") : c("31", "FAIL");
    out.push(`${mark} ${p.number}. ${p.name}`);
    for (const e of p.evidence) out.push(`       ${e}`);
    for (const e of p.failures) out.push(`       ${c("31", "✗ " + e)}`);
  }
  const passed = r.proofs.filter((p) => p.pass).length;
  const t = r.timings ? ` (build ${r.timings.buildMs.toFixed(0)} ms, boot ${r.timings.bootMs.toFixed(0)} ms, proofs ${r.timings.proveMs.toFixed(0)} ms)` : "";
  out.push("", (r.ok ? c("32", `${passed}/9 proofs pass`) : c("31", `${passed}/9 proofs pass`)) + `; guest ${r.verdict}${t}`);
  return out.join("\n") + "\n";
}

