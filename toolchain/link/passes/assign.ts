/**
 * Address assignment: runs the placement program (script statements with output sections in place) the way
 * ld's lang_size_sections does: the location counter, output section addresses (explicit, region, or `.`
 * aligned), LMAs (AT, AT>, or the previous section's VMA−LMA delta), input section offsets, script symbols,
 * PROVIDE, data commands, MEMORY regions and ASSERT. Iterates until forward references settle. From here on
 * addresses are final; nothing is written.
 */
import { diagnostic, type Diagnostic, type Location } from "../../../core/diagnostics";
import { hex } from "../../../core/hex";
import { SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_TLS, SHF_WRITE, SHT_FINI_ARRAY, SHT_INIT_ARRAY, SHT_NOBITS, SHT_NOTE, SHT_PREINIT_ARRAY, SHT_PROGBITS } from "../../elf/elf32";
import type { AssignCommand, Expr, LinkerScript } from "../script/ast";
import { newSymbol, type SymbolTable } from "./resolve";
import { alignUp, LINKER_CREATED, type GlobalSymbol, type LinkContext, type OutputSection, type Statement } from "./types";

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

/**
 * A value as ld's expression folder sees it: `value` is the address (or number); `kind` is its section: "rel"
 * (relative to the output section `rel`), "abs" (the absolute section), or "num" (a plain number, which inside
 * an output section means an offset from that section when assigned to a symbol or to `.`).
 */
interface Val { value: number; rel: OutputSection | null; kind: "rel" | "abs" | "num" }

const num = (value: number): Val => ({ value: value >>> 0, rel: null, kind: "num" });
const absolute = (value: number): Val => ({ value: value >>> 0, rel: null, kind: "abs" });
const relative = (value: number, os: OutputSection): Val => ({ value: value >>> 0, rel: os, kind: "rel" });

class EvalError extends Error {
  constructor(readonly code: string, message: string, readonly loc: Location | null) { super(message); }
}

/**
 * BFD's ELF special sections (the ones that matter on i386): the flags, and for the array sections the type
 * and entry size, that an output section of that name gets when no input section gives it any (ld makes it
 * from the script alone: `.data : { LONG(1) }` is WA, `.init : { LONG(1) }` AX). `prefix`: the name also
 * covers `name.*` ("any": every name it begins, as .note; .note.GNU-stack itself is plain).
 */
const SPECIAL_SECTIONS: { name: string; prefix: boolean | "any"; flags: number; type?: number }[] = [
  { name: ".text", prefix: true, flags: SHF_ALLOC | SHF_EXECINSTR },
  { name: ".init", prefix: false, flags: SHF_ALLOC | SHF_EXECINSTR },
  { name: ".fini", prefix: false, flags: SHF_ALLOC | SHF_EXECINSTR },
  { name: ".data", prefix: true, flags: SHF_ALLOC | SHF_WRITE },
  { name: ".data1", prefix: false, flags: SHF_ALLOC | SHF_WRITE },
  { name: ".bss", prefix: true, flags: SHF_ALLOC | SHF_WRITE },
  { name: ".tdata", prefix: true, flags: SHF_ALLOC | SHF_WRITE | SHF_TLS },
  { name: ".tbss", prefix: true, flags: SHF_ALLOC | SHF_WRITE | SHF_TLS },
  { name: ".init_array", prefix: true, flags: SHF_ALLOC | SHF_WRITE, type: SHT_INIT_ARRAY },
  { name: ".fini_array", prefix: true, flags: SHF_ALLOC | SHF_WRITE, type: SHT_FINI_ARRAY },
  { name: ".preinit_array", prefix: true, flags: SHF_ALLOC | SHF_WRITE, type: SHT_PREINIT_ARRAY },
  { name: ".note.GNU-stack", prefix: false, flags: 0 },
  { name: ".note", prefix: "any", flags: 0, type: SHT_NOTE },
];

function specialSection(name: string): (typeof SPECIAL_SECTIONS)[number] | undefined {
  return SPECIAL_SECTIONS.find((x) => name === x.name || (x.prefix === "any" ? name.startsWith(x.name) : x.prefix && name.startsWith(x.name + ".")));
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
    // Made from the script alone (data statements, no input section): ld creates it read-only at its first
    // data statement, writable when an assignment came first; its special name adds flags (and a type).
    if (os.hasContent && !os.inputs.some((x) => !x.discarded)) {
      const first = os.elements.find((e) => e.kind === "assign" || e.kind === "assert" || e.kind === "fill" || e.kind === "data");
      const special = specialSection(os.name);
      os.flags = SHF_ALLOC | (first?.kind !== "data" ? SHF_WRITE : 0) | (special?.flags ?? 0);
      if (special?.type !== undefined && !os.command?.noload) { os.type = special.type; os.entsize = special.type === SHT_NOTE ? 0 : 4; }
    }
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
    // ld warns about a moved section start in its first sizing pass only.
    result = runOnce(script, statements, symbols, opts, outputsByName, errors, result, iteration === 0 ? ctx.warnings : []);
    const fingerprint = statements.map((s) => (s.kind === "output" ? `${s.os.vaddr},${s.os.paddr},${s.os.size}` : "")).join(";") +
      [...result.scriptSymbols.values()].map((v) => v.value).join(",");
    if (fingerprint === previous) break;
    previous = fingerprint;
  }
  for (const e of errors) ctx.errors.push(diagnostic(e.code, e.message, e.loc));
  // A section with no input and no data: ld allocates it (NOBITS, WA and the flags its name carries: .text.x
  // is WAX) only when `.` moved inside it; one that
  // only defines symbols keeps its address but is neither allocated nor loaded (flags W).
  for (const st of statements) {
    if (st.kind !== "output" || st.os.dropped || st.os.hasContent || st.os.inputs.some((x) => !x.discarded)) continue;
    if (st.os.size > 0) { st.os.flags = SHF_ALLOC | SHF_WRITE | (specialSection(st.os.name)?.flags ?? 0); st.os.type = SHT_NOBITS; }
    else { st.os.flags = SHF_WRITE; st.os.type = SHT_PROGBITS; }
  }
  return result!;
}

function runOnce(
  script: LinkerScript, statements: Statement[], symbols: SymbolTable, opts: AssignOptions, outputsByName: Map<string, OutputSection>,
  errors: EvalError[], prev: Placement | null, warnings: Diagnostic[],
): Placement {
  const scriptSymbols = new Map<string, { value: number; section: OutputSection | null; provide: boolean; hidden: boolean }>();
  const assertFailures: { message: string; loc: Location }[] = [];
  const regions: Region[] = [];
  let dot = 0;
  let current: OutputSection | null = null;
  let prevOs: OutputSection | null = null;
  let lastPlaced: OutputSection | null = null;
  let prevLmaRegion: string | null = null;
  // section_for_dot: a top-level symbol from `.` belongs to the previous output section, or to the next one
  // once `.` was assigned since that section (or when there is none before).
  let statementIndex = 0;
  let dotAssignedSinceSection = false;
  let relFromDot = false;
  const sectionForDot = (): OutputSection | null => {
    if (dotAssignedSinceSection || lastPlaced === null) {
      for (let i = statementIndex + 1; i < statements.length; i++) {
        const st = statements[i]!;
        if (st.kind === "output" && !st.os.dropped && (st.os.flags & SHF_ALLOC)) return st.os;
      }
    }
    return lastPlaced;
  };
  const defaultRegion: Region = { name: "*default*", origin: 0, length: 0xffffffff, current: 0, lastOs: null, loc: { file: "", line: 0, column: 0 } };

  const symbolValue = (name: string, loc: Location): Val => {
    const s = scriptSymbols.get(name);
    if (s) return s.section ? relative(s.value, s.section) : absolute(s.value);
    const g = symbols.byName.get(name);
    if (g && g.state === "defined" && !g.scriptDefined) {
      if (g.section === null) return absolute(g.value);
      const out = g.section.output;
      if (!out) return absolute(g.value);
      return relative(out.vaddr + g.section.outOffset + g.value, out);
    }
    const p = prev?.scriptSymbols.get(name);
    if (p) return p.section ? relative(p.value, p.section) : absolute(p.value);
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

  /** ld's fold_binary: operands from two different sections are made absolute; a plain number keeps the other's section. */
  const binary = (op: string, L: Val, R: Val, loc: Location): Val => {
    const inSection = current !== null;
    const secOf = (v: Val) => (v.kind === "num" ? "num" : v.kind === "abs" ? "abs" : v.rel);
    let l = L, r = R;
    if (secOf(l) !== secOf(r) && l.kind !== "num" && r.kind !== "num") { l = absolute(l.value); r = absolute(r.value); }
    // Arithmetic on offsets within the kept section (ld keeps section-relative values).
    const kept = l.kind === "rel" ? l.rel : r.kind === "rel" ? r.rel : null;
    const base = kept && secOf(l) !== secOf(r) ? kept.vaddr : 0;
    const a = (l.kind === "rel" ? l.value - base : l.value) >>> 0;
    const b = (r.kind === "rel" ? r.value - base : r.value) >>> 0;
    let v: number;
    switch (op) {
      case "+": v = a + b; break;
      case "-": v = a - b; break;
      case "*": v = Number((BigInt(a) * BigInt(b)) & 0xffffffffn); break;
      case "/": if (b === 0) throw new EvalError("script-division-by-zero", "division by zero", loc); v = Math.floor(a / b); break;
      case "%": if (b === 0) throw new EvalError("script-division-by-zero", "division by zero", loc); v = a % b; break;
      case "<<": v = b >= 32 ? 0 : a << b; break;
      case ">>": v = b >= 32 ? 0 : a >>> b; break;
      case "&": v = a & b; break;
      case "|": v = a | b; break;
      case "^": v = a ^ b; break;
      case "MAX": v = Math.max(a, b); break;
      case "MIN": v = Math.min(a, b); break;
      case "==": return num(a === b ? 1 : 0);
      case "!=": return num(a !== b ? 1 : 0);
      case "<": return num(a < b ? 1 : 0);
      case ">": return num(a > b ? 1 : 0);
      case "<=": return num(a <= b ? 1 : 0);
      case ">=": return num(a >= b ? 1 : 0);
      case "&&": return num(a && b ? 1 : 0);
      case "||": return num(a || b ? 1 : 0);
      default: throw new EvalError("script-syntax", `unknown operator ${op}`, loc);
    }
    if (secOf(l) !== secOf(r)) {
      // One side is a plain number: the other's section is kept.
      const other = l.kind === "num" ? r : l;
      if (other.kind === "rel") return relative(other.rel!.vaddr + v, other.rel!);
      return other.kind === "abs" ? absolute(v) : num(v);
    }
    // Both from one section (or both numbers): a plain number inside a section, absolute outside (arith_result_section).
    if (op === "MAX" || op === "MIN") return l.kind === "rel" ? relative(v, l.rel!) : l.kind === "abs" ? absolute(v) : num(v);
    return inSection ? num(v) : absolute(v);
  };

  // Unary, binary and conditional nodes are evaluated with an explicit stack (a 10,000-term sum or 10,000
  // nested parentheses is no stack overflow), left operand first as ld does; leaves and calls by evaluateNode.
  const evaluate = (root: Expr): Val => {
    const work: { e: Expr; stage: 0 | 1 }[] = [{ e: root, stage: 0 }];
    const vals: Val[] = [];
    while (work.length) {
      const { e, stage } = work.pop()!;
      if (e.kind === "unary") {
        if (stage === 0) { work.push({ e, stage: 1 }, { e: e.arg, stage: 0 }); continue; }
        const x = vals.pop()!;
        if (e.op === "+") { vals.push(x); continue; }
        const v = x.value >>> 0;
        vals.push(absolute(e.op === "-" ? -v : e.op === "~" ? ~v : v === 0 ? 1 : 0));
      } else if (e.kind === "binary") {
        if (stage === 0) { work.push({ e, stage: 1 }, { e: e.right, stage: 0 }, { e: e.left, stage: 0 }); continue; }
        const R = vals.pop()!, L = vals.pop()!;
        vals.push(binary(e.op, L, R, e.loc));
      } else if (e.kind === "cond") {
        if (stage === 0) { work.push({ e, stage: 1 }, { e: e.test, stage: 0 }); continue; }
        work.push({ e: vals.pop()!.value ? e.then : e.else, stage: 0 });
      } else vals.push(evaluateNode(e));
    }
    return vals[0]!;
  };
  const evaluateNode = (e: Exclude<Expr, { kind: "unary" | "binary" | "cond" }>): Val => {
    const inSection = current !== null;
    switch (e.kind) {
      // Outside output sections numbers are absolute; inside they are plain numbers (section offsets).
      case "num": return inSection ? num(e.value) : absolute(e.value);
      case "dot":
        if (inSection) return relative(dot, current!);
        relFromDot = true;
        return absolute(dot);
      case "sym": return symbolValue(e.name, e.loc);
      case "call": {
        const arg = (i: number) => abs(evaluate(e.args[i]!));
        switch (e.fn) {
          case "ALIGN": case "BLOCK": case "NEXT": {
            if (e.args.length === 2) {
              const x = evaluate(e.args[0]!);
              const v = alignUp(x.value, arg(1) || 1) >>> 0;
              return x.kind === "rel" ? relative(v, x.rel!) : x.kind === "abs" ? absolute(v) : num(v);
            }
            const v = alignUp(dot, arg(0) || 1) >>> 0;
            if (inSection) return relative(v, current!);
            relFromDot = true;
            return absolute(v);
          }
          case "MAX": case "MIN": return binary(e.fn, evaluate(e.args[0]!), evaluate(e.args[1]!), e.loc);
          case "ABSOLUTE": { const v = arg(0); relFromDot = false; return absolute(v); }
          case "LOG2CEIL": { const v = arg(0); return absolute(v <= 1 ? 0 : Math.ceil(Math.log2(v))); }
          case "ADDR": { const os = sectionByName(e.name, e.loc); return relative(os.vaddr, os); }
          case "LOADADDR": return absolute(sectionByName(e.name, e.loc).paddr);
          case "SIZEOF": return num(sectionByName(e.name, e.loc).size);
          case "ALIGNOF": return num(sectionByName(e.name, e.loc).align);
          case "ORIGIN": return absolute(regionByName(e.name, e.loc).origin);
          case "LENGTH": return absolute(regionByName(e.name, e.loc).length);
          case "DEFINED": {
            const n = e.name ?? "";
            const g = symbols.byName.get(n);
            return num(scriptSymbols.has(n) || (g !== undefined && g.state === "defined" && !g.scriptDefined) ? 1 : 0);
          }
          case "CONSTANT":
            if (e.name === "MAXPAGESIZE") return num(opts.maxPageSize);
            if (e.name === "COMMONPAGESIZE") return num(0x1000);
            throw new EvalError("script-syntax", `unknown constant ${e.name}`, e.loc);
          case "SIZEOF_HEADERS": return num(opts.headersSize);
          case "SEGMENT_START": {
            const start = e.name ? opts.sectionStarts[e.name] : undefined;
            return absolute(start ?? arg(0));
          }
          case "DATA_SEGMENT_ALIGN": {
            const maxp = arg(0), commonp = arg(1);
            // ld (static, no relro): ALIGN(maxpagesize) + ((. + commonpagesize - 1) & (maxpagesize - commonpagesize))
            return absolute(alignUp(dot, maxp) + ((dot + commonp - 1) & (maxp - commonp)));
          }
          case "DATA_SEGMENT_END": return absolute(arg(0));
          case "DATA_SEGMENT_RELRO_END": return absolute(dot);
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
    relFromDot = false;
    let v: Val;
    if (cmd.op === "=") v = evaluate(cmd.expr);
    else {
      const old = cmd.target === "." ? (os ? relative(dot, os) : absolute(dot)) : symbolValue(cmd.target, cmd.loc);
      const ops: Record<string, string> = { "+=": "+", "-=": "-", "*=": "*", "/=": "/", "<<=": "<<", ">>=": ">>", "&=": "&", "|=": "|" };
      v = binary(ops[cmd.op]!, old, evaluate(cmd.expr), cmd.loc);
    }
    if (cmd.target === ".") {
      // A plain number inside a section is an offset from its start; anything else is an address.
      const next = os && v.kind === "num" ? (sectionStart + v.value) >>> 0 : v.value;
      if (os && next < dot) throw new EvalError("script-dot-backwards", `cannot move location counter backwards (from ${hex(dot)} to ${hex(next)})`, cmd.loc);
      dot = next;
      if (!os) dotAssignedSinceSection = true;
      return;
    }
    // Inside a section a plain number is relative to it; outside, a value computed from `.` belongs to
    // section_for_dot (the previous output section, or the next one after an assignment to `.`).
    let section: OutputSection | null = v.kind === "rel" ? v.rel : null;
    let value = v.value;
    if (os && v.kind === "num") { section = os; value = (os.vaddr + v.value) >>> 0; }
    else if (!os && v.kind !== "rel" && relFromDot) section = sectionForDot();
    scriptSymbols.set(cmd.target, { value, section, provide: cmd.provide, hidden: cmd.hidden });
  };

  for (const m of script.memory) {
    try {
      const origin = abs(evaluate(m.origin)), length = abs(evaluate(m.length));
      regions.push({ name: m.name, origin, length, current: origin, lastOs: null, loc: m.loc });
    } catch (e) { if (e instanceof EvalError) errors.push(e); else throw e; }
  }

  for (const [index, st] of statements.entries()) {
    statementIndex = index;
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
      else if (cmd?.vaddr) {
        current = null;
        start = abs(evaluate(cmd.vaddr));
        // ld: an explicit address is moved up only by the statement's ALIGN(n), with a warning; the section's
        // alignment is then what its address allows (a section placed at 0x100004 has sh_addralign 4).
        if (cmd.align) {
          const aligned = alignUp(start, abs(evaluate(cmd.align)) || 1) >>> 0;
          if (aligned !== start) {
            const text = `start of section ${os.name} changed by ${aligned - start}`;
            warnings.push(diagnostic("section-start-changed", text, cmd.loc, [], "warning"));
            start = aligned;
          }
        }
        if (start !== 0) os.align = align = Math.min(align, start & -start);
      }
      else if (region) start = alignUp(region.current, align);
      else start = alignUp(dot, align);
      const savedDot = dot;
      os.vaddr = start >>> 0;
      dot = os.vaddr;
      current = os;
      os.dataItems = [];
      os.fills = [];
      os.unfilled = [];
      // The padding a `. =` just left (ld's padding statement), which an orphan's alignment padding reuses.
      let pad: { from: number; to: number } | null = null;
      for (const el of os.elements) {
        const before = dot;
        if (el.kind === "sections") {
          let first = true;
          for (const s of el.sections) {
            if (s.discarded) continue;
            // ld's own empty sections are excluded by then: they gave the section flags and alignment, no padding.
            if (s.index === LINKER_CREATED) { s.outOffset = dot - os.vaddr; continue; }
            if (first && el.orphan && pad && alignUp(dot, s.align) !== dot) os.unfilled.push(pad);
            first = false;
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
        } else if (el.kind === "fill") os.fills.push({ offset: dot - os.vaddr, bytes: el.cmd.hexPattern ?? fillWord(abs(evaluate(el.cmd.expr))) });
        pad = el.kind === "assign" && dot > before ? { from: before - os.vaddr, to: dot - os.vaddr } : null;
      }
      current = null;
      os.size = (dot - os.vaddr) >>> 0;
      if (cmd?.fill) os.fill = cmd.fillHexPattern ?? fillWord(abs(evaluate(cmd.fill)));
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
      if (alloc) { dot = (os.vaddr + os.size) >>> 0; lastPlaced = os; dotAssignedSinceSection = false; } else dot = savedDot;
      if (region) region.current = dot;
    } catch (e) {
      if (e instanceof EvalError) { errors.push(e); current = null; continue; }
      throw e;
    }
  }
  return { regions, scriptSymbols, assertFailures };
}

/** A fill value that is not a bare hex number: its four bytes, big-endian (ld's exp_get_fill). */
function fillWord(v: number): Uint8Array {
  return new Uint8Array([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

/** Publish script symbols into the global table (after placement). */
export function defineScriptSymbols(symbols: SymbolTable, placement: Placement): void {
  for (const [name, v] of placement.scriptSymbols) {
    const g: GlobalSymbol = symbols.byName.get(name) ?? newSymbol(symbols, name);
    if (g.state === "defined" && !g.scriptDefined && v.provide) continue;
    Object.assign(g, { state: "defined", scriptDefined: true, scriptSection: v.section, section: null, value: v.value, file: null, binding: "global", hidden: v.hidden });
  }
}
