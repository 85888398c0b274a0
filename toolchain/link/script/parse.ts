/**
 * GNU ld linker script parser (the subset real kernels use) → LinkerScript (script/ast.ts).
 * Scanning is context-sensitive as in ld: expression names, output-section names and input-file globs use
 * different character sets, so the parser pulls tokens through small scanners rather than a token stream.
 * Errors are KernlabError("script-syntax") with file:line:col and the source line. Does not evaluate anything.
 */
import { diagnostic, KernlabError, type Location } from "../../../core/diagnostics";
import type {
  AssertCommand, AssignCommand, Expr, InputCommand, LinkerScript, MemoryRegion, OutputSectionCommand, PhdrCommand, SectionItem,
  SectionPattern, TopCommand,
} from "./ast";

export interface ParseScriptOptions {
  /** Resolves INCLUDE; returns null when the file does not exist. */
  readFile?: (path: string) => Uint8Array | null;
}

const EXPR_START = /[A-Za-z_.$]/;
const EXPR_CHAR = /[A-Za-z0-9_.$]/;
/** Characters of output section names and input globs (ld's wildcard state), minus the delimiters. */
const GLOB_CHAR = /[^\s(){};,="]/;
const ASSIGN_OPS = ["<<=", ">>=", "+=", "-=", "*=", "/=", "&=", "|=", "="];
const SECTION_TYPES = new Set(["NOLOAD", "COPY", "INFO", "OVERLAY", "DSECT", "READONLY"]);

class Scanner {
  pos = 0;
  readonly lines: string[];
  constructor(readonly text: string, readonly file: string) {
    this.lines = text.split("\n");
  }

  /** Offset of each line's first character (made once: a location is a binary search, not a scan from the start). */
  private lineStarts: number[] | null = null;

  loc(at = this.pos, length = 1): Location {
    const starts = (this.lineStarts ??= this.lines.reduce<number[]>((acc, l, i) => { acc.push(i === 0 ? 0 : acc[i - 1]! + this.lines[i - 1]!.length + 1); return acc; }, []));
    const target = Math.max(0, Math.min(at, this.text.length));
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= target) lo = mid; else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: target - starts[lo]! + 1, lineText: this.lines[lo] ?? "", length };
  }

  fail(text: string, at = this.pos, length = 1): never {
    throw new KernlabError(diagnostic("script-syntax", text, this.loc(at, length)));
  }

  /** Skip white space and comments (C style, plus `#` at line start as some scripts use it). */
  ws(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) return;
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") { this.pos++; continue; }
      if (c === "/" && t[this.pos + 1] === "*") {
        const end = t.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("unterminated comment");
        this.pos = end + 2;
        continue;
      }
      return;
    }
  }

  peek(): string { this.ws(); return this.text[this.pos] ?? ""; }
  eof(): boolean { return this.peek() === ""; }

  startsWith(s: string): boolean { this.ws(); return this.text.startsWith(s, this.pos); }

  accept(s: string): boolean {
    if (this.startsWith(s)) { this.pos += s.length; return true; }
    return false;
  }

  expect(s: string, what?: string): void {
    if (!this.accept(s)) {
      const got = this.eof() ? "end of file" : `'${this.text.slice(this.pos, this.pos + 12).split(/\s/)[0]}'`;
      this.fail(`expected ${what ?? `'${s}'`}, found ${got}`);
    }
  }

  /** An expression-state name, or "" when none starts here. */
  exprName(): string {
    this.ws();
    const start = this.pos;
    if (!EXPR_START.test(this.text[this.pos] ?? "")) return "";
    while (EXPR_CHAR.test(this.text[this.pos] ?? "")) this.pos++;
    return this.text.slice(start, this.pos);
  }

  peekExprName(): string {
    const save = this.pos;
    const n = this.exprName();
    this.pos = save;
    return n;
  }

  /** A wildcard-state name: output section names, file and section globs. Quoted strings are allowed. */
  glob(stopAtColon = false): string {
    this.ws();
    if (this.text[this.pos] === '"') return this.string();
    const start = this.pos;
    while (GLOB_CHAR.test(this.text[this.pos] ?? "") && !(stopAtColon && this.text[this.pos] === ":")) this.pos++;
    return this.text.slice(start, this.pos);
  }

  string(): string {
    this.ws();
    if (this.text[this.pos] !== '"') this.fail("expected a quoted string");
    const end = this.text.indexOf('"', this.pos + 1);
    if (end < 0) this.fail("unterminated string");
    const s = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return s;
  }

  /** A keyword followed by "(", without consuming anything unless it matches. */
  acceptCall(name: string): boolean {
    const save = this.pos;
    if (this.exprName() === name && this.peek() === "(") { this.pos++; return true; }
    this.pos = save;
    return false;
  }
}

export function parseLinkerScript(text: string, file: string, options: ParseScriptOptions = {}): LinkerScript {
  const script: LinkerScript = { entry: null, outputFormat: null, memory: [], phdrs: [], commands: [], hasSections: false, inputs: [], files: [], externs: [], searchDirs: [] };
  parseInto(script, new Scanner(text, file), options, 0);
  return script;
}

function include(script: LinkerScript, sc: Scanner, options: ParseScriptOptions, depth: number, at: number, path: string, into: "top" | "sections"): TopCommand[] {
  if (depth > 16) sc.fail(`INCLUDE nesting too deep at '${path}'`, at);
  const bytes = options.readFile?.(path) ?? null;
  if (!bytes) sc.fail(`cannot find INCLUDE file '${path}'`, at, path.length + 8);
  const inner = new Scanner(new TextDecoder().decode(bytes), path);
  if (into === "top") { parseInto(script, inner, options, depth + 1); return []; }
  const out: TopCommand[] = [];
  while (!inner.eof()) parseSectionsStatement(script, inner, options, depth + 1, out);
  return out;
}

// script = { top_statement }
function parseInto(script: LinkerScript, sc: Scanner, options: ParseScriptOptions, depth: number): void {
  while (!sc.eof()) {
    if (sc.accept(";")) continue;
    const at = sc.pos;
    const word = sc.peekExprName();
    switch (word) {
      case "ENTRY": sc.exprName(); sc.expect("("); script.entry = sc.glob(); sc.expect(")"); continue;
      case "OUTPUT_FORMAT": {
        sc.exprName(); sc.expect("(");
        const fmt = sc.glob();
        while (sc.accept(",")) sc.glob();
        sc.expect(")");
        script.outputFormat = fmt;
        continue;
      }
      case "OUTPUT_ARCH": case "TARGET": case "OUTPUT": case "SEARCH_DIR": case "STARTUP": case "EXTERN": case "FORCE_COMMON_ALLOCATION":
      case "INHIBIT_COMMON_ALLOCATION": case "NOCROSSREFS": {
        sc.exprName();
        if (word === "FORCE_COMMON_ALLOCATION" || word === "INHIBIT_COMMON_ALLOCATION") continue;
        sc.expect("(");
        while (!sc.accept(")")) {
          if (sc.eof()) sc.fail(`unterminated ${word}(`, at);
          sc.ws();
          const from = sc.pos;
          const v = sc.glob();
          if (word === "SEARCH_DIR") script.searchDirs.push(v);
          if (word === "EXTERN" && v) script.externs.push(v);
          if (word === "STARTUP" && v) script.files.push({ kind: "startup", name: v, group: null, loc: sc.loc(from, v.length) });
          if (!v && !sc.accept(",")) sc.fail(`unexpected '${sc.peek()}' in ${word}`);
        }
        continue;
      }
      case "INPUT": case "GROUP": {
        sc.exprName(); sc.expect("(");
        const group = word === "GROUP" ? script.files.reduce((n, f) => Math.max(n, (f.group ?? -1) + 1), 0) : null;
        const add = (v: string, from: number) => { script.inputs.push(v); script.files.push({ kind: "input", name: v, group, loc: sc.loc(from, v.length) }); };
        while (!sc.accept(")")) {
          if (sc.eof()) sc.fail(`unterminated ${word}(`, at);
          if (sc.accept(",")) continue;
          if (sc.acceptCall("AS_NEEDED")) { while (!sc.accept(")")) { if (sc.accept(",")) continue; const from = sc.pos; add(sc.glob(), from); } continue; }
          sc.ws();
          const from = sc.pos;
          const v = sc.glob();
          if (!v) sc.fail(`unexpected '${sc.peek()}' in ${word}`);
          add(v, from);
        }
        continue;
      }
      case "INCLUDE": { sc.exprName(); const p = sc.glob(); include(script, sc, options, depth, at, p, "top"); continue; }
      case "MEMORY": sc.exprName(); parseMemory(script, sc); continue;
      case "SECTIONS": {
        sc.exprName(); sc.expect("{");
        script.hasSections = true;
        while (!sc.accept("}")) {
          if (sc.eof()) sc.fail("SECTIONS block is not closed: expected '}'", at, 8);
          parseSectionsStatement(script, sc, options, depth, script.commands);
        }
        continue;
      }
      case "PHDRS": sc.exprName(); parsePhdrs(script, sc, at); continue;
      default: {
        const cmd = parseAssignOrAssert(sc);
        if (!cmd) sc.fail(`unexpected '${sc.text.slice(sc.pos, sc.pos + 16).split(/\s/)[0]}' in linker script`);
        script.commands.push(cmd);
      }
    }
  }
}

 /** ld's names for program header types (ldgram.y's phdr_type); anything else must be a number. */
const PHDR_TYPES: Record<string, number> = {
  PT_NULL: 0, PT_LOAD: 1, PT_DYNAMIC: 2, PT_INTERP: 3, PT_NOTE: 4, PT_SHLIB: 5, PT_PHDR: 6, PT_TLS: 7,
  PT_GNU_EH_FRAME: 0x6474e550, PT_GNU_STACK: 0x6474e551, PT_GNU_RELRO: 0x6474e552, PT_GNU_PROPERTY: 0x6474e553,
};

// phdrs = "PHDRS" "{" { name type { FILEHDR | PHDRS | AT "(" expr ")" | FLAGS "(" expr ")" } ";" } "}"
function parsePhdrs(script: LinkerScript, sc: Scanner, at: number): void {
  sc.expect("{", "'{' after PHDRS");
  while (!sc.accept("}")) {
    if (sc.eof()) sc.fail("PHDRS block is not closed: expected '}'", at, 5);
    sc.ws();
    const from = sc.pos;
    const name = sc.exprName();
    if (!name) sc.fail(`expected a program header name in PHDRS, found '${sc.peek()}'`);
    sc.ws();
    const typeAt = sc.pos;
    const typeExpr = parseExpr(sc);
    let type: number;
    if (typeExpr.kind === "num") type = typeExpr.value >>> 0;
    else if (typeExpr.kind === "sym") {
      const t = PHDR_TYPES[typeExpr.name];
      if (t === undefined) sc.fail(`unknown phdr type '${typeExpr.name}' (try integer literal)`, typeAt, typeExpr.name.length);
      type = t;
    } else sc.fail("program header type: kernlab takes a PT_ name or a number here, not an expression", typeAt, Math.max(1, sc.pos - typeAt));
    if (script.phdrs.some((p) => p.name === name)) sc.fail(`program header '${name}' is defined twice (kernlab refuses it)`, from, name.length);
    const phdr: PhdrCommand = { name, type, filehdr: false, phdrs: false, at: null, flags: null, loc: sc.loc(from, name.length) };
    // ld's phdr_qualifiers: any order; a repeated AT/FLAGS keeps the first one written.
    while (!sc.accept(";")) {
      if (sc.eof()) sc.fail(`expected ';' after program header '${name}'`, from, name.length);
      sc.ws();
      const qat = sc.pos;
      const q = sc.exprName();
      if (!q) sc.fail(`expected ';' after program header '${name}', found '${sc.peek()}'`);
      const hasValue = sc.accept("(");
      let value: Expr | null = null;
      if (hasValue) { value = parseExpr(sc); sc.expect(")"); }
      if (q === "FILEHDR" && !hasValue) phdr.filehdr = true;
      else if (q === "PHDRS" && !hasValue) phdr.phdrs = true;
      else if (q === "FLAGS" && value) phdr.flags ??= value;
      else if (q === "AT" && value) phdr.at ??= value;
      else sc.fail(`PHDRS syntax error at '${q}'`, qat, q.length);
    }
    // ld (lang_new_phdr): a PT_LOAD with the headers may not follow a PT_LOAD without them.
    if (type === 1 && (phdr.filehdr || phdr.phdrs) && script.phdrs.some((p) => p.type === 1 && !p.filehdr && !p.phdrs)) {
      sc.fail("PHDRS and FILEHDR are not supported when prior PT_LOAD headers lack them", from, name.length);
    }
    script.phdrs.push(phdr);
  }
}

// memory = "MEMORY" "{" { name ["(" attrs ")"] ":" ORIGIN "=" expr "," LENGTH "=" expr } "}"
function parseMemory(script: LinkerScript, sc: Scanner): void {
  sc.expect("{");
  while (!sc.accept("}")) {
    if (sc.eof()) sc.fail("MEMORY block is not closed: expected '}'");
    const at = sc.pos;
    const name = sc.exprName();
    if (!name) sc.fail("expected a memory region name");
    let attrs = "";
    if (sc.accept("(")) { const s = sc.pos; while (sc.peek() !== ")" && !sc.eof()) sc.pos++; attrs = sc.text.slice(s, sc.pos); sc.expect(")"); }
    sc.expect(":");
    const kw1 = sc.exprName();
    if (!/^(ORIGIN|org|o)$/.test(kw1)) sc.fail("expected ORIGIN");
    sc.expect("=");
    const origin = parseExpr(sc);
    sc.accept(",");
    const kw2 = sc.exprName();
    if (!/^(LENGTH|len|l)$/.test(kw2)) sc.fail("expected LENGTH");
    sc.expect("=");
    const length = parseExpr(sc);
    sc.accept(",");
    const region: MemoryRegion = { name, attrs, origin, length, loc: sc.loc(at, name.length) };
    script.memory.push(region);
  }
}

// assignment = name op expr ";" | PROVIDE "(" name "=" expr ")" | HIDDEN(...) | PROVIDE_HIDDEN(...) ; assert = ASSERT "(" expr "," string ")" [";"] (";" or "," required inside an output section)
function parseAssignOrAssert(sc: Scanner, inSection = false): AssignCommand | AssertCommand | null {
  const at = sc.pos;
  const word = sc.peekExprName();
  if (word === "ASSERT") {
    sc.exprName(); sc.expect("(");
    const expr = parseExpr(sc);
    sc.expect(",");
    const message = sc.string();
    sc.expect(")");
    // ld's grammar: a separator is optional outside output sections, required inside one (`{ ASSERT(…) }` is
    // ld's "syntax error").
    if (!sc.accept(";") && inSection && !sc.accept(",")) sc.fail("expected ';' after ASSERT(…) inside an output section");
    return { kind: "assert", expr, message, loc: sc.loc(at, 6) };
  }
  if (word === "PROVIDE" || word === "PROVIDE_HIDDEN" || word === "HIDDEN") {
    sc.exprName(); sc.expect("(");
    const nameAt = sc.pos;
    const target = sc.peek() === '"' ? sc.string() : sc.exprName();
    if (!target) sc.fail(`expected a symbol name in ${word}`);
    sc.expect("=");
    const expr = parseExpr(sc);
    sc.expect(")");
    sc.expect(";", "';' after " + word + "(…)");
    return { kind: "assign", target, op: "=", expr, provide: word !== "HIDDEN", hidden: word !== "PROVIDE", loc: sc.loc(nameAt, target.length) };
  }
  const save = sc.pos;
  const target = sc.peek() === '"' ? sc.string() : sc.exprName();
  if (!target) { sc.pos = save; return null; }
  sc.ws();
  const op = ASSIGN_OPS.find((o) => sc.text.startsWith(o, sc.pos) && !(o === "=" && sc.text[sc.pos + 1] === "="));
  if (!op) { sc.pos = save; return null; }
  sc.pos += op.length;
  const expr = parseExpr(sc);
  if (!sc.accept(";")) {
    // ld accepts a missing ';' only before '}' in some grammars; require it as ld does for statements.
    sc.fail(`expected ';' after assignment to '${target}'`);
  }
  return { kind: "assign", target, op, expr, provide: false, hidden: false, loc: sc.loc(at, target.length) };
}

// sections_statement = ENTRY(...) | assignment | ASSERT | INCLUDE | output_section | ";"
function parseSectionsStatement(script: LinkerScript, sc: Scanner, options: ParseScriptOptions, depth: number, out: TopCommand[]): void {
  if (sc.accept(";")) return;
  const at = sc.pos;
  const word = sc.peekExprName();
  if (word === "ENTRY") { sc.exprName(); sc.expect("("); script.entry = sc.glob(); sc.expect(")"); return; }
  if (word === "INCLUDE") { sc.exprName(); const p = sc.glob(); out.push(...include(script, sc, options, depth, at, p, "sections")); return; }
  if (word === "OVERLAY") sc.fail("OVERLAY is not supported by kernlab's linker", at, 7);
  const a = parseAssignOrAssert(sc);
  if (a) { out.push(a); return; }
  out.push(parseOutputSection(script, sc, options, depth));
}

// output_section = name [addr] ["(" type ")"] ":" [AT "(" expr ")"] [ALIGN "(" expr ")"] [SUBALIGN "(" expr ")"]
//                  "{" { item } "}" [">" region] ["AT" ">" region] {":" phdr} ["=" fill] [","]
function parseOutputSection(script: LinkerScript, sc: Scanner, options: ParseScriptOptions, depth: number): OutputSectionCommand {
  const at = sc.pos;
  const name = sc.glob(true);
  if (!name) sc.fail(`expected an output section, assignment or '}', found '${sc.peek()}'`);
  const cmd: OutputSectionCommand = {
    kind: "output", name, vaddr: null, noload: false, lma: null, align: null, subalign: null, region: null, lmaRegion: null,
    fill: null, items: [], loc: sc.loc(at, name.length),
  };
  const sectionType = (): boolean => {
    const save = sc.pos;
    if (sc.accept("(")) {
      const t = sc.exprName();
      if (SECTION_TYPES.has(t) && sc.accept(")")) { if (t === "NOLOAD") cmd.noload = true; return true; }
    }
    sc.pos = save;
    return false;
  };
  if (sc.peek() === "{") sc.fail(`expected ':' after output section ${name}, found '{'`);
  if (sc.peek() !== ":") {
    if (!sectionType()) {
      cmd.vaddr = parseExpr(sc);
      sectionType();
    }
  }
  sc.expect(":", `':' after output section ${name}`);
  for (;;) {
    if (sc.acceptCall("AT")) { cmd.lma = parseExpr(sc); sc.expect(")"); continue; }
    if (sc.acceptCall("ALIGN")) { cmd.align = parseExpr(sc); sc.expect(")"); continue; }
    if (sc.acceptCall("SUBALIGN")) { cmd.subalign = parseExpr(sc); sc.expect(")"); continue; }
    const kw = sc.peekExprName();
    if (kw === "ONLY_IF_RO" || kw === "ONLY_IF_RW" || kw === "NOCROSSREFS") { sc.exprName(); continue; }
    break;
  }
  sc.expect("{", `'{' to open output section ${name}`);
  while (!sc.accept("}")) {
    if (sc.eof()) sc.fail(`output section ${name} is not closed: expected '}'`, at, name.length);
    parseSectionItem(script, sc, options, depth, cmd.items);
  }
  for (;;) {
    if (sc.startsWith("AT>") || (sc.startsWith("AT") && /^AT\s*>/.test(sc.text.slice(sc.pos, sc.pos + 8)))) {
      sc.exprName(); sc.expect(">"); cmd.lmaRegion = sc.exprName(); continue;
    }
    if (sc.startsWith(">")) { sc.pos++; cmd.region = sc.exprName(); if (!cmd.region) sc.fail("expected a memory region name after '>'"); continue; }
    if (sc.startsWith(":")) {
      sc.pos++;
      sc.ws();
      const from = sc.pos;
      const phdr = sc.exprName();
      if (!phdr) sc.fail(`expected a program header name after ':' (output section ${name})`);
      (cmd.phdrs ??= []).push({ name: phdr, loc: sc.loc(from, phdr.length) });
      continue;
    }
    if (sc.startsWith("=")) { sc.pos++; const hex = hexPattern(sc); cmd.fill = parseExpr(sc); if (hex) cmd.fillHexPattern = hex; continue; }
    break;
  }
  sc.accept(",");
  return cmd;
}

// item = assignment | ASSERT | KEEP "(" input ")" | BYTE|SHORT|LONG|QUAD|SQUAD "(" expr ")" | FILL "(" expr ")" | input | ";"
function parseSectionItem(script: LinkerScript, sc: Scanner, options: ParseScriptOptions, depth: number, out: SectionItem[]): void {
  if (sc.accept(";")) return;
  const at = sc.pos;
  const word = sc.peekExprName();
  if (word === "INCLUDE") {
    sc.exprName();
    const p = sc.glob();
    if (depth > 16) sc.fail(`INCLUDE nesting too deep at '${p}'`, at);
    const bytes = options.readFile?.(p) ?? null;
    if (!bytes) sc.fail(`cannot find INCLUDE file '${p}'`, at, p.length + 8);
    const inner = new Scanner(new TextDecoder().decode(bytes), p);
    while (!inner.eof()) parseSectionItem(script, inner, options, depth + 1, out);
    return;
  }
  const sizes: Record<string, 1 | 2 | 4 | 8> = { BYTE: 1, SHORT: 2, LONG: 4, QUAD: 8, SQUAD: 8 };
  if (word in sizes && sc.acceptCall(word)) {
    const expr = parseExpr(sc); sc.expect(")");
    out.push({ kind: "data", size: sizes[word]!, expr, loc: sc.loc(at, word.length) });
    return;
  }
  if (word === "FILL" && sc.acceptCall("FILL")) {
    const hex = hexPattern(sc);
    const expr = parseExpr(sc); sc.expect(")");
    out.push(hex ? { kind: "fill", expr, hexPattern: hex, loc: sc.loc(at, 4) } : { kind: "fill", expr, loc: sc.loc(at, 4) });
    return;
  }
  if ((word === "CREATE_OBJECT_SYMBOLS" || word === "CONSTRUCTORS") && sc.exprName()) return;
  if (word === "KEEP" && sc.acceptCall("KEEP")) {
    const inp = parseInputSpec(sc, true);
    sc.expect(")", "')' to close KEEP(");
    out.push(inp);
    noteNamedFile(script, inp);
    return;
  }
  const a = parseAssignOrAssert(sc, true);
  if (a) { out.push(a); return; }
  const inp = parseInputSpec(sc, false);
  out.push(inp);
  noteNamedFile(script, inp);
}

/** ld opens the file of an input spec with a plain file name (lookup_name): `crt.o(.text)`, `{ h.o }`. */
function noteNamedFile(script: LinkerScript, inp: InputCommand): void {
  if (/[*?[]/.test(inp.file) || inp.file.includes(":")) return;
  script.files.push({ kind: "pattern", name: inp.file, group: null, loc: inp.loc });
}

/** A fill expression that is one bare hex number: its digits as bytes, odd counts padded in front (exp_get_fill). */
function hexPattern(sc: Scanner): Uint8Array | undefined {
  sc.ws();
  const m = /^0[xX]([0-9a-fA-F]+)(?![0-9a-zA-Z_.$])\s*([),;}]|$|\n|\/\*|[A-Za-z_.>])/.exec(sc.text.slice(sc.pos, sc.pos + 200));
  if (!m) return undefined;
  const digits = m[1]!.length % 2 ? "0" + m[1]! : m[1]!;
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function sortKind(word: string): SectionPattern["sort"] | null {
  switch (word) {
    case "SORT": case "SORT_BY_NAME": return "name";
    case "SORT_BY_ALIGNMENT": return "alignment";
    case "SORT_BY_INIT_PRIORITY": return "init_priority";
    case "SORT_NONE": return "none";
    default: return null;
  }
}

function parseExcludeFile(sc: Scanner): string[] {
  const files: string[] = [];
  while (!sc.accept(")")) {
    if (sc.eof()) sc.fail("EXCLUDE_FILE( is not closed");
    const g = sc.glob();
    if (!g) sc.fail(`unexpected '${sc.peek()}' in EXCLUDE_FILE`);
    files.push(g);
  }
  return files;
}

// input = [EXCLUDE_FILE "(" files ")"] file_glob ["(" { section_pattern } ")"]
function parseInputSpec(sc: Scanner, keep: boolean): InputCommand {
  const at = sc.pos;
  let excludeFiles: string[] = [];
  let fileSort = false;
  if (sc.acceptCall("EXCLUDE_FILE")) excludeFiles = parseExcludeFile(sc);
  let file: string;
  const w = sc.peekExprName();
  if (sortKind(w) && (sc.acceptCall(w))) { fileSort = true; file = sc.glob(); sc.expect(")"); }
  else file = sc.glob();
  if (!file) sc.fail(`expected an input section description, found '${sc.peek()}'`);
  if (!sc.startsWith("(")) return { kind: "input", file, fileSort, excludeFiles, sections: null, keep, loc: sc.loc(at, file.length) };
  sc.pos++;
  const sections: SectionPattern[] = [];
  let pendingExclude: string[] = [];
  while (!sc.accept(")")) {
    if (sc.eof()) sc.fail(`input section list for '${file}' is not closed: expected ')'`, at, file.length);
    if (sc.accept(",")) continue;
    if (sc.acceptCall("EXCLUDE_FILE")) { pendingExclude = parseExcludeFile(sc); continue; }
    const word = sc.peekExprName();
    const sk = sortKind(word);
    if (sk && sc.acceptCall(word)) {
      let inner = sk;
      const w2 = sc.peekExprName();
      const sk2 = sortKind(w2);
      let nested = false;
      if (sk2 && sc.acceptCall(w2)) { inner = sk2 === "name" && sk === "alignment" ? "alignment" : sk; nested = true; }
      while (!sc.accept(")")) {
        if (sc.eof()) sc.fail(`${word}( is not closed`);
        if (sc.acceptCall("EXCLUDE_FILE")) { pendingExclude = parseExcludeFile(sc); continue; }
        const g = sc.glob();
        if (!g) sc.fail(`unexpected '${sc.peek()}' in ${word}(`);
        sections.push({ pattern: g, sort: inner, excludeFiles: pendingExclude });
      }
      if (nested) sc.expect(")");
      continue;
    }
    const g = sc.glob();
    if (!g) sc.fail(`unexpected '${sc.peek()}' in input section list`);
    sections.push({ pattern: g, sort: "none", excludeFiles: pendingExclude });
  }
  return { kind: "input", file, fileSort, excludeFiles, sections, keep, loc: sc.loc(at, file.length) };
}

// ---- expressions (C precedence) ----
const BINARY_LEVELS: string[][] = [
  ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<=", ">=", "<", ">"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
];

const BINARY_PREC = new Map<string, number>();
BINARY_LEVELS.forEach((ops, level) => { for (const op of ops) BINARY_PREC.set(op, level); });
const BINARY_OPS = [...BINARY_PREC.keys()].sort((a, b) => b.length - a.length);

/** ld (bison) runs out of parser stack at about 10,000 nested parentheses: kernlab allows as many. */
export const MAX_EXPR_NESTING = 10_000;
let exprNesting = 0;

/** The binary operator at the scanner's position, if any (not "|=" "&=" "<<=", nor "||" read as "|"). */
function binaryOpAt(sc: Scanner): string | null {
  for (const o of BINARY_OPS) {
    if (!sc.text.startsWith(o, sc.pos)) continue;
    const next = sc.text[sc.pos + o.length];
    if (next === "=" && !["==", "!=", "<=", ">="].includes(o)) continue;
    return o;
  }
  return null;
}

type Pending =
  | { k: "unary"; op: "-" | "~" | "!" | "+" }
  | { k: "binary"; op: string; prec: number; loc: Location }
  | { k: "paren" }
  | { k: "then" } //  after "?", waiting for ":"
  | { k: "else" }; // after ":"

// expr = cond ; cond = binary [ "?" expr ":" cond ] ; binary = unary { op unary } (C precedence, left to right) ;
// unary = ("-" | "~" | "!" | "+") unary | primary
// Parsed with explicit stacks, not one call per parenthesis or operator, so nesting as deep as ld's parser
// takes (MAX_EXPR_NESTING) and sums of any length are no stack overflow.
export function parseExpr(sc: Scanner): Expr {
  if (++exprNesting > MAX_EXPR_NESTING) { exprNesting = 0; sc.fail(`expression nested more than ${MAX_EXPR_NESTING} levels deep`); }
  try {
    const out: Expr[] = [];
    const ops: Pending[] = [];
    let parens = 0;
    const reduceOne = (): void => {
      const p = ops.pop()!;
      if (p.k === "unary") out.push({ kind: "unary", op: p.op, arg: out.pop()! });
      else if (p.k === "binary") { const right = out.pop()!, left = out.pop()!; out.push({ kind: "binary", op: p.op, left, right, loc: p.loc }); }
      else if (p.k === "else") { const els = out.pop()!, then = out.pop()!, test = out.pop()!; out.push({ kind: "cond", test, then, else: els }); }
    };
    const reduceTo = (minPrec: number, conds: boolean): void => {
      for (let top = ops[ops.length - 1]; top && (top.k === "unary" || (top.k === "binary" && top.prec >= minPrec) || (conds && top.k === "else")); top = ops[ops.length - 1]) reduceOne();
    };
    const nearestMarker = (): Pending | undefined => {
      for (let i = ops.length - 1; i >= 0; i--) if (ops[i]!.k === "paren" || ops[i]!.k === "then") return ops[i];
      return undefined;
    };
    for (;;) {
      const c = sc.peek();
      if (c === "-" || c === "~" || c === "+" || (c === "!" && sc.text[sc.pos + 1] !== "=")) { sc.pos++; ops.push({ k: "unary", op: c }); continue; }
      if (c === "(") {
        if (++parens > MAX_EXPR_NESTING) sc.fail(`expression nested more than ${MAX_EXPR_NESTING} levels deep`);
        sc.pos++;
        ops.push({ k: "paren" });
        continue;
      }
      out.push(parsePrimary(sc));
      for (;;) {
        sc.ws();
        const at = sc.pos;
        const op = binaryOpAt(sc);
        if (op !== null) {
          const prec = BINARY_PREC.get(op)!;
          reduceTo(prec, false);
          sc.pos += op.length;
          ops.push({ k: "binary", op, prec, loc: sc.loc(at, op.length) });
          break;
        }
        const c2 = sc.peek();
        if (c2 === "?") { reduceTo(0, false); sc.pos++; ops.push({ k: "then" }); break; }
        if (c2 === ":" && nearestMarker()?.k === "then") { reduceTo(0, true); ops.pop(); sc.pos++; ops.push({ k: "else" }); break; }
        if (c2 === ")" && nearestMarker()?.k === "paren") { reduceTo(0, true); ops.pop(); parens--; sc.pos++; continue; }
        reduceTo(0, true);
        const left = nearestMarker();
        if (left?.k === "then") sc.expect(":");
        if (left?.k === "paren") sc.expect(")");
        return out[0]!;
      }
    }
  } finally {
    if (exprNesting > 0) exprNesting--;
  }
}

const NAME_ARG_FUNCS = new Set(["ADDR", "LOADADDR", "SIZEOF", "ALIGNOF", "ORIGIN", "LENGTH", "DEFINED", "CONSTANT", "SEGMENT_START"]);

// primary = number | "." | name | string | "(" expr ")" | func "(" args ")"
function parsePrimary(sc: Scanner): Expr {
  sc.ws();
  const at = sc.pos;
  const c = sc.text[sc.pos] ?? "";
  if (/[0-9]/.test(c)) return parseNumber(sc);
  if (c === '"') { const name = sc.string(); return { kind: "sym", name, loc: sc.loc(at, name.length + 2) }; }
  const name = sc.exprName();
  if (!name) sc.fail(c ? `expected an expression, found '${c}'` : "expected an expression, found end of file");
  if (name === ".") return { kind: "dot", loc: sc.loc(at) };
  if (name === "SIZEOF_HEADERS" || name === "sizeof_headers") return { kind: "call", fn: "SIZEOF_HEADERS", args: [], name: null, loc: sc.loc(at, name.length) };
  if (sc.peek() === "(" && /^[A-Z_0-9]+$/.test(name)) {
    sc.pos++;
    const loc = sc.loc(at, name.length);
    if (NAME_ARG_FUNCS.has(name)) {
      const arg = sc.peek() === '"' ? sc.string() : sc.glob();
      const args: Expr[] = [];
      if (name === "SEGMENT_START") { sc.expect(","); args.push(parseExpr(sc)); }
      sc.expect(")");
      return { kind: "call", fn: name, args, name: arg, loc };
    }
    const args: Expr[] = [];
    if (!sc.accept(")")) {
      do args.push(parseExpr(sc)); while (sc.accept(","));
      sc.expect(")", `')' to close ${name}(`);
    }
    return { kind: "call", fn: name, args, name: null, loc };
  }
  return { kind: "sym", name, loc: sc.loc(at, name.length) };
}

// number = hex | decimal | [0-9a-f]+ (h|o|b|d suffix) with optional K or M multiplier
function parseNumber(sc: Scanner): Expr {
  const at = sc.pos;
  const m = /^(?:0[xX]([0-9a-fA-F]+)|\$([0-9a-fA-F]+)|([0-9][0-9a-fA-F]*)([hHoObBdD])|([0-9]+))([KkMm])?/.exec(sc.text.slice(sc.pos));
  if (!m) sc.fail("malformed number");
  let value: number;
  if (m[1] !== undefined) value = parseInt(m[1], 16);
  else if (m[2] !== undefined) value = parseInt(m[2], 16);
  else if (m[3] !== undefined) {
    const base = { h: 16, o: 8, b: 2, d: 10 }[m[4]!.toLowerCase() as "h" | "o" | "b" | "d"];
    value = parseInt(m[3], base);
    if (Number.isNaN(value)) sc.fail("malformed number", at, m[0].length);
  } else value = parseInt(m[5]!, 10);
  if (m[6]) value *= /[Kk]/.test(m[6]) ? 1024 : 1024 * 1024;
  sc.pos += m[0].length;
  if (EXPR_CHAR.test(sc.text[sc.pos] ?? "")) sc.fail(`malformed number '${sc.text.slice(at, sc.pos + 1)}'`, at, sc.pos - at + 1);
  return { kind: "num", value };
}
