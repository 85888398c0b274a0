/**
 * The matrix's default builder: kernlab's sample kernel (kernel/build.ts) linked with the job's layout, inside
 * a matrix worker. One worker reads and assembles the sources once (prepareMatrix); every worker links
 * those objects, reused between layouts through
 * buildSampleKernel's object cache, whose key holds only the layout constants a source mentions: a layout
 * that changes the base, alignment, section order, heap or stack size is a relink. Not the sample kernel
 * itself, nor its proofs.
 */
import { buildSampleKernel, type SampleObject } from "../kernel/build";
import { loadSampleSources } from "../kernel/sources";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/layout";
import type { MatrixJob } from "./matrix";

let files: Record<string, string> | null = null;
/** Objects by kernel/build.ts's cache key (source, includes, and the layout constants the source mentions). */
const objectCache = new Map<string, SampleObject>();

interface Prepared { files: Record<string, string>; objects: [string, SampleObject][] }

/** Once per pool (in one worker): read the sources and assemble them, for every worker to link from. */
export function prepareMatrix(): Prepared {
  const cache = new Map<string, SampleObject>();
  const sources = loadSampleSources();
  buildSampleKernel({ files: sources, objectCache: cache });
  return { files: sources, objects: [...cache] };
}

export function buildForMatrix(job: MatrixJob, prepared?: Prepared) {
  if (prepared && !files) {
    files = prepared.files;
    for (const [key, object] of prepared.objects) objectCache.set(key, object);
  }
  files ??= loadSampleSources();
  const l = job.layout as Partial<Layout> | undefined;
  const given = !job.layout ? undefined : typeof l?.virtualOffset === "number" && Array.isArray(l.regions) ? (job.layout as Layout) : defineLayout(job.layout as LayoutSpec);
  const built = buildSampleKernel({ files, objectCache, ...(given ? { layout: given } : {}) });
  return { elf: built.elf, layout: built.layout, map: built.map };
}
