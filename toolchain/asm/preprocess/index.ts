/**
 * NASM 2.16 preprocessor: the public entry points. `preprocess` gives the assembler SourceLine[]
 * (text, file/line, macro call chain); `preprocessToText` gives what `nasm -E` prints. The work is in
 * engine.ts; this file only renders its result. Not the assembler (toolchain/asm/index.ts).
 */
import type { Diagnostic } from "../../../core/diagnostics";
import type { PreprocessOptions, PreprocessResult, SourceLine } from "../source";
import { Engine, type Limits } from "./engine";
import { renderText } from "./text-output";

export type { Limits } from "./engine";
export { DEFAULT_LIMITS } from "./engine";

/** PreprocessOptions plus limits (tests and fuzzers lower them). */
export interface PreprocessorOptions extends PreprocessOptions {
  limits?: Partial<Limits>;
}

export function preprocess(source: string, options: PreprocessorOptions): PreprocessResult {
  const engine = new Engine(options);
  engine.run(source);
  const lines: SourceLine[] = engine.out.map((l) => ({
    text: l.raw ?? l.text,
    file: l.file,
    line: l.line,
    chain: l.chain,
    verbatim: l.raw !== null,
  }));
  return { lines, diagnostics: engine.diagnostics, dependencies: engine.dependencies };
}

export function preprocessToText(
  source: string,
  options: PreprocessorOptions,
): { text: string; diagnostics: Diagnostic[]; dependencies: string[] } {
  const engine = new Engine({ ...options, preprocessOnly: true });
  engine.run(source);
  return { text: renderText(engine.out), diagnostics: engine.diagnostics, dependencies: engine.dependencies };
}
