/**
 * Output: program headers as ld makes them (PT_LOAD per run of sections with one VMA−LMA delta, split at
 * page gaps and at read-only → writable page changes; PT_GNU_STACK), file offsets congruent to addresses
 * modulo the page size, section headers, .symtab/.strtab/.shstrtab, and the ELF32 ET_EXEC header; or a flat
 * binary (ld's --oformat binary: loadable bytes from the lowest LMA). Decides no addresses.
 */
import {
  EHDR_SIZE, ELFCLASS32, ELFDATA2LSB, EM_386, ET_EXEC, EV_CURRENT, PF_R, PF_W, PF_X, PHDR_SIZE, PT_LOAD, PT_NOTE, SHDR_SIZE, SHF_ALLOC,
  SHF_EXECINSTR, SHF_TLS, SHF_WRITE, SHN_ABS, SHT_NOBITS, SHT_NOTE, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_SECTION, SYM_SIZE,
} from "../../elf/elf32";
import type { Diagnostic } from "../../../core/diagnostics";
import { bfdTraversal } from "./bfd-hash";
import { layoutUserSegments, type UserSegment } from "./phdrs";
import { outputBfd, SEC_ALLOC, SEC_CODE, SEC_LOAD, SEC_READONLY, SEC_THREAD_LOCAL } from "./orphans";
import { globalAddress, sectionAddress } from "./relocate";
import type { SymbolTable } from "./resolve";
import { alignUp, LINKER_CREATED, type GlobalSymbol, type ObjectFile, type OutputSection } from "./types";

export const PT_GNU_STACK = 0x6474e551;
const PT_GNU_PROPERTY = 0x6474e553;


export interface Segment {
  type: number; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: number; align: number; sections: OutputSection[]; headers?: boolean;
  /** A header of the script's PHDRS command: the file layout is bfd's for user program headers (phdrs.ts). */
  user?: UserSegment;
}

/** The script's PHDRS headers as Segments, laid out (section file offsets set); diagnostics go to errors/warnings. */
export function userSegments(sections: OutputSection[], segs: UserSegment[], maxPageSize: number, errors: Diagnostic[], warnings: Diagnostic[]): Segment[] {
  const { headers } = layoutUserSegments(sections, segs, maxPageSize, errors, warnings);
  return headers.map((h, i) => ({ ...h, user: segs[i]! }));
}

/** Group allocated output sections into PT_LOAD segments (bfd's _bfd_elf_map_sections_to_segments, static case). */
export function buildSegments(sections: OutputSection[], maxPageSize: number, execStack: boolean, gnuStack: boolean, loadHeaders = false): Segment[] {
  // gnuStack: some input has .note.GNU-stack (ld emits PT_GNU_STACK only then); execStack: RWX.
  const alloc = sections.filter((s) => s.flags & SHF_ALLOC).slice().sort((a, b) => a.paddr - b.paddr || a.vaddr - b.vaddr);
  const loads: Segment[] = [];
  let cur: Segment | null = null;
  let last: OutputSection | null = null;
  let writable = false;
  let executable = false;
  const page = maxPageSize;
  const down = (v: number) => Math.floor(v / page) * page;
  for (const s of alloc) {
    let fresh = cur === null;
    if (!fresh && last) {
      const lastSize = last.type === SHT_NOBITS && s.type !== SHT_NOBITS ? last.size : last.size;
      if (last.paddr - last.vaddr !== s.paddr - s.vaddr) fresh = true;
      else if (alignUp(last.paddr + lastSize, page) < alignUp(s.paddr, page) && alignUp(last.paddr + lastSize, page) < down(s.paddr)) fresh = true;
      else if (alignUp(last.paddr + lastSize, page) < alignUp(s.paddr, page)) fresh = true;
      else if (!writable && (s.flags & SHF_WRITE) && down(last.paddr + Math.max(lastSize, 1) - 1) !== down(s.paddr)) fresh = true;
      // -z separate-code (ld's default on x86): code and non-code do not share a segment unless they share a page.
      else if (executable !== ((s.flags & SHF_EXECINSTR) !== 0) && down(last.paddr + Math.max(lastSize, 1) - 1) !== down(s.paddr)) fresh = true;
    }
    if (fresh) {
      cur = { type: PT_LOAD, offset: 0, vaddr: s.vaddr, paddr: s.paddr, filesz: 0, memsz: 0, flags: PF_R, align: page, sections: [] };
      loads.push(cur);
      writable = false;
      executable = (s.flags & SHF_EXECINSTR) !== 0;
    }
    cur!.sections.push(s);
    if (s.flags & SHF_WRITE) { writable = true; cur!.flags |= PF_W; }
    if (s.flags & SHF_EXECINSTR) { cur!.flags |= PF_X; executable = true; }
    last = s;
  }
  // bfd: a PT_LOAD is aligned to the page size or to its most aligned section, whichever is larger.
  for (const seg of loads) seg.align = Math.max(page, ...seg.sections.map((s) => s.align));
  // A PT_NOTE per run of adjacent loaded SHT_NOTE sections of one alignment (bfd: after the loads).
  const notes: Segment[] = [];
  const noted = sections.filter((s) => (s.flags & SHF_ALLOC) && s.type === SHT_NOTE);
  for (let i = 0; i < noted.length; i++) {
    const run = [noted[i]!];
    while (i + 1 < noted.length) {
      const prev = run[run.length - 1]!, next = noted[i + 1]!;
      if (next.align !== prev.align || sections.indexOf(next) !== sections.indexOf(prev) + 1 || alignUp(prev.paddr + prev.size, prev.align) !== next.paddr) break;
      run.push(next);
      i++;
    }
    // bfd: R, plus W and X when a section in it is writable or code (a script-made `.note.x : { s = .; LONG(1) }` is WA).
    const flags = run.reduce((f, s) => f | (s.flags & SHF_WRITE ? PF_W : 0) | (s.flags & SHF_EXECINSTR ? PF_X : 0), PF_R);
    notes.push({ type: PT_NOTE, offset: 0, vaddr: run[0]!.vaddr, paddr: run[0]!.paddr, filesz: 0, memsz: 0, flags, align: run[0]!.align, sections: run });
  }
  // PT_GNU_PROPERTY for the merged .note.gnu.property (bfd: after the notes, before PT_GNU_STACK).
  const property = sections.find((s) => s.name === ".note.gnu.property" && (s.flags & SHF_ALLOC) && s.size > 0);
  if (property) notes.push({ type: PT_GNU_PROPERTY, offset: 0, vaddr: property.vaddr, paddr: property.paddr, filesz: 0, memsz: 0, flags: PF_R, align: property.align, sections: [property] });
  const out: Segment[] = [];
  // The ELF and program headers get loaded when they fit in the first section's page before it (ld's
  // phdr_in_segment); with a code section first they get a PT_LOAD of their own on the previous page.
  const first = alloc[0];
  const phdrCount = loads.length + notes.length + (gnuStack ? 1 : 0);
  let phdrSize = 52 + 32 * (phdrCount + 1);
  if (first && (first.paddr % page >= phdrSize || (loadHeaders && first.paddr >= phdrSize))) {
    let phdrLma = first.paddr - phdrSize;
    let separate = (first.flags & SHF_EXECINSTR) !== 0;
    if (separate && down(phdrLma + phdrSize - 1) === down(first.paddr)) {
      if (phdrLma >= page) phdrLma -= page; else separate = false;
    }
    if (separate) {
      out.push({ type: PT_LOAD, offset: 0, vaddr: down(first.vaddr - phdrSize), paddr: down(phdrLma), filesz: phdrSize, memsz: phdrSize, flags: PF_R, align: page, sections: [], headers: true });
    } else {
      phdrSize = 52 + 32 * phdrCount;
      loads[0]!.headers = true;
    }
  }
  // Nothing loaded (every section collected or discarded): ld writes no program headers at all.
  if (!loads.length) return [];
  out.push(...loads, ...notes);
  if (gnuStack) out.push({ type: PT_GNU_STACK, offset: 0, vaddr: 0, paddr: 0, filesz: 0, memsz: 0, flags: PF_R | PF_W | (execStack ? PF_X : 0), align: 0x10, sections: [] });
  return out;
}

/** Assign file offsets to segments and sections; returns the end offset of allocated contents. */
export function assignFileOffsets(sections: OutputSection[], segments: Segment[], maxPageSize: number): number {
  if (segments[0]?.user) {
    const { headers, end } = layoutUserSegments(sections, segments.map((s) => s.user!), maxPageSize, null, null);
    headers.forEach((h, i) => Object.assign(segments[i]!, h));
    return placeUnloaded(sections, end);
  }
  let off = EHDR_SIZE + PHDR_SIZE * segments.length;
  for (const seg of segments) {
    if (seg.type !== PT_LOAD) continue;
    if (seg.headers && seg.sections.length === 0) continue;
    // From the first section's addresses (not the segment's, which loaded headers move): this may run twice.
    const base = seg.sections[0]!;
    seg.vaddr = base.vaddr; seg.paddr = base.paddr;
    // The file offset is congruent to the address modulo the segment's alignment (at least the page size).
    const align = Math.max(maxPageSize, seg.align);
    const bias = (((seg.vaddr - off) % align) + align) % align;
    off += bias;
    seg.offset = off;
    let fileEnd = 0;
    let memEnd = 0;
    for (const s of seg.sections) {
      if (s.type !== SHT_NOBITS) {
        s.fileOffset = seg.offset + (s.paddr - seg.paddr);
        fileEnd = Math.max(fileEnd, s.paddr - seg.paddr + s.size);
      } else s.fileOffset = seg.offset + fileEnd;
      memEnd = Math.max(memEnd, s.vaddr - seg.vaddr + s.size);
    }
    seg.filesz = fileEnd;
    seg.memsz = memEnd;
    off = seg.offset + fileEnd;
    if (seg.sections.every((s) => s.type === SHT_NOBITS)) {
      // A bss-only PT_LOAD takes no file space; ld reports its offset modulo the page size.
      for (const s of seg.sections) s.fileOffset = seg.offset;
      off = seg.offset - bias;
      seg.offset = seg.offset % align;
    }
    if (seg.headers) {
      // Headers loaded in this segment: it starts at file offset 0.
      const lead = seg.offset;
      seg.offset = 0; seg.vaddr -= lead; seg.paddr -= lead; seg.filesz += lead; seg.memsz += lead;
    }
  }
  for (const seg of segments) {
    if (seg.type !== PT_NOTE && seg.type !== PT_GNU_PROPERTY) continue;
    const first = seg.sections[0]!, last = seg.sections[seg.sections.length - 1]!;
    seg.offset = first.fileOffset;
    seg.filesz = seg.memsz = last.paddr + last.size - first.paddr;
  }
  return placeUnloaded(sections, off);
}

/** Non-alloc sections follow the loaded contents (from file offset `off`), each at its alignment; returns the end. */
function placeUnloaded(sections: OutputSection[], off: number): number {
  for (const s of sections) {
    if (s.flags & SHF_ALLOC) continue;
    off = alignUp(off, s.align);
    s.fileOffset = off;
    if (s.type !== SHT_NOBITS) off += s.size;
  }
  return off;
}

const enc = new TextEncoder();

/**
 * A string table as bfd's elf-strtab.c builds it: duplicates stored once, and a string that is the tail of
 * another (".data" in ".rodata", "main" in "kernel_main") stored inside it. add() returns a handle; offsets
 * are known after finalize().
 */
class StrTab {
  private strings: string[] = [];
  private index = new Map<string, number>();
  private offsets: number[] = [];
  add(s: string): number {
    if (s === "") return -1;
    let h = this.index.get(s);
    if (h === undefined) { h = this.strings.length; this.strings.push(s); this.index.set(s, h); }
    return h;
  }
  finalize(): Uint8Array {
    const strs = this.strings;
    const n = strs.length;
    const ascii = strs.every((x) => /^[\x01-\x7f]*$/.test(x));
    if (!ascii) return this.finalizeBytes();
    // Sort by reversed string (bfd's strrevcmp); for ASCII, JS string order is byte order.
    const rev = strs.map((x) => { let r = ""; for (let i = x.length - 1; i >= 0; i--) r += x[i]; return r; });
    const order = [...Array(n).keys()].sort((a, b) => (rev[a]! < rev[b]! ? -1 : rev[a]! > rev[b]! ? 1 : 0));
    const suffixOf = new Int32Array(n).fill(-1);
    if (n) {
      let e = order[n - 1]!;
      for (let k = n - 2; k >= 0; k--) {
        const c = order[k]!;
        if (strs[e]!.length > strs[c]!.length && strs[e]!.endsWith(strs[c]!)) suffixOf[c] = e; else e = c;
      }
    }
    let size = 1;
    this.offsets = new Array<number>(n).fill(0);
    const kept: string[] = [""];
    for (let i = 0; i < n; i++) if (suffixOf[i] === -1) { this.offsets[i] = size; size += strs[i]!.length + 1; kept.push(strs[i]!); }
    for (let i = 0; i < n; i++) if (suffixOf[i] !== -1) { const r = suffixOf[i]!; this.offsets[i] = this.offsets[r]! + strs[r]!.length - strs[i]!.length; }
    return enc.encode(kept.join("\0") + "\0");
  }
  private finalizeBytes(): Uint8Array {
    const n = this.strings.length;
    const bytes = this.strings.map((s) => enc.encode(s));
    const order = [...Array(n).keys()].sort((ia, ib) => {
      const A = bytes[ia]!, B = bytes[ib]!;
      let i = A.length - 1, j = B.length - 1, l = Math.min(A.length, B.length);
      while (l--) { const d = A[i]! - B[j]!; if (d) return d; i--; j--; }
      return A.length - B.length;
    });
    const suffixOf = new Array<number>(n).fill(-1);
    if (n) {
      let e = order[n - 1]!;
      for (let k = n - 2; k >= 0; k--) {
        const c = order[k]!;
        const E = bytes[e]!, C = bytes[c]!;
        let tail = E.length > C.length;
        for (let q = 1; tail && q <= C.length; q++) if (E[E.length - q] !== C[C.length - q]) tail = false;
        if (tail) suffixOf[c] = e; else e = c;
      }
    }
    let size = 1;
    this.offsets = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) if (suffixOf[i] === -1) { this.offsets[i] = size; size += bytes[i]!.length + 1; }
    for (let i = 0; i < n; i++) if (suffixOf[i] !== -1) { const r = suffixOf[i]!; this.offsets[i] = this.offsets[r]! + bytes[r]!.length - bytes[i]!.length; }
    const out = new Uint8Array(size);
    for (let i = 0; i < n; i++) if (suffixOf[i] === -1) out.set(bytes[i]!, this.offsets[i]!);
    return out;
  }
  offset(handle: number): number { return handle < 0 ? 0 : this.offsets[handle]!; }
}

export interface WriteInput {
  sections: OutputSection[];
  segments: Segment[];
  buffers: Map<OutputSection, Uint8Array>;
  files: ObjectFile[];
  symbols: SymbolTable;
  entry: number;
  strip: "none" | "debug" | "all";
  discardLocals: "none" | "temporary" | "all";
  maxPageSize: number;
  /** Every output section in statement order, removed ones included (where a removed section's symbols go). */
  order?: OutputSection[];
}

/** Write the ELF32 ET_EXEC image. */
export function writeElf(w: WriteInput): Uint8Array {
  const { sections, segments } = w;
  let off = assignFileOffsets(sections, segments, w.maxPageSize);
  // Section indices.
  sections.forEach((s, i) => (s.shndx = i + 1));
  // .shstrtab as ld lays it out: its own three names first, then the output sections in order.
  const shstr = new StrTab();
  const fixedNames = { symtab: w.strip !== "all" ? shstr.add(".symtab") : -1, strtab: w.strip !== "all" ? shstr.add(".strtab") : -1, shstrtab: shstr.add(".shstrtab") };
  const names = sections.map((s) => shstr.add(s.name));
  const extra: { name: number; type: number; flags: number; offset: number; size: number; link: number; info: number; align: number; entsize: number; data: Uint8Array }[] = [];
  let symtabIndex = -1;
  if (w.strip !== "all") {
    const { symtab, strtab, firstGlobal } = buildSymtab(w);
    off = alignUp(off, 4);
    symtabIndex = sections.length + 1;
    extra.push({ name: fixedNames.symtab, type: SHT_SYMTAB, flags: 0, offset: off, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 4, entsize: SYM_SIZE, data: symtab });
    off += symtab.length;
    extra.push({ name: fixedNames.strtab, type: SHT_STRTAB, flags: 0, offset: off, size: strtab.length, link: 0, info: 0, align: 1, entsize: 0, data: strtab });
    off += strtab.length;
  }
  const shstrName = fixedNames.shstrtab;
  const shstrBytes = shstr.finalize();
  extra.push({ name: shstrName, type: SHT_STRTAB, flags: 0, offset: off, size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0, data: shstrBytes });
  off += shstrBytes.length;
  const shoff = alignUp(off, 4);
  const shnum = 1 + sections.length + extra.length;
  const total = shoff + shnum * SHDR_SIZE;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  // ELF header.
  out.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, 0], 0);
  dv.setUint16(16, ET_EXEC, true);
  dv.setUint16(18, EM_386, true);
  dv.setUint32(20, EV_CURRENT, true);
  dv.setUint32(24, w.entry >>> 0, true);
  dv.setUint32(28, segments.length ? EHDR_SIZE : 0, true);
  dv.setUint32(32, shoff, true);
  dv.setUint32(36, 0, true);
  dv.setUint16(40, EHDR_SIZE, true);
  dv.setUint16(42, segments.length ? PHDR_SIZE : 0, true);
  dv.setUint16(44, segments.length, true);
  dv.setUint16(46, SHDR_SIZE, true);
  dv.setUint16(48, shnum, true);
  dv.setUint16(50, shnum - 1, true);
  segments.forEach((p, i) => {
    const o = EHDR_SIZE + i * PHDR_SIZE;
    dv.setUint32(o, p.type >>> 0, true); dv.setUint32(o + 4, p.offset, true); dv.setUint32(o + 8, p.vaddr >>> 0, true);
    dv.setUint32(o + 12, p.paddr >>> 0, true); dv.setUint32(o + 16, p.filesz, true); dv.setUint32(o + 20, p.memsz, true);
    dv.setUint32(o + 24, p.flags, true); dv.setUint32(o + 28, p.align, true);
  });
  for (const s of sections) {
    const b = w.buffers.get(s);
    if (b && s.type !== SHT_NOBITS) out.set(b, s.fileOffset);
  }
  for (const x of extra) out.set(x.data, x.offset);
  const shdr = (i: number, v: number[]) => v.forEach((x, k) => dv.setUint32(shoff + i * SHDR_SIZE + k * 4, x >>> 0, true));
  sections.forEach((s, i) => shdr(i + 1, [shstr.offset(names[i]!), s.type, s.flags, s.vaddr, s.fileOffset, s.size, 0, 0, s.align, s.entsize]));
  extra.forEach((x, i) => shdr(sections.length + 1 + i, [shstr.offset(x.name), x.type, x.flags, 0, x.offset, x.size, x.link, x.info, x.align, x.entsize]));
  return out;
}

function buildSymtab(w: WriteInput): { symtab: Uint8Array; strtab: Uint8Array; firstGlobal: number } {
  const str = new StrTab();
  // Rows as flat columns (one small array per symbol would be 100k+ allocations for big links).
  const cols = { name: [] as number[], value: [] as number[], size: [] as number[], info: [] as number[], other: [] as number[], shndx: [] as number[] };
  const push = (name: string, value: number, size: number, bind: number, type: number, other: number, shndx: number) => {
    cols.name.push(str.add(name)); cols.value.push(value >>> 0); cols.size.push(size); cols.info.push(((bind << 4) | type) & 0xff); cols.other.push(other); cols.shndx.push(shndx);
  };
  push("", 0, 0, 0, 0, 0, 0);
  // ld (2.40) writes no STT_SECTION symbols into an executable's .symtab.
  // ld writes a file's locals when it first copies one of its sections into an output section with contents
  // (output sections in order). A file that gives no such section (only bss, only absolute symbols, all
  // discarded or merged away) has none of its locals written, not even its STT_FILE symbol.
  const fileOrder: ObjectFile[] = [];
  const seen = new Set<ObjectFile>();
  for (const os of w.sections) {
    if (os.type === SHT_NOBITS) continue;
    for (const s of os.inputs) {
      if (s.discarded || s.output !== os || s.index === LINKER_CREATED || (s.merge && s.size === 0) || seen.has(s.file)) continue;
      seen.add(s.file);
      fileOrder.push(s.file);
    }
  }
  for (const f of w.discardLocals === "all" ? [] : fileOrder) {
    const fileSym = f.elf.symbols.find((s) => s.type === STT_FILE);
    const locals = f.elf.symbols.filter((s) => s.index > 0 && s.bind === STB_LOCAL && s.type !== STT_SECTION && s.type !== STT_FILE);
    const kept: { name: string; value: number; size: number; type: number; other: number; shndx: number }[] = [];
    for (const s of locals) {
      let shndx = SHN_ABS, value = s.value;
      if (s.shndx !== SHN_ABS && s.shndx !== 0 && s.shndx < 0xff00) {
        const sec = f.sections[s.shndx];
        if (!sec || sec.discarded || !sec.output) continue;
        if ((sec.merge || w.discardLocals === "temporary") && s.name.startsWith(".L")) continue;
        value = sectionAddress(sec, s.value);
        shndx = (sec.merge ? (sec.merge[0]?.holder.output ?? sec.output) : sec.output).shndx;
      } else if (s.shndx === 0) continue;
      kept.push({ name: s.name, value, size: s.size, type: s.type, other: s.other, shndx });
    }
    // An object without a STT_FILE symbol (GAS output) gets one named after it before its first local.
    if (fileSym) push(fileSym.name, 0, 0, STB_LOCAL, STT_FILE, 0, SHN_ABS);
    else if (kept.length) push(f.archive ? f.matchName : f.name, 0, 0, STB_LOCAL, STT_FILE, 0, SHN_ABS);
    for (const k of kept) push(k.name, k.value, k.size, STB_LOCAL, k.type, k.other, k.shndx);
  }
  const firstGlobal = cols.name.length;
  // ld's hash table traversal order (every entry counts towards the table's growth, output or not).
  const globals = bfdTraversal(w.symbols.list, (g) => g.name).filter((g) => (g.state === "defined" && !(g.section && (g.section.discarded || !g.section.output))) || (g.state === "undefined" && g.weakRef && g.referenced));
  for (const g of globals) push(g.name, globalAddress(g), g.size, g.binding === "weak" ? STB_WEAK : STB_GLOBAL, g.type, g.other, shndxOf(g, w.order ?? w.sections));
  const strtab = str.finalize();
  const count = cols.name.length;
  const symtab = new Uint8Array(count * SYM_SIZE);
  const dv = new DataView(symtab.buffer);
  for (let i = 0; i < count; i++) {
    const o = i * SYM_SIZE;
    dv.setUint32(o, str.offset(cols.name[i]!), true); dv.setUint32(o + 4, cols.value[i]!, true); dv.setUint32(o + 8, cols.size[i]!, true);
    symtab[o + 12] = cols.info[i]!; symtab[o + 13] = cols.other[i]!; dv.setUint16(o + 14, cols.shndx[i]!, true);
  }
  return { symtab, strtab, firstGlobal };
}

/** bfd's view of a kept output section's flags, from its ELF header fields. */
function keptBfdFlags(os: OutputSection): number {
  let f = 0;
  if (os.flags & SHF_ALLOC) { f |= SEC_ALLOC; if (os.type !== SHT_NOBITS) f |= SEC_LOAD; }
  if (!(os.flags & SHF_WRITE)) f |= SEC_READONLY;
  if (os.flags & SHF_EXECINSTR) f |= SEC_CODE;
  if (os.flags & SHF_TLS) f |= SEC_THREAD_LOCAL;
  return f;
}

/**
 * _bfd_nearby_section: a symbol defined in an output section ld removed (nothing in it) moves to the kept
 * section before or after it in the section list, whichever would share the removed section's segment: the
 * previous one when the two differ in alloc/load/TLS and the next one's class differs from the removed
 * section's (or only the previous one is loaded), likewise for read-only and code, else the next one unless
 * the symbol lies below its address.
 */
function nearbySection(removed: OutputSection, addr: number, order: OutputSection[]): OutputSection | null {
  const at = order.indexOf(removed);
  let prev: OutputSection | null = null, next: OutputSection | null = null;
  for (let i = at - 1; i >= 0; i--) if (!order[i]!.dropped) { prev = order[i]!; break; }
  for (let i = at + 1; i < order.length; i++) if (!order[i]!.dropped) { next = order[i]!; break; }
  if (!prev || !next) return prev ?? next;
  const p = keptBfdFlags(prev), n = keptBfdFlags(next), s = outputBfd(removed).flags;
  if ((p ^ n) & (SEC_ALLOC | SEC_THREAD_LOCAL | SEC_LOAD)) return ((n ^ s) & (SEC_ALLOC | SEC_THREAD_LOCAL)) || ((p & SEC_LOAD) && !(n & SEC_LOAD)) ? prev : next;
  if ((p ^ n) & SEC_READONLY) return (n ^ s) & SEC_READONLY ? prev : next;
  if ((p ^ n) & SEC_CODE) return (n ^ s) & SEC_CODE ? prev : next;
  return addr < next.vaddr ? prev : next;
}

function shndxOf(g: GlobalSymbol, order: OutputSection[]): number {
  if (g.state !== "defined") return 0;
  if (g.scriptDefined) {
    if (g.scriptSection && !g.scriptSection.dropped) return g.scriptSection.shndx;
    if (g.scriptSection) {
      const near = nearbySection(g.scriptSection, g.value, order);
      return near ? near.shndx : SHN_ABS;
    }
    return SHN_ABS;
  }
  if (!g.section) return SHN_ABS;
  const out = g.section.merge ? g.section.merge[0]?.holder.output ?? g.section.output : g.section.output;
  return out ? out.shndx : SHN_ABS;
}

/** Flat binary: loadable bytes from the lowest LMA to the end of the last loadable byte (ld --oformat binary). */
export function writeBinary(sections: OutputSection[], buffers: Map<OutputSection, Uint8Array>): Uint8Array {
  const loadable = sections.filter((s) => (s.flags & SHF_ALLOC) && s.type !== SHT_NOBITS && s.size > 0);
  if (!loadable.length) return new Uint8Array(0);
  const lo = Math.min(...loadable.map((s) => s.paddr));
  const hi = Math.max(...loadable.map((s) => s.paddr + s.size));
  const out = new Uint8Array(hi - lo);
  for (const s of loadable) out.set(buffers.get(s)!.subarray(0, s.size), s.paddr - lo);
  return out;
}
