/**
 * Sources and objects → one kernel ELF: assemble each NASM source with kernlab's assembler, then link every
 * object (assembled or given: .o, .a, gcc output) with a layout or a GNU ld script. The one implementation
 * behind `kernlab build` (scripts/commands/build.ts, files from disk) and the lab's build of a project
 * (web/worker-main.ts, files in memory), so both give the same bytes and the same diagnostics. No I/O:
 * %include/incbin and linker INPUT go through the resolver and readFile the caller supplies.
 */
import { diagnostic, isKernlabError, type Diagnostic } from "../core/diagnostics";
import { assemble } from "./asm/index";
import { decodeSourceFile, type IncludeResolver } from "./asm/source";
import { link, type Layout, type LinkMap, type LinkOptions } from "./link/index";

export interface BuildInput {
  /** Path as the user gave it (diagnostics name it). */
  path: string;
  data: Uint8Array;
}

export interface BuildInputsOptions {
  layout?: Layout;
  script?: { text: string; file: string };
  /** -I prefixes, each ending in "/". */
  includePaths?: string[];
  defines?: { name: string; value?: string }[];
  resolver: IncludeResolver;
  /** Linker INPUT/INCLUDE lookups. */
  readFile: (path: string) => Uint8Array | null;
  /** Files the script names (INPUT, GROUP, `crt.o(.text)`) that no input provides, found as ld finds them. */
  openFile?: LinkOptions["openFile"];
  /** Debug information for every NASM source (`nasm -g -F FORMAT`); compDir gives a source's DW_AT_comp_dir (ends in "/"). */
  debug?: { format: "dwarf" | "stabs"; compDir: (path: string) => string };
  /** Called before each step ("assembling boot.asm…", "linking…"). */
  progress?: (what: string) => void;
}

export type BuildInputsResult =
  | { ok: true; image: Uint8Array; map: LinkMap; mapText: string; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const AR_MAGIC = "!<arch>\n";

/** An input is an object/archive by extension or by its first bytes; anything else is NASM source. */
export function isBinaryInput(path: string, data: Uint8Array): boolean {
  const ext = /\.[^./]*$/.exec(path)?.[0].toLowerCase() ?? "";
  if (ext === ".o" || ext === ".obj" || ext === ".a") return true;
  if (ELF_MAGIC.every((b, i) => data[i] === b)) return true;
  return new TextDecoder("latin1").decode(data.subarray(0, 8)) === AR_MAGIC;
}

/** The same error in a shared %include file is reported once, not once per source that includes it. */
export function dedupeDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify([d.code, d.severity, d.text, d.location?.file, d.location?.line, d.location?.column]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Assemble, then link; every source's diagnostics are collected before stopping. Never throws for user mistakes. */
export function buildInputs(inputs: readonly BuildInput[], opts: BuildInputsOptions): BuildInputsResult {
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const objects: { name: string; bytes: Uint8Array }[] = [];
  for (const { path, data } of inputs) {
    if (isBinaryInput(path, data)) {
      objects.push({ name: path, bytes: data });
      continue;
    }
    opts.progress?.(`assembling ${path}…`);
    const result = assemble(decodeSourceFile(data), {
      file: path,
      format: "elf32",
      includePaths: opts.includePaths ?? [],
      defines: opts.defines ?? [],
      resolver: opts.resolver,
      ...(opts.debug ? { debug: { format: opts.debug.format, compDir: opts.debug.compDir(path) } } : {}),
    });
    for (const d of result.diagnostics) (d.severity === "error" ? problems : warnings).push(d);
    if (result.output) objects.push({ name: path.replace(/\.[^./]*$/, "") + ".o", bytes: result.output });
    else if (!result.diagnostics.some((d) => d.severity === "error")) {
      problems.push(diagnostic("assembly-failed", "the assembler produced no output", { file: path, line: 0, column: 0 }));
    }
  }
  if (problems.length) return { ok: false, errors: dedupeDiagnostics(problems), warnings: dedupeDiagnostics(warnings) };
  opts.progress?.("linking…");
  try {
    const linked = link(objects, {
      ...(opts.layout ? { layout: opts.layout } : {}),
      ...(opts.script ? { script: opts.script } : {}),
      readFile: opts.readFile,
      ...(opts.openFile ? { openFile: opts.openFile } : {}),
    });
    return { ok: true, image: linked.image, map: linked.map, mapText: linked.mapText, warnings: [...dedupeDiagnostics(warnings), ...linked.warnings] };
  } catch (e) {
    if (!isKernlabError(e)) throw e;
    return { ok: false, errors: e.diagnostics, warnings: dedupeDiagnostics(warnings) };
  }
}
