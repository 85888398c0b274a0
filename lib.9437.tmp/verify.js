import {
  drawMemoryMap
} from "./chunk-TGBMR3OT.js";
import {
  compareSnapshot,
  globToRegExp,
  readSnapshotFile,
  writeSnapshotFile
} from "./chunk-RNPN5JHD.js";
import {
  SNAPSHOT_FORMAT,
  parseSnapshot,
  serializeSnapshot,
  snapshotFacts,
  takeSnapshot
} from "./chunk-P2XS6POQ.js";
import {
  STACK_PAINT,
  captureRanges,
  runAndReport
} from "./chunk-TIWNKLWD.js";
import {
  buildLayoutReport,
  nodeWasmModule,
  pageCachedMemory,
  reportRegions,
  sectionFlags,
  sectionKind
} from "./chunk-77UGSOJI.js";
import {
  aligned,
  allOf,
  bssZeroAtEntry,
  checkRules,
  disjointFrames,
  exitsWith,
  fitsBelow,
  formatRuleResults,
  heapAbove,
  heapGrowsUp,
  inOrder,
  mapped,
  matchesFile,
  noOverlap,
  parseSize,
  presentInOrder,
  rule,
  ruleFromSpec,
  rulesFromLayout,
  sized,
  stackGrowsDown,
  stackHighWater,
  startsAt
} from "./chunk-3FAEH6UQ.js";
import "./chunk-ROIHUBHY.js";
import "./chunk-SL2PM32D.js";

// verify/matrix.ts
import { cpus } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
function builderUrl(b) {
  if (b === void 0) return new URL(import.meta.url.endsWith(".ts") ? "./matrix-sample.ts" : "./matrix-sample.js", import.meta.url).href;
  if (b instanceof URL) return b.href;
  return /^[a-z]+:/.test(b) ? b : pathToFileURL(b).href;
}
var dataUrl = (code) => new URL("data:text/javascript," + encodeURIComponent(code));
var entries = /* @__PURE__ */ new Map();
function workerEntry(builder) {
  let p = entries.get(builder);
  if (!p) {
    p = import.meta.url.endsWith(".ts") ? bundleWorker(builder).catch(() => tsxEntry()) : Promise.resolve(jsEntry());
    entries.set(builder, p);
  }
  return p;
}
function jsEntry() {
  const worker = new URL(import.meta.url.endsWith(".mjs") ? "./matrix-worker.mjs" : "./matrix-worker.js", import.meta.url).href;
  return dataUrl(`import { serveMatrixJobs } from ${JSON.stringify(worker)};
await serveMatrixJobs();
`);
}
function tsxEntry() {
  const worker = new URL("./matrix-worker.ts", import.meta.url).href;
  const api = createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  return dataUrl(`import { register } from ${JSON.stringify(pathToFileURL(api).href)};
register();
const { serveMatrixJobs } = await import(${JSON.stringify(worker)});
await serveMatrixJobs();
`);
}
async function bundleWorker(builder) {
  if (builder !== null && !builder.startsWith("file:")) throw new Error("only a file: builder is bundled");
  const esbuild = await import("esbuild");
  const { readFile } = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  const workerPath = fileURLToPath(new URL("./matrix-worker.ts", import.meta.url));
  const require2 = createRequire(workerPath);
  const builderPath = builder ? fileURLToPath(builder) : null;
  const contents = `import { serveMatrixJobs } from ${JSON.stringify(workerPath)};
` + (builderPath ? `import * as builder from ${JSON.stringify(builderPath)};
await serveMatrixJobs(builder);
` : "await serveMatrixJobs();\n");
  const out = await esbuild.build({
    stdin: { contents, resolveDir: dirname(workerPath), loader: "ts", sourcefile: "matrix-worker-entry.ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
    banner: { js: `import { createRequire as __kernlabRequire } from "node:module"; const require = __kernlabRequire(${JSON.stringify(workerPath)});` },
    plugins: [{
      name: "kernlab-matrix-worker",
      setup(b) {
        b.onResolve({ filter: /^v86$/ }, () => ({ path: pathToFileURL(require2.resolve("v86")).href, external: true }));
        b.onResolve({ filter: /^iced-x86$/ }, () => ({ path: "iced-x86", namespace: "kernlab-require" }));
        const iced = require2.resolve("iced-x86");
        b.onLoad({ filter: /.*/, namespace: "kernlab-require" }, () => ({ contents: `module.exports = require(${JSON.stringify(iced)});`, loader: "js" }));
        b.onResolve({ filter: /.*/, namespace: "kernlab-require" }, (a) => ({ path: a.path, external: true }));
        b.onLoad({ filter: /\.[cm]?ts$/ }, async (a) => ({
          contents: (await readFile(a.path, "utf8")).replaceAll("import.meta.url", JSON.stringify(pathToFileURL(a.path).href)),
          loader: "ts"
        }));
      }
    }]
  });
  return dataUrl(out.outputFiles[0].text);
}
var pad = (s, n) => s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length);
var padName = (s, n) => s.length > n ? "\u2026" + s.slice(s.length - n + 1) : pad(s, n);
function verdictText(v) {
  if (!v) return "error";
  return v.kind === "exited" ? `exit ${v.code}` : v.kind;
}
function formatMatrixTable(jobs, wallMs) {
  const w = Math.min(28, Math.max(6, ...jobs.map((j) => j.name.length)));
  const lines = [`${pad("kernel", w)}  ${pad("verdict", 12)} ${pad("rules", 7)} ${pad("build", 7)} ${pad("boot", 7)} ${pad("check", 6)} first failure`];
  for (const j of jobs) {
    const ok = j.results.filter((r) => r.pass).length;
    const fail = j.error ?? j.results.find((r) => !r.pass);
    const failure = fail === void 0 ? "" : typeof fail === "string" ? fail.split("\n")[0] : `${fail.rule}: ${fail.message}`;
    lines.push(`${padName(j.name, w)}  ${pad(verdictText(j.verdict), 12)} ${pad(`${ok}/${j.results.length}`, 7)} ${pad(j.buildMs.toFixed(1), 7)} ${pad(j.bootMs.toFixed(1), 7)} ${pad(j.verifyMs.toFixed(1), 6)} ${failure}`.trimEnd());
  }
  const passed = jobs.filter((j) => j.pass).length;
  lines.push(`${passed}/${jobs.length} kernels pass; ${jobs.length} verified in ${(wallMs / 1e3).toFixed(2)} s (${(jobs.length / (wallMs / 1e3)).toFixed(1)}/s)`);
  return lines.join("\n") + "\n";
}
async function createMatrixPool(opts = {}) {
  const pool = await startPool(opts, opts.workers ?? Math.min(2, cpus().length));
  await Promise.all(pool.members.map((m) => m.ready.catch(() => {
  })));
  return pool;
}
async function startPool(opts, count, needBuilder = true) {
  const builder = needBuilder ? builderUrl(opts.builder) : null;
  const [entry, wasmModule] = await Promise.all([workerEntry(builder), nodeWasmModule()]);
  let prepared = null;
  const prepareIn = (worker) => new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (!m.preparedDone) return;
      worker.off("message", onMessage);
      worker.off("error", onError);
      resolve(m.prepared);
    };
    const onError = (e) => {
      worker.off("message", onMessage);
      reject(e);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.postMessage({ prepare: true });
  });
  const members = Array.from({ length: Math.max(1, count) }, () => {
    const worker = new Worker(entry, { workerData: { memoryMiB: opts.memoryMiB ?? 32, wasmModule, builder } });
    const member = { worker, group: void 0, dead: false, ready: Promise.resolve() };
    member.ready = new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (!m.ready) return;
        worker.off("message", onMessage);
        worker.off("error", onError);
        if (!prepared) {
          const mine = prepareIn(worker);
          prepared = mine.catch(() => {
            prepared = null;
            return void 0;
          });
          mine.then(() => resolve(), (e) => {
            member.dead = true;
            reject(e);
          });
          return;
        }
        prepared.then((p) => {
          if (p !== void 0) worker.postMessage({ prepared: p });
          resolve();
        });
      };
      const onError = (e) => {
        member.dead = true;
        reject(e);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
    });
    return member;
  });
  let closed = false, busy = false;
  return {
    members,
    workers: members.length,
    verify: async (jobs, vopts = {}) => {
      if (closed) throw new Error("MatrixPool.verify: the pool was closed");
      if (busy) throw new Error("MatrixPool.verify: the pool is verifying another matrix (one call at a time)");
      busy = true;
      try {
        return await runJobs(members, jobs, vopts.progress, performance.now());
      } finally {
        busy = false;
      }
    },
    close: async () => {
      closed = true;
      await Promise.all(members.map((m) => m.worker.terminate()));
    }
  };
}
function failed(job, error) {
  return { name: job.name, pass: false, verdict: null, results: [], sections: [], stackHighWater: null, buildMs: 0, bootMs: 0, verifyMs: 0, error };
}
async function runJobs(members, jobs, progress, t0) {
  const stream = progress === false ? null : progress ?? process.stderr;
  const tty = !!stream?.isTTY && !process.env.CI;
  const results = new Array(jobs.length);
  const started = jobs.map(() => false);
  let done = 0, failures = 0;
  const draw = () => {
    if (!tty || !stream) return;
    const rate = done / ((performance.now() - t0) / 1e3);
    stream.write(`\r\x1B[2Kverify matrix: ${done}/${jobs.length} done, ${failures} failed, ${rate.toFixed(1)}/s`);
  };
  try {
    await Promise.all(members.map((m) => new Promise((resolve) => {
      let busy = null;
      const finish = () => {
        m.worker.off("message", onMessage);
        m.worker.off("error", onError);
        resolve();
      };
      const feed = () => {
        let pick = m.group === void 0 ? -1 : jobs.findIndex((j, i) => !started[i] && j.group === m.group);
        if (pick < 0) pick = started.indexOf(false);
        if (pick < 0) {
          busy = null;
          finish();
          return;
        }
        started[pick] = true;
        busy = pick;
        m.group = jobs[pick].group;
        m.worker.postMessage({ index: pick, job: jobs[pick] });
      };
      const onMessage = (msg) => {
        if (msg.index === void 0 || !msg.result) return;
        results[msg.index] = msg.result;
        done++;
        if (!msg.result.pass) failures++;
        draw();
        feed();
      };
      const onError = (e) => {
        m.dead = true;
        if (busy !== null) {
          results[busy] = failed(jobs[busy], `worker crashed: ${e.message}`);
          done++;
          failures++;
        }
        finish();
      };
      m.worker.on("message", onMessage);
      m.worker.on("error", onError);
      if (m.dead) {
        finish();
        return;
      }
      m.ready.then(feed, (e) => onError(e instanceof Error ? e : new Error(String(e))));
    })));
  } finally {
    if (tty && stream) stream.write("\r\x1B[2K");
  }
  for (let i = 0; i < jobs.length; i++) results[i] ??= failed(jobs[i], "not run");
  const wallMs = performance.now() - t0;
  return { pass: results.every((r) => r.pass), jobs: results, wallMs, perSecond: jobs.length / (wallMs / 1e3), table: formatMatrixTable(results, wallMs) };
}
async function verifyMatrix(jobs, opts = {}) {
  if (opts.pool) return opts.pool.verify(jobs, { progress: opts.progress ?? process.stderr });
  const t0 = performance.now();
  const count = Math.max(1, Math.min(opts.workers ?? Math.min(2, cpus().length), jobs.length || 1));
  const pool = await startPool(opts, count, jobs.some((j) => !j.elf));
  try {
    return await runJobs(pool.members, jobs, opts.progress, t0);
  } finally {
    await pool.close();
  }
}
export {
  SNAPSHOT_FORMAT,
  STACK_PAINT,
  aligned,
  allOf,
  bssZeroAtEntry,
  buildLayoutReport,
  captureRanges,
  checkRules,
  compareSnapshot,
  createMatrixPool,
  disjointFrames,
  drawMemoryMap,
  exitsWith,
  fitsBelow,
  formatMatrixTable,
  formatRuleResults,
  globToRegExp,
  heapAbove,
  heapGrowsUp,
  inOrder,
  mapped,
  matchesFile,
  noOverlap,
  pageCachedMemory,
  parseSize,
  parseSnapshot,
  presentInOrder,
  readSnapshotFile,
  reportRegions,
  rule,
  ruleFromSpec,
  rulesFromLayout,
  runAndReport,
  sectionFlags,
  sectionKind,
  serializeSnapshot,
  sized,
  snapshotFacts,
  stackGrowsDown,
  stackHighWater,
  startsAt,
  takeSnapshot,
  verifyMatrix,
  writeSnapshotFile
};
