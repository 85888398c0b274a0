/**
 * The NASM-syntax assembler's public entry point: source text in, ELF32 object or flat binary out.
 * Runs preprocess → parse → passes (branch sizing to NASM's fixed point) → emit. Never throws for user
 * mistakes (assemble) except through assembleOrThrow. Not the preprocessor (./preprocess) nor the CLI.
 */
import { KernlabError, type Diagnostic } from "../../core/diagnostics";
import type { IncludeResolver } from "./source";

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
}

export interface AssembleResult {
  /** null when any error. */
  output: Uint8Array | null;
  listing: string | null;
  diagnostics: Diagnostic[];
  dependencies: string[];
}

export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  void source; void options;
  return { output: null, listing: null, diagnostics: [], dependencies: [] };
}

export function assembleOrThrow(source: string, options: AssembleOptions = {}): Uint8Array {
  const r = assemble(source, options);
  if (!r.output) throw new KernlabError(r.diagnostics);
  return r.output;
}
