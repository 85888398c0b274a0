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
  /**
   * With `unknown`: the coefficient of NASM's "unknown" term (1 when absent). NASM 2.16.01's `<=>` yields an
   * unknown where its result is -1, and NASM's arithmetic on unknowns (a sum that meets one drops its scalar
   * part; `u - u` cancels) is kept exactly, so such values give NASM's bytes.
   */
  uk?: bigint;
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
      throw new ExprError("`?' without matching `:'", ts.here().col);
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
        // NASM evaluates both branches (an error in either is reported), then picks one by the condition
        if (w.stage === 0) { work.push({ e, stage: 1 }, { e: e.b, stage: 0 }, { e: e.a, stage: 0 }, { e: e.c, stage: 0 }); break; }
        {
          const b = vals.pop()!, a = vals.pop()!, c = vals.pop()!;
          if (isScalar(c)) vals.push(c.n !== 0n ? a : b);
          else if (justUnknown(c)) vals.push(unknownValue());
          else throw new ExprError("the left-hand side of `?' must be a scalar value", e.c.col, e.c.len, "not-simple");
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

/** NASM's unknown_expr(). */
const unknownValue = (): Value => ({ n: 0n, terms: [], unknown: true });
const ukOf = (v: Value): bigint => (v.unknown ? v.uk ?? 1n : 0n);
/** NASM's is_just_unknown: the first term with a non-zero coefficient is the unknown one (registers come first). */
function justUnknown(v: Value): boolean {
  return v.unknown && ukOf(v) !== 0n && !v.terms.some((t) => t.id >= REG_TERM && t.k !== 0n);
}
/** NASM's is_simple: a plain number (no register, segment or non-zero unknown term). */
function isScalar(v: Value): boolean {
  return !(v.unknown && ukOf(v) !== 0n) && !v.terms.some((t) => t.k !== 0n);
}
function scaled(v: Value, k: bigint): Value {
  const r: Value = { n: i64(v.n * k), terms: v.terms.map((t) => ({ id: t.id, k: t.k * k })).filter((t) => t.k !== 0n), unknown: v.unknown };
  if (v.unknown) r.uk = i64(ukOf(v) * k);
  return r;
}
/** NASM's add_vectors: terms in type order (registers, unknown, number, segments); an unknown term ends the sum. */
function addValues(a: Value, b: Value): Value {
  if (!a.unknown && !b.unknown) return { n: i64(a.n + b.n), terms: addTerms(a.terms, b.terms, 1n), unknown: false };
  const regs = addTerms(a.terms.filter((t) => t.id >= REG_TERM), b.terms.filter((t) => t.id >= REG_TERM), 1n);
  if (a.unknown && b.unknown) {
    const uk = i64(ukOf(a) + ukOf(b));
    return uk === 0n ? { n: 0n, terms: regs, unknown: false } : { n: 0n, terms: regs, unknown: true, uk };
  }
  return { n: 0n, terms: regs, unknown: true, uk: a.unknown ? ukOf(a) : ukOf(b) };
}

function unary(e: Extract<Expr, { k: "un" }>, a: Value): Value {
  if (e.op === "+") return a;
  if (e.op === "-") return scaled(a, -1n);
  if (justUnknown(a)) return unknownValue();
  scalar(a, e.a);
  return { n: e.op === "~" ? i64(~a.n) : a.n === 0n ? 1n : 0n, terms: [], unknown: false };
}

const COMPARISONS = new Set(["=", "==", "!=", "<>", "<", "<=", ">", ">=", "<=>"]);

function binary(e: Extract<Expr, { k: "bin" }>, a: Value, b: Value): Value {
  if (e.op === "+") return addValues(a, b);
  if (e.op === "-") return addValues(a, scaled(b, -1n));
  if (COMPARISONS.has(e.op)) return compare(e, addValues(a, scaled(b, -1n)));
  const unknown = a.unknown || b.unknown;
  if (e.op === "*") {
    if (isScalar(a)) return scaled(b, a.n);
    if (isScalar(b)) return scaled(a, b.n);
    if (justUnknown(a) && justUnknown(b)) return unknownValue();
    if (unknown) return unknownValue();
    throw new ExprError("expression is not simple: cannot multiply two relocatable values", e.col, e.len, "not-simple");
  }
  const division = e.op === "/" || e.op === "//" || e.op === "%" || e.op === "%%";
  const usable = (v: Value) => isScalar(v) || justUnknown(v);
  if (!usable(a) || !usable(b)) {
    if (unknown) return unknownValue();
    throw new ExprError(`operator '${e.op}' needs scalar operands (a label's address is only known at link time)`, e.col, e.len, "not-simple");
  }
  if (division && !justUnknown(b) && b.n === 0n) throw new ExprError("division by zero", e.col, e.len, "division-by-zero");
  if (justUnknown(a) || justUnknown(b)) return unknownValue();
  return { n: binop(e.op, a.n, b.n, e), terms: [], unknown: false };
}

/** A comparison, as NASM makes it: from the difference of its operands (64-bit), unknown when that is. */
function compare(e: Extract<Expr, { k: "bin" }>, d: Value): Value {
  if (d.unknown) return unknownValue();
  const bool = (x: boolean): Value => ({ n: x ? 1n : 0n, terms: [], unknown: false });
  const relocatable = d.terms.some((t) => t.k !== 0n);
  if (e.op === "=" || e.op === "==") return bool(!relocatable && d.n === 0n);
  if (e.op === "!=" || e.op === "<>") return bool(relocatable || d.n !== 0n);
  if (relocatable) throw new ExprError(`\`${e.op}': operands differ by a non-scalar`, e.col, e.len, "not-simple");
  const v = d.n;
  if (e.op === "<=>") return v < 0n ? unknownValue() : bool(v > 0n); // NASM's -1 means "unknown"
  if (v === 0n) return bool(e.op === "<=" || e.op === ">=");
  return v > 0n ? bool(e.op === ">=" || e.op === ">") : bool(e.op === "<=" || e.op === "<");
}

function scalar(v: Value, e: Expr): void {
  if (v.terms.length && !v.unknown) throw new ExprError("expression is not a scalar value", e.col, e.len, "not-simple");
}

function binop(op: string, a: bigint, b: bigint, e: Expr): bigint {
  const bool = (x: boolean) => (x ? 1n : 0n);
  switch (op) {
    case "|": return i64(a | b);
    case "^": return i64(a ^ b);
    case "&": return i64(a & b);
    case "<<": case "<<<": return i64(a << (b & 63n));
    case ">>": return i64(u64(a) >> (b & 63n));
    case ">>>": return i64(a >> (b & 63n));
    case "/": return i64(u64(a) / u64(b));
    case "%": return i64(u64(a) % u64(b));
    case "//": case "%%":
      // INT64_MIN // -1 traps in NASM 2.16.01 (SIGFPE: it ends without output); refused here
      if (a === -(1n << 63n) && b === -1n) throw new ExprError("signed division overflow (INT64_MIN // -1)", e.col, e.len, "division-overflow");
      return i64(op === "//" ? a / b : a % b);
    case "||": return bool(a !== 0n || b !== 0n);
    case "&&": return bool(a !== 0n && b !== 0n);
    case "^^": return bool((a !== 0n) !== (b !== 0n));
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
