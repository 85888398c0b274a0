/**
 * The pass engine: parses SourceLine[] once, then runs NASM-style passes (each pass re-sizes every
 * statement with the symbol values it has; forward references read the previous pass) until nothing
 * moves, then a final pass that writes bytes and fixups. Branches start short (-Ox) and grow, reaching
 * NASM's fixed point. Not the object formats (elf-writer.ts, bin-writer.ts) nor the encoder (encode.ts).
 */
import { diagnostic, type Diagnostic, type Location } from "../../core/diagnostics";
import { evaluate, ExprError, isConstantExpr, REG_TERM, type EvalContext, type Expr, type Value } from "./expr";
import { isMnemonic } from "./forms";
import { branchShape, type BranchShape, EncodeError, encodeInstruction, overflowsGeneral, SIZE_NAME, splitAddress, type Encoded, type OptLevel, type ROperand } from "./encode";
import { ParseError, ParseState, parseLine, type DataItem, type Operand, type ParsedLine, type Stmt } from "./parse";
import { BRANCH, FIXED, LABEL, relax, SECTION, ALIGN, type RelaxProgram } from "./relax";
import type { PreprocessedLine, SmartAlignSpec } from "./preprocess";
import { newSection, type AsmSymbol, type Section } from "./sections";
import type { IncludeResolver, SourceLine } from "./source";
import { DebugTrace } from "./debug/trace";
import type { ListChunk } from "./listing";

export interface AssemblyInput {
  lines: SourceLine[];
  format: "elf" | "bin";
  opt: OptLevel;
  resolver: IncludeResolver;
  includePaths: string[];
  /** Collect per-line listing entries in the final pass (for -l and tools). */
  listing?: boolean;
  /** The command line's warning switches (default: every warning on, none an error). */
  warnings?: Map<WarningCode, WarningSwitch>;
  /** -g: record the final pass's outputs and NASM's debug symbol types (see debug/trace.ts). */
  debug?: boolean;
  /** NASM's pass limits (--limit-passes, --limit-stalled-passes). */
  limits?: { passes: number; stalledPasses: number };
}

export interface ListingEntry {
  line: number; section: number; offset: number; bytes: number[]; size: number; text: string; file: string; reloc: boolean;
  /** The line's output calls as NASM's listing sees them (listing.ts), and the listed line they show on. */
  chunks?: ListChunk[];
  listed?: number;
  /** Warnings made on this line, as nasm -l lists them under it: `text [-w+name]`. */
  warnings?: string[];
}

export interface Assembly {
  sections: Section[];
  symbols: AsmSymbol[];
  /** seg id → section or extern/common symbol. */
  segments: Map<number, Section | AsmSymbol>;
  org: bigint | null;
  diagnostics: Diagnostic[];
  listing: ListingEntry[];
  dependencies: string[];
  passes: number;
  /** Iterations of the fast branch relaxation (relax.ts), 0 when the program needed full passes. */
  relaxIterations: number;
  /** With `debug`: where the final pass wrote, and the symbols -g makes STT_OBJECT. */
  debug?: DebugTrace;
}

/** The most a section (or a TIMES expansion) may hold: ELF32 sizes and offsets are 32-bit. */
const SECTION_LIMIT = 0xffff_ffffn;
/** The most bytes a progbits section may hold: kernlab builds sections in memory (nobits may reach 4 GiB). */
const PROGBITS_LIMIT = 256 * 1024 * 1024;

class AsmError extends Error {
  constructor(message: string, readonly col = 0, readonly len = 1, readonly code = "syntax") { super(message); }
}

interface LineState {
  src: SourceLine;
  parsed: ParsedLine | null;
  /** Instruction cache: key of evaluated operands → encoding. */
  cacheKey: string | null;
  cache: Encoded | null;
  constant: boolean;
  /** Current branch choice (true = short). */
  short: boolean;
  // Recorded by the pass that feeds relax.ts:
  delta?: number;
  segBefore?: number;
  segAfter?: number;
  absBefore?: boolean;
  absAfter?: boolean;
  failed?: boolean;
  valueDependent?: boolean;
  branch?: { target: AsmSymbol; shortLen: number; nearLen: number } | null;
  defs?: AsmSymbol[];
  shape?: BranchShape | null;
  shapeBits?: number;
  /** `align` under `%use smartalign`: padding chosen here, where `$` is known (see execSmartAlign). */
  smart?: { spec: SmartAlignSpec; jmp: Extract<Stmt, { k: "insn" }> };
}

const ABS = -1;

/** NASM's names of the warnings kernlab reports (all on by default in NASM 2.16). */
export type WarningCode = "label-orphan" | "number-overflow" | "zeroing" | "other" | "db-empty" | "prefix-lock";
export const WARNINGS: readonly WarningCode[] = ["label-orphan", "number-overflow", "zeroing", "other", "db-empty", "prefix-lock"];

const SECTION_FLAGS = new Set(["progbits", "nobits", "alloc", "noalloc", "exec", "noexec", "write", "nowrite", "tls"]);

/** NASM's error for bytes in struc/absolute space, which only reserves. */
const codeInAbsolute = () => new AsmError("attempt to assemble code in [ABSOLUTE] space", 0, 1, "code-in-absolute");

/** Instructions NASM lets `lock` prefix, and then only with a memory destination. */
const LOCKABLE = new Set(["add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b", "dec", "inc", "neg", "not", "or", "sbb", "sub", "xor", "xadd", "xchg"]);
/** NASM's older names for them. */
export const WARNING_ALIASES: Readonly<Record<string, WarningCode>> = { "orphan-labels": "label-orphan" };

/**
 * Warnings NASM gives while parsing (label-orphan, db-empty, a section redeclaration): made errors by -w+error,
 * they stop NASM before it assembles, so no later warning is printed (index.ts drops those).
 */
export const FIRST_PASS_WARNINGS = new WeakSet<Diagnostic>();

/** What the command line says about one warning. */
export interface WarningSwitch { enabled: boolean; error: boolean }

/**
 * -w/-W switches applied in order, as NASM does: `name` on/off, `all` every warning, `error` every warning
 * reported as an error (-Werror), `error=name` one of them (and `+error=name` enables it).
 */
export function warningSwitches(switches: Readonly<Record<string, boolean>>): Map<WarningCode, WarningSwitch> {
  const out = new Map<WarningCode, WarningSwitch>(WARNINGS.map((w) => [w, { enabled: true, error: false }]));
  const named = (n: string) => out.get(WARNING_ALIASES[n] ?? (n as WarningCode));
  for (const [key, on] of Object.entries(switches)) {
    if (key === "all") for (const s of out.values()) s.enabled = on;
    else if (key === "error") for (const s of out.values()) s.error = on;
    else if (key.startsWith("error=")) { const s = named(key.slice(6)); if (s) { s.error = on; if (on) s.enabled = true; } }
    else { const s = named(key); if (s) s.enabled = on; }
  }
  return out;
}

/**
 * Data items that are all constants (strings, numbers with unary + - ~) as the bytes execData would emit
 * for them, and how many `number-overflow` warnings they make; null when any item needs the passes.
 */
export function packData(width: number, items: readonly DataItem[]): { bytes: Uint8Array; overflows: number } | null {
  if (width > 8) return null;
  let size = 0;
  for (const it of items) {
    if (it.kind === "float" || it.kind === "uninit") return null;
    size += it.kind === "str" ? (it.text.length === 0 ? 0 : Math.ceil(it.text.length / width) * width) : width;
  }
  const bytes = new Uint8Array(size);
  let at = 0, overflows = 0;
  for (const it of items) {
    if (it.kind === "str") {
      for (let i = 0; i < it.text.length; i++) bytes[at + i] = it.text.charCodeAt(i) & 0xff;
      at += it.text.length === 0 ? 0 : Math.ceil(it.text.length / width) * width;
      continue;
    }
    if (it.kind !== "expr") return null;
    const ops: string[] = [];
    let e = it.expr;
    while (e.k === "un" && (e.op === "-" || e.op === "+" || e.op === "~")) { ops.push(e.op); e = e.a; }
    if (e.k !== "num") return null;
    let n = BigInt.asIntN(64, e.v);
    for (let i = ops.length - 1; i >= 0; i--) n = ops[i] === "-" ? BigInt.asIntN(64, -n) : ops[i] === "~" ? BigInt.asIntN(64, ~n) : n;
    if (width <= 4 && overflowsGeneral(n, width)) overflows++;
    if (width <= 4) {
      let v = Number(BigInt.asUintN(32, n));
      for (let i = 0; i < width; i++) { bytes[at + i] = v & 0xff; v = Math.floor(v / 256); }
    } else {
      let v = BigInt.asUintN(64, n);
      for (let i = 0; i < width; i++) { bytes[at + i] = Number(v & 0xffn); v >>= 8n; }
    }
    at += width;
  }
  return { bytes, overflows };
}

export function runAssembler(input: AssemblyInput): Assembly {
  return new Engine(input).run();
}

class Engine {
  sections: Section[] = [];
  sectionByName = new Map<string, Section>();
  symbols = new Map<string, AsmSymbol>();
  /** Symbols in symbol-table order; a Set, so moving one to the end (delete + add) costs O(1), not a search. */
  symbolOrder = new Set<AsmSymbol>();
  segments = new Map<number, Section | AsmSymbol>();
  nextSeg = 0;
  lines: LineState[] = [];
  recording = false;
  lineDefs: AsmSymbol[] = [];
  /** Encodings shared by identical instructions (same mnemonic, prefixes, operand values, BITS). */
  encodings = new Map<string, Encoded>();
  diagnostics: Diagnostic[] = [];
  passErrors: Diagnostic[] = [];
  listing: ListingEntry[] = [];
  dependencies: string[] = [];
  trace: DebugTrace | null = null;
  /** -l: the current line's output calls (final pass), and NASM's suppression after a TIMES or INCBIN. */
  chunks: ListChunk[] | null = null;
  listSuppress = false;
  /** The bytes being emitted are a branch: NASM lists its relative field with the target's offset. */
  listBranch = false;
  // per-pass state
  pass = 0;
  final = false;
  changed = false;
  curSection: Section | null = null;
  lineHere: Value | null = null;
  /** The current section; NASM creates the default .text only when something needs it. */
  get cur(): Section { return (this.curSection ??= this.getSection(".text", true)); }
  set cur(s: Section) { this.curSection = s; }
  absolute: bigint | null = null;
  absStart = 0n;
  bits = 32;
  org: bigint | null = null;
  userSection: { name: string } | { abs: bigint } | null = null;
  strucStack: { name: string; prev: Section; prevAbs: bigint | null }[] = [];
  istrucStack: { name: string; start: number }[] = [];
  istrucCounter = 0;
  lineNo = 0;
  stmtStart = 0;
  /** `[warning ±name]` in force (absent: as the command line says), and the `[warning push]` stack. */
  warningState = new Map<WarningCode, boolean>();
  warningStack: Map<WarningCode, boolean>[] = [];
  /** Sections named by a section directive so far in this pass (the implicit .text is not declared). */
  declaredSections = new Set<string>();

  constructor(readonly input: AssemblyInput) {}

  run(): Assembly {
    const state = new ParseState(isMnemonic);
    const parseCache = new Map<string, ParsedLine>();
    for (const src of this.input.lines) {
      const ls: LineState = { src, parsed: null, cacheKey: null, cache: null, constant: false, short: true };
      const spec = (src as PreprocessedLine).smartAlign;
      if (spec) {
        const jmp = parseLine(`jmp ${spec.label}`, state).stmt;
        if (jmp.k === "insn") ls.smart = { spec, jmp };
        ls.parsed = { label: null, times: null, stmt: { k: "none" } };
        this.lines.push(ls);
        continue;
      }
      try {
        // Lines without labels or local names parse the same wherever they are: parse each text once.
        const cached = parseCache.get(src.text);
        if (cached) { ls.parsed = cached; this.lines.push(ls); continue; }
        ls.parsed = parseLine(src.text, state);
        // a long generated table costs its bytes, not an Expr per item, through the passes
        const st = ls.parsed.stmt;
        if (st.k === "data" && st.items.length >= 16 && !this.input.listing && !this.input.debug) {
          const packed = packData(st.width, st.items);
          if (packed) ls.parsed = { ...ls.parsed, stmt: { k: "data", width: st.width, items: [], packed } };
        }
        if (!ls.parsed.label && !src.text.includes(".") && ls.parsed.stmt.k === "insn") parseCache.set(src.text, ls.parsed);
      } catch (e) {
        if (e instanceof ParseError) this.diagnostics.push(this.diag(src, e.code, e.message, e.col, e.len));
        else throw e;
      }
      this.lines.push(ls);
    }
    let passes = 0;
    // NASM's limits: passes without forward progress (--limit-stalled-passes, 1000) and passes in all
    // (--limit-passes, unlimited). As in NASM, a pass progresses when a size or offset changed; symbol values
    // settling (a forward `equ` chain resolves one symbol per pass) is not progress, so a chain of up to about
    // 1000 symbols converges and a longer one is NASM's error.
    const stallLimit = this.input.limits?.stalledPasses ?? 1000;
    const passLimit = this.input.limits?.passes ?? Number.MAX_SAFE_INTEGER;
    let stalled = 0;
    let relaxed = false;
    for (;;) {
      passes++;
      this.recording = passes === 2;
      this.sizeChanged = false;
      this.runPass(passes, false);
      this.recording = false;
      if (!this.changed && passes > 1) break;
      if (passes === 2 && !relaxed) {
        relaxed = true;
        const prog = this.buildRelaxProgram();
        if (prog) this.applyRelaxation(prog);
      }
      stalled = this.sizeChanged ? 0 : stalled + 1;
      if (stalled > stallLimit || passes >= passLimit) {
        this.diagnostics.push(diagnostic("phase-error", `unable to find valid values for all labels after ${passes} passes; stalled for ${stalled}, giving up (--limit-stalled-passes, --limit-passes)`, this.lastChange, [
          { text: "possible causes: recursive EQUs, macro abuse, or branch sizes that never settle" },
        ]));
        break;
      }
    }
    this.runPass(passes + 1, true);
    this.diagnostics.push(...this.passErrors);
    return {
      sections: this.sections, symbols: [...this.symbolOrder], segments: this.segments, org: this.org,
      diagnostics: this.diagnostics, listing: this.listing, dependencies: this.dependencies, passes: passes + 1,
      relaxIterations: this.relaxIterations, debug: this.trace ?? undefined,
    };
  }

  diag(src: SourceLine, code: string, text: string, col: number, len = 1, severity: "error" | "warning" = "error"): Diagnostic {
    let loc: Location = { file: src.file, line: src.line, column: src.verbatim ? col : 0, lineText: src.verbatim ? src.text : undefined, length: len };
    let chain = src.chain;
    const inner = chain[chain.length - 1];
    if (!src.verbatim && inner && inner.file === src.file && inner.line === src.line) {
      // A standard macro (section, org, struc…) expanded in place: point at the user's line itself.
      loc = { ...inner, length: inner.length ?? 1 };
      chain = chain.slice(0, -1);
    }
    const notes = chain.slice().reverse().map((c) => ({ text: "in macro expansion called from here", location: c }));
    return diagnostic(code, text, loc, notes, severity);
  }

  /**
   * A NASM default warning on the current line (final pass only, so each is reported once per statement
   * executed, as NASM does). `code` is NASM's warning name (`-w-label-orphan`); index.ts filters by -w.
   */
  warn(code: WarningCode, text: string, firstPass = false): void {
    const cmd = this.input.warnings?.get(code) ?? { enabled: true, error: false };
    if (!this.final || !(this.warningState.get(code) ?? cmd.enabled)) return;
    const src = this.lines[this.lineNo]!.src;
    const d = this.diag(src, code, text, 1, 1, cmd.error ? "error" : "warning");
    if (firstPass) FIRST_PASS_WARNINGS.add(d);
    this.passErrors.push(d);
    this.listWarning(d);
  }

  getSection(name: string, create: boolean): Section {
    let s = this.sectionByName.get(name);
    if (!s && create) {
      s = newSection(this.nextSeg++, name, this.input.format);
      this.sections.push(s);
      this.sectionByName.set(name, s);
      this.segments.set(s.seg, s);
    }
    return s!;
  }

  // ------------------------------------------------------------------ pass

  /** Where the last pass changed a value or size (the location of a phase error). */
  lastChange: Location | null = null;
  /** A section's size changed in this pass (NASM's forward progress). */
  sizeChanged = false;

  noteChange(): void {
    const src = this.lines[this.lineNo]?.src;
    if (src) this.lastChange = { file: src.file, line: src.line, column: 0 };
  }

  runPass(pass: number, final: boolean): void {
    this.pass = pass;
    this.final = final;
    this.changed = false;
    this.passErrors = [];
    for (const s of this.sections) { s.offset = 0; if (final) { s.fixups = []; } }
    this.curSection = null;
    this.absolute = null;
    this.bits = this.input.format === "bin" ? 16 : 32;
    this.userSection = null;
    this.strucStack = [];
    this.istrucStack = [];
    this.istrucCounter = 0;
    this.warningState = new Map();
    this.warningStack = [];
    this.declaredSections.clear();
    if (final) this.listing = [];
    if (final && this.input.debug) this.trace = new DebugTrace();
    for (let i = 0; i < this.lines.length; i++) {
      const ls = this.lines[i]!;
      this.lineNo = i;
      if (!ls.parsed) continue;
      this.lineHere = null;
      // a later piece of a streamed data line keeps the first piece's `$`
      if (!ls.src.continues) {
        this.lineStart = (this.curSection as Section | null)?.offset ?? -1;
        this.lineAbs = this.absolute;
      }
      const emits = ls.smart !== undefined || ls.parsed.label !== null || ls.parsed.stmt.k === "insn" || ls.parsed.stmt.k === "data" || ls.parsed.stmt.k === "res" || ls.parsed.stmt.k === "align" || ls.parsed.stmt.k === "incbin";
      const secBefore = emits || this.curSection ? this.cur : null;
      const startOff = secBefore ? this.here() : 0;
      const fixBefore = secBefore ? secBefore.fixups.length : 0;
      const diagsBefore = this.passErrors.length;
      if (final && this.input.listing) { this.chunks = []; this.listSuppress = false; }
      const rec = this.recording;
      let segB = -1, offB = 0, absB = false;
      if (rec) {
        const cs = this.curSection as Section | null;
        segB = cs ? cs.seg : -1; offB = cs ? cs.offset : 0; absB = this.absolute !== null;
        this.lineDefs = []; ls.branch = null; ls.valueDependent = false; ls.failed = false;
      }
      try {
        this.execLine(ls, ls.parsed);
        if (rec) {
          const cs = this.curSection as Section | null;
          ls.segBefore = segB; ls.segAfter = cs ? cs.seg : -1; ls.absBefore = absB; ls.absAfter = this.absolute !== null;
          ls.delta = cs && (cs.seg === segB || segB === -1) ? cs.offset - (segB === -1 ? 0 : offB) : 0;
          ls.defs = this.lineDefs;
        }
      } catch (e) {
        if (rec) ls.failed = true;
        if (e instanceof AsmError || e instanceof ExprError || e instanceof EncodeError || e instanceof ParseError) {
          const col = e instanceof EncodeError ? (ls.parsed.stmt.k === "insn" ? ls.parsed.stmt.mnemonicCol : 1) : e.col;
          const len = e instanceof EncodeError ? 1 : e.len;
          const code = e instanceof EncodeError ? e.code : (e as AsmError).code;
          this.passErrors.push(this.diag(ls.src, code, e.message, col, len));
        } else throw e;
      }
      if (!final || !this.input.listing) { /* no listing */ }
      else if (!secBefore) {
        this.listing.push({ line: ls.src.line, file: ls.src.file, section: -1, offset: 0, bytes: [], size: 0, text: ls.src.text, reloc: false, warnings: this.listedWarnings(diagsBefore), chunks: this.chunks ?? [], listed: ls.src.listed });
      } else {
        const endOff = this.curSection === secBefore ? this.here() : startOff;
        const size = endOff - startOff;
        const bytes = secBefore.progbits && this.absolute === null ? Array.from(secBefore.data.bytes.subarray(startOff, startOff + size)) : [];
        this.listing.push({ line: ls.src.line, file: ls.src.file, section: secBefore.seg, offset: startOff, bytes, size, text: ls.src.text, reloc: secBefore.fixups.length > fixBefore, warnings: this.listedWarnings(diagsBefore), chunks: this.chunks ?? [], listed: ls.src.listed });
      }
    }
    for (const s of this.sections) {
      if (s.size !== s.offset) { this.changed = true; this.sizeChanged = true; this.noteChange(); }
      s.size = s.offset;
    }
    if (final) this.finishSymbols();
  }

  /** The warnings made since `from` (this line's), for the listing; undefined when none. */
  listedWarnings(from: number): string[] | undefined {
    const list = this.passErrors.slice(from).filter((d) => d.severity === "warning" && (WARNINGS as readonly string[]).includes(d.code));
    return list.length ? list.map((d) => `${d.text} [-w+${d.code}]`) : undefined;
  }

  lineStart = -1;
  lineAbs: bigint | null = null;
  /** `$`: the position at the start of the current line. */
  lineValue(): Value {
    if (this.lineAbs !== null) return { n: this.lineAbs, terms: [], unknown: false };
    if (this.lineStart >= 0 && this.curSection) return { n: BigInt(this.lineStart), terms: [{ id: this.curSection.seg, k: 1n }], unknown: false };
    // the line began before any section: it began at offset 0 of the default section (`db 1, $` is 0, as in NASM)
    if (this.lineStart < 0 && this.absolute === null && (!this.curSection || this.curSection === this.sectionByName.get(".text"))) {
      return { n: 0n, terms: [{ id: this.cur.seg, k: 1n }], unknown: false };
    }
    return this.hereValue();
  }

  here(): number { return this.absolute !== null ? Number(this.absolute) : this.cur.offset; }

  hereValue(): Value {
    if (this.absolute !== null) return { n: this.absolute, terms: [], unknown: false };
    return { n: BigInt(this.cur.offset), terms: [{ id: this.cur.seg, k: 1n }], unknown: false };
  }

  private evalContext: EvalContext | null = null;
  ctx(): EvalContext {
    return (this.evalContext ??= this.makeContext());
  }

  makeContext(): EvalContext {
    return {
      symbol: (name, col, len) => this.symbolValue(name, col, len),
      here: () => (this.lineHere ??= this.lineValue()),
      base: () => this.absolute !== null ? { n: this.absStart, terms: [], unknown: false } : { n: 0n, terms: [{ id: this.cur.seg, k: 1n }], unknown: false },
    };
  }

  symbolValue(name: string, col: number, len: number): Value {
    const s = this.symbols.get(name);
    if (s && s.value) return s.value;
    if (this.final) throw new ExprError(`symbol '${name}' not defined`, col, len, "undefined-symbol");
    return { n: 0n, terms: [], unknown: true };
  }

  eval(e: Expr): Value { return evaluate(e, this.ctx()); }

  evalScalar(e: Expr, what: string): bigint {
    const v = this.eval(e);
    if (v.unknown) {
      if (this.final) throw new AsmError(`${what} is not constant`, e.col, e.len);
      return 0n;
    }
    if (v.terms.length) throw new AsmError(`${what} must be a constant, not an address`, e.col, e.len, "not-constant");
    return v.n;
  }

  // ------------------------------------------------------------------ fast relaxation (relax.ts)

  /** The program as relax.ts items, or null when some size depends on values other than branch targets. */
  buildRelaxProgram(): RelaxProgram | null {
    const prog: RelaxProgram = { kind: [], a: [], b: [], c: [], labelCount: 0, sectionCount: 0, startSection: 0 };
    const labelSlot = new Map<AsmSymbol, number>();
    const secSlot = new Map<number, number>();
    const sec = (seg: number) => { let v = secSlot.get(seg); if (v === undefined) secSlot.set(seg, (v = secSlot.size)); return v; };
    const slot = (s: AsmSymbol) => { let v = labelSlot.get(s); if (v === undefined) labelSlot.set(s, (v = labelSlot.size)); return v; };
    const push = (k: number, a: number, b = 0, c = 0) => { prog.kind.push(k); prog.a.push(a); prog.b.push(b); prog.c.push(c); };
    prog.startSection = sec(this.getSection(".text", true).seg);
    let branches = 0;
    for (const ls of this.lines) {
      const p = ls.parsed;
      if (!p) continue;
      if (ls.failed || ls.segAfter === undefined || ls.smart) return null;
      const st = p.stmt;
      if (p.times && !isConstantExpr(p.times)) return null;
      if (ls.absBefore || ls.absAfter) {
        if (!ls.absAfter && ls.segAfter! >= 0) push(SECTION, sec(ls.segAfter!));
        continue;
      }
      if (ls.segBefore === -1 && ls.segAfter! >= 0 && st.k !== "section") push(SECTION, sec(ls.segAfter!));
      for (const d of ls.defs ?? []) {
        if (!d.value || d.value.terms.length !== 1 || d.value.terms[0]!.id !== ls.segAfter) return null;
        push(LABEL, slot(d));
      }
      if (ls.branch) { push(BRANCH, slot(ls.branch.target), ls.branch.shortLen, ls.branch.nearLen); branches++; continue; }
      if (st.k === "insn" && ls.valueDependent) return null;
      if (st.k === "res" && !isConstantExpr(st.count)) return null;
      if (st.k === "align") {
        if (st.fill || !isConstantExpr(st.n)) return null;
        push(ALIGN, Number(this.evalScalar(st.n, "alignment")));
        continue;
      }
      if (st.k === "at" || st.k === "iend" || st.k === "equ" || st.k === "org") { if (ls.delta) push(FIXED, ls.delta); continue; }
      if (ls.segAfter !== ls.segBefore && ls.segAfter! >= 0) { push(SECTION, sec(ls.segAfter!)); if (ls.delta) push(FIXED, ls.delta); continue; }
      if (ls.delta) push(FIXED, ls.delta);
    }
    if (!branches) return null;
    prog.labelCount = labelSlot.size;
    prog.sectionCount = secSlot.size;
    this.relaxSlots = [...labelSlot.keys()];
    this.relaxSections = [...secSlot.keys()];
    return prog;
  }

  relaxSlots: AsmSymbol[] = [];
  relaxSections: number[] = [];
  relaxIterations = 0;

  applyRelaxation(prog: RelaxProgram): void {
    const init = new Float64Array(prog.labelCount);
    this.relaxSlots.forEach((s, i) => { init[i] = Number(s.value!.n); });
    const r = relax(prog, init);
    this.relaxIterations = r.iterations;
    if (!r.converged) return;
    this.relaxSlots.forEach((s, i) => {
      s.value = { n: BigInt(r.labels[i]!), terms: s.value!.terms, unknown: false };
    });
    // Section sizes at the fixed point, so the next full pass can confirm it without another round.
    this.relaxSections.forEach((seg, i) => { const sec = this.segments.get(seg); if (sec && "progbits" in sec) sec.size = r.sizes[i]!; });
  }

  // ------------------------------------------------------------------ symbols

  defineSymbol(name: string, value: Value, col: number, kind: "label" | "equ"): void {
    let s = this.symbols.get(name);
    if (!s) {
      s = { name, kind, value: null, definedPass: 0, definedLine: -1, col, global: false, elfType: "", sizeExpr: null, seg: -1,
        commonSize: 0n, commonAlign: 0n, order: this.symbolOrder.size, absolute: false, size: null, sizeLine: -1 };
      this.symbols.set(name, s);
      this.symbolOrder.add(s);
    } else if (s.kind === "extern" || s.kind === "common") {
      // A definition of a symbol declared extern: NASM keeps the definition.
      s.kind = kind;
    }
    if (s.definedPass === this.pass && s.definedLine !== this.lineNo) {
      throw new AsmError(`symbol '${name}' redefined`, col, name.length, "duplicate-symbol");
    }
    if (s.definedPass === 0 && !s.value) {
      // first definition fixes the symbol-table order
      this.symbolOrder.delete(s);
      this.symbolOrder.add(s);
    }
    s.kind = kind;
    if (this.final) this.trace?.defined(s);
    if (this.recording && kind === "label" && this.absolute === null) this.lineDefs.push(s);
    s.definedPass = this.pass;
    s.definedLine = this.lineNo;
    s.absolute = this.absolute !== null;
    if (!s.value || s.value.n !== value.n || !sameTerms(s.value.terms, value.terms) || s.value.unknown !== value.unknown) { this.changed = true; this.noteChange(); }
    s.value = value;
  }

  declare(name: string, col: number): AsmSymbol {
    let s = this.symbols.get(name);
    if (!s) {
      s = { name, kind: "label", value: null, definedPass: 0, definedLine: -1, col, global: false, elfType: "", sizeExpr: null, seg: -1,
        commonSize: 0n, commonAlign: 0n, order: this.symbolOrder.size, absolute: false, size: null, sizeLine: -1 };
      this.symbols.set(name, s);
      this.symbolOrder.add(s);
    }
    return s;
  }

  finishSymbols(): void {
    for (const s of this.symbolOrder) {
      if (s.sizeExpr) {
        try { s.size = this.evalScalar(s.sizeExpr, "symbol size"); }
        catch (e) {
          if (!(e instanceof AsmError || e instanceof ExprError)) throw e;
          const src = this.lines[s.sizeLine]?.src;
          this.passErrors.push(src ? this.diag(src, e.code, e.message, e.col, e.len) : diagnostic(e.code, e.message, null));
        }
      }
      if (s.global && !s.value && s.kind === "label") {
        // global declared, never defined: NASM reports it as an undefined global (linker resolves it)
        s.kind = "extern";
        s.seg = this.nextSeg++;
        this.segments.set(s.seg, s);
        s.value = { n: 0n, terms: [{ id: s.seg, k: 1n }], unknown: false };
      }
    }
  }

  // ------------------------------------------------------------------ statements

  execLine(ls: LineState, p: ParsedLine): void {
    if (ls.smart) return this.execSmartAlign(ls, ls.smart);
    if (p.label) {
      const name = p.label.name;
      this.defineSymbol(name, this.hereValue(), p.label.col, "label");
      if (p.label.orphan) this.warn("label-orphan", "label alone on a line without a colon might be in error", true);
    }
    const st = p.stmt;
    if (p.times) {
      const count = this.evalScalar(p.times, "TIMES count");
      if (count < 0n) throw new AsmError(`TIMES value ${count} is negative`, p.times.col, p.times.len, "negative-times");
      if (count > SECTION_LIMIT) throw new AsmError(`TIMES value ${count} is too large (more than 4 GiB of output)`, p.times.col, p.times.len, "section-too-large");
      const n = Number(count);
      if (n === 0) return;
      const before = this.here();
      const fixupsBefore = this.absolute === null ? this.cur.fixups.length : 0;
      const warningsBefore = this.passErrors.length;
      this.execStmt(ls, st);
      const one = this.here() - before;
      if (this.chunks && n > 1) this.listTimes(n, st.k === "res");

      if (one * (n - 1) > SECTION_LIMIT) throw new AsmError(`TIMES ${n} of ${one} bytes is more than 4 GiB of output`, p.times.col, p.times.len, "section-too-large");
      const sized = st.k === "data" || st.k === "insn" || st.k === "res";
      // A repeated statement of fixed size: earlier passes only need the size; a zero-size one has no effect.
      if (sized && (!this.final || one === 0)) { this.advance(one * (n - 1)); return; }
      // The final pass copies the bytes of a repetition that needs no relocation instead of re-running it.
      if (sized && this.absolute === null && this.cur.progbits && this.cur.fixups.length === fixupsBefore) {
        this.checkGrowth(one * (n - 1));
        // NASM warns once per repetition (the copies below do not run the statement again).
        const repeated = this.passErrors.slice(warningsBefore).filter((d) => (WARNINGS as readonly string[]).includes(d.code));
        for (let i = 1; i < n && repeated.length && st.k !== "res"; i++) { this.passErrors.push(...repeated); repeated.forEach((d) => this.listWarning(d)); }
        const unit = this.cur.data.bytes.slice(before, before + one);
        const run = new Uint8Array(one * (n - 1));
        if (run.length) { run.set(unit); for (let filled = one; filled < run.length; filled *= 2) run.copyWithin(filled, 0, Math.min(filled, run.length - filled)); }
        this.emit(run);
        return;
      }
      for (let i = 1; i < n; i++) this.execStmt(ls, st);
      return;
    }
    this.execStmt(ls, st);
  }

  advance(n: number): void {
    if (this.absolute !== null) this.absolute += BigInt(n);
    else { this.checkGrowth(n); this.cur.offset += n; }
  }

  /** A section never grows beyond 4 GiB (ELF32 offsets), whatever a count or a string constant says. */
  checkGrowth(n: number): void {
    const limit = this.cur.progbits ? PROGBITS_LIMIT : Number(SECTION_LIMIT);
    if (this.cur.offset + n > limit) {
      if (this.cur.progbits && n <= Number(SECTION_LIMIT)) {
        throw new AsmError(`section '${this.cur.name}' would hold more than 256 MiB of bytes (by ${n} bytes at offset 0x${this.cur.offset.toString(16)}); kernlab keeps sections in memory`, 0, 1, "section-too-large");
      }
      throw new AsmError(`section '${this.cur.name}' would grow beyond 4 GiB (by ${n} bytes at offset 0x${this.cur.offset.toString(16)})`, 0, 1, "section-too-large");
    }
  }

  /** `items`: how many items NASM would write these bytes as (for its per-item nobits warning). */
  emit(bytes: ArrayLike<number>, items = 1): void {
    if (this.trace && bytes.length) this.traceOut();
    if (this.absolute !== null) {
      // struc/absolute space only reserves: NASM rejects initialised data or code there.
      if (this.final && bytes.length) throw codeInAbsolute();
      this.absolute += BigInt(bytes.length);
      return;
    }
    if (this.chunks && !this.listSuppress && bytes.length) this.listBytes(bytes);
    if (this.final && this.cur.progbits) this.cur.data.write(this.cur.offset, bytes);
    else if (this.final && bytes.length) for (let i = 0; i < items; i++) this.warnNoBits();
    this.cur.offset += bytes.length;
  }

  /**
   * -l: bytes as NASM's listing gets them: a relocated field (a fixup) as one address, bracketed `[…]`,
   * or `(…)` when PC-relative; the other bytes one by one.
   */
  listBytes(bytes: ArrayLike<number>): void {
    const start = this.cur.offset, end = start + bytes.length;
    const fixups = this.cur.fixups;
    let i = fixups.length;
    while (i > 0 && fixups[i - 1]!.offset >= start) i--;
    const fields = fixups.slice(i).filter((f) => f.offset < end).sort((a, b) => a.offset - b.offset);
    let at = start;
    const raw = (upTo: number) => { if (upTo > at) this.chunks!.push({ k: "raw", offset: at, bytes: Array.from(bytes).slice(at - start, upTo - start) }); };
    for (const f of fields) {
      raw(f.offset);
      const rel = f.value.terms.some((t) => t.id === this.cur.seg && t.k === -1n);
      const value = rel && this.listBranch ? f.value.n + BigInt(f.offset + f.size) : f.value.n;
      this.chunks!.push({ k: "addr", offset: f.offset, size: f.size, value, rel });
      at = f.offset + f.size;
    }
    raw(end);
  }

  /** -l: a warning is listed after the rows output before it (NASM prints it with the next row). */
  listWarning(d: Diagnostic): void {
    if (this.chunks && d.severity === "warning") this.chunks.push({ k: "warn", text: `${d.text} [-w+${d.code}]` });
  }

  /** -l after a TIMES statement's first run: `<rep N>` (a reservation is one merged reservation), then nothing. */
  listTimes(n: number, reservation: boolean): void {
    if (this.listSuppress) return;
    const last = this.chunks!.findLast((c) => c.k !== "warn");
    if (!reservation) this.chunks!.push({ k: "size", tag: "rep", n });
    else if (last?.k === "res") last.size *= n;
    this.listSuppress = true;
  }

  /** An output call of the final pass, for the debug formats (NASM reports each new line or segment). */
  traceOut(): void {
    const src = this.lines[this.lineNo]!.src;
    this.trace!.out(src.file, src.line, this.absolute !== null ? -1 : this.cur.seg, this.here());
  }

  /** Initialised bytes in a nobits section: NASM drops them with a warning (per emitted item). */
  warnNoBits(): void {
    this.warn("other", this.input.format === "bin" ? "attempt to initialize memory in a nobits section: ignored" : `attempt to initialize memory in BSS section \`${this.cur.name}': ignored`);
  }

  /** NASM's warning for reserved space in a progbits section (its bin and elf back ends word it differently). */
  warnZeroing(): void {
    this.warn("zeroing", this.input.format === "bin" ? `uninitialized space declared in ${this.cur.name} section: zeroing` : `uninitialized space declared in non-BSS section \`${this.cur.name}': zeroing`);
  }

  reserve(n: number): void {
    if (n < 0) throw new AsmError("negative reservation");
    if (this.trace && n) this.traceOut();
    if (this.chunks && !this.listSuppress && n) this.chunks.push({ k: "res", offset: this.here(), size: n });
    if (this.absolute !== null) { this.absolute += BigInt(n); return; }
    this.checkGrowth(n);
    if (this.final && this.cur.progbits) this.cur.data.fill(this.cur.offset, n, 0);
    this.cur.offset += n;
  }

  fixup(offset: number, size: number, value: Value, e: { col: number; len: number }): void {
    if (!this.final || this.absolute !== null) return;
    const src = this.lines[this.lineNo]!.src;
    const location = { file: src.file, line: src.line, column: src.verbatim ? e.col : 0, lineText: src.verbatim ? src.text : undefined, length: e.len };
    this.cur.fixups.push({ offset, size, value, location });
  }

  execStmt(ls: LineState, st: Stmt): void {
    switch (st.k) {
      case "none": case "ignored": return;
      case "insn": return this.execInsn(ls, st);
      case "data":
        if (st.packed) {
          for (let i = 0; i < st.packed.overflows; i++) this.warn("number-overflow", `${SIZE_NAME[st.width]} data exceeds bounds`);
          return this.emit(st.packed.bytes);
        }
        this.trace?.data(st.width, st.items.length);
        return this.execData(st.width, st.items);
      case "res": {
        this.trace?.reserved(st.width);
        const c = this.evalScalar(st.count, "reservation count");
        if (c < 0n) throw new AsmError("negative reservation count", st.count.col, st.count.len);
        // (NASM's back end warns after the reservation is output: so it is listed after it)
        const zeroing = c > 0n && this.absolute === null && this.cur.progbits;
        this.reserve(Number(c) * st.width);
        if (zeroing) this.warnZeroing();
        return;
      }
      case "equ": {
        const v = this.eval(st.expr);
        this.defineSymbol(st.name, v, st.expr.col, "equ");
        return;
      }
      case "bits": this.bits = st.bits; return;
      case "warning": return this.execWarning(st.spec);
      case "section": {
        this.switchSection(st.name, st.attrs);
        if (st.user) this.userSection = { name: st.name };
        return;
      }
      case "absolute": {
        const v = this.eval(st.expr);
        let n = v.n;
        if (v.terms.length === 1 && v.terms[0]!.k === 1n && !v.unknown) n = v.n; // absolute at a label: offset only
        this.absolute = n; this.absStart = n;
        if (st.user) this.userSection = { abs: n };
        return;
      }
      case "org": {
        if (this.input.format !== "bin") throw new AsmError("'org' is only supported by the bin output format", 1, 3, "unsupported");
        this.org = this.evalScalar(st.expr, "org address");
        return;
      }
      case "global": case "extern": case "common": return this.execNames(st);
      case "align": return this.execAlign(ls, st);
      case "sectalign": {
        if (st.n && this.absolute === null) { const n = Number(this.evalScalar(st.n, "alignment")); if (n > this.cur.align) this.cur.align = n; }
        return;
      }
      case "struc": {
        const off = st.offset ? this.evalScalar(st.offset, "struc offset") : 0n;
        this.strucStack.push({ name: st.name, prev: this.cur, prevAbs: this.absolute });
        this.absolute = off; this.absStart = off;
        this.defineSymbol(st.name, { n: off, terms: [], unknown: false }, 1, "label");
        return;
      }
      case "endstruc": {
        const s = this.strucStack.pop();
        if (!s) throw new AsmError("'endstruc' without 'struc'", 1, 8, "syntax");
        const start = this.symbols.get(s.name)?.value?.n ?? 0n;
        this.defineSymbol(`${s.name}_size`, { n: this.absolute! - start, terms: [], unknown: false }, 1, "equ");
        // back to __SECT__: the last user-level section/absolute directive
        const u = this.userSection;
        if (u && "abs" in u) { this.absolute = u.abs; this.absStart = u.abs; }
        else { this.absolute = null; this.cur = u ? this.getSection(u.name, true) : this.getSection(".text", true); }
        return;
      }
      case "istruc": {
        this.istrucCounter++;
        const label = `..@${this.istrucCounter}.strucstart`;
        this.defineSymbol(label, this.hereValue(), 1, "label");
        this.istrucStack.push({ name: st.name, start: this.here() });
        return;
      }
      case "at": {
        const top = this.istrucStack[this.istrucStack.length - 1];
        if (!top) throw new AsmError("'at' outside 'istruc'", st.field.col, st.field.len);
        const field = this.evalScalar(st.field, "field offset");
        const base = this.symbolValue(top.name, st.field.col, st.field.len).n;
        const pad = Number(field - base) - (this.here() - top.start);
        if (pad < 0) throw new AsmError("'at' field lies before the current position in istruc", st.field.col, st.field.len, "negative-times");
        this.emit(new Uint8Array(pad));
        if (st.inner) this.execStmt(ls, st.inner);
        return;
      }
      case "iend": {
        const top = this.istrucStack.pop();
        if (!top) throw new AsmError("'iend' without 'istruc'");
        const size = this.symbolValue(`${top.name}_size`, 1, 4).n;
        const pad = Number(size) - (this.here() - top.start);
        if (pad < 0) throw new AsmError("istruc data exceeds the structure size", 1, 4, "negative-times");
        this.emit(new Uint8Array(pad));
        return;
      }
      case "incbin": return this.execIncbin(st);
    }
  }

  switchSection(name: string, attrs: { key: string; value: Expr | null; col: number; len: number }[]): void {
    const existed = this.sectionByName.has(name);
    const s = this.getSection(name, true);
    this.absolute = null;
    this.cur = s;
    // ELF: a redeclaration keeps the section's type and flags; NASM ignores incompatible ones with a warning.
    const redeclared = this.input.format === "elf" && this.declaredSections.has(name);
    this.declaredSections.add(name);
    if (existed && this.pass > 1 && !attrs.length) return;
    const flags = (x: Section) => [x.progbits, x.alloc, x.exec, x.write, x.tls] as const;
    const before = redeclared ? flags(s) : null;
    // NASM (ELF): naming a type or flag on a section's first declaration drops the known section's default
    // alignment (`section .text exec` is aligned 1 unless align= says otherwise).
    if (!redeclared && this.input.format === "elf" && attrs.some((a) => SECTION_FLAGS.has(a.key))) s.align = 1;
    this.applySectionAttributes(s, attrs);
    if (before && flags(s).some((f, i) => f !== before[i])) {
      [s.progbits, s.alloc, s.exec, s.write, s.tls] = before;
      this.warn("other", `incompatible section attributes ignored on redeclaration of section \`${name}'`, true);
    }
  }

  applySectionAttributes(s: Section, attrs: { key: string; value: Expr | null; col: number; len: number }[]): void {
    for (const a of attrs) {
      switch (a.key) {
        case "progbits": s.progbits = true; break;
        case "nobits": s.progbits = false; break;
        case "alloc": s.alloc = true; break;
        case "noalloc": s.alloc = false; break;
        case "exec": s.exec = true; break;
        case "noexec": s.exec = false; break;
        case "write": s.write = true; break;
        case "nowrite": s.write = false; break;
        case "tls": s.tls = true; break;
        case "align": {
          if (!a.value) throw new AsmError("align= needs a value", a.col, a.len);
          const n = Number(this.evalScalar(a.value, "section alignment"));
          if (n & (n - 1)) throw new AsmError(`section alignment ${n} is not a power of two`, a.value.col, a.value.len, "bad-alignment");
          s.align = n;
          break;
        }
        case "start": if (a.value) s.start = this.evalScalar(a.value, "start"); break;
        case "vstart": if (a.value) s.vstart = this.evalScalar(a.value, "vstart"); break;
        case "follows": case "vfollows": {
          const t = a.value && a.value.k === "sym" ? a.value.name : null;
          if (!t) throw new AsmError(`${a.key}= needs a section name`, a.col, a.len);
          if (a.key === "follows") s.follows = t; else s.vfollows = t;
          break;
        }
        default:
          if (a.key.startsWith("pointer") || a.key === "contents" || a.key === "data" || a.key === "code" || a.key === "text" || a.key === "bss" || a.key === "rdata" || a.key === "info") {
            if (a.key === "bss") s.progbits = false;
            if (a.key === "code" || a.key === "text") s.exec = true;
            break;
          }
          throw new AsmError(`unknown section attribute '${a.key}'`, a.col, a.len, "unknown-attribute");
      }
    }
  }

  execNames(st: Extract<Stmt, { k: "global" | "extern" | "common" }>): void {
    for (const n of st.names) {
      const s = this.declare(n.name, n.col);
      if (st.k === "global") {
        s.global = true;
        if (n.type) s.elfType = n.type;
        if (n.size) { s.sizeExpr = n.size; s.sizeLine = this.lineNo; }
      } else if (st.k === "extern") {
        if (s.value && s.kind !== "extern") continue; // defined here: extern is ignored
        if (s.kind !== "extern") {
          s.kind = "extern"; s.global = true; s.seg = this.nextSeg++;
          this.segments.set(s.seg, s);
          s.value = { n: 0n, terms: [{ id: s.seg, k: 1n }], unknown: false };
          this.symbolOrder.delete(s); this.symbolOrder.add(s);
        }
        if (this.final) this.trace?.defined(s);
      } else {
        if (s.kind !== "common") {
          s.kind = "common"; s.global = true; s.seg = this.nextSeg++;
          this.segments.set(s.seg, s);
          s.value = { n: 0n, terms: [{ id: s.seg, k: 1n }], unknown: false };
          this.symbolOrder.delete(s); this.symbolOrder.add(s);
        }
        s.commonSize = this.evalScalar(n.size!, "common size");
        s.commonAlign = n.align ? this.evalScalar(n.align, "common alignment") : 0n;
        if (this.final) this.trace?.defined(s);
      }
    }
  }

  /**
   * `align N` under `%use smartalign`, as NASM's macro pads at this `$`: more than the ALIGNMODE
   * threshold (when not negative) becomes `jmp label` and NOPs up to the boundary; otherwise the
   * mode's group-sized fillers and one filler for the rest. `label` (the macro's `%$end`) follows.
   */
  execSmartAlign(ls: LineState, smart: NonNullable<LineState["smart"]>): void {
    const { spec } = smart;
    const n = spec.align;
    if (n <= 0) throw new AsmError(`alignment ${n} is not positive`, 0, 1, "bad-alignment");
    const rel = this.absolute !== null ? Number(this.absolute - this.absStart) : this.cur.offset;
    const pad = (n - (rel % n)) % n;
    if (pad > 0 && this.absolute !== null) throw codeInAbsolute();
    const jump = pad > 0 && spec.threshold >= 0 && pad > spec.threshold;
    if (pad > 0) this.checkGrowth(Math.min((jump ? Math.max(pad, n) : pad) + 5, Number.MAX_SAFE_INTEGER));
    // NASM's macro pads with `times count <filler>`: listed as the first filler and `<rep count>`.
    const repeat = (count: number, one: ArrayLike<number>) => {
      if (count <= 0) return;
      if (!jump) this.trace?.data(1, 1); // a `db` filler types the last label under -g
      const suppressed = this.listSuppress;
      this.emit(one);
      if (this.chunks && count > 1) this.listTimes(count, false);
      if (!this.chunks) { this.emit(Array.from({ length: (count - 1) * one.length }, (_, i) => one[i % one.length]!)); }
      else for (let i = 1; i < count; i++) this.emit(one);
      this.listSuppress = suppressed;
    };
    if (jump) {
      this.execInsn(ls, smart.jmp);
      repeat((n - (this.cur.offset % n)) % n, [0x90]);
    } else if (pad > 0) {
      const filler = (k: number) => {
        const f = spec.fill[k];
        if (!f) throw new AsmError(`symbol \`${spec.fillName(k)}' not defined`, 0, 1, "undefined-symbol");
        return f;
      };
      repeat(Math.floor(pad / spec.group), filler(spec.group));
      if (pad % spec.group) repeat(1, filler(pad % spec.group));
    }
    this.defineSymbol(spec.label, this.hereValue(), 1, "label");
  }

  /**
   * `[warning -name]` silences a warning from here on, `+name` lets it through again, `*name` back to the
   * command line's choice; `push`/`pop` save and restore (NASM's alignb wraps its resb in them). `error=`
   * forms are left to the command line.
   */
  execWarning(spec: string): void {
    if (spec === "push") { this.warningStack.push(new Map(this.warningState)); return; }
    if (spec === "pop") { this.warningState = this.warningStack.pop() ?? new Map(); return; }
    const m = /^([+*-]?)(.*)$/.exec(spec)!;
    const name = m[2]!.toLowerCase();
    const targets = name === "all" ? WARNINGS : WARNINGS.filter((w) => w === (WARNING_ALIASES[name] ?? name));
    for (const w of targets) {
      if (m[1] === "*") this.warningState.delete(w);
      else this.warningState.set(w, m[1] !== "-");
    }
  }

  execAlign(ls: LineState, st: Extract<Stmt, { k: "align" }>): void {
    const n = Number(this.evalScalar(st.n, "alignment"));
    if (n <= 0 || (n & (n - 1))) throw new AsmError(`alignment ${n} is not a power of two`, st.n.col, st.n.len, "bad-alignment");
    if (this.absolute === null && n > this.cur.align && !st.b) this.cur.align = n;
    const rel = this.absolute !== null ? Number(this.absolute - this.absStart) : this.cur.offset;
    const pad = (n - (rel % n)) % n;
    if (pad === 0) return;
    if (st.b || this.absolute !== null || !this.cur.progbits) {
      // `align` (not alignb) is `times pad nop` to NASM: in a nobits section each nop is dropped with a warning.
      if (!st.b && !st.fill && this.absolute === null && this.final) for (let i = 0; i < pad; i++) this.warnNoBits();
      this.reserve(pad);
      return;
    }
    if (st.fill) {
      // times pad <fill>: NASM repeats the fill statement `pad` times
      const before = this.here();
      let guard = 0;
      while (this.here() - before < pad && guard++ < pad) this.execStmt(ls, st.fill);
      return;
    }
    this.emit(new Uint8Array(pad).fill(0x90));
  }

  execIncbin(st: Extract<Stmt, { k: "incbin" }>): void {
    let data: Uint8Array | null = null;
    let found = st.file;
    for (const prefix of ["", ...this.input.includePaths]) {
      data = this.input.resolver.readBinary(prefix + st.file);
      if (data) { found = prefix + st.file; break; }
    }
    if (!data) throw new AsmError(`unable to open include file '${st.file}'`, 1, 6, "file-not-found");
    if (this.final && !this.dependencies.includes(found)) this.dependencies.push(found);
    const skip = st.skip ? Number(this.evalScalar(st.skip, "incbin offset")) : 0;
    let bytes = data.subarray(Math.min(skip, data.length));
    if (st.len) bytes = bytes.subarray(0, Number(this.evalScalar(st.len, "incbin length")));
    // NASM lists an incbin as its size only.
    const listed = this.chunks && !this.listSuppress;
    if (listed) { this.chunks!.push({ k: "size", tag: "bin", n: bytes.length, offset: this.here() }); this.listSuppress = true; }
    this.emit(bytes);
    if (listed) this.listSuppress = false;
  }

  execData(width: number, items: DataItem[]): void {
    if (!items.length) this.warn("db-empty", "no operand for data declaration", true);
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.kind === "uninit") {
        // a run of `?` items is one reservation (one warning), as in NASM
        let n = 1;
        while (items[i + 1]?.kind === "uninit") { i++; n++; }
        const zeroing = this.absolute === null && this.cur.progbits;
        this.reserve(n * width);
        if (zeroing) this.warnZeroing();
        continue;
      }
      if (it.kind === "str") {
        const len = Math.ceil(Math.max(it.text.length, 1) / width) * width;
        const b = new Uint8Array(it.text.length === 0 ? 0 : len);
        for (let i = 0; i < it.text.length; i++) b[i] = it.text.charCodeAt(i) & 0xff;
        this.emit(b);
        continue;
      }
      if (it.kind === "float") {
        const v = Number(it.text) * (it.neg ? -1 : 1);
        const b = new Uint8Array(width);
        const dv = new DataView(b.buffer);
        if (width === 4) dv.setFloat32(0, v, true);
        else if (width === 8) dv.setFloat64(0, v, true);
        else throw new AsmError(`floating-point constant in a ${width}-byte declaration is not supported`, it.col, it.text.length, "unsupported");
        this.emit(b);
        continue;
      }
      const v = this.eval(it.expr);
      if (width > 8) throw new AsmError(`integer in a ${width}-byte declaration is not supported`, it.expr.col, it.expr.len, "unsupported");
      if (width <= 4 && !v.terms.length && !v.unknown && overflowsGeneral(v.n, width)) this.warn("number-overflow", `${SIZE_NAME[width]} data exceeds bounds`);
      const b = new Uint8Array(width);
      let n = BigInt.asUintN(64, v.n);
      for (let i = 0; i < width; i++) { b[i] = Number(n & 0xffn); n >>= 8n; }
      if (v.terms.length) {
        for (const t of v.terms) if (t.id >= REG_TERM) throw new AsmError("register in a data declaration", it.expr.col, it.expr.len);
        this.fixup(this.here(), width, v, it.expr);
      }
      this.emit(b);
    }
  }

  // ------------------------------------------------------------------ instructions

  resolveOperand(o: Operand): ROperand {
    const r: ROperand = { kind: o.kind, col: o.col, len: o.len, size: o.size, strict: o.strict, branch: o.branch, to: o.to };
    if (o.kind === "reg") { r.reg = o.reg; return r; }
    if (o.kind === "far") { r.segValue = this.eval(o.segExpr!); r.value = this.eval(o.expr!); return r; }
    const v = this.eval(o.expr!);
    if (o.kind === "imm") {
      if (v.terms.some((t) => t.id >= REG_TERM)) throw new AsmError("register in an immediate expression", o.col, o.len);
      r.value = v; return r;
    }
    const split = splitAddress(v, this.bits);
    if (typeof split === "string") throw new AsmError(split, o.col, o.len, "invalid-address");
    r.base = split.base; r.index = split.index; r.scale = split.scale; r.value = split.disp;
    r.seg = o.seg?.reg; r.dispSize = o.dispSize;
    return r;
  }

  execInsn(ls: LineState, st: Extract<Stmt, { k: "insn" }>): void {
    if (this.final && st.prefixes.includes("lock") && (!st.mnemonic || !LOCKABLE.has(st.mnemonic) || st.ops[0]?.kind !== "mem")) {
      this.warn("prefix-lock", "instruction is not lockable");
    }
    if (!st.mnemonic) {
      // prefixes alone (e.g. `rep` on its own line)
      const b = st.prefixes.map((p) => ({ lock: 0xf0, rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2, a16: 0x67, a32: 0x67, o16: 0x66, o32: 0x66, wait: 0x9b } as Record<string, number>)[p] ?? 0);
      this.emit(b);
      return;
    }
    const ops = st.ops;
    // Relative branch to an immediate target
    if (ops.length === 1 && ops[0]!.kind === "imm" && ops[0]!.branch !== "far") {
      // The shape depends only on the line and BITS: compute it once per line and mode.
      let shape = ls.shape;
      if (shape === undefined || ls.shapeBits !== this.bits) {
        shape = ls.shape = branchShape(st.mnemonic, this.bits, ops[0]!.size, st.prefixes);
        ls.shapeBits = this.bits;
      }
      if (shape) return this.execBranch(ls, st, shape, ops[0]!);
    }
    if (ops.length === 1 && ops[0]!.kind === "far" && (st.mnemonic === "jmp" || st.mnemonic === "call")) return this.execFar(st, ops[0]!);
    // Constant instructions are encoded once.
    if (ls.constant && ls.cache) { this.emitEncoded(ls.cache); return; }
    const rops = ops.map((o) => this.resolveOperand(o));
    if (this.recording) {
      ls.valueDependent = ops.some((o, i) => o.kind !== "reg" && o.kind !== "far" && o.expr && !isConstantExpr(o.expr) && (rops[i]!.value!.terms.length === 0 || rops[i]!.value!.unknown));
    }
    const key = rops.map(opKey).join(";") + "|" + this.bits;
    let enc: Encoded;
    const gkey = st.mnemonic + " " + st.prefixes.join(" ") + " " + key;
    const shared = this.encodings.get(gkey);
    if (ls.cacheKey === key && ls.cache) enc = ls.cache;
    else if (shared) {
      enc = shared;
      ls.cacheKey = key; ls.cache = enc;
      ls.constant = ops.every((o) => (o.expr ? isConstantExpr(o.expr) : true) && (o.segExpr ? isConstantExpr(o.segExpr) : true));
    } else {
      try {
        enc = encodeInstruction(st.mnemonic, st.prefixes, rops, this.bits, this.input.opt);
        this.encodings.set(gkey, enc);
      } catch (e) {
        if (e instanceof EncodeError && e.operand >= 0 && ops[e.operand]) throw new AsmError(e.message, ops[e.operand]!.col, ops[e.operand]!.len, e.code);
        throw e;
      }
      ls.cacheKey = key; ls.cache = enc;
      ls.constant = ops.every((o) => (o.expr ? isConstantExpr(o.expr) : true) && (o.segExpr ? isConstantExpr(o.segExpr) : true));
    }
    this.emitEncoded(enc, ops);
  }

  emitEncoded(enc: Encoded, ops?: Operand[]): void {
    const start = this.here();
    if (this.final && enc.overflow) for (const text of enc.overflow) this.warn("number-overflow", text);
    if (this.final) for (const f of enc.fixups) {
      const op = ops?.find((o) => o.kind !== "reg") ?? { col: 1, len: 1 };
      this.fixup(start + f.offset, f.size, f.value, op);
    }
    this.emit(enc.bytes, enc.fields);
  }

  execBranch(ls: LineState, st: Extract<Stmt, { k: "insn" }>, shape: NonNullable<ReturnType<typeof branchShape>>, op: Operand): void {
    const target = op.expr!.k === "sym" ? this.symbolValue(op.expr!.name, op.expr!.col, op.expr!.len) : this.eval(op.expr!);
    const start = this.here();
    const curSeg = this.absolute !== null ? ABS : this.cur.seg;
    const sameSeg = (target.terms.length === 0 && curSeg === ABS) || (target.terms.length === 1 && target.terms[0]!.id === curSeg && target.terms[0]!.k === 1n);
    let short: boolean;
    if (!shape.near) short = true;
    else if (!shape.short) short = false;
    else if (op.branch === "short") short = true;
    // NASM's jmp_match: -O1 (level 0) never shortens; -O0 (level -1) shortens jcc but not jmp.
    else if (op.branch === "near" || op.strict || this.input.opt === 0 || (this.input.opt < 0 && st.mnemonic === "jmp")) short = false;
    else if (target.unknown) short = true;
    else if (!sameSeg) short = false;
    else {
      const end = start + shape.short.length + 1;
      const d = Number(target.n) - end;
      short = d >= -128 && d <= 127;
    }
    ls.short = short;
    if (this.recording && op.expr!.k === "sym" && !st.prefixes.length && op.branch === "" && !op.strict && op.size === 0 && shape.short && shape.near && this.input.opt === 2) {
      const sym = this.symbols.get(op.expr!.name);
      if (sym && sym.kind === "label" && sym.value && sym.value.terms.length === 1 && sym.value.terms[0]!.k === 1n && !sym.absolute) {
        if (sym.value.terms[0]!.id === curSeg) ls.branch = { target: sym, shortLen: shape.short.length + 1, nearLen: shape.near.length + shape.nearSize };
      }
    }
    const head = short ? shape.short! : shape.near!;
    const dsize = short ? 1 : shape.nearSize;
    if (!this.final) { this.advance(head.length + dsize + (st.prefixes.length && st.prefixes.includes("bnd") ? 1 : 0)); return; }
    const prefix = st.prefixes.includes("bnd") ? [0xf2] : [];
    const end = start + prefix.length + head.length + dsize;
    const bytes = new Uint8Array(prefix.length + head.length + dsize);
    bytes.set(prefix); bytes.set(head, prefix.length);
    if (this.final) {
      const rel: Value = { n: target.n - BigInt(end), terms: target.terms.slice(), unknown: target.unknown };
      if (sameSeg) {
        rel.terms = [];
        if (short && (rel.n < -128n || rel.n > 127n)) throw new AsmError("short jump is out of range", op.col, op.len, "jump-out-of-range");
        let n = BigInt.asUintN(dsize * 8, rel.n);
        for (let i = 0; i < dsize; i++) { bytes[prefix.length + head.length + i] = Number(n & 0xffn); n >>= 8n; }
      } else {
        if (short) throw new AsmError("short jump to a label in another section or an external symbol", op.col, op.len, "jump-out-of-range");
        if (curSeg !== ABS) rel.terms.push({ id: curSeg, k: -1n });
        this.fixup(end - dsize, dsize, rel, op);
        let n = BigInt.asUintN(dsize * 8, rel.n);
        for (let i = 0; i < dsize; i++) { bytes[prefix.length + head.length + i] = Number(n & 0xffn); n >>= 8n; }
      }
    }
    this.listBranch = true;
    this.emit(bytes);
    this.listBranch = false;
  }

  execFar(st: Extract<Stmt, { k: "insn" }>, op: Operand): void {
    const seg = this.eval(op.segExpr!);
    const off = this.eval(op.expr!);
    const osz = op.size === 4 ? 32 : op.size === 2 ? 16 : this.bits;
    const offSize = osz / 8;
    const bytes: number[] = [];
    if (osz !== this.bits) bytes.push(0x66);
    bytes.push(st.mnemonic === "jmp" ? 0xea : 0x9a);
    const start = this.here();
    let n = BigInt.asUintN(offSize * 8, off.n);
    for (let i = 0; i < offSize; i++) { bytes.push(Number(n & 0xffn)); n >>= 8n; }
    if (seg.terms.length) throw new AsmError("segment part of a far address must be a constant", op.col, op.len, "not-constant");
    bytes.push(Number(seg.n & 0xffn), Number((seg.n >> 8n) & 0xffn));
    if (off.terms.length || off.unknown) this.fixup(start + bytes.length - 2 - offSize, offSize, off, op);
    this.emit(bytes);
  }
}

function sameTerms(a: { id: number; k: bigint }[], b: { id: number; k: bigint }[]): boolean {
  return a.length === b.length && a.every((t, i) => t.id === b[i]!.id && t.k === b[i]!.k);
}

function opKey(o: ROperand): string {
  const v = o.value;
  const vk = v ? `${v.n}${v.unknown ? "?" : ""}${v.terms.map((t) => `+${t.k}*${t.id}`).join("")}` : "";
  return `${o.kind}${o.size}${o.strict ? "s" : ""}${o.branch}${o.to ? "t" : ""}${o.dispSize ?? ""}${o.reg?.name ?? ""}${o.base ?? ""},${o.index ?? ""},${o.scale ?? ""},${o.seg ?? ""}:${vk}`;
}
