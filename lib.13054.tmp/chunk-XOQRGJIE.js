import {
  parseSize
} from "./chunk-OA653UQM.js";
import {
  KernlabError,
  bytes,
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

// verify/diff.ts
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
function toleranceFor(path, tolerances) {
  const hits = Object.keys(tolerances).filter((g2) => globToRegExp(g2).test(path)).sort((a, b) => b.length - a.length);
  const g = hits.find((h) => h === path) ?? hits[0];
  if (g === void 0) return null;
  const t = tolerances[g];
  return t === "any" ? "any" : parseSize(t, `tolerance ${g}`);
}
var asNumber = (v) => v === null ? null : typeof v === "number" ? v : /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : null;
var signed = (d) => d >= 0 ? `+${d}` : `${d}`;
function describe(path, before, after, delta) {
  const parts = path.split("/");
  const kind = parts[0], last = parts[parts.length - 1];
  const name = parts.slice(1, kind === "sections" ? -1 : void 0).join("/");
  if (kind === "sections") {
    const sec = name;
    if (before === null) return `new section ${sec}: ${last} ${after}`;
    if (after === null) return `section ${sec} is gone (${last} was ${before})`;
    switch (last) {
      case "vaddr":
        return `${sec} moved ${before} -> ${after} (${signed(delta)})`;
      case "paddr":
        return `${sec} load address moved ${before} -> ${after} (${signed(delta)})`;
      case "size":
        return delta > 0 ? `${sec} grew by ${delta} bytes` : `${sec} shrank by ${-delta} bytes`;
      case "align":
        return `${sec} alignment changed ${before} -> ${after}`;
      case "flags":
        return `${sec} flags changed ${before} -> ${after}`;
    }
  }
  if (kind === "symbols") {
    if (before === null) return `new symbol ${name} at ${after}`;
    if (after === null) return `symbol ${name} is gone (was ${before})`;
    return `symbol ${name} moved ${before} -> ${after} (${signed(delta)})`;
  }
  if (kind === "stack" && last === "highWater") {
    if (before === null) return `stack high-water is now measured: ${bytes(Number(after))}`;
    if (after === null) return `stack high-water is no longer measured (was ${bytes(Number(before))})`;
    return delta > 0 ? `stack high-water rose ${bytes(delta)}` : `stack high-water fell ${bytes(-delta)}`;
  }
  const what = kind === "entry" ? "entry point" : `${kind} ${last}`;
  if (before === null) return `${what} appeared: ${after}`;
  if (after === null) return `${what} is gone (was ${before})`;
  return delta !== null ? `${what} moved ${before} -> ${after} (${signed(delta)})` : `${what} changed ${before} -> ${after}`;
}
function wholeSectionLines(expected, actual, tol) {
  const paths = /* @__PURE__ */ new Set();
  const changes = [];
  const a = expected.sections ?? {}, b = actual.sections ?? {};
  for (const name of Object.keys(b)) {
    if (name in a) continue;
    for (const k of ["vaddr", "paddr", "size", "align", "flags"]) paths.add(`sections/${name}/${k}`);
    const t = toleranceFor(`sections/${name}/vaddr`, tol);
    changes.push({ path: `sections/${name}`, before: null, after: b[name].vaddr, delta: null, text: `new section ${name} at ${b[name].vaddr} (${b[name].size} bytes)`, tolerated: t === "any", tolerance: t });
  }
  for (const name of Object.keys(a)) {
    if (name in b) continue;
    for (const k of ["vaddr", "paddr", "size", "align", "flags"]) paths.add(`sections/${name}/${k}`);
    const t = toleranceFor(`sections/${name}/vaddr`, tol);
    changes.push({ path: `sections/${name}`, before: a[name].vaddr, after: null, delta: null, text: `section ${name} is gone (was at ${a[name].vaddr}, ${a[name].size} bytes)`, tolerated: t === "any", tolerance: t });
  }
  return { paths, changes };
}
function compareSnapshot(expected, actual, opts = {}) {
  const tol = { ...expected.tolerances ?? {}, ...opts.tolerances ?? {} };
  const before = new Map(snapshotFacts(expected).map((f) => [f.path, f.value]));
  const after = new Map(snapshotFacts(actual).map((f) => [f.path, f.value]));
  const whole = wholeSectionLines(expected, actual, tol);
  const changes = [...whole.changes];
  const paths = [.../* @__PURE__ */ new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    if (whole.paths.has(path)) continue;
    const b = before.get(path) ?? null, a = after.get(path) ?? null;
    if (b === a) continue;
    const nb = asNumber(b), na = asNumber(a);
    const delta = nb !== null && na !== null ? na - nb : null;
    const t = toleranceFor(path, tol);
    const tolerated = t === "any" || t !== null && delta !== null && Math.abs(delta) <= t;
    changes.push({ path, before: b, after: a, delta, text: describe(path, b, a, delta), tolerated, tolerance: t });
  }
  for (const c of changes.filter((x) => x.path.endsWith("/vaddr") && x.path.startsWith("sections/"))) {
    const p = changes.findIndex((x) => x.path === c.path.replace(/\/vaddr$/, "/paddr"));
    if (p >= 0 && changes[p].delta === c.delta && changes[p].tolerated === c.tolerated) changes.splice(p, 1);
  }
  const rank = (path) => ["entry", "sections", "heap", "stack", "symbols"].indexOf(path.split("/")[0]);
  changes.sort((x, y) => rank(x.path) - rank(y.path) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const failing = changes.filter((c) => !c.tolerated);
  const lines = [
    ...failing.map((c) => c.text),
    ...changes.filter((c) => c.tolerated).map((c) => `${c.text} (within tolerance ${c.tolerance === "any" ? "any" : `\xB1${c.tolerance}`})`)
  ];
  return { pass: failing.length === 0, changes, text: lines.length ? lines.join("\n") + "\n" : "" };
}

// verify/snapshot-file.ts
import { existsSync, readFileSync } from "node:fs";

// core/fs-atomic.ts
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
function writeFileAtomic(path, data, opts = {}) {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const bytes2 = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let fd = -1;
  try {
    fd = openSync(tmp, "w", 420);
    let off = 0;
    while (off < bytes2.length) off += writeSync(fd, bytes2, off, bytes2.length - off);
    if (opts.durable !== false) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

// verify/snapshot-file.ts
function readSnapshotFile(path) {
  if (!existsSync(path)) return null;
  return parseSnapshot(readFileSync(path, "utf8"), path);
}
function writeSnapshotFile(path, snap) {
  writeFileAtomic(path, serializeSnapshot(snap));
}

export {
  SNAPSHOT_FORMAT,
  takeSnapshot,
  serializeSnapshot,
  snapshotFacts,
  parseSnapshot,
  globToRegExp,
  compareSnapshot,
  readSnapshotFile,
  writeSnapshotFile
};
