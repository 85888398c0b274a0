/**
 * kernlab's layout verification, the public entry: build a LayoutReport from a kernel ELF and a run, judge it
 * with named rules, freeze it as a snapshot and diff it, draw it, and verify many kernels at once.
 * vitest matchers are a separate entry (verify/matchers.ts) so this file never imports vitest. Node only (the
 * matrix and snapshot files); the browser imports report, rules, snapshot, diff and draw from their own files.
 */
export { buildLayoutReport, reportRegions, sectionFlags, sectionKind } from "./report";
export type { LayoutReport, ReportInput, ReportSection, HeapFacts, StackFacts, AddressSpace, PhysicalOwner, MachineState, PaintSpec } from "./report";
export {
  startsAt, inOrder, presentInOrder, aligned, sized, noOverlap, fitsBelow, bssZeroAtEntry, matchesFile, heapAbove, heapGrowsUp,
  stackGrowsDown, stackHighWater, exitsWith, mapped, disjointFrames, rule, allOf, checkRules, formatRuleResults, rulesFromLayout, ruleFromSpec, parseSize,
} from "./rules";
export type { LayoutRule, RuleResult, RuleSpec, MappedOptions, CustomCheck } from "./rules";
export { takeSnapshot, serializeSnapshot, parseSnapshot, snapshotFacts, SNAPSHOT_FORMAT } from "./snapshot";
export type { LayoutSnapshot, SnapshotOptions, SnapshotSection, Fact } from "./snapshot";
export { compareSnapshot, globToRegExp } from "./diff";
export type { SnapshotChange, SnapshotComparison, CompareOptions } from "./diff";
export { readSnapshotFile, writeSnapshotFile } from "./snapshot-file";
export { drawMemoryMap } from "../core/memory-map";
export type { MapRegion, DrawOptions } from "../core/memory-map";
export { runAndReport, captureRanges, STACK_PAINT } from "./run";
export { pageCachedMemory } from "./page-cache";
export { verifyMatrix, createMatrixPool, formatMatrixTable } from "./matrix";
export type { MatrixJob, MatrixJobResult, MatrixOptions, MatrixResult, MatrixBuilder, MatrixPool, MatrixPoolOptions } from "./matrix";
export type { RunReportOptions, RunReport } from "./run";
export type { RunFacts } from "./report";
