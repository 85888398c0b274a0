/**
 * Relocations: scan (decide and validate types, find undefined symbols with the places that refer to them)
 * and apply (S + A - P, named as in the i386 psABI) into output section buffers. Static, non-PIC only:
 * R_386_32, R_386_PC32, R_386_PLT32 (as PC32), R_386_16, R_386_PC16, R_386_8, R_386_PC8; GOT/TLS types are
 * reported as needing PIC support.
 */
import { diagnostic, type Note } from "../../../core/diagnostics";
import { hex } from "../../../core/hex";
import {
  R_386_16, R_386_32, R_386_8, R_386_NAMES, R_386_NONE, R_386_PC16, R_386_PC32, R_386_PC8, R_386_PLT32, SHF_ALLOC, SHN_ABS,
  SHN_LORESERVE, SHN_UNDEF, SHT_NOBITS, STT_SECTION,
} from "../../elf/elf32";
import type { ElfRelocation } from "../../elf/read";
import { mergedLocation } from "./merge";
import type { GlobalSymbol, InputSection, LinkContext, ObjectFile, OutputSection } from "./types";

const SUPPORTED = new Set([R_386_NONE, R_386_32, R_386_PC32, R_386_PLT32, R_386_16, R_386_PC16, R_386_8, R_386_PC8]);

function relocName(type: number): string {
  return R_386_NAMES[type] ?? `relocation type ${type}`;
}

function refText(sec: InputSection, offset: number): string {
  return `${sec.file.name}:(${sec.name}+0x${offset.toString(16)})`;
}

/** Address of a defined global symbol (0 for undefined weak). */
export function globalAddress(g: GlobalSymbol): number {
  if (g.scriptDefined) return g.value >>> 0;
  if (g.state !== "defined") return 0;
  if (!g.section) return g.value >>> 0;
  return sectionAddress(g.section, g.value);
}

/** Address of (input section, offset), following merged sections. */
export function sectionAddress(sec: InputSection, offset: number): number {
  if (sec.merge) {
    const m = mergedLocation(sec, offset);
    return (m.holder.output ? m.holder.output.vaddr + m.holder.outOffset + m.offset : 0) >>> 0;
  }
  if (!sec.output) return 0;
  return (sec.output.vaddr + sec.outOffset + offset) >>> 0;
}

/** True when a symbol of `file` lives in a section that is not linked (discarded by /DISCARD/, gc, or COMDAT). */
export function symbolDiscarded(file: ObjectFile, symIndex: number): boolean {
  const sym = file.elf.symbols[symIndex];
  if (!sym) return false;
  const g = file.globals[symIndex];
  if (g) return g.state === "defined" && g.section !== null && (g.section.discarded || !g.section.output);
  if (sym.shndx === SHN_UNDEF || sym.shndx >= SHN_LORESERVE) return false;
  const sec = file.sections[sym.shndx];
  return !sec || sec.discarded || !sec.output;
}

/** Pass: validate relocation types and collect undefined symbol references (all errors at once). */
export function scanRelocations(ctx: LinkContext, files: ObjectFile[]): void {
  const undefinedRefs = new Map<string, { file: ObjectFile; notes: Note[] }>();
  for (const f of files) {
    for (const sec of f.sections) {
      if (!sec || sec.discarded || !sec.output || !(sec.flags & SHF_ALLOC)) continue;
      for (const r of sec.relocs) {
        const sym = f.elf.symbols[r.symbol];
        const g = f.globals[r.symbol] ?? null;
        if (R_386_NAMES[r.type] === undefined) {
          // not an i386 relocation at all: a corrupt or foreign object, not a missing feature
          ctx.errors.push(diagnostic("unknown-relocation", `${f.name}: unrecognized relocation type 0x${r.type.toString(16)} in section ${sec.name}`,
            { file: f.name, line: 0, column: 0 }, [{ text: `at ${refText(sec, r.offset)}` }]));
          continue;
        }
        if (!SUPPORTED.has(r.type)) {
          ctx.errors.push(diagnostic("unsupported-relocation",
            `${f.name}: relocation ${relocName(r.type)} against '${sym?.name ?? r.symbol}' needs PIC/GOT support, which kernlab's static linker does not provide (compile with -fno-pic)`,
            { file: f.name, line: 0, column: 0 }, [{ text: `referenced by ${refText(sec, r.offset)}` }]));
          continue;
        }
        if (g && g.state === "undefined" && !g.weakRef) {
          let u = undefinedRefs.get(g.name);
          if (!u) { u = { file: f, notes: [] }; undefinedRefs.set(g.name, u); }
          if (u.notes.length < 10) u.notes.push({ text: `referenced by ${refText(sec, r.offset)}` });
        }
      }
    }
  }
  for (const [name, u] of undefinedRefs) {
    ctx.errors.push(diagnostic("undefined-symbol", `undefined symbol '${name}'`, { file: u.file.name, line: 0, column: 0 }, u.notes));
  }
}

/** Pass: apply relocations into the output section buffers. */
export function applyRelocations(ctx: LinkContext, files: ObjectFile[], buffers: Map<OutputSection, Uint8Array>): void {
  for (const f of files) {
    for (const sec of f.sections) {
      if (!sec || sec.discarded || !sec.output || sec.type === SHT_NOBITS) continue;
      const buf = buffers.get(sec.output);
      if (!buf) continue;
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      const base = sec.outOffset;
      for (const r of sec.relocs) applyOne(ctx, f, sec, r, dv, base);
      if (sec.ehCiePointers) {
        for (const p of sec.ehCiePointers) {
          const fdeField = sec.output.vaddr + sec.outOffset + p.at;
          const cieAddr = p.cie.output ? p.cie.output.vaddr + p.cie.outOffset + p.cieOffset : 0;
          dv.setUint32(base + p.at, (fdeField - cieAddr) >>> 0, true);
        }
      }
    }
  }
}

function applyOne(ctx: LinkContext, f: ObjectFile, sec: InputSection, r: ElfRelocation, dv: DataView, base: number): void {
  if (!SUPPORTED.has(r.type) || r.type === R_386_NONE) return;
  const width = r.type === R_386_32 || r.type === R_386_PC32 || r.type === R_386_PLT32 ? 4 : r.type === R_386_16 || r.type === R_386_PC16 ? 2 : 1;
  const at = base + r.offset;
  if (r.offset + width > sec.size || at + width > dv.byteLength) {
    ctx.errors.push(diagnostic("malformed-object", `${f.name}: relocation at ${refText(sec, r.offset)} lies outside its section`, { file: f.name, line: 0, column: 0 }));
    return;
  }
  // A: the addend (implicit in the section bytes for SHT_REL).
  let A: number;
  if (r.addend !== null) A = r.addend;
  else A = width === 4 ? dv.getInt32(at, true) : width === 2 ? dv.getInt16(at, true) : dv.getInt8(at);
  const sym = f.elf.symbols[r.symbol];
  const g = f.globals[r.symbol] ?? null;
  // S: the symbol's address.
  let S: number;
  let SA: number | null = null;
  if (g) S = globalAddress(g);
  else if (!sym || r.symbol === 0) S = 0;
  else if (sym.shndx === SHN_ABS) S = sym.value;
  else {
    const target = sym.shndx < SHN_LORESERVE ? f.sections[sym.shndx] : null;
    if (!target) S = 0;
    else if (target.merge) {
      if (sym.type === STT_SECTION) { SA = sectionAddress(target, sym.value + A); S = 0; }
      else S = sectionAddress(target, sym.value);
    } else S = sectionAddress(target, sym.value);
  }
  const P = (sec.output!.vaddr + sec.outOffset + r.offset) >>> 0;
  const pcrel = r.type === R_386_PC32 || r.type === R_386_PLT32 || r.type === R_386_PC16 || r.type === R_386_PC8;
  const value = (SA !== null ? SA : S + A) - (pcrel ? P : 0);
  const v32 = value | 0;
  if (width === 4) { dv.setUint32(at, value >>> 0, true); return; }
  const bits = width * 8;
  const ok = r.type === R_386_PC8 ? v32 >= -128 && v32 <= 127 : v32 >= -(2 ** bits) && v32 <= 2 ** bits - 1 && (v32 >= -(2 ** (bits - 1)) || v32 >= -(2 ** bits));
  const fits = r.type === R_386_PC8 ? ok : ((v32 >> bits) === 0 || (v32 >> bits) === -1);
  if (!fits) {
    const name = g?.name ?? sym?.name ?? "?";
    ctx.errors.push(diagnostic("relocation-overflow",
      `relocation ${relocName(r.type)} at ${refText(sec, r.offset)} out of range: value ${hex(value >>> 0)} does not fit in ${bits} bits (target '${name}' at ${hex(S)})`));
    return;
  }
  if (width === 2) dv.setUint16(at, value & 0xffff, true);
  else dv.setUint8(at, value & 0xff);
}
