/**
 * Layout rules: small named judgements over a LayoutReport, each returning `{ rule, pass, message, evidence }`
 * with a message that says exactly what is wrong and the addresses that show it. Rules compose (`allOf`,
 * `rulesFromLayout`), users add their own with `rule(name, fn)`, and every built-in rule also has a JSON
 * form (`spec`) so rules can cross worker threads and live in `kernlab verify --rules file.json`.
 * This file judges; it gathers nothing (report.ts) and prints nothing (the CLI and matchers do).
 *
 * Region names: a section name (".text"), or "heap" / "stack" (from the report's heap and stack facts).
 */
import { bytes, hex } from "../core/hex";
import type { Verdict } from "../emulator/index";
import type { Layout } from "../toolchain/link/index";
import type { LayoutReport } from "./report";

export interface RuleResult {
  rule: string;
  pass: boolean;
  message: string;
  /** Lines of evidence: the addresses and values the judgement rests on. */
  evidence: string[];
}

/** The JSON form of a built-in rule: `{ "rule": "startsAt", "args": [".text", "0x00100000"] }`. */
export interface RuleSpec {
  rule: string;
  args: unknown[];
}

export interface LayoutRule {
  readonly name: string;
  /** Present for built-in rules (serialisable); absent for `rule(name, fn)`. */
  readonly spec?: RuleSpec;
  check(report: LayoutReport): RuleResult;
}

interface Region { name: string; start: number; end: number; pstart: number; pend: number }

function regionOf(report: LayoutReport, name: string): Region | null {
  const s = report.sections.find((x) => x.name === name);
  if (s) return { name, start: s.vaddr, end: s.vaddr + s.size, pstart: s.paddr, pend: s.paddr + s.size };
  const phys = (owner: string) => report.physical.find((p) => p.owner === owner);
  if (name === "heap" && report.heap) {
    const p = phys("heap");
    return { name, start: report.heap.start, end: report.heap.end, pstart: p?.start ?? report.heap.start, pend: p?.end ?? report.heap.end };
  }
  if (name === "stack" && report.stack) {
    const p = phys("stack");
    return { name, start: report.stack.bottom, end: report.stack.top, pstart: p?.start ?? report.stack.bottom, pend: p?.end ?? report.stack.top };
  }
  return null;
}

const range = (r: { start: number; end: number }) => `[${hex(r.start)}, ${hex(r.end)})`;
const describe = (r: Region) => `${r.name} ${range(r)}${r.pstart !== r.start ? ` at physical ${hex(r.pstart)}` : ""}`;
const allRegionNames = (report: LayoutReport) => [
  ...report.sections.map((s) => s.name), ...(report.heap ? ["heap"] : []), ...(report.stack ? ["stack"] : []),
];

function result(rule: string, pass: boolean, message: string, evidence: string[] = []): RuleResult {
  return { rule, pass, message, evidence };
}

function missing(rule: string, report: LayoutReport, name: string): RuleResult {
  return result(rule, false, `${rule}: no region named ${name} in the kernel`, [`regions: ${allRegionNames(report).join(", ") || "(none)"}`]);
}

function builtin(name: string, spec: RuleSpec, check: (report: LayoutReport) => RuleResult): LayoutRule {
  return { name, spec, check };
}

/** Parse "0x100000", "1 MiB", "4096", 4096. */
export function parseSize(v: unknown, what = "value"): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const m = /^\s*(0x[0-9a-f_]+|\d[\d_]*(?:\.\d+)?)\s*(B|KiB|MiB|GiB|K|M|G)?\s*$/i.exec(v);
    if (m) {
      const n = m[1]!.toLowerCase().startsWith("0x") ? parseInt(m[1]!.replace(/_/g, ""), 16) : Number(m[1]!.replace(/_/g, ""));
      const unit = (m[2] ?? "B").toUpperCase()[0];
      const mult = unit === "K" ? 1024 : unit === "M" ? 1 << 20 : unit === "G" ? 1 << 30 : 1;
      return Math.round(n * mult);
    }
  }
  throw new TypeError(`${what}: expected a number, "0x…" or "N KiB/MiB", got ${JSON.stringify(v)}`);
}

// ---- Placement ----------------------------------------------------------------------------------------

/** The region starts exactly at `addr` (virtual address). */
export function startsAt(name: string, addr: number): LayoutRule {
  const rule = `startsAt(${name}, ${hex(addr)})`;
  return builtin(rule, { rule: "startsAt", args: [name, hex(addr)] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule, report, name);
    const pass = r.start === addr >>> 0;
    return result(rule, pass, pass ? `${name} starts at ${hex(addr)}` :
      `${name} starts at ${hex(r.start)}, expected ${hex(addr)} (${r.start > addr ? "+" : "-"}${Math.abs(r.start - addr)} bytes)`, [describe(r)]);
  });
}

/** The regions lie in this order, ascending, each ending before the next begins. */
export function inOrder(...names: string[]): LayoutRule {
  const rule = `inOrder(${names.join(", ")})`;
  return builtin(rule, { rule: "inOrder", args: names }, (report) => {
    const regions: Region[] = [];
    for (const n of names) {
      const r = regionOf(report, n);
      if (!r) return missing(rule, report, n);
      regions.push(r);
    }
    const evidence = regions.map(describe);
    for (let i = 1; i < regions.length; i++) {
      const a = regions[i - 1]!, b = regions[i]!;
      if (b.start < a.end) {
        return result(rule, false, b.start < a.start
          ? `${b.name} (${hex(b.start)}) comes before ${a.name} (${hex(a.start)}), expected after it`
          : `${b.name} starts at ${hex(b.start)}, inside ${a.name} which ends at ${hex(a.end)}`, evidence);
      }
    }
    return result(rule, true, `${names.join(" < ")} in order`, evidence);
  });
}

/** The region's virtual (and physical) start is a multiple of `n`. */
export function aligned(name: string, n: number): LayoutRule {
  const rule = `aligned(${name}, ${n})`;
  return builtin(rule, { rule: "aligned", args: [name, n] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule, report, name);
    const bad = r.start % n !== 0 ? `virtual start ${hex(r.start)}` : r.pstart % n !== 0 ? `physical start ${hex(r.pstart)}` : null;
    return result(rule, bad === null, bad === null ? `${name} at ${hex(r.start)} is ${n}-byte aligned`
      : `${name} ${bad} is not ${n}-byte aligned (off by ${(bad.startsWith("v") ? r.start : r.pstart) % n})`, [describe(r)]);
  });
}

/** No two regions (sections, heap, stack) overlap, virtually or physically. */
export function noOverlap(): LayoutRule {
  const rule = "noOverlap()";
  return builtin(rule, { rule: "noOverlap", args: [] }, (report) => {
    const regions = allRegionNames(report).map((n) => regionOf(report, n)!);
    const clashes: string[] = [];
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i]!, b = regions[j]!;
        // A stack that lives inside .bss (OSDev Bare Bones) is a part, not an overlap.
        const contains = (x: Region, y: Region) => y.name === "stack" && y.start >= x.start && y.end <= x.end && x.name !== "heap";
        if (contains(a, b) || contains(b, a)) continue;
        if (a.start < b.end && b.start < a.end) clashes.push(`${a.name} ${range(a)} overlaps ${b.name} ${range(b)}`);
        else if (a.pstart < b.pend && b.pstart < a.pend) clashes.push(`${a.name} and ${b.name} overlap physically: [${hex(a.pstart)}, ${hex(a.pend)}) and [${hex(b.pstart)}, ${hex(b.pend)})`);
      }
    }
    return result(rule, clashes.length === 0, clashes.length === 0 ? `${regions.length} regions, none overlap` : clashes[0]!,
      clashes.length ? clashes : regions.map(describe));
  });
}

/** Everything the kernel occupies (sections, heap, stack) ends at or below physical address `limit`. */
export function fitsBelow(limit: number): LayoutRule {
  const rule = `fitsBelow(${hex(limit)})`;
  return builtin(rule, { rule: "fitsBelow", args: [hex(limit)] }, (report) => {
    const regions = allRegionNames(report).map((n) => regionOf(report, n)!);
    const over = regions.filter((r) => r.pend > limit);
    const top = regions.reduce((m, r) => Math.max(m, r.pend), 0);
    return result(rule, over.length === 0, over.length === 0 ? `the kernel ends at ${hex(top)}, below ${hex(limit)}`
      : `${over[0]!.name} ends at ${hex(over[0]!.pend)}, ${bytes(over[0]!.pend - limit)} above ${hex(limit)}`, over.map(describe));
  });
}

// ---- RAM evidence -------------------------------------------------------------------------------------

/** Every NOBITS section (.bss) is all zero at kernel entry (needs the entry snapshot). */
export function bssZeroAtEntry(): LayoutRule {
  const rule = "bssZeroAtEntry()";
  return builtin(rule, { rule: "bssZeroAtEntry", args: [] }, (report) => {
    const nobits = report.sections.filter((s) => s.type === "nobits");
    if (nobits.length === 0) return result(rule, false, "no NOBITS (.bss) section in the kernel", []);
    const unknown = nobits.filter((s) => s.zeroAtEntry === null);
    if (unknown.length) return result(rule, false, `no entry snapshot: cannot tell whether ${unknown.map((s) => s.name).join(", ")} was zero at entry`, ["the kernel reaches no entry checkpoint: write one as its first instructions (mov dx, 0x5F0 / mov eax, 1 / out dx, eax; it changes EAX and EDX, so save the multiboot magic in EAX first if the kernel reads it); runAndReport takes the first checkpoint (entryCheckpoint picks another), buildLayoutReport takes entrySnapshot"]);
    const dirty = nobits.filter((s) => s.zeroAtEntry === false);
    if (dirty.length) {
      return result(rule, false, `${dirty[0]!.name} is not zero at entry`, dirty.map((s) => `${s.name} [${hex(s.paddr)}, ${hex(s.paddr + s.size)}) has nonzero bytes`));
    }
    return result(rule, true, `${nobits.map((s) => s.name).join(", ")} zero at entry`, nobits.map((s) => `${s.name} [${hex(s.paddr)}, ${hex(s.paddr + s.size)}) all zero`));
  });
}

/** Every PROGBITS section in RAM equals its bytes in the ELF file at the snapshot. */
export function matchesFile(...names: string[]): LayoutRule {
  const rule = `matchesFile(${names.join(", ")})`;
  return builtin(rule, { rule: "matchesFile", args: names }, (report) => {
    const list = report.sections.filter((s) => s.type === "progbits" && (names.length === 0 || names.includes(s.name)));
    const unknown = list.filter((s) => s.matchesFile === null);
    if (unknown.length) return result(rule, false, "no snapshot: RAM was not read", []);
    const bad = list.filter((s) => !s.matchesFile);
    return result(rule, bad.length === 0, bad.length === 0 ? `${list.length} sections in RAM equal the file` :
      `${bad[0]!.name} in RAM differs from the file at ${hex(bad[0]!.firstMismatch ?? bad[0]!.paddr)}`, bad.map((s) => `${s.name} first differs at ${hex(s.firstMismatch ?? 0)}`));
  });
}

// ---- Heap and stack -----------------------------------------------------------------------------------

/** The heap starts at or above the end of `name` (default .bss). */
export function heapAbove(name = ".bss"): LayoutRule {
  const rule = `heapAbove(${name})`;
  return builtin(rule, { rule: "heapAbove", args: [name] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule, report, name);
    if (!report.heap) return result(rule, false, "the kernel has no heap (no __heap_start/__heap_end symbols)", []);
    const pass = report.heap.start >= r.end;
    return result(rule, pass, pass ? `heap starts at ${hex(report.heap.start)}, above ${name} (ends ${hex(r.end)})`
      : `heap starts at ${hex(report.heap.start)}, ${r.end - report.heap.start} bytes below the end of ${name} (${hex(r.end)})`,
    [describe(r), `heap [${hex(report.heap.start)}, ${hex(report.heap.end)})`]);
  });
}

/** The heap's break lies in [start, end] and has not moved down since entry (needs heap.topSymbol). */
export function heapGrowsUp(): LayoutRule {
  const rule = "heapGrowsUp()";
  return builtin(rule, { rule: "heapGrowsUp", args: [] }, (report) => {
    const h = report.heap;
    if (!h) return result(rule, false, "the kernel has no heap (no __heap_start/__heap_end symbols)", []);
    if (h.top === null) return result(rule, false, "the heap's break is unknown: name the variable that holds it (heap.topSymbol)", [`heap [${hex(h.start)}, ${hex(h.end)})`]);
    const evidence = [`heap [${hex(h.start)}, ${hex(h.end)})`, `break ${hex(h.top)}${h.topAtEntry !== null ? `, at entry ${hex(h.topAtEntry)}` : ""}`];
    if (h.top < h.start || h.top > h.end) return result(rule, false, `heap break ${hex(h.top)} is outside the heap [${hex(h.start)}, ${hex(h.end)})`, evidence);
    // A break outside the heap at entry (a NULL not yet initialised, as in C kernels) means "at the start".
    const from = h.topAtEntry !== null && h.topAtEntry >= h.start && h.topAtEntry <= h.end ? h.topAtEntry : h.start;
    if (h.top < from) return result(rule, false, `heap break moved down from ${hex(from)} to ${hex(h.top)}`, evidence);
    if (h.top === from) return result(rule, false, `no growth to judge: the heap break is still at ${hex(from)}`, evidence);
    return result(rule, true, `heap grew up by ${bytes(h.top - from)} to ${hex(h.top)}`, evidence);
  });
}

/** The stack was used from its top downward: painting shows the touched part reaching the top with the bottom intact, or ESP lies below the top. */
export function stackGrowsDown(): LayoutRule {
  const rule = "stackGrowsDown()";
  return builtin(rule, { rule: "stackGrowsDown", args: [] }, (report) => {
    const s = report.stack;
    if (!s) return result(rule, false, "the kernel's stack is unknown (no __stack_bottom/__stack_top or stack_bottom/stack_top symbols)", []);
    const evidence = [`stack [${hex(s.bottom)}, ${hex(s.top)})`];
    if (s.esp !== null) evidence.push(`ESP ${hex(s.esp)}${s.espAtEntry !== null ? `, at entry ${hex(s.espAtEntry)}` : ""}`);
    const p = s.painted;
    if (p) {
      if (p.lowestTouched === null || p.highestTouched === null) return result(rule, false, "the painted stack is untouched: no growth to judge", evidence);
      evidence.push(`touched [${hex(p.lowestTouched)}, ${hex(p.highestTouched)}) of painted [${hex(p.start)}, ${hex(p.end)})`);
      if (p.lowestTouched === p.start) return result(rule, false, `the stack reached its painted bottom ${hex(p.start)}: overflow, or it grows up`, evidence);
      if (p.end - p.highestTouched > 64) return result(rule, false, `the touched part ends ${p.end - p.highestTouched} bytes below the top ${hex(p.end)}: the stack does not grow down from its top`, evidence);
      return result(rule, true, `stack grew down from ${hex(s.top)} to ${hex(p.lowestTouched)}`, evidence);
    }
    if (s.esp === null) return result(rule, false, "no snapshot and no painting: nothing shows how the stack grows", evidence);
    if (s.esp > s.top || s.esp < s.bottom) return result(rule, false, `ESP ${hex(s.esp)} is outside the stack [${hex(s.bottom)}, ${hex(s.top)})`, evidence);
    if (s.espAtEntry !== null && s.esp > s.espAtEntry) return result(rule, false, `ESP rose from ${hex(s.espAtEntry)} to ${hex(s.esp)}`, evidence);
    return result(rule, true, `ESP ${hex(s.esp)} lies ${s.top - s.esp} bytes below the top ${hex(s.top)}`, evidence);
  });
}

/** The painted stack's deepest use is at most `atMost` bytes. */
export function stackHighWater(opts: { atMost: number }): LayoutRule {
  const rule = `stackHighWater(atMost ${bytes(opts.atMost)})`;
  return builtin(rule, { rule: "stackHighWater", args: [{ atMost: opts.atMost }] }, (report) => {
    const s = report.stack;
    if (!s || s.highWater === null) return result(rule, false, "no stack high-water mark: boot with the stack painted (paint) and pass it to the report", []);
    const pass = s.highWater <= opts.atMost;
    const ev = [`deepest use ${s.highWater} bytes below ${hex(s.painted?.end ?? s.top)}`];
    return result(rule, pass, pass ? `stack high-water ${bytes(s.highWater)} ≤ ${bytes(opts.atMost)}`
      : `stack high-water ${bytes(s.highWater)} exceeds ${bytes(opts.atMost)} by ${bytes(s.highWater - opts.atMost)}`, ev);
  });
}

/** The run ended with the guest's exit code `code` (port 0xF4); needs a report from runAndReport. */
export function exitsWith(code = 0): LayoutRule {
  const rule = `exitsWith(${code})`;
  return builtin(rule, { rule: "exitsWith", args: [code] }, (report) => {
    const v = report.run?.verdict;
    if (!v) return result(rule, false, "the report did not come from a run", []);
    const ev = [`checkpoints reached: ${report.run!.checkpoints.join(", ") || "none"}`];
    const tail = report.run!.serialTail.trimEnd().split("\n").slice(-3);
    if (v.kind !== "exited") return result(rule, false, `the kernel did not exit: ${v.kind}${"eip" in v ? ` at eip ${hex(v.eip)}` : ""}`, [...ev, ...tail.map((l) => `serial: ${l}`)]);
    return result(rule, v.code === code, v.code === code ? `exited with code ${code}` : `exited with code ${v.code}, expected ${code}`, ev);
  });
}

// ---- Paging -------------------------------------------------------------------------------------------

export interface MappedOptions {
  /** Address space; default the snapshot's CR3 (or the first walked). */
  cr3?: number;
  /** Virtual range [from, to). */
  from: number;
  to: number;
  /** Required permissions: any of "w" (writable), "u" (user), "s" (supervisor-only), "r" (read-only). Default "". */
  flags?: string;
  /** Physical address `from` must map to (contiguously); `identity: true` means paddr === vaddr. */
  paddr?: number;
  identity?: boolean;
}

/** Every page of [from, to) is present in the address space with the given flags. */
export function mapped(opts: MappedOptions): LayoutRule {
  const flags = opts.flags ?? "";
  const rule = `mapped([${hex(opts.from)}, ${hex(opts.to)})${flags ? ` ${flags}` : ""}${opts.identity ? " identity" : ""}${opts.cr3 !== undefined ? ` CR3 ${hex(opts.cr3)}` : ""})`;
  return builtin(rule, { rule: "mapped", args: [{ ...opts, from: hex(opts.from), to: hex(opts.to), ...(opts.cr3 !== undefined ? { cr3: hex(opts.cr3) } : {}), ...(opts.paddr !== undefined ? { paddr: hex(opts.paddr) } : {}) }] }, (report) => {
    const cr3 = opts.cr3 ?? report.registers?.cr3 ?? report.pageTables[0]?.cr3;
    const as = report.pageTables.find((a) => a.cr3 === cr3) ?? (opts.cr3 === undefined ? report.pageTables[0] : undefined);
    if (!as) return result(rule, false, cr3 === undefined ? "no page tables in the report (paging off, or no CR3 given)" : `address space CR3 ${hex(cr3)} was not walked (add it to cr3s)`, []);
    const want = opts.identity ? opts.from : opts.paddr;
    for (let v = opts.from - (opts.from % 0x1000); v < opts.to; v += 0x1000) {
      const m = as.mappings.find((x) => v >= x.vaddr && v < x.vaddr + x.size);
      if (!m || m.problem) return result(rule, false, `${hex(v)} is not mapped in CR3 ${hex(as.cr3)}${m?.problem ? ` (${m.problem})` : ""}`, nearby(as, v));
      const p = m.paddr + (v - m.vaddr);
      const bad = flags.includes("w") && !m.writable ? "not writable" : flags.includes("r") && m.writable ? "writable" :
        flags.includes("u") && !m.user ? "supervisor-only" : flags.includes("s") && m.user ? "user-accessible" : null;
      if (bad) return result(rule, false, `${hex(v)} is mapped ${bad} in CR3 ${hex(as.cr3)}`, [fmtMapping(m)]);
      if (want !== undefined) {
        const expect = want - (opts.from % 0x1000) + (v - (opts.from - (opts.from % 0x1000)));
        if (p !== expect) return result(rule, false, `${hex(v)} maps to physical ${hex(p)}, expected ${hex(expect)}`, [fmtMapping(m)]);
      }
    }
    return result(rule, true, `[${hex(opts.from)}, ${hex(opts.to)}) mapped in CR3 ${hex(as.cr3)}`, []);
  });
}

function fmtMapping(m: { vaddr: number; paddr: number; size: number; writable: boolean; user: boolean }): string {
  return `${hex(m.vaddr)}-${hex(m.vaddr + m.size - 1)} -> ${hex(m.paddr)} ${m.writable ? "W" : "R"}${m.user ? "U" : "S"}`;
}

function nearby(as: LayoutReport["pageTables"][number], v: number): string[] {
  const below = as.mappings.filter((m) => m.vaddr + m.size <= v).pop();
  const above = as.mappings.find((m) => m.vaddr > v);
  return [below ? `below: ${fmtMapping(below)}` : "nothing mapped below", above ? `above: ${fmtMapping(above)}` : "nothing mapped above"];
}

/**
 * Physical frames of the named owners are pairwise disjoint. Owners are names from the report's physical map
 * (".text", "heap", "stack", "user pages (CR3 0x…)", "page table …"); a name matches owners that start with it,
 * so "user pages" means every address space's user frames. With no names: user frames of each address space
 * against each other and against the kernel's sections and stack.
 */
export function disjointFrames(...owners: string[]): LayoutRule {
  const rule = `disjointFrames(${owners.join(", ")})`;
  return builtin(rule, { rule: "disjointFrames", args: owners }, (report) => {
    const groups = new Map<string, { start: number; end: number }[]>();
    for (const p of report.physical) {
      const hit = owners.length ? owners.some((o) => p.owner.startsWith(o)) : p.kind === "process" || (p.kind !== "reserved" && p.kind !== "heap" && p.kind !== "pagetable");
      if (!hit) continue;
      const list = groups.get(p.owner) ?? [];
      list.push(p);
      groups.set(p.owner, list);
    }
    const names = [...groups.keys()];
    const clashes: string[] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        for (const a of groups.get(names[i]!)!) {
          for (const b of groups.get(names[j]!)!) {
            if (a.start < b.end && b.start < a.end) {
              clashes.push(`${names[i]} and ${names[j]} share frames [${hex(Math.max(a.start, b.start))}, ${hex(Math.min(a.end, b.end))})`);
            }
          }
        }
      }
    }
    if (names.length < 2 && owners.length) return result(rule, false, `fewer than two of the owners were found (found: ${names.join(", ") || "none"})`, report.physical.map((p) => p.owner));
    return result(rule, clashes.length === 0, clashes.length === 0 ? `${names.length} owners use disjoint frames` : clashes[0]!, clashes.slice(0, 20));
  });
}

// ---- Composition --------------------------------------------------------------------------------------

export type CustomCheck = (report: LayoutReport) => boolean | string | { pass: boolean; message?: string; evidence?: string[] };

/**
 * A user's own rule. The function returns true (pass), false (fail), a string (fail with that message), or
 * `{ pass, message?, evidence? }`. A throw is a failure whose message is the error's.
 */
export function rule(name: string, fn: CustomCheck): LayoutRule {
  return {
    name,
    check(report) {
      try {
        const r = fn(report);
        if (typeof r === "boolean") return result(name, r, r ? `${name} holds` : `${name} does not hold`);
        if (typeof r === "string") return result(name, false, r);
        return result(name, r.pass, r.message ?? (r.pass ? `${name} holds` : `${name} does not hold`), r.evidence ?? []);
      } catch (e) {
        return result(name, false, `${name} threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/** All the rules hold; the message names the first that does not. */
export function allOf(name: string, ...rules: LayoutRule[]): LayoutRule {
  return {
    name,
    ...(rules.every((r) => r.spec) ? { spec: { rule: "allOf", args: [name, ...rules.map((r) => r.spec!)] } } : {}),
    check(report) {
      const results = rules.map((r) => r.check(report));
      const failed = results.filter((r) => !r.pass);
      return result(name, failed.length === 0, failed.length === 0 ? `${results.length} rules hold` : `${failed[0]!.rule}: ${failed[0]!.message}`,
        results.map((r) => `${r.pass ? "ok  " : "FAIL"} ${r.rule}: ${r.message}`));
    },
  };
}

/** Run rules against a report (the plain-function API for any test runner). */
export function checkRules(report: LayoutReport, rules: readonly LayoutRule[]): { pass: boolean; results: RuleResult[] } {
  const results = rules.map((r) => r.check(report));
  return { pass: results.every((r) => r.pass), results };
}

/** Results as text: one line per rule, failures with their evidence. */
export function formatRuleResults(results: readonly RuleResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.pass ? "✓" : "✗"} ${r.rule}: ${r.message}`);
    if (!r.pass) for (const e of r.evidence) out.push(`    ${e}`);
  }
  return out.join("\n") + (out.length ? "\n" : "");
}

/**
 * The rules for a kernel that comes with neither a layout nor rules: no sections overlap, every read-only
 * loaded section in RAM equals the file, and a guest that exits reports success (exitsWith(0)) unless
 * `allowExitCode` (what `kernlab verify`, a matrix job and the lab check by default).
 */
export function defaultRules(report: LayoutReport, opts: { allowExitCode?: boolean } = {}): LayoutRule[] {
  const rules = [noOverlap(), matchesFile(...report.sections.filter((s) => s.type === "progbits" && !s.flags.includes("W")).map((s) => s.name))];
  if (!opts.allowExitCode && report.run?.verdict.kind === "exited") rules.push(exitsWith(0));
  return rules;
}

/** A kernel that never ran (it faulted before anything, or could not be loaded) has no layout in RAM to judge. */
export function neverRan(verdict: Verdict): boolean {
  return verdict.kind === "triple-fault" || verdict.kind === "no-multiboot-header" || verdict.kind === "not-a-kernel" || verdict.kind === "kernel-too-large";
}

/**
 * The rules a kernlab layout promises: the first section at `base`, sections in layout order, each aligned as
 * declared, no overlaps, the heap above the last section and the stack above the heap with their sizes.
 */
export function rulesFromLayout(layout: Layout): LayoutRule[] {
  const names = layout.sections.map((s) => s.name);
  const out: LayoutRule[] = [];
  if (names.length) out.push(startsAt(names[0]!, (layout.base + layout.virtualOffset) >>> 0));
  for (const s of layout.sections) if (s.align > 1) out.push(aligned(s.name, s.align));
  const order = [...names, ...(layout.heap ? ["heap"] : []), ...(layout.stack ? ["stack"] : [])];
  // A layout section may be empty (no input): it is absent from the ELF, so order only those present.
  out.push(presentInOrder(order));
  out.push(noOverlap());
  if (layout.heap) {
    const h = layout.heap;
    out.push(aligned("heap", h.align));
    out.push(sized("heap", h.size));
  }
  if (layout.stack) {
    out.push(aligned("stack", layout.stack.align));
    out.push(sized("stack", layout.stack.size));
  }
  return out;
}

/** inOrder over the names that exist in the report (empty layout sections are not emitted). */
export function presentInOrder(names: string[]): LayoutRule {
  const rule = `inOrder(${names.join(", ")})`;
  return builtin(rule, { rule: "presentInOrder", args: names }, (report) => {
    const present = names.filter((n) => regionOf(report, n));
    const r = inOrder(...present).check(report);
    return { ...r, rule };
  });
}

/** The region is exactly `size` bytes. */
export function sized(name: string, size: number): LayoutRule {
  const rule = `sized(${name}, ${size})`;
  return builtin(rule, { rule: "sized", args: [name, size] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule, report, name);
    const got = r.end - r.start;
    return result(rule, got === size, got === size ? `${name} is ${bytes(size)}` : `${name} is ${got} bytes, expected ${size}`, [describe(r)]);
  });
}

// ---- JSON form ----------------------------------------------------------------------------------------

/** Build a rule from its JSON form (numbers may be "0x…" or "8 KiB" strings). Throws TypeError on a bad spec. */
export function ruleFromSpec(spec: RuleSpec): LayoutRule {
  const a = spec.args ?? [];
  const str = (i: number) => { if (typeof a[i] !== "string") throw new TypeError(`${spec.rule}: argument ${i + 1} must be a string`); return a[i] as string; };
  const num = (v: unknown, what: string) => parseSize(v, `${spec.rule} ${what}`);
  switch (spec.rule) {
    case "startsAt": return startsAt(str(0), num(a[1], "address"));
    case "inOrder": return inOrder(...a.map((_, i) => str(i)));
    case "presentInOrder": return presentInOrder(a.map((_, i) => str(i)));
    case "aligned": return aligned(str(0), num(a[1], "alignment"));
    case "sized": return sized(str(0), num(a[1], "size"));
    case "noOverlap": return noOverlap();
    case "fitsBelow": return fitsBelow(num(a[0], "limit"));
    case "bssZeroAtEntry": return bssZeroAtEntry();
    case "matchesFile": return matchesFile(...a.map((_, i) => str(i)));
    case "heapAbove": return heapAbove(a.length ? str(0) : ".bss");
    case "heapGrowsUp": return heapGrowsUp();
    case "stackGrowsDown": return stackGrowsDown();
    case "stackHighWater": {
      const o = (a[0] ?? {}) as { atMost?: unknown };
      return stackHighWater({ atMost: num(o.atMost, "atMost") });
    }
    case "mapped": {
      const o = (a[0] ?? {}) as Record<string, unknown>;
      const m: MappedOptions = { from: num(o.from, "from"), to: num(o.to, "to") };
      if (o.cr3 !== undefined) m.cr3 = num(o.cr3, "cr3");
      if (typeof o.flags === "string") m.flags = o.flags;
      if (o.paddr !== undefined) m.paddr = num(o.paddr, "paddr");
      if (o.identity === true) m.identity = true;
      return mapped(m);
    }
    case "exitsWith": return exitsWith(a.length ? num(a[0], "code") : 0);
    case "disjointFrames": return disjointFrames(...a.map((_, i) => str(i)));
    case "allOf": return allOf(str(0), ...a.slice(1).map((s) => ruleFromSpec(s as RuleSpec)));
    default: throw new TypeError(`unknown rule '${spec.rule}'`);
  }
}
