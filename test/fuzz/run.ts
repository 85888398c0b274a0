/**
 * `npm run fuzz [-- --runs N --target name --seed S]`: runs every fuzz target (targets.ts) for N inputs
 * (default 100,000) in a worker thread with a memory limit, while this thread watches for hangs: a worker
 * whose input counter stops for 10 s is killed and the hang is reported with the seed and index that
 * reproduce it. Prints counts, crashes, hangs and time per target; exits 1 on any crash or hang.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";

const TARGETS = ["assembler", "preprocessor", "elf-reader", "linker", "multiboot-loader"] as const;
type TargetName = (typeof TARGETS)[number];

interface Job { target: TargetName; runs: number; seed: number; counter: SharedArrayBuffer }
interface Report { target: string; runs: number; crashes: { index: number; error: string; input: string }[] }

async function worker(job: Job) {
  const t = await import("./targets");
  const seeds = t.buildSeeds();
  const target =
    job.target === "assembler" ? t.assemblerTarget :
    job.target === "preprocessor" ? t.preprocessorTarget :
    job.target === "elf-reader" ? t.elfReaderTarget(seeds.objects) :
    job.target === "linker" ? t.linkerTarget(seeds.objects) :
    t.multibootTarget(seeds.kernels);
  const counter = new Int32Array(job.counter);
  const crashes: Report["crashes"] = [];
  const chunk = 1000;
  for (let done = 0; done < job.runs; done += chunk) {
    const inputs = fc.sample(target.arbitrary as fc.Arbitrary<unknown>, { seed: job.seed + done, numRuns: Math.min(chunk, job.runs - done) });
    for (const [i, input] of inputs.entries()) {
      try {
        (target.check as (x: unknown) => void)(input);
      } catch (e) {
        if (crashes.length < 20) crashes.push({ index: done + i, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), input: JSON.stringify(input instanceof Uint8Array ? Array.from(input.subarray(0, 256)) : input).slice(0, 400) });
      }
      Atomics.add(counter, 0, 1);
    }
  }
  parentPort!.postMessage({ target: job.target, runs: job.runs, crashes } satisfies Report);
}

async function main() {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
  const runs = Number(arg("--runs") ?? 100_000);
  const seed = Number(arg("--seed") ?? 20261125);
  const only = arg("--target");
  let bad = 0;
  for (const target of TARGETS.filter((x) => !only || x === only)) {
    const counter = new SharedArrayBuffer(4);
    const count = new Int32Array(counter);
    const t0 = Date.now();
    const w = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
      workerData: { target, runs, seed, counter } satisfies Job,
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    const outcome = await new Promise<Report | { hang: number } | { died: string }>((resolve) => {
      let last = -1, lastChange = Date.now();
      const timer = setInterval(() => {
        const n = Atomics.load(count, 0);
        if (n !== last) {
          if (process.stderr.isTTY) process.stderr.write(`\r${target}: ${n}/${runs}`);
          else if (Math.floor(n / 10_000) !== Math.floor(Math.max(last, 0) / 10_000)) process.stderr.write(`${target}: ${n}/${runs} after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
          last = n; lastChange = Date.now();
        }
        else if (Date.now() - lastChange > 10_000) { clearInterval(timer); void w.terminate(); resolve({ hang: n }); }
      }, 250);
      w.once("message", (m: Report) => { clearInterval(timer); resolve(m); });
      w.once("error", (e) => { clearInterval(timer); resolve({ died: e.message }); });
    });
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (process.stderr.isTTY) process.stderr.write("\r");
    if ("hang" in outcome) { bad++; console.log(`${target}: HANG at input #${outcome.hang} (seed ${seed}), after ${secs} s`); }
    else if ("died" in outcome) { bad++; console.log(`${target}: worker died after ${Atomics.load(count, 0)} inputs: ${outcome.died}`); }
    else {
      console.log(`${target}: ${outcome.runs} inputs, ${outcome.crashes.length} crashes, 0 hangs, ${secs} s`);
      for (const c of outcome.crashes) console.log(`  #${c.index}: ${c.error}\n    input: ${c.input}`);
      if (outcome.crashes.length) bad++;
    }
  }
  process.exitCode = bad ? 1 : 0;
}

if (isMainThread) await main();
else await worker(workerData as Job);
