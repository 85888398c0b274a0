/**
 * The lab's proof table: the nine claims of the sample kernel's report (issue 7: BIOS area, section
 * placement, .bss at entry, heap, stack, free gap, per-process maps, collision, physical ownership), checked
 * live in the page against the memory model (web/memory-model.ts) with their evidence in real addresses.
 * A claim the running guest has not reached yet (no collision so far, no entry checkpoint seen) fails with
 * "not observed yet", never passes by default. The Node report (kernel/, verify/) remains the authority; this
 * is the same reading, redrawn while the guest runs. Pure: model in, rows out.
 */
import { bytes, hex } from "../core/hex";
import type { ElfFile } from "../toolchain/elf/read";
import type { EntryEvidence, LabMemoryModel } from "./memory-model";

export interface ProofRow {
  number: number;
  name: string;
  pass: boolean;
  evidence: string;
}

type Claim = { name: string; pass: boolean; evidence: string };

interface Owned { owner: string; start: number; end: number }

/** Pairs of physical ranges owned by two different owners that overlap. */
export function doubleOwnership(owned: readonly Owned[]): [Owned, Owned][] {
  const sorted = [...owned].filter((o) => o.end > o.start).sort((a, b) => a.start - b.start);
  const out: [Owned, Owned][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.start < sorted[i]!.end; j++) {
      if (sorted[j]!.owner !== sorted[i]!.owner) out.push([sorted[i]!, sorted[j]!]);
    }
  }
  return out;
}

export function proofsFor(model: LabMemoryModel, elf: ElfFile, entry: EntryEvidence | null = null): ProofRow[] {
  const find = (name: string) => model.sections.find((s) => s.name === name);
  const text = find(".text"), data = find(".data"), bss = find(".bss");
  const { heap, stack, probe } = model;
  const claims: Claim[] = [];
  const lowest = Math.min(...model.sections.map((s) => s.paddr));

  claims.push({ name: "below 1 MiB is left to BIOS and bootloader", pass: model.sections.length > 0 && lowest >= 0x100000,
    evidence: `lowest loaded section at ${hex(lowest)}` });

  const loaded = model.sections.filter((s) => s.ramMatchesFile !== null && !/data/.test(s.name));
  const inOrder = !!(text && data && bss && text.paddr < data.paddr && data.paddr < bss.paddr);
  claims.push({ name: ".text at 0x00100000, then .data, .bss; code in RAM equals the ELF",
    pass: text?.paddr === 0x100000 && inOrder && loaded.every((s) => s.ramMatchesFile),
    evidence: `${[text, data, bss].map((s) => (s ? `${s.name} ${hex(s.paddr)}` : "missing")).join(" < ")}; ${loaded.map((s) => `${s.name} ${s.ramMatchesFile ? "=" : "≠"} file`).join(", ")}` });

  claims.push(entry
    ? { name: ".bss zero and .data initialised at entry", pass: entry.bssZero && entry.dataMatches,
      evidence: `at ${entry.at}: .bss ${entry.bssZero ? "all zero" : "NOT zero"}, .data ${entry.dataMatches ? "equals the file" : "differs from the file"}` }
    : { name: ".bss zero and .data initialised at entry", pass: false, evidence: "not observed yet (no entry checkpoint seen)" });

  if (heap && bss) {
    const tasksIn = probe ? probe.tasks.filter((t) => t.address >= heap.start && t.address < heap.end && t.pgdir >= heap.start && t.pgdir < heap.end) : [];
    const n = probe?.tasks.length ?? 0;
    claims.push({ name: "heap above .bss, grows up, holds the task structs and page directories",
      pass: heap.start >= bss.paddr + bss.size && heap.top !== null && heap.top > heap.start && tasksIn.length === n,
      evidence: `.bss ends ${hex(bss.paddr + bss.size)}, heap ${hex(heap.start)}, top ${heap.top === null ? "unknown" : hex(heap.top)}; ${tasksIn.length}/${n} tasks (struct + page directory) inside the heap` });
  } else claims.push({ name: "heap above .bss, grows up, holds the task structs and page directories", pass: false, evidence: "no __heap_start/__heap_end or .bss" });

  claims.push(stack
    ? { name: "stack grows down from __stack_top; ESP and high-water inside it",
      pass: stack.esp >= stack.bottom && stack.esp <= stack.top && stack.highWater !== null && stack.highWater >= stack.bottom,
      evidence: `stack [${hex(stack.bottom)}, ${hex(stack.top)}), ESP ${hex(stack.esp)}, high-water ${stack.highWater === null ? "unknown" : `${hex(stack.highWater)} (${bytes(stack.top - stack.highWater)} used)`}` }
    : { name: "stack grows down from __stack_top; ESP and high-water inside it", pass: false, evidence: "no __stack_bottom/__stack_top" });

  if (heap && stack) {
    const deepest = stack.highWater ?? stack.esp;
    const top = heap.top ?? heap.end;
    claims.push({ name: "free memory between the heap top and the stack's deepest use", pass: top <= deepest && heap.end <= stack.bottom,
      evidence: `heap top ${hex(top)} … ${bytes(Math.max(0, deepest - top))} … deepest stack use ${hex(deepest)}` });
  } else claims.push({ name: "free memory between the heap top and the stack's deepest use", pass: false, evidence: "no heap or stack" });

  const processes = model.addressSpaces.filter((s) => s.task);
  const procProblems: string[] = [];
  for (const s of processes) {
    const names = new Set(s.regions.map((r) => r.name));
    for (const need of ["text", "stack"]) if (!names.has(need)) procProblems.push(`pid ${s.task!.pid} has no ${need} mapped`);
    for (const m of s.mappings) {
      if (!m.user) continue;
      const inText = m.vaddr >= s.task!.text[0] && m.vaddr < s.task!.text[1];
      if (inText && m.writable) procProblems.push(`pid ${s.task!.pid} text ${hex(m.vaddr)} is writable`);
    }
  }
  claims.push(processes.length
    ? { name: "each process maps text/data/bss/heap/stack with the right flags", pass: procProblems.length === 0,
      evidence: procProblems.join("; ") || processes.map((s) => `pid ${s.task!.pid} ${s.task!.name}: ${[...new Set(s.regions.filter((r) => r.kind !== "reserved").map((r) => r.name))].join("/")}`).join("; ") }
    : { name: "each process maps text/data/bss/heap/stack with the right flags", pass: false, evidence: "no process found yet" });

  const collided = probe?.tasks.find((t) => t.reason === "heap/stack collision");
  claims.push(collided
    ? { name: "the colliding process is killed, the others go on", pass: collided.state === "killed",
      evidence: `pid ${collided.pid} ${collided.name}: ${collided.state} (${collided.reason}); others: ${probe!.tasks.filter((t) => t !== collided).map((t) => `${t.pid} ${t.state}`).join(", ")}` }
    : { name: "the colliding process is killed, the others go on", pass: false, evidence: "not observed yet (no task has ended by collision)" });

  const owned: Owned[] = [];
  for (const s of model.sections) owned.push({ owner: "kernel image", start: s.paddr, end: s.paddr + s.size });
  if (heap) owned.push({ owner: "kernel heap", start: heap.start, end: heap.top ?? heap.end });
  if (stack) owned.push({ owner: "kernel stack", start: stack.bottom, end: stack.top });
  for (const s of processes) for (const f of s.frames) owned.push({ owner: `pid ${s.task!.pid}`, start: f.start, end: f.end });
  owned.push({ owner: "BIOS", start: 0, end: 0x100000 });
  const clashes = doubleOwnership(owned);
  claims.push({ name: "kernel and every process share RAM with no double ownership", pass: clashes.length === 0 && processes.length > 0,
    evidence: clashes.length ? clashes.slice(0, 3).map(([a, b]) => `${a.owner} and ${b.owner} both own ${hex(Math.max(a.start, b.start))}`).join("; ")
      : `${owned.length} owned ranges, ${processes.reduce((n, s) => n + s.frames.reduce((m, f) => m + (f.end - f.start) / 4096, 0), 0)} process frames, no overlap` });

  void elf;
  return claims.map((c, i) => ({ number: i + 1, ...c }));
}
