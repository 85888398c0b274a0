/**
 * Binning: input sections → output sections, as ld maps them. Script statements claim input sections in
 * script order (within one statement: file order, then section order, unless SORT); /DISCARD/ drops; what
 * is left becomes orphans, placed as ld's ELF emulation places them (orphans.ts). COMMON symbols
 * are allocated into each file's COMMON section first, in ld's hash-table order. Decides no addresses.
 */
import { diagnostic } from "../../../core/diagnostics";
import { SHF_ALLOC, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS } from "../../elf/elf32";
import type { InputCommand, LinkerScript, OutputSectionCommand, SectionPattern } from "../script/ast";
import { bfdTraversal } from "./bfd-hash";
import type { SymbolTable } from "./resolve";
import { OrphanPlacer } from "./orphans";
import type { InputSection, LinkContext, ObjectFile, OutputElement, OutputSection, Statement } from "./types";

// ---- fnmatch-style globs ----
const globCache = new Map<string, RegExp>();
export function globMatch(pattern: string, name: string): boolean {
  if (!/[*?[]/.test(pattern)) return pattern === name;
  let re = globCache.get(pattern);
  if (!re) {
    let src = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "*") src += ".*";
      else if (c === "?") src += ".";
      else if (c === "[") {
        const end = pattern.indexOf("]", i + 1);
        if (end < 0) { src += "\\["; continue; }
        let body = pattern.slice(i + 1, end);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        src += "[" + body.replace(/\\/g, "\\\\") + "]";
        i = end;
      } else src += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
    }
    re = new RegExp("^" + src + "$", "s");
    globCache.set(pattern, re);
  }
  return re.test(name);
}

/**
 * ld matches a plain file name against the name the input was given by (command line or script, ld's
 * lookup_name), a wildcard against the file's path as opened; `archive:member` for members.
 */
function fileMatches(pattern: string, file: ObjectFile): boolean {
  if (pattern === "*") return true;
  if (file.archive === null) return /[*?[]/.test(pattern) ? globMatch(pattern, file.name) : pattern === file.matchName;
  if (pattern.includes(":") && file.archive !== null) {
    const [a, m] = [pattern.slice(0, pattern.lastIndexOf(":")), pattern.slice(pattern.lastIndexOf(":") + 1)];
    const arBase = file.archive.split("/").pop()!;
    return (a === "" || globMatch(a, file.archive) || globMatch(a, arBase)) && (m === "" || globMatch(m, file.matchName));
  }
  if (file.archive !== null) return globMatch(pattern, file.matchName);
  return globMatch(pattern, file.matchName);
}

/** Pass: allocate COMMON symbols in their file's COMMON section (ld: lang_common, no --sort-common). */
export function allocateCommons(files: ObjectFile[], symbols: SymbolTable): void {
  if (!symbols.list.some((s) => s.state === "common")) return;
  // lang_common walks ld's symbol hash table.
  for (const s of bfdTraversal(symbols.list, (g) => g.name)) {
    if (s.state !== "common") continue;
    const file = s.file!;
    if (!file.common) {
      file.common = {
        file, index: -1, name: "COMMON", type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, align: 1, entsize: 0, size: 0, data: new Uint8Array(0),
        relocs: [], relocOffsets: null, output: null, outOffset: 0, discarded: false, keep: false, merge: null, ehCiePointers: null, group: null,
      };
    }
    const c = file.common;
    const align = Math.max(1, s.commonAlign);
    c.size = Math.ceil(c.size / align) * align;
    c.align = Math.max(c.align, align);
    Object.assign(s, { state: "defined", section: c, value: c.size });
    c.size += s.size;
  }
  void files;
}

function newOutput(name: string, command: OutputSectionCommand | null, orphan: boolean): OutputSection {
  return {
    name, command, inputs: [], type: SHT_PROGBITS, flags: 0, align: 1, entsize: 0, vaddr: 0, paddr: 0, size: 0, dropped: false,
    hasContent: false, shndx: 0, fileOffset: 0, dataItems: [], fill: null, fills: [], unfilled: [], orphan, elements: [],
  };
}

function allSections(files: ObjectFile[]): InputSection[] {
  const out: InputSection[] = [];
  for (const f of files) {
    for (const s of f.sections) if (s) out.push(s);
    if (f.common) out.push(f.common);
  }
  return out;
}

function sectionMatches(p: SectionPattern, sec: InputSection): boolean {
  if (p.excludeFiles.some((x) => fileMatches(x, sec.file))) return false;
  return globMatch(p.pattern, sec.name);
}

function matchInputCommand(cmd: InputCommand, files: ObjectFile[], claimed: Set<InputSection>): InputSection[] {
  const got: InputSection[] = [];
  const patterns = cmd.sections;
  for (const f of files) {
    if (!fileMatches(cmd.file, f) || cmd.excludeFiles.some((x) => fileMatches(x, f))) continue;
    const secs: InputSection[] = [];
    for (const s of f.sections) if (s) secs.push(s);
    for (const s of f.linkerCreated) secs.push(s);
    if (f.common) secs.push(f.common);
    for (const s of secs) {
      if (claimed.has(s)) continue;
      if (s.name === "COMMON" && s.index !== -1) continue;
      const ok = patterns === null ? s.index !== -1 || true : patterns.some((p) => sectionMatches(p, s));
      if (!ok) continue;
      got.push(s);
    }
  }
  if (patterns && patterns.some((p) => p.sort !== "none")) {
    const sort = patterns.find((p) => p.sort !== "none")!.sort;
    const idx = new Map(got.map((s, i) => [s, i]));
    got.sort((a, b) => {
      if (sort === "alignment") return b.align - a.align || idx.get(a)! - idx.get(b)!;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : idx.get(a)! - idx.get(b)!;
    });
  }
  for (const s of got) { claimed.add(s); if (cmd.keep) s.keep = true; }
  return got;
}

export interface Binned {
  statements: Statement[];
  outputs: OutputSection[];
  discarded: InputSection[];
}

/** Pass: map input sections to output sections (script statements, /DISCARD/, orphans). */
export function binSections(ctx: LinkContext, files: ObjectFile[], script: LinkerScript, oformat: "elf32" | "binary" = "elf32"): Binned {
  const claimed = new Set<InputSection>();
  const discarded: InputSection[] = [];
  const statements: Statement[] = [];
  const outputs: OutputSection[] = [];

  for (const cmd of script.commands) {
    if (cmd.kind === "assign") { statements.push({ kind: "assign", cmd }); continue; }
    if (cmd.kind === "assert") { statements.push({ kind: "assert", cmd }); continue; }
    if (cmd.name === "/DISCARD/") {
      for (const item of cmd.items) if (item.kind === "input") for (const s of matchInputCommand(item, files, claimed)) { s.discarded = true; discarded.push(s); }
      continue;
    }
    // ld merges statements naming the same output section only for orphans; a repeated name is a second statement.
    const os = newOutput(cmd.name, cmd, false);
    if (cmd.noload) os.type = SHT_NOBITS;
    for (const item of cmd.items) {
      let el: OutputElement;
      if (item.kind === "input") {
        const secs = matchInputCommand(item, files, claimed);
        for (const s of secs) s.output = os;
        el = { kind: "sections", sections: secs };
        for (const x of secs) os.inputs.push(x);
      } else if (item.kind === "assign") el = { kind: "assign", cmd: item };
      else if (item.kind === "assert") el = { kind: "assert", cmd: item };
      else if (item.kind === "data") { el = { kind: "data", cmd: item }; os.hasContent = true; }
      else el = { kind: "fill", cmd: item };
      os.elements.push(el);
    }
    outputs.push(os);
    statements.push({ kind: "output", os });
  }

  // Orphans, in load order (file by file, section by section), as ld's ELF emulation places them.
  const placer = new OrphanPlacer(statements, (name) => { const os = newOutput(name, null, true); outputs.push(os); return os; }, oformat !== "binary");
  for (const s of allSections(files)) {
    if (claimed.has(s) || s.discarded) continue;
    if (s.name === "COMMON" && s.index === -1) {
      // A lonely COMMON goes into the first `.bss` statement (lang_place_orphans), not through the class rules.
      const bss = statements.find((x) => x.kind === "output" && x.os.name === ".bss");
      if (bss && bss.kind === "output") { addTo(bss.os, s); continue; }
    }
    placer.place(s, s.name === "COMMON" ? ".bss" : s.name);
  }
  void ctx; void diagnostic;
  return { statements, outputs, discarded };
}

function addTo(os: OutputSection, s: InputSection): void {
  s.output = os;
  os.inputs.push(s);
  const last = os.elements[os.elements.length - 1];
  if (last && last.kind === "sections") last.sections.push(s);
  else os.elements.push({ kind: "sections", sections: [s] });
}
