/**
 * Kernel symbols for people: any address prints as `kmain+0x12`. Reads .symtab from the kernel ELF once;
 * a stripped or non-ELF kernel gives an empty table (addresses print as hex). Does not demangle.
 */
import { hex } from "../core/hex";
import { readElf, isElf } from "../toolchain/elf/read";
import type { SymbolTable } from "./index";

const STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2;
const SHN_UNDEF = 0, SHN_ABS = 0xfff1;

interface Entry { name: string; value: number; size: number }

export function symbolTable(elf: Uint8Array): SymbolTable {
  const entries: Entry[] = [];
  const byName = new Map<string, number>();
  if (isElf(elf)) {
    try {
      for (const s of readElf(elf, "kernel").symbols) {
        if (!s.name || s.shndx === SHN_UNDEF) continue;
        if (s.type !== STT_NOTYPE && s.type !== STT_OBJECT && s.type !== STT_FUNC) continue;
        if (!byName.has(s.name) || s.bind !== 0) byName.set(s.name, s.value >>> 0);
        // NASM's macro-local labels (..@25.strucstart) are never what a person wants to see beside an address.
        if (s.shndx !== SHN_ABS && !s.name.startsWith("..@")) entries.push({ name: s.name, value: s.value >>> 0, size: s.size });
      }
    } catch {
      // A malformed symbol table gives no symbols; the kernel's load problems are reported by multiboot.ts.
    }
  }
  // Sorted by address; at equal addresses prefer sized symbols (functions/objects) over labels.
  entries.sort((a, b) => a.value - b.value || b.size - a.size);
  const lookup = (addr: number): { name: string; offset: number } | null => {
    addr >>>= 0;
    let lo = 0, hi = entries.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid]!.value <= addr) { best = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (best < 0) return null;
    // Among symbols at the same (highest ≤ addr) value, take the first in sort order.
    let i = best;
    while (i > 0 && entries[i - 1]!.value === entries[best]!.value) i--;
    const e = entries[i]!;
    if (e.size > 0 && addr >= e.value + e.size) {
      // Past the end of a sized symbol: an unsized label in between would have been found; give up.
      return null;
    }
    return { name: e.name, offset: addr - e.value };
  };
  return {
    lookup,
    format(addr: number): string {
      const s = lookup(addr);
      if (!s) return hex(addr);
      return s.offset === 0 ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
    },
    address: (name) => byName.get(name) ?? null,
  };
}
