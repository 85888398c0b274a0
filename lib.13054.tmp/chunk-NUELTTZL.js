import {
  createMachine,
  scanPaint,
  walkPageTables
} from "./chunk-WAR3UTSF.js";
import {
  PT_LOAD,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_WRITE,
  SHT_NOBITS,
  readElf,
  symbolByName
} from "./chunk-L7JAW7VC.js";
import {
  hex
} from "./chunk-SL2PM32D.js";

// verify/page-cache.ts
var PAGE = 4096;
var DIRECT = 4 * PAGE;
function pageCachedMemory(mem) {
  const size = mem.size;
  const pages = /* @__PURE__ */ new Map();
  const check = (addr, length) => {
    if (!Number.isInteger(addr) || addr < 0 || length < 0 || addr + length > size) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(size)} bytes)`);
    }
  };
  const page = (n) => {
    let p = pages.get(n);
    if (!p) {
      const start = n * PAGE;
      p = mem.bytes(start, Math.min(PAGE, size - start));
      pages.set(n, p);
    }
    return p;
  };
  const u8 = (a) => {
    check(a, 1);
    return page(Math.floor(a / PAGE))[a % PAGE];
  };
  const u16 = (a) => u8(a) | u8(a + 1) << 8;
  const u32 = (a) => {
    check(a, 4);
    const o = a % PAGE;
    if (o <= PAGE - 4) {
      const p = page(Math.floor(a / PAGE));
      return (p[o] | p[o + 1] << 8 | p[o + 2] << 16 | p[o + 3] << 24) >>> 0;
    }
    return (u16(a) | u16(a + 2) << 16) >>> 0;
  };
  const bytes = (a, n) => {
    check(a, n);
    if (n >= DIRECT) return mem.bytes(a, n);
    const out = new Uint8Array(n);
    let i = 0;
    while (i < n) {
      const addr = a + i, o = addr % PAGE, len = Math.min(n - i, PAGE - o);
      out.set(page(Math.floor(addr / PAGE)).subarray(o, o + len), i);
      i += len;
    }
    return out;
  };
  const cached = {
    size,
    u8,
    u16,
    u32,
    bytes,
    cstring(a, max = 4096) {
      let s = "";
      for (let i = 0; i < max && a + i < size; i++) {
        const c = u8(a + i);
        if (!c) break;
        s += String.fromCharCode(c);
      }
      return s;
    },
    write() {
      throw new Error("page-cached memory is read-only");
    },
    writeU32() {
      throw new Error("page-cached memory is read-only");
    },
    virt(cr3) {
      return mem.virt(cr3);
    }
  };
  return cached;
}

// verify/report.ts
var PROBE_SYMBOL = "kernlab_probe";
var PROBE_MAGIC = 1112558667;
var PROBE_HEAP_TOP = 16;
var STACK_SYMBOLS = [["__stack_bottom", "__stack_top"], ["stack_bottom", "stack_top"]];
var BOUNDARY_FIXED = ["__heap_start", "__heap_end", "__stack_bottom", "__stack_top", "__kernel_end"];
var CR0_PG = 2147483648;
function sectionFlags(sh_flags) {
  let s = "";
  if (sh_flags & SHF_WRITE) s += "W";
  if (sh_flags & SHF_ALLOC) s += "A";
  if (sh_flags & SHF_EXECINSTR) s += "X";
  if (sh_flags & SHF_MERGE) s += "M";
  if (sh_flags & SHF_STRINGS) s += "S";
  return s;
}
function sectionKind(name, flags, type) {
  if (type === "nobits") return "bss";
  if (flags.includes("X")) return "text";
  if (/rodata/.test(name) || !flags.includes("W")) return "rodata";
  return "data";
}
function physOf(elf, vaddr) {
  for (const seg of elf.segments) {
    if (seg.type === PT_LOAD && vaddr >= seg.vaddr && vaddr < seg.vaddr + Math.max(seg.memsz, 1)) return vaddr - seg.vaddr + seg.paddr >>> 0;
  }
  const loads = elf.segments.filter((s) => s.type === PT_LOAD);
  const last = loads[loads.length - 1];
  return last ? vaddr - last.vaddr + last.paddr >>> 0 : vaddr;
}
function inRam(mem, addr, len) {
  return addr >= 0 && len >= 0 && addr + len <= mem.size;
}
function firstDifference(mem, paddr, expected, size) {
  if (!inRam(mem, paddr, size)) return paddr + Math.max(0, mem.size - paddr);
  const got = mem.bytes(paddr, size);
  for (let i = 0; i < size; i++) {
    if (got[i] !== (expected ? expected[i] : 0)) return paddr + i;
  }
  return null;
}
function firstNonZero(mem, paddr, size, paint) {
  if (!paint || paint.end <= paddr || paint.start >= paddr + size) return firstDifference(mem, paddr, null, size);
  const below = paint.start > paddr ? firstDifference(mem, paddr, null, paint.start - paddr) : null;
  if (below !== null) return below;
  const from = Math.min(paddr + size, paint.end);
  return from < paddr + size ? firstDifference(mem, from, null, paddr + size - from) : null;
}
function symbolValue(elf, map, name) {
  const s = symbolByName(elf, name);
  if (s) return s.value;
  const m = map?.symbols.find((x) => x.name === name);
  return m ? m.value : null;
}
function u32At(state, paddr) {
  if (!state || !inRam(state.memory, paddr, 4)) return null;
  return state.memory.u32(paddr);
}
function tableFrames(mem, cr3) {
  const pd = (cr3 & ~4095) >>> 0;
  if (!inRam(mem, pd, 4096)) return [];
  const out = [pd];
  for (let i = 0; i < 1024; i++) {
    const pde = mem.u32(pd + i * 4);
    if (pde & 1 && !(pde & 128)) {
      const pt = (pde & ~4095) >>> 0;
      if (inRam(mem, pt, 4096) && !out.includes(pt)) out.push(pt);
    }
  }
  return out.sort((a, b) => a - b);
}
function buildLayoutReport(input) {
  const elf = input.elf instanceof Uint8Array ? readElf(input.elf, input.fileName ?? "<kernel>") : input.elf;
  const snap = input.snapshot ? { registers: input.snapshot.registers, memory: pageCachedMemory(input.snapshot.memory) } : void 0;
  const entry = input.entrySnapshot ? { registers: input.entrySnapshot.registers, memory: pageCachedMemory(input.entrySnapshot.memory) } : void 0;
  const sections = elf.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0).map((s) => {
    const type = s.type === SHT_NOBITS ? "nobits" : "progbits";
    const paddr = physOf(elf, s.addr);
    const diff = snap ? firstDifference(snap.memory, paddr, type === "nobits" ? null : s.data, s.size) : null;
    const entryDiff = entry && type === "nobits" ? firstNonZero(entry.memory, paddr, s.size, input.paint) : null;
    return {
      name: s.name,
      vaddr: s.addr,
      paddr,
      size: s.size,
      align: Math.max(1, s.addralign),
      type,
      flags: sectionFlags(s.flags),
      matchesFile: snap ? diff === null : null,
      firstMismatch: diff,
      zeroAtEntry: entry && type === "nobits" ? entryDiff === null : null
    };
  }).sort((a, b) => a.vaddr - b.vaddr || a.name.localeCompare(b.name));
  const wanted = [
    ...sections.flatMap((s) => {
      const stem = "__" + s.name.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
      return [stem + "_start", stem + "_end"];
    }),
    ...BOUNDARY_FIXED,
    ...input.layout ? input.layout.sections.flatMap((s) => {
      const stem = "__" + s.name.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
      return [stem + "_start", stem + "_end"];
    }) : [],
    ...input.symbols ?? []
  ];
  const symbols = {};
  for (const name of wanted) {
    if (name in symbols) continue;
    const v = symbolValue(elf, input.map, name);
    if (v !== null) symbols[name] = v;
  }
  let heap = null;
  const hs = input.heap?.start ?? symbolValue(elf, input.map, "__heap_start");
  const he = input.heap?.end ?? symbolValue(elf, input.map, "__heap_end");
  if (hs !== null && he !== null) {
    let top = null, topAtEntry = null;
    const topSym = input.heap?.topSymbol;
    if (topSym) {
      const addr = symbolValue(elf, input.map, topSym);
      if (addr !== null) {
        top = u32At(snap, physOf(elf, addr));
        topAtEntry = u32At(entry, physOf(elf, addr));
      }
    }
    let source = input.heap?.start !== void 0 ? "input" : "symbols" + (topSym ? ` (break in ${topSym})` : "");
    const probe = symbolValue(elf, input.map, PROBE_SYMBOL);
    if (top === null && probe !== null) {
      const p = physOf(elf, probe);
      if (u32At(snap, p) === PROBE_MAGIC) {
        top = u32At(snap, p + PROBE_HEAP_TOP);
        source += " (break in the probe record)";
      }
      if (u32At(entry, p) === PROBE_MAGIC) topAtEntry = u32At(entry, p + PROBE_HEAP_TOP);
    }
    heap = { start: hs, end: he, top, topAtEntry, source };
  }
  let stack = null;
  let range = input.stack ? { ...input.stack, source: "input" } : null;
  if (!range) {
    for (const [b, t] of STACK_SYMBOLS) {
      const bv = symbolValue(elf, input.map, b), tv = symbolValue(elf, input.map, t);
      if (bv !== null && tv !== null) {
        range = { bottom: bv, top: tv, source: `symbols ${b}/${t}` };
        break;
      }
    }
  }
  if (!range && input.paint) range = { bottom: input.paint.start, top: input.paint.end, source: "painted range" };
  if (range) {
    let painted = null;
    let highWater = null;
    if (input.paint && snap) {
      const scan = scanPaint(snap.memory, input.paint);
      painted = { start: input.paint.start, end: input.paint.end, ...scan };
      highWater = scan.lowestTouched === null ? 0 : input.paint.end - scan.lowestTouched;
    }
    stack = {
      bottom: range.bottom,
      top: range.top,
      esp: snap ? snap.registers.esp : null,
      espAtEntry: entry ? entry.registers.esp : null,
      painted,
      highWater,
      source: range.source
    };
  }
  const cr3s = input.cr3s ?? (snap && snap.registers.cr0 & CR0_PG ? [snap.registers.cr3] : []);
  const pageTables = snap ? cr3s.map((cr3) => ({
    cr3,
    mappings: walkPageTables(snap.memory, cr3).filter((m) => m.present || m.problem).map((m) => {
      const out = { vaddr: m.vaddr, paddr: m.paddr, size: m.size, writable: m.writable, user: m.user, large: m.large };
      if (m.problem) out.problem = m.problem;
      return out;
    }),
    tableFrames: tableFrames(snap.memory, cr3)
  })) : [];
  const physical = [{ start: 0, end: 1048576, owner: "BIOS + bootloader (reserved)", kind: "reserved" }];
  for (const s of sections) physical.push({ start: s.paddr, end: s.paddr + s.size, owner: s.name, kind: sectionKind(s.name, s.flags, s.type) });
  if (heap && heap.end > heap.start) physical.push({ start: physOf(elf, heap.start), end: physOf(elf, heap.start) + (heap.end - heap.start), owner: "heap", kind: "heap" });
  if (stack && stack.top > stack.bottom) {
    const inSection = sections.some((s) => stack.bottom >= s.vaddr && stack.top <= s.vaddr + s.size);
    if (!inSection) physical.push({ start: physOf(elf, stack.bottom), end: physOf(elf, stack.bottom) + (stack.top - stack.bottom), owner: "stack", kind: "stack" });
  }
  for (const as of pageTables) {
    for (const f of as.tableFrames) {
      physical.push({ start: f, end: f + 4096, owner: f === (as.cr3 & ~4095) >>> 0 ? `page directory (CR3 ${hex(as.cr3)})` : `page table (CR3 ${hex(as.cr3)})`, kind: "pagetable" });
    }
    for (const m of as.mappings) {
      if (m.user && !m.problem) physical.push({ start: m.paddr, end: m.paddr + m.size, owner: `user pages (CR3 ${hex(as.cr3)})`, kind: "process" });
    }
  }
  physical.sort((a, b) => a.start - b.start || b.end - a.end || a.owner.localeCompare(b.owner));
  return {
    format: "kernlab-layout-report/1",
    kernel: { fileName: elf.fileName, entry: elf.entry },
    sections,
    symbols,
    heap,
    stack,
    registers: snap ? { ...snap.registers } : null,
    entryRegisters: entry ? { ...entry.registers } : null,
    pageTables,
    physical,
    memoryBytes: snap ? snap.memory.size : null,
    layout: input.layout ?? null
  };
}
function reportRegions(report) {
  const out = [];
  for (const p of report.physical) {
    if (p.kind === "process" || p.kind === "pagetable") continue;
    const r = { name: p.owner, start: p.start, end: p.end, kind: p.kind };
    if (p.kind === "heap" && report.heap?.top != null) r.note = `top ${hex(report.heap.top)}`;
    if (p.kind === "stack" && report.stack?.esp != null) r.note = `ESP ${hex(report.stack.esp)}`;
    out.push(r);
  }
  if (report.memoryBytes !== null) {
    const top = Math.max(...out.map((r) => r.end));
    if (top < report.memoryBytes) out.push({ name: "free memory", start: top, end: report.memoryBytes, kind: "free" });
  }
  return out;
}

// verify/run.ts
var STACK_PAINT = 1526644958;
function captureRanges(memory, ranges) {
  const copies = ranges.map((r) => ({ start: r.start - r.start % 4096, end: Math.min(Math.ceil(r.end / 4096) * 4096, memory.size) })).filter((r) => r.end > r.start && r.start < memory.size).map((r) => ({ start: r.start, bytes: memory.bytes(r.start, r.end - r.start) }));
  const find = (addr, len) => {
    const c = copies.find((x) => addr >= x.start && addr + len <= x.start + x.bytes.length);
    if (!c) throw new RangeError(`${hex(addr)} was not captured at entry`);
    return c;
  };
  const size = memory.size;
  const mem = {
    size,
    u8: (a) => find(a, 1).bytes[a - find(a, 1).start],
    u16: (a) => mem.u8(a) | mem.u8(a + 1) << 8,
    u32: (a) => (mem.u16(a) | mem.u16(a + 2) << 16) >>> 0,
    bytes: (a, n) => {
      const c = find(a, n);
      return c.bytes.slice(a - c.start, a - c.start + n);
    },
    cstring: (a, max = 4096) => {
      let s = "";
      for (let i = 0; i < max; i++) {
        const b = mem.u8(a + i);
        if (!b) break;
        s += String.fromCharCode(b);
      }
      return s;
    },
    write: () => {
      throw new Error("captured memory is read-only");
    },
    writeU32: () => {
      throw new Error("captured memory is read-only");
    },
    virt: () => {
      throw new Error("captured memory has no page tables");
    }
  };
  return mem;
}
function stackRange(elf, opts) {
  if (opts.stack) return opts.stack;
  for (const [b, t] of [["__stack_bottom", "__stack_top"], ["stack_bottom", "stack_top"]]) {
    const bs = symbolByName(elf, b), ts = symbolByName(elf, t);
    if (bs && ts && ts.value > bs.value) return { bottom: bs.value, top: ts.value };
  }
  return null;
}
function physOf2(elf, v) {
  const loads = elf.segments.filter((s) => s.type === 1);
  const seg = loads.find((s) => v >= s.vaddr && v < s.vaddr + Math.max(1, s.memsz)) ?? loads[loads.length - 1];
  return seg ? v - seg.vaddr + seg.paddr >>> 0 : v;
}
async function runAndReport(elfBytes, opts = {}) {
  const elf = readElf(elfBytes, opts.fileName ?? "<kernel>");
  const own = !opts.machine;
  const machine = opts.machine ?? await createMachine({ memoryMiB: opts.memoryMiB ?? 32 });
  try {
    const range = stackRange(elf, opts);
    let paint;
    if (opts.paint && typeof opts.paint === "object") paint = opts.paint;
    else if (opts.paint !== false && range) {
      const start = physOf2(elf, range.bottom);
      paint = { start, end: start + (range.top - range.bottom), pattern: STACK_PAINT };
    }
    const at = opts.at ?? "end";
    const entryRanges = elf.sections.filter((s) => s.type === SHT_NOBITS && s.size > 0).map((s) => ({ start: physOf2(elf, s.addr), end: physOf2(elf, s.addr) + s.size }));
    for (const name of [opts.heap?.topSymbol, "kernlab_probe"]) {
      const s = name ? symbolByName(elf, name) : void 0;
      if (s) entryRanges.push({ start: physOf2(elf, s.value), end: physOf2(elf, s.value) + 64 });
    }
    if (paint) entryRanges.push({ start: paint.start, end: paint.end });
    let entry;
    let report = null;
    const base = {
      elf,
      fileName: opts.fileName,
      layout: opts.layout,
      map: opts.map,
      symbols: opts.symbols,
      cr3s: opts.cr3s,
      paint,
      stack: opts.stack,
      heap: opts.heap
    };
    const clean = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
    const seen = [];
    const run = machine.boot(elfBytes, {
      clock: opts.clock ?? "virtual",
      ...opts.timeout ? { timeout: opts.timeout } : {},
      ...paint ? { paint: [paint] } : {},
      onCheckpoint: (cp) => {
        seen.push(cp.id);
        const isEntry = opts.entryCheckpoint === void 0 ? seen.length === 1 : cp.id === opts.entryCheckpoint;
        if (isEntry && !entry) entry = { registers: { ...cp.registers }, memory: captureRanges(cp.memory, entryRanges) };
        if (at !== "end" && cp.id === at && !report) {
          report = buildLayoutReport(clean({ ...base, snapshot: { registers: cp.registers, memory: cp.memory }, entrySnapshot: entry }));
        }
      }
    });
    const result = await run.result;
    let missed = null;
    if (!report) {
      if (at !== "end") missed = at;
      const registers = result.registers;
      report = buildLayoutReport(clean({ ...base, snapshot: { registers, memory: machine.memory }, entrySnapshot: entry }));
    }
    const facts = {
      verdict: result.verdict,
      checkpoints: seen,
      at: missed === null ? at : "end",
      missedCheckpoint: missed,
      serialTail: result.serial.slice(-2e3)
    };
    return { report: { ...report, run: facts }, result };
  } finally {
    if (own) machine.destroy();
  }
}

export {
  pageCachedMemory,
  sectionFlags,
  sectionKind,
  buildLayoutReport,
  reportRegions,
  STACK_PAINT,
  captureRanges,
  runAndReport
};
