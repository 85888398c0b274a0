import {
  KernlabError,
  diagnostic
} from "./chunk-SL2PM32D.js";

// toolchain/asm/iced.ts
import {
  Code,
  CodeExt,
  Decoder,
  DecoderOptions,
  Encoder,
  Formatter,
  FormatterSyntax,
  Instruction,
  InstructionInfoFactory,
  MemoryOperand,
  MemorySize,
  MemorySizeExt,
  Mnemonic,
  OpAccess,
  OpCodeOperandKind,
  Register
} from "iced-x86";
async function initAssembler() {
}

// core/bytes.ts
function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// toolchain/elf/elf32.ts
var ELFCLASS32 = 1;
var ELFDATA2LSB = 1;
var EV_CURRENT = 1;
var ET_REL = 1;
var ET_EXEC = 2;
var EM_386 = 3;
var EHDR_SIZE = 52;
var SHDR_SIZE = 40;
var PHDR_SIZE = 32;
var SYM_SIZE = 16;
var REL_SIZE = 8;
var RELA_SIZE = 12;
var SHN_UNDEF = 0;
var SHN_LORESERVE = 65280;
var SHN_ABS = 65521;
var SHN_COMMON = 65522;
var SHT_NULL = 0;
var SHT_PROGBITS = 1;
var SHT_SYMTAB = 2;
var SHT_STRTAB = 3;
var SHT_RELA = 4;
var SHT_NOTE = 7;
var SHT_NOBITS = 8;
var SHT_REL = 9;
var SHT_GROUP = 17;
var SHF_WRITE = 1;
var SHF_ALLOC = 2;
var SHF_EXECINSTR = 4;
var SHF_MERGE = 16;
var SHF_STRINGS = 32;
var SHF_TLS = 1024;
var GRP_COMDAT = 1;
var PT_LOAD = 1;
var PT_NOTE = 4;
var PF_X = 1;
var PF_W = 2;
var PF_R = 4;
var STB_LOCAL = 0;
var STB_GLOBAL = 1;
var STB_WEAK = 2;
var STT_NOTYPE = 0;
var STT_OBJECT = 1;
var STT_FUNC = 2;
var STT_SECTION = 3;
var STT_FILE = 4;
var R_386_NONE = 0;
var R_386_32 = 1;
var R_386_PC32 = 2;
var R_386_PLT32 = 4;
var R_386_16 = 20;
var R_386_PC16 = 21;
var R_386_8 = 22;
var R_386_PC8 = 23;
var R_386_NAMES = {
  0: "R_386_NONE",
  1: "R_386_32",
  2: "R_386_PC32",
  3: "R_386_GOT32",
  4: "R_386_PLT32",
  5: "R_386_COPY",
  6: "R_386_GLOB_DAT",
  7: "R_386_JMP_SLOT",
  8: "R_386_RELATIVE",
  9: "R_386_GOTOFF",
  10: "R_386_GOTPC",
  20: "R_386_16",
  21: "R_386_PC16",
  22: "R_386_8",
  23: "R_386_PC8",
  43: "R_386_GOT32X"
};
var ELF32_ST_BIND = (info) => info >>> 4;
var ELF32_ST_TYPE = (info) => info & 15;
var ELF32_ST_INFO = (bind, type) => (bind << 4 | type & 15) & 255;
var ELF32_R_SYM = (info) => info >>> 8;
var ELF32_R_TYPE = (info) => info & 255;
var ELF32_R_INFO = (sym, type) => (sym << 8 | type & 255) >>> 0;

// toolchain/elf/read.ts
function fail(file, field, text) {
  throw new KernlabError(diagnostic("malformed-object", `${file}: ${field}: ${text}`, { file, line: 0, column: 0 }));
}
function cstr(bytes, start, end) {
  let i = start;
  while (i < end && bytes[i] !== 0) i++;
  let s = "";
  for (let k = start; k < i; k++) s += String.fromCharCode(bytes[k]);
  return s;
}
function isElf(bytes) {
  return bytes.length >= 4 && bytes[0] === 127 && bytes[1] === 69 && bytes[2] === 76 && bytes[3] === 70;
}
function readElf(bytes, fileName = "<input>") {
  if (bytes.length < EHDR_SIZE) fail(fileName, "e_ident", `file is ${bytes.length} bytes, shorter than an ELF header`);
  if (!isElf(bytes)) fail(fileName, "e_ident", "not an ELF file (bad magic)");
  if (bytes[4] !== ELFCLASS32) fail(fileName, "e_ident[EI_CLASS]", `class ${bytes[4]} is not ELFCLASS32`);
  if (bytes[5] !== ELFDATA2LSB) fail(fileName, "e_ident[EI_DATA]", `data encoding ${bytes[5]} is not little-endian`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o) => dv.getUint16(o, true);
  const u32 = (o) => dv.getUint32(o, true);
  const size = bytes.length;
  const type = u16(16), machine = u16(18), version = u32(20), entry = u32(24);
  const phoff = u32(28), shoff = u32(32), flags = u32(36);
  const phentsize = u16(42), phnum = u16(44), shentsize = u16(46);
  let shnum = u16(48), shstrndx = u16(50);
  const sections = [];
  if (shoff !== 0) {
    if (shentsize !== SHDR_SIZE) fail(fileName, "e_shentsize", `${shentsize}, expected ${SHDR_SIZE}`);
    if (shoff + SHDR_SIZE > size) fail(fileName, "e_shoff", `section headers at 0x${shoff.toString(16)} lie beyond the end of the file (${size} bytes)`);
    if (shnum === 0) shnum = u32(shoff + 20);
    if (shstrndx === 65535) shstrndx = u32(shoff + 24);
    if (shnum > 65536 || shoff + shnum * SHDR_SIZE > size) fail(fileName, "e_shnum", `${shnum} section headers do not fit in the file`);
    const raw = [];
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * SHDR_SIZE;
      raw.push({
        name: u32(o),
        s: {
          index: i,
          type: u32(o + 4),
          flags: u32(o + 8),
          addr: u32(o + 12),
          offset: u32(o + 16),
          size: u32(o + 20),
          link: u32(o + 24),
          info: u32(o + 28),
          addralign: u32(o + 32),
          entsize: u32(o + 36)
        }
      });
    }
    for (const r of raw) {
      if (r.s.type !== SHT_NOBITS && r.s.type !== 0 && r.s.offset + r.s.size > size) {
        fail(fileName, `section ${r.s.index} sh_offset/sh_size`, `[0x${r.s.offset.toString(16)}, +0x${r.s.size.toString(16)}) lies beyond the end of the file (${size} bytes)`);
      }
    }
    let strtab = null;
    if (shstrndx !== 0) {
      if (shstrndx >= shnum) fail(fileName, "e_shstrndx", `${shstrndx} is not a section index (${shnum} sections)`);
      const r = raw[shstrndx].s;
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
  const segments = [];
  if (phoff !== 0 && phnum > 0) {
    if (phentsize !== PHDR_SIZE) fail(fileName, "e_phentsize", `${phentsize}, expected ${PHDR_SIZE}`);
    if (phoff + phnum * PHDR_SIZE > size) fail(fileName, "e_phoff/e_phnum", `${phnum} program headers at 0x${phoff.toString(16)} do not fit in the file`);
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * PHDR_SIZE;
      const seg = {
        type: u32(o),
        offset: u32(o + 4),
        vaddr: u32(o + 8),
        paddr: u32(o + 12),
        filesz: u32(o + 16),
        memsz: u32(o + 20),
        flags: u32(o + 24),
        align: u32(o + 28)
      };
      if (seg.type === 1 && seg.offset + seg.filesz > size) fail(fileName, `program header ${i} p_offset/p_filesz`, `segment bytes lie beyond the end of the file`);
      segments.push(seg);
    }
  }
  const symbols = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    if (symtab.link >= sections.length) fail(fileName, ".symtab sh_link", `${symtab.link} is not a section index`);
    const strs = sections[symtab.link];
    if (strs.type !== SHT_STRTAB) fail(fileName, ".symtab sh_link", `section ${symtab.link} (${strs.name || "unnamed"}) is not a string table (file format not recognized)`);
    const sdv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    const n = Math.floor(symtab.size / SYM_SIZE);
    for (let i = 0; i < n; i++) {
      const o = i * SYM_SIZE;
      const nameOff = sdv.getUint32(o, true);
      if (nameOff !== 0 && nameOff >= strs.size) fail(fileName, `symbol ${i} st_name`, `offset ${nameOff} is outside ${strs.name || "the string table"} (${strs.size} bytes)`);
      const info = symtab.data[o + 12];
      const shndx = sdv.getUint16(o + 14, true);
      const sec = shndx !== 0 && shndx < SHN_LORESERVE ? sections[shndx] : void 0;
      if (shndx !== 0 && shndx < SHN_LORESERVE && !sec) fail(fileName, `symbol ${i} st_shndx`, `${shndx} is not a section index`);
      let name = nameOff === 0 ? "" : cstr(strs.data, nameOff, strs.size);
      const stype = ELF32_ST_TYPE(info);
      if (name === "" && stype === 3 && sec) name = sec.name;
      symbols.push({
        index: i,
        name,
        value: sdv.getUint32(o + 4, true),
        size: sdv.getUint32(o + 8, true),
        type: stype,
        bind: ELF32_ST_BIND(info),
        other: symtab.data[o + 13],
        shndx,
        section: sec ? sec.name : null
      });
    }
  }
  return { fileName, type, machine, version, entry, flags, sections, segments, symbols, bytes };
}
var remembered = /* @__PURE__ */ new WeakMap();
function readElfShared(bytes, fileName = "<input>") {
  const hit = remembered.get(bytes);
  if (hit && hit.elf.fileName === fileName && sameBytes(hit.copy, bytes)) return hit.elf;
  const copy = bytes.slice();
  const elf = readElf(copy, fileName);
  remembered.set(bytes, { copy, elf });
  return elf;
}
function checkRelocatable(file) {
  const { fileName, sections } = file;
  const label = (s) => `section ${s.index} (${s.name || "unnamed"})`;
  const symtab = sections.findIndex((s) => s.type === SHT_SYMTAB);
  const contentless = (t) => t.type === SHT_NULL || t.type === SHT_SYMTAB || t.type === SHT_REL || t.type === SHT_RELA || t.type === SHT_GROUP || t.type === SHT_STRTAB && (t.flags & 2) === 0;
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
function readRelocations(file, relSection) {
  const rela = relSection.type === SHT_RELA;
  if (!rela && relSection.type !== SHT_REL) return [];
  const ent = rela ? RELA_SIZE : REL_SIZE;
  const d = relSection.data;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out = [];
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
function symbolByName(file, name) {
  let local;
  for (const s of file.symbols) {
    if (s.name !== name || s.shndx === 0) continue;
    if (s.bind !== 0) return s;
    local ??= s;
  }
  return local;
}

export {
  initAssembler,
  Decoder,
  Encoder,
  Formatter,
  FormatterSyntax,
  Instruction,
  InstructionInfoFactory,
  MemoryOperand,
  MemorySizeExt,
  OpAccess,
  OpCodeOperandKind,
  Register,
  ELFCLASS32,
  ELFDATA2LSB,
  EV_CURRENT,
  ET_REL,
  ET_EXEC,
  EM_386,
  EHDR_SIZE,
  SHDR_SIZE,
  PHDR_SIZE,
  SYM_SIZE,
  SHN_UNDEF,
  SHN_LORESERVE,
  SHN_ABS,
  SHN_COMMON,
  SHT_NULL,
  SHT_PROGBITS,
  SHT_SYMTAB,
  SHT_STRTAB,
  SHT_RELA,
  SHT_NOTE,
  SHT_NOBITS,
  SHT_REL,
  SHT_GROUP,
  SHF_WRITE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_TLS,
  GRP_COMDAT,
  PT_LOAD,
  PT_NOTE,
  PF_X,
  PF_W,
  PF_R,
  STB_LOCAL,
  STB_GLOBAL,
  STB_WEAK,
  STT_NOTYPE,
  STT_OBJECT,
  STT_FUNC,
  STT_SECTION,
  STT_FILE,
  R_386_NONE,
  R_386_32,
  R_386_PC32,
  R_386_PLT32,
  R_386_16,
  R_386_PC16,
  R_386_8,
  R_386_PC8,
  R_386_NAMES,
  ELF32_ST_INFO,
  ELF32_R_INFO,
  sameBytes,
  isElf,
  readElf,
  readElfShared,
  checkRelocatable,
  readRelocations,
  symbolByName
};
