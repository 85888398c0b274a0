/**
 * The linker's cooked records: input files, input sections, symbols, output sections. Raw Elf32_* structures
 * stay in toolchain/elf/; passes only see these. Types and tiny helpers only, no pass logic.
 */
import type { Diagnostic } from "../../../core/diagnostics";
import type { ElfFile, ElfRelocation } from "../../elf/read";
import type { AssertCommand, AssignCommand, DataCommand, FillCommand, OutputSectionCommand } from "../script/ast";

export interface ObjectFile {
  /** Display name: "boot.o" or "libgcc.a(_udivdi3.o)". */
  name: string;
  /** The name as given on the command line (archive members: the member name), for script file patterns. */
  matchName: string;
  archive: string | null;
  elf: ElfFile;
  /** Indexed like elf.sections; null for sections that are not linked (symtab, rel, strtab, group…). */
  sections: (InputSection | null)[];
  /** Per symbol index: the global symbol it resolves to (null for locals). */
  globals: (GlobalSymbol | null)[];
  /** The file's COMMON input section (synthetic), created when a common symbol of this file is allocated. */
  common: InputSection | null;
  /** Has a .note.GNU-stack section; execStack when it has SHF_EXECINSTR. */
  gnuStack: boolean;
  execStack: boolean;
  hasGnuProperty: boolean;
  /**
   * The empty sections ld's i386 backend creates in the first input object (.rel.got, .got, .got.plt, .iplt,
   * .rel.iplt, .igot.plt): script patterns match them (a whole-file `{ crt.o }` takes their flags and
   * alignment), they are never orphans. Empty for every other file.
   */
  linkerCreated: InputSection[];
}

/** A merged (SHF_MERGE) piece: input bytes at inputOffset now live in `holder` at outputOffset. */
export interface MergedPiece { inputOffset: number; holder: InputSection; outputOffset: number }

export interface InputSection {
  file: ObjectFile;
  index: number;
  name: string;
  type: number;
  flags: number;
  align: number;
  entsize: number;
  size: number;
  /** Bytes to copy (may be rewritten: merged strings, edited .eh_frame). Empty for NOBITS. */
  data: Uint8Array;
  relocs: ElfRelocation[];
  /** Byte offsets of relocations after editing (eh_frame), parallel to relocs; null = unchanged. */
  relocOffsets: number[] | null;
  output: OutputSection | null;
  /** Offset within the output section. */
  outOffset: number;
  discarded: boolean;
  keep: boolean;
  /** SHF_MERGE: input offset → output offset map (sorted by inputOffset), and the section holding the bytes. */
  merge: MergedPiece[] | null;
  /** .eh_frame editing: FDE CIE-pointer fields to patch after placement. */
  ehCiePointers: { at: number; cie: InputSection; cieOffset: number }[] | null;
  /** Scratch for the merge pass. */
  pendingData?: Uint8Array;
  /** The section group signature when in a COMDAT group. */
  group: string | null;
}

/** InputSection.index of ld's own empty sections (ObjectFile.linkerCreated); the COMMON section has -1. */
export const LINKER_CREATED = -2;

export type SymbolState = "undefined" | "defined" | "common";

export interface GlobalSymbol {
  name: string;
  state: SymbolState;
  binding: "global" | "weak";
  /** Defining file (null for script/linker defined). */
  file: ObjectFile | null;
  /** Defining input section; null = absolute (SHN_ABS or script value with no section). */
  section: InputSection | null;
  /** Section-relative (or absolute) value. */
  value: number;
  size: number;
  type: number;
  other: number;
  /** For commons: required alignment. */
  commonAlign: number;
  /** Undefined reference was weak in every referencing file. */
  weakRef: boolean;
  /** Defined by the script/layout: value is absolute or relative to an output section. */
  scriptSection: OutputSection | null;
  scriptDefined: boolean;
  /** Insertion order into ld's hash table (for hash-order emulation). */
  order: number;
  /** Referenced by some object. */
  referenced: boolean;
  hidden: boolean;
}

export interface OutputSection {
  name: string;
  command: OutputSectionCommand | null;
  inputs: InputSection[];
  type: number; // SHT_PROGBITS / SHT_NOBITS / SHT_NOTE …
  flags: number;
  align: number;
  entsize: number;
  vaddr: number;
  paddr: number;
  size: number;
  /** Removed as ld removes empty output sections. */
  dropped: boolean;
  /** Contains data commands or dot-advancing assignments (keeps it alive). */
  hasContent: boolean;
  /** Index in the output ELF section header table. */
  shndx: number;
  fileOffset: number;
  /** Bytes for BYTE/SHORT/LONG commands: offset → bytes. */
  dataItems: { offset: number; bytes: Uint8Array }[];
  /** The section's `=fill` pattern (null: NOPs in code, zeros elsewhere)… */
  fill: Uint8Array | null;
  /** …and the FILL statements inside it: from `offset` on, gaps take `bytes`. */
  fills: { offset: number; bytes: Uint8Array }[];
  /**
   * Gaps ld leaves as zeros whatever the fill: the padding after a `. =` that an orphan input's alignment
   * padding takes over (ld's insert_pad reuses the padding statement just before it, moving it past the gap).
   */
  unfilled: { from: number; to: number }[];
  orphan: boolean;
  /** The section's statements in order: runs of input sections, assignments, data. */
  elements: OutputElement[];
}

export type OutputElement =
  | { kind: "sections"; sections: InputSection[]; /** Orphans: direct children of the section, as in ld (not in a wildcard's list). */ orphan?: boolean }
  | { kind: "assign"; cmd: AssignCommand }
  | { kind: "assert"; cmd: AssertCommand }
  | { kind: "data"; cmd: DataCommand }
  | { kind: "fill"; cmd: FillCommand };

/** Top-level statements after binning: the placement program the assign pass runs. */
export type Statement = { kind: "assign"; cmd: AssignCommand } | { kind: "assert"; cmd: AssertCommand } | { kind: "output"; os: OutputSection };

export interface LinkContext {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export function newContext(): LinkContext {
  return { errors: [], warnings: [] };
}

export function alignUp(v: number, a: number): number {
  if (a <= 1) return v;
  return Math.ceil(v / a) * a;
}

export function flagString(flags: number): string {
  let s = "";
  if (flags & 0x1) s += "W";
  if (flags & 0x2) s += "A";
  if (flags & 0x4) s += "X";
  if (flags & 0x10) s += "M";
  if (flags & 0x20) s += "S";
  if (flags & 0x200) s += "G";
  return s;
}
