/**
 * A project opened in the lab: its files (path → bytes, paths relative to the project's folder) and how to
 * build it. The recipe is the project's kernlab.json (toolchain/recipe.ts, what `kernlab build` reads);
 * a project without one gets a recipe guessed from its files: every NASM source no other file %includes
 * (the one with the multiboot header first), then the prebuilt objects (.o, .a), linked with its only
 * linker script or its kernlab.layout.json. Pure (no DOM, no I/O): the page opens, stores and shows
 * projects; the worker builds them (web/worker-main.ts).
 */
import { diagnostic, KernlabError, type Diagnostic } from "../core/diagnostics";
import { parseRecipe, RECIPE_FILE, type Recipe } from "../toolchain/recipe";

export interface Project {
  name: string;
  files: Record<string, Uint8Array>;
}

export const LAYOUT_FILE = "kernlab.layout.json";

const SOURCE = /\.(asm|nasm|s)$/i;
const OBJECT = /\.(o|obj|a)$/i;
const TEXT = /\.(asm|nasm|s|inc|mac|ld|lds|json|c|h|txt|md|cfg|mk)$|(^|\/)(Makefile|README)[^/]*$/i;

/** Whether the lab shows (and edits) this file as text. */
export function isTextFile(path: string): boolean {
  return TEXT.test(path);
}

/**
 * Paths as the project sees them: "/" separators, no leading "./" or "/", and the one folder every file sits
 * in (the dropped folder's own name) removed. Build outputs (.elf) and dot-folders (.git) are left out.
 */
export function normalizeFiles(entries: readonly { path: string; data: Uint8Array }[]): { name: string | null; files: Record<string, Uint8Array> } {
  let list = entries
    .map((e) => ({ path: e.path.split("\\").join("/").replace(/^(\.\/|\/)+/, ""), data: e.data }))
    .filter((e) => e.path !== "" && !e.path.endsWith("/") && !/(^|\/)\.[^/]/.test(e.path) && !/\.elf$/i.test(e.path));
  let name: string | null = null;
  const first = list[0]?.path.split("/")[0];
  if (first && list.length > 0 && list.every((e) => e.path.startsWith(first + "/"))) {
    name = first;
    list = list.map((e) => ({ ...e, path: e.path.slice(first.length + 1) }));
  }
  const files: Record<string, Uint8Array> = {};
  for (const e of list.sort((a, b) => a.path.localeCompare(b.path))) files[e.path] = e.data;
  return { name, files };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Names a source %includes (as written). */
function includesOf(src: string): string[] {
  return [...src.matchAll(/^\s*%include\s+["<]([^">]+)[">]/gim)].map((m) => m[1]!);
}

/** The project's recipe: its kernlab.json, else one guessed from its files (`guessed` says which). */
export function projectRecipe(p: Project): { recipe: Recipe; guessed: boolean } {
  const own = p.files[RECIPE_FILE];
  if (own) return { recipe: parseRecipe(text(own), RECIPE_FILE), guessed: false };
  const paths = Object.keys(p.files);
  const included = new Set<string>();
  for (const f of paths.filter((x) => SOURCE.test(x) || /\.(inc|mac)$/i.test(x))) {
    for (const inc of includesOf(text(p.files[f]!))) {
      const hit = paths.find((x) => x === inc || x.endsWith("/" + inc));
      if (hit) included.add(hit);
    }
  }
  const multiboot = (f: string) => /0x1BADB002|0xE85250D6|multiboot/i.test(text(p.files[f]!));
  const sources = paths.filter((f) => SOURCE.test(f) && !included.has(f))
    .sort((a, b) => Number(multiboot(b)) - Number(multiboot(a)) || a.localeCompare(b));
  const objects = paths.filter((f) => OBJECT.test(f));
  if (sources.length + objects.length === 0) {
    throw new KernlabError(diagnostic("empty-project", `no NASM sources (.asm, .s) or objects (.o, .a) in the project, and no ${RECIPE_FILE}`));
  }
  const scripts = paths.filter((f) => /\.(ld|lds)$/i.test(f));
  const recipe: Recipe = { sources: [...sources, ...objects], include: [], define: [], output: "kernel.elf" };
  if (p.files[LAYOUT_FILE]) recipe.layout = LAYOUT_FILE;
  else if (scripts.length === 1) recipe.script = scripts[0]!;
  else if (scripts.length > 1) {
    throw new KernlabError(diagnostic("ambiguous-project", `${scripts.length} linker scripts (${scripts.join(", ")}): say which in a ${RECIPE_FILE} ({"sources": […], "script": "…"})`));
  }
  // -I for the folders the sources live in, so `%include "defs.inc"` beside a source in a sub-folder is found.
  recipe.include = [...new Set(sources.map((s) => s.includes("/") ? s.slice(0, s.lastIndexOf("/") + 1) : null).filter((d): d is string => d !== null))];
  return { recipe, guessed: true };
}

/** A recipe as the kernlab.json text `kernlab build` reads. */
export function recipeText(r: Recipe): string {
  const o: Record<string, unknown> = { sources: r.sources };
  if (r.script) o.script = r.script;
  if (r.layout) o.layout = r.layout;
  if (r.include.length) o.include = r.include;
  if (r.define.length) o.define = r.define;
  o.output = r.output;
  if (r.map) o.map = r.map;
  return JSON.stringify(o, null, 2) + "\n";
}

/** What the CLI says about a file that is not there (scripts/util/files.ts, unreadable). */
export function missingFile(path: string, what: string): Diagnostic {
  return diagnostic("file-not-found", `cannot read ${what} '${path}': no such file or directory`, { file: path, line: 0, column: 0 });
}
