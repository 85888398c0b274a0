#!/usr/bin/env node
// kernlab's executable: loads the bundle of the command being run (dist/<command>-<hash>.cjs, built by
// `npm install` through "prepare": scripts/build-cli.mjs), or the TypeScript sources through tsx when there
// is no bundle (a checkout without a build). It is not the dispatcher (scripts/cli.ts is); it chooses V8
// settings, compiles the bundle with V8's code cache, and decides how the process ends.
//
// Start-up and exit dominate a one-shot `kernlab run` (bench/: boot-whole), so:
// - The bundle is compiled with vm.Script and V8's code cache, kept in the user's project's
//   node_modules/.cache/kernlab (cacheFolder; KERNLAB_CACHE_DIR moves it, KERNLAB_CACHE=0 turns every kernlab
//   cache off, the shipped one included). The build ships a cache for each one-shot command made by the Node
//   version that built it (dist/code-cache/), so a first run on that Node deserializes compiled code too; on
//   another Node (or under other V8 flags) V8 rejects it, and the first run writes the user's cache after its
//   command finished. The cache is an optimisation only: its name carries the bundle's content hash and Node's
//   version, V8 checks its own version, flags, the source's length and a checksum of the cache, and a missing,
//   unreadable, rejected or unwritable cache means compiling as usual.
// - Commands that boot compile v86's WebAssembly before the bundle loads, and hand the module over. V8 flags
//   are set only around the operation that needs them and put back at once (V8_FLAGS below: any flag left
//   changed makes every Node module loaded afterwards compile from source instead of Node's built-in code
//   cache): lazy validation and a raised tier-up budget while v86's (and, in the bundle, iced-x86's) module
//   compiles, so a short boot does not spend ~130 ms of a background thread on TurboFan code for v86's
//   interpreter loop; the checksum of a code cache while one is read or made.
// - one-shot commands end the process as soon as their output is flushed (process.exit) instead of
//   waiting for V8's background compile jobs and v86's timers to wind down.
//
// This file is CommonJS (bin/package.json says so): Node starts a CommonJS entry without setting up its
// ES module loader, which costs a few milliseconds of every start-up; import() still works from here.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { setFlagsFromString } = require("node:v8");

/** Commands that are done when main() resolves (no server, no interactive session left running). */
const ONE_SHOT = new Set(["run", "nasm", "ld", "link", "build", "sample", "verify"]);
/** Commands that boot v86 (unless asked for help, or `inspect --static`). */
const BOOTS = new Set(["run", "sample", "inspect", "verify"]);

const argv = process.argv.slice(2);
const name = argv[0] ?? "";
const helpOnly = argv.includes("--help") || argv.includes("-h");
const root = path.join(__dirname, "..");

/**
 * V8 flags are set only around the one V8 operation that needs them, then put back to Node's defaults. V8's
 * checks of a code cache include a hash of all its flags, and Node's own modules (net, stream, perf_hooks…)
 * load from a code cache built into the node binary under the default flags: while any flag differs, every
 * Node module loaded is parsed and compiled from its source instead (~25 modules in a `kernlab run`, 10 ms
 * or more). Each pair is [set, back to the default of Node 20's V8].
 */
const V8_FLAGS = {
  // V8 checks a code cache's version, flags and source length, but its contents only with this flag (off in
  // release builds): with it, a cache with one flipped bit is rejected instead of run. It costs ~0.05 ms. It
  // is on while a code cache is made and while one is read (same flags, same hash).
  codeCache: [["--verify-snapshot-checksum", "--no-verify-snapshot-checksum"]],
  // Compiling v86's WebAssembly: validated lazily, function by function (a trusted, pinned module: the
  // synchronous compile costs ~3 ms instead of ~20); and V8's tier-up budget raised (read when the module is
  // compiled): v86's code stays in Liftoff (baseline) code unless a guest computes long enough for optimized
  // code to pay off, so a short boot does not spend ~130 ms of a background thread compiling v86's
  // interpreter loop with TurboFan (the process would wait for it at exit).
  wasmCompile: [["--wasm-lazy-validation", "--no-wasm-lazy-validation"], ["--wasm-tiering-budget=100000000", "--wasm-tiering-budget=1800000"]],
};

function withV8Flags(pairs, fn) {
  for (const [set] of pairs) setFlagsFromString(set);
  try {
    return fn();
  } finally {
    for (const [, reset] of pairs) setFlagsFromString(reset);
  }
}

/**
 * How the bundles compile a WebAssembly module they load themselves (iced-x86's, in the glue scripts/build-cli.mjs
 * bundles): with V8_FLAGS.wasmCompile set for just that call, as compileV86 below compiles v86's. A global, so
 * that iced-x86's glue reaches it from dist/iced-x86-<hash>.cjs; without it (kernlab's library, the
 * tests) modules compile under Node's defaults.
 */
function compileWasm(bytes) {
  return withV8Flags(V8_FLAGS.wasmCompile, () => new WebAssembly.Module(bytes));
}
globalThis[Symbol.for("kernlab.compileWasm")] = compileWasm;

/**
 * The standard streams Node has made (on first use of process.stdout / process.stderr): the exit waits for
 * those to drain, and does not make the others (making one costs ~2.5 ms: Node loads its stream modules).
 */
const madeStreams = { stdout: null, stderr: null };
for (const name of ["stdout", "stderr"]) {
  const own = Object.getOwnPropertyDescriptor(process, name);
  if (!own || !own.get || !own.configurable) { madeStreams[name] = process[name]; continue; }
  Object.defineProperty(process, name, { configurable: true, enumerable: own.enumerable, get() { return (madeStreams[name] = own.get.call(process)); } });
}

/**
 * v86.wasm compiled before the bundle loads (the file emulator/wasm-node.ts would read), as a resolved promise
 * for the bundle (scripts/context.ts), or undefined. Compiled synchronously, with V8_FLAGS.wasmCompile set
 * for just that call (an asynchronous compile would read them at some later point, while Node modules load).
 */
function compileV86(cacheDir) {
  const compile = (file) => compileWasm(fs.readFileSync(file));
  // v86.wasm with kernlab's v86 fixes applied: the module the CLI build ships, else the one
  // emulator/wasm-node.ts patched into the cache folder (for a build made without it); wasm-node checks the
  // key inside either and patches again if it does not fit the installed v86.wasm.
  for (const file of [path.join(root, "dist", "v86-fixed.wasm"), ...(cacheDir ? [path.join(cacheDir, "v86-fixed.wasm")] : [])]) {
    try {
      return Promise.resolve(compile(file));
    } catch {
      // not there, or not a module: the next candidate
    }
  }
  return undefined; // emulator/wasm-node.ts patches and compiles the package's v86.wasm
}

/**
 * The folder for kernlab's caches, or null when caching is off: KERNLAB_CACHE_DIR, else the user's project's
 * node_modules/.cache/kernlab (the project: the nearest folder at or above the current directory holding a
 * package.json), else the user's cache folder ($XDG_CACHE_HOME or ~/.cache, then kernlab/). Never kernlab's own
 * install folder, which may be shared, read-only or a linked checkout.
 */
function cacheFolder() {
  const setting = (process.env.KERNLAB_CACHE ?? "").toLowerCase();
  if (["0", "off", "false", "no"].includes(setting)) return null;
  if (process.env.KERNLAB_CACHE_DIR) return path.resolve(process.env.KERNLAB_CACHE_DIR);
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return path.join(dir, "node_modules", ".cache", "kernlab");
    if (path.dirname(dir) === dir) break;
  }
  const home = process.env.XDG_CACHE_HOME || (process.env.HOME ? path.join(process.env.HOME, ".cache") : null);
  return home ? path.join(home, "kernlab") : null;
}

/**
 * Reads dist/entries.json, or null without a bundle: { cli: Entry, commands: { name: Entry } }, where
 * Entry = { file, codeCache }: codeCache says the bundle is compiled here with a code cache (its file then holds
 * it inside the function wrapper loadBundle compiles), else Node loads it with require().
 */
function readEntries() {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, "dist", "entries.json"), "utf8"));
  } catch {
    return null;
  }
}

/** A code cache file's contents, or undefined when it is missing, unreadable or no regular file of sane size. */
function readCodeCache(file) {
  // bounded: a cache path that is a FIFO, a device or huge is no cache (a FIFO would block the read)
  try { const st = fs.statSync(file); return st.isFile() && st.size < 256 << 20 ? fs.readFileSync(file) : undefined; } catch { return undefined; }
}

/**
 * The `require` a bundle gets: iced-x86's glue (entries.icedGlue, which the bundles load on first use) compiled
 * with the code cache as the bundles are; other paths relative to the bundle's folder; everything else (Node's
 * modules, the optional packages kept outside the bundles) as this file requires them: both sit in the same
 * package. Cheaper than module.createRequire, which loads Node's node:module (~0.3 ms).
 */
function bundleRequire(file, loading) {
  const dir = path.dirname(file);
  return (id) => {
    const glue = loading.entries.icedGlue;
    if (glue && glue.codeCache && id === `./${glue.file}`) {
      if (!loading.glue) {
        const loaded = loadBundle(path.join(dir, glue.file), loading);
        loading.savers.push(loaded.saveCache);
        loading.glue = loaded;
      }
      return loading.glue.exports;
    }
    return require(id.startsWith("./") || id.startsWith("../") ? path.join(dir, id) : id);
  };
}

/**
 * Compiles and runs a CommonJS bundle the way Node's loader would (same wrapper, so line numbers in stack
 * traces are the file's), with V8's code cache: the user's (`loading.cacheDir`), else the one the build made for this
 * bundle on this Node version (dist/code-cache/, made by scripts/build-cli.mjs by running the command once, so a
 * first run needs no compile either). Returns its exports and a function that writes the user's cache when
 * there was no cache or V8 rejected the one it got (another Node build, other V8 flags, damage).
 */
function loadBundle(file, loading) {
  const { cacheDir } = loading;
  const vm = require("node:vm");
  // Read as Latin-1: the build writes bundles in ASCII (scripts/build-cli.mjs checks), and V8 makes a one-byte
  // string of Latin-1 without decoding UTF-8 (~2 ms less for `kernlab run`'s 1 MB bundle).
  const source = fs.readFileSync(file, "latin1");
  const bundleName = path.basename(file, ".cjs"); // run-UJTY24RD: the command and the content hash
  const command = bundleName.slice(0, bundleName.lastIndexOf("-") + 1);
  const cacheName = `${bundleName}.node-${process.version}-${process.arch}.v8cache`;
  const cacheFile = cacheDir && path.join(cacheDir, cacheName);
  let cachedData;
  if (cacheFile) cachedData = readCodeCache(cacheFile) ?? readCodeCache(path.join(root, "dist", "code-cache", cacheName));
  // The file holds the bundle inside Node's CommonJS function wrapper already (scripts/build-cli.mjs).
  const script = withV8Flags(V8_FLAGS.codeCache, () => new vm.Script(source, {
    filename: file,
    cachedData,
  }));
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, bundleRequire(file, loading), module, file, path.dirname(file));
  const saveCache = () => {
    if (!cacheFile || (cachedData && !script.cachedDataRejected)) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      const data = withV8Flags(V8_FLAGS.codeCache, () => script.createCachedData());
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, cacheFile);
      // The caches of this command's earlier bundles are dead weight: their content hash never comes back.
      for (const f of fs.readdirSync(cacheDir)) {
        if (f.startsWith(command) && f.endsWith(".v8cache") && f !== path.basename(cacheFile)) fs.rmSync(path.join(cacheDir, f), { force: true });
      }
    } catch {
      // A read-only install, a full disk, a cache path that is a directory: the next run compiles again.
      try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to remove */ }
    }
  };
  return { exports: module.exports, saveCache };
}

async function start() {
  const entries = readEntries();
  let main;
  /** What loadBundle needs, and the code caches to write when the command is done (the bundle's, the glue's). */
  const loading = { entries, cacheDir: null, savers: [], glue: null };
  if (entries) {
    const entry = entries.commands?.[name] ?? entries.cli;
    const file = path.join(root, "dist", entry.file);
    const cacheDir = (loading.cacheDir = cacheFolder());
    const v86Wasm = BOOTS.has(name) && !helpOnly && !(name === "inspect" && argv.includes("--static")) ? compileV86(cacheDir) : undefined;
    let bundle;
    if (entry.codeCache) {
      bundle = loadBundle(file, loading);
      loading.savers.push(bundle.saveCache);
    } else {
      bundle = { exports: require(file) }; // it may import() modules: Node's own loader (see scripts/build-cli.mjs)
    }
    const buildId = /-([A-Z0-9]+)\.cjs$/.exec(entry.file)?.[1] ?? null;
    main = (args) => bundle.exports.main(args, { buildId, cacheDir, v86Wasm });
  } else {
    // A checkout whose dist/ was not built (`npm install` builds it): run the sources through tsx, a
    // development dependency. An installed package always has dist/.
    let register;
    try { ({ register } = await import("tsx/esm/api")); } catch {
      process.stderr.write("kernlab: dist/ is missing and tsx is not installed: run 'npm install' in the kernlab checkout\n");
      return void (process.exitCode = 70);
    }
    register();
    ({ main } = await import(require("node:url").pathToFileURL(path.join(root, "scripts", "cli.ts")).href));
  }
  const code = await main(argv);
  process.exitCode = code;
  // A help text or a usage mistake runs little of the bundle: not worth caching.
  if (code !== 2 && !helpOnly) for (const save of loading.savers) save();
  if (ONE_SHOT.has(name) && !argv.includes("--console")) {
    // Exit once stdout and stderr have taken everything written so far.
    const drain = (stream, then) => (stream ? stream.write("", then) : then());
    drain(madeStreams.stdout, () => drain(madeStreams.stderr, () => process.exit(code)));
  }
}

start().catch((e) => {
  process.stderr.write(`kernlab: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 70;
});
