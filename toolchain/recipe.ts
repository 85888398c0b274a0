/**
 * kernlab.json, a project's build recipe: the inputs in link order (NASM sources are assembled, .o/.a are
 * linked as they are), the assembler's -I/-D, the linker script or kernlab layout, and the output names.
 * `kernlab build` reads it (--recipe FILE, or ./kernlab.json when no inputs are given) and so does the lab
 * when it opens a project, so one file drives both. Paths are relative to the recipe's folder. Parsing
 * only: a bad recipe is one KernlabError with code "bad-recipe" located in the file.
 *
 *   { "sources": ["boot.asm", "kernel.o"], "script": "linker.ld", "output": "kernel.elf", "debug": "dwarf" }
 */
import { diagnostic, KernlabError } from "../core/diagnostics";

export const RECIPE_FILE = "kernlab.json";

export interface Recipe {
  /** Inputs in order: NASM sources and ELF objects/archives. */
  sources: string[];
  /** A GNU ld script (-T) … */
  script?: string;
  /** … or a kernlab layout (.json; the CLI also takes a .ts/.js module). */
  layout?: string;
  /** -I directories. */
  include: string[];
  /** -D NAME or NAME=VALUE. */
  define: string[];
  /** The kernel ELF (default kernel.elf). */
  output: string;
  /** The link map, when wanted. */
  map?: string;
  /** Assemble the NASM sources with debug information (`nasm -g -F dwarf|stabs`), as `kernlab build -g` does. */
  debug?: "dwarf" | "stabs";
}

const KEYS = new Set(["sources", "script", "layout", "include", "define", "output", "map", "debug", "$comment"]);

export function parseRecipe(text: string, file = RECIPE_FILE): Recipe {
  const bad = (why: string): never => { throw new KernlabError(diagnostic("bad-recipe", why, { file, line: 0, column: 0 })); };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return bad(`recipe is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return bad("a recipe is a JSON object ({\"sources\": [...], \"script\": ...})");
  const o = data as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) bad(`unknown recipe field '${k}' (known: ${[...KEYS].filter((x) => x !== "$comment").join(", ")})`);
  const strings = (k: string): string[] => {
    const v = o[k];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && x !== "")) return bad(`'${k}' must be an array of non-empty strings`);
    return v as string[];
  };
  const str = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v === "") return bad(`'${k}' must be a non-empty string`);
    return v;
  };
  const sources = strings("sources");
  if (sources.length === 0) bad("'sources' must list at least one input (NASM sources and .o/.a objects, in link order)");
  const define = strings("define");
  for (const d of define) if (d.startsWith("=")) bad(`'define' entries are NAME or NAME=VALUE, got '${d}'`);
  const script = str("script"), layout = str("layout"), map = str("map");
  if (script !== undefined && layout !== undefined) bad("give either 'script' or 'layout', not both");
  const debug = str("debug");
  if (debug !== undefined && debug !== "dwarf" && debug !== "stabs") bad(`'debug' is "dwarf" or "stabs" (nasm -F), got '${debug}'`);
  return {
    sources, include: strings("include"), define, output: str("output") ?? "kernel.elf",
    ...(script !== undefined ? { script } : {}), ...(layout !== undefined ? { layout } : {}), ...(map !== undefined ? { map } : {}),
    ...(debug !== undefined ? { debug: debug as "dwarf" | "stabs" } : {}),
  };
}

/** A recipe's -D entries as the assembler takes them ("N=V" → { name, value }, "N" → { name }). */
export function recipeDefines(r: Recipe): { name: string; value?: string }[] {
  return r.define.map((d) => {
    const eq = d.indexOf("=");
    return eq < 0 ? { name: d } : { name: d.slice(0, eq), value: d.slice(eq + 1) };
  });
}
