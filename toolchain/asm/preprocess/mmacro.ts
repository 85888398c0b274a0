/**
 * Multi-line macros: the table (`%macro`/`%imacro`, overloading by parameter range, `%unmacro`),
 * splitting a call's arguments (braces group, greedy last parameter, defaults) and substituting a
 * body line (`%1`, `%-1`/`%+1`, `%0`, `%00`, `%{n:m}`, `%%local`, `%?`/`%??`, adjacent-token pasting).
 * Not the expansion driver (engine.ts owns the frame stack, `%rotate` and `%exitmacro`).
 */
import { tokenize, trimWs, type Token } from "./tokens";

/** A line of a macro or %rep body, with where it was read (for %line and diagnostics). */
export interface BodyLine {
  tokens: Token[];
  text: string;
  file: string;
  line: number;
}

export interface MMacro {
  name: string;
  caseSensitive: boolean;
  min: number;
  /** Infinity for `n-*`. */
  max: number;
  /** `+`: the last parameter takes the rest of the line. */
  greedy: boolean;
  /** `.nolist`: expansion lines take the location of the call (standard macros). */
  nolist: boolean;
  defaults: Token[][];
  lines: BodyLine[];
  /** The body uses %00, so a label before the call is not emitted on its own line. */
  usesLabel: boolean;
  /** Defined with %rmacro/%irmacro: may call itself. A %macro's own name inside its expansion is not a call. */
  recursive: boolean;
  file: string;
  line: number;
}

export class MMacroTable {
  private readonly exact = new Map<string, MMacro[]>();
  private readonly folded = new Map<string, MMacro[]>();

  define(m: MMacro): void {
    const map = m.caseSensitive ? this.exact : this.folded;
    const key = m.caseSensitive ? m.name : m.name.toLowerCase();
    const list = (map.get(key) ?? []).filter((o) => !(o.min === m.min && o.max === m.max && o.greedy === m.greedy));
    list.unshift(m);
    map.set(key, list);
  }

  /** Remove the definition with exactly this range; false when there is none. */
  undefine(name: string, caseSensitive: boolean, min: number, max: number): boolean {
    const map = caseSensitive ? this.exact : this.folded;
    const key = caseSensitive ? name : name.toLowerCase();
    const list = map.get(key) ?? [];
    const kept = list.filter((o) => !(o.min === min && o.max === max));
    if (kept.length === list.length) return false;
    if (kept.length) map.set(key, kept);
    else map.delete(key);
    return true;
  }

  /** Every definition, newest first within a name (define() them in reverse to rebuild the table). */
  all(): MMacro[] {
    return [...this.exact.values(), ...this.folded.values()].flat();
  }

  /** `%clear`: every multi-line macro goes, standard ones included. */
  clear(): void {
    this.exact.clear();
    this.folded.clear();
  }

  lookup(name: string): MMacro[] {
    const a = this.exact.get(name) ?? [];
    const b = this.folded.get(name.toLowerCase()) ?? [];
    return a.length && b.length ? [...a, ...b] : a.length ? a : b;
  }
}

/** Split the argument tokens of a call at commas (braces group and are stripped); no args → []. */
export function splitArgs(tokens: readonly Token[]): Token[][] {
  const t = trimWs(tokens);
  if (!t.length) return [];
  const args: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const tok of t) {
    if (tok.type === "op" && tok.text === "{") { if (depth++ === 0 && trimWs(cur).length === 0) { cur.push(tok); continue; } }
    else if (tok.type === "op" && tok.text === "}") depth = Math.max(0, depth - 1);
    else if (tok.type === "op" && tok.text === "," && depth === 0) {
      args.push(cur);
      cur = [];
      continue;
    }
    cur.push(tok);
  }
  args.push(cur);
  return args.map(stripBraces);
}

function stripBraces(arg: Token[]): Token[] {
  const t = trimWs(arg);
  if (t.length >= 2 && t[0]!.text === "{" && t[t.length - 1]!.text === "}") {
    // only when the braces enclose the whole argument
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i]!.text === "{") depth++;
      else if (t[i]!.text === "}" && --depth === 0 && i !== t.length - 1) return t;
    }
    return t.slice(1, -1);
  }
  return t;
}

/** The overload a call with `n` arguments selects, or undefined. */
export function findOverload(macros: readonly MMacro[], n: number): MMacro | undefined {
  return macros.find((m) => (n >= m.min && n <= m.max) || (m.greedy && n > m.max));
}

/**
 * The parameters of a call: arguments split, the greedy tail joined, defaults appended.
 * `raw` is the argument text as tokens (after the macro name).
 */
export function bindParams(m: MMacro, raw: readonly Token[]): Token[][] {
  let args = splitArgs(raw);
  // NASM 2.16 (legacy behaviour): one trailing empty argument is dropped
  if (args.length >= 2 && args[args.length - 1]!.length === 0) {
    args.pop();
    raw = trimWs(raw).slice(0, -1);
    while (raw.length && raw[raw.length - 1]!.type === "ws") raw = raw.slice(0, -1);
  }
  if (m.greedy && args.length > m.max && m.max >= 1) {
    // re-split: the last parameter is the raw rest of the line starting at the max-th argument
    const t = trimWs(raw);
    let commas = 0;
    let depth = 0;
    let i = 0;
    for (; i < t.length; i++) {
      const x = t[i]!;
      if (x.text === "{") depth++;
      else if (x.text === "}") depth--;
      else if (x.text === "," && depth === 0 && ++commas === m.max - 1) { i++; break; }
    }
    if (m.max === 1) i = 0;
    args = [...args.slice(0, m.max - 1), trimWs(t.slice(i))];
  }
  const total = m.defaults.length ? Math.max(args.length, Math.min(m.max, m.min + m.defaults.length)) : args.length;
  for (let k = args.length; k < total; k++) args.push(m.defaults[k - m.min]?.slice() ?? []);
  return args;
}

const CONDITION_CODES = new Set("a ae b be c e g ge l le na nae nb nbe nc ne ng nge nl nle no np ns nz o p pe po s z".split(" "));
/** NASM inverts a condition by toggling its leading "n" (pe and po swap). */
const invertCC = (cc: string) => (cc === "pe" ? "po" : cc === "po" ? "pe" : cc.startsWith("n") ? cc.slice(1) : "n" + cc);

export interface Invocation {
  macro: MMacro;
  params: Token[][];
  rotate: number;
  unique: number;
  invokedAs: string;
  label: Token[];
}

export type SubstError = (text: string, col: number) => void;

function paramAt(inv: Invocation, n: number): Token[] {
  const count = inv.params.length;
  if (n < 1 || n > count) return [];
  return inv.params[(n - 1 + inv.rotate) % count] ?? [];
}

/** `%{…}`: `%{n}`, `%{-n}`, `%{n:m}` (ranges may run backwards), `%{%%x}`…; null when not a parameter form. */
function braceForm(inv: Invocation, inner: string): Token[] | null {
  const range = /^\s*(-?\d+)\s*:\s*(-?\d+)\s*$/.exec(inner);
  const count = inv.params.length;
  const norm = (v: number) => (v < 0 ? count + v + 1 : v);
  if (range) {
    // out-of-range ends give empty parameters; clamp so a huge range cannot run away
    const clamp = (v: number) => Math.max(0, Math.min(count + 1, v));
    const a = clamp(norm(Number(range[1])));
    const b = clamp(norm(Number(range[2])));
    const out: Token[] = [];
    const step = a <= b ? 1 : -1;
    for (let k = a; ; k += step) {
      if (out.length) out.push({ type: "op", text: ",", col: 0 });
      out.push(...paramAt(inv, k));
      if (k === b) break;
    }
    return out;
  }
  const single = /^\s*(-?\d+)\s*$/.exec(inner);
  if (single) return paramAt(inv, norm(Number(single[1])));
  return null;
}

/** Substitute the parameters of the innermost macro call into one body line. */
const SUBSTITUTED = new Set(["param", "local", "qq", "brace", "indirect"]);

export function substituteParams(tokens: readonly Token[], inv: Invocation, error: SubstError): Token[] {
  if (!tokens.some((t) => SUBSTITUTED.has(t.type))) return tokens as Token[];
  const out: Token[] = [];
  let changed = false;
  for (const t of tokens) {
    switch (t.type) {
      case "param": {
        changed = true;
        const text = t.text.slice(1);
        if (text === "0") { out.push({ type: "num", text: String(inv.params.length), col: t.col }); break; }
        if (text === "00") { out.push(...inv.label); break; }
        const sign = text[0] === "+" || text[0] === "-" ? text[0] : "";
        const n = Number(sign ? text.slice(1) : text);
        const p = paramAt(inv, n);
        if (sign) {
          const cc = trimWs(p);
          const code = cc.length === 1 ? cc[0]!.text.toLowerCase() : "";
          if (!CONDITION_CODES.has(code)) {
            error(`condition code \`${trimWs(p).map((x) => x.text).join("")}' is not invertible`, t.col);
          } else out.push({ type: "id", text: sign === "-" ? invertCC(code) : code, col: t.col });
        } else for (const x of p) out.push(x);
        break;
      }
      case "local":
        changed = true;
        out.push({ type: "id", text: `..@${inv.unique}.${t.text.slice(2)}`, col: t.col });
        break;
      case "qq":
        changed = true;
        out.push({ type: "id", text: t.text.endsWith("??") ? inv.macro.name : inv.invokedAs, col: t.col });
        break;
      case "indirect": {
        const inner = tokenize(t.text.slice(2, -1));
        const sub = substituteParams(inner, inv, error);
        if (sub !== inner) {
          changed = true;
          out.push({ type: "indirect", text: "%[" + sub.map((x) => x.text).join("") + "]", col: t.col });
        } else out.push(t);
        break;
      }
      case "brace": {
        const r = braceForm(inv, t.text.slice(2, -1));
        if (r) { changed = true; for (const x of r) out.push(x); }
        else out.push(t);
        break;
      }
      default:
        out.push(t);
    }
  }
  return changed ? pasteAdjacent(out) : out;
}

/** Join identifier/number tokens that ended up next to each other (`isr%1` → `isr3`). */
export function pasteAdjacent(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev && (t.type === "id" || t.type === "num") && (prev.type === "id" || (prev.type === "num" && t.type === "num"))) {
      // identifier characters include digits, so id+id, id+num and num+num stay one token of the first kind
      out[out.length - 1] = { type: prev.type, text: prev.text + t.text, col: prev.col };
      continue;
    }
    out.push(t);
  }
  return out;
}
