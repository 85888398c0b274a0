import {
  parseSnapshot,
  serializeSnapshot,
  snapshotFacts
} from "./chunk-P2XS6POQ.js";
import {
  parseSize
} from "./chunk-3FAEH6UQ.js";
import {
  KernlabError,
  bytes,
  diagnostic
} from "./chunk-SL2PM32D.js";

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
import { closeSync as closeSync2, constants, existsSync, fstatSync, openSync as openSync2, readSync } from "node:fs";

// core/fs-atomic.ts
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
var TEMP_NAME = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;
var STALE_MS = 24 * 36e5;
var active = /* @__PURE__ */ new Set();
var SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
var listening = false;
function onSignal(sig) {
  for (const t of active) rmSync(t, { force: true });
  active.clear();
  if (process.listenerCount(sig) === 1) process.exit(128 + SIGNAL_NUMBERS[sig]);
}
var handlers = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)]));
function startListening() {
  if (listening) return;
  listening = true;
  for (const s of SIGNALS) process.on(s, handlers[s]);
}
function alive(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function sweepStaleTemps(dir) {
  const removed = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile()) continue;
      if (alive(Number(m[1])) && now - st.mtimeMs < STALE_MS) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
    }
  }
  return removed;
}
var REASONS = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EISDIR: "is a directory",
  ENOENT: "no such directory",
  ENOTDIR: "a component of the path is not a directory",
  EIO: "input/output error",
  EFBIG: "file too large",
  ENAMETOOLONG: "file name too long",
  EXDEV: "cross-device rename"
};
function aboutUserFile(e, path) {
  const err = e;
  if (!(e instanceof Error) || typeof err.code !== "string") return e instanceof Error ? e : new Error(String(e));
  const out = new Error(`cannot write '${path}': ${REASONS[err.code] ?? err.message.replace(/, \w+ '.*'$/, "")}`);
  out.code = err.code;
  out.syscall = err.syscall ?? "write";
  out.path = path;
  if (err.errno !== void 0) out.errno = err.errno;
  return out;
}
function writeFileAtomic(path, data, opts = {}) {
  const dir = dirname(path);
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR", syscall: "open" });
  } catch (e) {
    if (e.code !== "ENOENT") throw aboutUserFile(e, path);
  }
  sweepStaleTemps(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const bytes2 = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let fd = -1;
  startListening();
  active.add(tmp);
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
    throw aboutUserFile(e, path);
  } finally {
    active.delete(tmp);
  }
}

// verify/snapshot-file.ts
function readSnapshotFile(path) {
  if (!existsSync(path)) return null;
  return parseSnapshot(new TextDecoder().decode(readSnapshotBytes(path)), path);
}
var SNAPSHOT_LIMIT = 64 << 20;
function readSnapshotBytes(path) {
  const refuse = (why) => new KernlabError(diagnostic("malformed-snapshot", `cannot read snapshot '${path}': ${why}`, { file: path, line: 0, column: 0 }));
  let fd;
  try {
    fd = openSync2(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw refuse(e.message);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw refuse(st.isDirectory() ? "is a directory" : "not a regular file");
    if (st.size > SNAPSHOT_LIMIT) throw refuse(`${st.size} bytes, more than the ${SNAPSHOT_LIMIT}-byte limit`);
    const buf = new Uint8Array(st.size);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync2(fd);
  }
}
function writeSnapshotFile(path, snap) {
  writeFileAtomic(path, serializeSnapshot(snap));
}

export {
  globToRegExp,
  compareSnapshot,
  readSnapshotFile,
  writeSnapshotFile
};
