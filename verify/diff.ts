/**
 * Compare two layout snapshots fact by fact and say in words what moved:
 *
 *   .data moved 0x00102000 -> 0x00103000 (+4096)
 *   .bss grew by 512 bytes
 *   symbol kmain moved 0x00100020 -> 0x00100040 (+32)
 *   stack high-water rose 1.2 KiB
 *
 * A change within its tolerance (snapshot.tolerances, overridable per call) is reported but does not fail.
 * This file compares; it does not read files or build snapshots (snapshot.ts, snapshot-file.ts).
 */
import { bytes } from "../core/hex";
import { parseSize } from "./rules";
import { snapshotFacts, type Fact, type LayoutSnapshot } from "./snapshot";

export interface SnapshotChange {
  /** Fact path, e.g. "sections/.data/vaddr". */
  path: string;
  before: string | number | null;
  after: string | number | null;
  /** after - before for numeric facts (addresses and sizes), else null. */
  delta: number | null;
  /** The readable line, e.g. ".data moved 0x00102000 -> 0x00103000 (+4096)". */
  text: string;
  /** True when a tolerance allows it. */
  tolerated: boolean;
  /** The tolerance that applied ("any" or bytes), or null. */
  tolerance: number | "any" | null;
}

export interface SnapshotComparison {
  pass: boolean;
  changes: SnapshotChange[];
  /** Failing changes as lines (tolerated ones follow, marked), ending in a newline; "" when identical. */
  text: string;
}

export interface CompareOptions {
  /** Merged over the expected snapshot's own tolerances (these win). */
  tolerances?: Record<string, number | string>;
}

/** Glob over fact paths: `*` stays within one part, `**` crosses parts. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") { re += ".*"; i++; }
    else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function toleranceFor(path: string, tolerances: Record<string, number | string>): number | "any" | null {
  // The most specific glob wins: an exact path beats a pattern, a longer pattern beats a shorter one.
  const hits = Object.keys(tolerances).filter((g) => globToRegExp(g).test(path)).sort((a, b) => b.length - a.length);
  const g = hits.find((h) => h === path) ?? hits[0];
  if (g === undefined) return null;
  const t = tolerances[g]!;
  return t === "any" ? "any" : parseSize(t, `tolerance ${g}`);
}

const asNumber = (v: string | number | null): number | null =>
  v === null ? null : typeof v === "number" ? v : /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : null;

const signed = (d: number) => (d >= 0 ? `+${d}` : `${d}`);

/** The sentence for one changed fact. */
function describe(path: string, before: string | number | null, after: string | number | null, delta: number | null): string {
  const parts = path.split("/");
  const kind = parts[0]!, last = parts[parts.length - 1]!;
  const name = parts.slice(1, kind === "sections" ? -1 : undefined).join("/");
  if (kind === "sections") {
    const sec = name;
    if (before === null) return `new section ${sec}: ${last} ${after}`;
    if (after === null) return `section ${sec} is gone (${last} was ${before})`;
    switch (last) {
      case "vaddr": return `${sec} moved ${before} -> ${after} (${signed(delta!)})`;
      case "paddr": return `${sec} load address moved ${before} -> ${after} (${signed(delta!)})`;
      case "size": return delta! > 0 ? `${sec} grew by ${delta} bytes` : `${sec} shrank by ${-delta!} bytes`;
      case "align": return `${sec} alignment changed ${before} -> ${after}`;
      case "flags": return `${sec} flags changed ${before} -> ${after}`;
    }
  }
  if (kind === "symbols") {
    if (before === null) return `new symbol ${name} at ${after}`;
    if (after === null) return `symbol ${name} is gone (was ${before})`;
    return `symbol ${name} moved ${before} -> ${after} (${signed(delta!)})`;
  }
  if (kind === "stack" && last === "highWater") {
    if (before === null) return `stack high-water is now measured: ${bytes(Number(after))}`;
    if (after === null) return `stack high-water is no longer measured (was ${bytes(Number(before))})`;
    return delta! > 0 ? `stack high-water rose ${bytes(delta!)}` : `stack high-water fell ${bytes(-delta!)}`;
  }
  const what = kind === "entry" ? "entry point" : `${kind} ${last}`;
  if (before === null) return `${what} appeared: ${after}`;
  if (after === null) return `${what} is gone (was ${before})`;
  return delta !== null ? `${what} moved ${before} -> ${after} (${signed(delta)})` : `${what} changed ${before} -> ${after}`;
}

/** Sections added or removed as a whole read better as one line than five. */
function wholeSectionLines(expected: LayoutSnapshot, actual: LayoutSnapshot, tol: Record<string, number | string>): { paths: Set<string>; changes: SnapshotChange[] } {
  const paths = new Set<string>();
  const changes: SnapshotChange[] = [];
  const a = expected.sections ?? {}, b = actual.sections ?? {};
  for (const name of Object.keys(b)) {
    if (name in a) continue;
    for (const k of ["vaddr", "paddr", "size", "align", "flags"]) paths.add(`sections/${name}/${k}`);
    const t = toleranceFor(`sections/${name}/vaddr`, tol);
    changes.push({ path: `sections/${name}`, before: null, after: b[name]!.vaddr, delta: null, text: `new section ${name} at ${b[name]!.vaddr} (${b[name]!.size} bytes)`, tolerated: t === "any", tolerance: t });
  }
  for (const name of Object.keys(a)) {
    if (name in b) continue;
    for (const k of ["vaddr", "paddr", "size", "align", "flags"]) paths.add(`sections/${name}/${k}`);
    const t = toleranceFor(`sections/${name}/vaddr`, tol);
    changes.push({ path: `sections/${name}`, before: a[name]!.vaddr, after: null, delta: null, text: `section ${name} is gone (was at ${a[name]!.vaddr}, ${a[name]!.size} bytes)`, tolerated: t === "any", tolerance: t });
  }
  return { paths, changes };
}

/** Compare `actual` against the frozen `expected`. */
export function compareSnapshot(expected: LayoutSnapshot, actual: LayoutSnapshot, opts: CompareOptions = {}): SnapshotComparison {
  const tol = { ...(expected.tolerances ?? {}), ...(opts.tolerances ?? {}) };
  const before = new Map<string, Fact["value"]>(snapshotFacts(expected).map((f) => [f.path, f.value]));
  const after = new Map<string, Fact["value"]>(snapshotFacts(actual).map((f) => [f.path, f.value]));
  const whole = wholeSectionLines(expected, actual, tol);
  const changes: SnapshotChange[] = [...whole.changes];
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    if (whole.paths.has(path)) continue;
    const b = before.get(path) ?? null, a = after.get(path) ?? null;
    if (b === a) continue;
    const nb = asNumber(b), na = asNumber(a);
    const delta = nb !== null && na !== null ? na - nb : null;
    const t = toleranceFor(path, tol);
    const tolerated = t === "any" || (t !== null && delta !== null && Math.abs(delta) <= t);
    changes.push({ path, before: b, after: a, delta, text: describe(path, b, a, delta), tolerated, tolerance: t });
  }
  // A section that moved virtually and physically by the same amount is one fact for a reader.
  for (const c of changes.filter((x) => x.path.endsWith("/vaddr") && x.path.startsWith("sections/"))) {
    const p = changes.findIndex((x) => x.path === c.path.replace(/\/vaddr$/, "/paddr"));
    if (p >= 0 && changes[p]!.delta === c.delta && changes[p]!.tolerated === c.tolerated) changes.splice(p, 1);
  }
  // Reading order: entry, sections, heap, stack, symbols; by path within each.
  const rank = (path: string) => ["entry", "sections", "heap", "stack", "symbols"].indexOf(path.split("/")[0]!);
  changes.sort((x, y) => rank(x.path) - rank(y.path) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const failing = changes.filter((c) => !c.tolerated);
  const lines = [
    ...failing.map((c) => c.text),
    ...changes.filter((c) => c.tolerated).map((c) => `${c.text} (within tolerance ${c.tolerance === "any" ? "any" : `±${c.tolerance}`})`),
  ];
  return { pass: failing.length === 0, changes, text: lines.length ? lines.join("\n") + "\n" : "" };
}
