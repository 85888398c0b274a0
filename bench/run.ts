/**
 * `npm run bench`: kernlab against the tools users would pick instead, measured side by side in one run.
 * Prints a table of ratios (kernlab / peer: below 1 means kernlab is faster; for rates, kernlab / peer
 * where above 1 means faster) and writes bench/results/latest.json. `--smoke` runs tiny sizes (used by
 * the test suite to keep this script honest); it writes smoke.json/smoke.md instead. `--out=DIR` writes the
 * results elsewhere; `--only=id,id` runs some workloads (ids of the workload() calls below).
 */
import { cpus, totalmem, tmpdir, release, loadavg } from "node:os";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Worker } from "node:worker_threads";
import { writeFileAtomic } from "../core/fs-atomic";
import { alternate, hasCommand, repeat, runProcess, stats, time, type Stats } from "./measure";
import { BARE_BONES_LD, generateAsm, generateCObject, generateLinkObject } from "./generate";
import { KERNEL_LD, TINY_KERNEL, cpuKernel } from "./kernels";

const smoke = process.argv.includes("--smoke");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
/** Where the results go (default bench/results/); the smoke test points it at a temporary folder. */
const outArg = process.argv.find((a) => a.startsWith("--out="))?.slice(6);
const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "bin", "kernlab.js");
const work = mkdtempSync(join(tmpdir(), "kernlab-bench-"));

type Side = Stats | { value: number };
interface Result {
  id: string;
  unit: string;
  kernlab: Side | null;
  peer: ({ name: string } & Side) | null;
  ratio: number | null;
  note?: string;
  extra?: Record<string, unknown>;
}
const results: Result[] = [];

function log(msg: string) {
  process.stderr.write(msg + "\n");
}

async function workload(id: string, fn: () => Promise<Result | Result[]>) {
  if (only && !only.includes(id)) return;
  log(`bench: ${id} …`);
  try {
    const r = await fn();
    results.push(...(Array.isArray(r) ? r : [r]));
  } catch (e) {
    results.push({ id, unit: "s", kernlab: null, peer: null, ratio: null, note: `failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` });
  }
}

const runs = smoke ? 1 : 5;
const has = {
  nasm: hasCommand("nasm", ["-v"]),
  ld: hasCommand("ld", ["-V"]),
  qemu: hasCommand("qemu-system-i386", ["--version"]),
  gcc: spawnSync("gcc", ["-m32", "-c", "-x", "c", "-", "-o", "/dev/null"], { input: "int x;" }).status === 0,
};
const absent = (name: string) => `peer ${name} is not installed: no ratio`;

async function toolchain() {
  const asm = await import("../toolchain/asm/index");
  const lnk = await import("../toolchain/link/index");
  return { asm, lnk };
}

/** Build a kernel ELF from NASM source with kernlab's own assembler and linker. */
async function buildKernel(source: string): Promise<Uint8Array> {
  const { asm, lnk } = await toolchain();
  const obj = asm.assembleOrThrow(source, { file: "kernel.asm" });
  return lnk.link([{ name: "kernel.o", bytes: obj }], { script: { text: KERNEL_LD, file: "kernel.ld" } }).image;
}

// 1. Assembling a generated file of realistic kernel code.
await workload("asm-50k", async () => {
  const lines = smoke ? 500 : 50_000, labels = smoke ? 50 : 5000;
  const src = join(work, "big.asm");
  writeFileSync(src, generateAsm(lines, labels));
  const kOut = join(work, "big-k.o"), nOut = join(work, "big-n.o");
  const { asm } = await toolchain();
  const text = readFileSync(src, "utf8");
  asm.assemble(text, { file: src }); // warm-up
  const inproc = await repeat(smoke ? 1 : 3, () => asm.assemble(text, { file: src }));
  const { a, b } = await alternate(runs, () => runProcess("node", [cli, "nasm", "-felf32", "-o", kOut, src]),
    has.nasm ? () => runProcess("nasm", ["-felf32", "-o", nOut, src]) : null);
  const identical = has.nasm ? Buffer.compare(readFileSync(kOut), readFileSync(nOut)) === 0 : null;
  return [
    { id: "asm-50k", unit: "s", kernlab: a, peer: b ? { name: "nasm -felf32", ...b } : null, ratio: b ? a.median_s / b.median_s : null,
      note: b ? `${lines} lines, ${labels} labels; output identical to nasm: ${identical}` : absent("nasm"), extra: { identical, lines, labels } },
    { id: "asm-50k-inproc", unit: "s", kernlab: inproc, peer: b ? { name: "nasm -felf32 (whole process)", ...b } : null,
      ratio: b ? inproc.median_s / b.median_s : null, note: "kernlab in-process after warm-up" },
  ];
});

// 2. Linking 200 objects with a Bare Bones style script.
async function linkBench(id: string, objects: { name: string; path: string }[], note: string): Promise<Result[]> {
  const { lnk } = await toolchain();
  const script = join(work, `${id}.ld`);
  writeFileSync(script, BARE_BONES_LD);
  const inputs = objects.map((o) => ({ name: o.name, bytes: new Uint8Array(readFileSync(o.path)) }));
  const scriptText = { text: BARE_BONES_LD, file: script };
  lnk.link(inputs, { script: scriptText }); // warm-up
  const kOut = join(work, `${id}-k.elf`), lOut = join(work, `${id}-l.elf`);
  const ldArgs = ["-m", "elf_i386", "-T", script, "-o", lOut, ...objects.map((o) => o.path)];
  const { a, b } = await alternate(runs, () => lnk.link(inputs, { script: scriptText }), has.ld ? () => runProcess("ld", ldArgs) : null);
  const whole = (await alternate(runs, () => runProcess("node", [cli, "ld", "-m", "elf_i386", "-T", script, "-o", kOut, ...objects.map((o) => o.path)]), null)).a;
  const size = inputs.reduce((n, i) => n + i.bytes.length, 0);
  return [
    { id, unit: "s", kernlab: a, peer: b ? { name: "ld -m elf_i386 -T (whole process)", ...b } : null, ratio: b ? a.median_s / b.median_s : null,
      note: b ? `${note}; ${(size / 1e6).toFixed(2)} MB of objects; kernlab in-process` : absent("ld") },
    { id: `${id}-whole`, unit: "s", kernlab: whole, peer: b ? { name: "ld -m elf_i386 -T (whole process)", ...b } : null, ratio: b ? whole.median_s / b.median_s : null,
      note: "kernlab ld whole process" },
  ];
}

await workload("link-200-nasm", async () => {
  const count = smoke ? 10 : 200;
  const { asm } = await toolchain();
  const objects = [];
  for (let i = 0; i < count; i++) {
    const src = generateLinkObject(i, count, smoke ? 50 : 1000);
    const path = join(work, `o${i}.o`);
    if (has.nasm) { writeFileSync(join(work, `o${i}.asm`), src); runProcess("nasm", ["-felf32", "-o", path, join(work, `o${i}.asm`)]); }
    else writeFileSync(path, asm.assembleOrThrow(src, { file: `o${i}.asm` }));
    objects.push({ name: `o${i}.o`, path });
  }
  return linkBench("link-200-nasm", objects, `${count} NASM objects`);
});

await workload("link-200-gcc", async () => {
  if (!has.gcc) return { id: "link-200-gcc", unit: "s", kernlab: null, peer: null, ratio: null, note: "gcc -m32 is not installed: workload needs its objects" };
  const count = smoke ? 10 : 200;
  const objects = [];
  for (let i = 0; i < count; i++) {
    const c = join(work, `c${i}.c`), o = join(work, `c${i}.o`);
    writeFileSync(c, generateCObject(i, count));
    runProcess("gcc", ["-m32", "-O2", "-ffreestanding", "-fno-pic", "-c", c, "-o", o]);
    objects.push({ name: `c${i}.o`, path: o });
  }
  return linkBench("link-200-gcc", objects, `${count} gcc -m32 -O2 objects (orphans: .eh_frame, .comment, .note.GNU-stack)`);
});

// 3. Boot to exit, whole process: kernlab run vs qemu -kernel with isa-debug-exit. kernlab keeps V8's code
// cache of its bundle (bin/kernlab.js): "boot-whole" is every run after the first (the cache is warmed once,
// in a folder of this bench), "boot-whole-cold" a first run each time (an empty cache folder: the code cache
// the build shipped in dist/code-cache is used when it was made by this Node), "boot-whole-nocache" with
// KERNLAB_CACHE=0 (no code cache at all: the bundle is compiled, as on a Node that rejects the shipped one).
const tinyElf = join(work, "tiny.elf");
const warmCache = join(work, "cache");
const coldCache = () => mkdtempSync(join(work, "cold-"));
await workload("boot-whole", async () => {
  writeFileSync(tinyElf, await buildKernel(TINY_KERNEL));
  const qemuArgs = ["-kernel", tinyElf, "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]; // QEMU's default machine and RAM (128 MiB), as kernlab run's
  runProcess("node", [cli, "run", tinyElf], { env: { KERNLAB_CACHE_DIR: warmCache } });
  // The floor: Node starting and exiting with nothing to do, in the same rounds. NODE_EXTRA_CA_CERTS (set in
  // some sandboxes and corporate set-ups) makes Node 20 parse a certificate bundle at every start-up.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const withoutCa = { NODE_EXTRA_CA_CERTS: undefined };
  const s = { warm: [] as number[], qemu: [] as number[], cold: [] as number[], none: [] as number[], bare: [] as number[], bareNoCa: [] as number[], warmNoCa: [] as number[] };
  for (let i = 0; i < (smoke ? 1 : 20); i++) {
    s.warm.push(await time(() => runProcess("node", [cli, "run", tinyElf], { env: { KERNLAB_CACHE_DIR: warmCache } })));
    if (has.qemu) s.qemu.push(await time(() => runProcess("qemu-system-i386", qemuArgs, { okStatuses: [1] })));
    s.cold.push(await time(() => runProcess("node", [cli, "run", tinyElf], { env: { KERNLAB_CACHE_DIR: coldCache() } })));
    s.none.push(await time(() => runProcess("node", [cli, "run", tinyElf], { env: { KERNLAB_CACHE_DIR: coldCache(), KERNLAB_CACHE: "0" } })));
    s.bare.push(await time(() => runProcess("node", ["-e", "0"])));
    if (extraCa) {
      s.bareNoCa.push(await time(() => runProcess("node", ["-e", "0"], { env: withoutCa })));
      s.warmNoCa.push(await time(() => runProcess("node", [cli, "run", tinyElf], { env: { ...withoutCa, KERNLAB_CACHE_DIR: warmCache } })));
    }
  }
  const q = has.qemu ? stats(s.qemu) : null;
  const row = (id: string, samples: number[], note: string): Result => {
    const k = stats(samples);
    return { id, unit: "s", kernlab: k, peer: q ? { name: "qemu-system-i386 -kernel", ...q } : null, ratio: q ? k.median_s / q.median_s : null, note: q ? note : `${note}; ${absent("qemu")}` };
  };
  return [
    row("boot-whole", s.warm, "tiny multiboot kernel, boot to exit, whole process; V8 code cache of the bundle warm (every run after the first)"),
    row("boot-whole-cold", s.cold, "the same, each run a first run (empty cache folder; the code cache shipped in dist/code-cache for this Node is used)"),
    row("boot-whole-nocache", s.none, "the same with KERNLAB_CACHE=0: no code cache at all, the bundle is compiled (a first run on a Node the package was not built with, which then writes its own cache)"),
    row("node-startup", s.bare, `node -e 0, whole process: the floor of any Node command line${extraCa ? "; NODE_EXTRA_CA_CERTS is set in this environment" : ""}`),
    ...(extraCa ? [
      row("node-startup-no-extra-ca", s.bareNoCa, "node -e 0 with NODE_EXTRA_CA_CERTS unset: what Node 20 spends parsing that certificate bundle at start-up is the difference"),
      row("boot-whole-no-extra-ca", s.warmNoCa, "boot-whole with NODE_EXTRA_CA_CERTS unset (as on a machine without it)"),
    ] : []),
  ];
});

// 3b. The drop-ins' start-up in a Makefile: `kernlab nasm` on a 20-line file and `kernlab ld` on two objects,
// whole process with the code cache warm, against `node -e 0` (the floor of any Node command) and the real tools.
await workload("dropin-startup", async () => {
  const src = join(work, "small.asm");
  writeFileSync(src, "bits 32\nsection .text\nglobal start\nstart:\n" + Array.from({ length: 16 }, (_, i) => `    mov eax, ${i}\n`).join(""));
  const obj = (n: number) => join(work, `small${n}.o`);
  const env = { KERNLAB_CACHE_DIR: warmCache };
  runProcess("node", [cli, "nasm", "-felf32", src, "-o", obj(1)], { env });
  const src2 = join(work, "small2.asm");
  writeFileSync(src2, "bits 32\nsection .data\nglobal other\nother: dd 1, 2, 3\n");
  runProcess("node", [cli, "nasm", "-felf32", src2, "-o", obj(2)], { env });
  writeFileSync(join(work, "two.ld"), "ENTRY(start)\nSECTIONS { . = 1M; .text : { *(.text) } }\n");
  runProcess("node", [cli, "ld", "-m", "elf_i386", "-T", join(work, "two.ld"), obj(1), obj(2), "-o", join(work, "two.elf")], { env });
  const s = { nasm: [] as number[], ld: [] as number[], nasmFirst: [] as number[], ldFirst: [] as number[], node: [] as number[], realNasm: [] as number[], realLd: [] as number[] };
  const nasmArgs = [cli, "nasm", "-felf32", src, "-o", obj(1)];
  const ldArgs = [cli, "ld", "-m", "elf_i386", "-T", join(work, "two.ld"), obj(1), obj(2), "-o", join(work, "two.elf")];
  for (let i = 0; i < (smoke ? 1 : 20); i++) {
    s.nasm.push(await time(() => runProcess("node", nasmArgs, { env })));
    s.ld.push(await time(() => runProcess("node", ldArgs, { env })));
    s.nasmFirst.push(await time(() => runProcess("node", nasmArgs, { env: { KERNLAB_CACHE_DIR: coldCache() } })));
    s.ldFirst.push(await time(() => runProcess("node", ldArgs, { env: { KERNLAB_CACHE_DIR: coldCache() } })));
    s.node.push(await time(() => runProcess("node", ["-e", "0"])));
    if (has.nasm) s.realNasm.push(await time(() => runProcess("nasm", ["-felf32", src, "-o", join(work, "real.o")])));
    if (has.ld) s.realLd.push(await time(() => runProcess("ld", ["-m", "elf_i386", "-T", join(work, "two.ld"), obj(1), obj(2), "-o", join(work, "real.elf")])));
  }
  const n = stats(s.node);
  const rows: Result[] = [];
  const rowsOf = [
    ["nasm-startup", s.nasm, s.realNasm, "nasm -felf32", "kernlab nasm on a 20-line file", "code cache warm"],
    ["ld-startup", s.ld, s.realLd, "ld -m elf_i386 -T", "kernlab ld on two objects and a script", "code cache warm"],
    ["nasm-startup-first", s.nasmFirst, s.realNasm, "nasm -felf32", "kernlab nasm on a 20-line file", "a first run (empty cache folder; the code cache shipped in dist/code-cache for this Node is used)"],
    ["ld-startup-first", s.ldFirst, s.realLd, "ld -m elf_i386 -T", "kernlab ld on two objects and a script", "a first run (empty cache folder; the shipped code cache is used)"],
  ] as const;
  for (const [id, samples, real, realName, what, cache] of rowsOf) {
    const k = stats(samples);
    const r = real.length ? stats(real) : null;
    rows.push({ id, unit: "s", kernlab: k, peer: { name: "node -e 0", ...n }, ratio: k.median_s / n.median_s,
      note: `${what}, whole process, ${cache}; ${r ? `${realName}: ${(r.median_s * 1000).toFixed(1)} ms (ratio ${(k.median_s / r.median_s).toFixed(2)})` : absent(realName)}` });
  }
  return rows;
});

// 4. Boot to exit in-process: fresh machine vs warm reset; boots per second at several memory sizes and workers.
await workload("boot-inproc", async () => {
  const emu = await import("../emulator/index");
  const elf = await buildKernel(TINY_KERNEL);
  const out: Result[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < (smoke ? 2 : 20); i++) {
    fresh.push(await time(async () => {
      const m = await emu.createMachine({ memoryMiB: 16 });
      const r = await m.boot(elf).result;
      if (r.verdict.kind !== "exited") throw new Error(`fresh boot ended ${emu.describeVerdict(r.verdict)}`);
      m.destroy();
    }));
  }
  out.push({ id: "boot-fresh-inproc", unit: "s", kernlab: stats(fresh), peer: null, ratio: null, note: "new machine per boot, 16 MiB, compiled module reused" });
  for (const mib of smoke ? [16] : [4, 16, 64]) {
    const m = await emu.createMachine({ memoryMiB: mib });
    for (let i = 0; i < 20; i++) await m.boot(elf).result; // warm-up
    const n = smoke ? 50 : 2000;
    const heapBefore = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const secs = await time(async () => {
      for (let i = 0; i < n; i++) {
        const r = await m.boot(elf).result;
        if (r.verdict.kind !== "exited") throw new Error(`warm boot ${i} ended ${emu.describeVerdict(r.verdict)}`);
      }
    });
    const cpu = process.cpuUsage(cpu0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    const rss = process.memoryUsage().rss;
    m.destroy();
    // Wall-clock rate is the headline; the CPU-time rate says what one core does when the machine is shared.
    out.push({ id: `boot-warm-${mib}m`, unit: "boots/s", kernlab: { value: n / secs }, peer: null, ratio: null,
      note: `warm reset, one machine reused, one core; ${(n / cpuSecs).toFixed(0)} boots per CPU-second; rss ${(rss / 2 ** 20).toFixed(0)} MiB (before ${(heapBefore / 2 ** 20).toFixed(0)} MiB); QEMU whole-process boots ≈ 1 / boot-whole`,
      extra: { boots: n, wall_s: secs, cpu_s: cpuSecs, boots_per_cpu_s: n / cpuSecs, rss_mib: rss / 2 ** 20 } });
  }
  // Two worker threads, each with its own machine.
  const n = smoke ? 20 : 1000;
  const workerSrc = `
    const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { register } = await import("tsx/esm/api"); register();
      const emu = await import(workerData.emu);
      const m = await emu.createMachine({ memoryMiB: 16 });
      const elf = new Uint8Array(workerData.elf);
      for (let i = 0; i < 20; i++) await m.boot(elf).result;
      parentPort.postMessage("ready");
      parentPort.once("message", async () => {
        for (let i = 0; i < workerData.n; i++) await m.boot(elf).result;
        parentPort.postMessage("done");
      });
    })();`;
  const workers = [0, 1].map(() => new Worker(workerSrc, { eval: true, workerData: { emu: new URL("../emulator/index.ts", import.meta.url).href, elf: elf.slice().buffer, n } }));
  await Promise.all(workers.map((w) => new Promise((res) => w.once("message", res))));
  const secs = await time(() => Promise.all(workers.map((w) => { const p = new Promise((res) => w.once("message", res)); w.postMessage("go"); return p; })));
  await Promise.all(workers.map((w) => w.terminate()));
  out.push({ id: "boot-warm-16m-2workers", unit: "boots/s", kernlab: { value: (2 * n) / secs }, peer: null, ratio: null, note: "2 worker threads, one machine each" });
  const qemu = results.find((r) => r.id === "boot-whole")?.peer;
  const w16 = out.find((r) => r.id === "boot-warm-16m");
  if (w16 && qemu && "median_s" in qemu) { w16.peer = { name: "qemu-system-i386 whole-process boots/s", value: 1 / qemu.median_s }; w16.ratio = (w16.kernlab as { value: number }).value * qemu.median_s; }
  return out;
});

// 5. The full sample-kernel verify (npm start path), whole process, with an in-process breakdown. kernlab
// sample keeps its assembled objects and V8's code cache on disk: "sample-verify" is a run after the first
// (links cached objects), "sample-verify-cold" a first run each time (an empty cache folder: assembles all).
async function sampleVerify(id: string, cacheDir: () => string, note: string): Promise<Result> {
  const samples: number[] = [];
  let breakdown: unknown = null;
  let objectCache: unknown = null;
  for (let i = 0; i < runs; i++) {
    let stdout = "";
    const env = { ...process.env, KERNLAB_CACHE_DIR: cacheDir() };
    samples.push(await time(() => {
      const r = spawnSync("node", [cli, "sample", "--json"], { encoding: "utf8", maxBuffer: 1 << 26, env });
      if (r.status !== 0) throw new Error(`kernlab sample --json exited ${r.status}: ${String(r.stderr).slice(0, 300)}`);
      stdout = r.stdout;
    }));
    const report = JSON.parse(stdout) as { timings?: unknown; objectCache?: unknown };
    breakdown = report.timings ?? breakdown;
    objectCache = report.objectCache ?? objectCache;
  }
  return { id, unit: "s", kernlab: stats(samples), peer: null, ratio: null,
    note: `${note}; breakdown in ms from the last run: ${JSON.stringify(breakdown)}; object cache: ${JSON.stringify(objectCache)}`,
    extra: { breakdown, objectCache } };
}
await workload("sample-verify", async () => {
  spawnSync("node", [cli, "sample", "--json"], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, KERNLAB_CACHE_DIR: warmCache } });
  return [
    await sampleVerify("sample-verify", () => warmCache, "kernlab sample --json, whole process (build, boot, nine proofs), caches warm"),
    await sampleVerify("sample-verify-cold", coldCache, "the same, each run a first run (empty cache folder: assembles every source)"),
  ];
});

// 5b. The 54-variant layout matrix of the sample kernel (issue #8): build (link), boot and verify each layout on
// 2 worker threads. "cold" starts the workers for the call (worker code, v86 instances, one assembly of the
// sample); "warm" runs on a pool that already did one matrix.
await workload("matrix-54", async () => {
  const { createMatrixPool, verifyMatrix } = await import("../verify/matrix");
  const { sampleVariants } = await import("../test/verify/helpers/sample-variants");
  const jobs = sampleVariants().slice(0, smoke ? 6 : undefined).map((v) => ({ name: v.name, group: v.group, layout: v.spec }));
  const rates = (ms: number[]) => ms.map((x) => jobs.length / (x / 1000)).sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  const cold: number[] = [], warm: number[] = [];
  for (let i = 0; i < (smoke ? 1 : 3); i++) {
    const m = await verifyMatrix(jobs, { workers: 2, progress: false });
    if (!m.pass) throw new Error(`matrix failed: ${m.jobs.find((j) => !j.pass)?.name}`);
    cold.push(m.wallMs);
  }
  const pool = await createMatrixPool({ workers: 2 });
  try {
    await pool.verify(jobs, { progress: false });
    for (let i = 0; i < runs; i++) warm.push((await pool.verify(jobs, { progress: false })).wallMs);
  } finally {
    await pool.close();
  }
  return [
    { id: "matrix-54-cold", unit: "layouts/s", kernlab: { value: median(rates(cold)) }, peer: null, ratio: null,
      note: `${jobs.length} sample-kernel layouts, each linked, booted and verified on 2 workers, workers started for the call; wall ${cold.map((x) => (x / 1000).toFixed(2)).join(", ")} s` },
    { id: "matrix-54-warm", unit: "layouts/s", kernlab: { value: median(rates(warm)) }, peer: null, ratio: null,
      note: `the same on a warm pool (createMatrixPool); wall ${warm.map((x) => (x / 1000).toFixed(2)).join(", ")} s` },
  ];
});

// 6. Guest compute: the same CPU-bound kernel under v86 (kernlab run) and QEMU TCG, whole process.
await workload("guest-cpu", async () => {
  const iters = smoke ? 100_000 : 30_000_000;
  const path = join(work, "cpu.elf");
  writeFileSync(path, await buildKernel(cpuKernel(iters)));
  const qemuArgs = ["-kernel", path, "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"];
  const { a, b } = await alternate(smoke ? 1 : 3, () => runProcess("node", [cli, "run", "--no-jit", "--timeout", "120000", path]),
    has.qemu ? () => runProcess("qemu-system-i386", qemuArgs, { okStatuses: [1] }) : null);
  const jit = (await alternate(smoke ? 1 : 3, () => runProcess("node", [cli, "run", "--jit", "--timeout", "120000", path]), null)).a;
  const auto = (await alternate(smoke ? 1 : 3, () => runProcess("node", [cli, "run", "--timeout", "120000", path]), null)).a;
  return [
    { id: "guest-cpu", unit: "s", kernlab: a, peer: b ? { name: "qemu-system-i386 (TCG)", ...b } : null, ratio: b ? a.median_s / b.median_s : null,
      note: `${iters} loop iterations (~${(iters * 7 / 1e6).toFixed(0)}M guest instructions), whole process, kernlab run --no-jit (v86's interpreter only); measures v86 itself` },
    { id: "guest-cpu-jit", unit: "s", kernlab: jit, peer: b ? { name: "qemu-system-i386 (TCG)", ...b } : null, ratio: b ? jit.median_s / b.median_s : null,
      note: "the same kernel under kernlab run --jit (v86's x86-to-wasm JIT from the first instruction)" },
    { id: "guest-cpu-default", unit: "s", kernlab: auto, peer: b ? { name: "qemu-system-i386 (TCG)", ...b } : null, ratio: b ? auto.median_s / b.median_s : null,
      note: "the same kernel under kernlab run's default: the interpreter first, the JIT on by itself after 1M guest instructions (goal: ratio ≤ 2)" },
  ];
});

// 6b. The debugger's cost: guest instructions per second in-process with no debugger, with the debug-hooks
// v86 fix left out (the price of the countdown itself), with 0, 1 and 16 breakpoints (never hit) and one write
// watchpoint; single steps per second through the Debugger API.
await workload("debug", async () => {
  const emu = await import("../emulator/index");
  const { applyV86Fixes } = await import("../emulator/v86-fixes/index");
  const { nodeWasmBytes } = await import("../emulator/wasm-node");
  const limit = smoke ? 200_000 : 5_000_000;
  const elf = await buildKernel(cpuKernel(1_000_000_000));
  const m = await emu.createMachine({ memoryMiB: 16, jit: false });
  const bare = await emu.createMachine({ memoryMiB: 16, jit: false, wasmModule: await WebAssembly.compile(applyV86Fixes(nodeWasmBytes(), { except: ["debug-hooks"] }) as Uint8Array<ArrayBuffer>) });
  type Setup = ((d: NonNullable<ReturnType<typeof m.boot>["debug"]>) => void) | null;
  const once = async (machine: typeof m, setup: Setup) => {
    const run = machine.boot(elf, { timeout: { instructions: limit }, ...(setup ? { debug: {} } : {}) });
    if (setup) setup(run.debug!);
    const t0 = performance.now();
    const r = await run.result;
    return r.instructions / ((performance.now() - t0) / 1000);
  };
  const far = (i: number) => 0x00380000 + i * 16; // never executed; not 2 MiB × k from the loop (the page filter slot would alias)
  const modes: [string, typeof m, Setup][] = [
    ["plain", m, null], ["nohooks", bare, null], ["bp0", m, () => {}],
    ["bp1", m, (d) => { d.addBreakpoint(far(0)); }],
    ["bp16", m, (d) => { for (let i = 0; i < 16; i++) d.addBreakpoint(far(i)); }],
    ["watch", m, (d) => { d.addWatchpoint({ start: 0x00200000, length: 4, access: "write" }); }],
  ];
  // Interleaved rounds, best of each: on a shared machine the fastest run is the one least disturbed.
  const best = new Map<string, number>();
  for (let round = 0; round < (smoke ? 1 : 7); round++) {
    for (const [name, machine, setup] of modes) best.set(name, Math.max(best.get(name) ?? 0, await once(machine, setup)));
  }
  const [plain, noHooks, bp0, bp1, bp16, watch] = ["plain", "nohooks", "bp0", "bp1", "bp16", "watch"].map((n) => best.get(n)!) as [number, number, number, number, number, number];
  // Single steps through the API.
  const steps = smoke ? 2_000 : 50_000;
  const run = m.boot(elf, { debug: { startPaused: true } });
  const d = run.debug!;
  await d.ready;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await d.step();
  const stepRate = steps / ((performance.now() - t0) / 1000);
  run.stop();
  await run.result;
  m.destroy();
  bare.destroy();
  const row = (id: string, value: number, note: string): Result => ({ id, unit: "instr/s", kernlab: { value }, peer: null, ratio: null, note });
  return [
    row("exec-nohooks", noHooks, `v86 interpreter without the debug-hooks fix, ${limit} instructions of the guest-cpu loop, in-process, best of 7 interleaved rounds`),
    row("exec-plain", plain, `with the fix, no debugger: ${(plain / noHooks).toFixed(2)}x of exec-nohooks`),
    row("exec-debug-0bp", bp0, `debugger attached, no breakpoint: ${(bp0 / plain).toFixed(2)}x of exec-plain`),
    row("exec-debug-1bp", bp1, `1 breakpoint off the hot page (the wasm page filter skips the loop): ${(bp1 / plain).toFixed(2)}x of exec-plain`),
    row("exec-debug-16bp", bp16, `16 breakpoints: ${(bp16 / plain).toFixed(2)}x of exec-plain`),
    row("exec-debug-watch", watch, `1 write watchpoint (every instruction: its cached decoding checked, the 4 bytes compared): ${(watch / plain).toFixed(2)}x of exec-plain`),
    { id: "bp-overhead", unit: "% of none", kernlab: { value: (100 * bp16) / bp0 }, peer: null, ratio: null, note: `run speed with 16 breakpoints ÷ none (debugger attached): ${(bp16 / bp0).toFixed(3)}` },
    { id: "step-rate", unit: "steps/s", kernlab: { value: stepRate }, peer: null, ratio: null, note: `${steps} Debugger.step() calls awaited one by one` },
  ];
});

// 6c. Time travel (issue #18): the cost of recording (a recorded run ÷ the same run unrecorded, both under the
// virtual clock in the interpreter), the size of a recording per 100M instructions, and seeks in a replay
// (a cold seek to a random count; then reverse-stepi = seek(position() - 1)). The long kernel is the
// timer-driven test kernel (test/replay/fixtures/tt-timer.asm) made to run for 2,000 ticks (~200M instructions).
await workload("time-travel", async () => {
  const emu = await import("../replay/machine");
  const { openReplay } = await import("../replay/replayer");
  const { measureSeek, median } = await import("./seek");
  const { buildSampleKernel } = await import("../kernel/build");
  const { loadSampleSources } = await import("../kernel/sources");
  const fixtures = join(root, "test", "replay", "fixtures");
  const { asm, lnk } = await toolchain();
  const ticks = smoke ? 20 : 2000;
  const source = readFileSync(join(fixtures, "tt-timer.asm"), "latin1").replace("cmp dword [ticks], 40", `cmp dword [ticks], ${ticks}`);
  const obj = asm.assembleOrThrow(source, { file: "tt-timer.asm", resolver: (await import("../toolchain/asm/source")).mapResolver({ "tt-common.inc": readFileSync(join(fixtures, "tt-common.inc"), "latin1") }) });
  const timer = lnk.link([{ name: "t.o", bytes: obj }], { script: { text: KERNEL_LD, file: "kernel.ld" } }).image;
  const m = await emu.createMachine({ memoryMiB: 128, jit: false });
  const timed = async (opts: Parameters<typeof m.boot>[1]) => {
    const t0 = performance.now();
    const run = m.boot(timer, { clock: "virtual", timeout: { ms: 1e9 }, ...opts });
    const r = await run.result;
    return { s: (performance.now() - t0) / 1000, r, run };
  };
  const plainRuns: number[] = [], recRuns: number[] = [];
  let recorded: Uint8Array | null = null, instructions = 0;
  for (let i = 0; i < (smoke ? 1 : 3); i++) {
    plainRuns.push((await timed({})).s);
    const rec = await timed({ record: true });
    recRuns.push(rec.s);
    recorded ??= await rec.run.recording!.bytes();
    instructions = rec.r.instructions;
  }
  const plain = median(plainRuns), rec = median(recRuns);
  const sample = buildSampleKernel({ files: loadSampleSources() }).elf;
  const sampleRun = m.boot(sample, { record: true });
  const sampleResult = await sampleRun.result;
  const sampleBytes = (await sampleRun.recording!.bytes()).length;
  // Seeks in a long recording: the same kernel run for 10,000 ticks (~1G instructions), recorded once.
  const longTicks = smoke ? 30 : 10_000;
  const longSource = source.replace(`cmp dword [ticks], ${ticks}`, `cmp dword [ticks], ${longTicks}`);
  const longObj = asm.assembleOrThrow(longSource, { file: "tt-timer.asm", resolver: (await import("../toolchain/asm/source")).mapResolver({ "tt-common.inc": readFileSync(join(fixtures, "tt-common.inc"), "latin1") }) });
  const longElf = lnk.link([{ name: "t.o", bytes: longObj }], { script: { text: KERNEL_LD, file: "kernel.ld" } }).image;
  const longRun = m.boot(longElf, { record: true, timeout: { ms: 1e9 } });
  const longResult = await longRun.result;
  recorded = await longRun.recording!.bytes();
  const longInstructions = longResult.instructions;
  m.destroy();
  const rm = await emu.createMachine({ memoryMiB: 128, jit: false });
  const replay = await openReplay(rm, recorded!);
  const points = smoke ? [Math.floor(longInstructions / 2)] : [0.15, 0.4, 0.65, 0.9].map((f) => Math.floor(longInstructions * f));
  const cold: number[] = [], back: number[] = [];
  for (const p of points) {
    const t = await measureSeek(replay, p, smoke ? 3 : 20);
    cold.push(t.coldMs);
    back.push(...t.backMs);
  }
  await replay.close();
  rm.destroy();
  const mips = instructions / rec / 1e6;
  const perHundredM = (recorded!.length * 1e8) / longInstructions;
  return [
    { id: "record-overhead", unit: "% of unrecorded", kernlab: { value: (100 * rec) / plain }, peer: null, ratio: null,
      note: `recorded ÷ unrecorded run of the same timer-driven kernel (${(instructions / 1e6).toFixed(0)}M instructions, virtual clock, interpreter, 128 MiB): ${rec.toFixed(2)} s vs ${plain.toFixed(2)} s (goal < 2); recording runs at ${mips.toFixed(0)} MIPS` },
    { id: "record-bytes-per-100M", unit: "bytes", kernlab: { value: perHundredM }, peer: null, ratio: null,
      note: `${recorded!.length} bytes for ${(longInstructions / 1e6).toFixed(0)}M instructions of the timer-driven kernel, a snapshot every 5M (goal < 1 MiB per 100M); the sample kernel runs only ${sampleResult.instructions} instructions: its whole recording is ${sampleBytes} bytes` },
    { id: "seek-cold-ms", unit: "ms", kernlab: { value: median(cold) }, peer: null, ratio: null,
      note: `seek to ${points.length} counts spread over the ${(longInstructions / 1e6).toFixed(0)}M-instruction replay: restore the nearest snapshot (on disk every 5M), replay forward (max ${Math.max(...cold).toFixed(0)} ms)` },
    { id: "seek-back-ms", unit: "ms", kernlab: { value: median(back) }, peer: null, ratio: null,
      note: `seek(position() - 1) right after such a seek (what reverse-stepi does), median of ${back.length} (max ${Math.max(...back).toFixed(1)} ms; goal < 100)` },
  ];
});

// 7. Guest RAM inspection: read all of a 64 MiB guest; walk a fully populated page directory.
await workload("ram-read-64m", async () => {
  const emu = await import("../emulator/index");
  const m = await emu.createMachine({ memoryMiB: smoke ? 8 : 64 });
  await m.boot(await buildKernel(TINY_KERNEL)).result;
  const size = m.memory.size;
  const read = await repeat(runs, () => { for (let a = 0; a < size; a += 1 << 20) m.memory.bytes(a, 1 << 20); });
  // A page directory at 16 MiB whose 1024 entries each point to a full page table mapping 4 MiB.
  const tables = smoke ? 16 : 1024;
  const pd = smoke ? 4 << 20 : 16 << 20, pts = pd + 4096;
  const dir = new Uint8Array(4096), dv = new DataView(dir.buffer);
  for (let i = 0; i < tables; i++) dv.setUint32(i * 4, (pts + i * 4096) | 0x7, true);
  m.memory.write(pd, dir);
  const table = new Uint8Array(4096), tv = new DataView(table.buffer);
  for (let i = 0; i < tables; i++) {
    for (let j = 0; j < 1024; j++) tv.setUint32(j * 4, (((i * 1024 + j) % (size >>> 12)) * 4096) | (j % 3 === 0 ? 0x7 : 0x5), true);
    m.memory.write(pts + i * 4096, table);
  }
  let mappings = 0;
  const walk = await repeat(runs, () => { mappings = emu.walkPageTables(m.memory, pd).length; });
  m.destroy();
  return [
    { id: "ram-read-64m", unit: "s", kernlab: read, peer: null, ratio: null, note: `copy out all ${size >> 20} MiB of guest RAM (${(size / 2 ** 20 / read.median_s).toFixed(0)} MiB/s; the VGA window 0xA0000-0xBFFFF is read through the VGA device byte by byte)` },
    { id: "pagewalk-full", unit: "s", kernlab: walk, peer: null, ratio: null, note: `walk ${tables} page tables (${tables}K PTEs) → ${mappings} merged mappings` },
  ];
});

// 8. A debugger's round trip: ms per `stepi` from the real GDB, against kernlab run --gdb and QEMU's gdbstub.
await workload("gdb-roundtrip", async () => {
  if (!hasCommand("gdb", ["--version"])) throw new Error("gdb is not installed");
  const path = join(work, "gdb.elf");
  writeFileSync(path, await buildKernel(cpuKernel(10_000_000)));
  const steps = smoke ? 20 : 2000;
  /** One GDB batch session doing `stepi n`; seconds for the whole session. */
  const session = async (port: number, n: number): Promise<number> => {
    const script = join(work, `gdb-${port}-${n}.gdb`);
    writeFileSync(script, ["set architecture i386", "set pagination off", "set confirm off", "set tcp auto-retry on", "set tcp connect-timeout 10",
      `target remote 127.0.0.1:${port}`, `stepi ${n}`, "kill", ""].join("\n"));
    return time(() => runProcess("gdb", ["-nx", "-batch", "-x", script]));
  };
  const { spawn } = await import("node:child_process");
  const kernlabStub = async (): Promise<{ port: number; stop: () => Promise<void> }> => {
    const p = spawn("node", [cli, "run", "--gdb", "127.0.0.1:0", "--wait-gdb", path], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const port = await new Promise<number>((resolve, reject) => {
      p.stderr!.on("data", (d: Buffer) => { err += d.toString(); const m = /gdb stub on 127\.0\.0\.1:(\d+)/.exec(err); if (m) resolve(Number(m[1])); });
      p.on("exit", () => reject(new Error(`kernlab run --gdb ended: ${err}`)));
    });
    return { port, stop: () => new Promise<void>((r) => { if (p.exitCode !== null) r(); else { p.on("exit", () => r()); p.kill(); } }) };
  };
  let qemuPort = 23000 + (process.pid % 5000);
  const qemuStub = async (): Promise<{ port: number; stop: () => Promise<void> }> => {
    const port = qemuPort++;
    const p = spawn("qemu-system-i386", ["-display", "none", "-S", "-gdb", `tcp:127.0.0.1:${port}`, "-kernel", path], { stdio: "ignore" });
    return { port, stop: () => new Promise<void>((r) => { if (p.exitCode !== null) r(); else { p.on("exit", () => r()); p.kill(); } }) };
  };
  /** ms per stepi: (session with n steps − session with 1 step) / (n − 1), so connecting is not counted. */
  const perStep = async (stub: () => Promise<{ port: number; stop: () => Promise<void> }>) => {
    const samples: number[] = [];
    for (let i = 0; i < (smoke ? 1 : 3); i++) {
      const one = await stub();
      const t1 = await session(one.port, 1);
      await one.stop();
      const many = await stub();
      const tn = await session(many.port, steps);
      await many.stop();
      // A smoke run's 20 steps are lost in the noise of starting GDB twice (tn - t1 can come out <= 0 on a
      // loaded machine): there the whole n-step session per step stands in, an upper bound, and the note says so.
      samples.push((smoke ? tn : Math.max(0, tn - t1)) / (smoke ? steps : steps - 1));
    }
    return stats(samples);
  };
  const a = await perStep(kernlabStub);
  const b = has.qemu ? await perStep(qemuStub) : null;
  const ms = (x: Stats) => x.median_s * 1000;
  return {
    id: "gdb-roundtrip", unit: "s", kernlab: a, peer: b ? { name: "qemu-system-i386 -S -gdb (gdbstub)", ...b } : null, ratio: b ? a.median_s / b.median_s : null,
    note: `per stepi from GDB 13 (vCont;s + stop reply + register reads), ${smoke ? `${steps} steps, whole session per step (smoke: an upper bound)` : `${steps} steps minus a 1-step session`}: kernlab ${ms(a).toFixed(3)} ms${b ? `, QEMU ${ms(b).toFixed(3)} ms` : `; ${absent("qemu")}`}`,
  };
});

// 9. Reverse execution: ms per reverse-stepi at points spread through a long recording (replay/reverse.ts over
// replay/replayer.ts's Timeline), through the API.
await workload("reverse-stepi-ms", async () => {
  const { createMachine } = await import("../replay/machine");
  const { openReplay } = await import("../replay/replayer");
  const { reverseStep } = await import("../replay/reverse");
  const total = smoke ? 2_000_000 : 1_000_000_000;
  const kernel = await buildKernel(cpuKernel(Math.ceil(total / 8))); // 8 instructions per iteration
  const m = await createMachine({ memoryMiB: 16 });
  const recorded = m.boot(kernel, { record: true, timeout: { instructions: total + 1_000_000 } });
  const result = await recorded.result;
  const bytes = await recorded.recording!.bytes();
  const t = await openReplay(m, bytes);
  const points = smoke ? 3 : 10;
  const samples: number[] = [];
  const cold: number[] = [];
  for (let i = 1; i <= points; i++) {
    const at = Math.floor((t.end() * i) / (points + 1));
    // Reach the point running forward (as GDB's continue does), not by a seek: the first step back then finds
    // only the recording's own snapshots behind it (the worst case); the five after it reuse what it saved.
    await t.debug.step(at - t.position());
    for (let k = 0; k < 6; k++) {
      const s = time(async () => { await reverseStep(t); });
      (k === 0 ? cold : samples).push(await s);
    }
  }
  await t.close();
  m.destroy();
  const all = stats([...cold, ...samples]);
  const worst = Math.max(...cold, ...samples) * 1000;
  return {
    id: "reverse-stepi-ms", unit: "s", kernlab: all, peer: null, ratio: null,
    note: `reverse-stepi through the API at ${points} points spread through a ${(result.instructions / 1e6).toFixed(0)} M-instruction recording (${bytes.length} bytes, ${t.snapshots().length} snapshots): first step back after running forward to the point median ${(stats(cold).median_s * 1000).toFixed(1)} ms (max ${(Math.max(...cold) * 1000).toFixed(1)}), following ones ${(stats(samples).median_s * 1000).toFixed(1)} ms, worst ${worst.toFixed(1)} ms (goal < 100 ms)`,
  };
});

rmSync(work, { recursive: true, force: true });

// Report.
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memory_gib: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, os: release(),
  date: new Date().toISOString(), loadavg_1m_at_end: +loadavg()[0]!.toFixed(2), smoke };
const fmt = (s: Side | null) => !s ? "—" : "value" in s ? s.value.toFixed(0) : `${(s.median_s * 1000).toFixed(1)} ms (${(s.min_s * 1000).toFixed(1)}–${(s.max_s * 1000).toFixed(1)})`;
const rows = results.map((r) => `| ${r.id} | ${r.unit} | ${fmt(r.kernlab)} | ${r.peer ? `${r.peer.name}: ${fmt(r.peer)}` : "—"} | ${r.ratio === null ? "—" : r.ratio.toFixed(2)} | ${r.note ?? ""} |`);
const table = [`Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memory_gib} GiB, Node ${machine.node}, ${machine.date.slice(0, 10)}; load average ${machine.loadavg_1m_at_end} at the end (a loaded machine inflates wall times)`, "",
  "| workload | unit | kernlab (median, min–max) | peer | ratio | notes |", "|---|---|---|---|---|---|", ...rows].join("\n");
process.stdout.write(table + "\n");
const outDir = outArg ?? join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileAtomic(join(outDir, smoke ? "smoke.json" : "latest.json"), JSON.stringify({ machine, results }, null, 2) + "\n");
writeFileAtomic(join(outDir, smoke ? "smoke.md" : "latest.md"), table + "\n");
const failed = results.filter((r) => r.note?.startsWith("failed"));
process.exitCode = failed.length ? 1 : 0;
