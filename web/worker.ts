/**
 * The lab's build worker entry (worker.js, a few hundred bytes): it starts compiling iced-x86's WebAssembly
 * and fetching the toolchain (worker-main.js, its own bundle) at once, so the download, parse and evaluation
 * of the toolchain overlap the compile; web/iced-wasm.ts then instantiates iced-x86. Builds and disassembly
 * run in this worker, off the page's main thread (Chromium forbids synchronous compiles of large
 * WebAssembly modules on the main thread; iced-x86's instance is created synchronously).
 * Each start-up step is reported to the page as a timing mark (protocol.ts, WorkerTiming).
 */
import { compileWasm } from "./wasm-fetch";
import type { WorkerReady, WorkerRequest, WorkerTiming } from "./protocol";

const epoch = (ms: number) => performance.timeOrigin + ms;
const marks: Record<string, number> = { "worker-created": epoch(0), "worker-started": epoch(performance.now()) };
const pending: MessageEvent<WorkerRequest>[] = [];
let handle: ((e: MessageEvent<WorkerRequest>) => void) | null = null;
self.onmessage = (e: MessageEvent<WorkerRequest>) => (handle ? handle(e) : pending.push(e));
const post = (m: WorkerReady | WorkerTiming) => (self as unknown as Worker).postMessage(m);

const iced = compileWasm(new URL("iced_x86_bg.wasm", self.location.href)).then((m) => { marks["worker-iced-compiled"] = epoch(performance.now()); return m; });
// A separate bundle (scripts/build-web.ts): iced-x86's loader in it only registers an instantiate function.
const toolchain = import("./worker-main.js").then((m) => { marks["worker-toolchain-loaded"] = epoch(performance.now()); return m; });

try {
  const [module, main] = await Promise.all([iced, toolchain]);
  main.provideIcedX86(module);
  marks["worker-iced-instantiated"] = epoch(performance.now());
  handle = main.handleRequest;
  post({ kind: "ready", ms: performance.now() });
  const requests = pending.splice(0);
  // Unless the page already asked for something, assemble the bundled sources now, while it is loading.
  if (requests.length === 0) { main.prebuild(); marks["worker-prebuilt"] = epoch(performance.now()); }
  post({ kind: "timing", marks });
  for (const e of requests) main.handleRequest(e);
} catch (e) {
  post({ kind: "load-failed", message: e instanceof Error ? e.message : String(e) });
}
