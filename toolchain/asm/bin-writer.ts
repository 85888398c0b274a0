/**
 * Flat binary writer (`-f bin`): places sections by org, start=/follows= (file position) and
 * vstart=/vfollows= (addresses), resolves every fixup to a number, and returns the image from org to
 * the end of the last progbits section. Not ELF (elf-writer.ts).
 */
import { diagnostic, type Diagnostic } from "../../core/diagnostics";
import type { Assembly } from "./assembler";
import type { Section } from "./sections";

const alignUp = (n: bigint, a: number) => (a > 1 ? ((n + BigInt(a) - 1n) / BigInt(a)) * BigInt(a) : n);

export interface BinLayout { start: Map<number, bigint>; vstart: Map<number, bigint> }

export function layoutBin(asm: Assembly): BinLayout {
  const start = new Map<number, bigint>(), vstart = new Map<number, bigint>();
  const org = asm.org ?? 0n;
  const byName = new Map(asm.sections.map((s) => [s.name, s] as const));
  const prog = asm.sections.filter((s) => s.progbits && (s.size > 0 || s.start !== null || s.name !== ".text" || asm.sections.length === 1));
  let pos = org;
  let first = true;
  const placed = new Set<Section>();
  const place = (s: Section) => {
    if (placed.has(s)) return;
    let st: bigint;
    if (s.start !== null) st = s.start;
    else if (s.follows && byName.get(s.follows)) {
      const f = byName.get(s.follows)!;
      place(f);
      st = alignUp(start.get(f.seg)! + BigInt(f.size), s.align);
    } else st = first ? pos : alignUp(pos, s.align);
    first = false;
    start.set(s.seg, st);
    placed.add(s);
    if (st + BigInt(s.size) > pos) pos = st + BigInt(s.size);
  };
  for (const s of prog) place(s);
  for (const s of asm.sections) if (!s.progbits || !placed.has(s)) {
    if (placed.has(s)) continue;
    const st = s.start ?? alignUp(pos, s.align);
    start.set(s.seg, st); placed.add(s);
    pos = st + BigInt(s.size);
  }
  for (const s of asm.sections) {
    let v: bigint;
    if (s.vstart !== null) v = s.vstart;
    else if (s.vfollows && byName.get(s.vfollows)) { const f = byName.get(s.vfollows)!; v = alignUp((vstart.get(f.seg) ?? start.get(f.seg)!) + BigInt(f.size), s.align); }
    else v = start.get(s.seg)!;
    vstart.set(s.seg, v);
  }
  return { start, vstart };
}

export function writeBin(asm: Assembly, fileName: string, diagnostics: Diagnostic[]): Uint8Array {
  const { start, vstart } = layoutBin(asm);
  const org = asm.org ?? 0n;
  let end = org;
  for (const s of asm.sections) if (s.progbits && s.size > 0) { const e = start.get(s.seg)! + BigInt(s.size); if (e > end) end = e; }
  const out = new Uint8Array(Number(end - org));
  for (const s of asm.sections) {
    if (!s.progbits || s.size === 0) continue;
    const base = Number(start.get(s.seg)! - org);
    for (const f of s.fixups) {
      let n = f.value.n;
      let ok = true;
      for (const t of f.value.terms) {
        const v = vstart.get(t.id);
        if (v === undefined) { ok = false; break; }
        n += t.k * v;
      }
      if (!ok) {
        diagnostics.push(diagnostic("bad-relocation", "binary output cannot refer to external symbols", f.location));
        continue;
      }
      let u = BigInt.asUintN(f.size * 8, n);
      for (let i = 0; i < f.size; i++) { s.data.bytes[f.offset + i] = Number(u & 0xffn); u >>= 8n; }
    }
    out.set(s.data.view().subarray(0, s.size), base);
  }
  return out;
}
