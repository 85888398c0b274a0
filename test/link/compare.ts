/**
 * Test helper: compares a kernlab-linked ELF with GNU ld's output of the same job, field by field: every
 * allocated output section's name, address, load address, size, type, flags and loaded bytes; program headers;
 * every global symbol's value. Returns human-readable mismatch lines (empty = identical).
 */
import { readElf } from "../../toolchain/elf/read";

const SHF_ALLOC = 2;
const STB_LOCAL = 0;

export function compareElf(ours: Uint8Array, theirs: Uint8Array): string[] {
  const a = readElf(ours, "kernlab"), b = readElf(theirs, "ld");
  const out: string[] = [];
  if (a.entry !== b.entry) out.push(`entry: kernlab 0x${a.entry.toString(16)} ld 0x${b.entry.toString(16)}`);
  const secs = (f: typeof a) => f.sections.filter((s) => s.flags & SHF_ALLOC);
  const sa = secs(a), sb = secs(b);
  const names = (l: typeof sa) => l.map((s) => s.name).join(" ");
  if (names(sa) !== names(sb)) out.push(`sections: kernlab [${names(sa)}] ld [${names(sb)}]`);
  for (const s of sb) {
    const m = sa.find((x) => x.name === s.name);
    if (!m) continue;
    for (const k of ["addr", "size", "type", "flags", "entsize"] as const) if (m[k] !== s[k]) out.push(`${s.name}.${k}: kernlab 0x${m[k].toString(16)} ld 0x${s[k].toString(16)}`);
    if (m.type !== 8 && Buffer.compare(Buffer.from(m.data), Buffer.from(s.data)) !== 0) {
      let i = 0;
      while (i < Math.min(m.data.length, s.data.length) && m.data[i] === s.data[i]) i++;
      out.push(`${s.name} bytes differ at +0x${i.toString(16)}`);
    }
  }
  const segs = (f: typeof a) => f.segments.map((p) => `${p.type.toString(16)} off=${p.offset.toString(16)} v=${p.vaddr.toString(16)} p=${p.paddr.toString(16)} f=${p.filesz.toString(16)} m=${p.memsz.toString(16)} fl=${p.flags} al=${p.align.toString(16)}`);
  const pa = segs(a), pb = segs(b);
  if (pa.join("\n") !== pb.join("\n")) out.push(`program headers:\n  kernlab ${pa.join("\n          ")}\n  ld      ${pb.join("\n          ")}`);
  const globals = (f: typeof a) => new Map(f.symbols.filter((s) => s.bind !== STB_LOCAL && s.shndx !== 0).map((s) => [s.name, s.value]));
  const ga = globals(a), gb = globals(b);
  for (const [n, v] of gb) {
    if (!ga.has(n)) out.push(`symbol ${n}: missing in kernlab (ld 0x${v.toString(16)})`);
    else if (ga.get(n) !== v) out.push(`symbol ${n}: kernlab 0x${ga.get(n)!.toString(16)} ld 0x${v.toString(16)}`);
  }
  for (const n of ga.keys()) if (!gb.has(n)) out.push(`symbol ${n}: only in kernlab`);
  return out;
}
