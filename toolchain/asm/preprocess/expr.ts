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

export type EvalResult = { ok: true; value: bigint; warnings?: EvalWarning[] } | { ok: false; error: string; col: number };

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
 * Evaluate an expression. `describeSymbol` names what an identifier is for the error message.
 */
export function evaluate(tokens: readonly Token[]): EvalResult {
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

  // expr = rexp0 [ "?" expr ":" expr ]
  function expr(): bigint {
    if (++depth > MAX_DEPTH) throw new EvalError("expression too deeply nested", colHere());
    const c = rexp0();
    let r = c;
    if (isOp("?")) {
      pos++;
      const a = expr();
      if (!isOp(":")) throw new EvalError("`:' expected in conditional expression", colHere());
      pos++;
      const b = expr();
      r = c !== 0n ? a : b;
    }
    depth--;
    return r;
  }
  // rexp0 = rexp1 { "||" rexp1 }
  function rexp0(): bigint {
    let v = rexp1();
    while (isOp("||")) { pos++; const r = rexp1(); v = v !== 0n || r !== 0n ? 1n : 0n; }
    return v;
  }
  // rexp1 = rexp2 { "^^" rexp2 }
  function rexp1(): bigint {
    let v = rexp2();
    while (isOp("^^")) { pos++; const r = rexp2(); v = (v !== 0n) !== (r !== 0n) ? 1n : 0n; }
    return v;
  }
  // rexp2 = rexp3 { "&&" rexp3 }
  function rexp2(): bigint {
    let v = rexp3();
    while (isOp("&&")) { pos++; const r = rexp3(); v = v !== 0n && r !== 0n ? 1n : 0n; }
    return v;
  }
  // rexp3 = expr0 { ("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | "<=>") expr0 }
  function rexp3(): bigint {
    let v = expr0();
    for (;;) {
      const op = isOp("=", "==", "!=", "<>", "<", ">", "<=", ">=", "<=>");
      if (!op) return v;
      pos++;
      const r = expr0();
      switch (op) {
        case "=": case "==": v = v === r ? 1n : 0n; break;
        case "!=": case "<>": v = v !== r ? 1n : 0n; break;
        case "<": v = v < r ? 1n : 0n; break;
        case ">": v = v > r ? 1n : 0n; break;
        case "<=": v = v <= r ? 1n : 0n; break;
        case ">=": v = v >= r ? 1n : 0n; break;
        case "<=>": v = v < r ? -1n : v > r ? 1n : 0n; break;
      }
    }
  }
  // expr0 = expr1 { "|" expr1 }
  function expr0(): bigint {
    let v = expr1();
    while (isOp("|")) { pos++; v = wrap(v | expr1()); }
    return v;
  }
  // expr1 = expr2 { "^" expr2 }
  function expr1(): bigint {
    let v = expr2();
    while (isOp("^")) { pos++; v = wrap(v ^ expr2()); }
    return v;
  }
  // expr2 = expr3 { "&" expr3 }
  function expr2(): bigint {
    let v = expr3();
    while (isOp("&")) { pos++; v = wrap(v & expr3()); }
    return v;
  }
  // expr3 = expr4 { ("<<" | ">>" | "<<<" | ">>>") expr4 }
  function expr3(): bigint {
    let v = expr4();
    for (;;) {
      const op = isOp("<<", ">>", "<<<", ">>>");
      if (!op) return v;
      pos++;
      const r = expr4();
      const n = u64(r) > 63n ? 64n : u64(r);
      if (op === "<<" || op === "<<<") v = n >= 64n ? 0n : wrap(v << n);
      else if (op === ">>") v = n >= 64n ? 0n : wrap(u64(v) >> n);
      else v = n >= 64n ? (v < 0n ? -1n : 0n) : v >> n;
    }
  }
  // expr4 = expr5 { ("+" | "-") expr5 }
  function expr4(): bigint {
    let v = expr5();
    for (;;) {
      const op = isOp("+", "-");
      if (!op) return v;
      pos++;
      const r = expr5();
      v = wrap(op === "+" ? v + r : v - r);
    }
  }
  // expr5 = expr6 { ("*" | "/" | "%" | "//" | "%%") expr6 }
  function expr5(): bigint {
    let v = expr6();
    for (;;) {
      const op = isOp("*", "/", "%", "//", "%%");
      if (!op) return v;
      const col = colHere();
      pos++;
      const r = expr6();
      if (op !== "*" && r === 0n) throw new EvalError("division by zero", col);
      switch (op) {
        case "*": v = wrap(v * r); break;
        case "/": v = wrap(u64(v) / u64(r)); break;
        case "%": v = wrap(u64(v) % u64(r)); break;
        case "//": v = wrap(v / r); break;
        case "%%": v = wrap(v % r); break;
      }
    }
  }
  // expr6 = ("-" | "+" | "~" | "!" | ilog2-op) expr6 | float-op "(" ["-" | "+"] float ")" | expr7
  function expr6(): bigint {
    const t = peek();
    const ilog2 = t?.type === "id" ? ilog2Operator(t.text) : null;
    const op = ilog2 ? null : isOp("-", "+", "~", "!");
    if (op || ilog2) {
      if (++depth > MAX_DEPTH) throw new EvalError("expression too deeply nested", colHere());
      pos++;
      const v = expr6();
      depth--;
      if (ilog2) return ilog2Of(ilog2, v, t!.col, warnings);
      return op === "-" ? wrap(-v) : op === "+" ? v : op === "~" ? wrap(~v) : v === 0n ? 1n : 0n;
    }
    const float = t?.type === "id" ? floatOperator(t.text) : null;
    if (float) {
      const r = floatCall(float, toks, pos + 1, t!.col, warnings);
      pos = r.pos;
      return r.value;
    }
    return expr7();
  }
  // expr7 = "(" expr ")" | number | character-constant
  function expr7(): bigint {
    const t = peek();
    if (!t) throw new EvalError("expression syntax error: value expected", colHere());
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
      return v;
    }
    if (t.type === "str") {
      pos++;
      return charConstant(t.text);
    }
    if (t.type === "id" || t.type === "blocked") {
      throw new EvalError(`symbol \`${t.text}' is not a macro: the preprocessor cannot evaluate symbol references`, t.col);
    }
    throw new EvalError(`expression syntax error at \`${t.text}'`, t.col);
  }

  try {
    if (toks.length === 0) return { ok: false, error: "expression expected", col: 0 };
    const v = expr();
    if (pos < toks.length) return { ok: false, error: `expression syntax error at \`${toks[pos]!.text}'`, col: toks[pos]!.col };
    return warnings.length ? { ok: true, value: v, warnings } : { ok: true, value: v };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message, col: e.col };
    throw e;
  }
}
