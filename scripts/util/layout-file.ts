/**
 * Reading a layout file given on the command line (`--layout`): JSON data, or a TS/JS module exporting the
 * layout and, optionally, generated include files (`includes`, e.g. "layout.inc"). Shared by kernlab build,
 * link and verify. Node only.
 */
import { extname } from "node:path";
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { defineLayout, type Layout, type LayoutSpec } from "../../toolchain/link/index";
import { parseInteger } from "./args";
import { READ_LIMITS, readInput } from "./files";
import { importUserModule, isModulePath, moduleExtensionsText } from "./modules";

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
    return { layout: located(path, () => defineLayout(numbersFromText(data, path) as LayoutSpec)), includes: {} };
  }
  if (!isModulePath(path)) {
    throw new KernlabError(diagnostic("bad-layout", `a layout file must end in .json, ${moduleExtensionsText}`, where));
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
  const finished = typeof l.virtualOffset === "number" && Array.isArray(l.regions) ? (layout as Layout) : located(path, () => defineLayout(layout as LayoutSpec));
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

/** Runs `f`; a KernlabError without a location gets the layout file as its location. */
function located<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof KernlabError)) throw e;
    throw new KernlabError(e.diagnostics.map((d) => (d.location ? d : { ...d, location: { file, line: 0, column: 0 } })));
  }
}

/** The numeric fields of a layout, as paths ("*" = every array element). */
const NUMERIC_FIELDS = [
  ["base"], ["virtualOffset"], ["sections", "*", "align"], ["sections", "*", "load"],
  ["heap", "size"], ["heap", "align"], ["stack", "size"], ["stack", "align"], ["regions", "*", "origin"], ["regions", "*", "length"],
];

/**
 * A JSON layout may write numbers as kernel people do ("1M", "0x100000", "4K"), as every kernlab option does:
 * each numeric field given as a string is parsed with parseInteger; a string that is not a number is an error
 * naming the file and the field.
 */
function numbersFromText(data: unknown, file: string): unknown {
  const visit = (node: unknown, path: string[], at: string): void => {
    if (node === null || typeof node !== "object") return;
    const [head, ...rest] = path;
    const keys = head === "*" ? (Array.isArray(node) ? node.map((_, i) => String(i)) : []) : [head!];
    for (const k of keys) {
      const obj = node as Record<string, unknown>;
      const where = head === "*" ? `${at}[${k}]` : at ? `${at}.${k}` : k;
      if (rest.length > 0) { visit(obj[k], rest, where); continue; }
      const v = obj[k];
      if (typeof v !== "string") continue;
      const n = parseInteger(v);
      if (n === null) throw new KernlabError(diagnostic("bad-layout", `layout field '${where}' is not a number: '${v}' (write 1048576, 0x100000 or 1M)`, { file, line: 0, column: 0 }));
      obj[k] = n;
    }
  };
  for (const path of NUMERIC_FIELDS) visit(data, path, "");
  return data;
}
