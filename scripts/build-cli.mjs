// Bundles the CLI into dist/ with esbuild (run by "prepare", so `npm install` builds it): one CommonJS
// bundle per command (dist/run-<hash>.cjs …) holding everything that command needs, v86's and iced-x86's
// JavaScript included, plus dist/cli-<hash>.cjs for `kernlab --help`, `--version` and unknown commands.
// dist/entries.json maps command names to files; bin/kernlab.js loads one file per process. The worker
// threads of `kernlab verify` with several kernels load ES modules built beside them (matrix-worker.js).
//
// Why CommonJS, one file per command: bin/kernlab.js compiles the file with vm.Script and keeps V8's code
// cache for it (Node 20 has no code cache for ES modules), so a second `kernlab run` deserializes compiled
// code instead of parsing and compiling ~0.6 MB of JavaScript; and `kernlab run` never reads the assembler,
// `kernlab nasm` never reads v86. The content hash in each name keys that cache and the caches of results
// (kernel/object-cache.ts). The bundle is built into a temporary folder and renamed into place, so a
// concurrent reader never sees a half-written dist/.
import { build } from "esbuild";
import { patchLibV86 } from "../emulator/v86-fixes/libv86-startup.mjs";
import { readFileSync, rmSync, renameSync, existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * v86's CommonJS build (libv86.js, the same code as the libv86.mjs the sources import), bundled. It assigns
 * `module.exports.V86` inside a function, which esbuild's static scan does not see: the first line makes the
 * module CommonJS to esbuild. At load v86 asks `typeof crypto`, and Node's `crypto` global is a getter that
 * loads all of WebCrypto (~3 ms of every start-up); v86 only needs getRandomValues, and only when a guest asks
 * for random numbers, so it gets a stand-in that reaches for the real global on first use. Likewise v86 reads
 * `performance.now` at load (its clock), and Node's `performance` global loads perf_hooks (~1 ms): v86 gets a
 * clock on process.hrtime, as kernlab's own code does (core/clock.ts). v86's code itself
 * is edited by emulator/v86-fixes/libv86-startup.mjs (start-up patches, beside kernlab's other v86 fixes).
 */
const v86Bundled = {
  name: "v86-commonjs",
  setup(b) {
    b.onResolve({ filter: /^v86$/ }, () => ({ path: require.resolve("v86/build/libv86.js"), namespace: "v86-commonjs" }));
    b.onLoad({ filter: /.*/, namespace: "v86-commonjs" }, ({ path }) => ({
      contents: "module.exports = {};\n" +
        "var crypto = { getRandomValues: function (a) { return globalThis.crypto.getRandomValues(a); } };\n" +
        "var performance = { now: function () { var t = process.hrtime(); return t[0] * 1e3 + t[1] / 1e6; } };\n" +
        patchLibV86(path, readFileSync(path, "utf8")),
      loader: "js",
    }));
  },
};

/**
 * iced-x86 (CommonJS), bundled. Its glue reads its .wasm from `__dirname`, which in a bundle is dist/: it gets
 * dist/iced-x86.wasm, iced-x86's module with its ~760 function exports moved into a table (made below; see
 * core/wasm-export-table.ts: instantiating the original costs 5-7 ms more), and reaches the functions through
 * lazyExports. The build fails if the glue's loading lines are not there (a new iced-x86).
 */
const ICED_WASM_LINES = [
  "const path = require('path').join(__dirname, 'iced_x86_bg.wasm');",
  "wasm = wasmInstance.exports;",
  "const wasmModule = new WebAssembly.Module(bytes);",
];
const exportTable = JSON.stringify(here("../core/wasm-export-table.ts"));
/**
 * What the bundles get for `iced-x86`: its exports, the module itself loaded on first use (which commands need
 * it, and when: below); loading it costs ~4 ms (its glue's top level, compiling and instantiating its wasm).
 * Register and OpCodeOperandKind are
 * read while the modules load (toolchain/asm/iced.ts keeps them in constants), so those two enums are served
 * from copies made here.
 */
function icedLazyText() {
  const iced = require("iced-x86");
  const eager = { Register: iced.Register, OpCodeOperandKind: iced.OpCodeOperandKind };
  return "var real = null;\n" +
    "function load() { return real || (real = require(\"kernlab-iced-x86\")); }\n" +
    `var eager = { ${Object.entries(eager).map(([k, v]) => `${k}: Object.freeze(JSON.parse(${JSON.stringify(JSON.stringify(v))}))`).join(", ")} };\n` +
    `${JSON.stringify(Object.keys(iced))}.forEach(function (name) {\n` +
    "  Object.defineProperty(module.exports, name, name in eager ? { enumerable: true, value: eager[name] } : { enumerable: true, get: function () { return load()[name]; } });\n" +
    "});\n";
}
/**
 * iced-x86's glue, about half a megabyte of JavaScript, is not in the command bundles: they load it from
 * dist/iced-x86-<hash>.cjs on first use (bin/kernlab.js compiles it with V8's code cache, as it compiles the
 * bundles). `kernlab run` and `inspect` use it only to decode (crash reports, watchpoints, `--disasm`, the
 * debugger); the assembler only for what toolchain/asm/encode-legacy.ts does not encode itself (VEX, lock/rep).
 * `icedPlugin(glueFile)` resolves `iced-x86` to the lazy exports above and the real module to that file;
 * `icedPlugin(null)` bundles the glue itself (the build of that file).
 */
const icedPlugin = (glueFile) => ({
  name: "iced-x86-commonjs",
  setup(b) {
    b.onResolve({ filter: /^iced-x86$/ }, () => ({ path: "iced-x86", namespace: "iced-lazy" }));
    b.onLoad({ filter: /.*/, namespace: "iced-lazy" }, () => ({ contents: icedLazyText(), loader: "js", resolveDir: here(".") }));
    b.onResolve({ filter: /^kernlab-iced-x86$/ }, () => glueFile
      ? { path: `./${glueFile}`, external: true }
      : { path: require.resolve("iced-x86/iced_x86.js"), namespace: "iced-commonjs" });
    b.onResolve({ filter: /^kernlab-iced-x86-glue$/ }, () => ({ path: require.resolve("iced-x86/iced_x86.js"), namespace: "iced-commonjs" }));
    b.onLoad({ filter: /.*/, namespace: "iced-commonjs" }, ({ path }) => {
      const text = readFileSync(path, "utf8");
      for (const line of ICED_WASM_LINES) {
        if (!text.includes(line)) throw new Error(`${path}: the line "${line}" changed; update scripts/build-cli.mjs`);
      }
      // Its ~30 enums (Code: 4,900 members, Mnemonic: 1,900…) are frozen objects built when the glue loads, several
      // ms of a start-up that reads one or two of them: each is built on first read instead.
      const ENUM = /^module\.exports\.(\w+) = Object\.freeze\((\{[\s\S]*?\})\);$/gm;
      const enums = text.match(ENUM)?.length ?? 0;
      if (enums < 20) throw new Error(`${path}: found ${enums} enums; update the enum pattern in scripts/build-cli.mjs`);
      // Compiled by bin/kernlab.js as it compiles v86.wasm (V8_FLAGS.wasmCompile there: lazy validation, no
      // TurboFan tier-up for a short run, the flags put back to Node's defaults at once), through the function it
      // leaves on globalThis; under Node's defaults when the bundle runs without it.
      const compile = "function kernlabCompile(bytes) {\n" +
        "  var compile = globalThis[Symbol.for('kernlab.compileWasm')];\n" +
        "  return compile ? compile(bytes) : new WebAssembly.Module(bytes);\n}\n";
      const lazyEnums = compile + "function kernlabLazyEnum(o, name, make) {\n" +
        "  Object.defineProperty(o, name, { configurable: true, enumerable: true, get: function () {\n" +
        "    var v = make(); Object.defineProperty(o, name, { value: v, writable: true, enumerable: true, configurable: true }); return v;\n" +
        "  } });\n}\n";
      return {
        contents: lazyEnums + text
          .replace(ENUM, (_, name, body) => `kernlabLazyEnum(module.exports, ${JSON.stringify(name)}, function () { return Object.freeze(${body}); });`)
          .replace(ICED_WASM_LINES[0], "const path = require('path').join(__dirname, 'iced-x86.wasm');")
          .replace(ICED_WASM_LINES[1], `wasm = require(${exportTable}).lazyExports(wasmModule, wasmInstance);`)
          .replace(ICED_WASM_LINES[2], "const wasmModule = kernlabCompile(bytes);"),
        loader: "js",
        resolveDir: here("."),
      };
    });
  },
});

/** The commands, as scripts/cli.ts lists them (`name: () => import("./commands/name")`). */
const cliSource = readFileSync(here("./cli.ts"), "utf8");
const commands = [...cliSource.matchAll(/^\s*(\w+): \(\) => import\("\.\/commands\/(\w+)"\)/gm)].map((m) => ({ name: m[1], file: m[2] }));
if (commands.length === 0) throw new Error("scripts/build-cli.mjs: found no commands in scripts/cli.ts");

/** Each bundle's entry: main(argv, context) as bin/kernlab.js calls it. */
const entryText = (name) => {
  const context = JSON.stringify(here("./context.ts"));
  if (name === "cli") {
    return `import { main as dispatch } from ${JSON.stringify(here("./cli.ts"))};\nimport { enterCli } from ${context};\n` +
      "export function main(argv, context) { enterCli(context); return dispatch(argv); }\n";
  }
  const file = commands.find((c) => c.name === name).file;
  return `import { command } from ${JSON.stringify(here(`./commands/${file}.ts`))};\n` +
    `import { runCommand } from ${JSON.stringify(here("./dispatch.ts"))};\nimport { enterCli } from ${context};\n` +
    `export function main(argv, context) { enterCli(context); return runCommand(${JSON.stringify(name)}, command, argv.slice(1)); }\n`;
};
const entries = {
  name: "kernlab-entries",
  setup(b) {
    b.onResolve({ filter: /^kernlab-entry:/ }, ({ path }) => ({ path: path.slice("kernlab-entry:".length), namespace: "kernlab-entry" }));
    b.onLoad({ filter: /.*/, namespace: "kernlab-entry" }, ({ path }) => ({ contents: entryText(path), loader: "js", resolveDir: here(".") }));
  },
};

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const dist = here("../dist");
const tmp = `${dist}.${process.pid}.tmp`;
rmSync(tmp, { recursive: true, force: true });
const names = ["cli", ...commands.map((c) => c.name)];
const bundleOptions = {
  entryNames: "[name]-[hash]",
  outdir: tmp,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  minifyWhitespace: true,
  minifySyntax: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // Packages that are optional, native, or only used by development commands stay outside.
  external: ["node-pty", "playwright-core", "esbuild", "vitest", "tsx", "tsx/*"],
  // import.meta.url of the bundled ES modules: the bundle's own file URL, made on first use (pathToFileURL
  // costs ~0.3 ms, and most commands never ask).
  define: { KERNLAB_VERSION: JSON.stringify(pkg.version), "import.meta.url": "__kernlab_meta.url" },
  banner: { js: "var __kernlab_meta = { get url() { var u = require(\"node:url\").pathToFileURL(__filename).href; Object.defineProperty(this, \"url\", { value: u }); return u; } };" },
  metafile: true,
  logLevel: "warning",
};
const entryPointsOf = (list) => Object.fromEntries(list.map((n) => [n, `kernlab-entry:${n}`]));
// dist/iced-x86-<hash>.cjs first: the command bundles name it.
const glueBuild = await build({ ...bundleOptions, entryPoints: { "iced-x86": "kernlab-iced-x86-glue" }, plugins: [icedPlugin(null)] });
const glueOut = Object.keys(glueBuild.metafile.outputs).find((o) => o.endsWith(".cjs"));
const commandBuild = await build({ ...bundleOptions, entryPoints: entryPointsOf(names), plugins: [entries, v86Bundled, icedPlugin(basename(glueOut))] });
/**
 * The worker of `kernlab verify A.elf B.elf …` (verify/matrix.ts), and its default builder, as ES modules
 * beside the bundles: matrix.ts finds them as ./matrix-worker.js and ./matrix-sample.js next to its own file.
 * iced-x86 is require()d here (imported as ESM, Node would first scan its 900 KB for export names); v86 is
 * imported from the package.
 */
const icedByRequire = {
  name: "iced-x86-by-require",
  setup(b) {
    b.onResolve({ filter: /^iced-x86$/ }, () => ({ path: "iced-x86", namespace: "iced-require" }));
    b.onLoad({ filter: /.*/, namespace: "iced-require" }, () => ({ contents: 'module.exports = require("iced-x86/iced_x86.js");', loader: "js" }));
  },
};
await build({
  entryPoints: { "matrix-worker": here("../verify/matrix-worker.ts"), "matrix-sample": here("../verify/matrix-sample.ts") },
  outdir: tmp,
  chunkNames: "chunk-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["v86", "iced-x86/*", "esbuild", "tsx", "tsx/*"],
  banner: { js: "import { createRequire as __kernlab_createRequire } from 'node:module'; const require = __kernlab_createRequire(import.meta.url);" },
  plugins: [icedByRequire],
  logLevel: "warning",
});

/**
 * Whether bin/kernlab.js may compile a bundle with V8's code cache. In Node 20 a script compiled from a code
 * cache loses its dynamic-import callback ("A dynamic import callback was not specified"), so a bundle that
 * may call import() at run time (loading a user's layout or rules module: scripts/util/modules.ts) is loaded
 * by Node's own require() instead. v86's two import() calls are on paths a CommonJS bundle never takes
 * (`typeof crypto`, `typeof require` are defined), so they do not count.
 */
const UNREACHED_IMPORTS = ['import("node:crypto")', 'import("node:fs/promises")'];
function mayImport(text) {
  for (const s of UNREACHED_IMPORTS) text = text.split(s).join("");
  return /(?<![\w$.])import\(/.test(text);
}
/** The function wrapper of a bundle that bin/kernlab.js compiles with V8's code cache (loadBundle there). */
const BUNDLE_WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) { ";
const BUNDLE_WRAPPER_TAIL = "\n})";
const files = {};
for (const [out, meta] of [...Object.entries(commandBuild.metafile.outputs), [glueOut, { entryPoint: "kernlab-entry:icedGlue" }]]) {
  const name = meta.entryPoint?.replace(/^kernlab-entry:/, "");
  if (!name) continue;
  const text = readFileSync(out, "latin1");
  // bin/kernlab.js reads bundles as Latin-1 (no UTF-8 decoding): they must be ASCII, as esbuild writes them
  // (charset "ascii", its default, escapes every other character).
  if (/[^\x00-\x7f]/.test(text)) throw new Error(`scripts/build-cli.mjs: ${out} is not ASCII; bin/kernlab.js reads bundles as Latin-1`);
  const codeCache = !mayImport(text);
  // A bundle bin/kernlab.js compiles itself is stored inside the function wrapper it compiles (Node's CommonJS
  // one), so the file's text is the script's source as read: no concatenated copy of a megabyte to flatten.
  if (codeCache) writeFileSync(out, `${BUNDLE_WRAPPER_HEAD}${text}${BUNDLE_WRAPPER_TAIL}`);
  files[name] = { file: basename(out), codeCache };
}
const { cli, icedGlue, ...byCommand } = files;
writeFileSync(`${tmp}/entries.json`, JSON.stringify({ version: pkg.version, cli, icedGlue, commands: byCommand }, null, 2) + "\n");
/**
 * v86.wasm with kernlab's v86 fixes applied (emulator/v86-fixes/), made once here instead of in every first
 * run: emulator/wasm-node.ts and bin/kernlab.js load dist/v86-fixed.wasm when its key section names the
 * v86.wasm installed beside it (`prebuilt <size>`: v86 is pinned to one exact version). Its function exports
 * are moved into a table (core/wasm-export-table.ts; emulator/v86-adapter.ts reads them back), as are
 * iced-x86's in dist/iced-x86.wasm, and its names and DWARF sections are left out.
 */
{
  const tools = await build({
    stdin: {
      contents: `export { applyV86Fixes, WasmModule } from ${JSON.stringify(here("../emulator/v86-fixes/index.ts"))};\n` +
        `export { moveExportsToTable } from ${JSON.stringify(here("./build/wasm-export-table.ts"))};\n`,
      resolveDir: here("."), loader: "ts",
    },
    bundle: true, write: false, format: "esm", platform: "neutral", logLevel: "warning",
  });
  const { applyV86Fixes, WasmModule, moveExportsToTable } = await import("data:text/javascript;base64," + Buffer.from(tools.outputFiles[0].text).toString("base64"));
  const original = readFileSync(require.resolve("v86/build/v86.wasm"));
  const m = WasmModule.parse(moveExportsToTable(applyV86Fixes(new Uint8Array(original))));
  m.setCustomSection("kernlab.v86-fixes-key", new TextEncoder().encode(`prebuilt ${original.length}`));
  // v86's function names and DWARF (~470 KB of its 2 MB): read and copied by every compile, used by no one at
  // run time (they only name v86's functions in a profiler).
  m.removeCustomSections((name) => name === "name" || name.startsWith(".debug_"));
  writeFileSync(`${tmp}/v86-fixed.wasm`, m.encode());
  writeFileSync(`${tmp}/iced-x86.wasm`, moveExportsToTable(new Uint8Array(readFileSync(require.resolve("iced-x86/iced_x86_bg.wasm")))));
}

const old = `${dist}.${process.pid}.old`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(tmp, dist);
rmSync(old, { recursive: true, force: true });

/**
 * V8 code caches shipped in dist/code-cache/ (bin/kernlab.js uses one when the user's cache folder has none),
 * so that a first `kernlab nasm`, `ld`, `run`, `inspect` or `sample` deserializes compiled code instead of compiling its
 * bundle (and iced-x86's glue, when a command loads it). Made by running each command once on a tiny kernel, through bin/kernlab.js itself (V8 accepts a
 * cache only under the same V8 version and flags, and bin/kernlab.js sets flags per command); named, as in
 * the user's folder, by the bundle's content hash and the Node version and architecture that made it: another
 * Node uses none of them and writes its own on first run. A failing command only means no shipped cache.
 */
{
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync, mkdirSync, readdirSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const work = mkdtempSync(join(tmpdir(), "kernlab-code-cache-"));
  const caches = join(work, "caches");
  const file = (name, text) => { writeFileSync(join(work, name), text); return join(work, name); };
  const kernelAsm = file("kernel.asm", [
    "bits 32", "section .multiboot", "align 4", "    dd 0x1BADB002, 3, -(0x1BADB002 + 3)", "extern msg", "section .text", "global _start",
    "_start:", "    mov esi, msg", ".next:", "    lodsb", "    test al, al", "    jz .done", "    mov dx, 0x3F8", "    out dx, al", "    jmp .next",
    ".done:", "    xor eax, eax", "    out 0xF4, al", "    cli", ".hang:", "    hlt", "    jmp .hang", "",
  ].join("\n"));
  // an instruction encode-legacy.ts leaves to iced-x86: its glue's code cache
  const vexAsm = file("vex.asm", "bits 32\nsection .text\n    vaddps ymm0, ymm1, [eax+4]\n    lock add [eax], ebx\n");
  const dataAsm = file("data.asm", "bits 32\nsection .rodata\nglobal msg\nmsg: db \"code cache\", 10, 0\n");
  const script = file("kernel.ld", "ENTRY(_start)\nSECTIONS\n{\n  . = 1M;\n  .text : ALIGN(4K) { *(.multiboot) *(.text) }\n" +
    "  .rodata : ALIGN(4K) { *(.rodata) }\n  .data : ALIGN(4K) { *(.data) }\n  .bss : ALIGN(4K) { *(COMMON) *(.bss) }\n}\n");
  const elf = join(work, "kernel.elf");
  const runs = [
    ["nasm", "-felf32", kernelAsm, "-o", join(work, "kernel.o")],
    ["nasm", "-felf32", dataAsm, "-o", join(work, "data.o")],
    ["nasm", "-felf32", vexAsm, "-o", join(work, "vex.o")],
    ["ld", "-m", "elf_i386", "-T", script, join(work, "kernel.o"), join(work, "data.o"), "-o", elf],
    ["run", elf],
    ["inspect", elf],
    ["sample"], // `npm start`: the sample kernel, assembled, linked, booted and verified
  ];
  for (const args of runs) {
    const r = spawnSync(process.execPath, [here("../bin/kernlab.js"), ...args], {
      cwd: work, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KERNLAB_CACHE: "1", KERNLAB_CACHE_DIR: caches }, timeout: 60_000,
    });
    if (r.status !== 0) process.stderr.write(`scripts/build-cli.mjs: no shipped code cache for 'kernlab ${args[0]}' (exit ${r.status}): ${String(r.stderr).slice(0, 300)}\n`);
  }
  const made = existsSync(caches) ? readdirSync(caches).filter((f) => f.endsWith(".v8cache")) : [];
  const target = join(dist, "code-cache"), staging = `${target}.${process.pid}.tmp`;
  mkdirSync(staging, { recursive: true });
  for (const f of made) renameSync(join(caches, f), join(staging, f));
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  rmSync(work, { recursive: true, force: true });
}
