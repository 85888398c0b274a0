/**
 * `-g -F stabs`: the `.stab`, `.stabstr` and `.rel.stab` sections as NASM 2.16 writes them for elf32.
 * One N_SLINE per new source line output into an executable section, an N_SOL when the file changes,
 * the main file's N_SO first (relocated to the first line's section) and an empty N_SO last; the first
 * entry is the header (string table size, entry count). Not the ELF container (elf-writer.ts).
 */
import { R_386_32, SHT_PROGBITS, SHT_REL, SHT_STRTAB } from "../../elf/elf32";
import type { DebugTarget } from "./dwarf";
import { Bytes, type DebugSections } from "./sections";
import type { OutEvent } from "./trace";

// Stab types (a.out stab.def names).
const N_SLINE = 0x44, N_SO = 0x64, N_SOL = 0x84;

interface LineStab { file: string; line: number; target: DebugTarget; offset: number }

/** `module`: the input file name as given (the main file's N_SO). */
export function stabsSections(outs: readonly OutEvent[], targets: ReadonlyMap<number, DebugTarget>, module: string): DebugSections {
  const lines: LineStab[] = [];
  let where: OutEvent | null = null;
  let pending = false;
  for (const ev of outs) {
    if (!where || where.file !== ev.file || where.line !== ev.line || where.seg !== ev.seg) { where = ev; pending = true; }
    const t = ev.seg >= 0 ? targets.get(ev.seg) : undefined;
    if (!t || !t.exec || !pending) continue;
    lines.push({ file: where.file, line: where.line, target: t, offset: ev.offset });
    pending = false;
  }

  const files: string[] = [];
  for (const l of lines) if (!files.includes(l.file)) files.push(l.file);
  const strx: number[] = [];
  const str = new Bytes().u8(0);
  for (const f of files) { strx.push(str.length); str.str(f); }
  const main = Math.max(0, files.indexOf(module));

  const stab = new Bytes(), rel = new Bytes();
  const entry = (nstrx: number, type: number, desc: number, value: number) => stab.u32(nstrx).u8(type).u8(0).u16(desc).u32(value);
  const reloc = (t: DebugTarget) => rel.u32(stab.length - 4).u32(((t.index + 1) << 8) | R_386_32);
  let count = 0;
  if (lines.length) {
    entry(strx[0]!, 0, 0, str.length);
    entry(strx[main]!, N_SO, 0, 0);
    reloc(lines[0]!.target);
    count++;
    let file = files[main]!;
    for (const l of lines) {
      if (l.file !== file) {
        file = l.file;
        entry(strx[files.indexOf(file)]!, N_SOL, 0, l.offset);
        reloc(l.target);
        count++;
      }
      entry(0, N_SLINE, l.line, l.offset);
      reloc(l.target);
      count++;
    }
  }
  entry(0, N_SO, 0, 0);
  count++;
  // The first entry's n_desc holds how many entries follow it.
  stab.b[6] = count & 0xff; stab.b[7] = (count >>> 8) & 0xff;
  return {
    sections: [
      { name: ".stab", type: SHT_PROGBITS, data: stab.done(), align: 4, entsize: 12, link: ".stabstr", info: null },
      { name: ".stabstr", type: SHT_STRTAB, data: str.done(), align: 4, entsize: 0, link: null, info: null },
      { name: ".rel.stab", type: SHT_REL, data: rel.done(), align: 4, entsize: 8, link: ".symtab", info: ".stab" },
    ],
    sectionSymbols: [],
  };
}
