/**
 * Builds the browser lab into a static folder (web/dist by default) that any static host can serve:
 * index.html, style.css, xterm.css, the esbuild bundles (page, and build worker with the toolchain), and
 * v86's and iced-x86's WebAssembly copied as static assets. `npm run build:web` runs it; `kernlab web`
 * calls buildWeb() when the folder is missing. Every file is written through writeFileAtomic.
 *
 * It is not the page (web/*.ts) and not the server (web/server.ts).
 *
 * Two esbuild plugins make Node-flavoured packages run in a browser without Node built-ins:
 *  - iced-x86 is wasm-pack's Node build: it requires `util` for TextDecoder and reads its .wasm with `fs`
 *    then compiles and instantiates it synchronously. The plugin rewrites those lines so the module body only
 *    registers an instantiate function, called with a WebAssembly.Module compiled asynchronously by the page
 *    (web/iced-wasm.ts, provideIcedX86); calls into iced-x86 before that throw a clear error.
 *  - Node built-ins (node:fs, path, crypto, …) reached only on Node code paths (v86's `import("node:crypto")`
 *    behind `typeof process` checks) resolve to a stub whose members are undefined; each stubbed import is
 *    listed in the build result so a leak into the browser path is visible.
 * The sample kernel's sources are bundled as text through the virtual module `kernlab:kernel-sources`.
 */
import { build, type Plugin } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applyV86Fixes } from "../emulator/v86-fixes/index";
import { writeFileAtomic } from "../core/fs-atomic";

export interface BuildWebOptions {
  /** Repository root (default: found from this file). */
  root?: string;
  /** Output folder (default <root>/web/dist). */
  outDir?: string;
  /** Minify the bundles (default true). */
  minify?: boolean;
}

export interface BuildWebResult {
  outDir: string;
  files: { path: string; bytes: number }[];
  /** Node built-ins that resolved to the browser stub, with the file that imported each. */
  stubbedBuiltins: { module: string; importer: string }[];
  warnings: string[];
}

/** The repository root: the nearest folder above `from` whose package.json is kernlab's. */
export function findRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "kernlab") return dir;
      } catch { /* keep looking */ }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`kernlab's package.json not found above ${from}`);
    dir = up;
  }
}

const ICED_UTIL = "const { TextDecoder, TextEncoder } = require(`util`);";
const ICED_WASM = /const path = require\('path'\)\.join\(__dirname, 'iced_x86_bg\.wasm'\);\s*const bytes = require\('fs'\)\.readFileSync\(path\);\s*const wasmModule = new WebAssembly\.Module\(bytes\);\s*const wasmInstance = new WebAssembly\.Instance\(wasmModule, imports\);\s*wasm = wasmInstance\.exports;\s*module\.exports\.__wasm = wasm;/;

/** One enum of iced-x86's loader on one line: `module.exports.Code = Object.freeze({ INVALID:0,"0":"INVALID",… });` */
const ICED_ENUM_LINE = /^module\.exports\.(\w+) = Object\.freeze\(\{ (.*)\}\);$/gm;
const ICED_ENUM_HELPER = "kernlabIcedEnum";

/**
 * iced-x86's two big enums (Code: 4,936 names, 315 KB; Mnemonic: 1,894 names) are object literals with both
 * directions spelled out (`Add_rm8_r8:5,"5":"Add_rm8_r8"`). Parsing and creating them was most of the time
 * the worker spent loading the toolchain, so they are rewritten as one string of names split at run time
 * into the same object: the same keys, values and key order, frozen. An enum whose entries are not exactly
 * `NAME:i,"i":"NAME"` for i = 0, 1, 2, … is left as it is.
 */
export function compactIcedEnums(src: string): { src: string; compacted: string[] } {
  const compacted: string[] = [];
  const out = src.replace(ICED_ENUM_LINE, (line, name: string, body: string) => {
    if (line.length < 10_000) return line;
    const parts = body.trim().replace(/,$/, "").split(",");
    if (parts.length % 2 !== 0) return line;
    const names: string[] = [];
    for (let i = 0; i < parts.length / 2; i++) {
      const forward = /^([A-Za-z_$][\w$]*):(\d+)$/.exec(parts[2 * i]!);
      const reverse = /^"(\d+)":"([A-Za-z_$][\w$]*)"$/.exec(parts[2 * i + 1]!);
      if (!forward || !reverse || forward[1] !== reverse[2] || forward[2] !== String(i) || reverse[1] !== String(i)) return line;
      names.push(forward[1]!);
    }
    compacted.push(name);
    return `module.exports.${name} = Object.freeze(${ICED_ENUM_HELPER}(${JSON.stringify(names.join(" "))}));`;
  });
  if (compacted.length === 0) return { src, compacted };
  const helper = `function ${ICED_ENUM_HELPER}(names) { const e = {}; const list = names.split(" "); ` +
    `for (let i = 0; i < list.length; i++) { e[list[i]] = i; e[i] = list[i]; } return e; }\n`;
  return { src: helper + out, compacted };
}

/** iced-x86 without Node: TextDecoder from the global scope, the wasm module from web/iced-wasm.ts. */
function icedX86Plugin(): Plugin {
  return {
    name: "kernlab-iced-x86",
    setup(b) {
      b.onLoad({ filter: /[\\/]iced-x86[\\/]iced_x86\.js$/ }, (args) => {
        let src = readFileSync(args.path, "utf8");
        if (!src.includes(ICED_UTIL) || !ICED_WASM.test(src)) {
          return { errors: [{ text: "iced-x86's loader changed: update the kernlab-iced-x86 plugin in scripts/build-web.ts" }] };
        }
        src = src.replace(ICED_UTIL, "const { TextDecoder, TextEncoder } = globalThis;");
        src = src.replace(ICED_WASM, [
          "const __kernlabInstantiate = (wasmModule) => {",
          "  const wasmInstance = new WebAssembly.Instance(wasmModule, imports);",
          "  wasm = wasmInstance.exports;",
          "  module.exports.__wasm = wasm;",
          "};",
          "wasm = new Proxy({}, { get() { throw new Error('iced-x86 is not instantiated yet: provideIcedX86() (web/iced-wasm.ts) first'); } });",
          "if (globalThis.__kernlabIcedX86Module) __kernlabInstantiate(globalThis.__kernlabIcedX86Module);",
          "else globalThis.__kernlabIcedX86Instantiate = __kernlabInstantiate;",
        ].join("\n"));
        return { contents: compactIcedEnums(src).src, loader: "js" };
      });
    },
  };
}

const BUILTINS = /^(node:)?(fs|fs\/promises|path|url|crypto|os|module|child_process|worker_threads|perf_hooks|util|stream|buffer|events|http|https|net|tty|zlib|readline|assert|process)$/;

function nodeStubPlugin(seen: { module: string; importer: string }[], root: string): Plugin {
  return {
    name: "kernlab-node-stub",
    setup(b) {
      b.onResolve({ filter: BUILTINS }, (args) => {
        seen.push({ module: args.path, importer: relative(root, args.importer) });
        return { path: args.path, namespace: "node-stub" };
      });
      b.onLoad({ filter: /.*/, namespace: "node-stub" }, (args) => ({
        contents: `// ${args.path} is not available in the browser; only Node code paths reach it.\nmodule.exports = {};`,
        loader: "js",
      }));
    },
  };
}

/**
 * Modules the lab uses that neighbours may not have landed yet: when the file is missing, the import resolves
 * to a stub whose functions throw a clear error the page shows, so the rest of the lab still builds and runs.
 */
const LATE_MODULES: { filter: RegExp; file: string; exports: string[] }[] = [
  { filter: /(^|\/)kernel\/build$/, file: "kernel/build.ts", exports: ["buildSampleKernel"] },
];

function lateModulesPlugin(root: string): Plugin {
  return {
    name: "kernlab-late-modules",
    setup(b) {
      for (const m of LATE_MODULES) {
        b.onResolve({ filter: m.filter }, () =>
          existsSync(join(root, m.file)) ? undefined : { path: m.file, namespace: "kernlab-late" });
      }
      b.onLoad({ filter: /.*/, namespace: "kernlab-late" }, (args) => {
        const m = LATE_MODULES.find((x) => x.file === args.path)!;
        const body = m.exports.map((e) => `export function ${e}() { throw new Error(${JSON.stringify(`${m.file} is not in this build of kernlab yet`)}); }`);
        return { contents: body.join("\n"), loader: "js" };
      });
    },
  };
}

/**
 * Every .asm/.inc/.ld file under boot/ and kernel/, keyed by its path from the root ("kernel/heap.asm"),
 * except kernel/layout.inc, which kernel/build.ts generates from kernel/layout.ts at every build.
 */
export function collectKernelSources(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(asm|inc|s|ld)$/i.test(name)) {
        const key = relative(root, p).split("\\").join("/");
        if (key !== "kernel/layout.inc") files[key] = readFileSync(p, "utf8");
      }
    }
  };
  walk(join(root, "boot"));
  walk(join(root, "kernel"));
  return files;
}

function kernelSourcesPlugin(root: string): Plugin {
  return {
    name: "kernlab-kernel-sources",
    setup(b) {
      b.onResolve({ filter: /^kernlab:kernel-sources$/ }, () => ({ path: "kernel-sources", namespace: "kernlab" }));
      b.onLoad({ filter: /.*/, namespace: "kernlab" }, () => {
        const files = collectKernelSources(root);
        return {
          contents: `export const kernelSources = ${JSON.stringify(files)};`,
          loader: "js",
          watchDirs: [join(root, "boot"), join(root, "kernel")],
        };
      });
    },
  };
}

/** Imports matching `filter` stay imports of another file of the lab (web/worker.ts → worker-main.js). */
function externalPlugin(filter: RegExp): Plugin {
  return {
    name: "kernlab-external",
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Static assets copied as they are: [source under root, name in outDir]. */
const ASSETS: [string, string][] = [
  ["web/index.html", "index.html"],
  ["web/style.css", "style.css"],
  ["node_modules/@xterm/xterm/css/xterm.css", "xterm.css"],
  ["node_modules/v86/build/v86.wasm", "v86.wasm"],
  ["node_modules/iced-x86/iced_x86_bg.wasm", "iced_x86_bg.wasm"],
];

export async function buildWeb(opts: BuildWebOptions = {}): Promise<BuildWebResult> {
  const root = opts.root ?? findRoot();
  const outDir = resolve(opts.outDir ?? join(root, "web", "dist"));
  const stubbedBuiltins: { module: string; importer: string }[] = [];
  // Self-contained bundles, no shared chunks (a shared chunk is only discovered, and fetched, once the file
  // importing it is parsed): main.js for the page; for the build worker a tiny worker.js, which starts
  // iced-x86's compile and imports worker-main.js (the toolchain) at the same time.
  const bundle = (name: string, entry: string, extra: Plugin[] = []) => build({
    absWorkingDir: root,
    entryPoints: { [name]: join(root, entry) },
    outdir: outDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: opts.minify ?? true,
    sourcemap: "linked",
    write: false,
    metafile: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [...extra, icedX86Plugin(), nodeStubPlugin(stubbedBuiltins, root), kernelSourcesPlugin(root), lateModulesPlugin(root)],
  });
  const results = await Promise.all([
    // The code editor (CodeMirror) is its own bundle, imported by the page once the kernel has booted.
    bundle("main", "web/main.ts", [externalPlugin(/^\.\/editor\.js$/)]),
    bundle("editor", "web/editor.ts"),
    bundle("worker", "web/worker.ts", [externalPlugin(/^\.\/worker-main\.js$/)]),
    bundle("worker-main", "web/worker-main.ts"),
    // The timeline's replay (issue 18): its own worker with a v86 of its own, started when a recording is opened.
    bundle("timeline-worker", "web/timeline-worker.ts"),
  ]);
  const outputFiles = results.flatMap((r) => r.outputFiles);
  const files: { path: string; bytes: number }[] = [];
  mkdirSync(outDir, { recursive: true });
  for (const f of outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileAtomic(f.path, f.contents);
    files.push({ path: relative(outDir, f.path), bytes: f.contents.length });
  }
  for (const [src, name] of ASSETS) {
    // v86.wasm ships with kernlab's v86 fixes applied (emulator/v86-fixes/), so the page compiles it streaming.
    const data = name === "v86.wasm" ? applyV86Fixes(readFileSync(join(root, src))) : readFileSync(join(root, src));
    writeFileAtomic(join(outDir, name), data);
    files.push({ path: name, bytes: data.length });
  }
  // Earlier builds split shared code into chunks/: drop that folder (only after this build has written
  // everything, so a failed build leaves the previous lab whole).
  rmSync(join(outDir, "chunks"), { recursive: true, force: true });
  const warnings = results.flatMap((r) => r.warnings).map((w) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ""}${w.text}`);
  const stubbed = new Map(stubbedBuiltins.map((s) => [`${s.module} ${s.importer}`, s])); // both bundles may list one
  return { outDir, files, stubbedBuiltins: [...stubbed.values()], warnings };
}

const isEntry = process.argv[1] !== undefined && /scripts[\\/]build-web\.ts$/.test(process.argv[1]);
if (isEntry) {
  const t0 = performance.now();
  buildWeb().then((r) => {
    for (const f of r.files) process.stdout.write(`  ${f.path.padEnd(40)} ${String(f.bytes).padStart(9)} bytes\n`);
    for (const s of r.stubbedBuiltins) process.stdout.write(`  note: ${s.module} (imported by ${s.importer}) is stubbed in the browser\n`);
    for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`web lab built in ${relative(process.cwd(), r.outDir) || "."} (${Math.round(performance.now() - t0)} ms)\n`);
  }, (e: unknown) => {
    const errs = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    if (errs) for (const m of errs) process.stderr.write(`${m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : ""}error: ${m.text}\n`);
    else process.stderr.write(`build:web failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
