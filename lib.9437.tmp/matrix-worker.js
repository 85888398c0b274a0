import {
  runAndReport
} from "./chunk-TIWNKLWD.js";
import {
  createMachine,
  describeVerdict
} from "./chunk-77UGSOJI.js";
import {
  checkRules,
  defaultRules,
  neverRan,
  ruleFromSpec,
  rulesFromLayout
} from "./chunk-3FAEH6UQ.js";
import {
  defineLayout
} from "./chunk-22XTJQOG.js";
import "./chunk-ROIHUBHY.js";
import {
  formatDiagnostics,
  isKernlabError
} from "./chunk-SL2PM32D.js";

// verify/matrix-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var init = workerData;
var machine;
var builder = null;
var prepared;
function asLayout(l) {
  const x = l;
  return typeof x.virtualOffset === "number" && Array.isArray(x.regions) ? l : defineLayout(l);
}
async function runJob(job) {
  const t0 = performance.now();
  let elf = job.elf ?? null;
  let layout = job.layout ? asLayout(job.layout) : void 0;
  let map;
  if (!elf) {
    if (!builder) throw new Error(`job ${job.name}: no ELF and no builder module`);
    const built = await builder.buildForMatrix(job, prepared);
    elf = built.elf;
    if (built.layout) layout = built.layout;
    map = built.map;
  }
  const t1 = performance.now();
  const { report } = await runAndReport(elf, {
    machine,
    fileName: job.name,
    ...layout ? { layout } : {},
    ...map ? { map } : {},
    ...job.report ?? {},
    timeout: job.report?.timeout ?? { ms: 1e4 }
  });
  const t2 = performance.now();
  const base = job.layoutRules === false ? [] : layout ? rulesFromLayout(layout) : defaultRules(report, { allowExitCode: !!job.allowExitCode });
  const rules = [...base, ...(job.rules ?? []).map(ruleFromSpec)];
  const verdict = report.run.verdict;
  const broken = neverRan(verdict);
  const { pass, results } = broken ? { pass: false, results: [] } : checkRules(report, rules);
  const t3 = performance.now();
  return {
    name: job.name,
    pass,
    verdict,
    results,
    sections: report.sections.map((s) => ({ name: s.name, vaddr: s.vaddr, size: s.size })),
    stackHighWater: report.stack?.highWater ?? null,
    buildMs: t1 - t0,
    bootMs: t2 - t1,
    verifyMs: t3 - t2,
    error: broken ? `the kernel did not run: ${describeVerdict(verdict)}` : null
  };
}
async function serveMatrixJobs(bundled) {
  parentPort.on("message", async (msg) => {
    if ("prepared" in msg) {
      prepared = msg.prepared;
      return;
    }
    if ("prepare" in msg) {
      prepared = await builder?.prepareMatrix?.();
      parentPort.postMessage({ preparedDone: true, prepared });
      return;
    }
    try {
      parentPort.postMessage({ index: msg.index, result: await runJob(msg.job) });
    } catch (e) {
      const error = isKernlabError(e) ? formatDiagnostics(e.diagnostics).trimEnd() : e instanceof Error ? e.message : String(e);
      parentPort.postMessage({ index: msg.index, result: {
        name: msg.job.name,
        pass: false,
        verdict: null,
        results: [],
        sections: [],
        stackHighWater: null,
        buildMs: 0,
        bootMs: 0,
        verifyMs: 0,
        error
      } });
    }
  });
  [machine, builder] = await Promise.all([
    createMachine({ memoryMiB: init.memoryMiB, wasmModule: init.wasmModule }),
    bundled ? Promise.resolve(bundled) : init.builder ? import(init.builder) : Promise.resolve(null)
  ]);
  parentPort.postMessage({ ready: true });
}
export {
  serveMatrixJobs
};
