/**
 * The layout report: what a kernel's layout REALLY is, from its ELF plus guest RAM and registers at a moment
 * of a run (a checkpoint, or the end). Every loaded section with vaddr/paddr/size/align/flags and whether RAM
 * holds the file's bytes; the boundary symbols; heap and stack ranges with growth evidence; the stack
 * high-water mark by painting; page-table mappings per CR3; the physical ownership map.
 *
 * Works for kernels that know nothing about kernlab: everything beyond the ELF is optional and missing facts
 * are null, never guessed. This file only gathers facts; judging them is rules.ts, freezing them snapshot.ts.
 * The result is plain JSON-serialisable data (numbers, strings, booleans, null, arrays, objects).
 */
import { hex } from "../core/hex";
import { PT_LOAD, SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_WRITE, SHT_NOBITS } from "../toolchain/elf/elf32";
import { readElf, symbolByName, type ElfFile } from "../toolchain/elf/read";
import type { Layout, LinkMap } from "../toolchain/link/index";
import { pageCachedMemory } from "./page-cache";
import { scanPaint, walkPageTables, type GuestMemory, type Registers, type Verdict } from "../emulator/index";

/** Guest state at one moment: a checkpoint's registers and RAM (the machine paused), or the end of a run. */
export interface MachineState {
  registers: Registers;
  memory: GuestMemory;
}

/** Stack painting as given to `machine.boot(…, { paint })`: [start, end) filled with a u32 pattern. */
export interface PaintSpec {
  start: number;
  end: number;
  pattern: number;
}

export interface ReportInput {
  elf: Uint8Array | ElfFile;
  fileName?: string;
  /** The layout the kernel was linked from (kernlab's own); recorded for rulesFromLayout and the picture. */
  layout?: Layout;
  /** The link map (kernlab's linker); its symbols stand in when the ELF is stripped. */
  map?: LinkMap;
  /** The moment the report describes (registers + RAM). Without it the report is the ELF's claims only. */
  snapshot?: MachineState;
  /** Registers + RAM at kernel entry (the first checkpoint), for bssZeroAtEntry and growth comparisons. */
  entrySnapshot?: MachineState;
  /** More symbols to report besides the boundary symbols (e.g. "kmain"). */
  symbols?: string[];
  /** Address spaces to walk. Default: the snapshot's CR3 when CR0.PG is set. */
  cr3s?: number[];
  /** The painted stack range (see BootOptions.paint); gives the high-water mark. */
  paint?: PaintSpec;
  /** Stack range for kernels without __stack_bottom/__stack_top (or stack_bottom/stack_top) symbols. */
  stack?: { bottom: number; top: number };
  /** Heap range for kernels without __heap_start/__heap_end; `topSymbol` names a u32 variable holding the break. */
  heap?: { start?: number; end?: number; topSymbol?: string };
}

export interface ReportSection {
  name: string;
  vaddr: number;
  paddr: number;
  size: number;
  align: number;
  type: "progbits" | "nobits";
  /** readelf-style sh_flags: W (write), A (alloc), X (execute), M (merge), S (strings). */
  flags: string;
  /** progbits: RAM at paddr holds the file's bytes; nobits: RAM is all zero. null without a snapshot. */
  matchesFile: boolean | null;
  /** First physical address where RAM differs (null when it matches or is unknown). */
  firstMismatch: number | null;
  /** nobits only: all zero in the entry snapshot (null when unknown or progbits). */
  zeroAtEntry: boolean | null;
}

export interface HeapFacts {
  start: number;
  end: number;
  /** The current break read from RAM (via heap.topSymbol), or null. */
  top: number | null;
  topAtEntry: number | null;
  source: string;
}

export interface StackFacts {
  bottom: number;
  top: number;
  /** ESP at the snapshot and at entry (null when unknown). */
  esp: number | null;
  espAtEntry: number | null;
  /** Painting evidence: lowest and highest touched addresses in the painted range, or null. */
  painted: { start: number; end: number; lowestTouched: number | null; highestTouched: number | null } | null;
  /** Bytes used below the top at the deepest point (painting), or null when not painted. */
  highWater: number | null;
  source: string;
}

export interface AddressSpace {
  cr3: number;
  mappings: { vaddr: number; paddr: number; size: number; writable: boolean; user: boolean; large: boolean; problem?: string }[];
  /** Physical frames holding the page directory and its page tables. */
  tableFrames: number[];
}

export interface PhysicalOwner {
  start: number;
  end: number;
  owner: string;
  kind: string;
}

/** How the run went, when the report came from a boot (verify/run.ts). */
export interface RunFacts {
  verdict: Verdict;
  /** The checkpoint ids the kernel reached, in order. */
  checkpoints: number[];
  /** Where the report was taken: a checkpoint id or "end". */
  at: number | "end";
  /** The asked-for checkpoint was never reached (the report is then taken at the end). */
  missedCheckpoint: number | null;
  serialTail: string;
}

export interface LayoutReport {
  format: "kernlab-layout-report/1";
  kernel: { fileName: string; entry: number };
  sections: ReportSection[];
  /** Symbol name → value, for the boundary symbols present and the ones asked for. */
  symbols: Record<string, number>;
  heap: HeapFacts | null;
  stack: StackFacts | null;
  registers: Registers | null;
  entryRegisters: Registers | null;
  pageTables: AddressSpace[];
  physical: PhysicalOwner[];
  /** Guest RAM size in bytes, when a snapshot was given. */
  memoryBytes: number | null;
  /** The layout the kernel was linked from, when given. */
  layout: Layout | null;
  /** Present when the report came from runAndReport. */
  run?: RunFacts;
}

/** The probe record of kernel/PROBE.md: magic "KLPB" at +0, the heap break at +16. */
const PROBE_SYMBOL = "kernlab_probe";
const PROBE_MAGIC = 0x42504c4b;
const PROBE_HEAP_TOP = 16;

/** The symbol pairs that name a kernel stack, in the order they are tried: kernlab's boundary symbols, then the OSDev Bare Bones names. */
export const STACK_SYMBOLS = [["__stack_bottom", "__stack_top"], ["stack_bottom", "stack_top"]] as const;

const BOUNDARY_FIXED = ["__heap_start", "__heap_end", "__stack_bottom", "__stack_top", "__kernel_end"];
const CR0_PG = 0x8000_0000;

export function sectionFlags(sh_flags: number): string {
  let s = "";
  if (sh_flags & SHF_WRITE) s += "W";
  if (sh_flags & SHF_ALLOC) s += "A";
  if (sh_flags & SHF_EXECINSTR) s += "X";
  if (sh_flags & SHF_MERGE) s += "M";
  if (sh_flags & SHF_STRINGS) s += "S";
  return s;
}

/** The kind of a section for the physical map and the picture. */
export function sectionKind(name: string, flags: string, type: "progbits" | "nobits"): string {
  if (type === "nobits") return "bss";
  if (flags.includes("X")) return "text";
  if (/rodata/.test(name) || !flags.includes("W")) return "rodata";
  return "data";
}

/** vaddr → paddr through the PT_LOAD segment that holds it; identity when none does. */
function physOf(elf: ElfFile, vaddr: number): number {
  for (const seg of elf.segments) {
    if (seg.type === PT_LOAD && vaddr >= seg.vaddr && vaddr < seg.vaddr + Math.max(seg.memsz, 1)) return (vaddr - seg.vaddr + seg.paddr) >>> 0;
  }
  // Outside every segment (heap, stack past the image): assume the offset of the last segment (higher-half kernels).
  const loads = elf.segments.filter((s) => s.type === PT_LOAD);
  const last = loads[loads.length - 1];
  return last ? (vaddr - last.vaddr + last.paddr) >>> 0 : vaddr;
}

function inRam(mem: GuestMemory, addr: number, len: number): boolean {
  return addr >= 0 && len >= 0 && addr + len <= mem.size;
}

function firstDifference(mem: GuestMemory, paddr: number, expected: Uint8Array | null, size: number): number | null {
  if (!inRam(mem, paddr, size)) return paddr + Math.max(0, mem.size - paddr);
  const got = mem.bytes(paddr, size);
  for (let i = 0; i < size; i++) {
    if (got[i] !== (expected ? expected[i] : 0)) return paddr + i;
  }
  return null;
}

/** First nonzero byte of [paddr, paddr+size) outside the painted range, or null. */
function firstNonZero(mem: GuestMemory, paddr: number, size: number, paint: PaintSpec | undefined): number | null {
  if (!paint || paint.end <= paddr || paint.start >= paddr + size) return firstDifference(mem, paddr, null, size);
  const below = paint.start > paddr ? firstDifference(mem, paddr, null, paint.start - paddr) : null;
  if (below !== null) return below;
  const from = Math.min(paddr + size, paint.end);
  return from < paddr + size ? firstDifference(mem, from, null, paddr + size - from) : null;
}

function symbolValue(elf: ElfFile, map: LinkMap | undefined, name: string): number | null {
  const s = symbolByName(elf, name);
  if (s) return s.value;
  const m = map?.symbols.find((x) => x.name === name);
  return m ? m.value : null;
}

function u32At(state: MachineState | undefined, paddr: number): number | null {
  if (!state || !inRam(state.memory, paddr, 4)) return null;
  return state.memory.u32(paddr);
}


function tableFrames(mem: GuestMemory, cr3: number): number[] {
  const pd = (cr3 & ~0xfff) >>> 0;
  if (!inRam(mem, pd, 4096)) return [];
  const out = [pd];
  for (let i = 0; i < 1024; i++) {
    const pde = mem.u32(pd + i * 4);
    if ((pde & 1) && !(pde & 0x80)) {
      const pt = (pde & ~0xfff) >>> 0;
      if (inRam(mem, pt, 4096) && !out.includes(pt)) out.push(pt);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Build the report. Pure with respect to the guest: reads RAM, never writes it. */
export function buildLayoutReport(input: ReportInput): LayoutReport {
  const elf = input.elf instanceof Uint8Array ? readElf(input.elf, input.fileName ?? "<kernel>") : input.elf;
  // Every small read goes through a page cache: one bulk copy per 4 KiB page instead of a host call per read.
  const snap = input.snapshot ? { registers: input.snapshot.registers, memory: pageCachedMemory(input.snapshot.memory) } : undefined;
  const entry = input.entrySnapshot ? { registers: input.entrySnapshot.registers, memory: pageCachedMemory(input.entrySnapshot.memory) } : undefined;

  // Sections: every SHF_ALLOC section with a size, in address order.
  const sections: ReportSection[] = elf.sections
    .filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0)
    .map((s) => {
      const type = s.type === SHT_NOBITS ? "nobits" as const : "progbits" as const;
      const paddr = physOf(elf, s.addr);
      const diff = snap ? firstDifference(snap.memory, paddr, type === "nobits" ? null : s.data, s.size) : null;
      // The harness painted the stack before entry; a stack inside .bss (Bare Bones) is not the kernel's doing.
      const entryDiff = entry && type === "nobits" ? firstNonZero(entry.memory, paddr, s.size, input.paint) : null;
      return {
        name: s.name, vaddr: s.addr, paddr, size: s.size, align: Math.max(1, s.addralign), type, flags: sectionFlags(s.flags),
        matchesFile: snap ? diff === null : null,
        firstMismatch: diff,
        zeroAtEntry: entry && type === "nobits" ? entryDiff === null : null,
      };
    })
    .sort((a, b) => a.vaddr - b.vaddr || a.name.localeCompare(b.name));

  // Symbols: boundary symbols that exist, then the ones asked for.
  const wanted = [
    ...sections.flatMap((s) => {
      const stem = "__" + s.name.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
      return [stem + "_start", stem + "_end"];
    }),
    ...BOUNDARY_FIXED,
    ...(input.layout ? input.layout.sections.flatMap((s) => {
      const stem = "__" + s.name.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
      return [stem + "_start", stem + "_end"];
    }) : []),
    ...(input.symbols ?? []),
  ];
  const symbols: Record<string, number> = {};
  for (const name of wanted) {
    if (name in symbols) continue;
    const v = symbolValue(elf, input.map, name);
    if (v !== null) symbols[name] = v;
  }

  // Heap.
  let heap: HeapFacts | null = null;
  const hs = input.heap?.start ?? symbolValue(elf, input.map, "__heap_start");
  const he = input.heap?.end ?? symbolValue(elf, input.map, "__heap_end");
  if (hs !== null && he !== null) {
    let top: number | null = null, topAtEntry: number | null = null;
    const topSym = input.heap?.topSymbol;
    if (topSym) {
      const addr = symbolValue(elf, input.map, topSym);
      if (addr !== null) {
        top = u32At(snap, physOf(elf, addr));
        topAtEntry = u32At(entry, physOf(elf, addr));
      }
    }
    let source = input.heap?.start !== undefined ? "input" : "symbols" + (topSym ? ` (break in ${topSym})` : "");
    // kernlab's sample kernel (and any kernel that adopts kernel/PROBE.md) publishes its break in a probe record.
    const probe = symbolValue(elf, input.map, PROBE_SYMBOL);
    if (top === null && probe !== null) {
      const p = physOf(elf, probe);
      if (u32At(snap, p) === PROBE_MAGIC) { top = u32At(snap, p + PROBE_HEAP_TOP); source += " (break in the probe record)"; }
      if (u32At(entry, p) === PROBE_MAGIC) topAtEntry = u32At(entry, p + PROBE_HEAP_TOP);
    }
    heap = { start: hs, end: he, top, topAtEntry, source };
  }

  // Stack: input, kernlab boundary symbols, then the OSDev Bare Bones names.
  let stack: StackFacts | null = null;
  let range: { bottom: number; top: number; source: string } | null = input.stack ? { ...input.stack, source: "input" } : null;
  if (!range) {
    for (const [b, t] of STACK_SYMBOLS) {
      const bv = symbolValue(elf, input.map, b), tv = symbolValue(elf, input.map, t);
      if (bv !== null && tv !== null) { range = { bottom: bv, top: tv, source: `symbols ${b}/${t}` }; break; }
    }
  }
  if (!range && input.paint) range = { bottom: input.paint.start, top: input.paint.end, source: "painted range" };
  if (range) {
    let painted: StackFacts["painted"] = null;
    let highWater: number | null = null;
    if (input.paint && snap) {
      const scan = scanPaint(snap.memory, input.paint);
      painted = { start: input.paint.start, end: input.paint.end, ...scan };
      // The paint is physical; the stack range is virtual: measure from the painted top.
      highWater = scan.lowestTouched === null ? 0 : input.paint.end - scan.lowestTouched;
    }
    stack = {
      bottom: range.bottom, top: range.top, esp: snap ? snap.registers.esp : null, espAtEntry: entry ? entry.registers.esp : null,
      painted, highWater, source: range.source,
    };
  }

  // Page tables.
  const cr3s = input.cr3s ?? (snap && (snap.registers.cr0 & CR0_PG) ? [snap.registers.cr3] : []);
  const pageTables: AddressSpace[] = snap ? cr3s.map((cr3) => ({
    cr3,
    mappings: walkPageTables(snap.memory, cr3).filter((m) => m.present || m.problem).map((m) => {
      const out: AddressSpace["mappings"][number] = { vaddr: m.vaddr, paddr: m.paddr, size: m.size, writable: m.writable, user: m.user, large: m.large };
      if (m.problem) out.problem = m.problem;
      return out;
    }),
    tableFrames: tableFrames(snap.memory, cr3),
  })) : [];

  // Physical ownership.
  const physical: PhysicalOwner[] = [{ start: 0, end: 0x100000, owner: "BIOS + bootloader (reserved)", kind: "reserved" }];
  for (const s of sections) physical.push({ start: s.paddr, end: s.paddr + s.size, owner: s.name, kind: sectionKind(s.name, s.flags, s.type) });
  if (heap && heap.end > heap.start) physical.push({ start: physOf(elf, heap.start), end: physOf(elf, heap.start) + (heap.end - heap.start), owner: "heap", kind: "heap" });
  if (stack && stack.top > stack.bottom) {
    const inSection = sections.some((s) => stack!.bottom >= s.vaddr && stack!.top <= s.vaddr + s.size);
    if (!inSection) physical.push({ start: physOf(elf, stack.bottom), end: physOf(elf, stack.bottom) + (stack.top - stack.bottom), owner: "stack", kind: "stack" });
  }
  for (const as of pageTables) {
    for (const f of as.tableFrames) {
      physical.push({ start: f, end: f + 0x1000, owner: f === ((as.cr3 & ~0xfff) >>> 0) ? `page directory (CR3 ${hex(as.cr3)})` : `page table (CR3 ${hex(as.cr3)})`, kind: "pagetable" });
    }
    for (const m of as.mappings) {
      if (m.user && !m.problem) physical.push({ start: m.paddr, end: m.paddr + m.size, owner: `user pages (CR3 ${hex(as.cr3)})`, kind: "process" });
    }
  }
  physical.sort((a, b) => a.start - b.start || b.end - a.end || a.owner.localeCompare(b.owner));

  return {
    format: "kernlab-layout-report/1",
    kernel: { fileName: elf.fileName, entry: elf.entry },
    sections, symbols, heap, stack,
    registers: snap ? { ...snap.registers } : null,
    entryRegisters: entry ? { ...entry.registers } : null,
    pageTables, physical,
    memoryBytes: snap ? snap.memory.size : null,
    layout: input.layout ?? null,
  };
}

/** The regions of a report for drawMemoryMap (physical view): sections, heap, stack, low memory, free RAM. */
export function reportRegions(report: LayoutReport): { name: string; start: number; end: number; kind: string; note?: string }[] {
  const out: { name: string; start: number; end: number; kind: string; note?: string }[] = [];
  for (const p of report.physical) {
    if (p.kind === "process" || p.kind === "pagetable") continue;
    const r: { name: string; start: number; end: number; kind: string; note?: string } = { name: p.owner, start: p.start, end: p.end, kind: p.kind };
    if (p.kind === "heap" && report.heap?.top != null) r.note = `top ${hex(report.heap.top)}`;
    if (p.kind === "stack" && report.stack?.esp != null) r.note = `ESP ${hex(report.stack.esp)}`;
    out.push(r);
  }
  if (report.memoryBytes !== null) {
    const top = Math.max(...out.map((r) => r.end));
    if (top < report.memoryBytes) out.push({ name: "free memory", start: top, end: report.memoryBytes, kind: "free" });
  }
  return out;
}

