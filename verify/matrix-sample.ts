/**
 * The matrix's default builder: kernlab's sample kernel (kernel/build.ts) linked with the job's layout, inside
 * a matrix worker. Sources are read once per worker, and objects are reused between layouts through
 * buildSampleKernel's object cache, whose key holds only the layout constants a source mentions: a layout
 * that changes alignment, section order, heap or stack size is a relink; a new base reassembles the one
 * source that uses KERNEL_BASE. Not the sample kernel itself, nor its proofs.
 */
import { buildSampleKernel, type SampleObject } from "../kernel/build";
import { loadSampleSources } from "../kernel/sources";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/layout";
import type { MatrixJob } from "./matrix";

let files: Record<string, string> | null = null;
/** Objects by kernel/build.ts's cache key (source, includes, and the layout constants the source mentions). */
const objectCache = new Map<string, SampleObject>();

export function buildForMatrix(job: MatrixJob) {
  files ??= loadSampleSources();
  const l = job.layout as Partial<Layout> | undefined;
  const given = !job.layout ? undefined : typeof l?.virtualOffset === "number" && Array.isArray(l.regions) ? (job.layout as Layout) : defineLayout(job.layout as LayoutSpec);
  const built = buildSampleKernel({ files, objectCache, ...(given ? { layout: given } : {}) });
  return { elf: built.elf, layout: built.layout, map: built.map };
}
