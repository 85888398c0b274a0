/**
 * Node: find v86's v86.wasm in node_modules and compile it once per process (cached). Uses
 * process.getBuiltinModule instead of static `node:` imports, so bundling this file for the browser is
 * harmless (it is never called there: the browser passes wasmModule/wasmBytes, see wasm-browser.ts).
 */
let cached: Promise<WebAssembly.Module> | null = null;

interface NodeProcess { getBuiltinModule?(id: string): unknown; versions?: { node?: string } }

export function isNode(): boolean {
  const p = (globalThis as { process?: NodeProcess }).process;
  return !!p?.versions?.node && typeof p.getBuiltinModule === "function";
}

/** v86.wasm compiled once for this process (or worker). */
export function nodeWasmModule(): Promise<WebAssembly.Module> {
  if (!cached) {
    cached = compileFromPackage();
    cached.catch(() => { cached = null; });
  }
  return cached;
}

/**
 * Adopt a compile of v86.wasm (the same file nodeWasmModule reads) that started earlier: bin/kernlab.js
 * starts it before loading the CLI bundle, so it finishes on a background thread while the bundle loads.
 * If it fails, the file is read and compiled here instead (and that error, if any, is the one reported).
 */
export function useNodeWasmModule(compiling: Promise<WebAssembly.Module>): void {
  if (cached) { compiling.catch(() => undefined); return; } // one is compiled already: drop this one
  cached = compiling.catch(() => compileFromPackage());
  cached.catch(() => { cached = null; });
}

async function compileFromPackage(): Promise<WebAssembly.Module> {
  const p = (globalThis as { process?: NodeProcess }).process!;
  const fs = p.getBuiltinModule!("node:fs") as { readFileSync(path: string): Uint8Array<ArrayBuffer> };
  const mod = p.getBuiltinModule!("node:module") as { createRequire(from: string): { resolve(id: string): string } };
  const path = mod.createRequire(import.meta.url).resolve("v86/build/v86.wasm");
  return WebAssembly.compile(fs.readFileSync(path));
}
