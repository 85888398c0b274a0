/**
 * A bridge for assembling, not preprocessing: NASM's built-in operators `__?ilog2e/w/f/c?__ x` and
 * `__?float32?__(1.5)` (what `%use ifunc` and `%use fp` expand to) and the special values
 * `__?Infinity?__`, `__?QNaN?__`, `__?SNaN?__` in `db`/`dw`/`dd`/`dq` items are folded into plain
 * numbers before the line reaches the assembler, whose expression parser (toolchain/asm/expr.ts)
 * does not know them yet. Only operands the preprocessor can evaluate are folded: `ilog2(label)`
 * still reaches the assembler as written (and fails there). `nasm -E` output is never lowered.
 * Delete this file once the assembler evaluates these operators itself.
 */
import { evaluate, ilog2Operator } from "./expr";
import { floatData, floatOperator, specialFloat } from "./floats";
import type { Token } from "./tokens";

export type LowerReport = (text: string, col: number, severity: "error" | "warning") => void;

const DATA_WIDTH: Record<string, 1 | 2 | 4 | 8> = { db: 1, dw: 2, dd: 4, dq: 8 };

/** The line with constant built-in operator calls replaced by numbers (the same array when nothing changed). */
export function lowerBuiltins(tokens: Token[], report: LowerReport): Token[] {
  if (!tokens.some((t) => t.type === "id" && t.text.startsWith("__?"))) return tokens;
  const out: Token[] = [];
  let changed = false;
  let width: 1 | 2 | 4 | 8 | 0 | null = null; // data directive of the line, once seen (0: another statement)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === "id" && width === null) {
      const w = DATA_WIDTH[t.text.toLowerCase()];
      if (w) width = w;
    }
    if (t.type !== "id" || !t.text.startsWith("__?")) { out.push(t); continue; }
    const special = specialFloat(t.text);
    if (special && width) {
      // a data item: the special value (with its sign) in the declaration's float format
      let k = lastSolid(out);
      let negative = false;
      if (k >= 0 && (out[k]!.text === "-" || out[k]!.text === "+") && startsItem(out, lastSolid(out, k))) {
        negative = out[k]!.text === "-";
        out.length = k;
        k = lastSolid(out);
      }
      if (startsItem(out, k)) {
        const r = floatData(width, t.text, negative);
        if (r.ok) {
          out.push({ type: "num", text: r.value.toString(), col: t.col });
          changed = true;
          continue;
        }
      }
    }
    const call = ilog2Operator(t.text) || floatOperator(t.text) ? operandEnd(tokens, i + 1, floatOperator(t.text) !== null) : -1;
    if (call < 0) { out.push(t); continue; }
    const r = evaluate(tokens.slice(i, call));
    if (!r.ok && /symbol|cannot evaluate/.test(r.error)) { out.push(t); continue; }
    changed = true;
    if (!r.ok) {
      report(r.error, t.col, "error");
      out.push({ type: "num", text: "0", col: t.col });
    } else {
      for (const w of r.warnings ?? []) report(w.text, t.col, "warning");
      if (r.value < 0n) out.push({ type: "op", text: "(", col: t.col }, { type: "num", text: r.value.toString(), col: t.col }, { type: "op", text: ")", col: t.col });
      else out.push({ type: "num", text: r.value.toString(), col: t.col });
    }
    i = call - 1;
  }
  return changed ? out : tokens;
}

/** Index of the last non-blank token before `end`, or -1. */
function lastSolid(tokens: Token[], end = tokens.length): number {
  for (let i = end - 1; i >= 0; i--) if (tokens[i]!.type !== "ws") return i;
  return -1;
}

/** The token at `k` is the data directive or a comma: what follows starts an item. */
function startsItem(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  return !!t && (t.text === "," || DATA_WIDTH[t.text.toLowerCase()] !== undefined);
}

/**
 * Where the operand of an operator starting at `i` ends: a parenthesised group (required for the
 * float operators), or for ilog2 a single number; -1 when there is none.
 */
function operandEnd(tokens: Token[], i: number, needParens: boolean): number {
  while (tokens[i]?.type === "ws") i++;
  const t = tokens[i];
  if (!t) return -1;
  if (t.text === "(") {
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      if (tokens[j]!.text === "(") depth++;
      else if (tokens[j]!.text === ")" && --depth === 0) return j + 1;
    }
    return -1;
  }
  return !needParens && t.type === "num" ? i + 1 : -1;
}
