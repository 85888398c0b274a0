/**
 * Browser-only: the handshake between the lab and the bundled iced-x86 loader. scripts/build-web.ts rewrites
 * the package's Node loader (which reads its .wasm with fs and compiles it synchronously) so that its module
 * body only registers an instantiate function (globalThis.__kernlabIcedX86Instantiate) when no compiled
 * module is there yet; provideIcedX86() hands it the WebAssembly.Module compiled asynchronously (worker.ts
 * compiles it while the toolchain bundle loads). Calls into iced-x86 before that throw a clear error.
 * It is not the disassembler (toolchain/disasm.ts) and compiles nothing itself (wasm-fetch.ts does).
 */
declare global {
  // eslint-disable-next-line no-var
  var __kernlabIcedX86Module: WebAssembly.Module | undefined;
  // eslint-disable-next-line no-var
  var __kernlabIcedX86Instantiate: ((module: WebAssembly.Module) => void) | undefined;
}

/** Instantiate iced-x86 from a compiled module; a no-op after the first call. */
export function provideIcedX86(module: WebAssembly.Module): void {
  if (globalThis.__kernlabIcedX86Module) return;
  globalThis.__kernlabIcedX86Module = module;
  const instantiate = globalThis.__kernlabIcedX86Instantiate;
  globalThis.__kernlabIcedX86Instantiate = undefined;
  instantiate?.(module); // otherwise iced-x86's module body has not run yet and will find the module itself
}
