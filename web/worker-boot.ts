/**
 * The build worker's first module: worker.ts imports it before the toolchain, so its body runs as soon as
 * worker.js is parsed, before the toolchain's module bodies are evaluated, and iced-x86's WebAssembly
 * compiles (off this thread) meanwhile. Nothing else belongs here: every statement added runs before the
 * compile starts.
 */
import { compileWasm } from "./wasm-fetch";

/** ms since the worker was created when worker.js was parsed and began to run. */
export const parsedAt = performance.now();

/** iced-x86's compiled module, or the error that kept it from compiling. */
export const icedX86Module: Promise<WebAssembly.Module | Error> =
  compileWasm(new URL("iced_x86_bg.wasm", self.location.href)).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
