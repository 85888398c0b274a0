/**
 * The preprocessor's integer expression evaluator (`%if`, `%elif`, `%assign`, `%rep`, `%rotate`,
 * `%substr`): NASM's grammar and precedence over 64-bit integers, with NASM's built-in operators
 * `__?ilog2e/w/f/c?__` and the float constant operators (`__?float32?__(1.5)`, floats.ts).
 * Identifiers left after macro expansion are errors here (the preprocessor knows no labels).
 * Not the assembler's operand evaluator, which also handles relocatable values.
 */
import { parseNumber } from "../lex";
import { floatConstant, floatOperator, isFloatLiteral, specialFloat } from "./floats";
import { unquote, type Token } from "./tokens";

/** A warning an expression raised (NASM's text), at a column of the line. */
export interface EvalWarning {
  text: string;
  col: number;
}

/** `nonConstant`: the expression is valid but its value is not a plain scalar (NASM's "non-constant value"). */
export type EvalResult = { ok: true; value: bigint; warnings?: EvalWarning[] } | { ok: false; error: string; col: number; nonConstant?: true };

const MASK = (1n << 64n) - 1n;
const wrap = (v: bigint) => BigInt.asIntN(64, v);
const u64 = (v: bigint) => v & MASK;

class EvalError extends Error {
  constructor(message: string, readonly col: number) {
    super(message);
  }
}

/**
 * Value of a NASM numeric literal, or null when it is not one: the assembler's own literal grammar
 * (lex.ts parseNumber), with `$1F` as hex as in the lexer, signed 64-bit as %if arithmetic is.
 */
export function readNumber(text: string): bigint | null {
  const v = text.startsWith("$") ? (text.length > 1 ? parseNumber("0x" + text.slice(1)) : null) : parseNumber(text);
  return v === null ? null : wrap(v);
}

/** A character constant's value: bytes little-endian, at most 8. */
function charConstant(text: string): bigint {
  const bytes = unquote(text);
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return wrap(v);
}

/** Nesting of parentheses and unary operators (each level is ~13 JS frames). */
const MAX_DEPTH = 256;

/** `__?ilog2e?__` (any case) → "e", or null. */
export function ilog2Operator(name: string): "e" | "w" | "f" | "c" | null {
  const m = /^__\?ilog2([ewfc])\?__$/i.exec(name);
  return m ? (m[1]!.toLowerCase() as "e" | "w" | "f" | "c") : null;
}

const bitLength = (v: bigint) => (v === 0n ? 0 : v.toString(2).length);

/** ilog2e: error unless a power of two; ilog2w: warning; ilog2f rounds down, ilog2c up (unsigned). */
function ilog2Of(kind: "e" | "w" | "f" | "c", v: bigint, col: number, warnings: EvalWarning[]): bigint {
  const u = u64(v);
  if ((kind === "e" || kind === "w") && (u === 0n || (u & (u - 1n)) !== 0n)) {
    if (kind === "e") throw new EvalError("ilog2 argument is not a power of two", col);
    warnings.push({ text: "ilog2 argument is not a power of two", col });
  }
  if (kind === "c") return u < 2n ? 0n : BigInt(bitLength(u - 1n));
  return u === 0n ? 0n : BigInt(bitLength(u) - 1);
}

/**
 * float-call = float-op "(" ["-" | "+"] (float | special-value) ")", from the "(" at `pos`; an
 * exponent sign is a token of its own (`1e` `-` `5`). Returns the value and the position after ")".
 */
function floatCall(op: NonNullable<ReturnType<typeof floatOperator>>, toks: readonly Token[], pos: number, col: number, warnings: EvalWarning[]): { value: bigint; pos: number } {
  const at = (i: number) => toks[i]?.text;
  const here = () => toks[pos]?.col ?? toks[toks.length - 1]?.col ?? 0;
  if (at(pos) !== "(") throw new EvalError("expecting `('", here());
  pos++;
  const sign = at(pos) === "-" || at(pos) === "+" ? at(pos++) : "";
  const t = toks[pos];
  let text = t?.text ?? "";
  if (t?.type === "num" && /[eEpP]$/.test(text) && (at(pos + 1) === "-" || at(pos + 1) === "+") && toks[pos + 2]?.type === "num") {
    text += at(pos + 1)! + at(pos + 2)!;
    pos += 2;
  }
  if (!t || !((t.type === "num" && isFloatLiteral(text)) || (t.type === "id" && specialFloat(text)))) {
    throw new EvalError("expecting floating-point number", t?.col ?? here());
  }
  pos++;
  const r = floatConstant(op, text, sign === "-");
  if (!r.ok) throw new EvalError(r.error, t.col);
  if (r.overflow) warnings.push({ text: "overflow in floating-point constant", col });
  if (at(pos) !== ")") throw new EvalError("expecting `)'", here());
  return { value: r.value, pos: pos + 1 };
}

/**
 * A value as NASM's evaluator holds it here: a scalar and, when present, an "unknown" term with its
 * coefficient (`u`). NASM 2.16.01 makes a value unknown where its `<=>` yields -1 (its -1 also means
 * "unknown" there), and unknown then spreads as NASM spreads it; `%assign`/`%if` refuse a result that is
 * not a plain scalar ("non-constant value given to …").
 */
interface V { n: bigint; u: bigint | null }
const scalarV = (n: bigint): V => ({ n: wrap(n), u: null });
const UNKNOWN: V = { n: 0n, u: 1n };
/** NASM's is_just_unknown: the first term with a non-zero value is the unknown one. */
const justUnknown = (v: V) => v.u !== null && v.u !== 0n;
/** NASM's is_simple here: no unknown term with a non-zero coefficient. */
const simple = (v: V) => !justUnknown(v);
/** NASM's reloc_value: the scalar, or 0 when an unknown term leads. */
const value = (v: V) => (justUnknown(v) ? 0n : v.n);
/** NASM's add_vectors on scalar/unknown vectors: an unknown term ends the sum there (the scalar is dropped). */
function addV(a: V, b: V): V {
  if (a.u === null && b.u === null) return scalarV(a.n + b.n);
  if (a.u !== null && b.u !== null) { const u = wrap(a.u + b.u); return u === 0n ? scalarV(0n) : { n: 0n, u }; }
  return { n: 0n, u: a.u ?? b.u };
}
const multV = (v: V, k: bigint): V => ({ n: wrap(v.n * k), u: v.u === null ? null : wrap(v.u * k) });

/** Result of evaluate() with NASM's "unknown": `known` false when the value is not a plain scalar. */
export function evaluate(tokens: readonly Token[]): EvalResult {
  const r = evaluateFull(tokens);
  if (!r.ok) return r;
  if (!r.known) return { ok: false, error: "non-constant value", col: 0, nonConstant: true };
  return r.warnings ? { ok: true, value: r.value, warnings: r.warnings } : { ok: true, value: r.value };
}

function evaluateFull(tokens: readonly Token[]): ({ ok: true; value: bigint; known: boolean; warnings?: EvalWarning[] }) | { ok: false; error: string; col: number } {
  const toks = tokens.filter((t) => t.type !== "ws");
  let pos = 0;
  let depth = 0;
  const warnings: EvalWarning[] = [];
  const peek = () => toks[pos];
  const isOp = (...ops: string[]) => {
    const t = toks[pos];
    return t !== undefined && (t.type === "op" || t.type === "id") && ops.includes(t.text.toLowerCase()) ? t.text.toLowerCase() : null;
  };
  const colHere = () => toks[pos]?.col ?? toks[toks.length - 1]?.col ?? 0;
  /** A scalar result, or unknown when an operand is (NASM's rule for |, ^, &, shifts, ~, !, &&, ||, ^^). */
  const either = (a: V, b: V, f: (x: bigint, y: bigint) => bigint): V => (justUnknown(a) || justUnknown(b) ? UNKNOWN : scalarV(f(value(a), value(b))));
  const bool = (x: boolean) => (x ? 1n : 0n);

  // expr = rexp0 [ "?" expr ":" expr ]
  function expr(): V {
    if (++depth > MAX_DEPTH) throw new EvalError("expression too deeply nested", colHere());
    const c = rexp0();
    let r = c;
    if (isOp("?")) {
      pos++;
      const a = expr();
      if (!isOp(":")) throw new EvalError("`?' without matching `:'", colHere());
      pos++;
      const b = expr();
      r = simple(c) ? (value(c) !== 0n ? a : b) : UNKNOWN;
    }
    depth--;
    return r;
  }
  // rexp0 = rexp1 { "||" rexp1 }
  function rexp0(): V {
    let v = rexp1();
    while (isOp("||")) { pos++; v = either(v, rexp1(), (x, y) => bool(x !== 0n || y !== 0n)); }
    return v;
  }
  // rexp1 = rexp2 { "^^" rexp2 }
  function rexp1(): V {
    let v = rexp2();
    while (isOp("^^")) { pos++; v = either(v, rexp2(), (x, y) => bool((x !== 0n) !== (y !== 0n))); }
    return v;
  }
  // rexp2 = rexp3 { "&&" rexp3 }
  function rexp2(): V {
    let v = rexp3();
    while (isOp("&&")) { pos++; v = either(v, rexp3(), (x, y) => bool(x !== 0n && y !== 0n)); }
    return v;
  }
  // rexp3 = expr0 { ("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | "<=>") expr0 }
  // NASM compares through the 64-bit difference (so 0x7fffffffffffffff > -1 is 0), and its `<=>` result -1
  // reads as "unknown"
  function rexp3(): V {
    let v = expr0();
    for (;;) {
      const op = isOp("=", "==", "!=", "<>", "<", ">", "<=", ">=", "<=>");
      if (!op) return v;
      pos++;
      const d = addV(v, multV(expr0(), -1n));
      if (d.u !== null) { v = UNKNOWN; continue; }
      const vv = d.n;
      let r: bigint;
      switch (op) {
        case "=": case "==": r = bool(vv === 0n); break;
        case "!=": case "<>": r = bool(vv !== 0n); break;
        case "<=>": r = vv < 0n ? -1n : vv > 0n ? 1n : 0n; break;
        default: r = vv === 0n ? bool(op === "<=" || op === ">=") : vv > 0n ? bool(op === ">=" || op === ">") : bool(op === "<=" || op === "<");
      }
      v = r === -1n ? UNKNOWN : scalarV(r);
    }
  }
  // expr0 = expr1 { "|" expr1 }
  function expr0(): V {
    let v = expr1();
    while (isOp("|")) { pos++; v = either(v, expr1(), (x, y) => x | y); }
    return v;
  }
  // expr1 = expr2 { "^" expr2 }
  function expr1(): V {
    let v = expr2();
    while (isOp("^")) { pos++; v = either(v, expr2(), (x, y) => x ^ y); }
    return v;
  }
  // expr2 = expr3 { "&" expr3 }
  function expr2(): V {
    let v = expr3();
    while (isOp("&")) { pos++; v = either(v, expr3(), (x, y) => x & y); }
    return v;
  }
  // expr3 = expr4 { ("<<" | ">>" | "<<<" | ">>>") expr4 }; the count is taken mod 64, as x86 shifts do
  function expr3(): V {
    let v = expr4();
    for (;;) {
      const op = isOp("<<", ">>", "<<<", ">>>");
      if (!op) return v;
      pos++;
      v = either(v, expr4(), (x, y) => {
        const n = y & 63n;
        return op === "<<" || op === "<<<" ? x << n : op === ">>" ? u64(x) >> n : x >> n;
      });
    }
  }
  // expr4 = expr5 { ("+" | "-") expr5 }
  function expr4(): V {
    let v = expr5();
    for (;;) {
      const op = isOp("+", "-");
      if (!op) return v;
      pos++;
      const r = expr5();
      v = addV(v, op === "+" ? r : multV(r, -1n));
    }
  }
  // expr5 = expr6 { ("*" | "/" | "%" | "//" | "%%") expr6 }
  function expr5(): V {
    let v = expr6();
    for (;;) {
      const op = isOp("*", "/", "%", "//", "%%");
      if (!op) return v;
      const col = colHere();
      pos++;
      const r = expr6();
      if (op === "*") {
        v = simple(v) ? multV(r, value(v)) : simple(r) ? multV(v, value(r)) : UNKNOWN;
        continue;
      }
      if (!justUnknown(r) && value(r) === 0n) throw new EvalError("division by zero", col);
      if (justUnknown(v) || justUnknown(r)) { v = UNKNOWN; continue; }
      const a = value(v), b = value(r);
      // INT64_MIN // -1 traps in NASM 2.16.01 (SIGFPE: it ends without output); refused here
      if ((op === "//" || op === "%%") && a === -(1n << 63n) && b === -1n) throw new EvalError("signed division overflow (INT64_MIN // -1)", col);
      switch (op) {
        case "/": v = scalarV(u64(a) / u64(b)); break;
        case "%": v = scalarV(u64(a) % u64(b)); break;
        case "//": v = scalarV(a / b); break;
        case "%%": v = scalarV(a % b); break;
      }
    }
  }
  // expr6 = ("-" | "+" | "~" | "!" | ilog2-op) expr6 | float-op "(" ["-" | "+"] float ")" | expr7
  function expr6(): V {
    const t = peek();
    const ilog2 = t?.type === "id" ? ilog2Operator(t.text) : null;
    const op = ilog2 ? null : isOp("-", "+", "~", "!");
    if (op || ilog2) {
      if (++depth > MAX_DEPTH) throw new EvalError("expression too deeply nested", colHere());
      pos++;
      const v = expr6();
      depth--;
      if (op === "-") return multV(v, -1n);
      if (op === "+") return v;
      if (justUnknown(v)) return UNKNOWN;
      const x = value(v);
      if (ilog2) return scalarV(ilog2Of(ilog2, x, t!.col, warnings));
      return scalarV(op === "~" ? ~x : bool(x === 0n));
    }
    const float = t?.type === "id" ? floatOperator(t.text) : null;
    if (float) {
      const r = floatCall(float, toks, pos + 1, t!.col, warnings);
      pos = r.pos;
      return scalarV(r.value);
    }
    return expr7();
  }
  // expr7 = "(" expr ")" | number | character-constant
  function expr7(): V {
    const t = peek();
    if (!t) throw new EvalError("expression syntax error", colHere());
    if (t.type === "op" && t.text === "(") {
      pos++;
      const v = expr();
      if (!isOp(")")) throw new EvalError("expecting `)'", colHere());
      pos++;
      return v;
    }
    if (t.type === "num") {
      const v = readNumber(t.text);
      if (v === null) throw new EvalError(`invalid number \`${t.text}'`, t.col);
      pos++;
      return scalarV(v);
    }
    if (t.type === "str") {
      pos++;
      return scalarV(charConstant(t.text));
    }
    if (t.type === "id" || t.type === "blocked") {
      throw new EvalError(`symbol \`${t.text}' is not a macro: the preprocessor cannot evaluate symbol references`, t.col);
    }
    throw new EvalError(`expression syntax error at \`${t.text}'`, t.col);
  }

  try {
    if (toks.length === 0) return { ok: false, error: "expression expected", col: 0 };
    const v = expr();
    // NASM ignores what follows a complete expression, with a warning
    if (pos < toks.length) warnings.push({ text: "trailing garbage after expression ignored", col: toks[pos]!.col });
    const known = simple(v);
    return warnings.length ? { ok: true, value: value(v), known, warnings } : { ok: true, value: value(v), known };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message, col: e.col };
    throw e;
  }
}
