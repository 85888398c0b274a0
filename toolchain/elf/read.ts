/**
 * ELF32 reader: raw Elf32_* structures are "cooked" once, here, into plain records (mold style).
 * Reads relocatable objects and executables; every malformation is a KernlabError naming the file
 * and the field ("malformed-object"), never a RangeError. Does not interpret relocations or layout.
 */
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { sameBytes } from "../../core/bytes";
import {
  EHDR_SIZE, ELF32_R_SYM, ELF32_R_TYPE, ELF32_ST_BIND, ELF32_ST_TYPE, ELFCLASS32, ELFDATA2LSB, PHDR_SIZE,
  REL_SIZE, RELA_SIZE, SHDR_SIZE, SHN_LORESERVE, SHT_GROUP, SHT_NOBITS, SHT_NULL, SHT_REL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB,
  SYM_SIZE,
} from "./elf32";

export interface ElfSection {
  index: number;
  name: string;
  type: number; // SHT_*
  flags: number; // SHF_*
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** The section's bytes in the file; empty for SHT_NOBITS. A view, not a copy. */
  data: Uint8Array;
}

export interface ElfSegment {
  type: number; // PT_*
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number; // PF_*
  align: number;
}

export interface ElfSymbol {
  index: number;
  name: string;
  value: number;
  size: number;
  type: number; // STT_*
  bind: number; // STB_*
  other: number;
  shndx: number;
  /** Name of the defining section, or null for undefined/absolute/common. */
  section: string | null;
}

export interface ElfRelocation {
  offset: number;
  type: number; // R_386_*
  symbol: number; // index into the symbol table
  /** Explicit addend for SHT_RELA; null for SHT_REL (implicit addend in the section bytes). */
  addend: number | null;
}

export interface ElfFile {
  fileName: string;
  type: number; // ET_*
  machine: number;
  version: number;
  entry: number;
  flags: number;
  sections: ElfSection[];
  segments: ElfSegment[];
  /** The .symtab symbols (index 0, the null symbol, included); empty if stripped. */
  symbols: ElfSymbol[];
  bytes: Uint8Array;
}

function fail(file: string, field: string, text: string): never {
  throw new KernlabError(diagnostic("malformed-object", `${file}: ${field}: ${text}`, { file, line: 0, column: 0 }));
}

function cstr(bytes: Uint8Array, start: number, end: number): string {
  let i = start;
  while (i < end && bytes[i] !== 0) i++;
  let s = "";
  for (let k = start; k < i; k++) s += String.fromCharCode(bytes[k]!);
  return s;
}

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/** Parse an ELF32 little-endian file. Throws KernlabError("malformed-object") naming the field at fault. */
export function readElf(bytes: Uint8Array, fileName = "<input>"): ElfFile {
  if (bytes.length < EHDR_SIZE) fail(fileName, "e_ident", `file is ${bytes.length} bytes, shorter than an ELF header`);
  if (!isElf(bytes)) fail(fileName, "e_ident", "not an ELF file (bad magic)");
  if (bytes[4] !== ELFCLASS32) fail(fileName, "e_ident[EI_CLASS]", `class ${bytes[4]} is not ELFCLASS32`);
  if (bytes[5] !== ELFDATA2LSB) fail(fileName, "e_ident[EI_DATA]", `data encoding ${bytes[5]} is not little-endian`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const size = bytes.length;

  const type = u16(16), machine = u16(18), version = u32(20), entry = u32(24);
  const phoff = u32(28), shoff = u32(32), flags = u32(36);
  const phentsize = u16(42), phnum = u16(44), shentsize = u16(46);
  let shnum = u16(48), shstrndx = u16(50);

  // Section headers.
  const sections: ElfSection[] = [];
  if (shoff !== 0) {
    if (shentsize !== SHDR_SIZE) fail(fileName, "e_shentsize", `${shentsize}, expected ${SHDR_SIZE}`);
    if (shoff + SHDR_SIZE > size) fail(fileName, "e_shoff", `section headers at 0x${shoff.toString(16)} lie beyond the end of the file (${size} bytes)`);
    if (shnum === 0) shnum = u32(shoff + 20); // extended numbering: sh_size of section 0
    if (shstrndx === 0xffff) shstrndx = u32(shoff + 24); // SHN_XINDEX: sh_link of section 0
    if (shnum > 0x10000 || shoff + shnum * SHDR_SIZE > size) fail(fileName, "e_shnum", `${shnum} section headers do not fit in the file`);
    const raw: { name: number; s: Omit<ElfSection, "name" | "data"> }[] = [];
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * SHDR_SIZE;
      raw.push({
        name: u32(o),
        s: {
          index: i, type: u32(o + 4), flags: u32(o + 8), addr: u32(o + 12), offset: u32(o + 16), size: u32(o + 20),
          link: u32(o + 24), info: u32(o + 28), addralign: u32(o + 32), entsize: u32(o + 36),
        },
      });
    }
    for (const r of raw) {
      if (r.s.type !== SHT_NOBITS && r.s.type !== 0 && r.s.offset + r.s.size > size) {
        fail(fileName, `section ${r.s.index} sh_offset/sh_size`, `[0x${r.s.offset.toString(16)}, +0x${r.s.size.toString(16)}) lies beyond the end of the file (${size} bytes)`);
      }
    }
    let strtab: ElfSection | null = null;
    if (shstrndx !== 0) {
      if (shstrndx >= shnum) fail(fileName, "e_shstrndx", `${shstrndx} is not a section index (${shnum} sections)`);
      const r = raw[shstrndx]!.s;
      strtab = { ...r, name: "", data: bytes.subarray(r.offset, r.offset + r.size) };
    }
    for (const r of raw) {
      let name = "";
      if (strtab && r.name !== 0) {
        if (r.name >= strtab.size) fail(fileName, `section ${r.s.index} sh_name`, `offset ${r.name} is outside .shstrtab (${strtab.size} bytes)`);
        name = cstr(strtab.data, r.name, strtab.size);
      }
      const data = r.s.type === SHT_NOBITS || r.s.type === 0 ? new Uint8Array(0) : bytes.subarray(r.s.offset, r.s.offset + r.s.size);
      sections.push({ ...r.s, name, data });
    }
  }

  // Program headers.
  const segments: ElfSegment[] = [];
  if (phoff !== 0 && phnum > 0) {
    if (phentsize !== PHDR_SIZE) fail(fileName, "e_phentsize", `${phentsize}, expected ${PHDR_SIZE}`);
    if (phoff + phnum * PHDR_SIZE > size) fail(fileName, "e_phoff/e_phnum", `${phnum} program headers at 0x${phoff.toString(16)} do not fit in the file`);
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * PHDR_SIZE;
      const seg: ElfSegment = {
        type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), paddr: u32(o + 12), filesz: u32(o + 16),
        memsz: u32(o + 20), flags: u32(o + 24), align: u32(o + 28),
      };
      if (seg.type === 1 && seg.offset + seg.filesz > size) fail(fileName, `program header ${i} p_offset/p_filesz`, `segment bytes lie beyond the end of the file`);
      segments.push(seg);
    }
  }

  // Symbols.
  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    if (symtab.link >= sections.length) fail(fileName, ".symtab sh_link", `${symtab.link} is not a section index`);
    const strs = sections[symtab.link]!;
    // ld: "attempt to load strings from a non-string section" (a .symtab linked to itself named nothing right)
    if (strs.type !== SHT_STRTAB) fail(fileName, ".symtab sh_link", `section ${symtab.link} (${strs.name || "unnamed"}) is not a string table (file format not recognized)`);
    const sdv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    const n = Math.floor(symtab.size / SYM_SIZE);
    for (let i = 0; i < n; i++) {
      const o = i * SYM_SIZE;
      const nameOff = sdv.getUint32(o, true);
      if (nameOff !== 0 && nameOff >= strs.size) fail(fileName, `symbol ${i} st_name`, `offset ${nameOff} is outside ${strs.name || "the string table"} (${strs.size} bytes)`);
      const info = symtab.data[o + 12]!;
      const shndx = sdv.getUint16(o + 14, true);
      const sec = shndx !== 0 && shndx < SHN_LORESERVE ? sections[shndx] : undefined;
      if (shndx !== 0 && shndx < SHN_LORESERVE && !sec) fail(fileName, `symbol ${i} st_shndx`, `${shndx} is not a section index`);
      let name = nameOff === 0 ? "" : cstr(strs.data, nameOff, strs.size);
      const stype = ELF32_ST_TYPE(info);
      if (name === "" && stype === 3 && sec) name = sec.name; // section symbols take their section's name
      symbols.push({
        index: i, name, value: sdv.getUint32(o + 4, true), size: sdv.getUint32(o + 8, true),
        type: stype, bind: ELF32_ST_BIND(info), other: symtab.data[o + 13]!, shndx, section: sec ? sec.name : null,
      });
    }
  }

  return { fileName, type, machine, version, entry, flags, sections, segments, symbols, bytes };
}

const remembered = new WeakMap<Uint8Array, { copy: Uint8Array; elf: ElfFile }>();

/**
 * readElf, remembered per array: linking the same objects again (a layout matrix, the lab's rebuild after an
 * edit) parses each object once. The parse is of a private copy, which is compared with the array byte for
 * byte on each call, so an array edited in place is parsed again. The result is shared: treat it as read-only.
 */
export function readElfShared(bytes: Uint8Array, fileName = "<input>"): ElfFile {
  const hit = remembered.get(bytes);
  if (hit && hit.elf.fileName === fileName && sameBytes(hit.copy, bytes)) return hit.elf;
  const copy = bytes.slice();
  const elf = readElf(copy, fileName);
  remembered.set(bytes, { copy, elf });
  return elf;
}

/**
 * The checks ld (BFD) makes on a relocatable object's section headers before it uses them, as errors naming
 * the field; ld refuses each with "file format not recognized". A relocation section must apply to a section
 * with contents (sh_info) and use the symbol table (sh_link); a group section (SHT_GROUP) is a flag word and
 * member indices of 4 bytes each, names its signature in the symbol table, and lists real sections.
 */
export function checkRelocatable(file: ElfFile): void {
  const { fileName, sections } = file;
  const label = (s: ElfSection) => `section ${s.index} (${s.name || "unnamed"})`;
  const symtab = sections.findIndex((s) => s.type === SHT_SYMTAB);
  const contentless = (t: ElfSection) => t.type === SHT_NULL || t.type === SHT_SYMTAB || t.type === SHT_REL || t.type === SHT_RELA ||
    t.type === SHT_GROUP || (t.type === SHT_STRTAB && (t.flags & 2) === 0); // non-allocated string tables: .strtab, .shstrtab
  for (const s of sections) {
    if (s.type === SHT_REL || s.type === SHT_RELA) {
      const target = sections[s.info];
      if (s.info === 0 || !target) fail(fileName, `${label(s)} sh_info`, `${s.info} is not a section index (file format not recognized)`);
      if (contentless(target)) fail(fileName, `${label(s)} sh_info`, `section ${s.info} (${target.name || "unnamed"}) cannot take relocations (file format not recognized)`);
      if (s.link !== symtab) fail(fileName, `${label(s)} sh_link`, `${s.link} is not the symbol table (file format not recognized)`);
      if (s.entsize !== 0 && s.entsize !== (s.type === SHT_RELA ? RELA_SIZE : REL_SIZE)) fail(fileName, `${label(s)} sh_entsize`, `${s.entsize}, expected ${s.type === SHT_RELA ? RELA_SIZE : REL_SIZE}`);
    } else if (s.type === SHT_GROUP) {
      if (s.entsize !== 4 || s.size < 4 || s.size % 4 !== 0) fail(fileName, `${label(s)} sh_entsize/sh_size`, `a group section has 4-byte entries (sh_entsize ${s.entsize}, sh_size ${s.size}) (file format not recognized)`);
      if (s.link !== symtab) fail(fileName, `${label(s)} sh_link`, `${s.link} is not the symbol table (file format not recognized)`);
      if (s.info === 0 || s.info >= file.symbols.length) fail(fileName, `${label(s)} sh_info`, `signature symbol ${s.info} is not in the symbol table (file format not recognized)`);
      const dv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
      for (let o = 4; o < s.size; o += 4) {
        const member = dv.getUint32(o, true);
        if (member === 0 || member >= sections.length || member === s.index) fail(fileName, `${label(s)} entry ${o / 4}`, `member ${member} is not a section index (file format not recognized)`);
      }
    }
  }
}

/** The relocations of a SHT_REL or SHT_RELA section. */
export function readRelocations(file: ElfFile, relSection: ElfSection): ElfRelocation[] {
  const rela = relSection.type === SHT_RELA;
  if (!rela && relSection.type !== SHT_REL) return [];
  const ent = rela ? RELA_SIZE : REL_SIZE;
  const d = relSection.data;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: ElfRelocation[] = [];
  for (let o = 0; o + ent <= d.length; o += ent) {
    const info = dv.getUint32(o + 4, true);
    const sym = ELF32_R_SYM(info);
    if (file.symbols.length && sym >= file.symbols.length) {
      fail(file.fileName, `${relSection.name} entry ${o / ent} r_info`, `symbol index ${sym} is outside .symtab (${file.symbols.length} symbols)`);
    }
    out.push({ offset: dv.getUint32(o, true), type: ELF32_R_TYPE(info), symbol: sym, addend: rela ? dv.getInt32(o + 8, true) : null });
  }
  return out;
}

/** Find a section by name. */
export function sectionByName(file: ElfFile, name: string): ElfSection | undefined {
  return file.sections.find((s) => s.name === name);
}

/** Find a defined symbol by name (globals first). */
export function symbolByName(file: ElfFile, name: string): ElfSymbol | undefined {
  let local: ElfSymbol | undefined;
  for (const s of file.symbols) {
    if (s.name !== name || s.shndx === 0) continue;
    if (s.bind !== 0) return s;
    local ??= s;
  }
  return local;
}
