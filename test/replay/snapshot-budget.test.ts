// A replay's snapshot memory budget (replay/snapshot-budget.ts): with a budget far below what the replay would
// hold, held page data stays within it through a play to the end and seeks both ways (the decoded file
// snapshots and the in-memory ones far from the position are released or merged into their children), and
// every seek still stands exactly where a replay with no budget stands (registers and a hash of guest RAM),
// including seeks back across dropped snapshots; reverse-stepi still lands one instruction earlier.
// So does a replay with a budget below what the guest changes between two file snapshots (some of what it
// holds must be the snapshot it is synced to: held can exceed the budget by that much, and the snapshots
// just before the position are ones other snapshots were merged into).
// Four 16 MiB machines: one records, one replays with the budget, one with the smaller one, one without.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Machine } from "../../emulator/index";
import { createMachine } from "../../replay/machine";
import { openReplay, type Replay } from "../../replay/replayer";
import { reverseStep } from "../../replay/reverse";
import { DEFAULT_SNAPSHOT_BUDGET } from "../../replay/snapshot-budget";
import { ttKernel } from "./kernels";

/** Far below what tt-pages's replay holds with dense snapshots every 100,000 instructions (~4 MiB), above
 *  what the guest changes in 1,000,000 instructions (~170 pages: the most one pinned snapshot holds). */
const BUDGET = 1024 * 1024;
const DENSE = 100_000;
/** About 3 in-memory snapshots' pages. */
const TIGHT = 192 * 1024;

let rec: Machine, small: Machine, cramped: Machine, big: Machine;
let bytes: Uint8Array;
let end: number;
let budgeted: Replay, tight: Replay, unbounded: Replay;
beforeAll(async () => {
  [rec, small, cramped, big] = await Promise.all([16, 16, 16, 16].map((memoryMiB) => createMachine({ memoryMiB })));
  const run = rec.boot(ttKernel("tt-pages"), { record: { snapshotEvery: 1_000_000 }, timeout: { instructions: 20_000_000 } });
  const result = await run.result;
  expect(result.verdict).toEqual({ kind: "exited", code: 44 });
  end = result.instructions;
  bytes = await run.recording!.bytes();
  budgeted = await openReplay(small, bytes, { denseEvery: DENSE, snapshotBudget: BUDGET });
  tight = await openReplay(cramped, bytes, { denseEvery: DENSE, snapshotBudget: TIGHT });
  unbounded = await openReplay(big, bytes, { denseEvery: DENSE, snapshotBudget: Infinity });
});
afterAll(async () => {
  for (const r of [budgeted, tight, unbounded]) await r?.close();
  for (const m of [rec, small, cramped, big]) m?.destroy();
});

const ramHash = (m: Machine) => createHash("sha256").update(m.memory.bytes(0, m.memoryBytes)).digest("hex");

async function expectSameAt(count: number): Promise<void> {
  await budgeted.seek(count);
  await unbounded.seek(count);
  expect(budgeted.position()).toBe(count);
  expect(small.registers()).toEqual(big.registers());
  expect(ramHash(small)).toBe(ramHash(big));
  expect(budgeted.heldBytes()).toBeLessThanOrEqual(BUDGET);
  await tight.seek(count);
  expect(cramped.registers()).toEqual(big.registers());
  expect(ramHash(cramped)).toBe(ramHash(big));
  expect(tight.heldBytes()).toBeLessThanOrEqual(BUDGET); // TIGHT + what one snapshot's pages can reach here
}

describe("a replay's snapshot memory budget", () => {
  it("the default is 256 MiB, and a negative budget is refused", async () => {
    expect(DEFAULT_SNAPSHOT_BUDGET).toBe(256 * 1024 * 1024);
    await expect(openReplay(rec, bytes, { snapshotBudget: -1 })).rejects.toThrow(RangeError);
  });

  it("playing to the end holds at most the budget (without one it holds far more), and ends where the recording did", async () => {
    const v1 = await budgeted.playToEnd();
    const v2 = await unbounded.playToEnd();
    expect(v1).toEqual(v2);
    expect(budgeted.position()).toBe(end);
    expect(unbounded.heldBytes()).toBeGreaterThan(3 * BUDGET);
    expect(budgeted.heldBytes()).toBeGreaterThan(0);
    expect(budgeted.heldBytes()).toBeLessThanOrEqual(BUDGET);
    // In-memory snapshots were dropped, the file's are all still there (0 first).
    const fileAts = budgeted.file.snapshots.map((s) => s.at);
    expect(budgeted.snapshots().length).toBeLessThan(unbounded.snapshots().length);
    for (const at of fileAts) expect(budgeted.snapshots()).toContain(at);
    expect(budgeted.snapshots()[0]).toBe(0);
    expect(small.registers()).toEqual(big.registers());
    expect(ramHash(small)).toBe(ramHash(big));
  });

  it("seeks to random counts, backwards across dropped snapshots too, stand exactly where the unbounded replay stands", async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: end }), { minLength: 3, maxLength: 5 }), async (counts) => {
      for (const c of counts) await expectSameAt(c);
    }), { numRuns: 4, seed: 4242 });
    // Far back, then forward past where dense snapshots were merged away, then back again by small steps.
    for (const c of [end - 1, 150_001, end - 250_000, 1_000_000, 999_999, 4_333_333, 4_133_333, 2_500_000]) await expectSameAt(c);
  });

  it("the snapshots held up to 1,000,000 instructions before the position (some merged into) restore exactly", async () => {
    let merged = 0;
    for (const c of [end - 1, 4_500_000, 2_750_000, 1_900_000, 600_000]) {
      await expectSameAt(c);
      const below = [...new Set([...budgeted.snapshots(), ...tight.snapshots()].filter((s) => s < c && s >= c - 1_000_000))].sort((a, b) => b - a);
      merged += below.filter((at) => !budgeted.file.snapshots.some((s) => s.at === at)).length;
      for (const at of below) await expectSameAt(at);
    }
    expect(merged).toBeGreaterThan(3);
  });

  it("where the budgeted replays stand after dropping snapshots is where a fresh run stopped by an instruction limit stands", async () => {
    for (const count of [4_876_543, 1_234_567]) {
      await expectSameAt(count);
      const fresh = await rec.boot(ttKernel("tt-pages"), { record: true, timeout: { instructions: count } }).result;
      expect(fresh.instructions).toBe(count);
      expect(small.registers()).toEqual(rec.registers());
      expect(ramHash(small)).toBe(ramHash(rec));
      expect(ramHash(cramped)).toBe(ramHash(rec));
    }
  });

  it("reverse-stepi stands one instruction earlier, as the unbounded replay does", async () => {
    for (const k of [end - 5, 2_345_678, 1_000_001, 100_000, 1]) {
      await budgeted.seek(k);
      expect(await reverseStep(budgeted)).toEqual({ kind: "step" });
      expect(budgeted.position()).toBe(k - 1);
      await unbounded.seek(k - 1);
      expect(small.registers()).toEqual(big.registers());
      expect(ramHash(small)).toBe(ramHash(big));
      expect(budgeted.heldBytes()).toBeLessThanOrEqual(BUDGET);
    }
  });
});
