/**
 * vitest matchers for layouts, typed through `declare module "vitest"`:
 *
 *   import "kernlab/verify/matchers";                         // registers the matchers (this file)
 *   const { report } = await runAndReport(elf);
 *   expect(report).toSatisfyLayoutRules([startsAt(".text", 0x100000), noOverlap()]);
 *   expect(report).toMatchLayoutSnapshot();                    // __layout__/<test file>.<test name>.json
 *
 * Snapshot files are created on first run (except under CI=1, where a missing file fails), compared after,
 * and rewritten when vitest runs with -u (or KERNLAB_UPDATE_LAYOUT=1), keeping the file's tolerances.
 * Other test runners use the plain functions re-exported at the bottom (checkRules, compareSnapshot, …).
 * This file imports vitest; verify/index.ts does not.
 */
import { basename, dirname, join } from "node:path";
import { mkdirSync } from "node:fs";
import { expect } from "vitest";
import { compareSnapshot, type CompareOptions } from "./diff";
import type { LayoutReport } from "./report";
import { checkRules, formatRuleResults, type LayoutRule } from "./rules";
import { takeSnapshot, type SnapshotOptions } from "./snapshot";
import { readSnapshotFile, writeSnapshotFile } from "./snapshot-file";

export interface LayoutSnapshotMatcherOptions extends SnapshotOptions, CompareOptions {}

interface LayoutMatchers<R = unknown> {
  /** The report's facts equal (within tolerances) the snapshot file's; `file` defaults to __layout__/<test>.json. */
  toMatchLayoutSnapshot(file?: string, options?: LayoutSnapshotMatcherOptions): R;
  /** Every rule passes; the failure message lists each failing rule with its evidence. */
  toSatisfyLayoutRules(rules: readonly LayoutRule[]): R;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends LayoutMatchers<T> {}
}

function isReport(v: unknown): v is LayoutReport {
  return !!v && typeof v === "object" && (v as { format?: unknown }).format === "kernlab-layout-report/1";
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 120) || "layout";
}

/** Where a test's layout snapshot lives by default. */
export function defaultSnapshotPath(testPath: string, testName: string): string {
  return join(dirname(testPath), "__layout__", `${basename(testPath).replace(/\.[cm]?[jt]sx?$/, "")}.${sanitize(testName)}.json`);
}

function updateMode(state: object): "all" | "new" | "none" {
  if (process.env.KERNLAB_UPDATE_LAYOUT === "1") return "all";
  const snap = (state as { snapshotState?: { _updateSnapshot?: unknown } }).snapshotState;
  const mode = snap?._updateSnapshot;
  if (mode === "all") return "all";
  // Under CI nothing is written unless asked for (vitest -u), as vitest does for its own snapshots.
  if (process.env.CI) return "none";
  return mode === "none" ? "none" : "new";
}

expect.extend({
  toSatisfyLayoutRules(received: unknown, rules: readonly LayoutRule[]) {
    if (!isReport(received)) return { pass: false, message: () => "toSatisfyLayoutRules: expected a LayoutReport (from buildLayoutReport or runAndReport)" };
    const { pass, results } = checkRules(received, rules);
    const failed = results.filter((r) => !r.pass);
    return {
      pass,
      message: () => pass
        ? `expected some layout rule to fail, but all ${results.length} hold:\n${formatRuleResults(results)}`
        : `${failed.length} of ${results.length} layout rules failed for ${received.kernel.fileName}:\n${formatRuleResults(failed)}`,
    };
  },

  toMatchLayoutSnapshot(received: unknown, file?: string, options: LayoutSnapshotMatcherOptions = {}) {
    if (!isReport(received)) return { pass: false, message: () => "toMatchLayoutSnapshot: expected a LayoutReport (from buildLayoutReport or runAndReport)" };
    const path = file ?? defaultSnapshotPath(this.testPath ?? "layout", this.currentTestName ?? "layout");
    const mode = updateMode(this);
    const existing = readSnapshotFile(path);
    const tolerances = { ...(existing?.tolerances ?? {}), ...(options.tolerances ?? {}) };
    const actual = takeSnapshot(received, { ...options, tolerances });
    if (!existing) {
      if (mode === "none") return { pass: false, message: () => `no layout snapshot at ${path} (CI): run vitest with -u to write it` };
      mkdirSync(dirname(path), { recursive: true });
      writeSnapshotFile(path, actual);
      return { pass: true, message: () => `wrote layout snapshot ${path}` };
    }
    const cmp = compareSnapshot(existing, actual, options.tolerances ? { tolerances: options.tolerances } : {});
    if (!cmp.pass && mode === "all") {
      writeSnapshotFile(path, actual);
      return { pass: true, message: () => `updated layout snapshot ${path}` };
    }
    return {
      pass: cmp.pass,
      message: () => cmp.pass ? `expected the layout to differ from ${path}, but it matches` : `layout differs from ${path}:\n${cmp.text}`,
    };
  },
});

export { checkRules, formatRuleResults } from "./rules";
export { compareSnapshot } from "./diff";
export { takeSnapshot } from "./snapshot";
