/**
 * Loads the sample kernel's source files from the repository (Node only: node:fs). The browser lab
 * bundles the same files instead. Not the build (kernel/build.ts), which never touches a file system.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SAMPLE_INCLUDES, SAMPLE_SOURCES } from "./manifest";

/** The repository root (this file lives in kernel/, in the sources and in the esbuild bundle's dist/… too). */
export function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, "..");
}

/** The sample kernel's files keyed by repository path ("kernel/main.asm" …). */
export function loadSampleSources(root: string = repoRoot()): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of [...SAMPLE_SOURCES, ...SAMPLE_INCLUDES]) files[path] = readFileSync(join(root, path), "utf8");
  return files;
}
