/**
 * Lexer for one preprocessed NASM line: identifiers, numbers (every NASM radix form), strings
 * (' " `), operators, with 1-based columns. Does not know directives or instructions (parse.ts) and
 * never sees `%` directives (the preprocessor removed them). Lines are byte strings (toolchain/asm/source.ts).
 */
import { byteString, encodeSourceText } from "./source";

export type TokKind = "id" | "num" | "str" | "op" | "here" | "base" | "float";

export interface Token {
  kind: TokKind;
  /** Identifier text as written, operator text, or the string's decoded contents (as Latin-1 chars). */
  text: string;
  /** Value for "num" tokens. */
  value: bigint;
  /** 1-based column in the line. */
  col: number;
  /** Length in the source. */
  len: number;
}

export class LexError extends Error {
  constructor(message: string, readonly col: number, readonly len = 1) { super(message); }
}

// Bytes >= 0x80 are identifier characters, as in NASM (its ctype gives them no class). Lines are byte strings.
const ID_START = /[A-Za-z_.?@\x80-\xff]/;
const ID_CHAR = /[A-Za-z0-9_.?@$#~\x80-\xff]/;
const OPS = ["<<<", ">>>", "<=>", "//", "%%", "<<", ">>", "<=", ">=", "==", "!=", "<>", "&&", "||", "^^",
  "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "(", ")", "[", "]", ",", ":", "<", ">", "=", "?"];

/** Parses a NASM numeric literal (digits already start with 0-9). Returns null when malformed. */
export function parseNumber(raw: string): bigint | null {
  let s = raw.replace(/_/g, "").toLowerCase();
  let radix = 10;
  const pre = /^0([xhbyoqdt])/.exec(s);
  if (pre && s.length > 2) {
    radix = { x: 16, h: 16, b: 2, y: 2, o: 8, q: 8, d: 10, t: 10 }[pre[1] as "x"]!;
    s = s.slice(2);
  } else {
    const last = s[s.length - 1]!;
    if (last === "h" || last === "x") { radix = 16; s = s.slice(0, -1); }
    else if ((last === "b" || last === "y") && /^[01]+[by]$/.test(s)) { radix = 2; s = s.slice(0, -1); }
    else if (last === "o" || last === "q") { radix = 8; s = s.slice(0, -1); }
    else if (last === "d" || last === "t") { radix = 10; s = s.slice(0, -1); }
  }
  if (!s.length) return null;
  const digits = "0123456789abcdef".slice(0, radix);
  let v = 0n;
  const R = BigInt(radix);
  for (const ch of s) {
    const d = digits.indexOf(ch);
    if (d < 0) return null;
    v = v * R + BigInt(d);
  }
  return BigInt.asUintN(64, v);
}

function decodeBackquote(body: string, col: number): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") { out += c; continue; }
    const n = body[++i];
    if (n === undefined) throw new LexError("unterminated escape in string", col);
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b", "\\": "\\", "'": "'", '"': '"', "`": "`", "?": "?" };
    if (n === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1))!;
      if (!m) throw new LexError("bad \\x escape", col);
      out += String.fromCharCode(parseInt(m[0], 16)); i += m[0].length;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))!;
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff); i += m[0].length - 1;
    } else if (n === "u" || n === "U") {
      const m = (n === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(body.slice(i + 1));
      const cp = m ? parseInt(m[0], 16) : 0;
      if (m) i += m[0].length;
      out += byteString(encodeSourceText(cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd"));
    } else if (n in simple) out += simple[n]; else out += n;
  }
  return out;
}

/** Tokenizes a line; stops at a `;` comment. */
export function lex(line: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") { i++; continue; }
    if (c === ";") break;
    const col = i + 1;
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < n && line[j] !== c) { if (c === "`" && line[j] === "\\") j++; j++; }
      if (j >= n) throw new LexError("unterminated string", col);
      const body = line.slice(i + 1, j);
      toks.push({ kind: "str", text: c === "`" ? decodeBackquote(body, col) : body, value: 0n, col, len: j + 1 - i });
      i = j + 1;
      continue;
    }
    if (c >= "0" && c <= "9") {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(line[j]!)) {
        if ((line[j] === "e" || line[j] === "E") && /^[0-9.]+$/.test(line.slice(i, j)) && line.slice(i, j).includes(".") && (line[j + 1] === "+" || line[j + 1] === "-")) j += 2;
        else j++;
      }
      const raw = line.slice(i, j);
      if (/^[0-9]+\.[0-9]*(e[+-]?[0-9]+)?$/i.test(raw)) {
        toks.push({ kind: "float", text: raw, value: 0n, col, len: j - i });
      } else {
        const v = parseNumber(raw);
        if (v === null) throw new LexError(`invalid number '${raw}'`, col, j - i);
        toks.push({ kind: "num", text: raw, value: v, col, len: j - i });
      }
      i = j;
      continue;
    }
    if (c === "$") {
      if (line[i + 1] === "$") { toks.push({ kind: "base", text: "$$", value: 0n, col, len: 2 }); i += 2; continue; }
      if (/[0-9]/.test(line[i + 1] ?? "")) {
        let j = i + 1;
        while (j < n && /[0-9A-Za-z_]/.test(line[j]!)) j++;
        const v = parseNumber("0x" + line.slice(i + 1, j));
        if (v === null) throw new LexError(`invalid number '${line.slice(i, j)}'`, col, j - i);
        toks.push({ kind: "num", text: line.slice(i, j), value: v, col, len: j - i });
        i = j; continue;
      }
      if (ID_START.test(line[i + 1] ?? "")) {
        let j = i + 1;
        while (j < n && ID_CHAR.test(line[j]!)) j++;
        // `$name`: an identifier that is never a keyword or register
        toks.push({ kind: "id", text: line.slice(i, j), value: 0n, col, len: j - i });
        i = j; continue;
      }
      toks.push({ kind: "here", text: "$", value: 0n, col, len: 1 }); i++; continue;
    }
    // a `?` that starts no identifier is an operator (`a ? b : c`, `db ?`), as in NASM's scanner
    if (ID_START.test(c) && !(c === "?" && !ID_CHAR.test(line[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < n && ID_CHAR.test(line[j]!)) j++;
      toks.push({ kind: "id", text: line.slice(i, j), value: 0n, col, len: j - i });
      i = j; continue;
    }
    const op = OPS.find((o) => line.startsWith(o, i));
    if (!op) throw new LexError(`unexpected character '${c}'`, col);
    toks.push({ kind: "op", text: op, value: 0n, col, len: op.length });
    i += op.length;
  }
  return toks;
}
