/**
 * Browser (and workers): compile v86.wasm once from bytes or a URL the page serves, and hand the module to
 * createMachine({ wasmModule }). This file never touches Node; the page decides where v86.wasm comes from
 * (for example `new URL("v86/build/v86.wasm", import.meta.url)` through the bundler).
 */
const byKey = new Map<unknown, Promise<WebAssembly.Module>>();

/** Compile (once per URL string or per bytes object) with streaming compilation where available. */
export function browserWasmModule(source: string | URL | Uint8Array): Promise<WebAssembly.Module> {
  const key = source instanceof URL ? source.href : source;
  let p = byKey.get(key);
  if (!p) {
    p = typeof key === "string"
      ? (typeof WebAssembly.compileStreaming === "function"
          ? WebAssembly.compileStreaming(fetch(key))
          : fetch(key).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)))
      : WebAssembly.compile(key as Uint8Array<ArrayBuffer>);
    byKey.set(key, p);
    p.catch(() => byKey.delete(key));
  }
  return p;
}
