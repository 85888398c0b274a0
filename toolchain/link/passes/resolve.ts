/**
 * Read inputs and resolve symbols with ld's rules: objects in command-line order; archives pull a member only
 * when its armap names a symbol that is undefined at that point (weak references and commons pull nothing),
 * repeating over the armap until nothing changes; strong beats weak, the first weak wins, a definition beats a
 * common, the largest common wins; COMDAT groups keep their first copy. Allocates nothing: addresses are later.
 */
import { diagnostic } from "../../../core/diagnostics";
import { hex } from "../../../core/hex";
import { isArchive, readArchive } from "../../elf/archive";
import {
  EM_386, ET_REL, GRP_COMDAT, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS, SHN_COMMON, SHN_LORESERVE, SHN_UNDEF, SHT_GROUP, SHT_NOBITS,
  SHT_NULL, SHT_PROGBITS, SHT_REL, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK,
} from "../../elf/elf32";
import { checkRelocatable, isElf, readElfShared, readRelocations } from "../../elf/read";
import type { LoadItem } from "./inputs";
import { LINKER_CREATED, type GlobalSymbol, type InputSection, type LinkContext, type ObjectFile } from "./types";

const SHT_SYMTAB_SHNDX = 18;
const SHF_EXCLUDE = 0x80000000;

export interface SymbolTable {
  byName: Map<string, GlobalSymbol>;
  /** Insertion order (ld's hash table insertion order). */
  list: GlobalSymbol[];
}

export function newSymbol(table: SymbolTable, name: string): GlobalSymbol {
  let s = table.byName.get(name);
  if (s) return s;
  s = {
    name, state: "undefined", binding: "global", file: null, section: null, value: 0, size: 0, type: 0, other: 0, commonAlign: 1,
    weakRef: true, scriptSection: null, scriptDefined: false, order: table.list.length, referenced: false, hidden: false,
  };
  table.byName.set(name, s);
  table.list.push(s);
  return s;
}

function where(file: ObjectFile, section: InputSection | null, value: number): string {
  return section ? `${file.name}:(${section.name}+${"0x" + value.toString(16)})` : `${file.name}:(*ABS*+${hex(value)})`;
}

/** Cook one relocatable object: input sections, relocations, COMDAT, .note.GNU-stack. */
function cookObject(ctx: LinkContext, name: string, matchName: string, archive: string | null, bytes: Uint8Array, groups: Set<string>): ObjectFile | null {
  const elf = readElfShared(bytes, name);
  if (elf.type === ET_REL) checkRelocatable(elf);
  if (elf.type !== ET_REL) { ctx.errors.push(diagnostic("malformed-object", `${name}: e_type: ${elf.type} is not ET_REL (a relocatable object)`, { file: name, line: 0, column: 0 })); return null; }
  if (elf.machine !== EM_386) { ctx.errors.push(diagnostic("malformed-object", `${name}: e_machine: ${elf.machine} is not EM_386 (i386)`, { file: name, line: 0, column: 0 })); return null; }
  const file: ObjectFile = { name, matchName, archive, elf, sections: [], globals: [], common: null, gnuStack: false, execStack: false, hasGnuProperty: false, linkerCreated: [] };
  const discardedByGroup = new Set<number>();
  const groupOf = new Map<number, string>();
  for (const s of elf.sections) {
    if (s.type !== SHT_GROUP) continue;
    const dv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    if (s.data.length < 4) continue;
    const sig = elf.symbols[s.info]?.name ?? s.name;
    const comdat = (dv.getUint32(0, true) & GRP_COMDAT) !== 0;
    const dup = comdat && groups.has(sig);
    if (comdat) groups.add(sig);
    for (let o = 4; o + 4 <= s.data.length; o += 4) {
      const idx = dv.getUint32(o, true);
      groupOf.set(idx, sig);
      if (dup) discardedByGroup.add(idx);
    }
  }
  for (const s of elf.sections) {
    let sec: InputSection | null = null;
    const skip = s.type === SHT_NULL || s.type === SHT_SYMTAB || s.type === SHT_REL || s.type === SHT_RELA || s.type === SHT_GROUP ||
      s.type === SHT_SYMTAB_SHNDX || (s.type === SHT_STRTAB && !(s.flags & SHF_ALLOC)) || (s.flags & SHF_EXCLUDE) !== 0;
    if (s.name === ".note.GNU-stack") { file.gnuStack = true; if (s.flags & SHF_EXECINSTR) file.execStack = true; }
    else if (!skip && !discardedByGroup.has(s.index)) {
      // .note.gnu.property is an input like any other for a flat binary; ELF output drops it (link.ts).
      if (s.name === ".note.gnu.property") file.hasGnuProperty = true;
      sec = {
        file, index: s.index, name: s.name, type: s.type, flags: s.flags, align: Math.max(1, s.addralign), entsize: s.entsize, size: s.size,
        data: s.type === SHT_NOBITS ? new Uint8Array(0) : s.data, relocs: [], relocOffsets: null, output: null, outOffset: 0,
        discarded: false, keep: false, merge: null, ehCiePointers: null, group: groupOf.get(s.index) ?? null,
      };
    }
    file.sections.push(sec);
  }
  for (const s of elf.sections) {
    if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
    const target = file.sections[s.info];
    if (!target) continue;
    const list = readRelocations(elf, s);
    if (target.relocs.length === 0) target.relocs = list;
    else for (const r of list) target.relocs.push(r); // no spread: objects can carry 100k+ relocations
  }
  return file;
}

/** Add one object's global symbols to the table, with ld's precedence rules. */
function addSymbols(ctx: LinkContext, table: SymbolTable, file: ObjectFile): void {
  for (const sym of file.elf.symbols) {
    if (sym.index === 0 || sym.bind === STB_LOCAL) { file.globals.push(null); continue; }
    const g = newSymbol(table, sym.name);
    file.globals.push(g);
    const weak = sym.bind === STB_WEAK;
    if (sym.shndx === SHN_UNDEF) {
      g.referenced = true;
      if (!weak) g.weakRef = false;
      continue;
    }
    if (sym.shndx < SHN_LORESERVE && file.sections[sym.shndx] === null && file.elf.sections[sym.shndx] && sym.bind !== STB_LOCAL) {
      // Defined in a section we dropped (discarded COMDAT copy, .note …): the kept copy defines it.
      g.referenced = true;
      if (!weak) g.weakRef = false;
      continue;
    }
    if (sym.shndx === SHN_COMMON) {
      if (g.state === "undefined") {
        Object.assign(g, { state: "common", file, section: null, value: 0, size: sym.size, type: sym.type, other: sym.other, commonAlign: Math.max(1, sym.value), binding: "global" });
      } else if (g.state === "common") {
        if (sym.size > g.size) { g.size = sym.size; g.file = file; }
        g.commonAlign = Math.max(g.commonAlign, sym.value);
      }
      continue;
    }
    const section = sym.shndx === SHN_ABS || sym.shndx >= SHN_LORESERVE ? null : file.sections[sym.shndx] ?? null;
    const define = () => Object.assign(g, { state: "defined", file, section, value: sym.value, size: sym.size, type: sym.type, other: sym.other, binding: weak ? "weak" : "global", hidden: (sym.other & 3) === 2 });
    if (g.state === "undefined" || g.state === "common") { define(); continue; }
    if (g.binding === "weak" && !weak) { define(); continue; }
    if (weak || g.binding === "weak") continue;
    if (g.section?.group && section?.group && g.section.group === section.group) continue;
    ctx.errors.push(diagnostic("duplicate-symbol", `multiple definition of '${sym.name}'`, { file: file.name, line: 0, column: 0 }, [
      { text: `defined at ${where(file, section, sym.value)}` },
      { text: `first defined at ${g.file ? where(g.file, g.section, g.value) : "the linker script"}` },
    ]));
  }
  void STB_GLOBAL;
}

export interface ResolvedInputs { files: ObjectFile[]; symbols: SymbolTable }

/** Pass: read every input (objects and archives, by magic), in load order, and resolve global symbols. */
/**
 * `scriptSymbols`: the names a -T script assigns (not PROVIDE), which ld enters in its hash table when its
 * walk of the statements (open_input_bfds) reaches the script, before the inputs named after it: `at` items in.
 */
export function resolveSymbols(
  ctx: LinkContext, items: readonly LoadItem[], entry: string | null, undefs: readonly string[] = [], scriptSymbols?: { at: number; names: readonly string[] },
): ResolvedInputs {
  const table: SymbolTable = { byName: new Map(), list: [] };
  const files: ObjectFile[] = [];
  const groups = new Set<string>();
  if (entry) { const e = newSymbol(table, entry); e.weakRef = false; }
  // -u and EXTERN: undefined before any input, so archives supply them.
  for (const name of undefs) { const u = newSymbol(table, name); u.weakRef = false; }
  interface ArchiveState { name: string; ar: ReturnType<typeof readArchive>; byOffset: Map<number, { name: string; bytes: Uint8Array }>; loaded: Set<number> }
  /** One pass over the armap, repeated until it pulls nothing; true when it pulled a member. */
  const scanArchive = (a: ArchiveState): boolean => {
    let any = false;
    let changed = true;
    while (changed) {
      changed = false;
      for (const entrySym of a.ar.symbols) {
        if (a.loaded.has(entrySym.memberOffset)) continue;
        const g = table.byName.get(entrySym.name);
        if (!g || g.state !== "undefined" || g.weakRef) continue;
        const member = a.byOffset.get(entrySym.memberOffset);
        if (!member) continue;
        a.loaded.add(entrySym.memberOffset);
        const base = a.name.split("/").pop()!;
        const file = cookObject(ctx, `${base}(${member.name})`, member.name, a.name, member.bytes, groups);
        if (!file) continue;
        files.push(file);
        addSymbols(ctx, table, file);
        changed = any = true;
      }
    }
    return any;
  };
  let groupArchives: ArchiveState[] = [];
  const enterScriptSymbols = () => { for (const name of scriptSymbols?.names ?? []) newSymbol(table, name); };
  items.forEach((item, i) => {
    if (scriptSymbols && i === scriptSymbols.at) enterScriptSymbols();
    const input = item.input;
    if (isArchive(input.bytes)) {
      const ar = readArchive(input.bytes, input.name);
      const state: ArchiveState = { name: input.name, ar, byOffset: new Map(ar.members.map((m) => [m.offset, m])), loaded: new Set() };
      scanArchive(state);
      if (item.group !== null) groupArchives.push(state);
    } else if (!isElf(input.bytes)) {
      ctx.errors.push(diagnostic("malformed-object", `${input.name}: e_ident: not an ELF object or ar archive (file format not recognized)`, { file: input.name, line: 0, column: 0 }));
    } else {
      const file = cookObject(ctx, input.name, item.matchName, null, input.bytes, groups);
      if (file) { files.push(file); addSymbols(ctx, table, file); }
    }
    // The end of a GROUP: its archives are searched again until none pulls a member.
    if (item.group !== null && items[i + 1]?.group !== item.group) {
      let again = groupArchives.length > 1;
      while (again) { again = false; for (const a of groupArchives) if (scanArchive(a)) again = true; }
      groupArchives = [];
    }
  });
  if (scriptSymbols && scriptSymbols.at >= items.length) enterScriptSymbols();
  if (files[0]) {
    files[0].linkerCreated = linkerCreatedSections(files[0]);
    // Making .got there also enters _GLOBAL_OFFSET_TABLE_ in ld's table (never output in a static link unless
    // referenced): it counts towards the table's growth.
    newSymbol(table, "_GLOBAL_OFFSET_TABLE_");
  }
  return { files, symbols: table };
}

/** The empty dynamic-linking sections elf_i386 creates in its first input object even for a static link. */
function linkerCreatedSections(file: ObjectFile): InputSection[] {
  const A = SHF_ALLOC, WA = SHF_ALLOC | SHF_WRITE, AX = SHF_ALLOC | SHF_EXECINSTR;
  const list: [string, number, number, number][] = [
    [".rel.got", SHT_REL, A, 8], [".got", SHT_PROGBITS, WA, 0], [".got.plt", SHT_PROGBITS, WA, 0],
    [".iplt", SHT_PROGBITS, AX, 0], [".rel.iplt", SHT_REL, A, 8], [".igot.plt", SHT_PROGBITS, WA, 0],
  ];
  return list.map(([name, type, flags, entsize]) => ({
    file, index: LINKER_CREATED, name, type, flags, align: 4, entsize, size: 0, data: new Uint8Array(0), relocs: [], relocOffsets: null, output: null,
    outOffset: 0, discarded: false, keep: false, merge: null, ehCiePointers: null, group: null,
  }));
}
