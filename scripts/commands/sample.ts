/**
 * `kernlab sample` (what `npm start` runs): build the sample kernel (boot/, kernel/) with kernlab's own
 * assembler and linker, boot it headless in v86, prove the nine claims of its memory layout from guest RAM,
 * and print the seed-style pictures plus one pass/fail line per proof (`--json`: one object). Exit 0 when
 * all nine pass, 1 when any fails (or the build fails), 2 on a usage error. The work is in kernel/; this
 * file is argument handling and printing only.
 */
import { monotonicMs } from "../../core/clock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostics, isKernlabError } from "../../core/diagnostics";
import { createMachine } from "../../emulator/index";
import { kernelConstants, sampleLayout } from "../../kernel/layout";
import { generateLayoutInc } from "../../kernel/layout-inc";
import { DiskObjectCache } from "../../kernel/object-cache";
import { proveSample } from "../../kernel/proofs";
import { buildReport, formatReport } from "../../kernel/report";
import { bootSample } from "../../kernel/run";
import { loadSampleSources } from "../../kernel/sources";
import { integerOption } from "../util/args";
import { defineCommand, parseOptions } from "../util/options";
import { colorEnabled } from "../util/color";
import { printJson } from "../util/json";
import { cliContext } from "../context";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab sample [options]",
  about: `Build the sample kernel (boot/ and kernel/, NASM syntax) with kernlab's assembler and linker and the
layout in kernel/layout.ts, boot it headless in v86, and prove from guest RAM and registers that its
memory is laid out as docs/memory-layout.md describes: nothing below 1 MiB, .text/.rodata/.data/.bss from
1 MiB up, the heap growing up above .bss, the stack growing down from __stack_top, free memory between them,
each user process in its own address space on its own frames, the heap/stack collision caught, and physical
RAM holding all of it at once. Prints the memory maps with real addresses, then the nine proofs.`,
  options: [
    { name: "json", help: "print one JSON object (proofs, memory regions, processes, timings); under npm,\nuse `npm start --silent -- --json` so npm prints no banner before it" },
    { name: "elf", arg: "FILE", help: "prove an already built sample kernel ELF instead of building one" },
    { name: "memory", arg: "MIB", help: "guest RAM in MiB (default 16)" },
  ],
  epilogue: `The assembled objects are kept in kernlab's cache folder (node_modules/.cache/kernlab), keyed by the
complete text of every source, include and the generated layout.inc and by the kernlab build: a later run
with the same inputs links them without assembling again. KERNLAB_CACHE=0 turns the cache off.

exit status: 0 all nine proofs pass, 1 a proof failed or the build failed, 2 usage error.`,
});

export const command: Command = {
  summary: "build, boot and prove the sample kernel's memory layout (what npm start runs)",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) {
      process.stdout.write(spec.help);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, true);
    const memoryMiB = integerOption("--memory", values.memory, 16);
    if (memoryMiB < 4 || memoryMiB > 128) throw new UsageError(`--memory must be from 4 to 128 MiB, got ${memoryMiB}`);

    const t0 = monotonicMs();
    // v86's WebAssembly compiles on V8's background threads while the kernel is assembled and linked here.
    const machine = createMachine({ memoryMiB });
    machine.catch(() => undefined); // a failure is reported where it is awaited
    const abandon = async () => { await machine.then((m) => m.destroy(), () => undefined); };
    let elf: Uint8Array;
    let objectCache: DiskObjectCache | undefined;
    if (values.elf !== undefined) {
      try {
        elf = new Uint8Array(readFileSync(values.elf));
      } catch (e) {
        process.stderr.write(`kernlab sample: cannot read ${values.elf}: ${e instanceof Error ? e.message : String(e)}\n`);
        await abandon();
        return 1;
      }
    } else {
      try {
        const { buildSampleKernel } = await import("../../kernel/build");
        const files = loadSampleSources();
        const { cacheDir, buildId } = cliContext();
        if (cacheDir && buildId) {
          const layoutInc = generateLayoutInc(sampleLayout, kernelConstants(sampleLayout));
          objectCache = new DiskObjectCache({ dir: join(cacheDir, "sample-objects"), buildId, files, layoutInc });
        }
        elf = buildSampleKernel({ files, objectCache }).elf;
      } catch (e) {
        await abandon();
        if (!isKernlabError(e)) throw e;
        process.stderr.write(`kernlab sample: the sample kernel did not build\n${formatDiagnostics(e.diagnostics)}`);
        return 1;
      }
    }
    const t1 = monotonicMs();
    const m = await machine;
    let run;
    try {
      run = await bootSample(elf, { memoryMiB, machine: m });
    } finally {
      m.destroy();
    }
    const t2 = monotonicMs();
    const proofs = proveSample(run);
    const t3 = monotonicMs();
    const report = buildReport(run, proofs, { buildMs: t1 - t0, bootMs: t2 - t1, proveMs: t3 - t2 });
    // With --json, what the object cache did (null: no cache), so a timing can be told warm from cold.
    if (values.json) printJson({ ...report, objectCache: objectCache ? { ...objectCache.stats } : null });
    else {
      process.stdout.write(formatReport(report, { color: colorEnabled(process.stdout) }));
      const hits = objectCache?.stats.hits ?? 0;
      if (hits > 0) process.stdout.write(`(${hits} of ${hits + objectCache!.stats.misses} objects were assembled by an earlier run with the same sources: KERNLAB_CACHE=0 assembles all)\n`);
    }
    return report.ok ? 0 : 1;
  },
};
