// The matrix machinery on the fixture kernel (nasm + GNU ld): 18 layout variants, each booted and verified
// against its own layout on 2 worker threads with warm resets; one lying layout that must fail with its reason;
// build failures, the progress line and the summary table.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { createMatrixPool, formatMatrixTable, verifyMatrix, type MatrixJob } from "../../verify/matrix";
import { buildFixture, type FixtureVariant } from "./helpers/fixture";
import { fixtureLayout } from "./helpers/fixture-builder";
import { kernel } from "../emulator/kernels";

const bases = [0x100000, 0x200000, 0x400000];
const aligns = [16, 256, 4096];
const orders = [[".rodata", ".data", ".bss"], [".data", ".rodata", ".bss"], [".rodata", ".bss", ".data"]];
const heaps = [0x4000, 0x10000, 0x40000];
const stacks = [0x2000, 0x4000, 0x8000];

/** 18 variants: every base × align × two orders, with heap and stack sizes and alignments varied. (The
 *  issue's 54-variant matrix is the sample kernel's, sample-matrix.test.ts; this one needs only nasm and ld.) */
export function fixtureVariants(): FixtureVariant[] {
  const out: FixtureVariant[] = [];
  let i = 0;
  for (const base of bases) for (const align of aligns) for (const order of orders.slice(0, 2)) {
    out.push(i % 2
      ? { base, align, order, heapSize: heaps[i % 3]!, stackSize: stacks[Math.floor(i / 3) % 3]!, stackAlign: 16 }
      : { base, align, order, heapSize: heaps[(i + 1) % 3]!, stackSize: stacks[(i + 2) % 3]!, heapAlign: 256, stackAlign: 4096 });
    i++;
  }
  return out;
}

const runtimeRules = [
  { rule: "exitsWith", args: [0] }, { rule: "bssZeroAtEntry", args: [] }, { rule: "heapAbove", args: [".bss"] },
  { rule: "heapGrowsUp", args: [] }, { rule: "stackGrowsDown", args: [] }, { rule: "stackHighWater", args: [{ atMost: "1 KiB" }] },
  { rule: "matchesFile", args: [".text", ".rodata"] },
];

describe.skipIf(!oracle("nasm") || !oracle("ld"))("verifyMatrix", () => {
  it("18 fixture layouts, each verified against its own layout from guest RAM; a lying layout fails", async () => {
    const variants = fixtureVariants();
    expect(variants.length).toBe(18);
    const jobs: MatrixJob[] = variants.map((v, i) => ({
      name: `v${i} ${v.base!.toString(16)}/${v.align}/${v.order!.join("")}`, params: { ...v }, rules: runtimeRules,
      report: { heap: { topSymbol: "heap_top" } },
    }));
    jobs.push({ name: "lying layout", params: { heapSize: 0x10000, claim: { heapSize: 0x8000, align: 64 } }, report: { heap: { topSymbol: "heap_top" } } });
    const m = await verifyMatrix(jobs, { workers: 2, builder: new URL("./helpers/fixture-builder.ts", import.meta.url), progress: false });
    const bad = m.jobs.slice(0, -1).filter((j) => !j.pass);
    expect(bad.map((j) => `${j.name}: ${j.error ?? j.results.filter((r) => !r.pass).map((r) => r.message).join("; ")}`)).toEqual([]);
    for (const [i, j] of m.jobs.slice(0, -1).entries()) {
      expect(j.verdict).toEqual({ kind: "exited", code: 0 });
      expect(j.results.length).toBeGreaterThanOrEqual(15);
      expect(j.sections[0]).toMatchObject({ name: ".text", vaddr: variants[i]!.base });
      expect(j.stackHighWater).toBe(520);
    }
    const liar = m.jobs[m.jobs.length - 1]!;
    expect(liar.pass).toBe(false);
    expect(liar.results.filter((r) => !r.pass).map((r) => r.message)).toEqual(["heap is 65536 bytes, expected 32768"]);
    expect(m.pass).toBe(false);
    expect(m.table.split("\n")[0]).toMatch(/^kernel +verdict +rules +build +boot +check +first failure$/);
    expect(m.table).toMatch(/\nlying layout +exit 0 +\d+\/\d+ .* sized\(heap, 32768\): heap is 65536 bytes, expected 32768\n/);
    expect(m.table).toMatch(new RegExp(`\\n${jobs.length - 1}/${jobs.length} kernels pass; ${jobs.length} verified in [0-9.]+ s \\([0-9.]+/s\\)\\n$`));
    console.log(`[verify matrix] ${jobs.length} layouts in ${(m.wallMs / 1000).toFixed(2)} s: ${m.perSecond.toFixed(1)} layouts/s (2 workers; build with ld, boot, verify)`);
  });

  it("a job whose build fails is reported with the error, the rest carry on", async () => {
    let progressText = "";
    const tty = { isTTY: true, write: (s: string) => { progressText += s; return true; } } as unknown as NodeJS.WriteStream;
    const ci = process.env.CI;
    delete process.env.CI;
    const m = await verifyMatrix([
      { name: "no builder output", params: { base: 0x100000, align: 3 } },
      { name: "fine", params: {} },
    ], { workers: 1, builder: new URL("./helpers/fixture-builder.ts", import.meta.url), progress: tty });
    if (ci !== undefined) process.env.CI = ci;
    expect(progressText).toMatch(/^\r\x1b\[2Kverify matrix: 1\/2 done, 1 failed, [0-9.]+\/s\r\x1b\[2Kverify matrix: 2\/2 done, 1 failed, [0-9.]+\/s\r\x1b\[2K$/);
    expect(m.jobs[0]).toMatchObject({ pass: false, verdict: null });
    expect(m.jobs[0]!.error).toMatch(/ld|ALIGN|power of two|align/i);
    expect(m.jobs[1]!.pass).toBe(true);
    expect(formatMatrixTable(m.jobs, 1000).split("\n").length).toBe(5);
  });

  it("a pool keeps its workers between matrices; prepareMatrix runs once and every build gets its result", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "kernlab-pool-")), "log");
    const saved = process.env.KERNLAB_TEST_PREPARE_LOG;
    process.env.KERNLAB_TEST_PREPARE_LOG = log;
    const pool = await createMatrixPool({ workers: 2, builder: new URL("./helpers/prepare-builder.ts", import.meta.url) });
    if (saved === undefined) delete process.env.KERNLAB_TEST_PREPARE_LOG; else process.env.KERNLAB_TEST_PREPARE_LOG = saved;
    expect(pool.workers).toBe(2);
    const jobs = (n: number): MatrixJob[] => Array.from({ length: n }, (_, i) => ({ name: `j${i}`, params: { base: 0x100000 * (1 + (i % 3)) } }));
    try {
      const running = pool.verify(jobs(6), { progress: false });
      await expect(pool.verify(jobs(1), { progress: false })).rejects.toThrow("one call at a time");
      const first = await running;
      const second = await pool.verify(jobs(4), { progress: false });
      expect([first.pass, first.jobs.length, second.pass, second.jobs.length]).toEqual([true, 6, true, 4]);
    } finally {
      await pool.close();
    }
    await expect(pool.verify(jobs(1))).rejects.toThrow("the pool was closed");
    const lines = readFileSync(log, "utf8").trim().split("\n");
    const prepares = lines.filter((l) => l.startsWith("prepare "));
    expect(prepares).toHaveLength(1);
    const preparedBy = prepares[0]!.split(" ")[1];
    const builds = lines.filter((l) => l.startsWith("build ")).map((l) => l.split(" "));
    expect(builds).toHaveLength(10);
    expect(new Set(builds.map((b) => b[2]))).toEqual(new Set([preparedBy]));
    expect(new Set(builds.map((b) => b[1])).size).toBe(2);
  });

  it("jobs that bring their own ELF start no builder (nothing prepared, nothing imported)", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "kernlab-pool-")), "log");
    const saved = process.env.KERNLAB_TEST_PREPARE_LOG;
    process.env.KERNLAB_TEST_PREPARE_LOG = log;
    try {
      const jobs: MatrixJob[] = [0x100000, 0x200000].map((base) => ({ name: `elf ${base.toString(16)}`, elf: buildFixture({ base }), layout: fixtureLayout({ base }) }));
      jobs.push({ name: "triple", elf: kernel("triple") });
      const m = await verifyMatrix(jobs, { workers: 2, builder: new URL("./helpers/prepare-builder.ts", import.meta.url), progress: false });
      expect(m.jobs.slice(0, 2).map((j) => [j.name, j.pass, j.sections[0]?.vaddr])).toEqual([["elf 100000", true, 0x100000], ["elf 200000", true, 0x200000]]);
      // A kernel that never ran fails with its verdict, no rules judged (as `kernlab verify` does for one).
      expect(m.jobs[2]).toMatchObject({ pass: false, results: [], verdict: { kind: "triple-fault" }, error: expect.stringMatching(/^the kernel did not run: triple fault at eip 0x/) });
    } finally {
      if (saved === undefined) delete process.env.KERNLAB_TEST_PREPARE_LOG; else process.env.KERNLAB_TEST_PREPARE_LOG = saved;
    }
    expect(existsSync(log)).toBe(false);
  });
});
