import {
  KernlabError,
  diagnostic
} from "./chunk-SL2PM32D.js";

// toolchain/link/layout.ts
var DEFAULT_BASE = 1048576;
var DEFAULT_HEAP_ALIGN = 4096;
var DEFAULT_STACK_ALIGN = 16;
function bad(text) {
  throw new KernlabError(diagnostic("invalid-layout", text));
}
function checkNumber(what, n, min = 0) {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > 4294967295) bad(`${what} must be an integer in [${min}, 0xffffffff], got ${String(n)}`);
  return n;
}
function checkAlign(what, n, dflt) {
  if (n === void 0) return dflt;
  checkNumber(what, n, 1);
  if ((n & n - 1) !== 0) bad(`${what} must be a power of two, got ${n}`);
  return n;
}
function defineLayout(spec) {
  if (!spec || !Array.isArray(spec.sections)) bad("a layout needs a sections array");
  const base = checkNumber("base", spec.base ?? DEFAULT_BASE);
  const seen = /* @__PURE__ */ new Set();
  const sections = spec.sections.map((s, i) => {
    if (typeof s.name !== "string" || s.name === "") bad(`sections[${i}].name must be a non-empty string`);
    if (seen.has(s.name)) bad(`section ${s.name} appears twice in the layout`);
    seen.add(s.name);
    if (!Array.isArray(s.input)) bad(`sections[${i}] (${s.name}).input must be an array of input patterns`);
    return {
      name: s.name,
      input: [...s.input],
      align: checkAlign(`sections[${i}] (${s.name}).align`, s.align, 1),
      keep: [...s.keep ?? []],
      load: s.load === void 0 || s.load === null ? null : checkNumber(`sections[${i}] (${s.name}).load`, s.load)
    };
  });
  const heap = spec.heap ? { size: checkNumber("heap.size", spec.heap.size), align: checkAlign("heap.align", spec.heap.align, DEFAULT_HEAP_ALIGN) } : null;
  const stack = spec.stack ? { size: checkNumber("stack.size", spec.stack.size), align: checkAlign("stack.align", spec.stack.align, DEFAULT_STACK_ALIGN) } : null;
  const regions = (spec.regions ?? []).map((r, i) => ({
    name: String(r.name),
    origin: checkNumber(`regions[${i}].origin`, r.origin),
    length: checkNumber(`regions[${i}].length`, r.length)
  }));
  return { base, entry: spec.entry ?? "_start", sections, heap, stack, regions, virtualOffset: checkNumber("virtualOffset", spec.virtualOffset ?? 0) };
}
function boundaryStem(sectionName) {
  return "__" + sectionName.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
}
function boundarySymbols(layout) {
  const out = [];
  for (const s of layout.sections) out.push(boundaryStem(s.name) + "_start", boundaryStem(s.name) + "_end");
  if (layout.heap) out.push("__heap_start", "__heap_end");
  if (layout.stack) out.push("__stack_bottom", "__stack_top");
  out.push("__kernel_end");
  return out;
}

export {
  defineLayout,
  boundaryStem,
  boundarySymbols
};
