/**
 * Test helpers for the sample kernel: build it (or a deliberately broken variant) and boot it once per
 * variant on a shared machine, and copy a run so a test can corrupt guest RAM in the copy and watch a
 * proof fail. Builds use kernlab's own toolchain (kernel/build.ts); only while kernlab's linker answers
 * "not-implemented" do they fall back to nasm + GNU ld driven by the same layout, and `builtWith` says so.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isKernlabError } from "../../core/diagnostics";
import { createMachine, type Machine } from "../../emulator/index";
import { buildSampleKernel, type SampleObject } from "../../kernel/build";
import { kernelConstants, sampleLayout } from "../../kernel/layout";
import { generateLayoutInc, LAYOUT_INC } from "../../kernel/layout-inc";
import { SAMPLE_SOURCES, INCLUDE_PATHS } from "../../kernel/manifest";
import { proveSample, type Proof } from "../../kernel/proofs";
import { frozenMemory, type FrozenMemory } from "../../kernel/ram";
import { bootSample, type SampleRun, type SampleRunOptions } from "../../kernel/run";
import { loadSampleSources } from "../../kernel/sources";
import type { Layout } from "../../toolchain/link/layout";
import { hasOracle } from "../helpers/oracles";

export const sources = loadSampleSources();

/** The sources with `find` replaced by `replace` in one file; throws when `find` is not there (a stale test). */
export function edit(file: string, find: string, replace: string): Record<string, string> {
  const text = sources[file];
  if (text === undefined || !text.includes(find)) throw new Error(`test variant: '${find.slice(0, 40)}…' not found in ${file}`);
  return { ...sources, [file]: text.replace(find, replace) };
}

/** A GNU ld script equivalent to a kernlab layout (only the features the sample layout uses). */
export function ldScript(layout: Layout): string {
  const lines = [`ENTRY(${layout.entry})`, "SECTIONS {", `  . = ${layout.base};`];
  for (const s of layout.sections) {
    const stem = s.name.slice(1).replace(/[^A-Za-z0-9_]/g, "_");
    const keep = new Set(s.keep);
    const inputs = s.input.map((i) => (keep.has(i) ? `KEEP(${i})` : i)).join(" ");
    lines.push(`  ${s.name} ALIGN(${s.align}) : { __${stem}_start = .; ${inputs} __${stem}_end = .; }`);
  }
  if (layout.heap) lines.push(`  . = ALIGN(${layout.heap.align}); __heap_start = .; . += ${layout.heap.size}; __heap_end = .;`);
  if (layout.stack) lines.push(`  . = ALIGN(${layout.stack.align}); __stack_bottom = .; . += ${layout.stack.size}; __stack_top = .;`);
  lines.push("  __kernel_end = .;", "  /DISCARD/ : { *(.note*) *(.comment) }", "}");
  return lines.join("\n") + "\n";
}

function nativeBuild(files: Record<string, string>, layout: Layout): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "kernlab-kernel-"));
  try {
    const all = { ...files, [LAYOUT_INC]: generateLayoutInc(layout, kernelConstants(layout)) };
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const objects: string[] = [];
    for (const src of SAMPLE_SOURCES) {
      const obj = join(dir, src.replace(/\//g, "_") + ".o");
      execFileSync("nasm", ["-felf32", ...INCLUDE_PATHS.map((p) => `-I${p}`), "-o", obj, src], { cwd: dir, stdio: "pipe" });
      objects.push(obj);
    }
    writeFileSync(join(dir, "kernel.ld"), ldScript(layout));
    execFileSync("ld", ["-m", "elf_i386", "-T", "kernel.ld", "-o", "kernel.elf", ...objects], { cwd: dir, stdio: "pipe" });
    return new Uint8Array(readFileSync(join(dir, "kernel.elf")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export let builtWith: "kernlab" | "nasm+ld" = "kernlab";

/** Variants share the objects of the sources they do not change. */
const objectCache = new Map<string, SampleObject>();

/** True when kernlab's linker is still the skeleton. */
function linkerMissing(e: unknown): boolean {
  return isKernlabError(e) && e.diagnostics.some((d) => d.code === "not-implemented");
}

/** Build the sample kernel from `files` (default: the repository's) with `layout` (default: THE layout). */
export function build(files: Record<string, string> = sources, layout: Layout = sampleLayout): Uint8Array {
  try {
    return buildSampleKernel({ files, layout, objectCache }).elf;
  } catch (e) {
    if (!linkerMissing(e) || !hasOracle("nasm") || !hasOracle("ld")) throw e;
    builtWith = "nasm+ld";
    return nativeBuild(files, layout);
  }
}

let shared: Promise<Machine> | null = null;
/** One 16 MiB machine for every boot in a test file (warm resets between boots). */
export function machine(): Promise<Machine> {
  shared ??= createMachine({ memoryMiB: 16 });
  return shared;
}

export async function bootAndProve(elf: Uint8Array, opts: Omit<SampleRunOptions, "machine"> = {}): Promise<{ run: SampleRun; proofs: Proof[] }> {
  const run = await bootSample(elf, { ...opts, machine: await machine(), layout: opts.layout });
  return { run, proofs: proveSample(run) };
}

/** A deep copy of a run's checkpoint RAM, to corrupt without touching the original. */
export function cloneRun(run: SampleRun): SampleRun {
  const checkpoints: SampleRun["checkpoints"] = {};
  for (const [name, snap] of Object.entries(run.checkpoints)) {
    if (!snap) continue;
    const { captured, hole } = snap.memory as FrozenMemory;
    checkpoints[name as keyof SampleRun["checkpoints"]] = { ...snap, memory: frozenMemory(captured.slice(), snap.memory.size, hole) };
  }
  return { ...run, checkpoints };
}

export function proof(proofs: Proof[], n: number): Proof {
  const p = proofs.find((x) => x.number === n);
  if (!p) throw new Error(`no proof ${n}`);
  return p;
}

/** A proof's failures as one string, for toMatch. */
export function failures(proofs: Proof[], n: number): string {
  return proof(proofs, n).failures.join("\n");
}
