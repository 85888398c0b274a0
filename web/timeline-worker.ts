/**
 * The lab's timeline worker (timeline-worker.js): replays a recorded run (.klrec) in a v86 of its own, off the
 * page's main thread, so dragging the timeline slider never blocks the page. The page sends v86's compiled
 * WebAssembly ("init"), a recording ("open"), then positions ("seek", already coalesced by the page:
 * web/seek-queue.ts); each seek answers with the frame at that instruction (web/timeline-frame.ts: the memory
 * model read from the replayed guest's RAM). Opening a recording is replay/'s job (web/replay-open.ts).
 * "Who wrote this?" ("who-wrote") runs replay/reverse.ts's whoWrote at the slider's count with the
 * recording's kernel symbols; a newer who-wrote or an open aborts the one under way (its AbortSignal, seen
 * between the scan's steps) and that one answers "cancelled".
 */
import { formatDiagnostics, isKernlabError } from "../core/diagnostics";
import { readElf } from "../toolchain/elf/read";
import { symbolTable } from "../emulator/symbols";
import { frameAt } from "./timeline-frame";
import { openRecording } from "./replay-open";
import { whoWrote } from "../replay/reverse";
import type { Timeline } from "../replay/timeline";

import type { TimelineRequest, TimelineResponse } from "./timeline-protocol";
import { provideSetImmediate } from "./immediate";

provideSetImmediate(); // v86 yields between slices with setImmediate (web/immediate.ts)

let wasm: WebAssembly.Module | null = null;
let current: { timeline: Timeline; kernel: { elf: ReturnType<typeof readElf>; symbols: ReturnType<typeof symbolTable> }; ramBytes: number; close(): void } | null = null;

const reply = (m: TimelineResponse) => (self as unknown as Worker).postMessage(m);
const failure = (id: number, e: unknown): TimelineResponse => {
  // as the CLI prints it (`kernlab replay FILE`): "FILE: error: the recording is truncated: …"
  if (isKernlabError(e)) return { id, kind: "error", message: formatDiagnostics(e.diagnostics).trimEnd(), code: e.diagnostics[0]?.code ?? "error" };
  return { id, kind: "error", message: e instanceof Error ? e.message : String(e) };
};

/** One request at a time, in order (a seek waits for the open before it). */
let chain: Promise<void> = Promise.resolve();
/** The who-wrote under way or waiting its turn: a newer one (or an open) aborts it at once, not in its turn. */
let asking: AbortController | null = null;
self.onmessage = (e: MessageEvent<TimelineRequest>) => {
  const req = e.data;
  if (req.kind === "who-wrote" || req.kind === "open") {
    asking?.abort();
    asking = null;
  }
  if (req.kind === "who-wrote") {
    const abort = new AbortController();
    asking = abort;
    chain = chain.then(() => askWho(req, abort.signal)).catch((err: unknown) => reply(abort.signal.aborted ? { id: req.id, kind: "cancelled" } : failure(req.id, err)));
    return;
  }
  chain = chain.then(() => handle(req)).catch((err: unknown) => reply(failure(req.id, err)));
};

async function askWho(req: Extract<TimelineRequest, { kind: "who-wrote" }>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) { reply({ id: req.id, kind: "cancelled" }); return; }
  if (!current) throw new Error("no recording is open");
  const t = current.timeline;
  const write = await whoWrote(t, req.addr, req.length, { at: req.at, physical: true, symbols: current.kernel.symbols, signal });
  if (signal.aborted) { reply({ id: req.id, kind: "cancelled" }); return; }
  reply({ id: req.id, kind: "who-wrote", answer: { addr: req.addr, length: req.length, at: req.at, write } });
}

async function handle(req: TimelineRequest): Promise<void> {
  if (req.kind === "init") {
    wasm = req.wasm;
    reply({ id: req.id, kind: "init" });
  } else if (req.kind === "open") {
    if (!wasm) throw new Error("the timeline worker has no v86 module yet");
    const r = await openRecording(req.bytes, wasm, req.name, () => { current?.close(); current = null; });
    const elf = readElf(r.kernel, req.name);
    current = { timeline: r.timeline, kernel: { elf, symbols: symbolTable(r.kernel) }, ramBytes: r.ramBytes, close: r.close };
    const t = r.timeline;
    reply({ id: req.id, kind: "opened", timeline: {
      name: req.name, end: t.end(), events: t.events().map((x) => ({ ...x })), snapshots: [...t.snapshots()], kernel: r.kernel.slice(), ramBytes: r.ramBytes,
    } });
  } else if (req.kind === "seek") {
    if (!current) throw new Error("no recording is open");
    const frame = await frameAt(current.timeline, req.count, current.kernel, current.ramBytes);
    reply({ id: req.id, kind: "frame", frame });
  } else if (req.kind === "read") {
    if (!current) throw new Error("no recording is open");
    reply({ id: req.id, kind: "bytes", at: current.timeline.position(), bytes: current.timeline.debug.readPhysical(req.addr, req.length) });
  }
}
