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

/**
 * NASM's "expression evaluation descent" limit (--limit-eval, default 8192): an expression may hold at most
 * this many operands, unary operators and parentheses ("expression too long" beyond, as NASM says).
 */
export const DEFAULT_EVAL_LIMIT = 8192;
let evalLimit = DEFAULT_EVAL_LIMIT;

/** Sets the --limit-eval value for the expressions parsed from now on (the assembler sets it per run). */
export function setEvalLimit(limit: number): void {
  evalLimit = limit;
}

const BIN_PREC = new Map<string, number>();
BIN_LEVELS.forEach((ops, level) => { for (const op of ops) BIN_PREC.set(op, level); });

type Pending =
  | { k: "un"; op: string; col: number }
  | { k: "bin"; op: string; prec: number }
  | { k: "paren" }
  | { k: "then" } //  after "?": waiting for ":"
  | { k: "else" }; // after ":": the else-branch is being read

/**
 * expr = cond ; cond = or ["?" expr ":" expr] ; or = xor {"||" xor} ... ; unary = ("-"|"+"|"~"|"!") unary | primary
 * Parsed without recursion (operator-precedence with explicit stacks), so nesting depth is bounded only by the
 * eval limit, as in NASM: 500 nested parentheses or thousands of terms are fine.
 */
export function parseExpr(ts: TokenStream, resolve: NameResolver, allowRegs = false): Expr {
  const out: Expr[] = [];
  const ops: Pending[] = [];
  let descent = 0;
  const count = (col: number, len: number) => {
    if (++descent > evalLimit) throw new ExprError("expression too long", col, len, "expression-too-long");
  };
  const reduceOne = (): void => {
    const p = ops.pop()!;
    if (p.k === "un") {
      const a = out.pop()!;
      out.push({ k: "un", op: p.op, a, col: p.col, len: a.col + a.len - p.col });
    } else if (p.k === "bin") {
      const b = out.pop()!, a = out.pop()!;
      out.push({ k: "bin", op: p.op, a, b, col: a.col, len: b.col + b.len - a.col });
    } else if (p.k === "else") {
      const b = out.pop()!, a = out.pop()!, c = out.pop()!;
      out.push({ k: "cond", c, a, b, col: c.col, len: b.col + b.len - c.col });
    } else if (p.k === "then") {
      throw new ExprError("expected ':' in conditional expression", ts.here().col);
    }
  };
  /** Reduces operators (and, with `conds`, finished conditionals) down to the nearest marker. */
  const reduceTo = (minPrec: number, conds: boolean): void => {
    for (;;) {
      const top = ops[ops.length - 1];
      if (!top) return;
      if (top.k === "un" || (top.k === "bin" && top.prec >= minPrec) || (conds && top.k === "else")) reduceOne();
      else return;
    }
  };
  for (;;) {
    // operand position
    const t = ts.peek();
    if (t && t.kind === "op" && (t.text === "-" || t.text === "+" || t.text === "~" || t.text === "!")) {
      count(t.col, t.len);
      ts.next();
      ops.push({ k: "un", op: t.text, col: t.col });
      continue;
    }
    if (t && t.kind === "id" && t.text.toLowerCase() === "seg") {
      throw new ExprError("SEG is not supported in ELF32/bin output", t.col, t.len, "unsupported");
    }
    if (t && t.kind === "op" && t.text === "(") {
      count(t.col, t.len);
      ts.next();
      ops.push({ k: "paren" });
      continue;
    }
    if (t) count(t.col, t.len);
    out.push(parsePrimary(ts, resolve, allowRegs));
    // operator position: binary operators, ")", "?", ":", or the end of this expression
    for (;;) {
      const o = ts.peek();
      const prec = o && o.kind === "op" ? BIN_PREC.get(o.text) : undefined;
      if (prec !== undefined) {
        reduceTo(prec, false);
        ts.next();
        ops.push({ k: "bin", op: o!.text, prec });
        break;
      }
      if (o && o.kind === "op" && o.text === "?") {
        reduceTo(0, false);
        ts.next();
        ops.push({ k: "then" });
        break;
      }
      if (o && o.kind === "op" && o.text === ":" && ops.some((p) => p.k === "then") && nearestMarker(ops)?.k !== "paren") {
        reduceTo(0, true);
        if (ops[ops.length - 1]?.k !== "then") break; // not ours (cannot happen: a "then" is the nearest marker)
        ops.pop();
        ts.next();
        ops.push({ k: "else" });
        break;
      }
      if (o && o.kind === "op" && o.text === ")" && ops.some((p) => p.k === "paren")) {
        reduceTo(0, true);
        if (ops[ops.length - 1]?.k === "then") reduceOne(); // throws: expected ':'
        ops.pop(); // the paren
        ts.next();
        continue;
      }
      // the end of the expression
      reduceTo(0, true);
      const left = ops[ops.length - 1];
      if (left?.k === "then") reduceOne(); // throws
      if (left?.k === "paren") throw new ExprError("expected ')'", ts.here().col);
      return out[0]!;
    }
  }
}

/** The innermost parenthesis or conditional marker on the operator stack. */
function nearestMarker(ops: Pending[]): Pending | undefined {
  for (let i = ops.length - 1; i >= 0; i--) if (ops[i]!.k === "paren" || ops[i]!.k === "then") return ops[i];
  return undefined;
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

/** Evaluates without recursion (an explicit stack), so a 8192-term sum or deep nesting is no stack overflow. */
export function evaluate(root: Expr, ctx: EvalContext): Value {
  const work: { e: Expr; stage: 0 | 1 }[] = [{ e: root, stage: 0 }];
  const vals: Value[] = [];
  while (work.length) {
    const w = work.pop()!;
    const e = w.e;
    switch (e.k) {
      case "num": vals.push({ n: i64(e.v), terms: [], unknown: false }); break;
      case "sym": vals.push(ctx.symbol(e.name, e.col, e.len)); break;
      case "reg": vals.push({ n: 0n, terms: [{ id: REG_TERM + e.reg, k: 1n }], unknown: false }); break;
      case "here": vals.push(ctx.here()); break;
      case "base": vals.push(ctx.base()); break;
      case "cond":
        if (w.stage === 0) { work.push({ e, stage: 1 }, { e: e.c, stage: 0 }); break; }
        {
          const c = vals.pop()!;
          scalar(c, e.c);
          work.push({ e: c.n !== 0n ? e.a : e.b, stage: 0 }); // only the chosen branch is evaluated
        }
        break;
      case "un":
        if (w.stage === 0) { work.push({ e, stage: 1 }, { e: e.a, stage: 0 }); break; }
        vals.push(unary(e, vals.pop()!));
        break;
      case "bin":
        if (w.stage === 0) { work.push({ e, stage: 1 }, { e: e.b, stage: 0 }, { e: e.a, stage: 0 }); break; }
        {
          const b = vals.pop()!, a = vals.pop()!;
          vals.push(binary(e, a, b));
        }
        break;
    }
  }
  return vals[0]!;
}

function unary(e: Extract<Expr, { k: "un" }>, a: Value): Value {
  if (e.op === "+") return a;
  if (e.op === "-") return { n: i64(-a.n), terms: a.terms.map((t) => ({ id: t.id, k: -t.k })), unknown: a.unknown };
  scalar(a, e.a);
  return { n: e.op === "~" ? i64(~a.n) : a.n === 0n ? 1n : 0n, terms: [], unknown: a.unknown };
}

function binary(e: Extract<Expr, { k: "bin" }>, a: Value, b: Value): Value {
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
export function isConstantExpr(root: Expr): boolean {
  const stack: Expr[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    switch (e.k) {
      case "num": case "reg": break;
      case "sym": case "here": case "base": return false;
      case "un": stack.push(e.a); break;
      case "bin": stack.push(e.a, e.b); break;
      case "cond": stack.push(e.c, e.a, e.b); break;
    }
  }
  return true;
}
