/**
 * Conditional assembly state (`%if…/%elif…/%else/%endif`): one stack per source frame, with
 * NASM's states so that a taken branch ends the search and a nested block inside a skipped one is
 * never evaluated. Not the evaluation of the conditions themselves (engine.ts, expr.ts).
 */
import type { Location } from "../../../core/diagnostics";

export type CondState =
  | "true" //         emitting this branch
  | "false" //        not yet taken: the next %elif/%else may be
  | "done" //         a branch was taken: skip the rest
  | "never" //        inside a skipped block: skip everything up to the matching %endif
  | "else-true" //    in an %else that is emitting
  | "else-false"; //  in an %else that is skipped

export interface Cond {
  state: CondState;
  /** Where the %if was, for "unterminated %if" errors. */
  where: Location;
}

export const emitting = (conds: readonly Cond[]) => {
  const top = conds[conds.length - 1];
  return !top || top.state === "true" || top.state === "else-true";
};

/** The kind of a conditional directive name: `if…`, `elif…`, else, endif, or null. */
export function condKind(directive: string): { kind: "if" | "elif"; test: string; negate: boolean } | { kind: "else" | "endif" } | null {
  const d = directive.toLowerCase();
  if (d === "else") return { kind: "else" };
  if (d === "endif") return { kind: "endif" };
  const m = /^(if|elif)(n?)(.*)$/.exec(d);
  if (!m) return null;
  const kind = m[1] as "if" | "elif";
  let negate = m[2] === "n";
  let test = m[3]!;
  // "%ifnum" / "%ifnidn": "n" can start the test name itself (num, nempty is not a test)
  if (negate && !TESTS.has(test) && TESTS.has("n" + test)) { negate = false; test = "n" + test; }
  if (!TESTS.has(test)) return null;
  return { kind, test, negate };
}

const TESTS = new Set(["", "def", "defalias", "idn", "idni", "num", "str", "id", "macro", "ctx", "empty", "token", "env", "usable", "using"]);
