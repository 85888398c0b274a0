/**
 * Verify many kernels or many layouts in one call, on worker threads: v86 is compiled once in this thread and
 * handed to every worker; each worker creates one machine and reuses it with warm resets (matrix-worker.ts).
 * Jobs are handed out one at a time, so a slow kernel never holds up the rest. A progress line is drawn on a
 * TTY; the result carries a summary table.
 *
 *   const m = await verifyMatrix(layouts.map((spec, i) => ({ name: `v${i}`, layout: spec })), { workers: 2 });
 *   console.log(m.table);  // name | verdict | rules | first failure | build/boot/verify ms
 *
 * verifyMatrix starts its workers and stops them at the end; a MatrixPool (createMatrixPool) keeps them, so
 * several matrices pay the start-up (worker code, machine, the builder's prepareMatrix) once.
 *
 * A job is either a kernel ELF (`elf`) or a layout for the builder module (default: the sample kernel,
 * verify/matrix-sample.ts). A layout's own promises (rulesFromLayout) are checked, plus any extra rules, which
 * travel as JSON specs (RuleSpec). Node only (worker_threads).
 *
 * Sharding a large matrix across CI machines: give each vitest file or `describe` a slice of the matrix and
 * let vitest split the files: `vitest run test/matrix --shard=1/4` … `--shard=4/4` on four machines (vitest
 * shards by test file, so keep one slice per file, e.g. matrix-0.test.ts … matrix-7.test.ts generated from
 * one list with `variants.filter((_, i) => i % 8 === k)`). Each machine runs its files with `workers` set to
 * its core count; `vitest --merge-reports` (with `--reporter=blob` on each shard) joins the results.
 */
import { monotonicMs } from "../core/clock";
import { cpus } from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Verdict } from "../emulator/index";
import { nodeWasmModule } from "../emulator/wasm-node";
import type { Layout, LayoutSpec, LinkMap } from "../toolchain/link/index";
import type { MatrixWorkerInit } from "./matrix-worker";
import type { RuleResult, RuleSpec } from "./rules";
import type { RunReportOptions } from "./run";

export interface MatrixJob {
  name: string;
  /** The kernel to verify… */
  elf?: Uint8Array;
  /** …or the layout the builder links it with (also the source of the default rules). */
  layout?: Layout | LayoutSpec;
  /** Anything else the builder needs (structured-clonable). */
  params?: Record<string, unknown>;
  /** Jobs with the same group go to the same worker when possible (e.g. layouts that share objects). */
  group?: string;
  /** More rules, as JSON specs, checked after the base rules. */
  rules?: RuleSpec[];
  /** Base rules: rulesFromLayout(layout) when there is a layout, else noOverlap + read-only sections intact.
   *  false: only `rules`. Default true. */
  layoutRules?: boolean;
  /** With the default rules (no layout): accept a guest exiting with a code other than 0 (`--allow-exit-code`). */
  allowExitCode?: boolean;
  /** Report options (clonable subset): at, symbols, heap, stack, timeout, paint, entryCheckpoint. */
  report?: Pick<RunReportOptions, "at" | "symbols" | "heap" | "stack" | "timeout" | "clock" | "paint" | "entryCheckpoint" | "cr3s">;
}

/** What a builder module exports: build the job's kernel (runs inside the worker). */
export interface MatrixBuilder {
  /**
   * Optional, run once per pool, in the first worker ready: work every job shares (read the sources, assemble
   * or compile the objects). Its structured-clonable result reaches every worker's buildForMatrix as
   * `prepared`, so N workers do not each repeat it.
   */
  prepareMatrix?(): unknown;
  buildForMatrix(job: MatrixJob, prepared?: unknown): Promise<{ elf: Uint8Array; layout?: Layout; map?: LinkMap }> | { elf: Uint8Array; layout?: Layout; map?: LinkMap };
}

export interface MatrixJobResult {
  name: string;
  pass: boolean;
  verdict: Verdict | null;
  results: RuleResult[];
  sections: { name: string; vaddr: number; size: number }[];
  stackHighWater: number | null;
  buildMs: number;
  bootMs: number;
  verifyMs: number;
  /** A build or host failure (not a rule failure), e.g. a link error. */
  error: string | null;
}

export interface MatrixOptions {
  /** Worker threads (default: min(2, cores)). */
  workers?: number;
  memoryMiB?: number;
  /** Module (path or file URL) exporting buildForMatrix; default verify/matrix-sample.ts (the sample kernel). */
  builder?: string | URL;
  /** Progress line on this stream when it is a TTY (default process.stderr); false for none. */
  progress?: NodeJS.WriteStream | false;
  /** Run on this pool's warm workers instead of starting new ones (workers, memoryMiB, builder then come from the pool). */
  pool?: MatrixPool;
}

export interface MatrixResult {
  pass: boolean;
  jobs: MatrixJobResult[];
  wallMs: number;
  /** Jobs verified per second of wall time (build, boot and verify each). */
  perSecond: number;
  /** The summary table, one row per job, and a total line. */
  table: string;
}

/** The builder module as a URL string: the sample kernel's by default. */
function builderUrl(b: string | URL | undefined): string {
  if (b === undefined) return new URL(import.meta.url.endsWith(".ts") ? "./matrix-sample.ts" : "./matrix-sample.js", import.meta.url).href;
  if (b instanceof URL) return b.href;
  return /^[a-z]+:/.test(b) ? b : pathToFileURL(b).href;
}

const dataUrl = (code: string) => new URL("data:text/javascript," + encodeURIComponent(code));

/**
 * The worker's code, once per process and builder. From TypeScript sources, esbuild bundles the worker and a
 * file: builder into one module (v86 and iced-x86 stay external, loaded from their absolute paths;
 * `import.meta.url` keeps each source file's own URL): a worker then starts in ~0.1 s instead of the ~0.8 s
 * tsx needs to transform its 60 modules one by one. Without esbuild the worker registers tsx instead.
 */
const entries = new Map<string | null, Promise<URL>>();
function workerEntry(builder: string | null): Promise<URL> {
  let p = entries.get(builder);
  if (!p) {
    p = import.meta.url.endsWith(".ts") ? bundleWorker(builder).catch(() => tsxEntry()) : Promise.resolve(jsEntry());
    entries.set(builder, p);
  }
  return p;
}

/** From a JavaScript build (the CLI's dist/, where the worker is its own entry point beside this chunk). */
function jsEntry(): URL {
  const worker = new URL(import.meta.url.endsWith(".mjs") ? "./matrix-worker.mjs" : "./matrix-worker.js", import.meta.url).href;
  return dataUrl(`import { serveMatrixJobs } from ${JSON.stringify(worker)};\nawait serveMatrixJobs();\n`);
}

function tsxEntry(): URL {
  const worker = new URL("./matrix-worker.ts", import.meta.url).href;
  const api = createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  return dataUrl(`import { register } from ${JSON.stringify(pathToFileURL(api).href)};\nregister();\n` +
    `const { serveMatrixJobs } = await import(${JSON.stringify(worker)});\nawait serveMatrixJobs();\n`);
}

async function bundleWorker(builder: string | null): Promise<URL> {
  if (builder !== null && !builder.startsWith("file:")) throw new Error("only a file: builder is bundled");
  const esbuild = await import("esbuild");
  const { readFile } = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  const workerPath = fileURLToPath(new URL("./matrix-worker.ts", import.meta.url));
  const require = createRequire(workerPath);
  const builderPath = builder ? fileURLToPath(builder) : null;
  const contents = `import { serveMatrixJobs } from ${JSON.stringify(workerPath)};\n` + (builderPath
    ? `import * as builder from ${JSON.stringify(builderPath)};\nawait serveMatrixJobs(builder);\n`
    : "await serveMatrixJobs();\n");
  const out = await esbuild.build({
    stdin: { contents, resolveDir: dirname(workerPath), loader: "ts", sourcefile: "matrix-worker-entry.ts" },
    bundle: true, write: false, format: "esm", platform: "node", target: "node20", logLevel: "silent",
    banner: { js: `import { createRequire as __kernlabRequire } from "node:module"; const require = __kernlabRequire(${JSON.stringify(workerPath)});` },
    plugins: [{
      name: "kernlab-matrix-worker",
      setup(b) {
        b.onResolve({ filter: /^v86$/ }, () => ({ path: pathToFileURL(require.resolve("v86")).href, external: true }));
        // iced-x86 is CommonJS: require() it (no export-name scan of its 900 KB), as the CLI bundle does.
        b.onResolve({ filter: /^iced-x86$/ }, () => ({ path: "iced-x86", namespace: "kernlab-require" }));
        const iced = require.resolve("iced-x86");
        b.onLoad({ filter: /.*/, namespace: "kernlab-require" }, () => ({ contents: `module.exports = require(${JSON.stringify(iced)});`, loader: "js" }));
        b.onResolve({ filter: /.*/, namespace: "kernlab-require" }, (a) => ({ path: a.path, external: true }));
        b.onLoad({ filter: /\.[cm]?ts$/ }, async (a) => ({
          contents: (await readFile(a.path, "utf8")).replaceAll("import.meta.url", JSON.stringify(pathToFileURL(a.path).href)),
          loader: "ts",
        }));
      },
    }],
  });
  return dataUrl(out.outputFiles[0]!.text);
}

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length));
/** A name that does not fit keeps its end (a path's file name), with "…" in front. */
const padName = (s: string, n: number) => (s.length > n ? "…" + s.slice(s.length - n + 1) : pad(s, n));

function verdictText(v: Verdict | null): string {
  if (!v) return "error";
  return v.kind === "exited" ? `exit ${v.code}` : v.kind;
}

/** The summary table. */
export function formatMatrixTable(jobs: readonly MatrixJobResult[], wallMs: number): string {
  const w = Math.min(28, Math.max(6, ...jobs.map((j) => j.name.length)));
  const lines = [`${pad("kernel", w)}  ${pad("verdict", 12)} ${pad("rules", 7)} ${pad("build", 7)} ${pad("boot", 7)} ${pad("check", 6)} first failure`];
  for (const j of jobs) {
    const ok = j.results.filter((r) => r.pass).length;
    const fail = j.error ?? j.results.find((r) => !r.pass);
    const failure = fail === undefined ? "" : typeof fail === "string" ? fail.split("\n")[0]! : `${fail.rule}: ${fail.message}`;
    lines.push(`${padName(j.name, w)}  ${pad(verdictText(j.verdict), 12)} ${pad(`${ok}/${j.results.length}`, 7)} ${pad(j.buildMs.toFixed(1), 7)} ${pad(j.bootMs.toFixed(1), 7)} ${pad(j.verifyMs.toFixed(1), 6)} ${failure}`.trimEnd());
  }
  const passed = jobs.filter((j) => j.pass).length;
  lines.push(`${passed}/${jobs.length} kernels pass; ${jobs.length} verified in ${(wallMs / 1000).toFixed(2)} s (${(jobs.length / (wallMs / 1000)).toFixed(1)}/s)`);
  return lines.join("\n") + "\n";
}

interface PoolWorker { worker: Worker; ready: Promise<void>; group: string | undefined; dead: boolean }

/**
 * Worker threads that stay up between matrices: each has compiled nothing (v86 comes compiled from this
 * thread), made its machine and loaded its builder before the first job. verifyMatrix makes one per call;
 * make your own to pay that start-up once for several matrices (a test file with many, a watch loop).
 */
export interface MatrixPool {
  readonly workers: number;
  /** Verify every job on the pool's workers. One call at a time per pool. */
  verify(jobs: readonly MatrixJob[], opts?: Pick<MatrixOptions, "progress">): Promise<MatrixResult>;
  /** Stop the workers. */
  close(): Promise<void>;
}

export type MatrixPoolOptions = Pick<MatrixOptions, "workers" | "memoryMiB" | "builder">;

/** Start a pool; resolves when every worker is ready for jobs. */
export async function createMatrixPool(opts: MatrixPoolOptions = {}): Promise<MatrixPool> {
  const pool = await startPool(opts, opts.workers ?? Math.min(2, cpus().length));
  await Promise.all(pool.members.map((m) => m.ready.catch(() => {})));
  return pool;
}

async function startPool(opts: MatrixPoolOptions, count: number, needBuilder = true): Promise<MatrixPool & { members: PoolWorker[] }> {
  const builder = needBuilder ? builderUrl(opts.builder) : null;
  const [entry, wasmModule] = await Promise.all([workerEntry(builder), nodeWasmModule()]);
  // The builder's shared work (prepareMatrix) runs once, in the first worker to be ready; the others get its
  // result before their first job. If that worker dies while preparing, the workers waiting for it go on
  // unprepared (each builder then does all its own work) and the next worker to be ready prepares again.
  let prepared: Promise<unknown> | null = null;
  const prepareIn = (worker: Worker): Promise<unknown> => new Promise((resolve, reject) => {
    const onMessage = (m: { prepared?: unknown; preparedDone?: true }) => {
      if (!m.preparedDone) return;
      worker.off("message", onMessage); worker.off("error", onError);
      resolve(m.prepared);
    };
    const onError = (e: Error) => { worker.off("message", onMessage); reject(e); };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.postMessage({ prepare: true });
  });
  const members: PoolWorker[] = Array.from({ length: Math.max(1, count) }, () => {
    const worker = new Worker(entry, { workerData: { memoryMiB: opts.memoryMiB ?? 32, wasmModule, builder } satisfies MatrixWorkerInit });
    const member: PoolWorker = { worker, group: undefined, dead: false, ready: Promise.resolve() };
    member.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: true }) => {
        if (!m.ready) return;
        worker.off("message", onMessage);
        worker.off("error", onError);
        if (!prepared) {
          const mine = prepareIn(worker);
          prepared = mine.catch(() => { prepared = null; return undefined; });
          mine.then(() => resolve(), (e: Error) => { member.dead = true; reject(e); });
          return;
        }
        prepared.then((p) => { if (p !== undefined) worker.postMessage({ prepared: p }); resolve(); });
      };
      const onError = (e: Error) => { member.dead = true; reject(e); };
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
        return await runJobs(members, jobs, vopts.progress, monotonicMs());
      } finally {
        busy = false;
      }
    },
    close: async () => {
      closed = true;
      await Promise.all(members.map((m) => m.worker.terminate()));
    },
  };
}

function failed(job: MatrixJob, error: string): MatrixJobResult {
  return { name: job.name, pass: false, verdict: null, results: [], sections: [], stackHighWater: null, buildMs: 0, bootMs: 0, verifyMs: 0, error };
}

/** Hand jobs out one at a time to whichever worker is free; resolves when all are done. */
async function runJobs(members: PoolWorker[], jobs: readonly MatrixJob[], progress: MatrixOptions["progress"], t0: number): Promise<MatrixResult> {
  const stream = progress === false ? null : (progress ?? process.stderr);
  const tty = !!stream?.isTTY && !process.env.CI;
  const results: MatrixJobResult[] = new Array(jobs.length);
  const started: boolean[] = jobs.map(() => false);
  let done = 0, failures = 0;
  const draw = () => {
    if (!tty || !stream) return;
    const rate = done / ((monotonicMs() - t0) / 1000);
    stream.write(`\r\x1b[2Kverify matrix: ${done}/${jobs.length} done, ${failures} failed, ${rate.toFixed(1)}/s`);
  };
  try {
    await Promise.all(members.map((m) => new Promise<void>((resolve) => {
      let busy: number | null = null;
      const finish = () => { m.worker.off("message", onMessage); m.worker.off("error", onError); resolve(); };
      const feed = () => {
        // Prefer the next job of this worker's group (its builder has that group's work cached).
        let pick = m.group === undefined ? -1 : jobs.findIndex((j, i) => !started[i] && j.group === m.group);
        if (pick < 0) pick = started.indexOf(false);
        if (pick < 0) { busy = null; finish(); return; }
        started[pick] = true;
        busy = pick;
        m.group = jobs[pick]!.group;
        m.worker.postMessage({ index: pick, job: jobs[pick] });
      };
      const onMessage = (msg: { index?: number; result?: MatrixJobResult }) => {
        if (msg.index === undefined || !msg.result) return;
        results[msg.index] = msg.result;
        done++;
        if (!msg.result.pass) failures++;
        draw();
        feed();
      };
      // A crashed worker fails its current job and leaves the pool; the others carry on with the rest.
      const onError = (e: Error) => {
        m.dead = true;
        if (busy !== null) { results[busy] = failed(jobs[busy]!, `worker crashed: ${e.message}`); done++; failures++; }
        finish();
      };
      m.worker.on("message", onMessage);
      m.worker.on("error", onError);
      if (m.dead) { finish(); return; }
      m.ready.then(feed, (e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
    })));
  } finally {
    if (tty && stream) stream.write("\r\x1b[2K");
  }
  // Jobs never handed out (every worker crashed) are failures too.
  for (let i = 0; i < jobs.length; i++) results[i] ??= failed(jobs[i]!, "not run");
  const wallMs = monotonicMs() - t0;
  return { pass: results.every((r) => r.pass), jobs: results, wallMs, perSecond: jobs.length / (wallMs / 1000), table: formatMatrixTable(results, wallMs) };
}

/**
 * Verify every job; resolves when all are done. Never rejects for a failing kernel: see each result. Starts
 * its own workers (and stops them) unless given a pool; the wall time then includes their start-up.
 */
export async function verifyMatrix(jobs: readonly MatrixJob[], opts: MatrixOptions = {}): Promise<MatrixResult> {
  if (opts.pool) return opts.pool.verify(jobs, { progress: opts.progress ?? process.stderr });
  const t0 = monotonicMs();
  const count = Math.max(1, Math.min(opts.workers ?? Math.min(2, cpus().length), jobs.length || 1));
  // Jobs that all bring their ELF need no builder: the workers then neither load nor prepare one.
  const pool = await startPool(opts, count, jobs.some((j) => !j.elf));
  try {
    return await runJobs(pool.members, jobs, opts.progress, t0);
  } finally {
    await pool.close();
  }
}
