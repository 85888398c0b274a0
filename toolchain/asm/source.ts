/**
 * The contract between the preprocessor and the assembler: the preprocessor turns a source file
 * (plus includes, macros, conditionals) into SourceLine[]; the parser never sees a `%` directive.
 * Also the include resolver, which is the only way either stage reads files (so both run in the browser
 * on an in-memory file map).
 */
import type { Diagnostic, Location } from "../../core/diagnostics";

/** One line after preprocessing, with where it came from. */
export interface SourceLine {
  text: string;
  /** The file and 1-based line the text comes from (for a macro body line: the line in the macro definition). */
  file: string;
  line: number;
  /**
   * Macro call chain, outermost call site first; empty for a line that is not inside a macro expansion.
   * Diagnostics on this line list these as notes ("in macro 'ISR' called from file:line:col").
   */
  chain: Location[];
  /** True when `text` equals the original source line (so columns in it are the user's columns). */
  verbatim: boolean;
  /** With `listing`: the index in PreprocessResult.listed of the line `nasm -l` shows this line's output on. */
  listed?: number;
}

/** A line as `nasm -l` lists it: every line read from a file, and each line of a (listed) macro or %rep expansion. */
export interface ListedLine {
  /** The line number NASM shows (for an expansion line: its line in the macro or %rep body). */
  line: number;
  /** As read for a file line; tokens rendered back (params unexpanded, comment dropped) for an expansion line. */
  text: string;
  /** Include and macro depth (`<N>` in the listing; 0 for the main file). */
  level: number;
  /** Preprocessor warnings made on this line, as the listing shows them (`text [-w+user]`). */
  warnings?: string[];
}

/** Reads files for %include, %pathsearch, incbin, -P. Paths are as written, already joined with -I prefixes. */
export interface IncludeResolver {
  /** Text of a file, or null when it does not exist. */
  readText(path: string): string | null;
  /** Bytes of a file (incbin), or null when it does not exist. */
  readBinary(path: string): Uint8Array | null;
}

/** An in-memory resolver over a file map (browser, tests). */
export function mapResolver(files: Record<string, string | Uint8Array>): IncludeResolver {
  const norm = (p: string) => p.replace(/^\.\//, "");
  return {
    readText(path) {
      const v = files[path] ?? files[norm(path)];
      return v === undefined ? null : typeof v === "string" ? v : new TextDecoder().decode(v);
    },
    readBinary(path) {
      const v = files[path] ?? files[norm(path)];
      return v === undefined ? null : typeof v === "string" ? new TextEncoder().encode(v) : v;
    },
  };
}

export interface Define {
  name: string;
  /** Undefined means `-Dname` (defined, empty). */
  value?: string;
}

export interface PreprocessOptions {
  /** Name of the main file, as it appears in diagnostics and __FILE__. */
  file: string;
  resolver: IncludeResolver;
  /** -I prefixes, in order (NASM prepends them literally, so they normally end in '/'). */
  includePaths?: string[];
  /** -D, -U, -P in command-line order. */
  defines?: Define[];
  undefines?: string[];
  preIncludes?: string[];
  /** __OUTPUT_FORMAT__ value: "elf32" or "bin". */
  outputFormat?: string;
  /** Record the lines `nasm -l` lists (PreprocessResult.listed). */
  listing?: boolean;
}

export interface PreprocessResult {
  lines: SourceLine[];
  diagnostics: Diagnostic[];
  /** Every file read (for -M/-MD dependency output), main file first. */
  dependencies: string[];
  /** With `listing`: the listing's lines, in order. */
  listed?: ListedLine[];
}
