/**
 * Layout snapshots: the facts of a LayoutReport a user wants frozen, as stable, reviewable JSON (keys sorted,
 * addresses as "0x00100000", sizes as decimal bytes), plus the tolerances that say which facts may drift.
 *
 *   {
 *     "entry": "0x0010000c",
 *     "format": "kernlab-layout-snapshot/1",
 *     "sections": { ".text": { "align": 4096, "flags": "AX", "paddr": "0x00100000", "size": 6144, "vaddr": "0x00100000" } },
 *     "stack": { "bottom": "0x00104000", "highWater": 412, "top": "0x00108000" },
 *     "symbols": { "kmain": "0x00100020" },
 *     "tolerances": { "stack/highWater": "1 KiB", "symbols/*": 256 }
 *   }
 *
 * Facts have flat paths (`sections/.text/vaddr`, `symbols/kmain`, `stack/highWater`) that tolerances match
 * with globs (`*` within one path part, `**` across parts). Comparing is diff.ts; files are snapshot-file.ts
 * (Node only); this file builds, parses and serialises, and runs in the browser too.
 */
import { diagnostic, KernlabError } from "../core/diagnostics";
import { hex } from "../core/hex";
import type { LayoutReport } from "./report";
import { parseSize } from "./rules";

export const SNAPSHOT_FORMAT = "kernlab-layout-snapshot/1";

export interface SnapshotSection { vaddr: string; paddr: string; size: number; align: number; flags: string }

export interface LayoutSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  entry?: string;
  sections?: Record<string, SnapshotSection>;
  symbols?: Record<string, string>;
  heap?: { start: string; end: string; top?: string };
  stack?: { bottom: string; top: string; highWater?: number };
  /** Fact path glob → allowed absolute change in bytes (number, "0x…", "1 KiB") or "any" (never fails). */
  tolerances?: Record<string, number | string>;
}

/** Which facts to freeze. Every field defaults to "all that the report has". */
export interface SnapshotOptions {
  entry?: boolean;
  /** true: every loaded section; a list: only those; false: none. */
  sections?: boolean | string[];
  symbols?: boolean | string[];
  heap?: boolean;
  stack?: boolean;
  /** The stack high-water mark (only when the stack was painted). */
  highWater?: boolean;
  tolerances?: Record<string, number | string>;
}

/** A fact: its path and value (addresses as hex strings, sizes as numbers, flags as text). */
export interface Fact { path: string; value: string | number }

function pick(list: string[], sel: boolean | string[] | undefined): string[] {
  if (sel === false) return [];
  if (Array.isArray(sel)) return list.filter((n) => sel.includes(n));
  return list;
}

/** Freeze the chosen facts of a report. */
export function takeSnapshot(report: LayoutReport, opts: SnapshotOptions = {}): LayoutSnapshot {
  const snap: LayoutSnapshot = { format: SNAPSHOT_FORMAT };
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
    for (const n of symNames) snap.symbols[n] = hex(report.symbols[n]!);
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

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Stable text: sorted keys, two-space indent, trailing newline. Equal snapshots give equal bytes. */
export function serializeSnapshot(snap: LayoutSnapshot): string {
  return JSON.stringify(sortKeys(snap), null, 2) + "\n";
}

/** Flatten to fact paths, sorted. */
export function snapshotFacts(snap: LayoutSnapshot): Fact[] {
  const out: Fact[] = [];
  if (snap.entry !== undefined) out.push({ path: "entry", value: snap.entry });
  for (const [name, s] of Object.entries(snap.sections ?? {})) {
    for (const k of ["vaddr", "paddr", "size", "align", "flags"] as const) out.push({ path: `sections/${name}/${k}`, value: s[k] });
  }
  for (const [name, v] of Object.entries(snap.symbols ?? {})) out.push({ path: `symbols/${name}`, value: v });
  if (snap.heap) for (const [k, v] of Object.entries(snap.heap)) if (v !== undefined) out.push({ path: `heap/${k}`, value: v });
  if (snap.stack) for (const [k, v] of Object.entries(snap.stack)) if (v !== undefined) out.push({ path: `stack/${k}`, value: v });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function bad(file: string, text: string): never {
  throw new KernlabError(diagnostic("malformed-snapshot", `${file}: ${text}`, { file, line: 0, column: 0 }));
}

/** Check a parsed object is a snapshot (structure and value kinds). Throws KernlabError("malformed-snapshot"). */
export function parseSnapshot(text: string, file = "<snapshot>"): LayoutSnapshot {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split("\n").length, column = pos - before.lastIndexOf("\n");
      throw new KernlabError(diagnostic("malformed-snapshot", `${file}: not valid JSON: ${(e as Error).message}`, { file, line, column, lineText: text.split("\n")[line - 1] ?? "" }));
    }
    bad(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) bad(file, "a snapshot is a JSON object");
  const o = v as Record<string, unknown>;
  if (o.format !== SNAPSHOT_FORMAT) bad(file, `format must be "${SNAPSHOT_FORMAT}", got ${JSON.stringify(o.format)}`);
  const isHex = (x: unknown) => typeof x === "string" && /^0x[0-9a-f]+$/i.test(x);
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
  for (const key of ["sections", "symbols", "heap", "stack", "tolerances"]) {
    if (o[key] !== undefined && !isObject(o[key])) bad(file, `${key} must be a JSON object`);
  }
  if (isObject(o.heap) && (!isHex(o.heap.start) || !isHex(o.heap.end) || (o.heap.top !== undefined && !isHex(o.heap.top)))) bad(file, "heap.start/end/top must be hex address strings");
  if (isObject(o.stack) && (!isHex(o.stack.bottom) || !isHex(o.stack.top) || (o.stack.highWater !== undefined && typeof o.stack.highWater !== "number"))) bad(file, "stack.bottom/top must be hex address strings, stack.highWater a number");
  if (o.entry !== undefined && !isHex(o.entry)) bad(file, `entry must be a hex address string`);
  for (const [name, s] of Object.entries((o.sections ?? {}) as Record<string, Record<string, unknown>>)) {
    if (!s || typeof s !== "object") bad(file, `sections.${name} must be an object`);
    if (!isHex(s.vaddr) || !isHex(s.paddr)) bad(file, `sections.${name}.vaddr/paddr must be hex address strings`);
    if (typeof s.size !== "number" || typeof s.align !== "number" || typeof s.flags !== "string") bad(file, `sections.${name} needs size, align (numbers) and flags (string)`);
  }
  for (const [name, a] of Object.entries((o.symbols ?? {}) as Record<string, unknown>)) if (!isHex(a)) bad(file, `symbols.${name} must be a hex address string`);
  for (const [k, t] of Object.entries((o.tolerances ?? {}) as Record<string, unknown>)) {
    if (t === "any") continue;
    try { parseSize(t); } catch { bad(file, `tolerances["${k}"] must be a byte count ("1 KiB", 4096, "0x100") or "any"`); }
  }
  return o as unknown as LayoutSnapshot;
}
