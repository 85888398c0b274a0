/**
 * ELF32 relocatable object writer, laid out exactly as NASM's elf32 output does it: header, section
 * header table at 0x40, then each section's bytes at a 16-aligned offset in the order .text…(user
 * sections by first use), .shstrtab, .symtab, .strtab, .rel.*. Symbol table: null, STT_FILE, one
 * STT_SECTION per section, locals then globals in definition order. Relocations are REL with implicit
 * addends, against section symbols for local targets and the symbol itself for externs/commons.
 * Not the pass engine (assembler.ts) nor the ELF reader (../elf/read.ts).
 */
import { diagnostic, type Diagnostic } from "../../core/diagnostics";
import {
  EHDR_SIZE, ELF32_R_INFO, ELF32_ST_INFO, EM_386, ET_REL, EV_CURRENT, R_386_16, R_386_32, R_386_8, R_386_PC16,
  R_386_PC32, R_386_PC8, SHDR_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_TLS, SHF_WRITE, SHN_ABS, SHN_COMMON, SHN_UNDEF,
  SHT_NOBITS, SHT_PROGBITS, SHT_REL, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STT_FILE, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, STT_SECTION,
} from "../elf/elf32";
import type { Assembly } from "./assembler";
import type { DebugSections } from "./debug/sections";
import type { AsmSymbol, Section } from "./sections";

interface Rel { offset: number; info: number }

class StrTab {
  bytes: number[] = [0];
  add(s: string): number {
    const off = this.bytes.length;
    for (let i = 0; i < s.length; i++) this.bytes.push(s.charCodeAt(i) & 0xff);
    this.bytes.push(0);
    return off;
  }
}

const align = (n: number, a: number) => (a > 1 ? Math.ceil(n / a) * a : n);

/** `debug`: -g's sections (debug/dwarf.ts, debug/stabs.ts), placed after the program's sections as NASM does. */
export function writeElf(asm: Assembly, fileName: string, diagnostics: Diagnostic[], sizeOf: (s: AsmSymbol) => bigint | null, debug?: DebugSections): Uint8Array {
  const secs = asm.sections;
  const secIndex = new Map<number, number>(); // seg → section header index
  secs.forEach((s, i) => secIndex.set(s.seg, i + 1));

  // Symbols: which ones, in which order.
  // NASM writes an extern only when something refers to it.
  const referenced = new Set<number>();
  for (const sec of secs) for (const f of sec.fixups) for (const t of f.value.terms) if (t.k === 1n) referenced.add(t.id);
  const inTable = (s: AsmSymbol) => {
    if (!s.value) return false;
    if (s.kind === "extern") return referenced.has(s.seg);
    if (s.kind === "common") return true;
    const t = s.value.terms;
    return t.length === 0 || (t.length === 1 && t[0]!.k === 1n && secIndex.has(t[0]!.id));
  };
  const table = asm.symbols.filter(inTable);
  // -g: NASM types a local label by the data that follows it.
  const objectSizes = debug && asm.debug ? asm.debug.objectSizes(inTable) : new Map<AsmSymbol, number>();
  const dbgSecs = debug?.sections ?? [];
  const dbgSyms = debug?.sectionSymbols ?? [];
  const isGlobal = (s: AsmSymbol) => s.global || s.kind === "extern" || s.kind === "common";
  const locals = table.filter((s) => !isGlobal(s));
  const globals = table.filter(isGlobal);

  const strtab = new StrTab();
  const fileName0 = strtab.add(fileName);
  const nameOff = new Map<AsmSymbol, number>();
  for (const s of table) nameOff.set(s, strtab.add(s.name));

  const symIndex = new Map<AsmSymbol, number>();
  const firstLocal = 2 + secs.length + dbgSyms.length;
  locals.forEach((s, i) => symIndex.set(s, firstLocal + i));
  globals.forEach((s, i) => symIndex.set(s, firstLocal + locals.length + i));
  const nsyms = firstLocal + locals.length + globals.length;

  const symtab = new Uint8Array(nsyms * 16);
  const sv = new DataView(symtab.buffer);
  const putSym = (i: number, name: number, value: number, size: number, info: number, shndx: number) => {
    const o = i * 16;
    sv.setUint32(o, name, true); sv.setUint32(o + 4, value >>> 0, true); sv.setUint32(o + 8, size >>> 0, true);
    symtab[o + 12] = info; symtab[o + 13] = 0; sv.setUint16(o + 14, shndx, true);
  };
  putSym(1, fileName0, 0, 0, ELF32_ST_INFO(STB_LOCAL, STT_FILE), SHN_ABS);
  secs.forEach((s, i) => putSym(2 + i, 0, 0, 0, ELF32_ST_INFO(STB_LOCAL, STT_SECTION), i + 1));
  const dbgIndex = (name: string) => secs.length + 1 + dbgSecs.findIndex((d) => d.name === name);
  dbgSyms.forEach((name, i) => putSym(2 + secs.length + i, 0, 0, 0, ELF32_ST_INFO(STB_LOCAL, STT_SECTION), dbgIndex(name)));
  for (const s of table) {
    const idx = symIndex.get(s)!;
    const bind = isGlobal(s) ? STB_GLOBAL : STB_LOCAL;
    const type = s.elfType === "function" ? STT_FUNC : s.elfType === "data" || s.elfType === "object" || objectSizes.has(s) ? STT_OBJECT : STT_NOTYPE;
    const size = objectSizes.get(s) ?? Number(sizeOf(s) ?? 0n);
    if (s.kind === "extern") putSym(idx, nameOff.get(s)!, 0, 0, ELF32_ST_INFO(bind, type), SHN_UNDEF);
    else if (s.kind === "common") putSym(idx, nameOff.get(s)!, Number(s.commonAlign), Number(s.commonSize), ELF32_ST_INFO(bind, type === STT_NOTYPE ? STT_OBJECT : type) & 0xff, SHN_COMMON);
    else {
      const t = s.value!.terms;
      const shndx = t.length ? secIndex.get(t[0]!.id)! : SHN_ABS;
      putSym(idx, nameOff.get(s)!, Number(BigInt.asUintN(32, s.value!.n)), size, ELF32_ST_INFO(bind, type), shndx);
    }
  }
  // NASM writes common symbols as STT_NOTYPE unless typed; undo the OBJECT default above
  for (const s of globals) if (s.kind === "common" && !s.elfType) symtab[symIndex.get(s)! * 16 + 12] = ELF32_ST_INFO(STB_GLOBAL, STT_NOTYPE);

  // Relocations (and PC-relative addends into the bytes).
  const rels = new Map<Section, Rel[]>();
  for (const s of secs) {
    const list: Rel[] = [];
    for (const f of s.fixups) {
      const v = f.value;
      const t = v.terms;
      const loc = f.location;
      if (v.unknown) continue;
      let target = -1, pcrel = false;
      if (t.length === 1 && t[0]!.k === 1n) target = t[0]!.id;
      else if (t.length === 2) {
        const p = t.find((x) => x.k === 1n && x.id !== s.seg), m = t.find((x) => x.k === -1n && x.id === s.seg);
        if (p && m) { target = p.id; pcrel = true; }
      }
      if (target < 0 || !asm.segments.has(target)) {
        diagnostics.push(diagnostic("bad-relocation", "expression is not a relocatable address that ELF32 can express", loc));
        continue;
      }
      const seg = asm.segments.get(target)!;
      const symi = "progbits" in seg ? 2 + secIndex.get(target)! - 1 : symIndex.get(seg as AsmSymbol)!;
      const type = f.size === 4 ? (pcrel ? R_386_PC32 : R_386_32) : f.size === 2 ? (pcrel ? R_386_PC16 : R_386_16) : (pcrel ? R_386_PC8 : R_386_8);
      if (pcrel) {
        let n = BigInt.asUintN(f.size * 8, v.n + BigInt(f.offset));
        for (let i = 0; i < f.size; i++) { s.data.bytes[f.offset + i] = Number(n & 0xffn); n >>= 8n; }
      }
      list.push({ offset: f.offset, info: ELF32_R_INFO(symi, type) });
    }
    if (list.length) rels.set(s, list);
  }

  // Section header string table.
  const shstr = new StrTab();
  const secName = secs.map((s) => shstr.add(s.name));
  const dbgName = dbgSecs.map((d) => shstr.add(d.name));
  const shstrName = shstr.add(".shstrtab"), symtabName = shstr.add(".symtab"), strtabName = shstr.add(".strtab");
  const relSecs = secs.filter((s) => rels.has(s));
  const relName = relSecs.map((s) => shstr.add(".rel" + s.name));

  const shnum = 1 + secs.length + dbgSecs.length + 3 + relSecs.length;
  const shoff = 0x40;
  let off = align(shoff + shnum * SHDR_SIZE, 16);
  interface Hdr { name: number; type: number; flags: number; offset: number; size: number; link: number; info: number; align: number; entsize: number; data: Uint8Array | null }
  const hdrs: Hdr[] = [];
  for (let i = 0; i < secs.length; i++) {
    const s = secs[i]!;
    const size = s.size;
    const flags = (s.alloc ? SHF_ALLOC : 0) | (s.write ? SHF_WRITE : 0) | (s.exec ? SHF_EXECINSTR : 0) | (s.tls ? SHF_TLS : 0);
    const data = s.progbits ? padTo(s.data.view(), size) : null;
    hdrs.push({ name: secName[i]!, type: s.progbits ? (s.shType || SHT_PROGBITS) : SHT_NOBITS, flags, offset: off, size, link: 0, info: 0, align: s.align, entsize: 0, data });
    if (s.progbits) off = align(off + size, 16);
  }
  const shstrBytes = new Uint8Array(shstr.bytes);
  const strBytes = new Uint8Array(strtab.bytes);
  const symtabIdx = secs.length + dbgSecs.length + 2, strtabIdx = symtabIdx + 1;
  dbgSecs.forEach((d, i) => {
    const link = d.link === null ? 0 : d.link === ".symtab" ? symtabIdx : dbgIndex(d.link);
    hdrs.push({ name: dbgName[i]!, type: d.type, flags: 0, offset: off, size: d.data.length, link, info: d.info === null ? 0 : dbgIndex(d.info), align: d.align, entsize: d.entsize, data: d.data });
    off = align(off + d.data.length, 16);
  });
  hdrs.push({ name: shstrName, type: SHT_STRTAB, flags: 0, offset: off, size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0, data: shstrBytes });
  off = align(off + shstrBytes.length, 16);
  hdrs.push({ name: symtabName, type: SHT_SYMTAB, flags: 0, offset: off, size: symtab.length, link: strtabIdx, info: firstLocal + locals.length, align: 4, entsize: 16, data: symtab });
  off = align(off + symtab.length, 16);
  hdrs.push({ name: strtabName, type: SHT_STRTAB, flags: 0, offset: off, size: strBytes.length, link: 0, info: 0, align: 1, entsize: 0, data: strBytes });
  off = align(off + strBytes.length, 16);
  relSecs.forEach((s, i) => {
    const list = rels.get(s)!;
    const b = new Uint8Array(list.length * 8);
    const dv = new DataView(b.buffer);
    list.forEach((r, k) => { dv.setUint32(k * 8, r.offset, true); dv.setUint32(k * 8 + 4, r.info, true); });
    hdrs.push({ name: relName[i]!, type: SHT_REL, flags: 0, offset: off, size: b.length, link: symtabIdx, info: secIndex.get(s.seg)!, align: 4, entsize: 8, data: b });
    off = align(off + b.length, 16);
  });

  const out = new Uint8Array(off);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, EV_CURRENT, 0]);
  dv.setUint16(16, ET_REL, true); dv.setUint16(18, EM_386, true); dv.setUint32(20, EV_CURRENT, true);
  dv.setUint32(24, 0, true); dv.setUint32(28, 0, true); dv.setUint32(32, shoff, true); dv.setUint32(36, 0, true);
  dv.setUint16(40, EHDR_SIZE, true); dv.setUint16(42, 0, true); dv.setUint16(44, 0, true);
  dv.setUint16(46, SHDR_SIZE, true); dv.setUint16(48, shnum, true); dv.setUint16(50, secs.length + dbgSecs.length + 1, true);
  hdrs.forEach((h, i) => {
    const o = shoff + (i + 1) * SHDR_SIZE;
    dv.setUint32(o, h.name, true); dv.setUint32(o + 4, h.type, true); dv.setUint32(o + 8, h.flags, true);
    dv.setUint32(o + 12, 0, true); dv.setUint32(o + 16, h.offset, true); dv.setUint32(o + 20, h.size, true);
    dv.setUint32(o + 24, h.link, true); dv.setUint32(o + 28, h.info, true); dv.setUint32(o + 32, h.align, true);
    dv.setUint32(o + 36, h.entsize, true);
    if (h.data) out.set(h.data, h.offset);
  });
  return out;
}

function padTo(b: Uint8Array, size: number): Uint8Array {
  if (b.length === size) return b;
  const o = new Uint8Array(size);
  o.set(b.subarray(0, size));
  return o;
}
