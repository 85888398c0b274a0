/**
 * The preprocessor engine: a loop over a stack of frames (source files, macro expansions, %rep
 * blocks) that reads one line at a time, runs directives, skips false conditionals, collects macro
 * and %rep bodies, expands single-line macros and starts multi-line macro calls. Everything is
 * iterative, so hostile input ends with a located error (limits below), never a JS stack overflow.
 * Produces preprocessed lines with their locations; rendering them (SourceLine[], `-E` text) is in
 * index.ts and listing.ts. Not the tables (smacro.ts, mmacro.ts), the expression grammar (expr.ts,
 * floats.ts), the `%use` packages (packages.ts) nor the assembler bridge for them (lower.ts).
 */
import { diagnostic, type Diagnostic, type Location, type Note } from "../../../core/diagnostics";
import { byteString, encodeSourceText, sourceByteString, stringBytes, type ListedLine, type PreprocessOptions } from "../source";
import { condKind, emitting, type Cond } from "./conditions";
import { ContextStack } from "./context";
import { evaluate } from "./expr";
import { bindParams, findOverload, MMacroTable, substituteParams, type BodyLine, type Invocation, type MMacro } from "./mmacro";
import { expandSMacros, ExpansionLimit, resolveIndirects, makeAlias, makeSMacro, SMacroTable, type ClearWhat, type ExpandEnv, type ParamModifier, type SMacro } from "./smacro";
import { lowerBuiltins } from "./lower";
import { fillerMacro, findPackage, packageSource, type PackageName, type SmartAlignSpec } from "./packages";
import { NASM_VERSION, STANDARD_MACROS } from "./stdmac";
import { decodeStandardDefinitions, type StandardDefinitions } from "./stdmac-codec";
import { STANDARD_DEFINITIONS } from "./stdmac-data";
import { detokenize, quoteBytes, scanString, skipWs, tokenize, trimWs, unquote, type Token } from "./tokens";

export interface Limits {
  /** Nested multi-line macro expansions (recursion). */
  macroDepth: number;
  /** `%rep` count. */
  repCount: number;
  /** Lines read in total (source, macro and %rep lines, including skipped ones). */
  totalLines: number;
  /** Nested %include. */
  includeDepth: number;
  /** Characters of output. */
  outputChars: number;
  /** Tokens produced by single-line macro expansion of one line. */
  lineTokens: number;
  /** Bytes of a string built by %strcat. */
  stringBytes: number;
  /** A data line longer than this is streamed in pieces (LONG_LINE_BYTES; tests lower it). */
  longLineBytes: number;
  /** The size those pieces are cut at (LONG_LINE_PIECE). */
  linePieceBytes: number;
  /** The longest other line, tokenized whole (MAX_LINE_BYTES). */
  wholeLineBytes: number;
}

/**
 * The longest source line kernlab tokenizes whole (bytes). A longer line that is a data declaration
 * (`[label[:]] db|dw|dd|dq|dt|do|dy|dz item, item, …`, the generated tables that reach such sizes) is
 * streamed instead: cut at top-level commas into pieces of about LONG_LINE_PIECE bytes, each piece
 * tokenized, expanded and emitted on its own (longLine below), so memory stays a small multiple of the
 * line's own size. Any other line longer than this is `line-too-long`.
 */
export const MAX_LINE_BYTES = 16 << 20;
/** Lines longer than this are streamed in pieces when they are data declarations. */
export const LONG_LINE_BYTES = 256 << 10;
/** The size a streamed line's pieces are cut at (the first top-level comma past it). */
export const LONG_LINE_PIECE = 64 << 10;
/** Names of NASM's data declarations (a streamed line's head). */
const DATA_DIRECTIVES = new Set(["db", "dw", "dd", "dq", "dt", "do", "dy", "dz"]);

/** Bytes of memory an output line costs beyond its text (its record, location and chain). */
const LINE_COST = 120;

export const DEFAULT_LIMITS: Limits = {
  // NASM's defaults (--limit-macro-levels, --limit-rep, --limit-lines); memory is bounded by outputChars
  macroDepth: 10_000,
  repCount: 1_000_000,
  totalLines: 2_000_000_000,
  includeDepth: 50,
  outputChars: 256 * 1024 * 1024,
  lineTokens: 10_000_000, // NASM's --limit-macro-tokens
  stringBytes: 1 << 20,
  longLineBytes: LONG_LINE_BYTES,
  linePieceBytes: LONG_LINE_PIECE,
  wholeLineBytes: MAX_LINE_BYTES,
};

export interface EngineOptions extends PreprocessOptions {
  /** `-E` mode: `__?BITS?__` is not tracked (NASM does not run the assembler there), and `__?PASS?__` is 3. */
  preprocessOnly?: boolean;
  limits?: Partial<Limits>;
  /**
   * Receives each output line as it is made (`nasm -E` streams them out): the engine keeps none, and the
   * output limit (Limits.outputChars, a memory bound for the assembler's copy) does not apply.
   */
  sink?: (line: OutLine) => void;
}

/** One output line with its location (file/line as `%line` reports it) and the macro call chain. */
export interface OutLine {
  /** The line as `nasm -E` prints it. */
  text: string;
  /** Original text when the line is exactly as read from a file (columns are the user's). */
  raw: string | null;
  file: string;
  line: number;
  chain: Location[];
  /** A smart `align` (`%use smartalign`) the assembler lays out; the text is then `align N`. */
  smartAlign?: SmartAlignSpec;
  /** With `listing`: index of the listed line current when this line was produced (its output is listed there). */
  listed?: number;
  /**
   * A piece of a streamed long data line after the first: under `-E`, `text` is the piece as `nasm -E` prints it
   * (it continues the previous line's text); when assembling, `asm` (= `text`) is the piece as a data
   * declaration of its own.
   */
  continues?: { asm: string };
}

interface FileFrame {
  kind: "file";
  file: string;
  lines: string[];
  idx: number;
  /** Line number of the line being processed (1-based). */
  current: number;
  conds: Cond[];
  internal: boolean;
  /** A -P file: `nasm -E` attributes its lines to line 0 of the main file. */
  preInclude: boolean;
  /** Set by `%line N[+M] [file]`: the k-th following line reports as N + k*M in `file` (as NASM does). */
  lineMap?: { base: number; inc: number; atIdx: number; file: string };
}
interface MacroFrame {
  kind: "macro";
  inv: Invocation;
  idx: number;
  conds: Cond[];
  /** Where the call was (for .nolist lines and the chain). */
  call: Location;
  /** The enclosing macro frame: the call chain is built from these links only when needed (chainOf), so a
   * deep recursion costs one frame per level, not a copy of the chain per level. */
  outer: MacroFrame | null;
  cached: { chain: Location[]; names: string[] } | null;
}
interface RepFrame {
  kind: "rep";
  lines: BodyLine[];
  idx: number;
  remaining: number;
  conds: Cond[];
}
type Frame = FileFrame | MacroFrame | RepFrame;

interface Defining {
  kind: "macro" | "rep";
  macro?: MMacro;
  count?: number;
  lines: BodyLine[];
  nest: number;
  where: Location;
}

class Fatal extends Error {}

/** What STANDARD_MACROS defines, in definition order (decoded from stdmac-data.ts by the first run). */
let standardDefinitions: StandardDefinitions | null = null;
/** Set while STANDARD_MACROS is run through the engine (standardDefinitionsFromText) instead of decoded. */
let readingStandardText = false;

/** `%stacksize` models: slot size, frame pointer and where the first %arg sits above it. */
const STACK_FRAMES: Record<string, { stackSize: number; stackPointer: string; argOffset: number }> = {
  flat: { stackSize: 4, stackPointer: "ebp", argOffset: 8 },
  flat64: { stackSize: 8, stackPointer: "rbp", argOffset: 16 },
  large: { stackSize: 2, stackPointer: "bp", argOffset: 4 },
  small: { stackSize: 2, stackPointer: "bp", argOffset: 6 },
};

/** Size types of %arg/%local (NASM 2.16.01 knows no `zword` here). */
const SIZE_TYPES: Record<string, number> = { byte: 1, word: 2, dword: 4, qword: 8, tword: 10, oword: 16, yword: 32 };

const DIRECTIVE_NAMES = new Set([
  "define", "idefine", "xdefine", "ixdefine", "undef", "assign", "iassign", "defstr", "idefstr", "deftok", "ideftok",
  "strlen", "substr", "strcat", "macro", "imacro", "rmacro", "irmacro", "endmacro", "endm", "unmacro", "unimacro",
  "rotate", "exitmacro", "rep", "endrep", "exitrep", "push", "pop", "repl", "include", "pathsearch", "depend", "use",
  "error", "warning", "fatal", "line", "pragma", "clear", "defalias", "idefalias", "undefalias", "aliases", "stacksize", "arg", "local",
  "__kernlab_smartalign",
]);

export class Engine {
  readonly diagnostics: Diagnostic[] = [];
  readonly dependencies: string[] = [];
  /** The output lines, unless a sink was given (then each line goes to it as it is made). */
  readonly out: OutLine[] = [];
  private readonly sink: (line: OutLine) => void;
  /** With `listing`: the lines `nasm -l` shows, in the order NASM reads them. */
  readonly listed: ListedLine[] = [];
  private readonly limits: Limits;
  private readonly smacros = new SMacroTable();
  private readonly mmacros = new MMacroTable();
  private readonly contexts = new ContextStack();
  private readonly frames: Frame[] = [];
  private defining: Defining | null = null;
  private unique = 0;
  private bits = 16;
  private linesRead = 0;
  private outputChars = 0;
  private macroDepth = 0;
  /** `%use` packages already read (a second %use of one does nothing). */
  private readonly packages = new Set<PackageName>();
  /** `%stacksize` state for %arg/%local: NASM starts as if `%stacksize flat` had been given. */
  private frame = { ...STACK_FRAMES.flat!, localOffset: 0 };
  /** Location of the line being processed (for diagnostics). */
  private here: { file: string; line: number; text: string; frame: MacroFrame | null; dropLast: boolean; callCol?: number } = { file: "", line: 0, text: "", frame: null, dropLast: false };

  constructor(private readonly opts: EngineOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.sink = opts.sink ?? ((l) => this.out.push(l));
    // NASM starts 32-bit object formats in bits 32, flat binaries in bits 16
    this.bits = /^(elf|elf32|win32|coff|macho32|elfx32)$/.test(opts.outputFormat ?? "bin") ? 32 : 16;
  }

  run(source: string): void {
    try {
      this.predefine();
      this.loadStandardMacros();
      for (const d of this.opts.defines ?? []) this.defineText(d.name, d.value ?? "");
      for (const u of this.opts.undefines ?? []) this.undefSMacro({ type: "id", text: u, col: 0 }, false);
      this.dependencies.push(this.opts.file);
      this.pushFile(this.opts.file, source, false);
      // -P files are read before the main file (pushed last so they run first).
      const pre = this.opts.preIncludes ?? [];
      for (let i = pre.length - 1; i >= 0; i--) {
        const found = this.findFile(pre[i]!);
        if (found === null) this.fatal(`unable to open include file \`${pre[i]}'`, null);
        else {
          if (!this.dependencies.includes(found.path)) this.dependencies.push(found.path);
          this.pushFile(found.path, found.text, false, true);
        }
      }
      this.drain();
    } catch (e) {
      if (e instanceof Fatal) return;
      throw e;
    }
  }

  /**
   * The standard macros are the same for every run (they call nothing and depend on no option):
   * the first run reads them, later runs define the same (immutable) macro objects again.
   */
  private loadStandardMacros(): void {
    if (!readingStandardText) {
      standardDefinitions ??= decodeStandardDefinitions(STANDARD_DEFINITIONS);
      for (const m of standardDefinitions.smacros) this.smacros.define(m);
      for (const m of standardDefinitions.mmacros) this.mmacros.define(m);
      return;
    }
    const predefined = new Set(this.smacros.all());
    this.pushFile("(standard macros)", STANDARD_MACROS, true);
    this.drain();
    if (this.diagnostics.length || this.unique !== 0) throw new Error(`the standard macros do not read cleanly: ${this.diagnostics.map((d) => d.text).join("; ")}`);
    this.readStandard = { smacros: this.smacros.all().filter((m) => !predefined.has(m)), mmacros: this.mmacros.all().reverse() };
  }

  /** What running STANDARD_MACROS defined (standardDefinitionsFromText). */
  private readStandard: StandardDefinitions | null = null;

  /** Runs STANDARD_MACROS through a fresh engine: what stdmac-data.ts must hold (scripts/gen-stdmac.ts, its test). */
  static standardDefinitionsFromText(): StandardDefinitions {
    readingStandardText = true;
    try {
      const engine = new Engine({ file: "(standard macros)", outputFormat: "elf32", resolver: { readText: () => null, readBinary: () => null } });
      engine.predefine();
      engine.loadStandardMacros();
      return engine.readStandard!;
    } finally {
      readingStandardText = false;
    }
  }

  // ---- frames -------------------------------------------------------------------------------

  private pushFile(file: string, text: string, internal: boolean, preInclude = false): void {
    // Sources are bytes (source.ts); a NUL ends a line as in NASM (its line reader stops there).
    const lines = (internal ? text : sourceByteString(text)).split(/\r?\n|\0/);
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    this.frames.push({ kind: "file", file, lines, idx: 0, current: 0, conds: [], internal, preInclude });
  }

  private nearestFile(): FileFrame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === "file") return f;
    }
    return undefined;
  }

  /** The innermost macro call whose parameters apply to lines read now (not across a file frame). */
  private currentInvocation(): MacroFrame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === "file") return undefined;
      if (f.kind === "macro") return f;
    }
    return undefined;
  }

  private currentChain(): Location[] {
    const f = this.currentMacroFrame();
    return f ? this.chainOf(f).chain : [];
  }

  /** The macro call chain of a frame, outermost call first, with the macro names (built once per frame). */
  private chainOf(f: MacroFrame): { chain: Location[]; names: string[] } {
    if (f.cached) return f.cached;
    const frames: MacroFrame[] = [];
    for (let x: MacroFrame | null = f; x; x = x.outer) {
      if (x.cached) break;
      frames.push(x);
    }
    const base = frames[frames.length - 1]!.outer?.cached ?? { chain: [], names: [] };
    const chain = [...base.chain], names = [...base.names];
    for (let i = frames.length - 1; i >= 0; i--) { chain.push(frames[i]!.call); names.push(frames[i]!.inv.macro.name); }
    f.cached = { chain, names }; // only the asked frame keeps its arrays (memory stays linear in the depth)
    return f.cached;
  }

  private currentMacroFrame(): MacroFrame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.kind === "macro") return f;
    }
    return undefined;
  }

  private popFrame(): void {
    const f = this.frames.pop()!;
    if (f.kind === "macro") this.macroDepth--;
    for (const c of f.conds) this.error("unterminated-if", `unterminated %if in ${f.kind === "file" ? "file" : f.kind === "macro" ? `macro \`${f.inv.macro.name}'` : "%rep"}`, c.where);
  }

  /** Next line from the frame stack: tokens, its location, and whether it comes straight from a file. */
  private nextLine(): { tokens: Token[]; raw: string; file: string; line: number; fromFile: boolean; call?: Location } | null {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return null;
      if (f.kind === "file") {
        if (f.idx >= f.lines.length) { this.popFrame(); continue; }
        let raw = f.lines[f.idx++]!;
        f.current = f.idx;
        // line continuation: a trailing backslash joins the next line (pieces joined once: a long chain of
        // continued lines costs its length, not its length squared)
        // (a backslash on the file's last line is dropped, as NASM does)
        if (continued(raw) >= 0) {
          const parts: string[] = [];
          let cut = continued(raw);
          while (cut >= 0) {
            parts.push(raw.slice(0, cut));
            raw = f.idx < f.lines.length ? f.lines[f.idx++]! : "";
            cut = continued(raw);
          }
          parts.push(raw);
          raw = parts.join("");
        }
        this.countLine();
        if (raw.length > this.limits.longLineBytes && !this.opts.listing) {
          const line = f.lineMap ? f.lineMap.base + (f.current - f.lineMap.atIdx) * f.lineMap.inc : f.current;
          const file = f.preInclude && this.opts.preprocessOnly ? this.opts.file : f.lineMap ? f.lineMap.file : f.file;
          if (this.longLine(raw, file, f.preInclude && this.opts.preprocessOnly ? 0 : line)) continue;
        }
        if (raw.length > this.limits.wholeLineBytes && bytesOutsideStrings(raw) > this.limits.wholeLineBytes) {
          this.fatal(`line ${f.current} of ${f.file} is ${raw.length} bytes long: kernlab streams long data declarations (db, dw, dd…) but reads other lines whole, up to ${this.limits.wholeLineBytes} bytes outside quoted strings`, { file: f.file, line: f.current, column: 0 }, "line-too-long");
        }
        if (f.preInclude && this.opts.preprocessOnly) return { tokens: tokenize(raw), raw, file: this.opts.file, line: 0, fromFile: true };
        const line = f.lineMap ? f.lineMap.base + (f.current - f.lineMap.atIdx) * f.lineMap.inc : f.current;
        if (this.opts.listing) this.list(line, raw);
        return { tokens: tokenize(raw), raw, file: f.lineMap ? f.lineMap.file : f.file, line, fromFile: true };
      }
      if (f.kind === "macro") {
        const body = f.inv.macro.lines;
        if (f.idx >= body.length) { this.popFrame(); continue; }
        const b = body[f.idx++]!;
        this.countLine();
        const nolist = f.inv.macro.nolist;
        if (this.opts.listing && !nolist) this.list(b.line, Engine.listText(b.tokens));
        if (nolist) return { tokens: b.tokens, raw: b.text, file: f.call.file, line: f.call.line, fromFile: false, call: f.call };
        return { tokens: b.tokens, raw: b.text, file: b.file, line: b.line, fromFile: false };
      }
      if (f.idx >= f.lines.length) {
        if (--f.remaining > 0 && f.lines.length) f.idx = 0;
        else { this.popFrame(); continue; }
      }
      const b = f.lines[f.idx++]!;
      this.countLine();
      if (this.opts.listing) this.list(b.line, Engine.listText(b.tokens));
      return { tokens: b.tokens, raw: b.text, file: b.file, line: b.line, fromFile: false };
    }
  }

  /**
   * A file line longer than LONG_LINE_BYTES: when it is a data declaration with nothing before the
   * directive but a label (no `times`, no macro names), it is cut after top-level commas into pieces of
   * about LONG_LINE_PIECE bytes and each piece is expanded and emitted alone (the first with the head,
   * the others marked `continues`), so no token list of the whole line is ever built. A line in a false
   * conditional that is not a directive is skipped unread. Returns false when the line must be read whole.
   */
  private longLine(raw: string, file: string, line: number): boolean {
    const top = this.frames[this.frames.length - 1]!;
    if (this.defining) return false;
    const firstChar = /\S/.exec(raw.length > 4096 ? raw.slice(0, 4096) : raw)?.[0];
    if (!emitting(top.conds)) return firstChar !== "%";
    if (firstChar === "%") return false;
    const cuts = longLineCuts(raw, this.limits.linePieceBytes);
    if (!cuts.length) return false;
    const head = tokenize(raw.slice(0, cuts[0]!));
    const headEnd = this.dataHeadEnd(head);
    if (headEnd < 0) return false;
    const directive: Token = { type: "id", text: head[headEnd - 1]!.text, col: 0 };
    this.here = { file, line, text: "", frame: null, dropLast: false, callCol: undefined };
    const lower = (tokens: Token[]) => lowerBuiltins(tokens, (text, col, severity) => this.errorAt("expression", text, col, severity));
    for (let k = 0; k <= cuts.length; k++) {
      const piece = k === 0 ? head : tokenize(raw.slice(cuts[k - 1]!, k < cuts.length ? cuts[k]! : raw.length));
      const tokens = this.expand(piece);
      if (k === 0) this.emit(this.opts.preprocessOnly ? tokens : lower(tokens), null, file, line);
      // `nasm -E` prints the piece where the line left off; the assembler reads it as a declaration of its own
      // (lowered with its directive in front, which decides what a float constant becomes)
      else this.emit(this.opts.preprocessOnly ? tokens : lower([directive, { type: "ws", text: " ", col: 0 }, ...tokens]), null, file, line, true);
    }
    return true;
  }

  /** Index just past a data directive that starts `tokens` (after an optional label and colon), or -1. */
  private dataHeadEnd(tokens: readonly Token[]): number {
    const plain = (t: Token | undefined) => !!t && t.type === "id" && !this.isSMacroDefined(t) && !this.mmacros.lookup(t.text).length;
    let i = skipWs(tokens, 0);
    if (!plain(tokens[i])) return -1;
    if (DATA_DIRECTIVES.has(tokens[i]!.text.toLowerCase())) return i + 1;
    if (tokens[i]!.text.toLowerCase() === "times") return -1;
    i++;
    if (tokens[i]?.text === ":") i++;
    i = skipWs(tokens, i);
    if (!plain(tokens[i]) || !DATA_DIRECTIVES.has(tokens[i]!.text.toLowerCase())) return -1;
    return i + 1;
  }

  /** A line NASM's listing shows, unless a .nolist macro or the standard macros are being read. */
  private list(line: number, text: string, deeper = 0): void {
    for (const f of this.frames) if ((f.kind === "file" && f.internal) || (f.kind === "macro" && f.inv.macro.nolist)) return;
    this.listed.push({ line, text, level: this.frames.length - 1 + deeper });
  }

  /** An expansion line as NASM's listing renders it: tokens as `nasm -E` prints them, `%{…}` without its braces. */
  private static listText(tokens: readonly Token[]): string {
    return detokenize(tokens.some((t) => t.type === "brace") ? tokens.map((t) => (t.type === "brace" ? { ...t, text: "%" + t.text.slice(2, -1) } : t)) : tokens);
  }

  private countLine(): void {
    if (++this.linesRead > this.limits.totalLines) {
      this.fatal(`preprocessor line limit reached (${this.limits.totalLines} lines): runaway %rep or macro?`, null, "line-limit");
    }
  }

  // ---- diagnostics --------------------------------------------------------------------------

  private loc(col = 0, length?: number): Location {
    const l: Location = { file: this.here.file, line: this.here.line, column: this.here.callCol ?? col, lineText: this.here.text };
    if (length) l.length = length;
    return l;
  }

  /** The macro call chain as notes, innermost call first (at most 20, then a count). */
  private chainNotes(): Note[] {
    const f = this.here.frame;
    let { chain, names } = f ? this.chainOf(f) : { chain: [] as Location[], names: [] as string[] };
    if (this.here.dropLast) { chain = chain.slice(0, -1); names = names.slice(0, -1); }
    const notes: Note[] = [];
    for (let i = chain.length - 1; i >= 0; i--) {
      if (notes.length === 20) {
        notes.push({ text: `… and ${i + 1} more macro calls` });
        break;
      }
      notes.push({ text: `in macro \`${names[i]}' called here`, location: chain[i]! });
    }
    return notes;
  }

  private error(code: string, text: string, where: Location | null = null, severity: "error" | "warning" = "error"): void {
    this.diagnostics.push(diagnostic(code, text, where ?? this.loc(), where ? [] : this.chainNotes(), severity));
  }

  private errorAt(code: string, text: string, col: number, severity: "error" | "warning" = "error"): void {
    this.diagnostics.push(diagnostic(code, text, this.loc(col), this.chainNotes(), severity));
  }

  private fatal(text: string, where: Location | null, code = "fatal"): never {
    this.diagnostics.push(diagnostic(code, text, where ?? this.loc(), this.chainNotes()));
    throw new Fatal(text);
  }

  // ---- main loop ----------------------------------------------------------------------------

  private drain(): void {
    for (;;) {
      const line = this.nextLine();
      if (!line) break;
      this.processLine(line);
    }
    if (this.defining && this.frames.length === 0) {
      const d = this.defining;
      this.defining = null;
      this.error("unterminated-macro", d.kind === "rep" ? "end of file while still in %rep" : `end of file while still defining macro \`${d.macro!.name}'`, d.where);
    }
  }

  private processLine(line: { tokens: Token[]; raw: string; file: string; line: number; fromFile: boolean; call?: Location }): void {
    let tokens = line.tokens;
    const top = this.frames[this.frames.length - 1];
    const mf = this.currentMacroFrame();
    this.here = { file: line.file, line: line.line, text: line.raw, frame: mf ?? null, dropLast: false, callCol: undefined };
    // a line of a .nolist (standard or package) macro reports at the call, as its %line does
    if (line.call) {
      this.here.text = line.call.lineText ?? line.raw;
      this.here.callCol = line.call.column;
      this.here.dropLast = true;
    }
    let changed = false;
    // Directive?
    const first = skipWs(tokens, 0);
    const t0 = tokens[first];
    const dname = t0 && t0.type === "pp" ? t0.text.slice(1).toLowerCase() : null;

    if (this.defining) {
      this.collect(tokens, line, dname);
      return;
    }
    // Parameters of the innermost macro call (for lines of macros and of %rep inside macros).
    const inv = this.currentInvocation();
    if (inv && !line.fromFile) {
      const sub = substituteParams(tokens, inv.inv, (text, col) => this.errorAt("macro-param", text, col));
      if (sub !== tokens) { tokens = sub; changed = true; }
    } else if (tokens.some((t) => t.type === "local" || t.type === "param")) {
      const conds = top?.conds ?? [];
      if (emitting(conds)) {
        for (const t of tokens) if (t.type === "local") this.errorAt("not-in-macro", `\`${t.text}': not in a macro call`, t.col);
        tokens = tokens.filter((t) => t.type !== "local");
        changed = true;
      }
    }
    const conds = top!.conds;
    const ck = dname ? condKind(dname) : null;
    if (ck) {
      this.conditional(ck, tokens.slice(first + 1), conds, t0!);
      return;
    }
    if (!emitting(conds)) return;
    if (dname !== null && DIRECTIVE_NAMES.has(dname)) {
      this.directive(dname, tokens.slice(first + 1), t0!);
      return;
    }
    // Ordinary line: expand single-line macros, then maybe a multi-line macro call.
    const before = tokens;
    tokens = this.expand(tokens);
    if (tokens !== before && !sameTokens(tokens, before)) changed = true;
    // a line that expands to nothing prints as one blank, as in NASM
    if (tokens.length === 0 && before.length > 0) tokens = [{ type: "ws", text: " ", col: 0 }];
    if (this.tryMacroCall(tokens, line)) return;
    if (dname !== null && t0 && tokens[skipWs(tokens, 0)]?.type === "pp") {
      this.errorAt("unknown-directive", `unknown preprocessor directive \`${t0.text}'`, t0.col, "error");
      return;
    }
    if (!this.opts.preprocessOnly) {
      // the assembler does not parse NASM's float/ilog2 operators yet (lower.ts)
      const lowered = lowerBuiltins(tokens, (text, col, severity) => this.errorAt("expression", text, col, severity));
      if (lowered !== tokens) { tokens = lowered; changed = true; }
    }
    this.emit(tokens, !changed && line.fromFile ? line.raw : null, line.file, line.line);
  }

  private expandEnv(): ExpandEnv {
    return {
      table: this.smacros,
      contexts: this.contexts,
      error: (text, col, severity) => this.errorAt(severity === "warning" ? "macro-params" : "context", text, col, severity ?? "error"),
      budget: { tokens: this.limits.lineTokens },
    };
  }

  private expand(tokens: Token[]): Token[] {
    if (!tokens.some((t) => t.type === "id" || t.type === "ctx" || t.type === "indirect" || t.type === "paste")) return tokens;
    try {
      return expandSMacros(tokens, this.expandEnv());
    } catch (e) {
      if (e instanceof ExpansionLimit) this.fatal(e.message, null, "macro-recursion");
      throw e;
    }
  }

  /** Emit a line; `continues`: a later piece of a streamed data line (for the assembler: with its directive). */
  private emit(tokens: Token[], raw: string | null, file: string, line: number, continues = false): void {
    const top = this.nearestFile();
    if (top?.internal) return;
    const text = detokenize(tokens);
    // Each kept line costs its text and a record: count LINE_COST more per line, so a flood of short lines
    // (a %rep of `nop`) is bounded in memory too.
    this.outputChars += text.length + 1 + LINE_COST;
    if (this.outputChars > this.limits.outputChars && !this.opts.sink) this.fatal(`preprocessor output limit reached (${this.limits.outputChars} bytes of output, counting ${LINE_COST} per line)`, null, "output-limit");
    if (!this.opts.preprocessOnly) this.trackBits(tokens);
    const out: OutLine = { text, raw, file, line, chain: this.currentChain() };
    if (this.opts.listing) out.listed = this.listed.length - 1;
    if (continues) out.continues = { asm: text };
    this.sink(out);
  }

  /** `[bits N]` (what `bits N` becomes) updates __?BITS?__ as NASM's assembler does. */
  private trackBits(tokens: Token[]): void {
    if (tokens[skipWs(tokens, 0)]?.text !== "[") return;
    const t = tokens.filter((x) => x.type !== "ws");
    if (t.length >= 4 && t[0]!.text === "[" && t[1]!.text.toLowerCase() === "bits" && t[2]!.type === "num") {
      const r = evaluate([t[2]!]);
      if (r.ok) this.bits = Number(r.value);
    }
  }

  // ---- multi-line macro calls ---------------------------------------------------------------

  private tryMacroCall(tokens: Token[], line: { file: string; line: number; raw: string }): boolean {
    let i = skipWs(tokens, 0);
    let t = tokens[i];
    if (!t || t.type !== "id") return false;
    let macros = this.mmacros.lookup(t.text);
    let label: Token[] = [];
    if (!macros.length) {
      // label [":"] macro-call
      let j = i + 1;
      if (tokens[j]?.text === ":") j++;
      j = skipWs(tokens, j);
      const n = tokens[j];
      if (!n || n.type !== "id" || (j === i + 1)) return false;
      const ms = this.mmacros.lookup(n.text);
      if (!ms.length) return false;
      label = tokens.slice(i, j);
      macros = ms;
      i = j;
      t = n;
    }
    const argTokens = tokens.slice(i + 1);
    const count = bindCount(argTokens);
    const m = findOverload(macros, count);
    if (!m) {
      this.errorAt("macro-params", `multi-line macro \`${t.text}' exists, but not taking ${count} parameter${count === 1 ? "" : "s"}`, t.col, "warning");
      return false;
    }
    // As NASM: a %macro (not %rmacro) is not called again while it expands; the line stays as it is, so a
    // macro can wrap the instruction it is named after (%macro push 1 … push %1 … %endmacro).
    if (!m.recursive && this.frames.some((f) => f.kind === "macro" && f.inv.macro === m)) return false;
    if (this.macroDepth >= this.limits.macroDepth) {
      this.fatal(`macro \`${m.name}' nested more than ${this.limits.macroDepth} levels deep (recursive macro?)`, this.loc(t.col), "macro-recursion");
    }
    const params = bindParams(m, argTokens);
    const labelTokens = trimWs(label.filter((x, k) => !(k === label.length - 1 && x.type === "ws") && x.text !== ":"));
    if (label.length && !m.usesLabel) {
      const emitted = label.some((x) => x.text === ":") ? label : [...label, { type: "op" as const, text: ":", col: 0 }];
      // NASM lists it as the first line of the expansion
      if (this.opts.listing && !m.nolist) this.list(line.line, detokenize(emitted), 1);
      this.emit(emitted, null, line.file, line.line);
    }
    const call: Location = { file: line.file, line: line.line, column: t.col, lineText: line.raw };
    const inv: Invocation = { macro: m, params, rotate: 0, unique: this.unique++, invokedAs: t.text, label: labelTokens };
    const outer = this.currentMacroFrame();
    this.frames.push({ kind: "macro", inv, idx: 0, conds: [], call, outer: outer ?? null, cached: null });
    this.macroDepth++;
    return true;
  }

  // ---- definitions (%macro … %endmacro, %rep … %endrep) -------------------------------------

  private collect(tokens: Token[], line: { raw: string; file: string; line: number }, dname: string | null): void {
    const d = this.defining!;
    const opens = d.kind === "macro" ? ["macro", "imacro", "rmacro", "irmacro"] : ["rep"];
    const closes = d.kind === "macro" ? ["endmacro", "endm"] : ["endrep"];
    if (dname && opens.includes(dname)) d.nest++;
    else if (dname && closes.includes(dname)) {
      if (d.nest === 0) {
        this.defining = null;
        if (d.kind === "macro") {
          const m = d.macro!;
          m.lines = d.lines;
          m.usesLabel = d.lines.some((l) => l.tokens.some((t) => t.type === "param" && t.text === "%00"));
          this.mmacros.define(m);
        } else this.startRep(d);
        return;
      }
      d.nest--;
    }
    d.lines.push({ tokens, text: line.raw, file: line.file, line: line.line });
  }

  private startRep(d: Defining): void {
    const count = d.count ?? 0;
    if (count <= 0 || d.lines.length === 0) return;
    this.frames.push({ kind: "rep", lines: d.lines, idx: 0, remaining: count, conds: [] });
  }

  // ---- conditionals -------------------------------------------------------------------------

  private conditional(ck: NonNullable<ReturnType<typeof condKind>>, args: Token[], conds: Cond[], dtok: Token): void {
    const top = conds[conds.length - 1];
    const where = this.loc(dtok.col, dtok.text.length);
    switch (ck.kind) {
      case "if": {
        if (!emitting(conds)) { conds.push({ state: "never", where }); return; }
        conds.push({ state: this.test(ck.test, ck.negate, args, dtok) ? "true" : "false", where });
        return;
      }
      case "elif": {
        if (!top) { this.errorAt("cond-syntax", `\`${dtok.text}': no matching \`%if'`, dtok.col); return; }
        if (top.state === "else-true" || top.state === "else-false") {
          this.errorAt("cond-syntax", `\`${dtok.text}' after \`%else'`, dtok.col, "warning");
          top.state = "never";
          return;
        }
        if (top.state === "true" || top.state === "done") top.state = "done";
        else if (top.state === "false") top.state = this.test(ck.test, ck.negate, args, dtok) ? "true" : "false";
        return;
      }
      case "else":
        if (!top) { this.errorAt("cond-syntax", "`%else': no matching `%if'", dtok.col); return; }
        if (top.state === "else-true" || top.state === "else-false") {
          this.errorAt("cond-syntax", "`%else' after `%else'", dtok.col, "warning");
          top.state = "else-false";
          return;
        }
        top.state = top.state === "false" ? "else-true" : "else-false";
        return;
      case "endif":
        if (!top) { this.errorAt("cond-syntax", "`%endif': no matching `%if'", dtok.col); return; }
        conds.pop();
        return;
    }
  }

  private test(test: string, negate: boolean, args: Token[], dtok: Token): boolean {
    let r = false;
    const a = trimWs(args);
    switch (test) {
      case "": {
        const v = this.evalExpr(args, `\`${dtok.text}'`);
        r = v !== null && v !== 0n;
        break;
      }
      case "def":
        r = a.filter((t) => t.type !== "ws").some((t) => this.isSMacroDefined(t));
        if (!a.length) this.errorAt("cond-syntax", `\`${dtok.text}' expects macro identifiers`, dtok.col);
        break;
      case "defalias":
        r = a.filter((t) => t.type !== "ws").some((t) => this.isAlias(t));
        break;
      case "macro": {
        const name = a[0];
        if (!name) { this.errorAt("cond-syntax", `\`${dtok.text}' expects a macro name`, dtok.col); break; }
        const range = parseRange(a.slice(1).filter((t) => t.type !== "ws"));
        // NASM matches the name exactly, even for %imacro definitions
        r = this.mmacros.lookup(name.text).some((m) => m.name === name.text && (!range || (range.min <= m.max && range.max >= m.min)));
        break;
      }
      case "ctx": {
        const names = a.filter((t) => t.type !== "ws").map((t) => t.text);
        const top = this.contexts.top();
        r = !!top && (names.length === 0 || names.some((n) => n.toLowerCase() === top.name.toLowerCase()));
        break;
      }
      case "idn":
      case "idni": {
        const e = this.expand(args);
        const comma = e.findIndex((t) => t.type === "op" && t.text === ",");
        if (comma < 0) { this.errorAt("cond-syntax", `\`${dtok.text}' expects two comma-separated arguments`, dtok.col); break; }
        const norm = (ts: Token[]) => ts.filter((t) => t.type !== "ws").map((t) => (test === "idni" ? t.text.toLowerCase() : t.text)).join("\u0000");
        r = norm(e.slice(0, comma)) === norm(e.slice(comma + 1));
        break;
      }
      case "num":
      case "str":
      case "id":
      case "token": {
        const e = trimWs(this.expand(args));
        const want = test === "num" ? "num" : test === "str" ? "str" : "id";
        r = e.length === 1 && (test === "token" || e[0]!.type === want);
        break;
      }
      case "empty":
        r = trimWs(this.expand(args)).length === 0;
        break;
      case "env":
        r = false;
        break;
      case "usable":
      case "using": {
        const name = this.packageArg(args, dtok);
        const pkg = name === null ? null : findPackage(name);
        r = pkg !== null && (test === "usable" || this.packages.has(pkg));
        break;
      }
    }
    return negate ? !r : r;
  }

  /** `%ifdef`: a name is defined when it (or, for an alias, its final target) has a definition. */
  private isSMacroDefined(t: Token): boolean {
    const seen = new Set<SMacro>();
    for (let tok = t; ;) {
      if (tok.type !== "id" && tok.type !== "ctx") return false;
      const place = tok.type === "ctx" ? this.contexts.resolve(tok.text) : { context: null, name: tok.text };
      if ("error" in place) return false;
      const table = place.context ? place.context.smacros : this.smacros;
      const alias = table.aliasOf(place.name);
      if (!alias) return table.isDefined(place.name);
      if (seen.has(alias)) return false;
      seen.add(alias);
      tok = alias.body[0]!;
    }
  }

  /** `%ifdefalias`: the name itself is an alias. */
  private isAlias(t: Token): boolean {
    if (t.type !== "id" && t.type !== "ctx") return false;
    const place = t.type === "ctx" ? this.contexts.resolve(t.text) : { context: null, name: t.text };
    if ("error" in place) return false;
    return (place.context ? place.context.smacros : this.smacros).aliasOf(place.name) !== undefined;
  }

  private evalExpr(args: Token[], what: string): bigint | null {
    const e = this.expand(args);
    const r = evaluate(e);
    if (!r.ok) {
      const col = r.col || (args[skipWs(args, 0)]?.col ?? 0);
      if (r.nonConstant) this.errorAt("expression", `non-constant value given to ${what}`, col);
      else this.errorAt("expression", `${r.error} (in ${what})`, col);
      return null;
    }
    for (const w of r.warnings ?? []) this.errorAt("expression", w.text, w.col || (args[skipWs(args, 0)]?.col ?? 0), "warning");
    return r.value;
  }

  // ---- directives ---------------------------------------------------------------------------

  private directive(name: string, args: Token[], dtok: Token): void {
    switch (name) {
      case "define": case "idefine": case "xdefine": case "ixdefine":
        return this.dDefine(args, dtok, !name.startsWith("i"), name.includes("x"));
      case "undef": case "undefalias": {
        const t = args[skipWs(args, 0)];
        if (!t || (t.type !== "id" && t.type !== "ctx")) return this.errorAt("directive", `\`%${name}' expects a macro identifier`, t?.col ?? dtok.col);
        this.undefSMacro(t, name === "undefalias");
        return;
      }
      case "defalias": case "idefalias": {
        // %defalias name target: `name` now stands for `target` (neither is expanded first)
        const i = skipWs(args, 0);
        const t = args[i];
        if (!t || (t.type !== "id" && t.type !== "ctx")) return this.errorAt("directive", `\`%${name}' expects a macro identifier`, t?.col ?? dtok.col);
        const target = args[skipWs(args, i + 1)];
        if (!target || (target.type !== "id" && target.type !== "ctx")) return this.errorAt("directive", `\`%${name}' expects a macro identifier to alias`, target?.col ?? t.col);
        this.defineSMacro(t, (n) => makeAlias(n, name === "defalias", target), true);
        return;
      }
      case "aliases": {
        const on = this.booleanOption(trimWs(this.expand(args)), !this.smacros.noAliases);
        this.smacros.noAliases = !on;
        for (const c of this.contexts.all()) c.smacros.noAliases = !on;
        return;
      }
      case "assign": case "iassign": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const v = this.evalExpr(rest, `\`%${name}'`);
        if (v === null) return;
        this.defineTarget(target, name === "assign", null, false, [{ type: "num", text: v.toString(), col: 0 }]);
        return;
      }
      case "defstr": case "idefstr": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const text = detokenize(trimWs(this.expand(rest)));
        this.defineTarget(target, name === "defstr", null, false, [{ type: "str", text: quoteBytes(stringBytes(text)), col: 0 }]);
        return;
      }
      case "deftok": case "ideftok": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const e = trimWs(this.expand(rest));
        if (e.length !== 1 || e[0]!.type !== "str") return this.errorAt("directive", `\`%${name}' requires a string as second parameter`, dtok.col);
        this.defineTarget(target, name === "deftok", null, false, tokenize(byteString(unquote(e[0]!.text))));
        return;
      }
      case "strlen": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const e = trimWs(this.expand(rest));
        if (e.length !== 1 || e[0]!.type !== "str") return this.errorAt("directive", "`%strlen` requires string as second parameter".replace("`%strlen`", "`%strlen'"), dtok.col);
        this.defineTarget(target, true, null, false, [{ type: "num", text: String(unquote(e[0]!.text).length), col: 0 }]);
        return;
      }
      case "substr": return this.dSubstr(args, dtok);
      case "strcat": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const parts: number[] = [];
        for (const t of this.expand(rest)) {
          if (t.type === "ws" || (t.type === "op" && t.text === ",")) continue;
          if (t.type !== "str") return this.errorAt("directive", `non-string passed to \`%strcat' (${t.type})`, t.col);
          const bytes = unquote(t.text);
          // doubling a string in a %rep would otherwise exhaust memory
          if (parts.length + bytes.length > this.limits.stringBytes) {
            return this.fatal(`\`%strcat' result longer than ${this.limits.stringBytes} bytes`, this.loc(dtok.col), "string-limit");
          }
          for (const b of bytes) parts.push(b);
        }
        this.defineTarget(target, true, null, false, [{ type: "str", text: quoteBytes(Uint8Array.from(parts)), col: 0 }]);
        return;
      }
      case "macro": case "imacro": case "rmacro": case "irmacro":
        return this.dMacro(args, dtok, !name.startsWith("i"));
      case "endmacro": case "endm":
        return this.errorAt("directive", `\`%${name}': not defining a macro`, dtok.col);
      case "unmacro": case "unimacro": {
        const a = args.filter((t) => t.type !== "ws");
        const spec = parseMacroSpec(a, 0);
        if (!spec) return this.errorAt("directive", `\`%${name}' expects a macro name and parameter count`, dtok.col);
        this.mmacros.undefine(spec.name, name === "unmacro", spec.min, spec.max);
        return;
      }
      case "rotate": {
        const f = this.currentInvocation();
        if (!f) return this.errorAt("directive", "`%rotate' invoked outside a macro call", dtok.col);
        const v = this.evalExpr(args, "`%rotate'");
        if (v === null) return;
        const n = f.inv.params.length;
        if (n) f.inv.rotate = (((f.inv.rotate + Number(v % BigInt(n))) % n) + n) % n;
        return;
      }
      case "exitmacro": {
        const idx = this.frames.map((f) => f.kind).lastIndexOf("macro");
        if (idx < 0 || this.frames.slice(idx).some((f) => f.kind === "file")) return this.errorAt("directive", "`%exitmacro' not within `%macro' block", dtok.col);
        while (this.frames.length > idx) this.frames.pop()!.kind === "macro" && this.macroDepth--;
        return;
      }
      case "rep": {
        const v = this.evalExpr(args, "`%rep'");
        const count = v === null ? 0 : v < 0n ? 0 : v;
        if (count > BigInt(this.limits.repCount)) {
          this.errorAt("rep-limit", `%rep count ${count} exceeds the limit of ${this.limits.repCount}`, dtok.col);
          this.defining = { kind: "rep", count: 0, lines: [], nest: 0, where: this.loc(dtok.col) };
          return;
        }
        this.defining = { kind: "rep", count: Number(count), lines: [], nest: 0, where: this.loc(dtok.col) };
        return;
      }
      case "endrep":
        return this.errorAt("directive", "`%endrep': no matching `%rep'", dtok.col);
      case "exitrep": {
        const idx = this.frames.map((f) => f.kind).lastIndexOf("rep");
        if (idx < 0 || this.frames.slice(idx).some((f) => f.kind === "file")) return this.errorAt("directive", "`%exitrep' not within `%rep' block", dtok.col);
        // NASM still reads (and lists) the rest of the iteration, without assembling it.
        const rep = this.frames[idx]!;
        if (this.opts.listing && rep.kind === "rep" && idx === this.frames.length - 1) for (const b of rep.lines.slice(rep.idx)) this.list(b.line, Engine.listText(b.tokens));
        while (this.frames.length > idx) this.frames.pop()!.kind === "macro" && this.macroDepth--;
        return;
      }
      case "push": {
        const a = args.filter((t) => t.type !== "ws");
        this.contexts.push(a[0]?.text ?? "", this.unique++);
        this.contexts.top()!.smacros.noAliases = this.smacros.noAliases;
        return;
      }
      case "pop": {
        const a = args.filter((t) => t.type !== "ws");
        const top = this.contexts.top();
        if (!top) return this.errorAt("context", "`%pop': context stack is already empty", dtok.col);
        if (a[0] && a[0].text !== top.name) this.errorAt("context", `\`%pop' in wrong context: ${top.name}, expected ${a[0].text}`, a[0].col);
        this.contexts.pop();
        return;
      }
      case "repl": {
        const a = args.filter((t) => t.type !== "ws");
        const top = this.contexts.top();
        if (!top) return this.errorAt("context", "`%repl': context stack is empty", dtok.col);
        top.name = a[0]?.text ?? "";
        return;
      }
      case "include": return this.dInclude(args, dtok);
      case "pathsearch": {
        const { target, rest } = this.takeName(args, dtok);
        if (!target) return;
        const fname = this.fileNameArg(rest);
        if (fname === null) return this.errorAt("directive", "`%pathsearch' expects a file name", dtok.col);
        const found = this.findFile(fname);
        this.defineTarget(target, true, null, false, [{ type: "str", text: quoteBytes(stringBytes(sourceByteString(found?.path ?? fname))), col: 0 }]);
        return;
      }
      case "depend": {
        const fname = this.fileNameArg(args);
        if (fname !== null && !this.dependencies.includes(fname)) this.dependencies.push(fname);
        return;
      }
      case "use": return this.dUse(args, dtok);
      case "__kernlab_smartalign": return this.dSmartAlign(args, dtok);
      case "error": case "warning": case "fatal": {
        const e = trimWs(this.expand(args));
        let text = detokenize(e);
        if (e.length === 1 && e[0]!.type === "str") text = byteString(unquote(e[0]!.text));
        const severity = name === "warning" ? "warning" : "error";
        this.diagnostics.push(diagnostic(name === "warning" ? "user-warning" : "user-error", text, this.loc(dtok.col, dtok.text.length), this.chainNotes(), severity));
        const listedLine = this.listed[this.listed.length - 1];
        if (this.opts.listing && severity === "warning" && listedLine) (listedLine.warnings ??= []).push(`${text} [-w+user]`);
        if (name === "fatal") throw new Fatal(text);
        return;
      }
      case "pragma": {
        const a = trimWs(args);
        const ns = a[0]?.text.toLowerCase();
        if (ns === "preproc") return;
        this.emit([{ type: "op", text: "[", col: 0 }, { type: "id", text: "pragma", col: 0 }, { type: "ws", text: " ", col: 0 }, ...a, { type: "op", text: "]", col: 0 }], null, this.here.file, this.here.line);
        return;
      }
      case "line": {
        // %line N[+M] [file]: remap the locations of the following lines of this file
        const f = this.frames[this.frames.length - 1];
        const m = /^\s*(\d+)(?:\s*\+\s*(\d+))?\s*(.*?)\s*$/.exec(detokenize(args));
        if (!m) return this.errorAt("directive", "`%line' expects a line number", dtok.col);
        if (f?.kind !== "file") return;
        let file = m[3] || (f.lineMap?.file ?? f.file);
        if (/^(["'`]).*\1$/.test(file)) file = byteString(unquote(file));
        f.lineMap = { base: Number(m[1]), inc: m[2] === undefined ? 1 : Number(m[2]), atIdx: f.current, file };
        return;
      }
      case "clear": return this.dClear(args, dtok);
      case "stacksize": return this.dStacksize(args, dtok);
      case "arg": case "local": return this.dArgLocal(name, args, dtok);
    }
  }

  /** `%define name[(params)] body` and friends. */
  private dDefine(args: Token[], dtok: Token, caseSensitive: boolean, expandNow: boolean): void {
    let i = skipWs(args, 0);
    let t = args[i];
    let end = i;
    while (end < args.length && args[end]!.type !== "ws" && args[end]!.text !== "(") end++;
    if (args.slice(i, end).some((x) => x.type === "indirect")) {
      // %define reg_%[n] …: the name is built by expansion
      let built: Token[];
      try {
        built = resolveIndirects(args.slice(i, end), this.expandEnv());
      } catch (e) {
        if (e instanceof ExpansionLimit) this.fatal(e.message, null, "macro-recursion");
        throw e;
      }
      args = [...built, ...args.slice(end)];
      i = 0;
      t = args[i];
    }
    if (!t || (t.type !== "id" && t.type !== "ctx")) return this.errorAt("directive", `\`${dtok.text}' expects a macro identifier`, t?.col ?? dtok.col);
    // params = "(" [param {"," param}] ")"; param = {"=" | "&" | "&&" | "!"} [name ["+"]]
    let params: string[] | null = null;
    const modifiers: ParamModifier[] = [];
    let greedy = false;
    let j = i + 1;
    if (args[j]?.text === "(") {
      params = [];
      j++;
      for (let slot = 0; ; slot++) {
        j = skipWs(args, j);
        if (slot === 0 && args[j]?.text === ")") { j++; break; }
        const mod: ParamModifier = { evaluate: false, stringify: "", noStrip: false };
        for (let p = args[j]; p?.type === "op" && ["=", "&", "&&", "!"].includes(p.text); p = args[j]) {
          if (p.text === "=") mod.evaluate = true;
          else if (p.text === "!") mod.noStrip = true;
          else mod.stringify = p.text as "&" | "&&";
          j = skipWs(args, j + 1);
        }
        const p = args[j];
        if (!p) return this.errorAt("directive", "parameter identifier expected", dtok.col);
        let name = "";
        if (p.type === "id") {
          name = p.text;
          j++;
          if (args[j]?.text === "+") { greedy = true; j++; }
          j = skipWs(args, j);
        } else if (p.text !== "," && p.text !== ")") return this.errorAt("directive", `\`${p.text}': parameter identifier expected`, p.col);
        params.push(name);
        modifiers.push(mod);
        const sep = args[j];
        if (sep?.text === ")") { j++; break; }
        if (sep?.text !== ",") return this.errorAt("directive", sep ? `\`${sep.text}': parameter identifier expected` : "parameter identifier expected", sep?.col ?? dtok.col);
        j++;
      }
    }
    let body = trimWs(args.slice(j));
    if (expandNow) body = trimWs(this.expand(body));
    this.defineTarget(t, caseSensitive, params, greedy, body.map((b) => ({ type: b.type, text: b.text, col: 0 })), modifiers);
  }

  private takeName(args: Token[], dtok: Token): { target: Token | null; rest: Token[] } {
    const i = skipWs(args, 0);
    const t = args[i];
    if (!t || (t.type !== "id" && t.type !== "ctx")) {
      this.errorAt("directive", `\`${dtok.text}' expects a macro identifier as first parameter`, t?.col ?? dtok.col);
      return { target: null, rest: [] };
    }
    return { target: t, rest: args.slice(i + 1) };
  }

  private defineTarget(t: Token, caseSensitive: boolean, params: string[] | null, greedy: boolean, body: Token[], modifiers?: ParamModifier[]): void {
    this.defineSMacro(t, (name) => makeSMacro(name, t.type === "ctx" || caseSensitive, params, greedy, body, modifiers));
  }

  /** The table a macro name lives in (global, or a context's for `%$name`) and its bare name; null after an error. */
  private tableFor(t: Token): { table: SMacroTable; name: string } | null {
    if (t.type !== "ctx") return { table: this.smacros, name: t.text };
    const r = this.contexts.resolve(t.text);
    if ("error" in r) {
      this.errorAt("context", r.error, t.col);
      return null;
    }
    return { table: r.context.smacros, name: r.name };
  }

  /**
   * Define the macro `make(name)` under the name `t`. A name that is an alias defines its target
   * instead (following chains), unless the definition is itself an alias, as NASM does.
   */
  private defineSMacro(t: Token, make: (name: string) => SMacro, isAlias = false): void {
    const seen = new Set<SMacro>();
    for (let tok = t; ;) {
      const place = this.tableFor(tok);
      if (!place) return;
      const alias = isAlias ? undefined : place.table.aliasOf(place.name);
      if (!alias) return place.table.define(make(place.name));
      if (seen.has(alias)) return this.errorAt("alias-loop", "macro alias loop", t.col);
      seen.add(alias);
      tok = alias.body[0]!;
    }
  }

  /** `%undef name` (an alias undefines its target) or `%undefalias name` (removes the name itself). */
  private undefSMacro(t: Token, undefAlias: boolean): void {
    const seen = new Set<SMacro>();
    for (let tok = t; ;) {
      const place = this.tableFor(tok);
      if (!place) return;
      const alias = undefAlias ? undefined : place.table.aliasOf(place.name);
      if (!alias) return place.table.undefine(place.name);
      if (seen.has(alias)) return this.errorAt("alias-loop", "macro alias loop", t.col);
      seen.add(alias);
      tok = alias.body[0]!;
    }
  }

  /**
   * `%clear [global|context] [all|define|defalias|alldefine|macro|none]…`; plain `%clear` drops the
   * global single-line macros (not aliases) and every multi-line macro, standard ones included.
   * (NASM 2.16.01 hangs on any keyword here, a bug fixed later; kernlab implements the documented forms.)
   */
  private dClear(args: Token[], dtok: Token): void {
    const words = trimWs(this.expand(args));
    if (!words.length) return this.clearMacros({ defines: true, aliases: false }, true, false);
    let context = false;
    let i = 0;
    for (; i < words.length; i = skipWs(words, i + 1)) {
      const w = words[i]!;
      if (w.type !== "id") break;
      switch (w.text.toLowerCase()) {
        case "all": this.clearMacros({ defines: true, aliases: true }, true, context); break;
        case "define": case "def": case "smacro": this.clearMacros({ defines: true, aliases: false }, false, context); break;
        case "defalias": case "alias": case "salias": this.clearMacros({ defines: false, aliases: true }, false, context); break;
        case "alldef": case "alldefine": this.clearMacros({ defines: true, aliases: true }, false, context); break;
        case "macro": case "mmacro": this.clearMacros({ defines: false, aliases: false }, true, context); break;
        case "context": case "ctx": context = true; break;
        case "global": context = false; break;
        case "nothing": case "none": case "ignore": break;
        default:
          return this.errorAt("directive", `invalid option to %clear: ${w.text}`, w.col);
      }
    }
    // NASM also lists `-` and `--` as no-ops, but they are not identifiers, so they end the list
    if (i < words.length) this.errorAt("trailing", "trailing garbage after `%clear' ignored", words[i]!.col, "warning");
  }

  private clearMacros(what: ClearWhat, mmacros: boolean, context: boolean): void {
    if (context) {
      // only single-line macros can be context-local
      if (what.defines || what.aliases) for (const c of this.contexts.all()) c.smacros.clear(what);
      return;
    }
    if (what.defines || what.aliases) this.smacros.clear(what);
    if (mmacros) this.mmacros.clear();
  }

  /**
   * A boolean option (`%aliases on`), read as NASM does: nothing is true; a first word
   * yes/no/true/false/on/off decides; otherwise a constant expression (an unusable one keeps `dflt`).
   */
  private booleanOption(a: Token[], dflt: boolean): boolean {
    if (!a.length) return true;
    const i = ["no", "yes", "false", "true", "off", "on"].indexOf(a[0]!.type === "id" ? a[0]!.text.toLowerCase() : "");
    if (i >= 0) return (i & 1) === 1;
    if (a.some((t) => t.type === "id")) {
      this.errorAt("expression", "boolean flag expression must be a constant", a[0]!.col);
      return dflt;
    }
    const v = evaluate(a);
    if (!v.ok) {
      this.errorAt("expression", v.error, v.col || a[0]!.col);
      return true;
    }
    return v.value !== 0n;
  }

  // ---- %use packages -----------------------------------------------------------------------

  /** The package name of %use/%ifusable/%ifusing: an identifier or a string, after expansion. */
  private packageArg(args: Token[], dtok: Token): string | null {
    const e = trimWs(this.expand(args));
    const t = e[0];
    if (!t) {
      this.errorAt("directive", `\`${dtok.text}' expects a package name, got end of line`, dtok.col);
      return null;
    }
    if (t.type !== "id" && t.type !== "str") {
      this.errorAt("directive", `\`${dtok.text}' expects a package name, got \`${t.text}'`, t.col || dtok.col);
      return null;
    }
    if (e.length > 1) this.errorAt("trailing", `trailing garbage after \`${dtok.text}' ignored`, e[skipWs(e, 1)]!.col || dtok.col, "warning");
    return t.type === "str" ? byteString(unquote(t.text)) : t.text;
  }

  /** `%use name`: read a package once, like an include file of standard macros. */
  private dUse(args: Token[], dtok: Token): void {
    const name = this.packageArg(args, dtok);
    if (name === null) return;
    const pkg = findPackage(name);
    if (!pkg) {
      if (name.toLowerCase() === "masm") return this.errorAt("unsupported", "`%use masm' (NASM's MASM compatibility package) is not supported by kernlab", dtok.col);
      return this.errorAt("directive", `unknown \`%use' package: \`${name}'`, dtok.col);
    }
    if (this.packages.has(pkg)) return;
    this.packages.add(pkg);
    // NASM 2.16.01 also aliases __USE_NAME__, to __?USENAME?__ (sic: that name is never defined)
    const up = pkg.toUpperCase();
    this.pushFile(`%use ${pkg}`, `%define __?USE_${up}?__\n%defalias __USE_${up}__ __?USE${up}?__\n${packageSource(pkg)}`, true);
  }

  /**
   * `%__kernlab_smartalign N, label`, only from smartalign's `align` macro: collect the current
   * ALIGNMODE tables for this BITS and hand the padding to the assembler with the line.
   */
  private dSmartAlign(args: Token[], dtok: Token): void {
    const mf = this.currentMacroFrame();
    if (!mf || !mf.inv.macro.file.startsWith("%use ")) return this.errorAt("unknown-directive", `unknown preprocessor directive \`${dtok.text}'`, dtok.col);
    const comma = args.findIndex((t) => t.type === "op" && t.text === ",");
    const n = this.evalExpr(args.slice(0, comma), "`align'");
    if (n === null) return;
    const label = trimWs(this.expand(args.slice(comma + 1)))[0]!.text;
    /** A macro's value as a list of numbers (`0x8d,0x76,0x00`), or null when it is not defined. */
    const numbers = (name: string): number[] | null => {
      if (!this.smacros.isDefined(name)) return null;
      const parts: Token[][] = [[]];
      for (const t of this.expand([{ type: "id", text: name, col: dtok.col }])) {
        if (t.type === "op" && t.text === ",") parts.push([]);
        else parts[parts.length - 1]!.push(t);
      }
      const values = parts.map((p) => evaluate(p));
      return values.every((v) => v.ok) ? values.map((v) => Number((v as { value: bigint }).value)) : null;
    };
    const bits = this.bits;
    const threshold = numbers("__?ALIGN_JMP_THRESHOLD?__")?.[0] ?? -1;
    const group = numbers(fillerMacro(bits, "GROUP"))?.[0] ?? 1;
    const fill: (number[] | null)[] = [null];
    for (let k = 1; k <= Math.min(Math.max(group, 1), 64); k++) fill.push(numbers(fillerMacro(bits, k))?.map((b) => b & 0xff) ?? null);
    const spec: SmartAlignSpec = { align: Number(n), threshold, group: Math.max(group, 1), fill, label, fillName: (k) => fillerMacro(bits, k) };
    const before = this.out.length;
    this.emit(tokenize(`align ${n}`), null, this.here.file, this.here.line);
    if (this.out.length > before) this.out[before]!.smartAlign = spec;
  }

  // ---- %stacksize, %arg, %local (TASM-style stack frames) ------------------------------------

  /** `%stacksize flat|flat64|large|small`: the frame %arg and %local describe from now on. */
  private dStacksize(args: Token[], dtok: Token): void {
    const t = args[skipWs(args, 0)];
    if (!t || t.type !== "id") return this.errorAt("directive", "`%stacksize' missing size parameter", t?.col ?? dtok.col);
    const frame = STACK_FRAMES[t.text.toLowerCase()];
    if (!frame) return this.errorAt("directive", "`%stacksize' invalid size type", t.col);
    this.frame = { ...frame, localOffset: 0 };
  }

  /**
   * `%arg name:type, …` defines each name as `(ebp+offset)` upwards from the return address;
   * `%local name:type, …` as `(ebp-offset)` downwards, adding each slot to `%$localsize`.
   * Sizes round up to the stack slot; the offsets carry on from one directive to the next, and
   * a directive that fails part-way defines the names before the error but does not move them.
   */
  private dArgLocal(name: "arg" | "local", args: Token[], dtok: Token): void {
    const f = this.frame;
    let offset = name === "arg" ? f.argOffset : f.localOffset;
    let i = 0;
    for (;;) {
      i = skipWs(args, i);
      const id = args[i];
      if (!id || id.type !== "id") return this.errorAt("directive", `\`%${name}' missing argument parameter`, id?.col ?? dtok.col);
      const colon = args[i + 1];
      if (colon?.text !== ":") return this.errorAt("directive", `syntax error processing \`%${name}' directive`, colon?.col ?? id.col);
      const type = args[i + 2];
      if (!type || type.type !== "id") return this.errorAt("directive", `\`%${name}' missing size type parameter`, type?.col ?? colon.col);
      const sizeName = this.expand(tokenize(type.text))[0]?.text.toLowerCase() ?? "";
      const raw = SIZE_TYPES[sizeName];
      if (!raw) return this.errorAt("directive", `invalid size type for \`%${name}' missing directive`, type.col);
      const size = Math.ceil(raw / f.stackSize) * f.stackSize;
      const at = (sign: string, n: number) => tokenize(`(${f.stackPointer}${sign}${n})`);
      if (name === "arg") {
        this.defineTarget(id, true, null, false, at("+", offset));
        offset += size;
      } else {
        offset += size;
        this.defineTarget(id, true, null, false, at("-", offset));
        // `%assign %$localsize %$localsize+size`, reported (if it fails) at the %local directive
        this.directive("assign", tokenize(` %$localsize %$localsize+${size}`).map((x) => ({ ...x, col: dtok.col })), dtok);
      }
      i = skipWs(args, i + 3);
      if (args[i]?.text !== ",") break;
      i++;
    }
    if (name === "arg") f.argOffset = offset;
    else f.localOffset = offset;
  }

  private defineText(name: string, value: string): void {
    const body = tokenize(value);
    const p = name.indexOf("(");
    if (p > 0) {
      this.dDefine(tokenize(`${name} ${value}`), { type: "pp", text: "%define", col: 0 }, true, false);
      return;
    }
    this.defineSMacro({ type: "id", text: name, col: 0 }, (n) => makeSMacro(n, true, null, false, body));
  }

  private dSubstr(args: Token[], dtok: Token): void {
    const { target, rest } = this.takeName(args, dtok);
    if (!target) return;
    const e = trimWs(this.expand(rest));
    if (!e.length || e[0]!.type !== "str") return this.errorAt("directive", "`%substr' requires string as second parameter", dtok.col);
    const bytes = unquote(e[0]!.text);
    const restArgs = e.slice(1);
    const parts: Token[][] = [[]];
    for (const t of restArgs) {
      if (t.type === "op" && t.text === ",") parts.push([]);
      else parts[parts.length - 1]!.push(t);
    }
    if (parts.length > 1 && trimWs(parts[0]!).length === 0) parts.shift(); // `"str", start, len` form
    const start = parts[0] ? evaluate(parts[0]) : null;
    if (!start || !start.ok) return this.errorAt("directive", "`%substr' expects a start index", dtok.col);
    let len = 1n;
    if (parts[1]) {
      const l = evaluate(parts[1]);
      if (!l.ok) return this.errorAt("directive", "`%substr' expects a length", dtok.col);
      len = l.value;
    }
    const total = BigInt(bytes.length);
    let s = start.value - 1n;
    if (len < 0n) len = total - s + len + 1n;
    if (s < 0n) s = 0n;
    if (s > total) s = total;
    const end = s + len > total ? total : s + len;
    const slice = bytes.slice(Number(s), Number(end < s ? s : end));
    this.defineTarget(target, true, null, false, [{ type: "str", text: quoteBytes(slice), col: 0 }]);
  }

  /** `%macro name min[-max|-*][+][.nolist] [defaults…]` */
  private dMacro(args: Token[], dtok: Token, caseSensitive: boolean): void {
    const a = args.filter((t) => t.type !== "ws");
    const spec = parseMacroSpec(a, 0);
    if (!spec) return this.errorAt("directive", `\`${dtok.text}' expects a macro name and parameter count`, dtok.col);
    // defaults: the rest of the line after the spec, split at commas
    const restStart = args.indexOf(a[spec.next] ?? ({} as Token));
    const defaults = restStart >= 0 ? splitDefaults(args.slice(restStart)) : [];
    const top = this.nearestFile();
    const m: MMacro = {
      name: spec.name, caseSensitive, min: spec.min, max: spec.max, greedy: spec.greedy,
      nolist: spec.nolist || !!top?.internal, defaults, lines: [], usesLabel: false, recursive: /rmacro$/i.test(dtok.text),
      file: this.here.file, line: this.here.line,
    };
    this.defining = { kind: "macro", macro: m, lines: [], nest: 0, where: this.loc(dtok.col) };
  }

  private fileNameArg(args: Token[]): string | null {
    const e = trimWs(args);
    if (!e.length) return null;
    if (e.length === 1 && e[0]!.type === "str") return byteString(unquote(e[0]!.text));
    const text = detokenize(e);
    if (text.startsWith("<") && text.endsWith(">")) return text.slice(1, -1);
    return text;
  }

  private findFile(name: string): { path: string; text: string } | null {
    const candidates = [name, ...(this.opts.includePaths ?? []).map((p) => (p === "" || /[/\\:]$/.test(p) ? p : p + "/") + name)];
    for (const c of candidates) {
      const text = this.opts.resolver.readText(c);
      if (text !== null) return { path: c, text };
    }
    return null;
  }

  private dInclude(args: Token[], dtok: Token): void {
    let fname = this.fileNameArg(args);
    if (fname === null || fname === "") {
      const e = trimWs(this.expand(args));
      fname = e.length ? this.fileNameArg(e) : null;
    } else if (trimWs(args).length !== 1 || trimWs(args)[0]!.type !== "str") {
      const e = trimWs(this.expand(args));
      fname = this.fileNameArg(e);
    }
    if (!fname) return this.errorAt("directive", "`%include' expects a file name", dtok.col);
    const stack = this.frames.filter((f): f is FileFrame => f.kind === "file" && !f.internal);
    if (stack.length > this.limits.includeDepth) {
      const cycleStart = stack.slice(0, -1).map((f) => f.file).lastIndexOf(stack[stack.length - 1]!.file);
      const cycle = stack.slice(cycleStart).map((f) => f.file);
      const repeated = cycleStart >= 0 ? ` (include cycle: ${cycle.join(" -> ")})` : "";
      this.fatal(`%include nested more than ${this.limits.includeDepth} levels deep${repeated}`, this.loc(dtok.col), "include-depth");
    }
    const found = this.findFile(fname);
    if (!found) return this.errorAt("include-not-found", `unable to open include file \`${fname}'`, dtok.col);
    if (!this.dependencies.includes(found.path)) this.dependencies.push(found.path);
    this.pushFile(found.path, found.text, false);
  }

  // ---- predefined macros --------------------------------------------------------------------

  private predefine(): void {
    const num = (n: number | string) => [{ type: "num" as const, text: String(n), col: 0 }];
    const str = (s: string) => [{ type: "str" as const, text: quoteBytes(encodeSourceText(s)), col: 0 }];
    const def = (name: string, body: Token[]) => this.smacros.define(makeSMacro(name, true, null, false, body));
    const dyn = (name: string, f: () => Token[]) => {
      const m: SMacro = makeSMacro(name, true, null, false, []);
      m.dynamic = f;
      this.smacros.define(m);
    };
    def("__?NASM_MAJOR?__", num(NASM_VERSION.major));
    def("__?NASM_MINOR?__", num(NASM_VERSION.minor));
    def("__?NASM_SUBMINOR?__", num(NASM_VERSION.subminor));
    def("__?NASM_PATCHLEVEL?__", num(NASM_VERSION.patchlevel));
    def("__?NASM_VERSION_ID?__", num("002100100h"));
    def("__?NASM_VER?__", [{ type: "str", text: `"${NASM_VERSION.text}"`, col: 0 }]);
    def("__?OUTPUT_FORMAT?__", [{ type: "id", text: this.opts.outputFormat ?? "bin", col: 0 }]);
    def("__?PASS?__", num(this.opts.preprocessOnly ? 3 : 2));
    dyn("__?FILE?__", () => str(this.here.file));
    dyn("__?LINE?__", () => num(this.here.line));
    dyn("__?BITS?__", () => num(this.opts.preprocessOnly ? 0 : this.bits));
    const now = new Date();
    const p2 = (n: number) => String(n).padStart(2, "0");
    const date = (d: Date, utc: boolean) => {
      const y = utc ? d.getUTCFullYear() : d.getFullYear(), mo = (utc ? d.getUTCMonth() : d.getMonth()) + 1, da = utc ? d.getUTCDate() : d.getDate();
      const h = utc ? d.getUTCHours() : d.getHours(), mi = utc ? d.getUTCMinutes() : d.getMinutes(), s = utc ? d.getUTCSeconds() : d.getSeconds();
      return { date: `${y}-${p2(mo)}-${p2(da)}`, dateNum: `${y}${p2(mo)}${p2(da)}`, time: `${p2(h)}:${p2(mi)}:${p2(s)}`, timeNum: `${h}${p2(mi)}${p2(s)}` };
    };
    const l = date(now, false), u = date(now, true);
    def("__?DATE?__", [{ type: "str", text: `"${l.date}"`, col: 0 }]);
    def("__?DATE_NUM?__", num(l.dateNum));
    def("__?TIME?__", [{ type: "str", text: `"${l.time}"`, col: 0 }]);
    def("__?TIME_NUM?__", num(l.timeNum));
    def("__?UTC_DATE?__", [{ type: "str", text: `"${u.date}"`, col: 0 }]);
    def("__?UTC_DATE_NUM?__", num(u.dateNum));
    def("__?UTC_TIME?__", [{ type: "str", text: `"${u.time}"`, col: 0 }]);
    def("__?UTC_TIME_NUM?__", num(u.timeNum));
    def("__?POSIX_TIME?__", num(Math.floor(now.getTime() / 1000)));
  }
}

function sameTokens(a: readonly Token[], b: readonly Token[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.text !== b[i]!.text) return false;
  return true;
}

/** Number of arguments a call passes (the count that selects an overload). */
function bindCount(args: readonly Token[]): number {
  const t = trimWs(args);
  if (!t.length) return 0;
  let n = 1;
  let depth = 0;
  for (const x of t) {
    if (x.text === "{") depth++;
    else if (x.text === "}") depth = Math.max(0, depth - 1);
    else if (x.text === "," && depth === 0) n++;
  }
  return n;
}

/** `name min[-max|-*][+][.nolist]` from non-blank tokens. */
function parseMacroSpec(a: Token[], i: number): { name: string; min: number; max: number; greedy: boolean; nolist: boolean; next: number } | null {
  const nameTok = a[i];
  if (!nameTok || (nameTok.type !== "id" && nameTok.type !== "ctx")) return null;
  let k = i + 1;
  let min = 0, max = 0, greedy = false, nolist = false;
  const countTok = a[k];
  if (countTok?.type === "num") {
    // "1-3" is tokenized as num op num; "1+" as num op; ".nolist" may stick to the number ("0.nolist")
    let text = countTok.text;
    const nl = /\.nolist$/i.exec(text);
    if (nl) { text = text.slice(0, -7); nolist = true; }
    min = max = Number(text);
    k++;
    if (a[k]?.text === "-") {
      const m = a[k + 1];
      if (m?.text === "*") { max = Infinity; k += 2; }
      else if (m?.type === "num") {
        let mt = m.text;
        if (/\.nolist$/i.test(mt)) { mt = mt.slice(0, -7); nolist = true; }
        max = Number(mt);
        k += 2;
      }
    }
    if (a[k]?.text === "+") { greedy = true; k++; }
    if (a[k]?.type === "id" && a[k]!.text.toLowerCase() === ".nolist") { nolist = true; k++; }
  }
  if (!Number.isFinite(min)) return null;
  return { name: nameTok.text, min, max, greedy, nolist, next: k };
}

function splitDefaults(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === "{") depth++;
    else if (t.text === "}") depth--;
    if (t.type === "op" && t.text === "," && depth === 0) { out.push([]); continue; }
    out[out.length - 1]!.push(t);
  }
  return out.map((d) => {
    const x = trimWs(d);
    return x.length >= 2 && x[0]!.text === "{" && x[x.length - 1]!.text === "}" ? x.slice(1, -1) : x;
  });
}

/** `n` or `n-m` or `n-*` in %ifmacro. */
function parseRange(a: Token[]): { min: number; max: number } | null {
  if (!a.length || a[0]!.type !== "num") return null;
  const min = Number(a[0]!.text);
  let max = min;
  if (a[1]?.text === "-") max = a[2]?.text === "*" ? Infinity : Number(a[2]?.text ?? min);
  return { min, max };
}


/**
 * Where a long line is cut into pieces: just after a comma outside strings, parentheses and brackets, once
 * a piece is at least LONG_LINE_PIECE bytes, and never where only blanks or a comment would follow (the last
 * piece keeps the comment). Empty when the line has no such comma.
 */
export function longLineCuts(raw: string, pieceBytes = LONG_LINE_PIECE): number[] {
  const cuts: number[] = [];
  let depth = 0, start = 0;
  const n = raw.length;
  let i = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x27 || c === 0x22 || c === 0x60) { i = scanString(raw, i) - 1; continue; }
    if (c === 0x3b) break; // ';' starts the comment
    if (c === 0x28 || c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x29 || c === 0x5d || c === 0x7d) { if (depth > 0) depth--; }
    else if (c === 0x2c && depth === 0) {
      if (i + 1 - start >= pieceBytes) { cuts.push(i + 1); start = i + 1; }
    }
  }
  // nothing but blanks after the last cut: join the last two pieces
  if (cuts.length && !/\S/.test(raw.slice(cuts[cuts.length - 1]!, i))) cuts.pop();
  return cuts;
}

/** Where a line's continuation backslash is (NASM: the line's last byte; a blank after it ends the line), or -1. */
export function continued(line: string): number {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 0x5c ? line.length - 1 : -1;
}

/**
 * Bytes of a line outside quoted strings, up to its comment: what tokenizing it costs (a quoted string is one
 * token however long; a 100 MB `db "…"` line is cheap to read whole, a 100 MB `%define` of `1+1+…` is not).
 */
export function bytesOutsideStrings(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x27 || c === 0x22 || c === 0x60) { i = scanString(raw, i) - 1; n++; continue; }
    if (c === 0x3b) break;
    n++;
  }
  return n;
}
