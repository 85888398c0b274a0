/**
 * Browser: compile a WebAssembly file served beside the page. Streaming compilation when the server sends
 * `application/wasm`; static hosts that send another type (or none) fall back to compiling the downloaded
 * bytes, so the built lab works from any static host. Errors name the file and the HTTP status. Used for
 * v86.wasm (page) and iced_x86_bg.wasm (build worker); nothing here knows either module.
 */
export async function compileWasm(url: string | URL): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${String(url)}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === "function" && response.headers.get("content-type")?.startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
