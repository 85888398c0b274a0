import {
  compareSnapshot,
  readSnapshotFile,
  writeSnapshotFile
} from "./chunk-RNPN5JHD.js";
import {
  takeSnapshot
} from "./chunk-P2XS6POQ.js";
import {
  checkRules,
  formatRuleResults
} from "./chunk-3FAEH6UQ.js";
import "./chunk-SL2PM32D.js";

// verify/matchers.ts
import { basename, dirname, join } from "node:path";
import { mkdirSync } from "node:fs";
import { expect } from "vitest";
function isReport(v) {
  return !!v && typeof v === "object" && v.format === "kernlab-layout-report/1";
}
function sanitize(name) {
  return name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 120) || "layout";
}
function defaultSnapshotPath(testPath, testName) {
  return join(dirname(testPath), "__layout__", `${basename(testPath).replace(/\.[cm]?[jt]sx?$/, "")}.${sanitize(testName)}.json`);
}
function updateMode(state) {
  if (process.env.KERNLAB_UPDATE_LAYOUT === "1") return "all";
  const snap = state.snapshotState;
  const mode = snap?._updateSnapshot;
  if (mode === "all") return "all";
  if (process.env.CI) return "none";
  return mode === "none" ? "none" : "new";
}
expect.extend({
  toSatisfyLayoutRules(received, rules) {
    if (!isReport(received)) return { pass: false, message: () => "toSatisfyLayoutRules: expected a LayoutReport (from buildLayoutReport or runAndReport)" };
    const { pass, results } = checkRules(received, rules);
    const failed = results.filter((r) => !r.pass);
    return {
      pass,
      message: () => pass ? `expected some layout rule to fail, but all ${results.length} hold:
${formatRuleResults(results)}` : `${failed.length} of ${results.length} layout rules failed for ${received.kernel.fileName}:
${formatRuleResults(failed)}`
    };
  },
  toMatchLayoutSnapshot(received, file, options = {}) {
    if (!isReport(received)) return { pass: false, message: () => "toMatchLayoutSnapshot: expected a LayoutReport (from buildLayoutReport or runAndReport)" };
    const path = file ?? defaultSnapshotPath(this.testPath ?? "layout", this.currentTestName ?? "layout");
    const mode = updateMode(this);
    const existing = readSnapshotFile(path);
    const tolerances = { ...existing?.tolerances ?? {}, ...options.tolerances ?? {} };
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
      message: () => cmp.pass ? `expected the layout to differ from ${path}, but it matches` : `layout differs from ${path}:
${cmp.text}`
    };
  }
});
export {
  checkRules,
  compareSnapshot,
  defaultSnapshotPath,
  formatRuleResults,
  takeSnapshot
};
