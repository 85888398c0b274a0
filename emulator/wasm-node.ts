/**
 * Node: find v86's v86.wasm in node_modules, apply kernlab's v86 fixes (emulator/v86-fixes/) and compile it
 * once per process (cached). Uses process.getBuiltinModule instead of static `node:` imports, so bundling
 * this file for the browser is harmless (it is never called there: the browser passes wasmModule/wasmBytes,
 * see wasm-browser.ts).
 *
 * Patching costs hundreds of ms of a cold process, more than a one-shot `kernlab run` itself, so the CLI build
 * ships the patched module (dist/v86-fixed.wasm, keyed `prebuilt <size of v86.wasm>`) and bin/kernlab.js
 * compiles that file early; without it (a build from another v86.wasm), the bundled CLI keeps the module it
 * patched in its cache folder (v86-fixed.wasm, keyed by the bundle's build id and v86.wasm's size and mtime,
 * recorded in a custom section).
 */
import { applyV86Fixes } from "./v86-fixes/index";
import { WasmModule } from "./v86-fixes/wasm-module";

let cached: Promise<WebAssembly.Module> | null = null;

interface NodeProcess { getBuiltinModule?(id: string): unknown; versions?: { node?: string }; pid?: number }
interface NodeFs {
  readFileSync(path: string): Uint8Array<ArrayBuffer>;
  statSync(path: string): { size: number; mtimeMs: number };
  writeFileSync(path: string, data: Uint8Array): void;
  renameSync(from: string, to: string): void;
  mkdirSync(path: string, opts: { recursive: boolean }): void;
  rmSync(path: string, opts: { force: boolean }): void;
}

/** The name of the patched module in the CLI's cache folder (bin/kernlab.js compiles it early). */
export const PATCHED_WASM_FILE = "v86-fixed.wasm";
/** Custom section of the cached patched module: the key it was made for. */
const KEY_SECTION = "kernlab.v86-fixes-key";

/** Where the CLI keeps caches, and its build id (enterCli); null when running from sources or caching is off. */
let diskCache: { dir: string; buildId: string } | null = null;

export function isNode(): boolean {
  const p = (globalThis as { process?: NodeProcess }).process;
  return !!p?.versions?.node && typeof p.getBuiltinModule === "function";
}

function nodeFs(): NodeFs {
  return (globalThis as { process?: NodeProcess }).process!.getBuiltinModule!("node:fs") as NodeFs;
}

let wasmPath: string | null = null;

/** v86.wasm's path in the installed v86 package (resolved once: a resolve reads package.json files). */
function packageWasmPath(): string {
  if (wasmPath) return wasmPath;
  const p = (globalThis as { process?: NodeProcess }).process!;
  const mod = p.getBuiltinModule!("node:module") as { createRequire(from: string): { resolve(id: string): string } };
  return (wasmPath = mod.createRequire(import.meta.url).resolve("v86/build/v86.wasm"));
}

/** v86.wasm as shipped by the v86 package (no fixes): for tests that boot without a fix. */
export function nodeWasmBytes(): Uint8Array<ArrayBuffer> {
  return nodeFs().readFileSync(packageWasmPath());
}

/** v86.wasm with every v86 fix, compiled once for this process (or worker). */
export function nodeWasmModule(): Promise<WebAssembly.Module> {
  if (!cached) {
    cached = compilePatched();
    cached.catch(() => { cached = null; });
  }
  return cached;
}

/**
 * Adopt a compile of v86.wasm that started earlier: bin/kernlab.js starts it before loading the CLI bundle
 * (of the cached patched module when there is one), so it finishes on a background thread while the bundle
 * loads. It is used only if it is the patched module this bundle would make (its key section says so);
 * otherwise, or if it fails, the module is patched and compiled here. `cache`: the CLI's cache folder and
 * build id (enterCli), where the patched module is kept for the next process.
 */
export function useNodeWasmModule(compiling: Promise<WebAssembly.Module>, cache: { dir: string; buildId: string } | null = null): void {
  diskCache = cache;
  if (cached) { compiling.catch(() => undefined); return; } // one is compiled already: drop this one
  cached = compiling.then(
    (m) => {
      const key = cacheKeyOf(m);
      const fits = key !== null && (key.startsWith("prebuilt ") ? key === prebuiltKey() : key === expectedKey());
      return fits ? m : compilePatched();
    },
    () => compilePatched(),
  );
  cached.catch(() => { cached = null; });
}

function cacheKeyOf(m: WebAssembly.Module): string | null {
  const sections = WebAssembly.Module.customSections(m, KEY_SECTION);
  return sections.length === 1 ? new TextDecoder().decode(sections[0]) : null;
}

/** The key of the patched module this process makes: build id, v86.wasm's size and mtime; null: no disk cache. */
function expectedKey(): string | null {
  if (!diskCache) return null;
  try {
    const st = nodeFs().statSync(packageWasmPath());
    return `${diskCache.buildId} ${st.size} ${st.mtimeMs}`;
  } catch {
    return null;
  }
}

/** The key of the patched module the CLI build ships (dist/v86-fixed.wasm): the size of the pinned v86.wasm. */
function prebuiltKey(): string | null {
  try {
    return `prebuilt ${nodeFs().statSync(packageWasmPath()).size}`;
  } catch {
    return null;
  }
}

/** dist/v86-fixed.wasm beside the bundle (scripts/build-cli.mjs), when it was made from the installed v86.wasm. */
function prebuiltBytes(fs: NodeFs): Uint8Array<ArrayBuffer> | null {
  try {
    if (!import.meta.url.startsWith("file:") || import.meta.url.endsWith(".ts")) return null;
    const bytes = fs.readFileSync(new URL(`./${PATCHED_WASM_FILE}`, import.meta.url).pathname);
    const data = WasmModule.parse(bytes).customSection(KEY_SECTION);
    return data && new TextDecoder().decode(data) === prebuiltKey() ? bytes : null;
  } catch {
    return null;
  }
}

async function compilePatched(): Promise<WebAssembly.Module> {
  const fs = nodeFs();
  const prebuilt = prebuiltBytes(fs);
  if (prebuilt) return WebAssembly.compile(prebuilt);
  const key = expectedKey();
  const cacheFile = diskCache && key ? `${diskCache.dir}/${PATCHED_WASM_FILE}` : null;
  if (cacheFile) {
    try {
      const bytes = fs.readFileSync(cacheFile);
      const data = WasmModule.parse(bytes).customSection(KEY_SECTION);
      if (data && new TextDecoder().decode(data) === key) return await WebAssembly.compile(bytes);
    } catch {
      // missing, unreadable or stale: patch again
    }
  }
  const patched = applyV86Fixes(nodeWasmBytes());
  let bytes = patched;
  if (cacheFile && key) {
    const m = WasmModule.parse(patched);
    m.setCustomSection(KEY_SECTION, new TextEncoder().encode(key));
    bytes = m.encode();
    writeCache(fs, cacheFile, bytes);
  }
  return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
}

/** Write the cache file through a temporary name (never a half-written module under the real name). */
function writeCache(fs: NodeFs, file: string, bytes: Uint8Array): void {
  const pid = (globalThis as { process?: NodeProcess }).process?.pid ?? 0;
  const tmp = `${file}.${pid}.tmp`;
  try {
    fs.mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch {
    try { fs.rmSync(tmp, { force: true }); } catch { /* the cache is an optimisation only */ }
  }
}
