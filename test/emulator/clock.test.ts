// The guest clock: "realtime" (v86's timers on host wall time) and "virtual" (guest time from the instruction
// count, hlt waits skipped). The fixture counts PIT ticks at 100 Hz while it spins, then waits in hlt.
// v86 looks at its timers every ~100,000 instructions, so the assertions leave room for that granularity.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("guest clock", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 8 }); });
  afterAll(() => m?.destroy());

  const counters = () => {
    const syms = symbolTable(kernel("ticks"));
    return { ticks: m.memory.u32(syms.address("ticks")!), spins: m.memory.u32(syms.address("spins")!) };
  };

  it("virtual: every boot takes its timer interrupts at the same instructions", async () => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const r = await m.boot(kernel("ticks"), { clock: "virtual" }).result;
      runs.push({ verdict: r.verdict, instructions: r.instructions, ...counters() });
    }
    expect(runs[0]!.verdict).toEqual({ kind: "exited", code: 7 });
    expect(runs[0]!.ticks).toBe(20);
    expect(runs[0]!.spins).toBeGreaterThan(1000);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it("virtual: guest time is instructions / guestMips (half the rate, half the spins per tick)", async () => {
    await m.boot(kernel("ticks"), { clock: "virtual", guestMips: 100 }).result;
    const fast = counters().spins;
    await m.boot(kernel("ticks"), { clock: "virtual", guestMips: 50 }).result;
    const slow = counters().spins;
    expect(slow / fast).toBeGreaterThan(0.4);
    expect(slow / fast).toBeLessThan(0.6);
  });

  it("virtual: a ms timeout is guest time, and the guest saw exactly that much of it", async () => {
    const r = await m.boot(kernel("ticks"), { clock: "virtual", timeout: { ms: 155 } }).result;
    expect(r.verdict).toMatchObject({ kind: "timeout", limit: "155 ms of guest time" });
    expect(counters().ticks).toBe(15);
  });

  it("virtual: a guest idling with no timer at all still ends at its guest-time limit", async () => {
    const r = await m.boot(kernel("idle"), { clock: "virtual", timeout: { ms: 5_000 } }).result;
    expect(r.verdict).toMatchObject({ kind: "timeout", limit: "5000 ms of guest time" });
  });

  it("realtime (the default) runs the same kernel to the same end", async () => {
    const r = await m.boot(kernel("ticks")).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 7 });
    expect(counters().ticks).toBe(20);
  });
});
