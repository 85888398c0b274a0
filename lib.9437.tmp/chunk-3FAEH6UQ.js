import {
  bytes,
  hex
} from "./chunk-SL2PM32D.js";

// verify/rules.ts
function regionOf(report, name) {
  const s = report.sections.find((x) => x.name === name);
  if (s) return { name, start: s.vaddr, end: s.vaddr + s.size, pstart: s.paddr, pend: s.paddr + s.size };
  const phys = (owner) => report.physical.find((p) => p.owner === owner);
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
var range = (r) => `[${hex(r.start)}, ${hex(r.end)})`;
var describe = (r) => `${r.name} ${range(r)}${r.pstart !== r.start ? ` at physical ${hex(r.pstart)}` : ""}`;
var allRegionNames = (report) => [
  ...report.sections.map((s) => s.name),
  ...report.heap ? ["heap"] : [],
  ...report.stack ? ["stack"] : []
];
function result(rule2, pass, message, evidence = []) {
  return { rule: rule2, pass, message, evidence };
}
function missing(rule2, report, name) {
  return result(rule2, false, `${rule2}: no region named ${name} in the kernel`, [`regions: ${allRegionNames(report).join(", ") || "(none)"}`]);
}
function builtin(name, spec, check) {
  return { name, spec, check };
}
function parseSize(v, what = "value") {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const m = /^\s*(0x[0-9a-f_]+|\d[\d_]*(?:\.\d+)?)\s*(B|KiB|MiB|GiB|K|M|G)?\s*$/i.exec(v);
    if (m) {
      const n = m[1].toLowerCase().startsWith("0x") ? parseInt(m[1].replace(/_/g, ""), 16) : Number(m[1].replace(/_/g, ""));
      const unit = (m[2] ?? "B").toUpperCase()[0];
      const mult = unit === "K" ? 1024 : unit === "M" ? 1 << 20 : unit === "G" ? 1 << 30 : 1;
      return Math.round(n * mult);
    }
  }
  throw new TypeError(`${what}: expected a number, "0x\u2026" or "N KiB/MiB", got ${JSON.stringify(v)}`);
}
function startsAt(name, addr) {
  const rule2 = `startsAt(${name}, ${hex(addr)})`;
  return builtin(rule2, { rule: "startsAt", args: [name, hex(addr)] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule2, report, name);
    const pass = r.start === addr >>> 0;
    return result(rule2, pass, pass ? `${name} starts at ${hex(addr)}` : `${name} starts at ${hex(r.start)}, expected ${hex(addr)} (${r.start > addr ? "+" : "-"}${Math.abs(r.start - addr)} bytes)`, [describe(r)]);
  });
}
function inOrder(...names) {
  const rule2 = `inOrder(${names.join(", ")})`;
  return builtin(rule2, { rule: "inOrder", args: names }, (report) => {
    const regions = [];
    for (const n of names) {
      const r = regionOf(report, n);
      if (!r) return missing(rule2, report, n);
      regions.push(r);
    }
    const evidence = regions.map(describe);
    for (let i = 1; i < regions.length; i++) {
      const a = regions[i - 1], b = regions[i];
      if (b.start < a.end) {
        return result(rule2, false, b.start < a.start ? `${b.name} (${hex(b.start)}) comes before ${a.name} (${hex(a.start)}), expected after it` : `${b.name} starts at ${hex(b.start)}, inside ${a.name} which ends at ${hex(a.end)}`, evidence);
      }
    }
    return result(rule2, true, `${names.join(" < ")} in order`, evidence);
  });
}
function aligned(name, n) {
  const rule2 = `aligned(${name}, ${n})`;
  return builtin(rule2, { rule: "aligned", args: [name, n] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule2, report, name);
    const bad = r.start % n !== 0 ? `virtual start ${hex(r.start)}` : r.pstart % n !== 0 ? `physical start ${hex(r.pstart)}` : null;
    return result(rule2, bad === null, bad === null ? `${name} at ${hex(r.start)} is ${n}-byte aligned` : `${name} ${bad} is not ${n}-byte aligned (off by ${(bad.startsWith("v") ? r.start : r.pstart) % n})`, [describe(r)]);
  });
}
function noOverlap() {
  const rule2 = "noOverlap()";
  return builtin(rule2, { rule: "noOverlap", args: [] }, (report) => {
    const regions = allRegionNames(report).map((n) => regionOf(report, n));
    const clashes = [];
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i], b = regions[j];
        const contains = (x, y) => y.name === "stack" && y.start >= x.start && y.end <= x.end && x.name !== "heap";
        if (contains(a, b) || contains(b, a)) continue;
        if (a.start < b.end && b.start < a.end) clashes.push(`${a.name} ${range(a)} overlaps ${b.name} ${range(b)}`);
        else if (a.pstart < b.pend && b.pstart < a.pend) clashes.push(`${a.name} and ${b.name} overlap physically: [${hex(a.pstart)}, ${hex(a.pend)}) and [${hex(b.pstart)}, ${hex(b.pend)})`);
      }
    }
    return result(
      rule2,
      clashes.length === 0,
      clashes.length === 0 ? `${regions.length} regions, none overlap` : clashes[0],
      clashes.length ? clashes : regions.map(describe)
    );
  });
}
function fitsBelow(limit) {
  const rule2 = `fitsBelow(${hex(limit)})`;
  return builtin(rule2, { rule: "fitsBelow", args: [hex(limit)] }, (report) => {
    const regions = allRegionNames(report).map((n) => regionOf(report, n));
    const over = regions.filter((r) => r.pend > limit);
    const top = regions.reduce((m, r) => Math.max(m, r.pend), 0);
    return result(rule2, over.length === 0, over.length === 0 ? `the kernel ends at ${hex(top)}, below ${hex(limit)}` : `${over[0].name} ends at ${hex(over[0].pend)}, ${bytes(over[0].pend - limit)} above ${hex(limit)}`, over.map(describe));
  });
}
function bssZeroAtEntry() {
  const rule2 = "bssZeroAtEntry()";
  return builtin(rule2, { rule: "bssZeroAtEntry", args: [] }, (report) => {
    const nobits = report.sections.filter((s) => s.type === "nobits");
    if (nobits.length === 0) return result(rule2, false, "no NOBITS (.bss) section in the kernel", []);
    const unknown = nobits.filter((s) => s.zeroAtEntry === null);
    if (unknown.length) return result(rule2, false, `no entry snapshot: cannot tell whether ${unknown.map((s) => s.name).join(", ")} was zero at entry`, ["the kernel reaches no entry checkpoint: write one as its first instructions (mov dx, 0x5F0 / mov eax, 1 / out dx, eax; it changes EAX and EDX, so save the multiboot magic in EAX first if the kernel reads it); runAndReport takes the first checkpoint (entryCheckpoint picks another), buildLayoutReport takes entrySnapshot"]);
    const dirty = nobits.filter((s) => s.zeroAtEntry === false);
    if (dirty.length) {
      return result(rule2, false, `${dirty[0].name} is not zero at entry`, dirty.map((s) => `${s.name} [${hex(s.paddr)}, ${hex(s.paddr + s.size)}) has nonzero bytes`));
    }
    return result(rule2, true, `${nobits.map((s) => s.name).join(", ")} zero at entry`, nobits.map((s) => `${s.name} [${hex(s.paddr)}, ${hex(s.paddr + s.size)}) all zero`));
  });
}
function matchesFile(...names) {
  const rule2 = `matchesFile(${names.join(", ")})`;
  return builtin(rule2, { rule: "matchesFile", args: names }, (report) => {
    const list = report.sections.filter((s) => s.type === "progbits" && (names.length === 0 || names.includes(s.name)));
    const unknown = list.filter((s) => s.matchesFile === null);
    if (unknown.length) return result(rule2, false, "no snapshot: RAM was not read", []);
    const bad = list.filter((s) => !s.matchesFile);
    return result(rule2, bad.length === 0, bad.length === 0 ? `${list.length} sections in RAM equal the file` : `${bad[0].name} in RAM differs from the file at ${hex(bad[0].firstMismatch ?? bad[0].paddr)}`, bad.map((s) => `${s.name} first differs at ${hex(s.firstMismatch ?? 0)}`));
  });
}
function heapAbove(name = ".bss") {
  const rule2 = `heapAbove(${name})`;
  return builtin(rule2, { rule: "heapAbove", args: [name] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule2, report, name);
    if (!report.heap) return result(rule2, false, "the kernel has no heap (no __heap_start/__heap_end symbols)", []);
    const pass = report.heap.start >= r.end;
    return result(
      rule2,
      pass,
      pass ? `heap starts at ${hex(report.heap.start)}, above ${name} (ends ${hex(r.end)})` : `heap starts at ${hex(report.heap.start)}, ${r.end - report.heap.start} bytes below the end of ${name} (${hex(r.end)})`,
      [describe(r), `heap [${hex(report.heap.start)}, ${hex(report.heap.end)})`]
    );
  });
}
function heapGrowsUp() {
  const rule2 = "heapGrowsUp()";
  return builtin(rule2, { rule: "heapGrowsUp", args: [] }, (report) => {
    const h = report.heap;
    if (!h) return result(rule2, false, "the kernel has no heap (no __heap_start/__heap_end symbols)", []);
    if (h.top === null) return result(rule2, false, "the heap's break is unknown: name the variable that holds it (heap.topSymbol)", [`heap [${hex(h.start)}, ${hex(h.end)})`]);
    const evidence = [`heap [${hex(h.start)}, ${hex(h.end)})`, `break ${hex(h.top)}${h.topAtEntry !== null ? `, at entry ${hex(h.topAtEntry)}` : ""}`];
    if (h.top < h.start || h.top > h.end) return result(rule2, false, `heap break ${hex(h.top)} is outside the heap [${hex(h.start)}, ${hex(h.end)})`, evidence);
    const from = h.topAtEntry !== null && h.topAtEntry >= h.start && h.topAtEntry <= h.end ? h.topAtEntry : h.start;
    if (h.top < from) return result(rule2, false, `heap break moved down from ${hex(from)} to ${hex(h.top)}`, evidence);
    if (h.top === from) return result(rule2, false, `no growth to judge: the heap break is still at ${hex(from)}`, evidence);
    return result(rule2, true, `heap grew up by ${bytes(h.top - from)} to ${hex(h.top)}`, evidence);
  });
}
function stackGrowsDown() {
  const rule2 = "stackGrowsDown()";
  return builtin(rule2, { rule: "stackGrowsDown", args: [] }, (report) => {
    const s = report.stack;
    if (!s) return result(rule2, false, "the kernel's stack is unknown (no __stack_bottom/__stack_top or stack_bottom/stack_top symbols)", []);
    const evidence = [`stack [${hex(s.bottom)}, ${hex(s.top)})`];
    if (s.esp !== null) evidence.push(`ESP ${hex(s.esp)}${s.espAtEntry !== null ? `, at entry ${hex(s.espAtEntry)}` : ""}`);
    const p = s.painted;
    if (p) {
      if (p.lowestTouched === null || p.highestTouched === null) return result(rule2, false, "the painted stack is untouched: no growth to judge", evidence);
      evidence.push(`touched [${hex(p.lowestTouched)}, ${hex(p.highestTouched)}) of painted [${hex(p.start)}, ${hex(p.end)})`);
      if (p.lowestTouched === p.start) return result(rule2, false, `the stack reached its painted bottom ${hex(p.start)}: overflow, or it grows up`, evidence);
      if (p.end - p.highestTouched > 64) return result(rule2, false, `the touched part ends ${p.end - p.highestTouched} bytes below the top ${hex(p.end)}: the stack does not grow down from its top`, evidence);
      return result(rule2, true, `stack grew down from ${hex(s.top)} to ${hex(p.lowestTouched)}`, evidence);
    }
    if (s.esp === null) return result(rule2, false, "no snapshot and no painting: nothing shows how the stack grows", evidence);
    if (s.esp > s.top || s.esp < s.bottom) return result(rule2, false, `ESP ${hex(s.esp)} is outside the stack [${hex(s.bottom)}, ${hex(s.top)})`, evidence);
    if (s.espAtEntry !== null && s.esp > s.espAtEntry) return result(rule2, false, `ESP rose from ${hex(s.espAtEntry)} to ${hex(s.esp)}`, evidence);
    return result(rule2, true, `ESP ${hex(s.esp)} lies ${s.top - s.esp} bytes below the top ${hex(s.top)}`, evidence);
  });
}
function stackHighWater(opts) {
  const rule2 = `stackHighWater(atMost ${bytes(opts.atMost)})`;
  return builtin(rule2, { rule: "stackHighWater", args: [{ atMost: opts.atMost }] }, (report) => {
    const s = report.stack;
    if (!s || s.highWater === null) return result(rule2, false, "no stack high-water mark: boot with the stack painted (paint) and pass it to the report", []);
    const pass = s.highWater <= opts.atMost;
    const ev = [`deepest use ${s.highWater} bytes below ${hex(s.painted?.end ?? s.top)}`];
    return result(rule2, pass, pass ? `stack high-water ${bytes(s.highWater)} \u2264 ${bytes(opts.atMost)}` : `stack high-water ${bytes(s.highWater)} exceeds ${bytes(opts.atMost)} by ${bytes(s.highWater - opts.atMost)}`, ev);
  });
}
function exitsWith(code = 0) {
  const rule2 = `exitsWith(${code})`;
  return builtin(rule2, { rule: "exitsWith", args: [code] }, (report) => {
    const v = report.run?.verdict;
    if (!v) return result(rule2, false, "the report did not come from a run", []);
    const ev = [`checkpoints reached: ${report.run.checkpoints.join(", ") || "none"}`];
    const tail = report.run.serialTail.trimEnd().split("\n").slice(-3);
    if (v.kind !== "exited") return result(rule2, false, `the kernel did not exit: ${v.kind}${"eip" in v ? ` at eip ${hex(v.eip)}` : ""}`, [...ev, ...tail.map((l) => `serial: ${l}`)]);
    return result(rule2, v.code === code, v.code === code ? `exited with code ${code}` : `exited with code ${v.code}, expected ${code}`, ev);
  });
}
function mapped(opts) {
  const flags = opts.flags ?? "";
  const rule2 = `mapped([${hex(opts.from)}, ${hex(opts.to)})${flags ? ` ${flags}` : ""}${opts.identity ? " identity" : ""}${opts.cr3 !== void 0 ? ` CR3 ${hex(opts.cr3)}` : ""})`;
  return builtin(rule2, { rule: "mapped", args: [{ ...opts, from: hex(opts.from), to: hex(opts.to), ...opts.cr3 !== void 0 ? { cr3: hex(opts.cr3) } : {}, ...opts.paddr !== void 0 ? { paddr: hex(opts.paddr) } : {} }] }, (report) => {
    const cr3 = opts.cr3 ?? report.registers?.cr3 ?? report.pageTables[0]?.cr3;
    const as = report.pageTables.find((a) => a.cr3 === cr3) ?? (opts.cr3 === void 0 ? report.pageTables[0] : void 0);
    if (!as) return result(rule2, false, cr3 === void 0 ? "no page tables in the report (paging off, or no CR3 given)" : `address space CR3 ${hex(cr3)} was not walked (add it to cr3s)`, []);
    const want = opts.identity ? opts.from : opts.paddr;
    for (let v = opts.from - opts.from % 4096; v < opts.to; v += 4096) {
      const m = as.mappings.find((x) => v >= x.vaddr && v < x.vaddr + x.size);
      if (!m || m.problem) return result(rule2, false, `${hex(v)} is not mapped in CR3 ${hex(as.cr3)}${m?.problem ? ` (${m.problem})` : ""}`, nearby(as, v));
      const p = m.paddr + (v - m.vaddr);
      const bad = flags.includes("w") && !m.writable ? "not writable" : flags.includes("r") && m.writable ? "writable" : flags.includes("u") && !m.user ? "supervisor-only" : flags.includes("s") && m.user ? "user-accessible" : null;
      if (bad) return result(rule2, false, `${hex(v)} is mapped ${bad} in CR3 ${hex(as.cr3)}`, [fmtMapping(m)]);
      if (want !== void 0) {
        const expect = want - opts.from % 4096 + (v - (opts.from - opts.from % 4096));
        if (p !== expect) return result(rule2, false, `${hex(v)} maps to physical ${hex(p)}, expected ${hex(expect)}`, [fmtMapping(m)]);
      }
    }
    return result(rule2, true, `[${hex(opts.from)}, ${hex(opts.to)}) mapped in CR3 ${hex(as.cr3)}`, []);
  });
}
function fmtMapping(m) {
  return `${hex(m.vaddr)}-${hex(m.vaddr + m.size - 1)} -> ${hex(m.paddr)} ${m.writable ? "W" : "R"}${m.user ? "U" : "S"}`;
}
function nearby(as, v) {
  const below = as.mappings.filter((m) => m.vaddr + m.size <= v).pop();
  const above = as.mappings.find((m) => m.vaddr > v);
  return [below ? `below: ${fmtMapping(below)}` : "nothing mapped below", above ? `above: ${fmtMapping(above)}` : "nothing mapped above"];
}
function disjointFrames(...owners) {
  const rule2 = `disjointFrames(${owners.join(", ")})`;
  return builtin(rule2, { rule: "disjointFrames", args: owners }, (report) => {
    const groups = /* @__PURE__ */ new Map();
    for (const p of report.physical) {
      const hit = owners.length ? owners.some((o) => p.owner.startsWith(o)) : p.kind === "process" || p.kind !== "reserved" && p.kind !== "heap" && p.kind !== "pagetable";
      if (!hit) continue;
      const list = groups.get(p.owner) ?? [];
      list.push(p);
      groups.set(p.owner, list);
    }
    const names = [...groups.keys()];
    const clashes = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        for (const a of groups.get(names[i])) {
          for (const b of groups.get(names[j])) {
            if (a.start < b.end && b.start < a.end) {
              clashes.push(`${names[i]} and ${names[j]} share frames [${hex(Math.max(a.start, b.start))}, ${hex(Math.min(a.end, b.end))})`);
            }
          }
        }
      }
    }
    if (names.length < 2 && owners.length) return result(rule2, false, `fewer than two of the owners were found (found: ${names.join(", ") || "none"})`, report.physical.map((p) => p.owner));
    return result(rule2, clashes.length === 0, clashes.length === 0 ? `${names.length} owners use disjoint frames` : clashes[0], clashes.slice(0, 20));
  });
}
function rule(name, fn) {
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
    }
  };
}
function allOf(name, ...rules) {
  return {
    name,
    ...rules.every((r) => r.spec) ? { spec: { rule: "allOf", args: [name, ...rules.map((r) => r.spec)] } } : {},
    check(report) {
      const results = rules.map((r) => r.check(report));
      const failed = results.filter((r) => !r.pass);
      return result(
        name,
        failed.length === 0,
        failed.length === 0 ? `${results.length} rules hold` : `${failed[0].rule}: ${failed[0].message}`,
        results.map((r) => `${r.pass ? "ok  " : "FAIL"} ${r.rule}: ${r.message}`)
      );
    }
  };
}
function checkRules(report, rules) {
  const results = rules.map((r) => r.check(report));
  return { pass: results.every((r) => r.pass), results };
}
function formatRuleResults(results) {
  const out = [];
  for (const r of results) {
    out.push(`${r.pass ? "\u2713" : "\u2717"} ${r.rule}: ${r.message}`);
    if (!r.pass) for (const e of r.evidence) out.push(`    ${e}`);
  }
  return out.join("\n") + (out.length ? "\n" : "");
}
function defaultRules(report, opts = {}) {
  const rules = [noOverlap(), matchesFile(...report.sections.filter((s) => s.type === "progbits" && !s.flags.includes("W")).map((s) => s.name))];
  if (!opts.allowExitCode && report.run?.verdict.kind === "exited") rules.push(exitsWith(0));
  return rules;
}
function neverRan(verdict) {
  return verdict.kind === "triple-fault" || verdict.kind === "no-multiboot-header" || verdict.kind === "not-a-kernel" || verdict.kind === "kernel-too-large";
}
function rulesFromLayout(layout) {
  const names = layout.sections.map((s) => s.name);
  const out = [];
  if (names.length) out.push(startsAt(names[0], layout.base + layout.virtualOffset >>> 0));
  for (const s of layout.sections) if (s.align > 1) out.push(aligned(s.name, s.align));
  const order = [...names, ...layout.heap ? ["heap"] : [], ...layout.stack ? ["stack"] : []];
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
function presentInOrder(names) {
  const rule2 = `inOrder(${names.join(", ")})`;
  return builtin(rule2, { rule: "presentInOrder", args: names }, (report) => {
    const present = names.filter((n) => regionOf(report, n));
    const r = inOrder(...present).check(report);
    return { ...r, rule: rule2 };
  });
}
function sized(name, size) {
  const rule2 = `sized(${name}, ${size})`;
  return builtin(rule2, { rule: "sized", args: [name, size] }, (report) => {
    const r = regionOf(report, name);
    if (!r) return missing(rule2, report, name);
    const got = r.end - r.start;
    return result(rule2, got === size, got === size ? `${name} is ${bytes(size)}` : `${name} is ${got} bytes, expected ${size}`, [describe(r)]);
  });
}
function ruleFromSpec(spec) {
  const a = spec.args ?? [];
  const str = (i) => {
    if (typeof a[i] !== "string") throw new TypeError(`${spec.rule}: argument ${i + 1} must be a string`);
    return a[i];
  };
  const num = (v, what) => parseSize(v, `${spec.rule} ${what}`);
  switch (spec.rule) {
    case "startsAt":
      return startsAt(str(0), num(a[1], "address"));
    case "inOrder":
      return inOrder(...a.map((_, i) => str(i)));
    case "presentInOrder":
      return presentInOrder(a.map((_, i) => str(i)));
    case "aligned":
      return aligned(str(0), num(a[1], "alignment"));
    case "sized":
      return sized(str(0), num(a[1], "size"));
    case "noOverlap":
      return noOverlap();
    case "fitsBelow":
      return fitsBelow(num(a[0], "limit"));
    case "bssZeroAtEntry":
      return bssZeroAtEntry();
    case "matchesFile":
      return matchesFile(...a.map((_, i) => str(i)));
    case "heapAbove":
      return heapAbove(a.length ? str(0) : ".bss");
    case "heapGrowsUp":
      return heapGrowsUp();
    case "stackGrowsDown":
      return stackGrowsDown();
    case "stackHighWater": {
      const o = a[0] ?? {};
      return stackHighWater({ atMost: num(o.atMost, "atMost") });
    }
    case "mapped": {
      const o = a[0] ?? {};
      const m = { from: num(o.from, "from"), to: num(o.to, "to") };
      if (o.cr3 !== void 0) m.cr3 = num(o.cr3, "cr3");
      if (typeof o.flags === "string") m.flags = o.flags;
      if (o.paddr !== void 0) m.paddr = num(o.paddr, "paddr");
      if (o.identity === true) m.identity = true;
      return mapped(m);
    }
    case "exitsWith":
      return exitsWith(a.length ? num(a[0], "code") : 0);
    case "disjointFrames":
      return disjointFrames(...a.map((_, i) => str(i)));
    case "allOf":
      return allOf(str(0), ...a.slice(1).map((s) => ruleFromSpec(s)));
    default:
      throw new TypeError(`unknown rule '${spec.rule}'`);
  }
}

export {
  parseSize,
  startsAt,
  inOrder,
  aligned,
  noOverlap,
  fitsBelow,
  bssZeroAtEntry,
  matchesFile,
  heapAbove,
  heapGrowsUp,
  stackGrowsDown,
  stackHighWater,
  exitsWith,
  mapped,
  disjointFrames,
  rule,
  allOf,
  checkRules,
  formatRuleResults,
  defaultRules,
  neverRan,
  rulesFromLayout,
  presentInOrder,
  sized,
  ruleFromSpec
};
