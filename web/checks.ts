/**
 * The lab's layout checks for any kernel: what `kernlab verify` does, on the page's own machine. The report
 * is verify/report.ts's (sections, boundary symbols, heap, stack and its high-water mark, page tables per
 * CR3, physical owners), read from the live guest at the moment the user asks, with the state captured at
 * the kernel's first checkpoint as its entry (verify/run.ts's ranges); the rules are verify/rules.ts's by
 * the same names and JSON form as `kernlab verify --rules`; a frozen snapshot is compared with
 * verify/diff.ts as `verify --snapshot` does. Pure: no DOM (main.ts draws), no machine of its own.
 */
import { buildLayoutReport, type LayoutReport, type MachineState, type PaintSpec } from "../verify/report";
import { checkRules, defaultRules, ruleFromSpec, rulesFromLayout, type RuleResult, type RuleSpec } from "../verify/rules";
import { takeSnapshot, parseSnapshot, serializeSnapshot, type LayoutSnapshot } from "../verify/snapshot";
import { compareSnapshot, type SnapshotComparison } from "../verify/diff";
import type { ElfFile } from "../toolchain/elf/read";
import type { Layout } from "../toolchain/link/index";

export interface CheckInput {
  elf: ElfFile;
  fileName: string;
  /** The live machine now. */
  now: MachineState;
  /** Captured at the kernel's first checkpoint, when it has one. */
  entry: MachineState | null;
  paint: PaintSpec | null;
  layout: Layout | null;
}

export function layoutReport(input: CheckInput): LayoutReport {
  return buildLayoutReport({
    elf: input.elf, fileName: input.fileName, snapshot: input.now,
    ...(input.entry ? { entrySnapshot: input.entry } : {}),
    ...(input.paint ? { paint: input.paint } : {}),
    ...(input.layout ? { layout: input.layout } : {}),
  });
}

/** The rules `kernlab verify` would apply without --rules: the layout's promises, else the default two. */
export function defaultRuleSpecs(report: LayoutReport, layout: Layout | null): RuleSpec[] {
  const rules = layout ? rulesFromLayout(layout) : defaultRules(report);
  return rules.flatMap((r) => (r.spec ? [r.spec] : []));
}

/** The rules box: a JSON array of rules, or {"rules": […]} (a `verify --rules` file). Throws Error naming the bad one. */
export function rulesFromText(text: string): RuleSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`rules are not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const list = Array.isArray(data) ? data : (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new Error("rules are a JSON array of rules, or an object with a 'rules' array");
  list.forEach((spec, i) => {
    try {
      ruleFromSpec(spec as RuleSpec);
    } catch (e) {
      throw new Error(`rules[${i}]: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return list as RuleSpec[];
}

export interface CheckOutcome {
  report: LayoutReport;
  pass: boolean;
  results: RuleResult[];
  /** Against the frozen snapshot, when there is one. */
  comparison: SnapshotComparison | null;
}

export function runChecks(report: LayoutReport, specs: readonly RuleSpec[], frozen: LayoutSnapshot | null): CheckOutcome {
  const checked = checkRules(report, specs.map(ruleFromSpec));
  const comparison = frozen ? compareSnapshot(frozen, takeSnapshot(report, frozen.tolerances ? { tolerances: frozen.tolerances } : {})) : null;
  return { report, pass: checked.pass && (comparison?.pass ?? true), results: checked.results, comparison };
}

/** The snapshot of a report as `verify --snapshot` writes it (its JSON text). */
export function freeze(report: LayoutReport): string {
  return serializeSnapshot(takeSnapshot(report));
}

export function thaw(text: string): LayoutSnapshot {
  return parseSnapshot(text, "frozen snapshot");
}
