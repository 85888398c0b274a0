/**
 * Orphan placement as GNU ld 2.40's ELF emulation does it (ldelf_place_orphan, lang_insert_orphan,
 * lang_output_section_find_by_flags, insert_os_after). An input section no script statement claimed goes:
 *   1. into an output section of its own name that already has compatible (alloc/load) flags, or that has
 *      no section yet;
 *   2. else into a new output section, placed by class (code, read-only data, TLS data, data, bss, note,
 *      non-alloc; debugging sections last): right after the output statement named for the class (.text,
 *      .rodata, .tdata, .data, .bss, .interp, .comment) or, when the script has none, after the last output
 *      statement whose section flags match the class (exactly, then loosely: read-only data may follow code,
 *      data any loaded section, bss any allocated one); later orphans of a class follow the first.
 * Flags are bfd's view of sections (SEC_HAS_CONTENTS, SEC_LOAD, SEC_READONLY …), computed from the inputs
 * binned so far. Output section headers follow the statement order. Decides no addresses.
 */
import { SHF_ALLOC, SHF_EXECINSTR, SHF_TLS, SHF_WRITE, SHT_NOBITS, SHT_NOTE, SHT_PROGBITS } from "../../elf/elf32";
import type { OutputSectionCommand } from "../script/ast";
import type { InputSection, OutputSection, Statement } from "./types";

// bfd section flags (the subset ld's orphan rules look at).
export const SEC_HAS_CONTENTS = 0x1, SEC_ALLOC = 0x2, SEC_LOAD = 0x4, SEC_READONLY = 0x8, SEC_CODE = 0x10, SEC_DATA = 0x20,
  SEC_THREAD_LOCAL = 0x40, SEC_DEBUGGING = 0x80;

const DEBUG_NAME = /^(\.debug|\.gnu\.debuglto_\.debug_|\.gnu\.linkonce\.wi\.|\.zdebug|\.line|\.stab|\.gdb_index)/;

/** An input section's bfd flags (_bfd_elf_make_section_from_shdr). The COMMON section is SEC_ALLOC only. */
export function bfdFlags(s: InputSection): number {
  if (s.index === -1) return SEC_ALLOC;
  let f = 0;
  if (s.type !== SHT_NOBITS) f |= SEC_HAS_CONTENTS;
  if (s.flags & SHF_ALLOC) { f |= SEC_ALLOC; if (s.type !== SHT_NOBITS) f |= SEC_LOAD; }
  if (!(s.flags & SHF_WRITE)) f |= SEC_READONLY;
  if (s.flags & SHF_EXECINSTR) f |= SEC_CODE; else if (f & SEC_LOAD) f |= SEC_DATA;
  if (s.flags & SHF_TLS) f |= SEC_THREAD_LOCAL;
  if (!(f & SEC_ALLOC) && DEBUG_NAME.test(s.name)) f |= SEC_DEBUGGING;
  return f;
}

interface BfdView { exists: boolean; flags: number; type: number; anyInput: boolean }
const bfdCache = new WeakMap<OutputSection, { inputs: number; elements: number; view: BfdView }>();

/** The output section as bfd sees it so far: does it exist (anything put in it), its flags, its ELF type. */
export function outputBfd(os: OutputSection): BfdView {
  // Orphans only ever append inputs: extend the cached view instead of recomputing it.
  const cached = bfdCache.get(os);
  const view = cached && cached.elements === os.elements.length && cached.inputs <= os.inputs.length
    ? addInputs({ ...cached.view }, os.inputs, cached.inputs)
    : computeOutputBfd(os);
  bfdCache.set(os, { inputs: os.inputs.length, elements: os.elements.length, view });
  return view;
}

/** lang_add_section's flag rules: SEC_READONLY only while every input has it, the ELF type of the first. */
function addInputs(view: BfdView, inputs: InputSection[], from: number): BfdView {
  for (let i = from; i < inputs.length; i++) {
    const s = inputs[i]!;
    if (s.discarded) continue;
    const f = bfdFlags(s);
    view.flags &= f | ~SEC_READONLY;
    view.flags |= view.anyInput ? f & ~SEC_READONLY : f;
    if (!view.anyInput) view.type = s.type;
    view.anyInput = view.exists = true;
  }
  return view;
}

/**
 * map_input_to_output_sections walks the section's statements in order; the first one that needs the bfd
 * section creates it (init_os): an input section with its own flags, a symbol assignment, ASSERT (an assignment to ld) or FILL with none, a
 * data statement (LONG, BYTE …) with contents, alloc, load and read-only. A data statement after that only
 * adds contents, alloc and load. A section created without an input has the ELF type bfd gives its name
 * (_bfd_elf_get_sec_type_attr: .text, .data, .rodata … PROGBITS, .bss NOBITS, .note* NOTE; others none).
 */
function computeOutputBfd(os: OutputSection): BfdView {
  const view: BfdView = { exists: false, flags: 0, type: 0, anyInput: false };
  for (const e of os.elements) {
    if (e.kind === "sections") addInputs(view, e.sections, 0);
    else if (e.kind === "assign" || e.kind === "assert" || e.kind === "fill") view.exists = true;
    else if (e.kind === "data") {
      if (!view.exists) view.flags = SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY;
      else view.flags |= SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD;
      view.exists = true;
    }
  }
  if (view.exists && !view.anyInput) view.type = elfSpecialType(os.name);
  return view;
}

/** The ELF type bfd gives a new output section by its name (elf.c's special_sections, the ones ld scripts meet). */
export function elfSpecialType(name: string): number {
  const family = (prefix: string) => name === prefix || name.startsWith(prefix + ".");
  if (family(".bss") || family(".tbss") || family(".noinit") || name === ".persistent.bss" || family(".gnu.linkonce.b") || family(".gnu.linkonce.n")) return SHT_NOBITS;
  if (name === ".note.GNU-stack") return SHT_PROGBITS;
  if (name.startsWith(".note")) return SHT_NOTE;
  if (family(".init_array")) return 14;
  if (family(".fini_array")) return 15;
  if (family(".preinit_array")) return 16;
  if (family(".text") || family(".data") || family(".rodata") || family(".tdata") || family(".persistent") || family(".gnu.linkonce.p")) return SHT_PROGBITS;
  if ([".data1", ".rodata1", ".init", ".fini", ".interp", ".comment", ".ctf", ".got", ".line", ".debug", ".debug_line", ".debug_info", ".debug_abbrev", ".debug_aranges"].includes(name)) return SHT_PROGBITS;
  if (name.startsWith(".zdebug")) return SHT_PROGBITS;
  return 0;
}

interface Place { name: string | null; flags: number; os: OutputSection | null; last: OutputSection | null }

export class OrphanPlacer {
  private readonly hold: Record<string, Place> = {
    text: { name: ".text", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_CODE, os: null, last: null },
    rodata: { name: ".rodata", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_DATA, os: null, last: null },
    tdata: { name: ".tdata", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_DATA | SEC_THREAD_LOCAL, os: null, last: null },
    data: { name: ".data", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_DATA, os: null, last: null },
    bss: { name: ".bss", flags: SEC_ALLOC, os: null, last: null },
    interp: { name: ".interp", flags: SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_DATA, os: null, last: null },
    nonalloc: { name: ".comment", flags: SEC_HAS_CONTENTS, os: null, last: null },
  };
  /** look->flags of statements that have no section yet (the class flags of the statements named for a class). */
  private readonly statementFlags = new Map<OutputSection, number>();
  private initDone = false;

  constructor(private readonly statements: Statement[], private readonly make: (name: string) => OutputSection, private readonly elfOutput = true) {}

  private outputs(): OutputSection[] {
    const out: OutputSection[] = [];
    for (const st of this.statements) if (st.kind === "output") out.push(st.os);
    return out;
  }

  private findByName(name: string): OutputSection | null {
    for (const st of this.statements) if (st.kind === "output" && st.os.name === name) return st.os;
    return null;
  }

  /** Place one orphan; returns the output section it went into. */
  place(s: InputSection, secname: string): OutputSection {
    const sflags = bfdFlags(s);
    // 1. An output section of the same name.
    let byName: OutputSection | null = null;
    for (const os of this.outputs()) {
      if (os.name !== secname) continue;
      const b = outputBfd(os);
      if (b.exists && (b.flags === 0 || ((sflags ^ b.flags) & (SEC_LOAD | SEC_ALLOC)) === 0)) return this.add(os, s);
      if (!b.exists) byName = os;
    }
    if (byName) return this.add(byName, s);
    if (!this.initDone) {
      for (const h of Object.values(this.hold)) {
        h.os = h.name ? this.findByName(h.name) : null;
        if (h.os && !outputBfd(h.os).exists) this.statementFlags.set(h.os, h.flags);
      }
      this.initDone = true;
    }
    // 2. Its class.
    let place: Place | null = null;
    if (!(sflags & (SEC_ALLOC | SEC_DEBUGGING))) place = this.hold.nonalloc!;
    else if (!(sflags & SEC_ALLOC)) place = null;
    else if ((sflags & SEC_LOAD) && s.type === SHT_NOTE) place = this.hold.interp!;
    else if (!(sflags & (SEC_LOAD | SEC_HAS_CONTENTS | SEC_THREAD_LOCAL))) place = this.hold.bss!;
    else if (sflags & SEC_THREAD_LOCAL) place = this.hold.tdata!;
    else if (!(sflags & SEC_READONLY)) place = this.hold.data!;
    else if (!(sflags & SEC_CODE)) place = this.hold.rodata!;
    else place = this.hold.text!;

    const os = this.make(secname);
    if (!place) {
      this.statements.push({ kind: "output", os });
      return this.add(os, s);
    }
    place.os ??= place.name ? this.findByName(place.name) : null;
    let after = place.os;
    if (!after) {
      const found = this.findByFlags(s, sflags, true);
      if (found.exact) place.os = found.os;
      after = found.os;
    }
    // An orphan inherits the memory regions of the statement it follows (lang_insert_orphan).
    const cmd = after?.command;
    if (after && (sflags & (SEC_LOAD | SEC_ALLOC)) && cmd && (cmd.region || cmd.lmaRegion)) os.command = inheritRegions(os.name, cmd);
    let at: number;
    if (place.last) at = this.statements.findIndex((x) => x.kind === "output" && x.os === place!.last) + 1;
    else at = this.insertAfter(after ? this.statements.findIndex((x) => x.kind === "output" && x.os === after) : -1);
    // ELF output keeps loaded notes together, larger alignments first: after the last note of the first run of
    // notes whose alignment is at least this one's, else before that run (lang_insert_orphan).
    if (this.elfOutput && (sflags & SEC_LOAD) && s.type === SHT_NOTE) {
      const index = (o: OutputSection) => this.statements.findIndex((x) => x.kind === "output" && x.os === o);
      let first: OutputSection | null = null, afterNote: OutputSection | null = null;
      for (const o of this.outputs()) {
        const b = outputBfd(o);
        if (b.exists && b.type === SHT_NOTE && (b.flags & SEC_LOAD)) {
          first ??= o;
          if (Math.max(1, ...o.inputs.map((x) => x.align)) >= s.align) afterNote = o;
        } else if (first) break;
      }
      if (afterNote) at = index(afterNote) + 1;
      else if (first) at = index(first);
    }
    this.statements.splice(at, 0, { kind: "output", os });
    place.last = os;
    return this.add(os, s);
  }

  private add(os: OutputSection, s: InputSection): OutputSection {
    s.output = os;
    os.inputs.push(s);
    const last = os.elements[os.elements.length - 1];
    if (last && last.kind === "sections") last.sections.push(s);
    else os.elements.push({ kind: "sections", sections: [s], orphan: true });
    return os;
  }

  /** lang_output_section_find_by_flags: the last output statement whose flags suit the section. */
  private findByFlags(s: InputSection, sflags: number, matchType: boolean): { os: OutputSection | null; exact: boolean } {
    const candidates = this.outputs().map((os) => {
      const b = outputBfd(os);
      // Observed in ld 2.40: a non-alloc orphan follows debugging output sections too, as if output sections
      // never carried SEC_DEBUGGING.
      return { os, flags: (b.exists ? b.flags : this.statementFlags.get(os) ?? 0) & ~SEC_DEBUGGING, typeOk: !matchType || !b.exists || b.type === s.type };
    });
    const last = (mask: number): OutputSection | null => {
      let found: OutputSection | null = null;
      for (const c of candidates) if (c.typeOk && !((c.flags ^ sflags) & mask)) found = c.os;
      return found;
    };
    if (!(sflags & SEC_ALLOC)) {
      let found: OutputSection | null = null;
      for (const c of candidates) if (!((c.flags ^ sflags) & SEC_DEBUGGING)) found = c.os;
      return { os: found, exact: false };
    }
    const exact = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY | SEC_CODE | SEC_THREAD_LOCAL);
    if (exact) return { os: exact, exact: true };
    // Loosely: code after any code, read-only data after any read-only section, data after any loaded one,
    // bss after any allocated one.
    let found: OutputSection | null;
    if (sflags & SEC_CODE) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_CODE | SEC_THREAD_LOCAL);
    else if (sflags & SEC_READONLY) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_READONLY);
    else if (sflags & SEC_THREAD_LOCAL) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_THREAD_LOCAL);
    else if (sflags & SEC_HAS_CONTENTS) found = last(SEC_HAS_CONTENTS | SEC_ALLOC | SEC_LOAD | SEC_THREAD_LOCAL);
    else found = last(SEC_ALLOC);
    if (found || !matchType) return { os: found, exact: false };
    const again = this.findByFlags(s, sflags, false);
    return { os: again.os, exact: false };
  }

  /**
   * insert_os_after: after the statement at `index` (-1: ld's *ABS* statement, before everything), past
   * symbol assignments, but before a `. = …` that leads into the next output section.
   */
  private insertAfter(index: number): number {
    let assign = -1;
    let ignoreFirst = index === -1;
    for (let i = index + 1; i < this.statements.length; i++) {
      const x = this.statements[i]!;
      if (x.kind === "assign") {
        if (assign < 0 && x.cmd.target === ".") { if (!ignoreFirst) assign = i; ignoreFirst = false; }
        continue;
      }
      if (x.kind === "assert") continue;
      if (assign >= 0) {
        const b = outputBfd(x.os);
        const hasInputs = x.os.inputs.some((s) => !s.discarded);
        if (!b.exists || !hasInputs || (b.flags & SEC_ALLOC)) return assign;
      }
      return i;
    }
    return this.statements.length;
  }
}

function inheritRegions(name: string, from: OutputSectionCommand): OutputSectionCommand {
  return { kind: "output", name, vaddr: null, noload: false, lma: null, align: null, subalign: null, region: from.region, lmaRegion: from.lmaRegion, fill: null, items: [], loc: from.loc };
}
