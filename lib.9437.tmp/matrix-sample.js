import {
  SAMPLE_INCLUDES,
  SAMPLE_SOURCES,
  buildSampleKernel
} from "./chunk-J4BCDQL7.js";
import {
  defineLayout
} from "./chunk-22XTJQOG.js";
import "./chunk-ROIHUBHY.js";
import "./chunk-SL2PM32D.js";

// kernel/sources.ts
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
function repoRoot() {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, "..");
}
function loadSampleSources(root = repoRoot()) {
  const files2 = {};
  for (const path of [...SAMPLE_SOURCES, ...SAMPLE_INCLUDES]) files2[path] = readFileSync(join(root, path), "utf8");
  return files2;
}

// verify/matrix-sample.ts
var files = null;
var objectCache = /* @__PURE__ */ new Map();
function prepareMatrix() {
  const cache = /* @__PURE__ */ new Map();
  const sources = loadSampleSources();
  buildSampleKernel({ files: sources, objectCache: cache });
  return { files: sources, objects: [...cache] };
}
function buildForMatrix(job, prepared) {
  if (prepared && !files) {
    files = prepared.files;
    for (const [key, object] of prepared.objects) objectCache.set(key, object);
  }
  files ??= loadSampleSources();
  const l = job.layout;
  const given = !job.layout ? void 0 : typeof l?.virtualOffset === "number" && Array.isArray(l.regions) ? job.layout : defineLayout(job.layout);
  const built = buildSampleKernel({ files, objectCache, ...given ? { layout: given } : {} });
  return { elf: built.elf, layout: built.layout, map: built.map };
}
export {
  buildForMatrix,
  prepareMatrix
};
