/**
 * --gc-sections: mark allocated input sections reachable from the roots (the entry symbol's section, KEEP
 * patterns, init/fini arrays, notes) through relocations; sweep the rest, and the non-alloc sections of files
 * that keep no allocated one. .eh_frame is swept like any section
 * unless KEPT, and never traced (ld edits its FDEs instead). Returns the swept sections for the map.
 */
import { SHF_ALLOC, SHN_LORESERVE, SHN_UNDEF, SHT_NOTE } from "../../elf/elf32";
import type { SymbolTable } from "./resolve";
import type { InputSection, ObjectFile } from "./types";

export function gcSections(files: ObjectFile[], symbols: SymbolTable, entry: string): InputSection[] {
  const live = new Set<InputSection>();
  const work: InputSection[] = [];
  const mark = (s: InputSection | null | undefined) => { if (s && !live.has(s) && !s.discarded) { live.add(s); work.push(s); } };
  const e = symbols.byName.get(entry);
  if (e?.section) mark(e.section);
  for (const f of files) {
    for (const s of f.sections) {
      if (!s || !s.output) continue;
      if (s.keep || s.type === SHT_NOTE || /^\.(init_array|fini_array|preinit_array|ctors|dtors|init|fini)/.test(s.name)) mark(s);
    }
  }
  while (work.length) {
    const s = work.pop()!;
    if (s.name === ".eh_frame") continue;
    for (const r of s.relocs) {
      const g = s.file.globals[r.symbol];
      if (g) { mark(g.section); continue; }
      const sym = s.file.elf.symbols[r.symbol];
      if (sym && sym.shndx !== SHN_UNDEF && sym.shndx < SHN_LORESERVE) mark(s.file.sections[sym.shndx]);
    }
  }
  // Non-alloc sections (debug information, .comment) are neither roots nor traced: a file keeps them when it
  // keeps some allocated non-note section, and loses them with its code otherwise (_bfd_elf_gc_mark_extra_sections).
  for (const f of files) {
    if (!f.sections.some((s) => s && live.has(s) && (s.flags & SHF_ALLOC) && s.type !== SHT_NOTE)) continue;
    for (const s of f.sections) if (s && !(s.flags & SHF_ALLOC) && !s.discarded) live.add(s);
  }
  const swept: InputSection[] = [];
  for (const f of files) {
    for (const s of [...f.sections, f.common]) {
      if (!s || live.has(s) || s.discarded) continue;
      if (s === f.common) { if ([...symbols.list].some((g) => g.section === s && g.referenced)) continue; }
      s.discarded = true;
      swept.push(s);
    }
  }
  return swept;
}
