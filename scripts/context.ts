/**
 * What the executable (bin/kernlab.js) tells the bundled CLI before a command runs: the content hash of the
 * bundle (it keys on-disk caches, so a changed kernlab never reads an older one's results), where caches may
 * go (null: caching is off), and a compile of v86's WebAssembly it started before the bundle loaded. Running
 * from the TypeScript sources (tsx, tests) nobody calls enterCli: no build id, no caches.
 */
import { useNodeWasmModule } from "../emulator/wasm-node";

export interface CliContext {
  /** Content hash of the running bundle; null when running from sources. */
  buildId: string | null;
  /** Folder for on-disk caches; null when caching is off (KERNLAB_CACHE=0) or there is no bundle. */
  cacheDir: string | null;
}

export interface EntryContext extends Partial<CliContext> {
  /** v86.wasm compiling since the process started (bin/kernlab.js, for commands that boot). */
  v86Wasm?: Promise<WebAssembly.Module>;
}

let current: CliContext = { buildId: null, cacheDir: null };

export function cliContext(): CliContext {
  return current;
}

/** Called once by a bundle's main() before its command runs. */
export function enterCli(context: EntryContext = {}): void {
  current = { buildId: context.buildId ?? null, cacheDir: context.buildId ? context.cacheDir ?? null : null };
  const cache = current.cacheDir && current.buildId ? { dir: current.cacheDir, buildId: current.buildId } : null;
  if (context.v86Wasm) useNodeWasmModule(context.v86Wasm, cache);
}
