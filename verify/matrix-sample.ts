/**
 * The matrix's default builder: kernlab's sample kernel (kernel/build.ts) linked with the job's layout, inside
 * a matrix worker. Sources are read once per worker. Not the sample kernel itself, and not its proofs.
 */
import { buildSampleKernel } from "../kernel/build";
import { loadSampleSources } from "../kernel/sources";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/layout";
import type { MatrixJob } from "./matrix";

let files: Record<string, string> | null = null;

export function buildForMatrix(job: MatrixJob) {
  files ??= loadSampleSources();
  const l = job.layout as Partial<Layout> | undefined;
  const layout = !job.layout ? undefined : typeof l?.virtualOffset === "number" && Array.isArray(l.regions) ? (job.layout as Layout) : defineLayout(job.layout as LayoutSpec);
  const built = buildSampleKernel({ files, ...(layout ? { layout } : {}) });
  return { elf: built.elf, layout: built.layout, map: built.map };
}
