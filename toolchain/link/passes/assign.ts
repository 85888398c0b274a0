/**
 * Address assignment: runs the placement program (script statements with output sections in place) the way
 * ld's lang_size_sections does: the location counter, output section addresses (explicit, region, or `.`
 * aligned), LMAs (AT, AT>, or the previous section's VMA−LMA delta), input section offsets, script symbols,
 * PROVIDE, data commands, MEMORY regions and ASSERT. Iterates until forward references settle. From here on
 * addresses are final; nothing is written.
 */
import { diagnostic, type Location } from "../../../core/diagnostics";
import { hex } from "../../../core/hex";
import { SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS } from "../../elf/elf32";
import type { AssignCommand, Expr, LinkerScript } from "../script/ast";
import { newSymbol, type SymbolTable } from "./resolve";
import { alignUp, type GlobalSymbol, type LinkContext, type OutputSection, type Statement } from "./types";

export interface Region { name: string; origin: number; length: number; current: number; lastOs: OutputSection | null; loc: Location }

export interface AssignOptions {
  sectionStarts: Record<string, number>;
  maxPageSize: number;
  /** Size of ELF header + program headers (SIZEOF_HEADERS). */
  headersSize: number;
}

export interface Placement {
  regions: Region[];
  /** Script-defined symbols (final values). */
  scriptSymbols: Map<string, { value: number; section: OutputSection | null; provide: boolean; hidden: boolean }>;
  assertFailures: { message: string; loc: Location }[];
}

interface Val { value: number; rel: OutputSection | null }

class EvalError extends Error {
  constructor(readonly code: string, message: string, readonly loc: Location | null) { super(message); }
}

/** Decide which output sections ld drops (empty, nothing that creates the section). */
export function markDropped(statements: Statement[]): void {
  for (const st of statements) {
    if (st.kind !== "output") continue;
    const os = st.os;
    const size = os.inputs.reduce((n, s) => n + (s.discarded ? 0 : s.size), 0);
    const dotAssign = os.elements.some((e) => e.kind === "assign" && e.cmd.target === "." && !(e.cmd.op === "=" && e.cmd.expr.kind === "dot"));
    os.dropped = size === 0 && !os.hasContent && !dotAssign && !os.inputs.some((s) => s.keep && s.size > 0);
    // Type and flags from the inputs.
    let flags = 0, allMerge = os.inputs.length > 0, allNobits = os.inputs.length > 0;
    let entsize = -1, align = 1;
    for (const s of os.inputs) {
      if (s.discarded) continue;
      flags |= s.flags & (SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR);
      if (!(s.flags & SHF_MERGE)) allMerge = false;
      if (entsize === -1) entsize = s.entsize; else if (entsize !== s.entsize) allMerge = false;
      if (s.type !== SHT_NOBITS) allNobits = false;
      align = Math.max(align, s.align);
    }
    if (allMerge) flags |= os.inputs[0]!.flags & (SHF_MERGE | SHF_STRINGS);
    if (os.hasContent) allNobits = false;
    if (!os.inputs.length) flags |= SHF_ALLOC;
    os.flags = flags;
    os.entsize = allMerge ? Math.max(0, entsize) : 0;
    const types = new Set(os.inputs.filter((s) => s.type !== SHT_NOBITS).map((s) => s.type));
    os.type = allNobits ? SHT_NOBITS : types.size === 1 ? [...types][0]! : SHT_PROGBITS;
    if (os.command?.noload) os.type = SHT_NOBITS;
    os.align = align;
  }
}

/** Pass: assign addresses to every output and input section and value to every script symbol. */
export function assignAddresses(ctx: LinkContext, script: LinkerScript, statements: Statement[], symbols: SymbolTable, opts: AssignOptions): Placement {
  const outputsByName = new Map<string, OutputSection>();
  for (const st of statements) if (st.kind === "output" && !outputsByName.has(st.os.name)) outputsByName.set(st.os.name, st.os);
  let previous = "";
  let result: Placement | null = null;
  let errors: EvalError[] = [];
  for (let iteration = 0; iteration < 6; iteration++) {
    errors = [];
    result = runOnce(script, statements, symbols, opts, outputsByName, errors, result);
    const fingerprint = statements.map((s) => (s.kind === "output" ? `${s.os.vaddr},${s.os.paddr},${s.os.size}` : "")).join(";") +
      [...result.scriptSymbols.values()].map((v) => v.value).join(",");
    if (fingerprint === previous) break;
    previous = fingerprint;
  }
  for (const e of errors) ctx.errors.push(diagnostic(e.code, e.message, e.loc));
  return result!;
}

function runOnce(
  script: LinkerScript, statements: Statement[], symbols: SymbolTable, opts: AssignOptions, outputsByName: Map<string, OutputSection>,
  errors: EvalError[], prev: Placement | null,
): Placement {
  const scriptSymbols = new Map<string, { value: number; section: OutputSection | null; provide: boolean; hidden: boolean }>();
  const assertFailures: { message: string; loc: Location }[] = [];
  const regions: Region[] = [];
  let dot = 0;
  let current: OutputSection | null = null;
  let prevOs: OutputSection | null = null;
  let lastPlaced: OutputSection | null = null;
  let prevLmaRegion: string | null = null;
  const defaultRegion: Region = { name: "*default*", origin: 0, length: 0xffffffff, current: 0, lastOs: null, loc: { file: "", line: 0, column: 0 } };

  const symbolValue = (name: string, loc: Location): Val => {
    const s = scriptSymbols.get(name);
    if (s) return { value: s.value, rel: s.section };
    const g = symbols.byName.get(name);
    if (g && g.state === "defined" && !g.scriptDefined) {
      if (g.section === null) return { value: g.value, rel: null };
      const out = g.section.output;
      if (!out) return { value: g.value, rel: null };
      return { value: (out.vaddr + g.section.outOffset + g.value) >>> 0, rel: out };
    }
    const p = prev?.scriptSymbols.get(name);
    if (p) return { value: p.value, rel: p.section };
    throw new EvalError("undefined-symbol", `undefined symbol '${name}' referenced in expression`, loc);
  };
  const sectionByName = (name: string | null, loc: Location): OutputSection => {
    const os = name ? outputsByName.get(name) : undefined;
    if (!os) throw new EvalError("script-undefined-section", `undefined section '${name}' referenced in expression`, loc);
    return os;
  };
  const regionByName = (name: string | null, loc: Location): Region => {
    const r = regions.find((x) => x.name === name);
    if (!r) throw new EvalError("script-undefined-region", `undefined memory region '${name}' referenced in expression`, loc);
    return r;
  };
  const abs = (v: Val) => v.value >>> 0;

  // Unary, binary and conditional nodes are evaluated with an explicit stack (a 10,000-term sum or 10,000
  // nested parentheses is no stack overflow); leaves and calls by evaluateNode.
  const evaluate = (root: Expr): Val => {
    const work: { e: Expr; stage: 0 | 1 }[] = [{ e: root, stage: 0 }];
    const vals: Val[] = [];
    while (work.length) {
      const { e, stage } = work.pop()!;
      if (e.kind === "unary") {
        if (stage === 0) { work.push({ e, stage: 1 }, { e: e.arg, stage: 0 }); continue; }
        const v = abs(vals.pop()!);
        const r = e.op === "-" ? -v : e.op === "~" ? ~v : e.op === "!" ? (v === 0 ? 1 : 0) : v;
        vals.push({ value: r >>> 0, rel: null });
      } else if (e.kind === "binary") {
        if (stage === 0) { work.push({ e, stage: 1 }, { e: e.right, stage: 0 }, { e: e.left, stage: 0 }); continue; }
        const R = vals.pop()!, L = vals.pop()!;
        vals.push(binaryValue(e, L, R));
      } else if (e.kind === "cond") {
        if (stage === 0) { work.push({ e, stage: 1 }, { e: e.test, stage: 0 }); continue; }
        work.push({ e: abs(vals.pop()!) ? e.then : e.else, stage: 0 });
      } else vals.push(evaluateNode(e));
    }
    return vals[0]!;
  };
  const binaryValue = (e: Extract<Expr, { kind: "binary" }>, L: Val, R: Val): Val => {
        const a = abs(L), b = abs(R);
        let v: number;
        let rel: OutputSection | null = null;
        switch (e.op) {
          case "+": v = a + b; rel = L.rel ?? R.rel; break;
          case "-": v = a - b; rel = L.rel && !R.rel ? L.rel : null; break;
          case "*": v = Number((BigInt(a) * BigInt(b)) & 0xffffffffn); break;
          case "/": if (b === 0) throw new EvalError("script-division-by-zero", "division by zero", e.loc); v = Math.floor(a / b); break;
          case "%": if (b === 0) throw new EvalError("script-division-by-zero", "division by zero", e.loc); v = a % b; break;
          case "<<": v = b >= 32 ? 0 : a << b; break;
          case ">>": v = b >= 32 ? 0 : a >>> b; break;
          case "&": v = a & b; break;
          case "|": v = a | b; break;
          case "^": v = a ^ b; break;
          case "==": v = a === b ? 1 : 0; break;
          case "!=": v = a !== b ? 1 : 0; break;
          case "<": v = a < b ? 1 : 0; break;
          case ">": v = a > b ? 1 : 0; break;
          case "<=": v = a <= b ? 1 : 0; break;
          case ">=": v = a >= b ? 1 : 0; break;
          case "&&": v = a && b ? 1 : 0; break;
          case "||": v = a || b ? 1 : 0; break;
          default: throw new EvalError("script-syntax", `unknown operator ${e.op}`, e.loc);
        }
        return { value: v >>> 0, rel };
  };
  const evaluateNode = (e: Exclude<Expr, { kind: "unary" | "binary" | "cond" }>): Val => {
    switch (e.kind) {
      case "num": return { value: e.value >>> 0, rel: null };
      // Outside an output section `.` is relative to the last section placed (as ld's symbols from `.` are).
      case "dot": return { value: dot >>> 0, rel: current ?? lastPlaced };
      case "sym": return symbolValue(e.name, e.loc);
      case "call": {
        const arg = (i: number) => abs(evaluate(e.args[i]!));
        switch (e.fn) {
          case "ALIGN": case "BLOCK": case "NEXT":
            if (e.args.length === 2) return { value: alignUp(arg(0), arg(1) || 1) >>> 0, rel: null };
            return { value: alignUp(dot, arg(0) || 1) >>> 0, rel: current };
          case "MAX": return { value: Math.max(arg(0), arg(1)), rel: null };
          case "MIN": return { value: Math.min(arg(0), arg(1)), rel: null };
          case "ABSOLUTE": return { value: arg(0), rel: null };
          case "LOG2CEIL": { const v = arg(0); return { value: v <= 1 ? 0 : Math.ceil(Math.log2(v)), rel: null }; }
          case "ADDR": return { value: sectionByName(e.name, e.loc).vaddr, rel: null };
          case "LOADADDR": return { value: sectionByName(e.name, e.loc).paddr, rel: null };
          case "SIZEOF": return { value: sectionByName(e.name, e.loc).size, rel: null };
          case "ALIGNOF": return { value: sectionByName(e.name, e.loc).align, rel: null };
          case "ORIGIN": return { value: regionByName(e.name, e.loc).origin, rel: null };
          case "LENGTH": return { value: regionByName(e.name, e.loc).length, rel: null };
          case "DEFINED": {
            const n = e.name ?? "";
            const g = symbols.byName.get(n);
            return { value: scriptSymbols.has(n) || (g !== undefined && g.state === "defined" && !g.scriptDefined) ? 1 : 0, rel: null };
          }
          case "CONSTANT":
            if (e.name === "MAXPAGESIZE") return { value: opts.maxPageSize, rel: null };
            if (e.name === "COMMONPAGESIZE") return { value: 0x1000, rel: null };
            throw new EvalError("script-syntax", `unknown constant ${e.name}`, e.loc);
          case "SIZEOF_HEADERS": return { value: opts.headersSize, rel: null };
          case "SEGMENT_START": {
            const start = e.name ? opts.sectionStarts[e.name] : undefined;
            return { value: start ?? arg(0), rel: null };
          }
          case "DATA_SEGMENT_ALIGN": {
            const maxp = arg(0), commonp = arg(1);
            // ld (static, no relro): ALIGN(maxpagesize) + ((. + commonpagesize - 1) & (maxpagesize - commonpagesize))
            return { value: (alignUp(dot, maxp) + ((dot + commonp - 1) & (maxp - commonp))) >>> 0, rel: null };
          }
          case "DATA_SEGMENT_END": return { value: arg(0), rel: null };
          case "DATA_SEGMENT_RELRO_END": return { value: dot, rel: null };
          default: throw new EvalError("script-unknown-function", `unknown function ${e.fn}() in expression`, e.loc);
        }
      }
    }
  };

  const assign = (cmd: AssignCommand, os: OutputSection | null, sectionStart: number) => {
    if (cmd.provide) {
      if (scriptSymbols.has(cmd.target) && !scriptSymbols.get(cmd.target)!.provide) return;
      const g = symbols.byName.get(cmd.target);
      if (!g || !g.referenced || (g.state === "defined" && !g.scriptDefined)) return;
    }
    let v: Val;
    if (cmd.op === "=") v = evaluate(cmd.expr);
    else {
      const old = cmd.target === "." ? { value: dot, rel: current } : symbolValue(cmd.target, cmd.loc);
      const r = abs(evaluate(cmd.expr));
      const a = old.value;
      const ops: Record<string, number> = { "+=": a + r, "-=": a - r, "*=": a * r, "/=": r ? Math.floor(a / r) : 0, "<<=": a << r, ">>=": a >>> r, "&=": a & r, "|=": a | r };
      v = { value: ops[cmd.op]! >>> 0, rel: old.rel };
    }
    if (cmd.target === ".") {
      let next = v.value;
      if (os && v.rel === null) next = (sectionStart + v.value) >>> 0;
      if (os && next < dot) throw new EvalError("script-dot-backwards", `cannot move location counter backwards (from ${hex(dot)} to ${hex(next)})`, cmd.loc);
      dot = next;
      return;
    }
    // The symbol is relative to a section only when its expression is (`.`, section symbols); ADDR/LOADADDR/
    // numbers give absolute symbols, inside an output section too, as ld 2.40 does.
    scriptSymbols.set(cmd.target, { value: v.value, section: v.rel, provide: cmd.provide, hidden: cmd.hidden });
  };

  for (const m of script.memory) {
    try {
      const origin = abs(evaluate(m.origin)), length = abs(evaluate(m.length));
      regions.push({ name: m.name, origin, length, current: origin, lastOs: null, loc: m.loc });
    } catch (e) { if (e instanceof EvalError) errors.push(e); else throw e; }
  }

  for (const st of statements) {
    try {
      if (st.kind === "assign") { current = null; assign(st.cmd, null, 0); continue; }
      if (st.kind === "assert") {
        current = null;
        if (abs(evaluate(st.cmd.expr)) === 0) assertFailures.push({ message: st.cmd.message, loc: st.cmd.loc });
        continue;
      }
      const os = st.os;
      const cmd = os.command;
      const hasSymbols = os.elements.some((e) => e.kind === "assign" && e.cmd.target !== ".");
      if (os.dropped && !hasSymbols) { os.vaddr = os.paddr = dot; os.size = 0; continue; }
      const region = cmd?.region ? regions.find((r) => r.name === cmd.region) ?? null : null;
      if (cmd?.region && !region) throw new EvalError("script-undefined-region", `output section ${os.name} refers to undefined memory region '${cmd.region}'`, cmd.loc);
      const alloc = (os.flags & SHF_ALLOC) !== 0;
      let align = os.align;
      if (cmd?.align) align = Math.max(align, abs(evaluate(cmd.align)));
      os.align = align;
      let start: number;
      const forced = opts.sectionStarts[os.name];
      if (!alloc) start = 0;
      else if (forced !== undefined) start = forced;
      else if (cmd?.vaddr) { current = null; start = abs(evaluate(cmd.vaddr)); }
      else if (region) start = alignUp(region.current, align);
      else start = alignUp(dot, align);
      const savedDot = dot;
      os.vaddr = start >>> 0;
      dot = os.vaddr;
      current = os;
      os.dataItems = [];
      for (const el of os.elements) {
        if (el.kind === "sections") {
          for (const s of el.sections) {
            if (s.discarded) continue;
            dot = alignUp(dot, s.align);
            s.outOffset = dot - os.vaddr;
            dot += s.size;
          }
        } else if (el.kind === "assign") assign(el.cmd, os, os.vaddr);
        else if (el.kind === "assert") { if (abs(evaluate(el.cmd.expr)) === 0) assertFailures.push({ message: el.cmd.message, loc: el.cmd.loc }); }
        else if (el.kind === "data") {
          const v = BigInt(abs(evaluate(el.cmd.expr)));
          const bytes = new Uint8Array(el.cmd.size);
          for (let i = 0; i < el.cmd.size; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
          os.dataItems.push({ offset: dot - os.vaddr, bytes });
          dot += el.cmd.size;
        } else if (el.kind === "fill") os.fill = abs(evaluate(el.cmd.expr));
      }
      current = null;
      os.size = (dot - os.vaddr) >>> 0;
      if (cmd?.fill) os.fill = abs(evaluate(cmd.fill));
      if (os.dropped) { dot = alloc ? os.vaddr : savedDot; os.size = 0; continue; }
      // LMA. A section in the same region as the previous one, with no AT/AT>/address, inherits its AT> region.
      const r = region ?? defaultRegion;
      let lmaRegionName = cmd?.lmaRegion ?? null;
      if (!lmaRegionName && !cmd?.lma && !cmd?.vaddr && prevOs && (prevOs.command?.region ?? null) === (cmd?.region ?? null)) lmaRegionName = prevLmaRegion;
      prevOs = os; prevLmaRegion = lmaRegionName;
      if (!alloc) os.paddr = 0;
      else if (cmd?.lma) os.paddr = abs(evaluate(cmd.lma));
      else if (lmaRegionName) {
        const lr = regions.find((x) => x.name === lmaRegionName);
        if (!lr) throw new EvalError("script-undefined-region", `output section ${os.name} refers to undefined memory region '${lmaRegionName}'`, cmd?.loc ?? null);
        os.paddr = lr === region ? alignUp(lr.current, align) : lr.current;
        if (lr !== region) lr.current = os.paddr + (os.type === SHT_NOBITS ? 0 : os.size);
      } else {
        os.paddr = os.vaddr;
        const last = r.lastOs;
        if (last && os.size !== 0 && !(os.vaddr < last.vaddr && os.vaddr + os.size <= last.vaddr)) {
          os.paddr = alignUp((os.vaddr + last.paddr - last.vaddr) >>> 0, align) >>> 0;
        }
      }
      if (alloc && !lmaRegionName && (os.size !== 0 || (r.lastOs === null && os.vaddr !== os.paddr) || (r.lastOs !== null && dot >= r.lastOs.vaddr))) r.lastOs = os;
      if (alloc) { dot = (os.vaddr + os.size) >>> 0; lastPlaced = os; } else dot = savedDot;
      if (region) region.current = dot;
    } catch (e) {
      if (e instanceof EvalError) { errors.push(e); current = null; continue; }
      throw e;
    }
  }
  return { regions, scriptSymbols, assertFailures };
}

/** Publish script symbols into the global table (after placement). */
export function defineScriptSymbols(symbols: SymbolTable, placement: Placement): void {
  for (const [name, v] of placement.scriptSymbols) {
    const g: GlobalSymbol = symbols.byName.get(name) ?? newSymbol(symbols, name);
    if (g.state === "defined" && !g.scriptDefined && v.provide) continue;
    Object.assign(g, { state: "defined", scriptDefined: true, scriptSection: v.section, section: null, value: v.value, file: null, binding: "global", hidden: v.hidden });
  }
}
