/**
 * NASM's `--limit-NAME` table (NASM 2.16 names and defaults), as data: kernlab nasm parses the options from
 * it and the help text lists it. Where kernlab has the same limit it applies NASM's value; `mmacros` is
 * accepted and has no effect (kernlab counts multi-line macro work with `lines`). Not the limits themselves:
 * the preprocessor (preprocess/engine.ts), the expression parser (expr.ts) and the pass loop (assembler.ts)
 * enforce them.
 */

/** Values of NASM's limits; "unlimited" is Number.MAX_SAFE_INTEGER. */
export interface AsmLimits {
  passes: number;
  stalledPasses: number;
  macroLevels: number;
  macroTokens: number;
  mmacros: number;
  rep: number;
  eval: number;
  lines: number;
}

export const UNLIMITED = Number.MAX_SAFE_INTEGER;

export const LIMIT_TABLE: readonly { name: string; key: keyof AsmLimits; help: string; default: number }[] = [
  { name: "passes", key: "passes", help: "total number of passes", default: UNLIMITED },
  { name: "stalled-passes", key: "stalledPasses", help: "number of passes without forward progress", default: 1000 },
  { name: "macro-levels", key: "macroLevels", help: "levels of macro expansion", default: 10_000 },
  { name: "macro-tokens", key: "macroTokens", help: "tokens of a line's single-line macro expansion", default: 10_000_000 },
  { name: "mmacros", key: "mmacros", help: "multi-line macros before final return (accepted, no effect)", default: 100_000 },
  { name: "rep", key: "rep", help: "%rep count", default: 1_000_000 },
  { name: "eval", key: "eval", help: "expression evaluation descent", default: 8192 },
  { name: "lines", key: "lines", help: "total source lines processed", default: 2_000_000_000 },
];

export const DEFAULT_ASM_LIMITS: AsmLimits = Object.fromEntries(LIMIT_TABLE.map((l) => [l.key, l.default])) as unknown as AsmLimits;
