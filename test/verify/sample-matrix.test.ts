// The issue's matrix: 54 layout variants of kernlab's sample kernel (base address, section alignment, section
// order, heap and stack sizes), each built by kernlab's assembler and linker with its layout, booted on worker
// threads with warm resets, and verified against its own layout from guest RAM: once on workers started for the
// call, once on a warm pool.
import { describe, expect, it } from "vitest";
import type { LayoutSpec } from "../../toolchain/link/layout";
import { createMatrixPool, verifyMatrix, type MatrixJob } from "../../verify/matrix";
import type { RuleSpec } from "../../verify/rules";
import { sampleVariants } from "./helpers/sample-variants";

const runtimeRules: RuleSpec[] = [
  { rule: "exitsWith", args: [0] }, { rule: "bssZeroAtEntry", args: [] }, { rule: "heapAbove", args: [".bss"] },
  { rule: "heapGrowsUp", args: [] }, { rule: "stackGrowsDown", args: [] }, { rule: "matchesFile", args: [".text", ".rodata"] },
];

describe("sample kernel layout matrix", () => {
  it("54 variants, each verified against its own layout (cold: workers started for the call; warm: a pool)", async () => {
    const variants = sampleVariants();
    expect(variants.length).toBe(54);
    const jobs: MatrixJob[] = variants.map((v) => ({ name: v.name, group: v.group, layout: v.spec, rules: runtimeRules }));
    const cold = await verifyMatrix(jobs, { workers: 2, progress: false });
    const pool = await createMatrixPool({ workers: 2 });
    let warm;
    try {
      await pool.verify(jobs, { progress: false }); // the workers' first links and boots (JIT warm-up)
      warm = await pool.verify(jobs, { progress: false });
    } finally {
      await pool.close();
    }
    for (const m of [cold, warm]) {
      const bad = m.jobs.filter((j) => !j.pass).map((j) => `${j.name}: ${j.error ?? j.results.filter((r) => !r.pass).map((r) => `${r.rule}: ${r.message}`).join("; ")}`);
      expect(bad).toEqual([]);
      for (const [i, j] of m.jobs.entries()) {
        expect(j.sections[0]).toMatchObject({ name: ".text", vaddr: variants[i]!.spec.base });
        expect(j.results.length).toBe(rulesPerVariant(variants[i]!.spec));
      }
    }
    // Same kernel, same virtual clock: the warm run reports exactly what the cold run did.
    expect(warm.jobs.map((j) => [j.name, j.stackHighWater, j.results.map((r) => r.pass)])).toEqual(cold.jobs.map((j) => [j.name, j.stackHighWater, j.results.map((r) => r.pass)]));
    const sum = (m: typeof cold, k: "buildMs" | "bootMs" | "verifyMs") => (m.jobs.reduce((a, j) => a + j[k], 0) / 1000).toFixed(2);
    for (const [label, m] of [["cold", cold], ["warm pool", warm]] as const) {
      console.log(`[sample matrix] ${label}: ${jobs.length} layouts in ${(m.wallMs / 1000).toFixed(2)} s: ${m.perSecond.toFixed(1)} layouts/s on 2 workers ` +
        `(summed per job: build ${sum(m, "buildMs")} s, boot ${sum(m, "bootMs")} s, verify ${sum(m, "verifyMs")} s)`);
    }
  }, 600_000);
});

/** rulesFromLayout's count for these specs (startsAt, 4 aligned, inOrder, noOverlap, heap 2, stack 2) + runtime. */
function rulesPerVariant(_spec: LayoutSpec): number {
  return 1 + 4 + 1 + 1 + 2 + 2 + runtimeRules.length;
}
