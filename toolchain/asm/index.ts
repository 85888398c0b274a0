/**
 * The NASM-syntax assembler's public entry point: source text in, ELF32 object or flat binary out.
 * Runs preprocess (./preprocess) → parse → passes to NASM's fixed point (assembler.ts) → emit
 * (elf-writer.ts / bin-writer.ts, with -g's sections from debug/; -l's text from listing.ts). assemble()
 * never throws for user mistakes; assembleOrThrow() throws
 * KernlabError. Not the preprocessor nor the CLI (scripts/commands/nasm.ts).
 */
import { diagnostic, KernlabError, type Diagnostic } from "../../core/diagnostics";
import { FIRST_PASS_WARNINGS, runAssembler, warningSwitches, WARNINGS, type Assembly } from "./assembler";
import { writeBin } from "./bin-writer";
import { writeElf } from "./elf-writer";
import { debugSections } from "./debug";
import { formatListing } from "./listing";
import { DEFAULT_ASM_LIMITS, type AsmLimits } from "./limits";
import { setEvalLimit } from "./expr";
import { preprocess, type Limits } from "./preprocess";
import { displayDiagnostic, mapResolver, type IncludeResolver } from "./source";

export interface AssembleOptions {
  /** Name in diagnostics, __FILE__, STT_FILE (default "<stdin>"). */
  file?: string;
  /** Default "elf32". */
  format?: "elf32" | "elf" | "bin";
  /** Default "x" (NASM's -Ox). */
  optimize?: 0 | 1 | "x";
  defines?: { name: string; value?: string }[];
  undefines?: string[];
  preIncludes?: string[];
  includePaths?: string[];
  /** Default: a resolver that finds nothing. */
  resolver?: IncludeResolver;
  listing?: boolean;
  /** -w+name / -w-name. */
  warnings?: Record<string, boolean>;
  /**
   * -g / -F: debug information in the elf32 object as NASM writes it (ignored for bin, as by NASM).
   * `compDir` is DWARF's DW_AT_comp_dir: NASM uses the input's real directory with a trailing slash.
   */
  debug?: { format: DebugFormat; compDir?: string };
  /** NASM's --limit-NAME values (limits.ts); unset ones keep NASM's defaults. */
  limits?: Partial<AsmLimits>;
  /** The preprocessor's own limits (preprocess/engine.ts Limits); tests and fuzzers lower them. */
  preprocessorLimits?: Partial<Limits>;
}

/** NASM's elf32 debug formats; dwarf is its default for -g. */
export type DebugFormat = "dwarf" | "stabs";
export const DEBUG_FORMATS: readonly DebugFormat[] = ["dwarf", "stabs"];

export interface AssembleResult {
  /** null when any error. */
  output: Uint8Array | null;
  listing: string | null;
  diagnostics: Diagnostic[];
  dependencies: string[];
}

export { initAssembler } from "./iced";
export { DEFAULT_ASM_LIMITS, LIMIT_TABLE, type AsmLimits } from "./limits";

/** Assembles NASM source. Never throws for user mistakes: errors come back in `diagnostics`. */
export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  const { assembly, ...result } = assembleDetailed(source, options, false);
  void assembly;
  // Source lines and names are byte strings inside the assembler: shown to people as the text they are.
  return { ...result, diagnostics: result.diagnostics.map(displayDiagnostic) };
}

/** As assemble(), plus the pass engine's record (sections, symbols, per-line listing entries) for tools and tests. */
export function assembleDetailed(source: string, options: AssembleOptions = {}, detailed = true): AssembleResult & { assembly: Assembly | null } {
  const file = options.file ?? "<stdin>";
  const format = options.format === "bin" ? "bin" : "elf";
  const resolver = options.resolver ?? mapResolver({});
  const debug = format === "elf" ? options.debug : undefined;
  // NASM defines __?DEBUG_FORMAT?__ after the command line's macros.
  const defines = debug ? [...(options.defines ?? []), { name: "__?DEBUG_FORMAT?__", value: debug.format }] : options.defines ?? [];
  const limits: AsmLimits = { ...DEFAULT_ASM_LIMITS, ...options.limits };
  setEvalLimit(limits.eval);
  let pre;
  try {
    pre = preprocess(source, {
      limits: { ...options.preprocessorLimits, macroDepth: limits.macroLevels, lineTokens: limits.macroTokens, repCount: limits.rep, totalLines: limits.lines },
      file, resolver, includePaths: options.includePaths ?? [], defines,
      undefines: options.undefines ?? [], preIncludes: options.preIncludes ?? [], outputFormat: format === "bin" ? "bin" : "elf32",
      listing: options.listing,
    });
  } catch (e) {
    // a resolver's refusal (an include that is a device, a FIFO, too large: scripts/util/files.ts)
    if (e instanceof KernlabError) return { output: null, listing: null, diagnostics: e.diagnostics, dependencies: [file], assembly: null };
    throw e;
  }
  const diagnostics: Diagnostic[] = [...pre.diagnostics];
  if (pre.diagnostics.some((d) => d.severity === "error")) {
    return { output: null, listing: null, diagnostics, dependencies: pre.dependencies, assembly: null };
  }
  const opt = options.optimize === 0 ? -1 : options.optimize === 1 ? 0 : 2;
  let asm;
  try {
    asm = runAssembler({ lines: pre.lines, format, opt, resolver, includePaths: options.includePaths ?? [], listing: options.listing || detailed, warnings: warningSwitches(options.warnings ?? {}), debug: !!debug, limits });
  } catch (e) {
    if (e instanceof KernlabError) return { output: null, listing: null, diagnostics: [...diagnostics, ...e.diagnostics], dependencies: pre.dependencies, assembly: null };
    throw e;
  }
  // In line order of the user's source: a line inside a macro counts at its outermost call, as in NASM.
  const at = (d: Diagnostic) => d.notes[d.notes.length - 1]?.location ?? d.location;
  const sorted = [...asm.diagnostics].sort((x, y) => { const a = at(x), b = at(y); return a && b && a.file === b.file ? a.line - b.line : 0; });
  // A parse-time warning made an error stops NASM after its first pass, before any other warning.
  const stopsEarly = sorted.some((d) => d.severity === "error" && FIRST_PASS_WARNINGS.has(d));
  diagnostics.push(...(stopsEarly ? sorted.filter((d) => FIRST_PASS_WARNINGS.has(d) || !(WARNINGS as readonly string[]).includes(d.code)) : sorted));
  const dependencies = [...pre.dependencies, ...asm.dependencies.filter((d) => !pre.dependencies.includes(d))];
  if (diagnostics.some((d) => d.severity === "error")) return { output: null, listing: null, diagnostics, dependencies, assembly: asm };
  const baseName = file.replace(/^.*[\\/]/, "");
  const output = format === "bin" ? writeBin(asm, file, diagnostics) : writeElf(asm, baseName === file ? file : file, diagnostics, (s) => s.size, debug && debugSections(asm, debug.format, file, debug.compDir ?? ""));
  const failed = diagnostics.some((d) => d.severity === "error");
  return {
    output: failed ? null : output,
    listing: options.listing && !failed ? formatListing(asm.listing, pre.listed ?? []) : null,
    diagnostics, dependencies, assembly: asm,
  };
}

export { WARNINGS, warningSwitches, type WarningCode } from "./assembler";

/** Assembles or throws KernlabError with every diagnostic. */
export function assembleOrThrow(source: string, options: AssembleOptions = {}): Uint8Array {
  const r = assemble(source, options);
  if (!r.output) throw new KernlabError(r.diagnostics.length ? r.diagnostics : [diagnostic("assembly-failed", "assembly failed")]);
  return r.output;
}
