/**
 * Browser-only: compiles iced-x86's WebAssembly asynchronously and leaves the module where the bundled
 * iced-x86 loader looks for it (globalThis.__kernlabIcedX86Module; scripts/build-web.ts rewrites the
 * package's Node loader to read it). Must run before anything imports iced-x86, which is why the worker
 * loads the toolchain with a dynamic import afterwards. It is not the disassembler (web/disassemble.ts).
 */
import { compileWasm } from "./wasm-fetch";

declare global {
  // eslint-disable-next-line no-var
  var __kernlabIcedX86Module: WebAssembly.Module | undefined;
}

export async function loadIcedX86(url: string | URL): Promise<void> {
  if (globalThis.__kernlabIcedX86Module) return;
  globalThis.__kernlabIcedX86Module = await compileWasm(url);
}
