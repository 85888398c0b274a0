/**
 * Builds the sample kernel as a library call: sources (a file map, so the browser lab can pass its own
 * edited files) → kernlab's assembler → kernlab's linker with THE layout (kernel/layout.ts) → kernel ELF
 * and link map. Also generates `kernel/layout.inc` from the layout; that file is never written by hand.
 * No node:fs here: kernel/sources.ts loads the files in Node. Not the boot or the proofs (kernel/proofs.ts).
 */
import { KernlabError, type Diagnostic } from "../core/diagnostics";
import { assemble } from "../toolchain/asm/index";
import { mapResolver } from "../toolchain/asm/source";
import { link, type LinkMap } from "../toolchain/link/index";
import type { Layout } from "../toolchain/link/layout";
import { kernelConstants, sampleLayout } from "./layout";
import { generateLayoutInc, LAYOUT_INC } from "./layout-inc";
import { INCLUDE_PATHS, SAMPLE_INCLUDES, SAMPLE_SOURCES } from "./manifest";

export { INCLUDE_PATHS, SAMPLE_INCLUDES, SAMPLE_SOURCES };

export { generateLayoutInc, LAYOUT_INC };

export interface SampleObject {
  source: string;
  name: string;
  bytes: Uint8Array;
}

export interface SampleBuild {
  elf: Uint8Array;
  map: LinkMap;
  mapText: string;
  objects: SampleObject[];
  layout: Layout;
}

export interface SampleBuildOptions {
  /** The source files by path ("kernel/main.asm" …); missing ones make the build fail with a diagnostic. */
  files: Record<string, string>;
  layout?: Layout;
  /** Sources to assemble and link, in order (default SAMPLE_SOURCES, plus any other .asm in `files` under boot/ or kernel/). */
  sources?: readonly string[];
  /**
   * Objects from earlier builds, keyed by the source and everything it can include; a source whose text,
   * includes and layout are unchanged is not assembled again (the browser lab's rebuild after an edit, tests).
   */
  objectCache?: Map<string, SampleObject>;
}

/** Preprocessor features that can build a symbol name out of pieces; with them, every layout constant may matter. */
const NAME_BUILDING = /%\+|%\[|%deftok|%defstr|%strcat|%substr|%xdefine/i;

/**
 * The cache key of one source: its path and text, every other include file's text, and of the generated
 * layout.inc only the `NAME equ value` lines whose NAME the source or another include file mentions. So a
 * layout that changes a constant no source uses (the base, heap or stack size, today: the sources take
 * addresses from the linker's boundary symbols) is a relink, not a rebuild: the 54-variant matrix assembles once.
 * When any text builds names from pieces (NAME_BUILDING), the whole layout.inc is part of the key.
 */
function cacheKey(source: string, files: Record<string, string>): string {
  const includes = Object.keys(files).filter((f) => f.endsWith(".inc") && f !== LAYOUT_INC).sort();
  const texts = [files[source] ?? "", ...includes.map((f) => files[f]!)];
  const layoutText = files[LAYOUT_INC] ?? "";
  const layoutPart = texts.some((t) => NAME_BUILDING.test(t)) ? layoutText : layoutText.split("\n").filter((line) => {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)\s+equ\b/.exec(line)?.[1];
    return name !== undefined && texts.some((t) => new RegExp(`(?<![A-Za-z0-9_.$#@~?])${name}(?![A-Za-z0-9_.$#@~?])`).test(t));
  }).join("\n");
  return [source, files[source], ...includes.map((f) => `${f}\0${files[f]}`), `${LAYOUT_INC}\0${layoutPart}`].join("\0");
}

/** Which .asm files to build: the known list first, then any extra boot/ or kernel/ .asm given in `files`. */
export function sourcesOf(files: Record<string, string>): string[] {
  const known: string[] = [...SAMPLE_SOURCES];
  const extra = Object.keys(files)
    .filter((f) => /^(boot|kernel)\/[^/]+\.asm$/.test(f) && !known.includes(f))
    .sort();
  return [...known, ...extra];
}

/** Assemble every source with kernlab's assembler and link them with the layout. Throws KernlabError with all diagnostics. */
export function buildSampleKernel(opts: SampleBuildOptions): SampleBuild {
  const layout = opts.layout ?? sampleLayout;
  const files: Record<string, string> = { ...opts.files, [LAYOUT_INC]: generateLayoutInc(layout, kernelConstants(layout)) };
  const resolver = mapResolver(files);
  const diagnostics: Diagnostic[] = [];
  const objects: SampleObject[] = [];
  for (const source of opts.sources ?? sourcesOf(opts.files)) {
    const text = files[source];
    if (text === undefined) {
      diagnostics.push({ code: "missing-source", severity: "error", text: `sample kernel source ${source} is missing`, location: null, notes: [] });
      continue;
    }
    const key = opts.objectCache ? cacheKey(source, files) : "";
    const cached = opts.objectCache?.get(key);
    if (cached) { objects.push(cached); continue; }
    const result = assemble(text, { file: source, format: "elf32", includePaths: INCLUDE_PATHS, resolver });
    diagnostics.push(...result.diagnostics.filter((d) => d.severity === "error"));
    if (result.output) {
      const object = { source, name: source.replace(/^.*\//, "").replace(/\.asm$/, ".o"), bytes: result.output };
      objects.push(object);
      opts.objectCache?.set(key, object);
    }
  }
  if (diagnostics.length > 0) throw new KernlabError(diagnostics, `the sample kernel did not assemble (${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"})`);
  const linked = link(objects.map((o) => ({ name: o.name, bytes: o.bytes })), { layout });
  const built = { elf: linked.image, map: linked.map, objects, layout } as SampleBuild;
  // The text map is rendered on first use, as link() does: a matrix of layouts never reads it.
  Object.defineProperty(built, "mapText", { enumerable: true, get: () => linked.mapText });
  return built;
}
