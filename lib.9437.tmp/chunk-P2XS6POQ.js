import {
  parseSize
} from "./chunk-3FAEH6UQ.js";
import {
  KernlabError,
  diagnostic,
  hex
} from "./chunk-SL2PM32D.js";

// verify/snapshot.ts
var SNAPSHOT_FORMAT = "kernlab-layout-snapshot/1";
function pick(list, sel) {
  if (sel === false) return [];
  if (Array.isArray(sel)) return list.filter((n) => sel.includes(n));
  return list;
}
function takeSnapshot(report, opts = {}) {
  const snap = { format: SNAPSHOT_FORMAT };
  if (opts.entry !== false) snap.entry = hex(report.kernel.entry);
  const secNames = pick(report.sections.map((s) => s.name), opts.sections);
  if (secNames.length) {
    snap.sections = {};
    for (const s of report.sections) {
      if (!secNames.includes(s.name)) continue;
      snap.sections[s.name] = { vaddr: hex(s.vaddr), paddr: hex(s.paddr), size: s.size, align: s.align, flags: s.flags };
    }
  }
  const symNames = pick(Object.keys(report.symbols), opts.symbols);
  if (symNames.length) {
    snap.symbols = {};
    for (const n of symNames) snap.symbols[n] = hex(report.symbols[n]);
  }
  if (opts.heap !== false && report.heap) {
    snap.heap = { start: hex(report.heap.start), end: hex(report.heap.end) };
  }
  if (opts.stack !== false && report.stack) {
    snap.stack = { bottom: hex(report.stack.bottom), top: hex(report.stack.top) };
    if (opts.highWater !== false && report.stack.highWater !== null) snap.stack.highWater = report.stack.highWater;
  }
  if (opts.tolerances && Object.keys(opts.tolerances).length) snap.tolerances = { ...opts.tolerances };
  return snap;
}
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}
function serializeSnapshot(snap) {
  return JSON.stringify(sortKeys(snap), null, 2) + "\n";
}
function snapshotFacts(snap) {
  const out = [];
  if (snap.entry !== void 0) out.push({ path: "entry", value: snap.entry });
  for (const [name, s] of Object.entries(snap.sections ?? {})) {
    for (const k of ["vaddr", "paddr", "size", "align", "flags"]) out.push({ path: `sections/${name}/${k}`, value: s[k] });
  }
  for (const [name, v] of Object.entries(snap.symbols ?? {})) out.push({ path: `symbols/${name}`, value: v });
  if (snap.heap) {
    for (const [k, v] of Object.entries(snap.heap)) if (v !== void 0) out.push({ path: `heap/${k}`, value: v });
  }
  if (snap.stack) {
    for (const [k, v] of Object.entries(snap.stack)) if (v !== void 0) out.push({ path: `stack/${k}`, value: v });
  }
  return out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
function bad(file, text) {
  throw new KernlabError(diagnostic("malformed-snapshot", `${file}: ${text}`, { file, line: 0, column: 0 }));
}
function parseSnapshot(text, file = "<snapshot>") {
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split("\n").length, column = pos - before.lastIndexOf("\n");
      throw new KernlabError(diagnostic("malformed-snapshot", `${file}: not valid JSON: ${e.message}`, { file, line, column, lineText: text.split("\n")[line - 1] ?? "" }));
    }
    bad(file, `not valid JSON: ${e.message}`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) bad(file, "a snapshot is a JSON object");
  const o = v;
  if (o.format !== SNAPSHOT_FORMAT) bad(file, `format must be "${SNAPSHOT_FORMAT}", got ${JSON.stringify(o.format)}`);
  const isHex = (x) => typeof x === "string" && /^0x[0-9a-f]+$/i.test(x);
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  for (const key of ["sections", "symbols", "heap", "stack", "tolerances"]) {
    if (o[key] !== void 0 && !isObject(o[key])) bad(file, `${key} must be a JSON object`);
  }
  if (isObject(o.heap) && (!isHex(o.heap.start) || !isHex(o.heap.end) || o.heap.top !== void 0 && !isHex(o.heap.top))) bad(file, "heap.start/end/top must be hex address strings");
  if (isObject(o.stack) && (!isHex(o.stack.bottom) || !isHex(o.stack.top) || o.stack.highWater !== void 0 && typeof o.stack.highWater !== "number")) bad(file, "stack.bottom/top must be hex address strings, stack.highWater a number");
  if (o.entry !== void 0 && !isHex(o.entry)) bad(file, `entry must be a hex address string`);
  for (const [name, s] of Object.entries(o.sections ?? {})) {
    if (!s || typeof s !== "object") bad(file, `sections.${name} must be an object`);
    if (!isHex(s.vaddr) || !isHex(s.paddr)) bad(file, `sections.${name}.vaddr/paddr must be hex address strings`);
    if (typeof s.size !== "number" || typeof s.align !== "number" || typeof s.flags !== "string") bad(file, `sections.${name} needs size, align (numbers) and flags (string)`);
  }
  for (const [name, a] of Object.entries(o.symbols ?? {})) if (!isHex(a)) bad(file, `symbols.${name} must be a hex address string`);
  for (const [k, t] of Object.entries(o.tolerances ?? {})) {
    if (t === "any") continue;
    try {
      parseSize(t);
    } catch {
      bad(file, `tolerances["${k}"] must be a byte count ("1 KiB", 4096, "0x100") or "any"`);
    }
  }
  return o;
}

export {
  SNAPSHOT_FORMAT,
  takeSnapshot,
  serializeSnapshot,
  snapshotFacts,
  parseSnapshot
};
