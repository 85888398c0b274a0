/**
 * Cooks two ELF32 objects (kernlab's and nasm's) into comparable records through toolchain/elf/read.ts:
 * sections (name, type, flags, alignment, bytes), symbols (name, value, size, type, binding, section)
 * and relocations (section, offset, type, symbol name), so a failing test names what differs.
 */
import { readElf, readRelocations } from "../../../toolchain/elf/read";

function hex(b: Uint8Array): string { return Buffer.from(b).toString("hex"); }

export function cookObject(bytes: Uint8Array, name: string) {
  const elf = readElf(bytes, name);
  const sections = elf.sections.filter((s) => s.index > 0).map((s) => ({ name: s.name, type: s.type, flags: s.flags, size: s.size, align: s.addralign, link: s.link, info: s.info, data: s.type === 2 || s.type === 3 || s.type === 9 ? "" : hex(s.data) }));
  const symbols = elf.symbols.map((s) => ({ name: s.name, value: s.value, size: s.size, type: s.type, bind: s.bind, section: s.section ?? String(s.shndx) }));
  const relocations = elf.sections.filter((s) => s.type === 9).map((s) => ({
    section: s.name,
    entries: readRelocations(elf, s).map((r) => ({ offset: r.offset, type: r.type, symbol: elf.symbols[r.symbol]?.name || elf.symbols[r.symbol]?.section || "" })),
  }));
  return { sections, symbols, relocations };
}
