/**
 * The matrix's default builder: kernlab's sample kernel (kernel/build.ts) linked with the job's layout, inside
 * a matrix worker. Sources are read once per worker, and objects are reused between layouts that generate
 * the same layout.inc (the only input of the assembly that depends on the layout): a layout that changes
 * only alignment or section order is a relink, not a rebuild. Not the sample kernel itself, nor its proofs.
 */
import { buildSampleKernel, generateLayoutInc, type SampleObject } from "../kernel/build";
import { kernelConstants } from "../kernel/layout";
import { loadSampleSources } from "../kernel/sources";
import { link } from "../toolchain/link/index";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/layout";
import type { MatrixJob } from "./matrix";

let files: Record<string, string> | null = null;
const objectsByInc = new Map<string, SampleObject[]>();

export function buildForMatrix(job: MatrixJob) {
  files ??= loadSampleSources();
  const l = job.layout as Partial<Layout> | undefined;
  const given = !job.layout ? undefined : typeof l?.virtualOffset === "number" && Array.isArray(l.regions) ? (job.layout as Layout) : defineLayout(job.layout as LayoutSpec);
  if (given) {
    const cached = objectsByInc.get(generateLayoutInc(given, kernelConstants(given)));
    if (cached) {
      const linked = link(cached.map((o) => ({ name: o.name, bytes: o.bytes })), { layout: given });
      return { elf: linked.image, layout: given, map: linked.map };
    }
  }
  const built = buildSampleKernel({ files, ...(given ? { layout: given } : {}) });
  objectsByInc.set(generateLayoutInc(built.layout, kernelConstants(built.layout)), built.objects);
  return { elf: built.elf, layout: built.layout, map: built.map };
}
