/**
 * The host-side view of a kernel's memory that `kernlab inspect` and the console's Ctrl-A M share: regions
 * for the seed's map from the ELF (allocated sections at their physical load addresses), the boundary
 * symbols (__heap_start…, __stack_bottom/__stack_top) and live registers (ESP, CR3); page-table ranges. It reads no RAM itself except through the GuestMemory it is given,
 * and does not draw (core/memory-map.ts does).
 */
import { hex } from "../../core/hex";
import type { ElfFile } from "../../toolchain/elf/read";
import { SHF_ALLOC, SHT_NOBITS, PT_LOAD } from "../../toolchain/elf/elf32";
import type { MapRegion } from "../../core/memory-map";
import { STACK_SYMBOLS } from "../../verify/report";
import type { GuestMemory, Mapping, Registers, SymbolTable } from "../../emulator/index";
import { readProbe, readTasks, TASK_REASON, TASK_STATE, type ProbeRecord } from "../../kernel/probe";

/**
 * The kernel heap's current top, when the kernel publishes a `kernlab_probe` record (the sample kernel
 * does; magic "KLPB") and the value lies inside [__heap_start, __heap_end]; otherwise null.
 */
export function liveHeapTop(elf: ElfFile, syms: SymbolTable, memory: GuestMemory): number | null {
  const probe = probeAt(elf, syms, memory);
  const start = syms.address("__heap_start"), end = syms.address("__heap_end");
  if (!probe || start === null || end === null) return null;
  return probe.heap_top >= start && probe.heap_top <= end ? probe.heap_top : null;
}

function probeAt(elf: ElfFile, syms: SymbolTable, memory: GuestMemory): ProbeRecord | null {
  const at = syms.address("kernlab_probe");
  if (at === null) return null;
  try {
    return readProbe(memory, physicalAddress(elf, at));
  } catch {
    return null;
  }
}

export interface ProcessView {
  pid: number;
  name: string;
  state: string;
  /** The process's page directory: pass it to `inspect --cr3`. */
  cr3: number;
  text: number;
  heap: { start: number; brk: number };
  stack: { low: number; top: number };
}

/** User processes from the probe record's task list (the sample kernel's); empty for other kernels. */
export function liveProcesses(elf: ElfFile, syms: SymbolTable, memory: GuestMemory): ProcessView[] {
  const probe = probeAt(elf, syms, memory);
  if (!probe) return [];
  try {
    return readTasks(memory, probe).filter((t) => t.pid !== 0).map((t) => ({
      pid: t.pid,
      name: t.nameText,
      state: (TASK_STATE[t.state] ?? `state ${t.state}`) + (t.state === 3 ? ` (${TASK_REASON[t.reason] ?? t.reason})` : t.state === 2 ? ` (code ${t.exit_code})` : ""),
      cr3: t.pgdir,
      text: t.text_va,
      heap: { start: t.heap_start, brk: t.brk },
      stack: { low: t.stack_low, top: t.stack_top },
    }));
  } catch {
    return [];
  }
}

export function formatProcesses(list: readonly ProcessView[]): string {
  return list.map((p) =>
    `pid ${String(p.pid).padEnd(3)} ${p.name.padEnd(10)} ${p.state.padEnd(30)} CR3 ${hex(p.cr3)}  text ${hex(p.text)}  ` +
    `heap ${hex(p.heap.start)}-${hex(p.heap.brk)} ↑  stack ${hex(p.stack.low)}-${hex(p.stack.top)} ↓`).join("\n") + (list.length ? "\n" : "");
}

/** sh_addr → physical load address through the PT_LOAD segment that holds it (identity when none). */
export function physicalAddress(elf: ElfFile, vaddr: number): number {
  for (const p of elf.segments) {
    if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr < p.vaddr + Math.max(p.memsz, 1)) return (p.paddr + (vaddr - p.vaddr)) >>> 0;
  }
  return vaddr >>> 0;
}

function kindOf(name: string): string {
  if (name.startsWith(".text")) return "text";
  if (name.startsWith(".rodata")) return "rodata";
  if (name.startsWith(".data")) return "data";
  if (name.startsWith(".bss")) return "bss";
  if (name.startsWith(".multiboot")) return "text";
  return "data";
}

export interface KernelView {
  regions: MapRegion[];
  /** Lines printed under the map: boundary symbols found, ESP, CR3. */
  facts: { label: string; value: string }[];
}

/**
 * The regions of physical memory for the seed's drawing. `registers` is null when the kernel was not booted.
 * Boundary symbols give the heap and stack when present; ESP marks where the stack is now.
 */
export function kernelView(elf: ElfFile, syms: SymbolTable, memoryBytes: number, registers: Registers | null, heapTop: number | null = null): KernelView {
  const regions: MapRegion[] = [{ name: "BIOS + bootloader (reserved)", start: 0, end: 0x100000, kind: "reserved" }];
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.size === 0) continue;
    const start = physicalAddress(elf, s.addr);
    const note = start !== s.addr >>> 0 ? `vaddr ${hex(s.addr)}` : s.type === SHT_NOBITS ? "zeroed at load" : undefined;
    regions.push({ name: s.name, start, end: start + s.size, kind: kindOf(s.name), ...(note ? { note } : {}) });
  }
  const at = (n: string) => syms.address(n);
  const facts: { label: string; value: string }[] = [];
  const boundary: { label: string; value: string }[] = [];
  const heapStart = at("__heap_start"), heapEnd = at("__heap_end");
  if (heapStart !== null && heapEnd !== null && heapEnd > heapStart) {
    const p = physicalAddress(elf, heapStart);
    if (heapTop !== null && heapTop > heapStart && heapTop < heapEnd) {
      const used = heapTop - heapStart;
      regions.push({ name: "heap", start: p, end: p + used, kind: "heap", note: `top ${hex(heapTop)}` });
      regions.push({ name: "heap, not yet allocated", start: p + used, end: p + (heapEnd - heapStart), kind: "free" });
    } else {
      regions.push({ name: "heap", start: p, end: p + (heapEnd - heapStart), kind: "heap", ...(heapTop === heapStart ? { note: "empty" } : heapTop === heapEnd ? { note: "full" } : {}) });
    }
    if (heapTop !== null) facts.push({ label: "heap top", value: `${hex(heapTop)} (${heapTop - heapStart} B allocated)` });
  }
  const stackPair = STACK_SYMBOLS.find(([b, t]) => at(b) !== null && at(t) !== null);
  const stackBottom = stackPair ? at(stackPair[0]) : null, stackTop = stackPair ? at(stackPair[1]) : null;
  const esp = registers?.esp;
  if (stackBottom !== null && stackTop !== null && stackTop > stackBottom) {
    const p = physicalAddress(elf, stackBottom);
    const inStack = esp !== undefined && esp >= stackBottom && esp <= stackTop;
    regions.push({
      name: "stack", start: p, end: p + (stackTop - stackBottom), kind: "stack",
      ...(inStack ? { note: `ESP ${hex(esp)}, ${stackTop - esp} B used` } : {}),
    });
  }
  for (const n of ["__text_start", "__text_end", "__data_start", "__data_end", "__bss_start", "__bss_end", "__heap_start", "__heap_end", ...(stackPair ?? ["__stack_bottom", "__stack_top"]), "__kernel_end"]) {
    const v = at(n);
    if (v !== null) boundary.push({ label: n, value: hex(v) });
  }
  facts.unshift(...boundary);
  if (registers) {
    facts.push({ label: "EIP", value: `${hex(registers.eip)} <${syms.format(registers.eip)}>` });
    facts.push({ label: "ESP", value: hex(registers.esp) });
    facts.push({ label: "CR3", value: `${hex(registers.cr3)} (paging ${registers.cr0 & 0x80000000 ? "on" : "off"})` });
  }
  // Free RAM above everything placed, up to the top of guest memory.
  const top = Math.max(...regions.map((r) => r.end));
  if (memoryBytes > top) regions.push({ name: "free memory", start: top, end: memoryBytes, kind: "free" });
  return { regions, facts };
}

export interface PageRange {
  vaddr: number;
  paddr: number;
  size: number;
  flags: string;
  problem?: string;
}

/** Present mappings as printable ranges (walkPageTables already merges contiguous runs). */
export function pageRanges(mappings: readonly Mapping[]): PageRange[] {
  return mappings.filter((m) => m.present).map((m) => ({
    vaddr: m.vaddr, paddr: m.paddr, size: m.size,
    flags: `${m.writable ? "rw" : "r-"} ${m.user ? "user" : "kernel"}${m.large ? " 4M" : ""}`,
    ...(m.problem ? { problem: m.problem } : {}),
  }));
}

export function formatPageRanges(ranges: readonly PageRange[]): string {
  if (ranges.length === 0) return "(no present mappings)\n";
  return ranges.map((r) => {
    const vEnd = r.vaddr + r.size - 1, pEnd = r.paddr + r.size - 1;
    return `${hex(r.vaddr)}-${hex(vEnd)} → ${hex(r.paddr)}-${hex(pEnd)}  ${r.flags}${r.problem ? `  ⚠ ${r.problem}` : ""}`;
  }).join("\n") + "\n";
}
