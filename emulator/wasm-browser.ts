/**
 * Browser (and workers): compile v86.wasm once from bytes or a URL the page serves, with kernlab's v86 fixes
 * applied (emulator/v86-fixes/), and hand the module to createMachine({ wasmModule }). This file never touches
 * Node; the page decides where v86.wasm comes from (for example `new URL("v86/build/v86.wasm",
 * import.meta.url)` through the bundler). The lab's own build (scripts/build-web.ts) ships v86.wasm already
 * patched; patching a patched module is a no-op (the module records its fixes), so either file works here.
 */
import { applyV86Fixes, type V86FixSelection } from "./v86-fixes/index";

const byKey = new Map<unknown, Map<string, Promise<WebAssembly.Module>>>();

/** Fetch (or take), patch and compile, once per URL string or per bytes object and selection. */
export function browserWasmModule(source: string | URL | Uint8Array, fixes: V86FixSelection = {}): Promise<WebAssembly.Module> {
  const key = source instanceof URL ? source.href : source;
  const selectionKey = JSON.stringify(fixes);
  let perSelection = byKey.get(key);
  if (!perSelection) { perSelection = new Map(); byKey.set(key, perSelection); }
  let p = perSelection.get(selectionKey);
  if (!p) {
    const bytes: Promise<Uint8Array> = typeof key === "string"
      ? fetch(key).then((r) => {
          if (!r.ok) throw new Error(`cannot load ${key}: HTTP ${r.status}`);
          return r.arrayBuffer();
        }).then((b) => new Uint8Array(b))
      : Promise.resolve(key as Uint8Array);
    p = bytes.then((b) => WebAssembly.compile(applyV86Fixes(b, fixes) as Uint8Array<ArrayBuffer>));
    const map = perSelection;
    map.set(selectionKey, p);
    p.catch(() => map.delete(selectionKey));
  }
  return p;
}
