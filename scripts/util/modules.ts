/**
 * Loading a user's own module named on the command line (a layout, a rules file, a matrix builder): exactly the
 * file named, in an ES module or a CommonJS project alike. Node only. Callers turn a failure into their own
 * located error.
 *
 * - .js, .mjs, .cjs are imported as they are (Node decides ESM or CommonJS from the extension and the nearest
 *   package.json, as it does for the user's own code).
 * - .ts, .mts, .cts are compiled by esbuild into one module (the file and the relative imports it reaches;
 *   packages such as `kernlab/verify` stay imports, resolved from the user's file to absolute URLs so the
 *   compiled module may live anywhere) written to a private temporary file, imported, and removed. .cts
 *   becomes CommonJS, .ts and .mts ES modules. Nothing is registered process-wide: no loader hook, no guess of
 *   `X.mts` for `X.mjs`, and a CommonJS project's `require` cycle rules never apply.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const TYPESCRIPT = new Set([".ts", ".mts", ".cts"]);

export function isModulePath(path: string): boolean {
  return MODULE_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** The extensions a module path may have, for error messages ("must end in …"). */
export const moduleExtensionsText = MODULE_EXTENSIONS.join(", ");

export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  const ext = extname(file).toLowerCase();
  if (!TYPESCRIPT.has(ext)) return moduleExports((await import(pathToFileURL(file).href)) as Record<string, unknown>, isCommonJs(file));
  const code = await compileTypeScript(file, ext === ".cts" ? "cjs" : "esm");
  const dir = mkdtempSync(join(tmpdir(), "kernlab-module-"));
  try {
    const out = join(dir, ext === ".cts" ? "module.cjs" : "module.mjs");
    writeFileSync(out, code);
    return moduleExports((await import(pathToFileURL(out).href)) as Record<string, unknown>, ext === ".cts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A CommonJS module seen through import() has its `module.exports` as the namespace's default: that object is
 * the module's exports (with compiled ES module syntax, `exports.default = …` and `__esModule`, it holds the
 * default export too). A module that exports a promise (`module.exports = import("kernlab/verify").then(…)`,
 * for Node versions without require() of ES modules) is awaited.
 */
async function moduleExports(ns: Record<string, unknown>, commonJs: boolean): Promise<Record<string, unknown>> {
  if (!commonJs) return ns;
  let exports = ns.default;
  if (exports !== null && typeof exports === "object" && typeof (exports as { then?: unknown }).then === "function") exports = await exports;
  return exports !== null && typeof exports === "object" ? (exports as Record<string, unknown>) : ns;
}

/** Whether Node loads this JavaScript file as CommonJS: .cjs, or .js under a package.json without "type": "module". */
function isCommonJs(file: string): boolean {
  const ext = extname(file).toLowerCase();
  if (ext === ".cjs") return true;
  if (ext !== ".js") return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { type?: unknown }).type !== "module";
    } catch { /* no (readable) package.json here: look further up */ }
    if (dirname(dir) === dir) return true;
  }
}

const builtins = new Set(builtinModules);
const RESOLVING = Symbol("kernlab-resolving");

async function compileTypeScript(file: string, format: "esm" | "cjs"): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: "node",
    format,
    target: "node20",
    sourcemap: "inline",
    logLevel: "silent",
    plugins: [{
      name: "kernlab-packages-as-urls",
      setup(b) {
        // Packages stay imports, resolved from the importing file (as Node would) to absolute file URLs.
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.pluginData === RESOLVING) return undefined;
          const bare = args.path.startsWith("node:") ? args.path.slice(5) : args.path;
          if (builtins.has(bare) || builtins.has(bare.split("/")[0]!)) return { path: args.path, external: true };
          const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
          if (r.errors.length > 0) return { errors: r.errors };
          return { path: format === "esm" ? pathToFileURL(r.path).href : r.path, external: true };
        });
      },
    }],
  });
  return result.outputFiles[0]!.text;
}
