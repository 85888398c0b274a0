/**
 * NASM 2.16 preprocessor: the public entry points. `preprocess` gives the assembler SourceLine[]
 * (text, file/line, macro call chain); `preprocessToText` gives what `nasm -E` prints. The work is in
 * engine.ts; this file only renders its result. Not the assembler (toolchain/asm/index.ts).
 */
import type { Diagnostic } from "../../../core/diagnostics";
import type { PreprocessOptions, PreprocessResult, SourceLine } from "../source";
import { Engine, type Limits } from "./engine";
import type { SmartAlignSpec } from "./packages";
import { TextRenderer } from "./text-output";

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
    const line: PreprocessedLine = { text: l.continues ? l.continues.asm : l.raw ?? l.text, file: l.file, line: l.line, chain: l.chain, verbatim: l.raw !== null };
    if (l.continues) line.continues = true;
    if (l.smartAlign) line.smartAlign = l.smartAlign;
    if (l.listed !== undefined) line.listed = l.listed;
    return line;
  });
  return { lines, diagnostics: engine.diagnostics, dependencies: engine.dependencies, ...(options.listing ? { listed: engine.listed } : {}) };
}

/**
 * What `nasm -E` prints. With `write`, the text is streamed to it in pieces as lines are made (a byte
 * string each; the engine keeps no lines, so memory does not grow with the output) and `text` is "";
 * without, it is collected and returned.
 */
export function preprocessToText(
  source: string,
  options: PreprocessorOptions,
  write?: (chunk: string) => void,
): { text: string; diagnostics: Diagnostic[]; dependencies: string[] } {
  const renderer = new TextRenderer();
  let buffered = "";
  const parts: string[] = [];
  const flush = () => { if (buffered) { if (write) write(buffered); else parts.push(buffered); buffered = ""; } };
  const engine = new Engine({
    ...options, preprocessOnly: true,
    sink: (l) => { buffered += renderer.push(l); if (buffered.length >= STREAM_CHUNK) flush(); },
  });
  engine.run(source);
  buffered += renderer.finish();
  flush();
  return { text: parts.join(""), diagnostics: engine.diagnostics, dependencies: engine.dependencies };
}

/** `-E` output is handed to its writer in pieces of about this many bytes. */
const STREAM_CHUNK = 64 * 1024;
