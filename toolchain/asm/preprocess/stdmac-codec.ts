/**
 * The standard macros' definitions as data: what running STANDARD_MACROS (stdmac.ts) through the engine
 * defines, written as JSON (stdmac-data.ts, by scripts/gen-stdmac.ts; test/asm/stdmac-data.test.ts checks it
 * against the text). Decoding it costs a fraction of reading the ~150 lines of macro source, which every
 * `kernlab nasm` did first (2-5 ms of a one-shot run). Not the macros themselves (stdmac.ts) nor the engine.
 */
import type { BodyLine, MMacro } from "./mmacro";
import type { SMacro } from "./smacro";
import type { Token } from "./tokens";

export interface StandardDefinitions { smacros: SMacro[]; mmacros: MMacro[] }

/** JSON has no Infinity: an unbounded parameter count (`n-*`) is written as null. */
type EncodedMMacro = Omit<MMacro, "max"> & { max: number | null };

export function encodeStandardDefinitions(defs: StandardDefinitions): string {
  for (const m of defs.smacros) {
    if (m.dynamic) throw new Error(`standard macro ${m.name} is computed: it cannot be written as data`);
    checkTokens(m.name, m.body);
  }
  for (const m of defs.mmacros) {
    for (const d of m.defaults) checkTokens(m.name, d);
    for (const l of m.lines) checkTokens(m.name, l.tokens);
  }
  const mmacros: EncodedMMacro[] = defs.mmacros.map((m) => ({ ...m, max: m.max === Infinity ? null : m.max }));
  return JSON.stringify({ smacros: defs.smacros, mmacros });
}

export function decodeStandardDefinitions(json: string): StandardDefinitions {
  const raw = JSON.parse(json) as { smacros: SMacro[]; mmacros: EncodedMMacro[] };
  return {
    smacros: raw.smacros,
    mmacros: raw.mmacros.map((m) => ({ ...m, max: m.max ?? Infinity, lines: m.lines as BodyLine[] })),
  };
}

function checkTokens(name: string, tokens: Token[]): void {
  for (const t of tokens) if (t.hide) throw new Error(`standard macro ${name} holds an expansion's token: it cannot be written as data`);
}
