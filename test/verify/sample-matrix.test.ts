// The issue's matrix: 54 layout variants of kernlab's sample kernel (base address, section alignment, section
// order, heap and stack sizes), each built by kernlab's assembler and linker with its layout, booted on worker
// threads with warm resets, and verified against its own layout from guest RAM.
import { describe, expect, it } from "vitest";
import type { LayoutSpec } from "../../toolchain/link/layout";
import { verifyMatrix, type MatrixJob } from "../../verify/matrix";
import type { RuleSpec } from "../../verify/rules";
import { sampleVariants } from "./helpers/sample-variants";

const runtimeRules: RuleSpec[] = [
  { rule: "exitsWith", args: [0] }, { rule: "bssZeroAtEntry", args: [] }, { rule: "heapAbove", args: [".bss"] },
  { rule: "heapGrowsUp", args: [] }, { rule: "stackGrowsDown", args: [] }, { rule: "matchesFile", args: [".text", ".rodata"] },
];

describe("sample kernel layout matrix", () => {
  it("54 variants, each verified against its own layout", async () => {
    const variants = sampleVariants();
    expect(variants.length).toBe(54);
    const jobs: MatrixJob[] = variants.map((v) => ({ name: v.name, group: v.group, layout: v.spec, rules: runtimeRules }));
    const m = await verifyMatrix(jobs, { workers: 2, progress: false });
    const bad = m.jobs.filter((j) => !j.pass).map((j) => `${j.name}: ${j.error ?? j.results.filter((r) => !r.pass).map((r) => `${r.rule}: ${r.message}`).join("; ")}`);
    expect(bad).toEqual([]);
    for (const [i, j] of m.jobs.entries()) {
      expect(j.sections[0]).toMatchObject({ name: ".text", vaddr: variants[i]!.spec.base });
      expect(j.results.length).toBe(rulesPerVariant(variants[i]!.spec));
    }
    const build = m.jobs.reduce((a, j) => a + j.buildMs, 0), boot = m.jobs.reduce((a, j) => a + j.bootMs, 0), check = m.jobs.reduce((a, j) => a + j.verifyMs, 0);
    console.log(`[sample matrix] ${jobs.length} layouts in ${(m.wallMs / 1000).toFixed(2)} s: ${m.perSecond.toFixed(1)} layouts/s on 2 workers ` +
      `(summed per job: build ${(build / 1000).toFixed(2)} s, boot ${(boot / 1000).toFixed(2)} s, verify ${(check / 1000).toFixed(2)} s)`);
  }, 600_000);
});

/** rulesFromLayout's count for these specs (startsAt, 4 aligned, inOrder, noOverlap, heap 2, stack 2) + runtime. */
function rulesPerVariant(_spec: LayoutSpec): number {
  return 1 + 4 + 1 + 1 + 2 + 2 + runtimeRules.length;
}
