// The lab's timeline worker (web/timeline-worker.ts) in Node, fed messages as the page posts them: "who-wrote"
// answers what replay/reverse.ts's whoWrote says over openReplay of the same recording (physical bytes, the
// recording's symbols), a who-wrote still waiting its turn when a newer one arrives answers "cancelled", and a
// bad length is an error reply, not a dead worker. (The page side: test/web/lab-who-wrote.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { symbolTable, type Machine } from "../../emulator/index";
import { createMachine } from "../../replay/machine";
import { nodeWasmModule } from "../../emulator/wasm-node";
import { openReplay } from "../../replay/index";
import { whoWrote } from "../../replay/reverse";
import type { TimelineRequest, TimelineResponse } from "../../web/timeline-protocol";
import { buildReverseKernel } from "../replay/reverse-kernel";

const replies: TimelineResponse[] = [];
const waiting = new Map<number, (r: TimelineResponse) => void>();
const worker: { postMessage(m: TimelineResponse): void; onmessage?: (e: { data: TimelineRequest }) => void } = {
  postMessage(m) { replies.push(m); waiting.get(m.id)?.(m); waiting.delete(m.id); },
};
let next = 1;
/** Posts a request as the page does (no await between posts made in one go); resolves with its reply. */
function post(req: TimelineRequest extends infer R ? R extends { id: number } ? Omit<R, "id"> : never : never): Promise<TimelineResponse> {
  const id = next++;
  const done = new Promise<TimelineResponse>((ok) => waiting.set(id, ok));
  worker.onmessage!({ data: { ...req, id } as TimelineRequest });
  return done;
}

describe("timeline worker: who-wrote", () => {
  let machine: Machine;
  const kernel = buildReverseKernel();
  const symbols = symbolTable(kernel);
  let klrec: Uint8Array;

  beforeAll(async () => {
    (globalThis as unknown as { self: unknown }).self = worker;
    await import("../../web/timeline-worker");
    machine = await createMachine({ memoryMiB: 4 });
    const run = machine.boot(kernel, { record: true, timeout: { instructions: 10_000 } });
    await run.result;
    klrec = await run.recording!.bytes();
    expect((await post({ kind: "init", wasm: await nodeWasmModule() })).kind).toBe("init");
    const opened = await post({ kind: "open", bytes: klrec, name: "who.klrec" });
    expect(opened.kind).toBe("opened");
  });
  afterAll(() => machine?.destroy());

  it("answers as whoWrote over openReplay does; an older question still waiting is cancelled by a newer one", async () => {
    const replay = await openReplay(machine, klrec);
    const end = replay.end(), counter = symbols.address("counter")!, result = symbols.address("result")!;
    const older = post({ kind: "who-wrote", addr: result, length: 4, at: end });
    const newer = post({ kind: "who-wrote", addr: counter, length: 4, at: end });
    expect(await older).toEqual({ id: expect.any(Number), kind: "cancelled" });
    const w = await whoWrote(replay, counter, 4, { at: end, physical: true, symbols });
    expect(w?.symbol).toBe("store");
    expect(await newer).toEqual({ id: expect.any(Number), kind: "who-wrote", answer: { addr: counter, length: 4, at: end, write: w } });
    // alone, the same question about result: written once, by kmain's store of EAX
    const r = await post({ kind: "who-wrote", addr: result, length: 4, at: end });
    const wr = await whoWrote(replay, result, 4, { at: end, physical: true, symbols });
    expect(wr).not.toBeNull();
    expect(r).toMatchObject({ kind: "who-wrote", answer: { write: wr } });
    // before anything wrote counter (count 1): none; a bad length: an error reply, and the worker goes on
    expect(await post({ kind: "who-wrote", addr: counter, length: 4, at: 1 })).toMatchObject({ kind: "who-wrote", answer: { write: null } });
    expect(await post({ kind: "who-wrote", addr: counter, length: 0, at: end })).toMatchObject({ kind: "error", message: expect.stringMatching(/length must be 1\.\.4096/) });
    expect((await post({ kind: "seek", count: w!.at })).kind).toBe("frame");
    await replay.close();
  });
});
