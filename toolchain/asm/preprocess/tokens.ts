/**
 * Preprocessor tokens: splits one source line into NASM preprocessor tokens and renders tokens back
 * to text the way `nasm -E` does (whitespace runs become one space, comments and trailing blanks go).
 * Not the assembler's lexer (that one lives beside the parser); this one only knows what the
 * preprocessor must see: identifiers, numbers, strings, operators and the `%` forms.
 */
import { byteString, encodeSourceText, stringBytes } from "../source";

export type TokenType =
  | "ws" //        a run of blanks, rendered as one space
  | "id" //        identifier (also `$name`, `..@x`)
  | "num" //       number as written
  | "str" //       quoted string with its quotes
  | "op" //        operator or other punctuation
  | "param" //     %1 %-1 %+1 %0 %00
  | "local" //     %%name (macro-local label)
  | "ctx" //       %$name %$$name (context-local)
  | "brace" //     %{...}
  | "indirect" //  %[...]
  | "qq" //        %? %?? %*? %*??
  | "paste" //     %+
  | "pp" //        %name (directive or preprocessor id), %!env
  | "blocked"; //  an identifier that must not be expanded again (text only)

export interface Token {
  type: TokenType;
  text: string;
  /** 1-based column in the source line (0 when produced by expansion). */
  col: number;
  /** Single-line macros whose expansion produced this token (they are not expanded again inside it). */
  hide?: HideSet;
}

/** A persistent list of macros (shared tails, one node per expansion: no copying). */
export interface HideSet {
  macro: object;
  next: HideSet | undefined;
}

export function hides(set: HideSet | undefined, macro: object): boolean {
  for (let h = set; h; h = h.next) if (h.macro === macro) return true;
  return false;
}

// Character classes by char code (the tokenizer runs on every source line).
// Lines are byte strings; bytes >= 0x80 are identifier characters, as NASM's ctype gives them no class.
const ID_START = new Uint8Array(256).fill(1, 128);
const ID_CHAR = new Uint8Array(256).fill(1, 128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.?@") ID_START[c.charCodeAt(0)] = ID_CHAR[c.charCodeAt(0)] = 1;
for (const c of "0123456789$#~") ID_CHAR[c.charCodeAt(0)] = 1;
const isIdStart = (c: string) => c.length === 1 && ID_START[c.charCodeAt(0)] === 1;
const isIdChar = (c: string) => c.length === 1 && ID_CHAR[c.charCodeAt(0)] === 1;
const isDigit = (c: string) => c >= "0" && c <= "9";
const isBlank = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v";

const OPS3 = ["<<<", ">>>", "<=>"];
const OPS2 = ["==", "!=", "<>", "<=", ">=", "<<", ">>", "&&", "||", "^^", "//", "%%"];

/** Index just past the bracket that closes the one at `i` (`%[`…`]`, `%{`…`}`), nesting and strings aware. */
function scanBracket(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j]!;
    if (c === "'" || c === '"' || c === "`") {
      j = scanString(s, j) - 1;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return s.length;
}

/** Index just past the string starting at `i` (unterminated strings run to the end of the line). */
export function scanString(s: string, i: number): number {
  const q = s[i]!;
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (q === "`" && c === "\\") {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    j++;
  }
  return s.length;
}

/** Tokenize one logical line; the comment (from an unquoted `;`) and trailing blanks are dropped. */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const n = line.length;
  let i = 0;
  const push = (type: TokenType, end: number) => {
    out.push({ type, text: line.slice(i, end), col: i + 1 });
    i = end;
  };
  while (i < n) {
    const c = line[i]!;
    if (isBlank(c)) {
      let j = i + 1;
      while (j < n && isBlank(line[j]!)) j++;
      out.push({ type: "ws", text: " ", col: i + 1 });
      i = j;
      continue;
    }
    if (c === ";") break;
    if (c === "'" || c === '"' || c === "`") {
      push("str", scanString(line, i));
      continue;
    }
    if (c === "%") {
      const d = line[i + 1] ?? "";
      if (d === "[") { push("indirect", scanBracket(line, i + 1, "[", "]")); continue; }
      if (d === "{") { push("brace", scanBracket(line, i + 1, "{", "}")); continue; }
      if (d === "%" && isIdChar(line[i + 2] ?? "")) {
        let j = i + 2;
        while (j < n && isIdChar(line[j]!)) j++;
        push("local", j);
        continue;
      }
      if (d === "$") {
        let j = i + 1;
        while (line[j] === "$") j++;
        while (j < n && isIdChar(line[j]!)) j++;
        push("ctx", j);
        continue;
      }
      if (isDigit(d) || ((d === "+" || d === "-") && isDigit(line[i + 2] ?? ""))) {
        let j = i + 2;
        while (j < n && isDigit(line[j]!)) j++;
        push("param", j);
        continue;
      }
      if (d === "?") { push("qq", line[i + 2] === "?" ? i + 3 : i + 2); continue; }
      if (d === "*" && line[i + 2] === "?") { push("qq", line[i + 3] === "?" ? i + 4 : i + 3); continue; }
      if (d === "+") { push("paste", i + 2); continue; }
      if (d === "!") {
        let j = i + 2;
        if (line[j] === "'" || line[j] === '"') j = scanString(line, j);
        else while (j < n && isIdChar(line[j]!)) j++;
        push("pp", j);
        continue;
      }
      if (isIdStart(d)) {
        let j = i + 1;
        while (j < n && isIdChar(line[j]!)) j++;
        push("pp", j);
        continue;
      }
      if (d === "%") { push("op", i + 2); continue; }
      push("op", i + 1);
      continue;
    }
    if (c === "$" && isDigit(line[i + 1] ?? "")) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_]/.test(line[j]!)) j++;
      push("num", j);
      continue;
    }
    if (isIdStart(c) || (c === "$" && isIdStart(line[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < n && isIdChar(line[j]!)) j++;
      push("id", j);
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n) {
        const e = line[j]!;
        if (/[0-9A-Za-z_.]/.test(e)) { j++; continue; }
        // exponent sign of a decimal float: 1.5e+3
        if ((e === "+" || e === "-") && /[eE]/.test(line[j - 1]!) && /^[0-9_]*\.[0-9_]*[eE]$/.test(line.slice(i, j))) { j++; continue; }
        break;
      }
      push("num", j);
      continue;
    }
    const three = line.slice(i, i + 3);
    if (OPS3.includes(three)) { push("op", i + 3); continue; }
    const two = line.slice(i, i + 2);
    if (OPS2.includes(two)) { push("op", i + 2); continue; }
    push("op", i + 1);
  }
  while (out.length && out[out.length - 1]!.type === "ws") out.pop();
  return out;
}

/** Render tokens as `nasm -E` prints them. */
export function detokenize(tokens: readonly Token[]): string {
  if (tokens.length === 1) return tokens[0]!.text;
  const parts = new Array<string>(tokens.length);
  for (let i = 0; i < tokens.length; i++) parts[i] = tokens[i]!.text;
  return parts.join("");
}

/** Index of the first non-whitespace token at or after `i` (tokens.length when none). */
export function skipWs(tokens: readonly Token[], i: number): number {
  while (i < tokens.length && tokens[i]!.type === "ws") i++;
  return i;
}

/** Tokens with leading and trailing whitespace removed. */
export function trimWs(tokens: readonly Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a]!.type === "ws") a++;
  while (b > a && tokens[b - 1]!.type === "ws") b--;
  return tokens.slice(a, b);
}


/** Value of a NASM string token (quotes removed, backquote escapes applied), as bytes. */
export function unquote(tokenText: string): Uint8Array {
  const q = tokenText[0]!;
  let body = tokenText.slice(1);
  if (body.endsWith(q)) body = body.slice(0, -1);
  if (q !== "`") return stringBytes(body);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") { bytes.push(c.charCodeAt(0) & 0xff); continue; }
    const e = body[++i] ?? "";
    const simple: Record<string, number> = { "'": 39, '"': 34, "`": 96, "\\": 92, "?": 63, a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, e: 27 };
    if (e in simple) { bytes.push(simple[e]!); continue; }
    if (/[0-7]/.test(e)) {
      let v = 0, k = 0;
      while (k < 3 && /[0-7]/.test(body[i] ?? "")) { v = v * 8 + Number(body[i]); i++; k++; }
      i--;
      bytes.push(v & 0xff);
      continue;
    }
    if (e === "x") {
      let v = 0, k = 0;
      while (k < 2 && /[0-9a-fA-F]/.test(body[i + 1] ?? "")) { v = v * 16 + parseInt(body[++i]!, 16); k++; }
      bytes.push(v);
      continue;
    }
    if (e === "u" || e === "U") {
      const len = e === "u" ? 4 : 8;
      let h = "";
      while (h.length < len && /[0-9a-fA-F]/.test(body[i + 1] ?? "")) h += body[++i];
      const cp = parseInt(h || "0", 16);
      bytes.push(...encodeSourceText(cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd"));
      continue;
    }
    if (e !== "") bytes.push(e.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Quote bytes as NASM does for %defstr/%substr/%strcat results: '…' unless that needs escaping. */
export function quoteBytes(bytes: Uint8Array): string {
  const s = byteString(bytes);
  const printable = bytes.every((b) => b >= 32 && b !== 127);
  if (printable && !s.includes("'")) return `'${s}'`;
  if (printable && !s.includes('"')) return `"${s}"`;
  let out = "`";
  for (const b of bytes) {
    if (b === 96) out += "\\`";
    else if (b === 92) out += "\\\\";
    else if (b >= 32 && b < 127) out += String.fromCharCode(b);
    else if (b === 10) out += "\\n";
    else if (b === 9) out += "\\t";
    else if (b === 13) out += "\\r";
    else out += "\\" + b.toString(8);
  }
  return out + "`";
}
