/**
 * NASM preprocessor. PLACEHOLDER: passes lines through unchanged until the real preprocessor lands.
 */
import type { PreprocessOptions, PreprocessResult } from "../source";

export function preprocess(source: string, options: PreprocessOptions): PreprocessResult {
  const lines = source.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  return {
    lines: lines.map((text, i) => ({ text, file: options.file, line: i + 1, chain: [], verbatim: true })),
    diagnostics: [],
    dependencies: [options.file],
  };
}
