// The vitest matchers: toSatisfyLayoutRules messages, toMatchLayoutSnapshot create / compare / update, paths.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultSnapshotPath } from "../../verify/matchers";
import { noOverlap, startsAt } from "../../verify/rules";
import { seedReport } from "./helpers/synthetic";

describe("layout matchers", () => {
  let dir: string;
  const saved = { CI: process.env.CI, UPDATE: process.env.KERNLAB_UPDATE_LAYOUT };
  // vitest decides its snapshot update mode once, at start-up, from the CI environment ("none" under CI,
  // "new" on a developer machine). These tests set it explicitly so they mean the same thing everywhere.
  type SnapshotState = { _updateSnapshot?: string };
  let snapshotState: SnapshotState | undefined;
  let savedMode: string | undefined;
  beforeEach(() => {
    snapshotState = (expect.getState() as unknown as { snapshotState?: SnapshotState }).snapshotState;
    savedMode = snapshotState?._updateSnapshot;
    dir = mkdtempSync(join(tmpdir(), "kernlab-matchers-"));
    delete process.env.CI;
    delete process.env.KERNLAB_UPDATE_LAYOUT;
    if (snapshotState) snapshotState._updateSnapshot = "new";
  });
  afterEach(() => {
    if (snapshotState) snapshotState._updateSnapshot = savedMode;
    if (saved.CI === undefined) delete process.env.CI; else process.env.CI = saved.CI;
    if (saved.UPDATE === undefined) delete process.env.KERNLAB_UPDATE_LAYOUT; else process.env.KERNLAB_UPDATE_LAYOUT = saved.UPDATE;
  });

  it("toSatisfyLayoutRules passes, fails with each failing rule, and works with .not", () => {
    const r = seedReport();
    expect(r).toSatisfyLayoutRules([startsAt(".text", 0x100000), noOverlap()]);
    expect(() => expect(r).toSatisfyLayoutRules([startsAt(".text", 0x100000), startsAt(".data", 0x104000)]))
      .toThrow("1 of 2 layout rules failed for seed.elf:\n✗ startsAt(.data, 0x00104000): .data starts at 0x00103000, expected 0x00104000 (-4096 bytes)\n    .data [0x00103000, 0x00103200)");
    expect(r).not.toSatisfyLayoutRules([startsAt(".data", 0x104000)]);
    expect(() => expect({ not: "a report" }).toSatisfyLayoutRules([])).toThrow(/expected a LayoutReport/);
  });

  it("toMatchLayoutSnapshot writes on first use, matches, fails with the diff, updates on request", () => {
    const file = join(dir, "layout.json");
    const r = seedReport();
    expect(r).toMatchLayoutSnapshot(file);
    expect(existsSync(file)).toBe(true);
    expect(r).toMatchLayoutSnapshot(file);
    const moved = seedReport();
    moved.sections.find((s) => s.name === ".bss")!.size += 512;
    expect(() => expect(moved).toMatchLayoutSnapshot(file)).toThrow(`layout differs from ${file}:\n.bss grew by 512 bytes\n`);
    expect(moved).toMatchLayoutSnapshot(file, { tolerances: { "sections/.bss/size": 512 } });
    process.env.KERNLAB_UPDATE_LAYOUT = "1";
    expect(moved).toMatchLayoutSnapshot(file);
    delete process.env.KERNLAB_UPDATE_LAYOUT;
    expect(JSON.parse(readFileSync(file, "utf8")).sections[".bss"].size).toBe(0x3000 + 512);
    expect(moved).toMatchLayoutSnapshot(file);
  });

  it("under CI a missing snapshot fails instead of being written", () => {
    process.env.CI = "1";
    const file = join(dir, "missing.json");
    expect(() => expect(seedReport()).toMatchLayoutSnapshot(file)).toThrow(`no layout snapshot at ${file} (CI): run vitest with -u to write it`);
    expect(existsSync(file)).toBe(false);
  });

  it("default path: __layout__ beside the test file, named after the test", () => {
    expect(defaultSnapshotPath("/p/test/kernel.test.ts", "kernel layout > at 1 MiB")).toBe("/p/test/__layout__/kernel.test.kernel-layout-at-1-MiB.json");
  });
});
