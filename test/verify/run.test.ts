// runAndReport: boot the fixture kernel in v86 and judge its layout from guest RAM (not from the ELF's claims).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { createMachine, type Machine } from "../../emulator/index";
import { runAndReport } from "../../verify/run";
import {
  bssZeroAtEntry, checkRules, disjointFrames, exitsWith, heapAbove, heapGrowsUp, mapped, matchesFile, noOverlap, stackGrowsDown,
  stackHighWater, startsAt,
} from "../../verify/rules";
import "../../verify/matchers";
import { buildFixture } from "./helpers/fixture";

describe.skipIf(!oracle("nasm") || !oracle("ld"))("runAndReport on the fixture kernel", () => {
  let machine: Machine;
  const elf = buildFixture();
  beforeAll(async () => { machine = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => machine?.destroy());

  it("at the end of the run: every rule holds, measured from RAM", async () => {
    const { report, result } = await runAndReport(elf, { machine, fileName: "mini.elf", heap: { topSymbol: "heap_top" }, timeout: { ms: 10_000 } });
    expect(result.verdict).toEqual({ kind: "exited", code: 0 });
    expect(report.run).toMatchObject({ checkpoints: [1, 2], at: "end", missedCheckpoint: null });
    // 64 + 128 + 4096 bytes allocated: the break moved from __heap_start by 0x10c0.
    expect(report.heap).toMatchObject({ start: 0x107000, top: 0x1080c0, topAtEntry: 0x107000 });
    // _start's call (4) + kmain's push ebp (4) + 8 recursion frames of 64 bytes (60 + return address): 520 bytes.
    expect(report.stack?.highWater).toBe(520);
    expect(report.pageTables.map((a) => a.cr3)).toEqual([0x103000]);
    expect(report).toSatisfyLayoutRules([
      startsAt(".text", 0x100000), noOverlap(), heapAbove(".bss"), bssZeroAtEntry(), heapGrowsUp(), stackGrowsDown(),
      stackHighWater({ atMost: 1024 }), matchesFile(".text", ".rodata"), exitsWith(0),
      mapped({ from: 0x100000, to: 0x11b000, flags: "ws", identity: true }),
      mapped({ from: 0x40000000, to: 0x40001000, flags: "wu", paddr: 0x105000 }),
    ]);
    // The fixture's user page is carved out of its own .bss: disjointFrames catches exactly that.
    const r = checkRules(report, [disjointFrames()]).results[0]!;
    expect(r.pass).toBe(false);
    expect(r.message).toBe(".bss and user pages (CR3 0x00103000) share frames [0x00105000, 0x00106000)");
  });

  it("at a checkpoint: the state before paging, and a missed checkpoint is reported", async () => {
    const { report } = await runAndReport(elf, { machine, at: 1 });
    expect(report.run.at).toBe(1);
    expect(report.registers?.eip).toBeGreaterThan(0x100000);
    expect(report.pageTables).toEqual([]);
    expect(report.stack?.highWater).toBe(0);
    expect(checkRules(report, [stackGrowsDown()]).results[0]!.message).toBe("the painted stack is untouched: no growth to judge");
    const missed = await runAndReport(elf, { machine, at: 9 });
    expect(missed.report.run).toMatchObject({ at: "end", missedCheckpoint: 9 });
  });

  it("a failing rule set names every broken promise", async () => {
    const { report } = await runAndReport(elf, { machine });
    expect(() => expect(report).toSatisfyLayoutRules([startsAt(".text", 0x200000), stackHighWater({ atMost: 256 }), exitsWith(3)]))
      .toThrow([
        "3 of 3 layout rules failed for <kernel>:",
        "✗ startsAt(.text, 0x00200000): .text starts at 0x00100000, expected 0x00200000 (-1048576 bytes)",
        "    .text [0x00100000, 0x001000e1)",
        "✗ stackHighWater(atMost 256 B): stack high-water 520 B exceeds 256 B by 264 B",
        "    deepest use 520 bytes below 0x0011b000",
        "✗ exitsWith(3): exited with code 0, expected 3",
        "    checkpoints reached: 1, 2",
      ].join("\n"));
  });
});
