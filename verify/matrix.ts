/**
 * Verify many kernels or many layouts in one call, on worker threads: each worker compiles v86 once, creates
 * one machine and reuses it with warm resets (matrix-worker.ts). Jobs are handed out one at a time, so a slow
 * kernel never holds up the rest. A progress line is drawn on a TTY; the result carries a summary table.
 *
 *   const m = await verifyMatrix(layouts.map((spec, i) => ({ name: `v${i}`, layout: spec })), { workers: 2 });
 *   console.log(m.table);  // name | verdict | rules | first failure | build/boot/verify ms
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
import { cpus } from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Verdict } from "../emulator/index";
import type { Layout, LayoutSpec, LinkMap } from "../toolchain/link/index";
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
  /** Report options (clonable subset): at, symbols, heap, stack, timeout, paint, entryCheckpoint. */
  report?: Pick<RunReportOptions, "at" | "symbols" | "heap" | "stack" | "timeout" | "paint" | "entryCheckpoint" | "cr3s">;
}

/** What a builder module exports: build the job's kernel (runs inside the worker). */
export interface MatrixBuilder {
  buildForMatrix(job: MatrixJob): Promise<{ elf: Uint8Array; layout?: Layout; map?: LinkMap }> | { elf: Uint8Array; layout?: Layout; map?: LinkMap };
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

/** A data: URL module that registers tsx (TypeScript sources) and then imports the worker. */
function workerEntry(): URL {
  const self = import.meta.url;
  const worker = new URL(self.endsWith(".ts") ? "./matrix-worker.ts" : "./matrix-worker.js", self).href;
  if (!self.endsWith(".ts")) return new URL(worker);
  const api = createRequire(self).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
  const src = `import { register } from ${JSON.stringify(pathToFileURL(api).href)};\nregister();\nawait import(${JSON.stringify(worker)});\n`;
  return new URL("data:text/javascript," + encodeURIComponent(src));
}

function builderUrl(b: string | URL | undefined): string {
  if (b === undefined) return new URL(import.meta.url.endsWith(".ts") ? "./matrix-sample.ts" : "./matrix-sample.js", import.meta.url).href;
  if (b instanceof URL) return b.href;
  return /^[a-z]+:/.test(b) ? b : pathToFileURL(b).href;
}

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length));

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
    lines.push(`${pad(j.name, w)}  ${pad(verdictText(j.verdict), 12)} ${pad(`${ok}/${j.results.length}`, 7)} ${pad(j.buildMs.toFixed(1), 7)} ${pad(j.bootMs.toFixed(1), 7)} ${pad(j.verifyMs.toFixed(1), 6)} ${failure}`.trimEnd());
  }
  const passed = jobs.filter((j) => j.pass).length;
  lines.push(`${passed}/${jobs.length} kernels pass; ${jobs.length} verified in ${(wallMs / 1000).toFixed(2)} s (${(jobs.length / (wallMs / 1000)).toFixed(1)}/s)`);
  return lines.join("\n") + "\n";
}

/** Verify every job; resolves when all are done. Never rejects for a failing kernel: see each result. */
export async function verifyMatrix(jobs: readonly MatrixJob[], opts: MatrixOptions = {}): Promise<MatrixResult> {
  const t0 = performance.now();
  const count = Math.max(1, Math.min(opts.workers ?? Math.min(2, cpus().length), jobs.length || 1));
  const stream = opts.progress === false ? null : (opts.progress ?? process.stderr);
  const tty = !!stream?.isTTY && !process.env.CI;
  const results: MatrixJobResult[] = new Array(jobs.length);
  const started: boolean[] = jobs.map(() => false);
  let done = 0, failed = 0;
  const draw = () => {
    if (!tty || !stream) return;
    const rate = done / ((performance.now() - t0) / 1000);
    stream.write(`\r\x1b[2Kverify matrix: ${done}/${jobs.length} done, ${failed} failed, ${rate.toFixed(1)}/s`);
  };
  const entry = workerEntry();
  const builder = builderUrl(opts.builder);
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(entry, { workerData: { memoryMiB: opts.memoryMiB ?? 32, builder } });
      workers.push(w);
      let busy: number | null = null;
      let group: string | undefined;
      const feed = () => {
        // Prefer the next job of this worker's group (its builder has that group's work cached).
        let pick = group === undefined ? -1 : jobs.findIndex((j, i) => !started[i] && j.group === group);
        if (pick < 0) pick = started.indexOf(false);
        if (pick < 0) { busy = null; void w.terminate(); resolve(); return; }
        started[pick] = true;
        busy = pick;
        group = jobs[pick]!.group;
        w.postMessage({ index: busy, job: jobs[busy] });
      };
      w.on("message", (m: { ready?: true; index?: number; result?: MatrixJobResult }) => {
        if (m.ready) { feed(); return; }
        if (m.index !== undefined && m.result) {
          results[m.index] = m.result;
          done++;
          if (!m.result.pass) failed++;
          draw();
          feed();
        }
      });
      w.on("error", (e) => {
        // A crashed worker fails its current job and gives up; the others carry on with the rest.
        if (busy !== null) {
          results[busy] = { name: jobs[busy]!.name, pass: false, verdict: null, results: [], sections: [], stackHighWater: null, buildMs: 0, bootMs: 0, verifyMs: 0, error: `worker crashed: ${e.message}` };
          done++; failed++;
        }
        if (workers.every((x) => x === w)) reject(e); else resolve();
      });
    })));
  } finally {
    for (const w of workers) void w.terminate();
    if (tty && stream) stream.write("\r\x1b[2K");
  }
  // Jobs never handed out (every worker crashed) are failures too.
  for (let i = 0; i < jobs.length; i++) {
    results[i] ??= { name: jobs[i]!.name, pass: false, verdict: null, results: [], sections: [], stackHighWater: null, buildMs: 0, bootMs: 0, verifyMs: 0, error: "not run" };
  }
  const wallMs = performance.now() - t0;
  return { pass: results.every((r) => r.pass), jobs: results, wallMs, perSecond: jobs.length / (wallMs / 1000), table: formatMatrixTable(results, wallMs) };
}
