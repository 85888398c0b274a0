/**
 * The linker's public API: `link(inputs, options)` → kernel image + link map. Runs in Node and in the
 * browser (no fs here: files come in as bytes, INCLUDE/-l lookups go through `readFile`). The passes are in
 * link.ts; this file is the typed entry point only.
 */
import type { Diagnostic } from "../../core/diagnostics";
import type { Layout } from "./layout";
import type { LinkMap } from "./map";
import { runLink } from "./link";

export type { Layout, LayoutSpec, LayoutSection } from "./layout";
export { defineLayout, boundarySymbols } from "./layout";
export type { LinkMap, LinkMapSection, LinkMapSegment, LinkMapSymbol, LinkMapInput } from "./map";
export { formatLinkMap } from "./map";
/** The GNU ld script a layout lowers to (what kernlab links from, and what `ld -T` accepts). */
export { layoutToScript } from "./script/from-layout";
export { parseLinkerScript } from "./script/parse";

/** A relocatable ELF object or an `ar` archive (told apart by magic). */
export interface LinkInput { name: string; bytes: Uint8Array }

export interface LinkOptions {
  /** Either a layout… */
  layout?: Layout;
  /** …or a GNU ld script (INCLUDE resolved through `readFile`). */
  script?: { text: string; file: string };
  /** For INCLUDE and -l lookups (the Node wrapper supplies fs; the browser a map). */
  readFile?: (path: string) => Uint8Array | null;
  /**
   * Opens a file the script names (INPUT, GROUP, `crt.o(.text)`, `{ h.o }`) that is not among `inputs`, as ld
   * searches: the name as given, then along -L and the script's SEARCH_DIR()s; `lib` for `-lNAME` (lib<NAME>.a
   * along the same directories). Null: not found.
   */
  openFile?: (name: string, lib: boolean, searchDirs: readonly string[]) => LinkInput | null;
  /** How many of `inputs` precede the script on the command line (ld opens the script's files there). Default 0. */
  scriptPosition?: number;
  entry?: string;
  /** `-u SYMBOL`: undefined references made before any input is read (as the script's EXTERN). */
  undefinedSymbols?: string[];
  oformat?: "elf32" | "binary";
  /** -Ttext/-Tdata/-Tbss and --section-start. */
  sectionStarts?: Record<string, number>;
  gcSections?: boolean;
  /**
   * A Multiboot header (magic with a valid checksum in an input) that lands outside the first 8 KiB of the file
   * or misaligned is an error by default: loaders will not find it. The `kernlab ld` drop-in makes it a
   * warning, since GNU ld writes such a kernel.
   */
  multibootCheck?: "error" | "warning";
  strip?: "none" | "debug" | "all";
  /** -x ("all": no local symbols in .symtab) / -X ("temporary": none named .L…). */
  discardLocals?: "none" | "temporary" | "all";
  maxPageSize?: number;
  /** -z execstack (true) / -z noexecstack (false); unset: from the inputs' .note.GNU-stack sections. */
  execStack?: boolean;
  buildId?: boolean;
}

export interface LinkResult { image: Uint8Array; map: LinkMap; mapText: string; warnings: Diagnostic[] }

/** Link objects into an ELF32 ET_EXEC (or a flat binary). Throws KernlabError carrying ALL errors found. */
export function link(inputs: LinkInput[], options: LinkOptions): LinkResult {
  return runLink(inputs, options);
}
