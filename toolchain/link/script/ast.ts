/**
 * The linker's internal command list (LayoutCommand[]): what a GNU ld script and kernlab's declarative layout
 * both lower to. Data only; parsing is in parse.ts, evaluation in passes/assign.ts.
 */
import type { Location } from "../../../core/diagnostics";

export type Expr =
  | { kind: "num"; value: number }
  | { kind: "sym"; name: string; loc: Location }
  | { kind: "dot"; loc: Location }
  | { kind: "unary"; op: "-" | "~" | "!" | "+"; arg: Expr }
  | { kind: "binary"; op: string; left: Expr; right: Expr; loc: Location }
  | { kind: "cond"; test: Expr; then: Expr; else: Expr }
  /** ALIGN, MAX, MIN, ABSOLUTE, DEFINED, ADDR, LOADADDR, SIZEOF, ALIGNOF, ORIGIN, LENGTH, CONSTANT, SIZEOF_HEADERS, … */
  | { kind: "call"; fn: string; args: Expr[]; name: string | null; loc: Location };

export interface AssignCommand {
  kind: "assign";
  /** "." assigns the location counter. */
  target: string;
  op: string; // "=", "+=", "-=", "*=", "/=", "<<=", ">>=", "&=", "|="
  expr: Expr;
  provide: boolean;
  hidden: boolean;
  loc: Location;
}

export interface AssertCommand { kind: "assert"; expr: Expr; message: string; loc: Location }

/** One glob with optional SORT / EXCLUDE_FILE. */
export interface SectionPattern { pattern: string; sort: "none" | "name" | "alignment" | "init_priority"; excludeFiles: string[] }

/** `file(sec1 sec2)`, `*(COMMON)`, `KEEP(*(.multiboot))`, or a bare file name (sections = null: all of it). */
export interface InputCommand {
  kind: "input";
  file: string;
  fileSort: boolean;
  excludeFiles: string[];
  sections: SectionPattern[] | null;
  keep: boolean;
  loc: Location;
}

export interface DataCommand { kind: "data"; size: 1 | 2 | 4 | 8; expr: Expr; loc: Location }
/**
 * `hexPattern`: the expression was a bare hex number (`0x90`, `0x9090`): ld fills with exactly those digits'
 * bytes (exp_get_fill); otherwise the value's 4 bytes, big-endian.
 */
export interface FillCommand { kind: "fill"; expr: Expr; hexPattern?: Uint8Array; loc: Location }

export type SectionItem = AssignCommand | AssertCommand | InputCommand | DataCommand | FillCommand;

export interface OutputSectionCommand {
  kind: "output";
  name: string;
  /** Address expression before the colon (VMA), or null. */
  vaddr: Expr | null;
  noload: boolean;
  /** AT(expr): the load address (LMA). */
  lma: Expr | null;
  /** ALIGN(expr) after the colon. */
  align: Expr | null;
  subalign: Expr | null;
  /** `> region` */
  region: string | null;
  /** `AT> region` */
  lmaRegion: string | null;
  fill: Expr | null;
  /** `=0x90`: the bare hex digits as bytes (see FillCommand). */
  fillHexPattern?: Uint8Array;
  items: SectionItem[];
  /** `:name` program headers after the section (PHDRS), in order; absent when none are named. */
  phdrs?: { name: string; loc: Location }[];
  loc: Location;
}

/** One PHDRS entry: `name TYPE [FILEHDR] [PHDRS] [AT(addr)] [FLAGS(n)];` (type already numeric). */
export interface PhdrCommand {
  name: string;
  type: number;
  filehdr: boolean;
  phdrs: boolean;
  at: Expr | null;
  flags: Expr | null;
  loc: Location;
}

export interface ScriptFile {
  /** "startup": STARTUP(file), linked before every other input. */
  kind: "input" | "pattern" | "startup";
  /** As written: `crt.o`, `-lgcc`, `sub/x.o`. */
  name: string;
  /** GROUP(…) members: the group's number (archives in it are rescanned together); null otherwise. */
  group: number | null;
  loc: Location;
}

export interface MemoryRegion { name: string; attrs: string; origin: Expr; length: Expr; loc: Location }

/** Top-level statements in order; output sections come from SECTIONS { … } blocks. */
export type TopCommand = AssignCommand | AssertCommand | OutputSectionCommand;

export interface LinkerScript {
  entry: string | null;
  outputFormat: string | null;
  memory: MemoryRegion[];
  /** Statements inside SECTIONS and outside it, in source order. */
  commands: TopCommand[];
  /** PHDRS { … } entries in order (empty: ld makes the program headers itself). */
  phdrs: PhdrCommand[];
  /** True when the script had a SECTIONS command (otherwise ld's default placement applies). */
  hasSections: boolean;
  /** INPUT(…)/GROUP(…) file names. */
  inputs: string[];
  /**
   * Every file the script names, in script order, as ld opens them while walking its statements: INPUT and
   * GROUP entries (always a new input, `-lNAME` searched as a library; GROUP members share a group number)
   * and the file of each input spec with a plain (non-wildcard, non-`archive:member`) file name, such as
   * `crt.o(.text)` or `{ h.o }` (opened only when no input of that name exists yet).
   */
  files: ScriptFile[];
  /** EXTERN(sym …): undefined references made before any input is read (they pull archive members). */
  externs: string[];
  searchDirs: string[];
}
