/**
 * `npm run fuzz [-- --runs N --target name --seed S --show index]`: runs every fuzz target (targets.ts) for N
 * inputs (default 100,000) in a worker thread with a memory limit, while this thread watches for hangs: a
 * worker whose input counter stops for 10 s is killed, the hang is recorded with the index that reproduces it,
 * and a new worker carries on from the next input. Prints counts, crashes, hangs and time per target; exits 1
 * on any crash or hang. `--show i` prints input #i of `--target` (same seed) and runs it once.
 * Input #i is the (i mod 1000)-th sample of fast-check seeded with seed + (i - i mod 1000).
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";

const TARGETS = ["assembler", "preprocessor", "elf-reader", "dwarf-line", "linker", "multiboot-loader", "snapshot", "gdb-packets", "snapshot-file", "web-request", "klrec"] as const;
type TargetName = (typeof TARGETS)[number];
const CHUNK = 1000;
const HANG_MS = 10_000;

interface Job { target: TargetName; from: number; runs: number; seed: number; counter: SharedArrayBuffer }
interface Crash { index: number; error: string; input: string }
interface Report { crashes: Crash[]; crashCount: number }

/** Short, readable form of an input: byte arrays as their length, strings in full up to 600 characters. */
function show(input: unknown): string {
  return JSON.stringify(input, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)).slice(0, 600);
}

async function loadTarget(name: TargetName) {
  const t = await import("./targets");
  const seeds = t.buildSeeds();
  const target =
    name === "assembler" ? t.assemblerTarget :
    name === "preprocessor" ? t.preprocessorTarget :
    name === "elf-reader" ? t.elfReaderTarget([...seeds.objects, ...seeds.kernels]) :
    name === "dwarf-line" ? t.dwarfLineTarget(t.dwarfLineSeeds()) :
    name === "linker" ? t.linkerTarget(seeds.objects) :
    name === "snapshot" ? t.snapshotTarget :
    name === "gdb-packets" ? t.gdbPacketTarget :
    name === "snapshot-file" ? t.snapshotFileTarget :
    name === "web-request" ? t.webRequestTarget :
    name === "klrec" ? t.klrecTarget :
    t.multibootTarget(seeds.kernels);
  return target as unknown as { arbitrary: fc.Arbitrary<unknown>; check(x: unknown): void };
}

function inputsOfChunk(arbitrary: fc.Arbitrary<unknown>, seed: number, chunkStart: number, runs: number): unknown[] {
  return fc.sample(arbitrary, { seed: seed + chunkStart, numRuns: Math.min(CHUNK, runs - chunkStart) });
}

async function worker(job: Job) {
  const target = await loadTarget(job.target);
  const counter = new Int32Array(job.counter);
  const crashes: Crash[] = [];
  let crashCount = 0;
  for (let chunkStart = job.from - (job.from % CHUNK); chunkStart < job.runs; chunkStart += CHUNK) {
    const inputs = inputsOfChunk(target.arbitrary, job.seed, chunkStart, job.runs);
    for (let i = Math.max(0, job.from - chunkStart); i < inputs.length; i++) {
      const input = inputs[i];
      try {
        target.check(input);
      } catch (e) {
        crashCount++;
        if (crashes.length < 20) crashes.push({ index: chunkStart + i, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), input: show(input) });
      }
      Atomics.store(counter, 0, chunkStart + i + 1);
    }
  }
  parentPort!.postMessage({ crashes, crashCount } satisfies Report);
}

/** Runs [from, runs) in one worker; resolves with its report, or with the index of the input it hung on. */
function runWorker(target: TargetName, from: number, runs: number, seed: number, onProgress: (n: number) => void): Promise<Report | { hang: number } | { died: string; at: number }> {
  const counter = new SharedArrayBuffer(4);
  const count = new Int32Array(counter);
  Atomics.store(count, 0, from);
  const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
    workerData: { target, from, runs, seed, counter } satisfies Job,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return new Promise((resolve) => {
    let last = -1, lastChange = Date.now();
    let settled = false;
    const done = (r: Report | { hang: number } | { died: string; at: number }) => { if (!settled) { settled = true; clearInterval(timer); resolve(r); } };
    const timer = setInterval(() => {
      const n = Atomics.load(count, 0);
      if (n !== last) { onProgress(n); last = n; lastChange = Date.now(); }
      else if (Date.now() - lastChange > HANG_MS) { void w.terminate(); done({ hang: n }); }
    }, 250);
    w.once("message", (m: Report) => done(m));
    w.once("error", (e) => done({ died: e.message, at: Atomics.load(count, 0) }));
  });
}

async function main() {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
  const runs = Number(arg("--runs") ?? 100_000);
  const seed = Number(arg("--seed") ?? 20261125);
  const only = arg("--target");
  const showIndex = arg("--show");
  if (showIndex !== undefined) {
    const index = Number(showIndex);
    const target = await loadTarget((only ?? "assembler") as TargetName);
    const chunkStart = index - (index % CHUNK);
    const input = inputsOfChunk(target.arbitrary, seed, chunkStart, chunkStart + CHUNK)[index - chunkStart];
    console.log(show(input));
    target.check(input);
    console.log("no crash");
    return;
  }
  let bad = 0;
  for (const target of TARGETS.filter((x) => !only || x === only)) {
    const t0 = Date.now();
    const crashes: Crash[] = [];
    let crashCount = 0;
    const hangs: number[] = [];
    const deaths: string[] = [];
    let printed = 0;
    const progress = (n: number) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${target}: ${n}/${runs}`);
      else if (n - printed >= 10_000) { printed = n - (n % 10_000); process.stderr.write(`${target}: ${n}/${runs} after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`); }
    };
    for (let from = 0; from < runs;) {
      const r = await runWorker(target, from, runs, seed, progress);
      if ("hang" in r) { hangs.push(r.hang); from = r.hang + 1; continue; }
      if ("died" in r) { deaths.push(`#${r.at}: ${r.died}`); from = r.at + 1; continue; }
      crashes.push(...r.crashes.slice(0, 20 - crashes.length));
      crashCount += r.crashCount;
      break;
    }
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (process.stderr.isTTY) process.stderr.write("\r");
    console.log(`${target}: ${runs} inputs, ${crashCount} crashes, ${hangs.length} hangs, ${deaths.length} worker deaths, ${secs} s`);
    for (const c of crashes) console.log(`  crash #${c.index}: ${c.error}\n    input: ${c.input}`);
    for (const h of hangs) console.log(`  hang #${h} (no answer in ${HANG_MS / 1000} s; npm run fuzz -- --target ${target} --show ${h})`);
    for (const d of deaths) console.log(`  worker died at ${d}`);
    if (crashCount || hangs.length || deaths.length) bad++;
  }
  process.exitCode = bad ? 1 : 0;
}

if (isMainThread) await main();
else await worker(workerData as Job);
