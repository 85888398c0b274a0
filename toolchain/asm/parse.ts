/**
 * Parser: one preprocessed line → one Stmt (label, instruction, data, reservation, equ or directive),
 * with local labels already expanded (`.loop` → `parent.loop`). Operands keep expressions unevaluated;
 * evaluation and sizing happen in the passes (assembler.ts). Not the preprocessor: a `%` line never
 * reaches here.
 */
import { ExprError, parseExpr, TokenStream, type Expr, type NameResolver } from "./expr";
import { lex, LexError, type Token } from "./lex";
import { lookupRegister, type RegInfo } from "./registers";

export class ParseError extends Error {
  constructor(message: string, readonly col: number, readonly len = 1, readonly code = "syntax") { super(message); }
}

export interface Operand {
  kind: "reg" | "mem" | "imm" | "far";
  col: number;
  len: number;
  /** Explicit size keyword in bytes (0 = none). */
  size: number;
  strict: boolean;
  branch: "" | "short" | "near" | "far";
  reg?: RegInfo;
  /** imm: the value; mem: the address (registers allowed); far: the offset. */
  expr?: Expr;
  /** far: the segment part of `seg:offset`. */
  segExpr?: Expr;
  /** mem: segment override. */
  seg?: RegInfo;
  /** mem: `[byte eax+1]` / `[dword ...]` displacement size, `[nosplit ...]`. */
  dispSize: number;
  /** x87 `to` keyword before this operand. */
  to?: boolean;
}

/** `uninit`: a `?` item (NASM 2.15+: uninitialised space, zeros in a progbits section). */
export type DataItem = { kind: "expr"; expr: Expr } | { kind: "str"; text: string; col: number } | { kind: "float"; text: string; col: number; neg: boolean } | { kind: "uninit"; col: number };

export type Stmt =
  | { k: "none" }
  | { k: "insn"; mnemonic: string; mnemonicCol: number; prefixes: string[]; ops: Operand[] }
  /** `packed`: items that are all constants, as their bytes (assembler.ts packData); `items` is then empty. */
  | { k: "data"; width: number; items: DataItem[]; packed?: { bytes: Uint8Array; overflows: number } }
  | { k: "res"; width: number; count: Expr }
  | { k: "incbin"; file: string; skip: Expr | null; len: Expr | null }
  | { k: "equ"; name: string; expr: Expr }
  | { k: "section"; name: string; attrs: { key: string; value: Expr | null; col: number; len: number }[]; user: boolean }
  | { k: "absolute"; expr: Expr; user: boolean }
  | { k: "bits"; bits: number }
  | { k: "global" | "extern" | "common"; names: { name: string; col: number; len: number; type?: string; size?: Expr; align?: Expr }[] }
  | { k: "org"; expr: Expr }
  | { k: "align"; n: Expr; fill: Stmt | null; b: boolean }
  | { k: "sectalign"; n: Expr | null; on?: boolean }
  | { k: "struc"; name: string; offset: Expr | null }
  | { k: "endstruc" }
  | { k: "istruc"; name: string }
  | { k: "at"; field: Expr; inner: Stmt | null }
  | { k: "iend" }
  | { k: "ignored" }
  /** `[warning -zeroing]`, `[warning push]`…: the spec with its spaces removed. */
  | { k: "warning"; spec: string };

export interface ParsedLine {
  /** `orphan`: written without a colon and alone on its line (NASM's label-orphan warning). */
  label: { name: string; col: number; len: number; orphan?: boolean } | null;
  times: Expr | null;
  stmt: Stmt;
}

export const PREFIXES = new Set(["lock", "rep", "repe", "repz", "repne", "repnz", "a16", "a32", "o16", "o32", "wait", "xacquire", "xrelease", "bnd", "nobnd"]);
const SIZES: Record<string, number> = { byte: 1, word: 2, dword: 4, qword: 8, tword: 10, oword: 16, yword: 32 };
const DATA: Record<string, number> = { db: 1, dw: 2, dd: 4, dq: 8, dt: 10, do: 16, dy: 32 };
const RES: Record<string, number> = { resb: 1, resw: 2, resd: 4, resq: 8, rest: 10, reso: 16, resy: 32 };
const DIRECTIVES = new Set(["section", "segment", "bits", "use16", "use32", "global", "extern", "common", "org", "absolute",
  "cpu", "default", "align", "alignb", "sectalign", "struc", "endstruc", "istruc", "at", "iend", "incbin", "equ", "times",
  "static", "required", "float", "warning", "list", "map", "debug", "gprefix", "gpostfix", "lprefix", "lpostfix"]);

/** Names the parser treats as instructions (set by the encoder from iced-x86's tables). */
export type MnemonicSet = (name: string) => boolean;

/** Parser state that lives across lines: the last non-local label (for `.local` names). */
export class ParseState {
  parent = "";
  constructor(readonly isMnemonic: MnemonicSet) {}
  resolve: NameResolver = (name) => {
    if (name.startsWith(".") && !name.startsWith("..")) return this.parent + name;
    return name;
  };
}

function isKeyword(word: string, state: ParseState): boolean {
  const w = word.toLowerCase();
  return state.isMnemonic(w) || PREFIXES.has(w) || w in DATA || w in RES || DIRECTIVES.has(w);
}

/** line = ["[" directive "]"] | [label [":"]] ["times" expr] [prefix*] [mnemonic operands | data | equ] */
export function parseLine(text: string, state: ParseState): ParsedLine {
  let toks: Token[];
  try { toks = lex(text); } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message, e.col, e.len);
    throw e;
  }
  const ts = new TokenStream(toks, text.length);
  try {
    return parseTokens(ts, state);
  } catch (e) {
    if (e instanceof ExprError) throw new ParseError(e.message, e.col, e.len, e.code);
    throw e;
  }
}

function parseTokens(ts: TokenStream, state: ParseState): ParsedLine {
  const out: ParsedLine = { label: null, times: null, stmt: { k: "none" } };
  if (ts.atEnd()) return out;
  // Primitive bracket directive: [section .text], [bits 32], [global x]...
  if (ts.isOp("[")) {
    const t = ts.peek(1);
    if (t && t.kind === "id" && DIRECTIVES.has(t.text.toLowerCase())) {
      const close = ts.toks.findIndex((x, i) => i > ts.pos && x.kind === "op" && x.text === "]");
      if (close < 0) throw new ParseError("expected ']' to close the directive", ts.endCol());
      const inner = new TokenStream(ts.toks.slice(ts.pos + 1, close), ts.lineLength);
      if (close !== ts.toks.length - 1) { const x = ts.toks[close + 1]!; throw new ParseError("junk after ']'", x.col, x.len); }
      out.stmt = parseDirective(inner, state, false);
      return out;
    }
  }
  // Label
  const first = ts.peek()!;
  if (first.kind === "id" && (ts.isOp(":", 1) || !isKeyword(first.text, state) || ts.isWord("equ", 1))) {
    if (!(ts.isOp(":", 1)) && !ts.isWord("equ", 1) && !first.text.startsWith("$") && lookupRegister(first.text)) {
      throw new ParseError(`'${first.text}' is a register, not an instruction`, first.col, first.len);
    }
    // `foo eax` (no colon, then an operand): NASM would take foo as a label; it is a misspelt instruction.
    const after = ts.peek(1);
    if (!ts.isOp(":", 1) && !ts.isWord("equ", 1) && after && !(after.kind === "id" && (isKeyword(after.text, state) || after.text.toLowerCase() === "times"))) {
      throw new ParseError(`unknown instruction '${first.text}'`, first.col, first.len, "unknown-instruction");
    }
    ts.next();
    const raw = first.text.startsWith("$") ? first.text.slice(1) : first.text;
    const name = state.resolve(raw);
    if (!raw.startsWith(".") && !raw.startsWith("..@")) state.parent = raw;
    out.label = { name, col: first.col, len: first.len };
    const colon = ts.isOp(":");
    if (colon) ts.next();
    if (ts.isWord("equ")) {
      ts.next();
      const expr = parseExpr(ts, state.resolve);
      expectEnd(ts);
      out.stmt = { k: "equ", name, expr };
      out.label = null;
      return out;
    }
    if (ts.atEnd()) {
      if (!colon) out.label.orphan = true;
      return out;
    }
  }
  if (ts.isWord("times")) {
    ts.next();
    out.times = parseExpr(ts, state.resolve);
  }
  out.stmt = parseStatement(ts, state);
  return out;
}

function expectEnd(ts: TokenStream): void {
  const t = ts.peek();
  if (t) throw new ParseError(`unexpected '${t.kind === "str" ? "string" : t.text}' at end of statement`, t.col, t.len);
}

function parseStatement(ts: TokenStream, state: ParseState): Stmt {
  const t = ts.peek();
  if (!t) return { k: "none" };
  if (t.kind !== "id") throw new ParseError(`expected an instruction or directive, found '${t.text}'`, t.col, t.len);
  const w = t.text.toLowerCase();
  if (w in DATA) {
    ts.next();
    return { k: "data", width: DATA[w]!, items: parseDataItems(ts, state) };
  }
  if (w in RES) {
    ts.next();
    const count = parseExpr(ts, state.resolve);
    expectEnd(ts);
    return { k: "res", width: RES[w]!, count };
  }
  if (DIRECTIVES.has(w) && w !== "times") return parseDirective(ts, state, true);
  // prefixes + mnemonic
  const prefixes: string[] = [];
  while (ts.peek() && ts.peek()!.kind === "id" && PREFIXES.has(ts.peek()!.text.toLowerCase())) {
    prefixes.push(ts.next()!.text.toLowerCase());
  }
  const m = ts.peek();
  if (!m) return { k: "insn", mnemonic: "", mnemonicCol: t.col, prefixes, ops: [] };
  if (m.kind !== "id" || !state.isMnemonic(m.text.toLowerCase())) {
    throw new ParseError(`unknown instruction '${m.text}'`, m.col, m.len, "unknown-instruction");
  }
  ts.next();
  const ops: Operand[] = [];
  if (!ts.atEnd()) {
    for (;;) {
      ops.push(parseOperand(ts, state));
      if (ts.atEnd()) break;
      if (!ts.isOp(",")) { const x = ts.peek()!; throw new ParseError(`expected ',' or end of line, found '${x.text}'`, x.col, x.len); }
      ts.next();
    }
  }
  return { k: "insn", mnemonic: m.text.toLowerCase(), mnemonicCol: m.col, prefixes, ops };
}

function parseDataItems(ts: TokenStream, state: ParseState): DataItem[] {
  const items: DataItem[] = [];
  if (ts.atEnd()) return items; // NASM warns (db-empty) and emits nothing
  for (;;) {
    const t = ts.peek()!;
    const n1 = ts.peek(1);
    if (t.kind === "str" && (!n1 || (n1.kind === "op" && n1.text === ","))) {
      ts.next();
      items.push({ kind: "str", text: t.text, col: t.col });
    } else if (t.kind === "op" && t.text === "?" && (!n1 || (n1.kind === "op" && n1.text === ","))) {
      ts.next();
      items.push({ kind: "uninit", col: t.col });
    } else if (t.kind === "float" || (t.kind === "op" && (t.text === "-" || t.text === "+") && n1?.kind === "float")) {
      let neg = false;
      if (t.kind === "op") { ts.next(); neg = t.text === "-"; }
      const f = ts.next()!;
      items.push({ kind: "float", text: f.text, col: f.col, neg });
    } else {
      items.push({ kind: "expr", expr: parseExpr(ts, state.resolve) });
    }
    if (ts.atEnd()) break;
    if (!ts.isOp(",")) { const x = ts.peek()!; throw new ParseError(`expected ',' in data list, found '${x.text}'`, x.col, x.len); }
    ts.next();
    if (ts.atEnd()) break; // NASM accepts (and ignores) a trailing comma: `db 1,`
  }
  return items;
}

/** operand = {sizekw | "strict" | "short" | "near" | "far" | "to"} (reg | "[" mem "]" | expr [":" expr]) */
function parseOperand(ts: TokenStream, state: ParseState): Operand {
  const start = ts.here();
  const op: Operand = { kind: "imm", col: start.col, len: 1, size: 0, strict: false, branch: "", dispSize: 0 };
  for (;;) {
    const t = ts.peek();
    if (!t || t.kind !== "id") break;
    const w = t.text.toLowerCase();
    if (w in SIZES) op.size = SIZES[w]!;
    else if (w === "strict") op.strict = true;
    else if (w === "short" || w === "near" || w === "far") op.branch = w;
    else if (w === "to") op.to = true;
    else break;
    ts.next();
  }
  const t = ts.peek();
  if (!t || (t.kind === "op" && t.text === ",")) throw new ParseError("expected an operand", t ? t.col : ts.endCol());
  if (t.kind === "op" && t.text === "[") {
    ts.next();
    op.kind = "mem";
    // [byte/word/dword ...] displacement size, [nosplit ...], [seg: ...]
    for (;;) {
      const x = ts.peek();
      if (!x || x.kind !== "id") break;
      const w = x.text.toLowerCase();
      if (w in SIZES) { op.dispSize = SIZES[w]!; ts.next(); continue; }
      if (w === "nosplit" || w === "rel" || w === "abs") { ts.next(); continue; }
      break;
    }
    const sx = ts.peek();
    if (sx && sx.kind === "id" && ts.isOp(":", 1)) {
      const r = lookupRegister(sx.text);
      if (r && r.cls === "seg") { op.seg = r; ts.next(); ts.next(); }
    }
    op.expr = parseExpr(ts, state.resolve, true);
    if (!ts.isOp("]")) { const h = ts.here(); throw new ParseError("expected ']'", h.col, h.len); }
    const close = ts.next()!;
    op.len = close.col + 1 - op.col;
    return op;
  }
  if (t.kind === "id" && !t.text.startsWith("$")) {
    const r = lookupRegister(t.text);
    if (r) {
      // `es:[di]` style segment prefix before a bracket
      if (r.cls === "seg" && ts.isOp(":", 1) && ts.isOp("[", 2)) {
        ts.next(); ts.next();
        const m = parseOperand(ts, state);
        m.seg = r; m.col = op.col; m.size = m.size || op.size;
        return m;
      }
      ts.next();
      op.kind = "reg"; op.reg = r; op.len = t.col + t.len - op.col;
      return op;
    }
  }
  const e = parseExpr(ts, state.resolve);
  if (ts.isOp(":")) {
    ts.next();
    const off = parseExpr(ts, state.resolve);
    op.kind = "far"; op.segExpr = e; op.expr = off; op.len = off.col + off.len - op.col;
    return op;
  }
  op.expr = e; op.len = e.col + e.len - op.col;
  return op;
}

function parseNameList(ts: TokenStream, state: ParseState, kind: "global" | "extern" | "common"): Stmt {
  const names: { name: string; col: number; len: number; type?: string; size?: Expr; align?: Expr }[] = [];
  if (ts.atEnd()) throw new ParseError(`'${kind}' needs a symbol name`, ts.endCol());
  while (!ts.atEnd()) {
    const t = ts.next()!;
    if (t.kind !== "id") throw new ParseError(`expected a symbol name, found '${t.text}'`, t.col, t.len);
    const raw = t.text.startsWith("$") ? t.text.slice(1) : t.text;
    const item: (typeof names)[number] = { name: state.resolve(raw), col: t.col, len: t.len };
    if (kind === "common") {
      item.size = parseExpr(ts, state.resolve);
      if (ts.isOp(":")) { ts.next(); item.align = parseExpr(ts, state.resolve); }
    } else if (ts.isOp(":")) {
      ts.next();
      const ty = ts.peek();
      if (ty && ty.kind === "id" && /^(function|data|object|notype|hidden|protected|internal|default|weak|strong)$/i.test(ty.text)) {
        ts.next();
        item.type = ty.text.toLowerCase();
        if (!ts.atEnd() && !ts.isOp(",")) item.size = parseExpr(ts, state.resolve);
      } else if (ty) {
        throw new ParseError(`unknown symbol type '${ty.text}'`, ty.col, ty.len);
      }
    }
    names.push(item);
    if (ts.isOp(",")) ts.next();
    else if (!ts.atEnd()) { const x = ts.peek()!; throw new ParseError(`unexpected '${x.text}' in ${kind} list`, x.col, x.len); }
  }
  return { k: kind, names };
}

function parseDirective(ts: TokenStream, state: ParseState, user: boolean): Stmt {
  const t = ts.next()!;
  const w = t.text.toLowerCase();
  switch (w) {
    case "section": case "segment": {
      const n = ts.next();
      if (!n) throw new ParseError("section directive needs a name", ts.endCol());
      // A section name runs to the next blank: `.text:` with a colon is another section.
      let name = n.text;
      while (ts.peek() && ts.peek()!.col === n.col + name.length && !(ts.peek()!.kind === "id" && false)) {
        const x = ts.next()!; name += x.kind === "str" ? x.text : x.text;
      }
      const attrs: { key: string; value: Expr | null; col: number; len: number }[] = [];
      while (!ts.atEnd()) {
        const a = ts.next()!;
        if (a.kind !== "id") throw new ParseError(`unexpected '${a.text}' in section attributes`, a.col, a.len);
        let value: Expr | null = null;
        if (ts.isOp("=")) { ts.next(); value = parseExpr(ts, state.resolve); }
        attrs.push({ key: a.text.toLowerCase(), value, col: a.col, len: a.len });
      }
      return { k: "section", name, attrs, user };
    }
    case "absolute": { const expr = parseExpr(ts, state.resolve); expectEnd(ts); return { k: "absolute", expr, user }; }
    case "use16": case "use32": return { k: "bits", bits: w === "use16" ? 16 : 32 };
    case "bits": {
      const n = ts.next();
      if (!n || n.kind !== "num" || (n.value !== 16n && n.value !== 32n)) {
        if (n && n.kind === "num" && n.value === 64n) throw new ParseError("bits 64 is not supported by elf32/bin i386 output", n.col, n.len, "unsupported");
        throw new ParseError("bits must be 16 or 32", n ? n.col : t.col, n ? n.len : t.len);
      }
      expectEnd(ts);
      return { k: "bits", bits: Number(n.value) };
    }
    case "global": case "static": case "required": return parseNameList(ts, state, "global");
    case "extern": return parseNameList(ts, state, "extern");
    case "common": return parseNameList(ts, state, "common");
    case "org": { const expr = parseExpr(ts, state.resolve); expectEnd(ts); return { k: "org", expr }; }
    case "align": case "alignb": {
      const n = parseExpr(ts, state.resolve);
      let fill: Stmt | null = null;
      if (ts.isOp(",")) { ts.next(); fill = parseStatement(ts, state); }
      else expectEnd(ts);
      return { k: "align", n, fill, b: w === "alignb" };
    }
    case "sectalign": {
      if (ts.isWord("on") || ts.isWord("off")) { const on = ts.next()!.text.toLowerCase() === "on"; return { k: "sectalign", n: null, on }; }
      return { k: "sectalign", n: parseExpr(ts, state.resolve) };
    }
    case "struc": {
      const n = ts.next();
      if (!n || n.kind !== "id") throw new ParseError("struc needs a name", n ? n.col : ts.endCol());
      state.parent = n.text;
      let offset: Expr | null = null;
      if (ts.isOp(",")) { ts.next(); offset = parseExpr(ts, state.resolve); }
      expectEnd(ts);
      return { k: "struc", name: n.text, offset };
    }
    case "endstruc": expectEnd(ts); return { k: "endstruc" };
    case "istruc": {
      const n = ts.next();
      if (!n || n.kind !== "id") throw new ParseError("istruc needs a structure name", n ? n.col : ts.endCol());
      expectEnd(ts);
      return { k: "istruc", name: n.text };
    }
    case "at": {
      const field = parseExpr(ts, state.resolve);
      let inner: Stmt | null = null;
      if (ts.isOp(",")) { ts.next(); inner = parseStatement(ts, state); }
      else expectEnd(ts);
      return { k: "at", field, inner };
    }
    case "iend": expectEnd(ts); return { k: "iend" };
    case "incbin": {
      const f = ts.next();
      if (!f || f.kind !== "str") throw new ParseError("incbin needs a file name in quotes", f ? f.col : ts.endCol());
      let skip: Expr | null = null, len: Expr | null = null;
      if (ts.isOp(",")) { ts.next(); skip = parseExpr(ts, state.resolve); }
      if (ts.isOp(",")) { ts.next(); len = parseExpr(ts, state.resolve); }
      expectEnd(ts);
      return { k: "incbin", file: f.text, skip, len };
    }
    case "warning": {
      let spec = "";
      for (let x = ts.next(); x; x = ts.next()) spec += x.text;
      return { k: "warning", spec };
    }
    case "cpu": case "default": case "float": case "list": case "map": case "debug":
    case "gprefix": case "gpostfix": case "lprefix": case "lpostfix":
      return { k: "ignored" };
    case "equ": throw new ParseError("'equ' needs a label before it", t.col, t.len);
  }
  throw new ParseError(`unknown directive '${t.text}'`, t.col, t.len);
}
