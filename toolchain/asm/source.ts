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
  /**
   * A later piece of a long data line the preprocessor streamed in pieces (preprocess/engine.ts longLine):
   * `text` is `db …` with this piece's items; `$` is still the address where the first piece starts.
   */
  continues?: boolean;
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

/*
 * Source text is bytes, as NASM reads it. A resolver hands the preprocessor a JS string that is the file's
 * UTF-8 text where the file is valid UTF-8, with every byte that is not part of a valid UTF-8 sequence as the
 * lone surrogate U+DC80-U+DCFF (Python's "surrogateescape"): CP437 box characters and Latin-1 strings
 * survive exactly, and sources typed as JS strings (browser, API) need no conversion. The preprocessor then
 * works on byte strings (one char per byte, sourceByteString()), so `db "…"` emits the file's bytes and
 * `$ - msg` counts them, and identifiers may contain any byte >= 0x80 (NASM's ctype: no class, so an
 * identifier character).
 */

/** The text of a source file's bytes: UTF-8 where valid, other bytes as U+DC80+byte (round-trips exactly). */
export function decodeSourceFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // some bytes are not UTF-8: decode by hand
  }
  let out = "";
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    let len = 0, cp = 0, min = 0;
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) { len = 2; cp = b & 0x1f; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { len = 3; cp = b & 0x0f; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { len = 4; cp = b & 0x07; min = 0x10000; }
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += len;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

/** The bytes a source string stands for: UTF-8, except that U+DC80-U+DCFF are the raw bytes 0x80-0xFF. */
export function encodeSourceText(text: string): Uint8Array {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) {
    const b = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
    return b;
  }
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdfff) out.push(0xef, 0xbf, 0xbd); // an unpaired surrogate typed in a JS string
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** A byte string (one char per byte, 0-255) of source text: what the preprocessor and assembler work on. */
export function sourceByteString(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return byteString(encodeSourceText(text));
}

/** Bytes as a byte string (one char per byte). */
export function byteString(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

/** The bytes of a byte string (chars above 0xFF, which a byte string never holds, keep their low byte). */
export function stringBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/**
 * A byte string shown to a person: its UTF-8 decoded when it is a byte string of valid UTF-8 (`été`, not
 * `Ã©tÃ©`); anything else (plain text, Latin-1 bytes that are not UTF-8) is returned as it is.
 */
export function displayText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s) || /[^\x00-\xff]/.test(s)) return s;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(stringBytes(s));
  } catch {
    return s;
  }
}

/** A diagnostic made from byte strings (source lines, identifiers), with its texts as displayText. */
export function displayDiagnostic(d: Diagnostic): Diagnostic {
  const loc = (l: Location | null | undefined) => (l && l.lineText !== undefined ? { ...l, lineText: displayText(l.lineText) } : l);
  return { ...d, text: displayText(d.text), location: loc(d.location) ?? null, notes: d.notes.map((n) => ({ ...n, text: displayText(n.text), ...(n.location ? { location: loc(n.location) } : {}) })) };
}

/** An in-memory resolver over a file map (browser, tests). */
export function mapResolver(files: Record<string, string | Uint8Array>): IncludeResolver {
  const norm = (p: string) => p.replace(/^\.\//, "");
  return {
    readText(path) {
      const v = files[path] ?? files[norm(path)];
      return v === undefined ? null : typeof v === "string" ? v : decodeSourceFile(v);
    },
    readBinary(path) {
      const v = files[path] ?? files[norm(path)];
      return v === undefined ? null : typeof v === "string" ? encodeSourceText(v) : v;
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
