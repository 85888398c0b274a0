/**
 * The lab's build worker entry: compiles iced-x86 first (web/iced-wasm.ts), then loads the toolchain with a
 * dynamic import (web/worker-main.ts) so iced-x86's module body runs only once its WebAssembly is ready.
 * Builds and disassembly run here, off the page's main thread (Chromium forbids synchronous compiles of
 * large WebAssembly modules on the main thread; the toolchain's iced-x86 instance is created synchronously).
 * Each start-up step is reported to the page as a timing mark (protocol.ts, WorkerTiming).
 */
import { loadIcedX86 } from "./iced-wasm";
import type { WorkerReady, WorkerRequest, WorkerTiming } from "./protocol";

const t0 = performance.now();
const at = () => performance.timeOrigin + performance.now();
const marks: Record<string, number> = { "worker-start": performance.timeOrigin + t0 };
const pending: MessageEvent<WorkerRequest>[] = [];
let handle: ((e: MessageEvent<WorkerRequest>) => void) | null = null;
self.onmessage = (e: MessageEvent<WorkerRequest>) => (handle ? handle(e) : pending.push(e));

const post = (m: WorkerReady | WorkerTiming) => (self as unknown as Worker).postMessage(m);
try {
  await loadIcedX86(new URL("iced_x86_bg.wasm", self.location.href));
  marks["worker-iced-compiled"] = at();
  const icedMs = performance.now() - t0;
  const main = await import("./worker-main");
  marks["worker-toolchain-loaded"] = at();
  handle = main.handleRequest;
  post({ kind: "ready", ms: performance.now() - t0, icedMs });
  const requests = pending.splice(0);
  // Unless the page already asked for something, assemble the bundled sources now, while it is loading.
  if (requests.length === 0) { main.prebuild(); marks["worker-prebuilt"] = at(); }
  post({ kind: "timing", marks });
  for (const e of requests) main.handleRequest(e);
} catch (e) {
  post({ kind: "load-failed", message: e instanceof Error ? e.message : String(e) });
}
