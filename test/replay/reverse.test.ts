// replay/reverse.ts over both Timelines (the naive reboot-and-step one, reboot-timeline.ts, and a replay of
// a BootOptions.record recording, replay/replayer.ts): every answer is
// checked against a forward run of the same kernel recorded instruction by instruction (registers and the
// watched words at each count), so reverse-stepi, reverse-continue and who-wrote are held to what really ran.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine, type SymbolTable } from "../../index";
import type { FullRegisters } from "../../emulator/index";
import { reverseContinue, reverseStep, whoWrote } from "../../replay/reverse";
import { openReplay, type Replay } from "../../replay/replayer";
import type { Timeline } from "../../replay/timeline";
import { RebootTimeline } from "./reboot-timeline";
import { buildReverseKernel } from "./reverse-kernel";

interface Moment { regs: FullRegisters; counter: number; result: number }

type Closable = Timeline & { close(): Promise<unknown> };
type Make = (machine: Machine, kernel: Uint8Array, opts: { snapshotEvery?: number }) => Promise<Closable>;

/** A recording of the kernel (BootOptions.record) opened as a replay: tt's Timeline (replay/replayer.ts). */
const replayOf: Make = async (machine, kernel) => {
  const run = machine.boot(kernel, { record: true, timeout: { instructions: 10_000 } });
  await run.result;
  const t: Replay = await openReplay(machine, await run.recording!.bytes());
  return t;
};
const rebootOf: Make = (machine, kernel, opts) => RebootTimeline.create(machine, kernel, opts);

describe.each([["reboot-and-step", rebootOf], ["replay of a recording", replayOf]] as const)("reverse execution over a timeline (%s)", (_name, make) => {
  let machine: Machine;
  let kernel: Uint8Array;
  let syms: SymbolTable;
  /** history[k]: the machine at count k, from one forward run stepped one instruction at a time. */
  const history: Moment[] = [];
  let addr: (name: string) => number;

  beforeAll(async () => {
    kernel = buildReverseKernel();
    syms = symbolTable(kernel);
    addr = (name) => syms.address(name)!;
    machine = await createMachine({ memoryMiB: 4 });
    const run = machine.boot(kernel, { clock: "virtual", debug: { startPaused: true }, timeout: { instructions: 10_000 } });
    const dbg = run.debug!;
    await dbg.ready;
    const u32 = (a: number) => Buffer.from(dbg.readVirtual(a, 4)!).readUInt32LE(0);
    for (;;) {
      history.push({ regs: dbg.registers(), counter: u32(addr("counter")), result: u32(addr("result")) });
      const r = await dbg.step(1);
      if (r.kind === "ended") break;
    }
    expect((await run.result).verdict).toEqual({ kind: "exited", code: 22 });
  });
  afterAll(() => machine?.destroy());

  const countsAt = (eip: number) => history.flatMap((m, k) => (m.regs.eip === eip ? [k] : []));

  it("reverse-stepi stands at the previous instruction: registers as the forward run had them there", async () => {
    const t = await make(machine, kernel, { snapshotEvery: 8 });
    expect(t.end()).toBe(history.length); // the exit instruction is the last one counted
    for (const k of [1, 9, 16, 17, history.length - 2]) {
      await t.seek(k);
      expect(t.debug.registers()).toEqual(history[k]!.regs);
      expect(await reverseStep(t)).toEqual({ kind: "step" });
      expect(t.position()).toBe(k - 1);
      expect(t.debug.registers()).toEqual(history[k - 1]!.regs);
    }
    await t.seek(0);
    expect(await reverseStep(t)).toEqual({ kind: "history-begin" });
    expect(t.position()).toBe(0);
    await t.close();
  });

  it("reverse-continue walks back through each breakpoint hit, then reports the start of history", async () => {
    const hits = countsAt(addr("bump"));
    expect(hits).toHaveLength(5);
    const t = await make(machine, kernel, {});
    const id = t.debug.addBreakpoint("bump");
    // Short passes (many of them on this small kernel), and the default: some pass starts exactly at a hit,
    // which the pass before it must see (see reverse.ts's header).
    const passStarts = (from: number, first: number) => { const out: number[] = []; for (let len = first, hi = from; hi > 0; hi -= len, len *= 2) out.push(Math.max(0, hi - len)); return out; };
    let boundaryHit = false;
    for (const firstPass of [1, 2, 3, 5, 1 << 16]) {
      await t.seek(t.end() - 3);
      for (let i = 4; i >= 0; i--) {
        boundaryHit ||= passStarts(t.position(), firstPass).includes(hits[i]!);
        expect(await reverseContinue(t, { firstPass })).toEqual({ kind: "breakpoint", id, address: addr("bump") });
        expect(t.position()).toBe(hits[i]);
        expect(t.debug.registers()).toEqual(history[hits[i]!]!.regs);
      }
      expect(await reverseContinue(t, { firstPass })).toEqual({ kind: "history-begin" });
      expect(t.position()).toBe(0);
    }
    expect(boundaryHit).toBe(true);
    // Forward again from the start: the breakpoints are still there.
    expect(await t.debug.cont()).toEqual({ kind: "breakpoint", id, address: addr("bump") });
    expect(t.position()).toBe(hits[0]);
    await t.close();
  });

  it("reverse-continue with a write watchpoint stops before the writing instruction, old value in RAM", async () => {
    const t = await make(machine, kernel, { snapshotEvery: 10 });
    const id = t.debug.addWatchpoint({ start: addr("counter"), length: 4, access: "write" });
    await t.seek(t.end() - 1);
    const writes = countsAt(addr("store"));
    const sums = [5, 9, 12, 14, 15];
    for (let i = 4; i >= 0; i--) {
      const r = await reverseContinue(t, { firstPass: 4 });
      expect(r).toMatchObject({ kind: "watchpoint", id, access: "write", address: addr("counter"), eip: addr("store") });
      if (r.kind !== "watchpoint") throw new Error("unreachable");
      expect(Buffer.from(r.newValue!).readUInt32LE(0)).toBe(sums[i]);
      expect(Buffer.from(r.oldValue!).readUInt32LE(0)).toBe(i === 0 ? 0 : sums[i - 1]);
      expect(t.position()).toBe(writes[i]);
      expect(t.debug.registers().eip).toBe(addr("store"));
      expect(Buffer.from(t.debug.readVirtual(addr("counter"), 4)!).readUInt32LE(0)).toBe(history[writes[i]!]!.counter);
    }
    expect(await reverseContinue(t)).toEqual({ kind: "history-begin" });
    await t.close();
  });

  it("who-wrote: the last write before a point in time, and the timeline stays where it was", async () => {
    const t = await make(machine, kernel, { snapshotEvery: 12 });
    const bp = t.debug.addBreakpoint("kmain"); // user points do not disturb the search
    const end = t.end();
    await t.seek(end - 1);
    const writes = countsAt(addr("store"));
    const w = await whoWrote(t, addr("counter"), 4, { symbols: syms });
    expect(t.position()).toBe(end - 1);
    expect(t.debug.registers()).toEqual(history[end - 1]!.regs);
    expect(w).not.toBeNull();
    expect(w!.at).toBe(writes[4]);
    expect(w!.eip).toBe(addr("store"));
    expect(w!.symbol).toBe("store");
    expect(Array.from(w!.instruction.subarray(0, 5))).toEqual([0xa3, ...Buffer.from(Uint32Array.of(addr("counter")).buffer)]); // mov [counter], eax
    expect(Array.from(w!.oldValue!)).toEqual([14, 0, 0, 0]);
    expect(Array.from(w!.newValue!)).toEqual([15, 0, 0, 0]);
    // At an earlier moment: between the second and the third write.
    const mid = await whoWrote(t, addr("counter"), 4, { at: writes[2]!, firstPass: 2 });
    expect(mid!.at).toBe(writes[1]);
    expect(Array.from(mid!.newValue!)).toEqual([9, 0, 0, 0]);
    expect(mid!.symbol).toBeNull();
    // One byte of result: written once, by the store after the loop.
    const r = await whoWrote(t, addr("result"), 1, { symbols: syms });
    expect(r!.symbol).toBe("again+0xc"); // call (5) + loop (2) + mov eax, [counter] (5)
    expect(history[r!.at]!.regs.eip).toBe(r!.eip);
    // Before the first write, and a word nothing ever writes: no writer.
    expect(await whoWrote(t, addr("counter"), 4, { at: writes[0]! })).toBeNull();
    expect(await whoWrote(t, addr("stack"), 4)).toBeNull();
    expect(t.position()).toBe(end - 1);
    expect(await reverseContinue(t)).toMatchObject({ kind: "breakpoint", id: bp });
    await expect(whoWrote(t, addr("counter"), 4, { at: end + 1 })).rejects.toThrow(RangeError);
    await t.close();
  });
});
