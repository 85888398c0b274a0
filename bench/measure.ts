/**
 * Timing primitives for bench/: alternating runs of kernlab and its peer, medians with min–max, and
 * whole-process timing of a command. Measures only; the workloads are in workloads.ts.
 */
import { spawnSync } from "node:child_process";

export interface Stats { median_s: number; min_s: number; max_s: number; runs: number }

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median_s: median, min_s: s[0]!, max_s: s[s.length - 1]!, runs: s.length };
}

/** Seconds taken by fn (sync or async). */
export async function time(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Run a and b alternately `runs` times each (a, b, a, b, …) so drift hits both alike. */
export async function alternate(runs: number, a: () => unknown, b: (() => unknown) | null): Promise<{ a: Stats; b: Stats | null }> {
  const sa: number[] = [], sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    sa.push(await time(a));
    if (b) sb.push(await time(b));
  }
  return { a: stats(sa), b: b ? stats(sb) : null };
}

/**
 * A whole-process run of a command; throws with its stderr when it fails (unless allowed statuses). `env` is
 * laid over this process's environment; a variable set to undefined there is removed.
 */
export function runProcess(cmd: string, args: string[], opts: { okStatuses?: number[]; input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  let env: NodeJS.ProcessEnv | undefined;
  if (opts.env) {
    env = { ...process.env, ...opts.env };
    for (const [k, v] of Object.entries(opts.env)) if (v === undefined) delete env[k];
  }
  const r = spawnSync(cmd, args, { stdio: ["pipe", "pipe", "pipe"], input: opts.input ?? "", cwd: opts.cwd, env, maxBuffer: 1 << 28 });
  const ok = opts.okStatuses ?? [0];
  if (r.error) throw r.error;
  if (!ok.includes(r.status ?? -1)) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  }
}

export function hasCommand(cmd: string, args: string[] = ["--version"]): boolean {
  const r = spawnSync(cmd, args, { stdio: "ignore" });
  return !r.error && r.status === 0;
}

/** Stats of `n` timed runs of fn. */
export async function repeat(n: number, fn: () => unknown): Promise<Stats> {
  const s: number[] = [];
  for (let i = 0; i < n; i++) s.push(await time(fn));
  return stats(s);
}
