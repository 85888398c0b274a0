/**
 * Single-line macros: the table (`%define`, `%idefine`, `%xdefine`, `%undef`, overloading by
 * parameter count, `%defalias` aliases such as `__FILE__` → `__?FILE?__`, `%clear`) and the
 * expansion of a token line (parameters, `%[…]`, `%+` pasting, context-local `%$x`, `%?`/`%??`).
 * Expansion is iterative (a work stack, not recursion) with a hide set per token so that a macro
 * never expands inside its own expansion, and a token budget so that hostile input ends with an
 * error instead of exhausting memory.
 * Not multi-line macros (mmacro.ts) nor directives (engine.ts).
 */
import { stringBytes } from "../source";
import type { ContextStack } from "./context";
import { evaluate } from "./expr";
import { detokenize, hides, quoteBytes, tokenize, trimWs, type HideSet, type Token } from "./tokens";

export interface SMacro {
  name: string;
  caseSensitive: boolean;
  /** Parameter names, or null for a macro written without parentheses. */
  params: string[] | null;
  /** The last parameter takes the rest of the arguments (`%define f(a,b+)`). */
  greedy: boolean;
  body: Token[];
  /** For each body token, the parameter it stands for (-1: none). */
  paramIndex: number[];
  /** Computed macros (`__?LINE?__`, `__?FILE?__`). */
  dynamic?: () => Token[];
  /**
   * `%defalias name target`: a parameterless macro whose body is the target's name, as in NASM;
   * `%define`/`%undef` of the name act on the target, `%undefalias` and `%clear defalias` on the alias.
   */
  alias?: boolean;
  /**
   * NASM 2.16 parameter modifiers, per parameter: `=` evaluates the argument as an expression,
   * `&` turns it into a quoted string, `!` keeps its blanks and braces.
   */
  modifiers?: ParamModifier[];
}

export interface ParamModifier {
  evaluate: boolean;
  /** `&`: always quote; `&&`: quote unless the argument already is one string. */
  stringify: "" | "&" | "&&";
  noStrip: boolean;
}

export function makeSMacro(name: string, caseSensitive: boolean, params: string[] | null, greedy: boolean, body: Token[], modifiers?: ParamModifier[]): SMacro {
  const paramIndex = body.map((t) => (params && t.type === "id" ? params.indexOf(t.text) : -1));
  const m: SMacro = { name, caseSensitive, params, greedy, body, paramIndex };
  if (modifiers?.some((x) => x.evaluate || x.stringify || x.noStrip)) m.modifiers = modifiers;
  return m;
}

/** `%defalias name target` (target: an identifier or a `%$` context-local name). */
export function makeAlias(name: string, caseSensitive: boolean, target: Token): SMacro {
  return { name, caseSensitive, params: null, greedy: false, body: [{ type: target.type, text: target.text, col: 0 }], paramIndex: [-1], alias: true };
}

/** What `%clear` removes from a table: ordinary macros, aliases, or both. */
export interface ClearWhat {
  defines: boolean;
  aliases: boolean;
}

const NONE: SMacro[] = [];

export class SMacroTable {
  private readonly exact = new Map<string, SMacro[]>();
  private readonly folded = new Map<string, SMacro[]>();
  /** First characters of case-insensitive names: most lookups then skip lower-casing the name. */
  private readonly foldedFirst = new Uint8Array(128);
  /** `%aliases off`: lookups skip aliases (and definitions no longer follow them). */
  noAliases = false;

  define(m: SMacro): void {
    const map = m.caseSensitive ? this.exact : this.folded;
    const key = m.caseSensitive ? m.name : m.name.toLowerCase();
    if (!m.caseSensitive) this.foldedFirst[key.charCodeAt(0) & 127] = 1;
    // an alias replaces every definition of its name; a macro replaces an alias and its own overload
    const list = m.alias ? [] : (map.get(key) ?? []).filter((o) => !o.alias && (o.params?.length ?? -1) !== (m.params?.length ?? -1));
    list.push(m);
    map.set(key, list);
  }

  /** Remove every definition of a name (macros and aliases alike, both cases). */
  undefine(name: string): void {
    this.exact.delete(name);
    this.folded.delete(name.toLowerCase());
  }

  /** All macros a name can invoke (case-sensitive ones first). */
  lookup(name: string): SMacro[] {
    const a = this.exact.get(name);
    const c = name.charCodeAt(0);
    const b = this.foldedFirst[(c >= 65 && c <= 90 ? c + 32 : c) & 127] ? this.folded.get(name.toLowerCase()) : undefined;
    if (!a && !b) return NONE;
    const all = a && b ? [...a, ...b] : (a ?? b)!;
    return this.noAliases && all.some((m) => m.alias) ? all.filter((m) => !m.alias) : all;
  }

  /** The alias a name stands for, if it is one (and aliases are on). */
  aliasOf(name: string): SMacro | undefined {
    if (this.noAliases) return undefined;
    return this.lookup(name).find((m) => m.alias);
  }

  isDefined(name: string): boolean {
    return this.lookup(name).length > 0;
  }

  /** `%clear`: drop ordinary macros and/or aliases. */
  clear(what: ClearWhat): void {
    for (const map of [this.exact, this.folded]) {
      for (const [key, list] of map) {
        const kept = list.filter((m) => (m.alias ? !what.aliases : !what.defines));
        if (kept.length) map.set(key, kept);
        else map.delete(key);
      }
    }
  }

  /** Every definition, each name's overloads in the order they were defined. */
  all(): SMacro[] {
    return [...this.exact.values(), ...this.folded.values()].flat();
  }

  get size(): number {
    return this.exact.size + this.folded.size;
  }
}

export interface ExpandEnv {
  table: SMacroTable;
  contexts: ContextStack;
  /** Report an error at a column of the line being expanded. */
  error(text: string, col: number, severity?: "error" | "warning"): void;
  /** Token budget left for this line; expansion stops with an error when it runs out. */
  budget: { tokens: number; depth?: number };
}

/** Nesting of `%[…]` inside `%[…]` (each level is a recursive expansion). */
const MAX_INDIRECT_DEPTH = 64;

export class ExpansionLimit extends Error {}

interface Arg {
  /** The argument as macros see it: outer blanks and one level of braces gone. */
  tokens: Token[];
  /** The argument exactly as written between its commas (for `!` parameters). */
  raw: Token[];
}

/**
 * Split call arguments starting at the "(" at work[top] (work is reversed: next token at the end).
 * Returns the arguments and how many tokens were consumed, or null when the parentheses do not close.
 * Whitespace quirk of NASM 2.16: leading blanks of an argument are dropped, trailing blanks are dropped
 * but carried as one blank in front of the next argument.
 */
function readArgs(work: Token[]): { args: Arg[]; consumed: number } | null {
  let k = work.length - 1;
  while (k >= 0 && work[k]!.type === "ws") k--;
  if (k < 0 || work[k]!.text !== "(") return null;
  k--;
  const args: Arg[] = [];
  let cur: Token[] = [];
  let raw: Token[] = [];
  let depth = 0;
  let carry = false;
  let leading = true;
  const finish = () => {
    let stripped = false;
    while (cur.length && cur[cur.length - 1]!.type === "ws") { cur.pop(); stripped = true; }
    if (cur.length >= 2 && cur[0]!.text === "{" && cur[cur.length - 1]!.text === "}") cur = cur.slice(1, -1);
    args.push({ tokens: cur, raw });
    cur = [];
    raw = [];
    carry = stripped;
    leading = true;
  };
  for (; k >= 0; k--) {
    const t = work[k]!;
    const depthBefore = depth;
    if (!((t.type === "op" && (t.text === ")" || t.text === ",")) && depthBefore === 0)) raw.push(t);
    if (leading && t.type === "ws") continue;
    if (leading) {
      if (carry) cur.push({ type: "ws", text: " ", col: 0 });
      leading = false;
    }
    if (t.type === "op" && (t.text === "(" || t.text === "{")) depth++;
    else if (t.type === "op" && (t.text === ")" || t.text === "}")) {
      if (depth === 0) {
        finish();
        return { args, consumed: work.length - k };
      }
      depth--;
    } else if (t.type === "op" && t.text === "," && depth === 0) {
      finish();
      continue;
    }
    cur.push(t);
  }
  return null;
}

/** Choose the overload for a call with `n` arguments (null params means "no parentheses"). */
function pick(macros: SMacro[], n: number | null): SMacro | undefined {
  if (n === null) return macros.find((m) => m.params === null);
  return (
    macros.find((m) => m.params !== null && m.params.length === n) ??
    macros.find((m) => m.params !== null && m.greedy && n >= m.params.length - 1)
  );
}

/** Marks argument tokens as already placed (they keep their own, empty, hide set). */
const NO_HIDE: HideSet = { macro: {}, next: undefined };

function instantiate(m: SMacro, args: Arg[] | null, invokedAs: string, hide: HideSet, env: ExpandEnv, col: number): Token[] {
  if (m.dynamic) return m.dynamic().map((t) => ({ ...t, hide }));
  const out: Token[] = [];
  const params = m.params ?? [];
  let argList = args ?? [];
  if (m.greedy && argList.length > params.length) {
    // the greedy parameter takes the rest as written (blanks inside it kept, as NASM does)
    const rest = argList.slice(params.length - 1);
    const first = rest[0]!;
    const last: Token[] = [...first.tokens];
    if (first.raw[first.raw.length - 1]?.type === "ws" && last.length) last.push({ type: "ws", text: " ", col: 0 });
    const lastRaw: Token[] = [...first.raw];
    for (const a of rest.slice(1)) {
      last.push({ type: "op", text: ",", col: 0 }, ...a.raw);
      lastRaw.push({ type: "op", text: ",", col: 0 }, ...a.raw);
    }
    while (last.length && last[last.length - 1]!.type === "ws") last.pop();
    argList = [...argList.slice(0, params.length - 1), { tokens: last, raw: lastRaw }];
  }
  if (m.modifiers) argList = argList.map((a, i) => applyModifier(m, i, a, env, col));
  for (let i = 0; i < m.body.length; i++) {
    const t = m.body[i]!;
    const p = m.paramIndex[i]!;
    if (p >= 0) {
      for (const a of argList[p]?.tokens ?? []) out.push({ ...a, hide: a.hide ?? NO_HIDE });
      continue;
    }
    if (t.type === "qq") {
      const text = t.text.endsWith("??") ? m.name : invokedAs;
      out.push({ type: "id", text, col: 0, hide });
      continue;
    }
    out.push({ type: t.type, text: t.text, col: 0, hide });
  }
  return out;
}

/**
 * NASM 2.16 parameter modifiers: `!` takes the argument as written (blanks and braces kept),
 * `=` replaces it by its value, `&` by a quoted string of its expansion (`&&`: unless it is one).
 */
function applyModifier(m: SMacro, i: number, a: Arg, env: ExpandEnv, col: number): Arg {
  const mod = m.modifiers?.[i];
  if (!mod) return a;
  // the macro is being expanded: it does not expand again inside its own arguments
  const inside = (ts: Token[]) => expandSMacros(ts.map((t) => ({ ...t, hide: { macro: m, next: t.hide } })), env);
  let tokens = mod.noStrip ? a.raw : a.tokens;
  if (mod.evaluate) {
    const r = evaluate(inside(tokens));
    if (r.ok) tokens = [{ type: "num", text: r.value.toString(), col: 0 }];
    else {
      const what = /symbol|cannot evaluate/.test(r.error) ? "non-constant" : "invalid";
      env.error(`${what} expression in parameter ${i} of macro \`${m.name}'`, col);
      tokens = [];
    }
  }
  if (mod.stringify) {
    const e = mod.noStrip ? inside(tokens) : trimWs(inside(tokens));
    if (!(mod.stringify === "&&" && e.length === 1 && e[0]!.type === "str")) {
      tokens = [{ type: "str", text: quoteBytes(stringBytes(detokenize(e))), col: 0 }];
    } else tokens = e;
  }
  return { tokens, raw: tokens };
}

/** Merge `a %+ b` (and the blanks around %+) into one token; retokenizes the joined text. */
export function pasteExplicit(tokens: Token[]): { tokens: Token[]; pasted: boolean } {
  if (!tokens.some((t) => t.type === "paste")) return { tokens, pasted: false };
  const out: Token[] = [];
  let pasted = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "paste") { out.push(t); continue; }
    while (out.length && out[out.length - 1]!.type === "ws") out.pop();
    let j = i + 1;
    while (j < tokens.length && tokens[j]!.type === "ws") j++;
    const left = out.pop();
    const right = tokens[j];
    if (!left || !right) { if (left) out.push(left); i = j - 1; continue; }
    const joined = tokenize(left.text + right.text);
    const merged: Token = joined.length === 1 ? { ...joined[0]!, col: left.col } : { type: left.type, text: left.text + right.text, col: left.col };
    out.push(merged);
    pasted = true;
    i = j;
  }
  return { tokens: out, pasted };
}

/** Expand single-line macros in a token line (see the file comment). */
export function expandSMacros(tokens: readonly Token[], env: ExpandEnv): Token[] {
  let result = expandOnce(resolveIndirects(tokens, env), env);
  for (let round = 0; round < 8; round++) {
    const p = pasteExplicit(result);
    if (!p.pasted) break;
    result = expandOnce(p.tokens, env);
  }
  return result === tokens ? result : collapseBlanks(result);
}

/** Blanks that became adjacent (around a macro that expanded to nothing) print as one. */
function collapseBlanks(tokens: Token[]): Token[] {
  let prevWs = false;
  let need = false;
  for (const t of tokens) {
    if (t.type === "ws" && prevWs) { need = true; break; }
    prevWs = t.type === "ws";
  }
  return need ? tokens.filter((t, i) => !(t.type === "ws" && tokens[i - 1]?.type === "ws")) : tokens;
}

const PASTES_WITH_INDIRECT = new Set(["id", "num", "indirect"]);

/**
 * `%[…]`: expand the inside and paste the text with the tokens it touches (`reg_%[n]` → `reg_3`),
 * before the line itself is expanded.
 */
export function resolveIndirects(tokens: readonly Token[], env: ExpandEnv): Token[] {
  if (!tokens.some((t) => t.type === "indirect")) return tokens as Token[];
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "indirect" && !(PASTES_WITH_INDIRECT.has(t.type) && tokens[i + 1]?.type === "indirect")) {
      out.push(t);
      continue;
    }
    // a run of adjacent id/num/indirect tokens containing at least one %[…]
    let text = "";
    const col = t.col;
    let j = i;
    for (; j < tokens.length && PASTES_WITH_INDIRECT.has(tokens[j]!.type); j++) {
      const x = tokens[j]!;
      if (x.type !== "indirect") { text += x.text; continue; }
      const depth = (env.budget.depth ?? 0) + 1;
      if (depth > MAX_INDIRECT_DEPTH) throw new ExpansionLimit(`%[…] nested more than ${MAX_INDIRECT_DEPTH} levels deep`);
      env.budget.depth = depth;
      text += detokenize(expandSMacros(tokenize(x.text.slice(2, -1)), env)).trim();
      env.budget.depth = depth - 1;
    }
    for (const r of tokenize(text)) out.push({ ...r, col });
    i = j - 1;
  }
  return out;
}

/** True when some token of the line could expand (most lines of real code: none can). */
function mayExpand(tokens: readonly Token[], env: ExpandEnv): boolean {
  for (const t of tokens) {
    if (t.type === "ctx" || t.type === "indirect" || t.type === "paste") return true;
    if (t.type === "id" && env.table.lookup(t.text).length) return true;
  }
  return false;
}

function expandOnce(tokens: readonly Token[], env: ExpandEnv): Token[] {
  if (!mayExpand(tokens, env)) return tokens as Token[];
  const out: Token[] = [];
  const work: Token[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) work.push(tokens[i]!);
  // NASM 2.16 quirk: when a macro called from the line itself expands into a call that takes its
  // arguments from beyond that macro's own call (`%define a f` then `a(2) a`), nasm does not expand
  // the rest of the line (its scan looks for the freed token that followed the call). It does when
  // the expansion's other calls made enough new tokens to reuse that token's memory (nasm expands
  // a body right to left, so those calls come after the one that took the arguments).
  // `topEnd`: work size below the current top-level expansion; `made`: tokens its inner calls made;
  // `frozen`: work size from which tokens are copied as they are.
  let topEnd = -1;
  let made = 0;
  let frozen = -1;
  while (work.length) {
    if (work.length <= frozen) {
      while (work.length) out.push(work.pop()!);
      break;
    }
    if (work.length <= topEnd) topEnd = -1;
    const t = work.pop()!;
    if (--env.budget.tokens < 0) throw new ExpansionLimit("single-line macro expansion exceeded the token limit (recursive or exploding macro?)");
    if (t.type === "id" || t.type === "ctx") {
      let macros: SMacro[];
      let name = t.text;
      if (t.type === "ctx") {
        const r = env.contexts.resolve(t.text);
        if ("error" in r) {
          env.error(r.error, t.col);
          out.push(t);
          continue;
        }
        macros = r.context.smacros.lookup(r.name);
        if (!macros.length) {
          out.push({ type: "id", text: `..@${r.context.unique}.${r.name}`, col: t.col, hide: t.hide });
          continue;
        }
        name = r.name;
      } else {
        macros = env.table.lookup(t.text);
      }
      if (t.hide && macros.length) macros = macros.filter((m) => !hides(t.hide, m));
      if (!macros.length) { out.push(t); continue; }
      let m: SMacro | undefined;
      let args: Arg[] | null = null;
      if (macros.some((x) => x.params !== null)) {
        const r = readArgs(work);
        if (r) {
          m = pick(macros, r.args.length === 1 && r.args[0]!.tokens.length === 0 && macros.some((x) => x.params?.length === 0) ? 0 : r.args.length);
          if (m && m.params !== null) {
            work.length -= r.consumed;
            args = r.args;
            if (topEnd >= 0 && work.length < topEnd && made < r.consumed) frozen = work.length;
          } else if (!m) {
            m = pick(macros, null);
            if (!m) env.error(`single-line macro \`${t.text}' exists, but not taking ${r.args.length} parameter${r.args.length === 1 ? "" : "s"}`, t.col, "warning");
          }
        } else m = pick(macros, null);
      } else m = pick(macros, null);
      if (!m) { out.push(t); continue; }
      const top = topEnd < 0;
      if (top) {
        topEnd = work.length;
        made = 0;
      }
      const hide: HideSet = { macro: m, next: t.hide };
      const body = instantiate(m, args, name, hide, env, t.col);
      if (!top) made += body.length + (args ?? []).reduce((n, a) => n + a.tokens.length, 0);
      // Arguments keep their own hide sets; the body's own tokens hide the macro.
      for (let i = body.length - 1; i >= 0; i--) {
        const b = body[i]!;
        work.push(b.hide ? b : { ...b, hide });
      }
      continue;
    }
    if (t.type === "indirect") {
      const inner = expandSMacros(tokenize(t.text.slice(2, -1)), env);
      const text = detokenize(inner).trim();
      for (const r of tokenize(text)) out.push({ ...r, col: t.col, hide: t.hide });
      continue;
    }
    out.push(t);
  }
  return out;
}
