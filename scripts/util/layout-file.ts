/**
 * Reading a layout file given on the command line (`--layout`): JSON data, or a TS/JS module exporting the
 * layout and, optionally, generated include files (`includes`, e.g. "layout.inc"). Shared by kernlab build,
 * link and verify. Node only.
 */
import { extname } from "node:path";
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { defineLayout, type Layout, type LayoutSpec } from "../../toolchain/link/index";
import { READ_LIMITS, readInput } from "./files";
import { importUserModule, isModulePath } from "./modules";

export interface LoadedLayout {
  layout: Layout;
  /** Generated include files by name ("layout.inc"), from the module's `includes` export. */
  includes: Record<string, string>;
}

/** Load a layout file: .json is data; .ts/.mts/.js/.mjs is a module exporting the layout (and maybe includes). */
export async function loadLayout(path: string): Promise<LoadedLayout> {
  const ext = extname(path).toLowerCase();
  const bytes = readInput(path, "layout", READ_LIMITS.script);
  const where = { file: path, line: 0, column: 0 };
  if (ext === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw new KernlabError(diagnostic("bad-layout", `layout is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, where));
    }
    return { layout: defineLayout(data as LayoutSpec), includes: {} };
  }
  if (!isModulePath(path)) {
    throw new KernlabError(diagnostic("bad-layout", `a layout file must end in .ts, .mts, .js, .mjs or .json`, where));
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (e) {
    if (e instanceof KernlabError) throw e;
    throw new KernlabError(diagnostic("bad-layout", `cannot load layout module: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, where));
  }
  const layout = mod.default ?? mod.layout;
  if (layout === undefined || layout === null || typeof layout !== "object") {
    throw new KernlabError(diagnostic("bad-layout", "the layout module exports no layout (expected a default export or 'export const layout')", where));
  }
  // A module may export the finished Layout (defineLayout(...)) or just its spec.
  const l = layout as Partial<Layout>;
  const finished = typeof l.virtualOffset === "number" && Array.isArray(l.regions) ? (layout as Layout) : defineLayout(layout as LayoutSpec);
  const raw = typeof mod.includes === "function" ? (mod.includes as () => unknown)() : mod.includes;
  const includes: Record<string, string> = {};
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== "object") throw new KernlabError(diagnostic("bad-layout", "the layout module's 'includes' must be an object of file name → text", where));
    for (const [name, text] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof text !== "string") throw new KernlabError(diagnostic("bad-layout", `the layout module's includes['${name}'] is not a string`, where));
      includes[name] = text;
    }
  }
  return { layout: finished, includes };
}
