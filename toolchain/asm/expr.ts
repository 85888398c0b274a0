/**
 * NASM integer expressions: the AST, the parser (NASM's precedence) and the evaluator over linear
 * values (a constant plus segment and register terms, so `label`, `label - $`, `ebx*4+8` are all
 * values). Does not decide relocations (assembler.ts) nor memory operand shapes (operands.ts).
 */
import type { Token } from "./lex";
import { lookupRegister } from "./registers";

export type Expr =
  | { k: "num"; v: bigint; col: number; len: number }
  | { k: "sym"; name: string; col: number; len: number }
  | { k: "reg"; reg: number; name: string; col: number; len: number }
  | { k: "here"; col: number; len: number }
  | { k: "base"; col: number; len: number }
  | { k: "un"; op: string; a: Expr; col: number; len: number }
  | { k: "bin"; op: string; a: Expr; b: Expr; col: number; len: number }
  | { k: "cond"; c: Expr; a: Expr; b: Expr; col: number; len: number };

/** A term: coefficient k on segment `id` (>= 0) or register (id = REG_TERM + iced Register). */
export interface Term { id: number; k: bigint }
export const REG_TERM = 1 << 20;

export interface Value {
  n: bigint;
  terms: Term[];
  /** Depends on a symbol not (yet) defined: only a guess in this pass. */
  unknown: boolean;
}

export class ExprError extends Error {
  constructor(message: string, readonly col: number, readonly len = 1, readonly code = "syntax") { super(message); }
}

export const constant = (n: bigint): Value => ({ n, terms: [], unknown: false });

// ---------------------------------------------------------------- parser

export class TokenStream {
  pos = 0;
  constructor(readonly toks: Token[], readonly lineLength: number) {}
  peek(o = 0): Token | undefined { return this.toks[this.pos + o]; }
  next(): Token | undefined { return this.toks[this.pos++]; }
  atEnd(): boolean { return this.pos >= this.toks.length; }
  isOp(text: string, o = 0): boolean { const t = this.toks[this.pos + o]; return !!t && t.kind === "op" && t.text === text; }
  isWord(word: string, o = 0): boolean { const t = this.toks[this.pos + o]; return !!t && t.kind === "id" && t.text.toLowerCase() === word; }
  /** Column just past the last token (for "expected ... at end of line"). */
  endCol(): number { const t = this.toks[this.toks.length - 1]; return t ? t.col + t.len : this.lineLength + 1; }
  here(): { col: number; len: number } { const t = this.peek(); return t ? { col: t.col, len: t.len } : { col: this.endCol(), len: 1 }; }
}

/** Resolves identifiers at parse time (local labels need the parent label known when the line is read). */
export type NameResolver = (name: string) => string;

const BIN_LEVELS: string[][] = [
  ["||"], ["^^"], ["&&"], ["=", "==", "!=", "<>", "<", "<=", ">", ">=", "<=>"],
  ["|"], ["^"], ["&"], ["<<", ">>", "<<<", ">>>"], ["+", "-"], ["*", "/", "//", "%", "%%"],
];

/** expr = cond ; cond = or ["?" expr ":" expr] ; or = xor {"||" xor} ... ; unary = ("-"|"+"|"~"|"!") unary | primary */
export function parseExpr(ts: TokenStream, resolve: NameResolver, allowRegs = false): Expr {
  const c = parseLevel(ts, resolve, 0, allowRegs);
  if (ts.isOp("?")) {
    ts.next();
    const a = parseExpr(ts, resolve, allowRegs);
    if (!ts.isOp(":")) throw new ExprError("expected ':' in conditional expression", ts.here().col);
    ts.next();
    const b = parseExpr(ts, resolve, allowRegs);
    return { k: "cond", c, a, b, col: c.col, len: b.col + b.len - c.col };
  }
  return c;
}

function parseLevel(ts: TokenStream, resolve: NameResolver, level: number, allowRegs: boolean): Expr {
  if (level >= BIN_LEVELS.length) return parseUnary(ts, resolve, allowRegs);
  let a = parseLevel(ts, resolve, level + 1, allowRegs);
  const ops = BIN_LEVELS[level]!;
  for (;;) {
    const t = ts.peek();
    if (!t || t.kind !== "op" || !ops.includes(t.text)) return a;
    ts.next();
    const b = parseLevel(ts, resolve, level + 1, allowRegs);
    a = { k: "bin", op: t.text, a, b, col: a.col, len: b.col + b.len - a.col };
  }
}

function parseUnary(ts: TokenStream, resolve: NameResolver, allowRegs: boolean): Expr {
  const t = ts.peek();
  if (t && t.kind === "op" && (t.text === "-" || t.text === "+" || t.text === "~" || t.text === "!")) {
    ts.next();
    const a = parseUnary(ts, resolve, allowRegs);
    return { k: "un", op: t.text, a, col: t.col, len: a.col + a.len - t.col };
  }
  if (t && t.kind === "id" && t.text.toLowerCase() === "seg") {
    throw new ExprError("SEG is not supported in ELF32/bin output", t.col, t.len, "unsupported");
  }
  return parsePrimary(ts, resolve, allowRegs);
}

function strValue(s: string): bigint {
  let v = 0n;
  for (let i = Math.min(s.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(s.charCodeAt(i) & 0xff);
  return v;
}

function parsePrimary(ts: TokenStream, resolve: NameResolver, allowRegs: boolean): Expr {
  const t = ts.next();
  if (!t) { const e = ts.endCol(); throw new ExprError("expected an expression", e); }
  switch (t.kind) {
    case "num": return { k: "num", v: t.value, col: t.col, len: t.len };
    case "str": return { k: "num", v: strValue(t.text), col: t.col, len: t.len };
    case "here": return { k: "here", col: t.col, len: t.len };
    case "base": return { k: "base", col: t.col, len: t.len };
    case "float": throw new ExprError("floating-point constant in an integer expression", t.col, t.len);
    case "id": {
      if (t.text.startsWith("$")) return { k: "sym", name: resolve(t.text.slice(1)), col: t.col, len: t.len };
      const r = lookupRegister(t.text);
      if (r) {
        if (!allowRegs) throw new ExprError(`register '${t.text}' is not allowed in an expression here`, t.col, t.len);
        return { k: "reg", reg: r.reg, name: r.name, col: t.col, len: t.len };
      }
      return { k: "sym", name: resolve(t.text), col: t.col, len: t.len };
    }
    case "op":
      if (t.text === "(") {
        const e = parseExpr(ts, resolve, allowRegs);
        if (!ts.isOp(")")) throw new ExprError("expected ')'", ts.here().col);
        ts.next();
        return e;
      }
      throw new ExprError(`expected an expression, found '${t.text}'`, t.col, t.len);
  }
}

// ---------------------------------------------------------------- evaluator

export interface EvalContext {
  /** Value of a symbol; for an undefined one return an unknown value or throw ExprError (final pass). */
  symbol(name: string, col: number, len: number): Value;
  here(): Value;
  base(): Value;
}

const i64 = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => BigInt.asUintN(64, v);

function addTerms(a: Term[], b: Term[], sign: bigint): Term[] {
  if (!b.length) return a;
  const out = a.map((t) => ({ ...t }));
  for (const t of b) {
    const f = out.find((x) => x.id === t.id);
    if (f) f.k += sign * t.k; else out.push({ id: t.id, k: sign * t.k });
  }
  return out.filter((t) => t.k !== 0n);
}

export function evaluate(e: Expr, ctx: EvalContext): Value {
  switch (e.k) {
    case "num": return { n: i64(e.v), terms: [], unknown: false };
    case "sym": return ctx.symbol(e.name, e.col, e.len);
    case "reg": return { n: 0n, terms: [{ id: REG_TERM + e.reg, k: 1n }], unknown: false };
    case "here": return ctx.here();
    case "base": return ctx.base();
    case "cond": {
      const c = evaluate(e.c, ctx);
      scalar(c, e.c);
      return c.n !== 0n ? evaluate(e.a, ctx) : evaluate(e.b, ctx);
    }
    case "un": {
      const a = evaluate(e.a, ctx);
      if (e.op === "+") return a;
      if (e.op === "-") return { n: i64(-a.n), terms: a.terms.map((t) => ({ id: t.id, k: -t.k })), unknown: a.unknown };
      scalar(a, e.a);
      return { n: e.op === "~" ? i64(~a.n) : a.n === 0n ? 1n : 0n, terms: [], unknown: a.unknown };
    }
    case "bin": {
      const a = evaluate(e.a, ctx);
      const b = evaluate(e.b, ctx);
      const unknown = a.unknown || b.unknown;
      if (e.op === "+") return { n: i64(a.n + b.n), terms: addTerms(a.terms, b.terms, 1n), unknown };
      if (e.op === "-") return { n: i64(a.n - b.n), terms: addTerms(a.terms, b.terms, -1n), unknown };
      if (e.op === "*") {
        if (!a.terms.length) return { n: i64(a.n * b.n), terms: b.terms.map((t) => ({ id: t.id, k: t.k * a.n })).filter((t) => t.k !== 0n), unknown };
        if (!b.terms.length) return { n: i64(a.n * b.n), terms: a.terms.map((t) => ({ id: t.id, k: t.k * b.n })).filter((t) => t.k !== 0n), unknown };
        if (unknown) return { n: 0n, terms: [], unknown };
        throw new ExprError("expression is not simple: cannot multiply two relocatable values", e.col, e.len, "not-simple");
      }
      if (a.terms.length || b.terms.length) {
        if (unknown) return { n: 0n, terms: [], unknown };
        throw new ExprError(`operator '${e.op}' needs scalar operands (a label's address is only known at link time)`, e.col, e.len, "not-simple");
      }
      return { n: binop(e.op, a.n, b.n, unknown, e), terms: [], unknown };
    }
  }
}

function scalar(v: Value, e: Expr): void {
  if (v.terms.length && !v.unknown) throw new ExprError("expression is not a scalar value", e.col, e.len, "not-simple");
}

function binop(op: string, a: bigint, b: bigint, unknown: boolean, e: Expr): bigint {
  const bool = (x: boolean) => (x ? 1n : 0n);
  switch (op) {
    case "|": return i64(a | b);
    case "^": return i64(a ^ b);
    case "&": return i64(a & b);
    case "<<": case "<<<": return i64(a << (b & 63n));
    case ">>": return i64(u64(a) >> (b & 63n));
    case ">>>": return i64(a >> (b & 63n));
    case "/": case "//": case "%": case "%%":
      if (b === 0n) {
        if (unknown) return 0n;
        throw new ExprError("division by zero", e.col, e.len, "division-by-zero");
      }
      if (op === "/") return i64(u64(a) / u64(b));
      if (op === "%") return i64(u64(a) % u64(b));
      if (op === "//") return i64(a / b);
      return i64(a % b);
    case "||": return bool(a !== 0n || b !== 0n);
    case "&&": return bool(a !== 0n && b !== 0n);
    case "^^": return bool((a !== 0n) !== (b !== 0n));
    case "=": case "==": return bool(a === b);
    case "!=": case "<>": return bool(a !== b);
    case "<": return bool(a < b);
    case "<=": return bool(a <= b);
    case ">": return bool(a > b);
    case ">=": return bool(a >= b);
    case "<=>": return a < b ? -1n : a > b ? 1n : 0n;
  }
  throw new ExprError(`unknown operator '${op}'`, e.col, e.len);
}

/** True when an expression mentions no symbol, `$` or `$$` (its value never changes between passes). */
export function isConstantExpr(e: Expr): boolean {
  switch (e.k) {
    case "num": return true;
    case "reg": return true;
    case "sym": case "here": case "base": return false;
    case "un": return isConstantExpr(e.a);
    case "bin": return isConstantExpr(e.a) && isConstantExpr(e.b);
    case "cond": return isConstantExpr(e.c) && isConstantExpr(e.a) && isConstantExpr(e.b);
  }
}
