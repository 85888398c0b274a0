/**
 * One matrix worker thread: creates ONE machine (from the v86 module the parent compiled), then for each job
 * builds the kernel (through the builder module when the job has no ELF), boots it with a warm reset, reports
 * and checks the rules, and posts back a small result (not the whole report). Driven by matrix.ts only, which
 * calls serveMatrixJobs from the worker's entry code.
 */
import { monotonicMs } from "../core/clock";
import { parentPort, workerData } from "node:worker_threads";
import { formatDiagnostics, isKernlabError } from "../core/diagnostics";
import { createMachine, type Machine } from "../emulator/index";
import { describeVerdict } from "../emulator/verdict";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/layout";
import type { MatrixBuilder, MatrixJob, MatrixJobResult } from "./matrix";
import { runAndReport } from "./run";
import { checkRules, defaultRules, neverRan, ruleFromSpec, rulesFromLayout, type LayoutRule } from "./rules";

/** What matrix.ts hands each worker: the machine size, v86 compiled once in the parent, the builder module. */
export interface MatrixWorkerInit { memoryMiB: number; wasmModule: WebAssembly.Module; builder: string | null }

const init = workerData as MatrixWorkerInit;
/** Made by serveMatrixJobs before the worker says it is ready, so every job has it. */
let machine!: Machine;
let builder: MatrixBuilder | null = null;
/** The builder's prepareMatrix result from the parent, when it has one. */
let prepared: unknown;

function asLayout(l: Layout | LayoutSpec): Layout {
  const x = l as Partial<Layout>;
  return typeof x.virtualOffset === "number" && Array.isArray(x.regions) ? (l as Layout) : defineLayout(l as LayoutSpec);
}

async function runJob(job: MatrixJob): Promise<MatrixJobResult> {
  const t0 = monotonicMs();
  let elf = job.elf ?? null;
  let layout = job.layout ? asLayout(job.layout) : undefined;
  let map;
  if (!elf) {
    if (!builder) throw new Error(`job ${job.name}: no ELF and no builder module`);
    const built = await builder.buildForMatrix(job, prepared);
    elf = built.elf;
    if (built.layout) layout = built.layout;
    map = built.map;
  }
  const t1 = monotonicMs();
  const { report } = await runAndReport(elf, {
    machine, fileName: job.name, ...(layout ? { layout } : {}), ...(map ? { map } : {}), ...(job.report ?? {}),
    timeout: job.report?.timeout ?? { ms: 10_000 },
  });
  const t2 = monotonicMs();
  const base: LayoutRule[] = job.layoutRules === false ? [] : layout ? rulesFromLayout(layout) : defaultRules(report, { allowExitCode: !!job.allowExitCode });
  const rules = [...base, ...(job.rules ?? []).map(ruleFromSpec)];
  // A kernel that never ran has no layout in RAM to judge (as `kernlab verify` says of one kernel).
  const verdict = report.run.verdict;
  const broken = neverRan(verdict);
  const { pass, results } = broken ? { pass: false, results: [] } : checkRules(report, rules);
  const t3 = monotonicMs();
  return {
    name: job.name, pass, verdict, results,
    sections: report.sections.map((s) => ({ name: s.name, vaddr: s.vaddr, size: s.size })),
    stackHighWater: report.stack?.highWater ?? null,
    buildMs: t1 - t0, bootMs: t2 - t1, verifyMs: t3 - t2,
    error: broken ? `the kernel did not run: ${describeVerdict(verdict)}` : null,
  };
}

/**
 * Serve jobs until the parent terminates the thread. The machine and the builder are made before "ready", so
 * the first job pays for neither. `bundled`: the builder module when it was bundled with this file (matrix.ts
 * does that for speed); otherwise the worker imports init.builder.
 */
export async function serveMatrixJobs(bundled?: MatrixBuilder): Promise<void> {
  parentPort!.on("message", async (msg: { index: number; job: MatrixJob } | { prepared: unknown } | { prepare: true }) => {
    if ("prepared" in msg) { prepared = msg.prepared; return; }
    if ("prepare" in msg) {
      prepared = await builder?.prepareMatrix?.();
      parentPort!.postMessage({ preparedDone: true, prepared });
      return;
    }
    try {
      parentPort!.postMessage({ index: msg.index, result: await runJob(msg.job) });
    } catch (e) {
      const error = isKernlabError(e) ? formatDiagnostics(e.diagnostics).trimEnd() : e instanceof Error ? e.message : String(e);
      parentPort!.postMessage({ index: msg.index, result: {
        name: msg.job.name, pass: false, verdict: null, results: [], sections: [], stackHighWater: null, buildMs: 0, bootMs: 0, verifyMs: 0, error,
      } satisfies MatrixJobResult });
    }
  });
  [machine, builder] = await Promise.all([
    createMachine({ memoryMiB: init.memoryMiB, wasmModule: init.wasmModule }),
    bundled ? Promise.resolve(bundled) : init.builder ? import(init.builder) as Promise<MatrixBuilder> : Promise.resolve(null),
  ]);
  parentPort!.postMessage({ ready: true });
}
