/**
 * A minimal GNU `ar` writer for fuzz seeds: "!<arch>\n", a "/" armap (big-endian count, offsets, names) and
 * one member per object, names ≤ 15 chars. Test-only; kernlab reads archives (toolchain/elf/archive.ts), it
 * does not write them.
 */
import { readElf } from "../../toolchain/elf/read";

const STB_LOCAL = 0;
const SHN_UNDEF = 0;

function header(name: string, size: number): Uint8Array {
  const field = (s: string, w: number) => s.padEnd(w, " ").slice(0, w);
  const text = field(name, 16) + field("0", 12) + field("0", 6) + field("0", 6) + field("644", 8) + field(String(size), 10) + "`\n";
  return new TextEncoder().encode(text);
}

export function writeArchive(members: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const symbols: { name: string; member: number }[] = [];
  members.forEach((m, i) => {
    for (const s of readElf(m.bytes, m.name).symbols) if (s.bind !== STB_LOCAL && s.shndx !== SHN_UNDEF && s.name) symbols.push({ name: s.name, member: i });
  });
  const names = new TextEncoder().encode(symbols.map((s) => s.name + "\0").join(""));
  const armapSize = 4 + symbols.length * 4 + names.length;
  const pad = (n: number) => n + (n & 1);
  const offsets: number[] = [];
  let off = 8 + 60 + pad(armapSize);
  for (const m of members) { offsets.push(off); off += 60 + pad(m.bytes.length); }
  const out = new Uint8Array(off);
  out.set(new TextEncoder().encode("!<arch>\n"), 0);
  out.set(header("/", armapSize), 8);
  const dv = new DataView(out.buffer);
  dv.setUint32(68, symbols.length, false);
  symbols.forEach((s, i) => dv.setUint32(72 + i * 4, offsets[s.member]!, false));
  out.set(names, 72 + symbols.length * 4);
  members.forEach((m, i) => {
    out.set(header(m.name.slice(0, 15) + "/", m.bytes.length), offsets[i]!);
    out.set(m.bytes, offsets[i]! + 60);
  });
  return out;
}
