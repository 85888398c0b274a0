/**
 * NASM 2.16 preprocessor: the public entry points. `preprocess` gives the assembler SourceLine[]
 * (text, file/line, macro call chain); `preprocessToText` gives what `nasm -E` prints. The work is in
 * engine.ts; this file only renders its result. Not the assembler (toolchain/asm/index.ts).
 */
import type { Diagnostic } from "../../../core/diagnostics";
import type { PreprocessOptions, PreprocessResult, SourceLine } from "../source";
import { Engine, type Limits } from "./engine";
import type { SmartAlignSpec } from "./packages";
import { renderText } from "./text-output";

export type { Limits } from "./engine";
export { DEFAULT_LIMITS } from "./engine";
export type { SmartAlignSpec } from "./packages";

/** A preprocessed line; `smartAlign` marks an `align` of `%use smartalign` for the assembler to lay out. */
export type PreprocessedLine = SourceLine & { smartAlign?: SmartAlignSpec };

/** PreprocessOptions plus limits (tests and fuzzers lower them). */
export interface PreprocessorOptions extends PreprocessOptions {
  limits?: Partial<Limits>;
}

export function preprocess(source: string, options: PreprocessorOptions): PreprocessResult {
  const engine = new Engine(options);
  engine.run(source);
  const lines: PreprocessedLine[] = engine.out.map((l) => {
    const line: PreprocessedLine = { text: l.raw ?? l.text, file: l.file, line: l.line, chain: l.chain, verbatim: l.raw !== null };
    if (l.smartAlign) line.smartAlign = l.smartAlign;
    if (l.listed !== undefined) line.listed = l.listed;
    return line;
  });
  return { lines, diagnostics: engine.diagnostics, dependencies: engine.dependencies, ...(options.listing ? { listed: engine.listed } : {}) };
}

export function preprocessToText(
  source: string,
  options: PreprocessorOptions,
): { text: string; diagnostics: Diagnostic[]; dependencies: string[] } {
  const engine = new Engine({ ...options, preprocessOnly: true });
  engine.run(source);
  return { text: renderText(engine.out), diagnostics: engine.diagnostics, dependencies: engine.dependencies };
}
