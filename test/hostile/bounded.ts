/**
 * Runs `node bin/kernlab.js …` as a hostile-input case under a memory ceiling: V8's heap is capped with
 * --max-old-space-size and a watchdog reads the child's resident set (/proc/<pid>/status VmRSS) every 25 ms
 * and kills it past the ceiling, so an unbounded read (ArrayBuffers are outside V8's heap) fails the test
 * instead of the machine. `ulimit -v` is not usable for kernlab: V8 reserves gigabytes of address space for
 * WebAssembly (v86, iced-x86) that it never touches. A time ceiling kills hangs (a FIFO read) the same way.
 * Not a test file.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const root = join(__dirname, "..", "..");

export interface BoundedResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why the watchdog killed the case, or null when it ended by itself. */
  killed: "memory" | "time" | null;
  peakRssMiB: number;
}

export interface Ceiling { rssMiB?: number; ms?: number; cwd?: string; input?: string | null; node?: string[]; stdout?: "pipe" | number }

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** `node [node…] bin/kernlab.js args…` under the ceiling (default 512 MiB resident, 30 s). */
export function kernlabBounded(args: string[], c: Ceiling = {}): Promise<BoundedResult> {
  const ceilingMiB = c.rssMiB ?? 512, ms = c.ms ?? 30_000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${Math.floor(ceilingMiB / 2)}`, ...(c.node ?? []), join(root, "bin", "kernlab.js"), ...args], {
      cwd: c.cwd ?? root, stdio: [c.input === undefined || c.input === null ? "ignore" : "pipe", c.stdout ?? "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "", stderr = "", killed: BoundedResult["killed"] = null, peak = 0;
    child.stdout?.on("data", (d: Buffer) => { if (stdout.length < 1 << 20) stdout += d.toString(); });
    child.stderr!.on("data", (d: Buffer) => { if (stderr.length < 1 << 20) stderr += d.toString(); });
    if (c.input) child.stdin!.end(c.input);
    const kill = (why: "memory" | "time") => { killed ??= why; child.kill("SIGKILL"); };
    const poll = setInterval(() => {
      const r = rssMiB(child.pid!);
      peak = Math.max(peak, r);
      if (r > ceilingMiB) kill("memory");
    }, 25);
    const timer = setTimeout(() => kill("time"), ms);
    child.on("close", (status, signal) => {
      clearInterval(poll); clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, killed, peakRssMiB: Math.round(peak) });
    });
  });
}
