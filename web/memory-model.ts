/**
 * What the lab's memory map shows, read from the kernel ELF and the live guest: the physical regions
 * (BIOS below 1 MiB, each loaded section at its p_paddr, the heap up to its current top, free RAM, the
 * stack with ESP and its high-water mark), the address spaces found in guest RAM with their virtual maps and
 * the frames they use. Pure over GuestMemory and Registers (no DOM, no v86), so Node tests can feed it.
 * It is not the geometry (web/map-geometry.ts) nor the drawing (web/map-view.ts).
 *
 * How things are found, for kernels that know nothing of kernlab:
 *  - sections: SHF_ALLOC sections of the ELF, placed physically through the PT_LOAD that holds them;
 *  - heap: the boundary symbols __heap_start/__heap_end; its current top comes from the sample kernel's probe
 *    record (web/probe.ts), else the u32 stored at the first of HEAP_TOP_SYMBOLS the kernel defines (a
 *    kernel with neither shows the heap without a top);
 *  - stack: __stack_bottom/__stack_top and ESP; the high-water mark is the lowest word that no longer holds
 *    the paint pattern the lab wrote before entry (BootOptions.paint);
 *  - address spaces: with a probe record, the kernel's page directory and each task's (named by pid and
 *    name, its virtual map labelled text/data/bss/heap/stack from the task's ranges, present pages only);
 *    without one, CR3 when paging is on, plus every page-aligned frame of the kernel image and heap that
 *    is a page directory mapping the kernel's entry point to its physical address (each process's directory
 *    maps the kernel too). Its user pages are "its frames".
 */
import { hex } from "../core/hex";
import type { ElfFile } from "../toolchain/elf/read";
import type { GuestMemory, Mapping, Registers, SymbolTable } from "../emulator/index";
import { translate, walkPageTables } from "../emulator/mmu";
import { scanPaint } from "../emulator/paint";
import type { MapRegion } from "./map-geometry";
import { readProbe, type ProbeTask, type ProbeView } from "./probe";

const SHF_ALLOC = 0x2, SHF_WRITE = 0x1, SHF_EXECINSTR = 0x4;
const SHT_NOBITS = 8;
const PT_LOAD = 1;
const CR0_PG = 0x80000000;
const BIOS_END = 0x100000;

/** Names under which kernels keep the current heap top (a u32 variable). */
export const HEAP_TOP_SYMBOLS = ["heap_top", "kheap_top", "heap_brk", "kmalloc_top", "heap_next", "heap_ptr", "heap_end_ptr"];

/** The word the lab paints over the stack before entry to find its high-water mark (the sample report's). */
export { STACK_PAINT } from "../kernel/run";
import { STACK_PAINT } from "../kernel/run";

export interface SectionRow {
  name: string;
  vaddr: number;
  paddr: number;
  size: number;
  flags: string;
  /** true when the section's bytes in RAM equal the file (nobits: all zero); null when not checked. */
  ramMatchesFile: boolean | null;
}

export interface Marker {
  name: string;
  /** Physical address. */
  addr: number;
  kind: "esp" | "high-water" | "heap-top";
}

export interface AddressSpace {
  cr3: number;
  label: string;
  /** The task when the kernel's probe record names it. */
  task: ProbeTask | null;
  /** Present mappings, merged runs, in virtual order. */
  mappings: Mapping[];
  /** The virtual map as regions (vaddr ranges), for a strip of its own. */
  regions: MapRegion[];
  /** Physical frames of its user pages. */
  frames: MapRegion[];
}

export interface LabMemoryModel {
  ramSize: number;
  regions: MapRegion[];
  markers: Marker[];
  sections: SectionRow[];
  addressSpaces: AddressSpace[];
  heap: { start: number; end: number; top: number | null } | null;
  /** The sample kernel's probe record, when the kernel has one. */
  probe: ProbeView | null;
  stack: { bottom: number; top: number; esp: number; highWater: number | null } | null;
}

/** Physical address of a virtual address of the kernel image, through its PT_LOAD segments. */
export function kernelPaddr(elf: ElfFile, vaddr: number): number {
  for (const s of elf.segments) {
    if (s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + Math.max(s.memsz, 1)) return (s.paddr + (vaddr - s.vaddr)) >>> 0;
  }
  return vaddr >>> 0;
}

function sectionKind(name: string, flags: number): string {
  if (/^\.text/.test(name)) return "text";
  if (/^\.rodata/.test(name)) return "rodata";
  if (/^\.bss/.test(name)) return "bss";
  if (/^\.data/.test(name)) return "data";
  if (flags & SHF_EXECINSTR) return "text";
  return flags & SHF_WRITE ? "data" : "rodata";
}

function flagText(flags: number): string {
  return (flags & SHF_WRITE ? "W" : "") + (flags & SHF_ALLOC ? "A" : "") + (flags & SHF_EXECINSTR ? "X" : "");
}

export function sectionRows(elf: ElfFile, memory: GuestMemory | null): SectionRow[] {
  return elf.sections
    .filter((s) => s.flags & SHF_ALLOC && s.size > 0)
    .map((s) => {
      const paddr = kernelPaddr(elf, s.addr);
      let ramMatchesFile: boolean | null = null;
      if (memory && paddr + s.size <= memory.size) {
        const ram = memory.bytes(paddr, s.size);
        ramMatchesFile = s.type === SHT_NOBITS ? null : ram.every((b, i) => b === s.data[i]);
      }
      return { name: s.name, vaddr: s.addr >>> 0, paddr, size: s.size, flags: flagText(s.flags), ramMatchesFile };
    });
}

/** Lowest address in [bottom, top) whose word no longer holds `pattern`; null when the stack was never painted. */
export function stackHighWater(memory: GuestMemory, bottom: number, top: number, pattern = STACK_PAINT): number | null {
  if (bottom >= top || top > memory.size) return null;
  if (memory.u32(bottom) !== pattern) return null; // not painted (or overflowed entirely)
  return scanPaint(memory, { start: bottom, end: top, pattern }).lowestTouched ?? top;
}

/** Page directories in [start, end): page-aligned frames that map `probeV` to `probeP`. */
export function findPageDirectories(memory: GuestMemory, start: number, end: number, probeV: number, probeP: number, limit = 4096): number[] {
  const out: number[] = [];
  const first = (start + 0xfff) & ~0xfff;
  for (let f = first; f + 0x1000 <= Math.min(end, memory.size) && out.length < 64 && (f - first) / 0x1000 < limit; f += 0x1000) {
    if (translate(memory, f, probeV) !== probeP) continue;
    // every present PDE must point inside RAM, or this is data that happens to look like one
    let sane = true;
    for (let i = 0; i < 1024 && sane; i++) {
      const pde = memory.u32(f + i * 4);
      if (pde & 1 && !(pde & 0x80) && ((pde & ~0xfff) >>> 0) + 0x1000 > memory.size) sane = false;
    }
    if (sane) out.push(f);
  }
  return out;
}

/**
 * The virtual map of a task: each present user mapping cut by the task's named ranges (rounded out to whole
 * pages, since a page is the unit of mapping), then virtually adjacent pieces of the same name merged, so a
 * heap spread over scattered frames still reads as one "heap" band. Kernel mappings stay as they are.
 */
export function taskRegions(mappings: Mapping[], task: ProbeTask | null): MapRegion[] {
  const page = (v: number, up: boolean) => (up ? Math.ceil(v / 0x1000) : Math.floor(v / 0x1000)) * 0x1000;
  const named = (task ? [
    { name: "text", kind: "text", range: task.text }, { name: "data", kind: "data", range: task.data },
    { name: "bss", kind: "bss", range: task.bss }, { name: "heap", kind: "heap", range: task.heap },
    { name: "stack", kind: "stack", range: task.stack },
  ] : []).filter((n) => n.range[1] > n.range[0]).map((n) => ({ ...n, range: [page(n.range[0], false), page(n.range[1], true)] as const }));
  const pieces: (MapRegion & { paddr: number; pages: number })[] = [];
  for (const m of mappings) {
    if (!m.user || m.problem || named.length === 0) { pieces.push({ ...virtualRegions([m])[0]!, paddr: m.paddr, pages: m.size / 0x1000 }); continue; }
    const cuts = new Set<number>([m.vaddr, m.vaddr + m.size]);
    for (const n of named) for (const e of n.range) if (e > m.vaddr && e < m.vaddr + m.size) cuts.add(e);
    const edges = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < edges.length; i++) {
      const start = edges[i]!, end = edges[i + 1]!;
      const n = named.find((x) => start >= x.range[0] && start < x.range[1]);
      pieces.push({ name: n ? n.name : `user ${m.writable ? "rw" : "ro"}`, start, end, kind: n ? n.kind : "other",
        paddr: m.paddr + (start - m.vaddr), pages: (end - start) / 0x1000 });
    }
  }
  const out: MapRegion[] = [];
  let run: (MapRegion & { paddr: number; pages: number }) | null = null;
  const flush = () => {
    if (!run) return;
    const { paddr, pages, ...r } = run;
    out.push({ ...r, note: r.note ?? (pages === 1 ? `→ ${hex(paddr)}` : `${pages} pages from ${hex(paddr)}`) });
    run = null;
  };
  for (const p of pieces) {
    if (run && run.end === p.start && run.name === p.name && run.kind === p.kind && !run.note && !p.note) {
      run.end = p.end;
      run.pages += p.pages;
    } else {
      flush();
      run = { ...p };
    }
  }
  flush();
  return out;
}

function virtualRegions(mappings: Mapping[]): MapRegion[] {
  return mappings.map((m) => ({
    name: `${m.user ? "user" : "kernel"} ${m.writable ? "rw" : "ro"}${m.vaddr === m.paddr ? " (identity)" : ""}`,
    start: m.vaddr,
    end: m.vaddr + m.size,
    kind: m.problem ? "other" : m.user ? (m.writable ? "data" : "text") : "reserved",
    note: m.problem ?? `→ ${hex(m.paddr)}`,
  }));
}

/** Physical frames of every address space's user pages, sorted, adjacent frames of one owner merged. */
export function frameRuns(spaces: readonly AddressSpace[]): MapRegion[] {
  const frames = spaces.flatMap((s) => s.frames.map((f) => ({ owner: s.task ? `pid ${s.task.pid} ${s.task.name}` : s.label, start: f.start, end: f.end })))
    .sort((a, b) => a.start - b.start);
  const out: MapRegion[] = [];
  for (const f of frames) {
    const last = out[out.length - 1];
    if (last && last.name === `${f.owner} frames` && last.end === f.start) last.end = f.end;
    else if (!last || f.start >= last.end) out.push({ name: `${f.owner} frames`, start: f.start, end: f.end, kind: "process" });
  }
  return out;
}

export interface ModelInput {
  elf: ElfFile;
  symbols: SymbolTable;
  memory: GuestMemory;
  registers: Registers;
}

export function buildMemoryModel({ elf, symbols, memory, registers }: ModelInput): LabMemoryModel {
  const ramSize = memory.size;
  const sym = (name: string): number | null => symbols.address(name);
  const phys = (v: number) => kernelPaddr(elf, v);
  const regions: MapRegion[] = [];
  const markers: Marker[] = [];
  const sections = sectionRows(elf, memory);
  const kernelLow = sections.reduce((m, s) => Math.min(m, s.paddr), BIOS_END);
  regions.push({ name: "BIOS + bootloader (reserved)", start: 0, end: Math.min(BIOS_END, kernelLow), kind: "reserved" });
  for (const s of sections) {
    const sec = elf.sections.find((x) => x.name === s.name)!;
    regions.push({ name: s.name, start: s.paddr, end: s.paddr + s.size, kind: sectionKind(s.name, sec.flags) });
  }

  const probe: ProbeView | null = readProbe(memory, symbols, phys);
  let heap: LabMemoryModel["heap"] = null;
  const hs = sym("__heap_start"), he = sym("__heap_end");
  if (hs !== null && he !== null && he > hs) {
    let top: number | null = probe && probe.heapTop >= hs && probe.heapTop <= he ? probe.heapTop : null;
    for (const name of top === null ? HEAP_TOP_SYMBOLS : []) {
      const at = sym(name);
      if (at === null) continue;
      const p = phys(at);
      if (p + 4 > ramSize) continue;
      const v = memory.u32(p);
      if (v >= hs && v <= he) { top = v; break; }
    }
    heap = { start: phys(hs), end: phys(he), top: top === null ? null : phys(top) };
    const used = heap.top ?? heap.end;
    regions.push({ name: "heap ↑", start: heap.start, end: Math.max(used, heap.start + 1), kind: "heap",
      ...(heap.top !== null ? { note: `top ${hex(heap.top)}` } : {}) });
    if (heap.top !== null && heap.top < heap.end) regions.push({ name: "heap (unused)", start: heap.top, end: heap.end, kind: "free" });
    if (heap.top !== null) markers.push({ name: "heap top", addr: heap.top, kind: "heap-top" });
  }

  let stack: LabMemoryModel["stack"] = null;
  const sb = sym("__stack_bottom"), st = sym("__stack_top");
  if (sb !== null && st !== null && st > sb) {
    const bottom = phys(sb), top = phys(st);
    const esp = registers.cr0 & CR0_PG ? (translate(memory, registers.cr3, registers.esp) ?? registers.esp) : registers.esp;
    const highWater = stackHighWater(memory, bottom, top);
    stack = { bottom, top, esp, highWater };
    regions.push({ name: "stack ↓", start: bottom, end: top, kind: "stack", note: `ESP ${hex(esp)}` });
    if (esp >= bottom && esp <= top) markers.push({ name: "ESP", addr: esp, kind: "esp" });
    if (highWater !== null) markers.push({ name: "high-water", addr: highWater, kind: "high-water" });
  }

  // Address spaces: the probe's kernel and task page directories; else the live CR3 and page directories
  // found inside the kernel image and heap.
  const spaces: { cr3: number; label: string; task: ProbeTask | null }[] = [];
  const liveCr3 = registers.cr0 & CR0_PG ? (registers.cr3 & ~0xfff) >>> 0 : null;
  const mark = (cr3: number) => (cr3 === liveCr3 ? " (current CR3)" : "");
  if (probe && (probe.kernelPgdir || probe.tasks.length)) {
    if (probe.kernelPgdir) spaces.push({ cr3: probe.kernelPgdir, label: `kernel${mark(probe.kernelPgdir)}`, task: null });
    for (const t of probe.tasks) {
      if (t.pgdir && t.pgdir + 0x1000 <= ramSize) spaces.push({ cr3: t.pgdir, label: `pid ${t.pid} ${t.name} (${t.state})${mark(t.pgdir)}`, task: t });
    }
  } else {
    if (liveCr3 !== null) spaces.push({ cr3: liveCr3, label: "current CR3", task: null });
    const scanEnd = heap ? heap.end : sections.reduce((m, s) => Math.max(m, s.paddr + s.size), 0);
    for (const f of findPageDirectories(memory, kernelLow, scanEnd, elf.entry, phys(elf.entry))) {
      if (!spaces.some((s) => s.cr3 === f)) spaces.push({ cr3: f, label: "page directory", task: null });
    }
  }
  const addressSpaces: AddressSpace[] = spaces.map(({ cr3, label, task }) => {
    const mappings = walkPageTables(memory, cr3);
    const owner = task ? `pid ${task.pid} ${task.name}` : label;
    const frames = mappings.filter((m) => m.user && !m.problem)
      .map((m) => ({ name: `frames of ${owner}`, start: m.paddr, end: m.paddr + m.size, kind: "process", note: `v ${hex(m.vaddr)}` }));
    return { cr3, label: `${label} CR3=${hex(cr3)}`, task, mappings, regions: taskRegions(mappings, task), frames };
  });
  // Each process's frames join the physical map as regions of their own (adjacent frames of one owner merged),
  // so a few 4 KiB pages in 14 MiB of free RAM still get a visible band.
  regions.push(...frameRuns(addressSpaces));
  return { ramSize, regions, markers, sections, addressSpaces, heap, stack, probe };
}

/** What the guest's RAM held at kernel entry (the first checkpoint): .bss all zero, .data equal to the file. */
export interface EntryEvidence {
  bssZero: boolean;
  dataMatches: boolean;
  /** "checkpoint 1 (entry)" or similar. */
  at: string;
}

export function entryEvidence(elf: ElfFile, memory: GuestMemory, at: string): EntryEvidence {
  let bssZero = true, dataMatches = true;
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.size === 0) continue;
    const p = kernelPaddr(elf, s.addr);
    if (p + s.size > memory.size) continue;
    const ram = memory.bytes(p, s.size);
    if (s.type === SHT_NOBITS) { if (!ram.every((b) => b === 0)) bssZero = false; }
    else if (s.flags & SHF_WRITE && !ram.every((b, i) => b === s.data[i])) dataMatches = false;
  }
  return { bssZero, dataMatches, at };
}
