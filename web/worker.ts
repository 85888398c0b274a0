/**
 * The lab's build worker entry, bundled with the toolchain (web/worker-main.ts) as one file, worker.js:
 * its first import (worker-boot.ts) starts compiling iced-x86's WebAssembly while the rest of the bundle is
 * evaluated; web/iced-wasm.ts instantiates it then. Builds and disassembly run here, off the page's main
 * thread (Chromium forbids synchronous compiles of large WebAssembly modules on the main thread; iced-x86's
 * instance is created synchronously). Each start-up step is reported to the page as a timing mark.
 */
import { icedX86Module, parsedAt } from "./worker-boot";
import { provideIcedX86 } from "./iced-wasm";
import { handleRequest, prebuild } from "./worker-main";
import type { WorkerReady, WorkerRequest, WorkerTiming } from "./protocol";

const epoch = (ms: number) => performance.timeOrigin + ms;
const marks: Record<string, number> = {
  "worker-created": epoch(0), "worker-parsed": epoch(parsedAt), "worker-evaluated": epoch(performance.now()),
};
const pending: MessageEvent<WorkerRequest>[] = [];
let ready = false;
self.onmessage = (e: MessageEvent<WorkerRequest>) => (ready ? handleRequest(e) : pending.push(e));

const post = (m: WorkerReady | WorkerTiming) => (self as unknown as Worker).postMessage(m);
void icedX86Module.then((module) => {
  if (module instanceof Error) return post({ kind: "load-failed", message: module.message });
  try {
    provideIcedX86(module);
  } catch (e) {
    return post({ kind: "load-failed", message: e instanceof Error ? e.message : String(e) });
  }
  marks["worker-iced-instantiated"] = epoch(performance.now());
  ready = true;
  post({ kind: "ready", ms: performance.now() });
  const requests = pending.splice(0);
  // Unless the page already asked for something, assemble the bundled sources now, while it is loading.
  if (requests.length === 0) { prebuild(); marks["worker-prebuilt"] = epoch(performance.now()); }
  post({ kind: "timing", marks });
  for (const e of requests) handleRequest(e);
});
