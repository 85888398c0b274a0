/**
 * Test helper: writes a minimal ELF32 i386 relocatable object directly (no assembler), for inputs too large
 * to assemble quickly: a .text of NOPs, and symbols that are defined in it (one byte each), undefined, or
 * COMMON (4 bytes, alignment 4), in the order given.
 */
export interface GenSymbol { name: string; kind: "defined" | "undefined" | "common" }

export function relocatableWithSymbols(symbols: GenSymbol[]): Uint8Array {
  const enc = new TextEncoder();
  const defined = symbols.filter((s) => s.kind === "defined").length;
  const text = new Uint8Array(Math.max(1, defined)).fill(0x90);
  const names = symbols.map((s) => enc.encode(s.name));
  const strtab = new Uint8Array(1 + names.reduce((n, b) => n + b.length + 1, 0));
  const symtab = new Uint8Array((symbols.length + 2) * 16);
  const sdv = new DataView(symtab.buffer);
  symtab[16 + 12] = 3; // STT_SECTION for .text
  sdv.setUint16(16 + 14, 1, true);
  let str = 1, value = 0;
  symbols.forEach((s, i) => {
    const o = (i + 2) * 16;
    strtab.set(names[i]!, str);
    sdv.setUint32(o, str, true);
    str += names[i]!.length + 1;
    symtab[o + 12] = 0x10; // STB_GLOBAL, STT_NOTYPE
    if (s.kind === "defined") { sdv.setUint32(o + 4, value++, true); sdv.setUint16(o + 14, 1, true); }
    else if (s.kind === "common") { symtab[o + 12] = 0x11; sdv.setUint32(o + 4, 4, true); sdv.setUint32(o + 8, 4, true); sdv.setUint16(o + 14, 0xfff2, true); }
  });
  const shstr = enc.encode("\0.text\0.symtab\0.strtab\0.shstrtab\0");
  const parts = [text, symtab, strtab, shstr];
  const offsets: number[] = [];
  let off = 52;
  for (const p of parts) { off = (off + 3) & ~3; offsets.push(off); off += p.length; }
  const shoff = (off + 3) & ~3;
  const out = new Uint8Array(shoff + 5 * 40);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  dv.setUint16(16, 1, true); // ET_REL
  dv.setUint16(18, 3, true); // EM_386
  dv.setUint32(20, 1, true);
  dv.setUint32(32, shoff, true);
  dv.setUint16(40, 52, true); dv.setUint16(46, 40, true); dv.setUint16(48, 5, true); dv.setUint16(50, 4, true);
  parts.forEach((p, i) => out.set(p, offsets[i]!));
  const header = (i: number, fields: number[]) => fields.forEach((v, k) => dv.setUint32(shoff + i * 40 + k * 4, v, true));
  //                 name type flags addr offset       size           link info align entsize
  header(1, [1, 1, 6, 0, offsets[0]!, text.length, 0, 0, 1, 0]);
  header(2, [7, 2, 0, 0, offsets[1]!, symtab.length, 3, 2, 4, 16]);
  header(3, [15, 3, 0, 0, offsets[2]!, strtab.length, 0, 0, 1, 0]);
  header(4, [23, 3, 0, 0, offsets[3]!, shstr.length, 0, 0, 1, 0]);
  return out;
}
