import {
  buildLayoutReport,
  createMachine
} from "./chunk-77UGSOJI.js";
import {
  SHT_NOBITS,
  readElf,
  symbolByName
} from "./chunk-ROIHUBHY.js";
import {
  hex
} from "./chunk-SL2PM32D.js";

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
function stackRange(elf, opts = {}) {
  if (opts.stack) return opts.stack;
  for (const [b, t] of [["__stack_bottom", "__stack_top"], ["stack_bottom", "stack_top"]]) {
    const bs = symbolByName(elf, b), ts = symbolByName(elf, t);
    if (bs && ts && ts.value > bs.value) return { bottom: bs.value, top: ts.value };
  }
  return null;
}
function physOf(elf, v) {
  const loads = elf.segments.filter((s) => s.type === 1);
  const seg = loads.find((s) => v >= s.vaddr && v < s.vaddr + Math.max(1, s.memsz)) ?? loads[loads.length - 1];
  return seg ? v - seg.vaddr + seg.paddr >>> 0 : v;
}
function entryCaptureRanges(elf, paint, heapTopSymbol) {
  const ranges = elf.sections.filter((s) => s.type === SHT_NOBITS && s.size > 0).map((s) => ({ start: physOf(elf, s.addr), end: physOf(elf, s.addr) + s.size }));
  for (const name of [heapTopSymbol, "kernlab_probe"]) {
    const s = name ? symbolByName(elf, name) : void 0;
    if (s) ranges.push({ start: physOf(elf, s.value), end: physOf(elf, s.value) + 64 });
  }
  if (paint) ranges.push({ start: paint.start, end: paint.end });
  return ranges;
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
      const start = physOf(elf, range.bottom);
      paint = { start, end: start + (range.top - range.bottom), pattern: STACK_PAINT };
    }
    const at = opts.at ?? "end";
    const entryRanges = entryCaptureRanges(elf, paint, opts.heap?.topSymbol);
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
      ...opts.fileName ? { kernelName: opts.fileName } : {},
      // the command line starts with it, as under QEMU
      ...opts.timeout ? { timeout: opts.timeout } : {},
      ...paint ? { paint: [paint] } : {},
      ...opts.record ? { record: true } : {},
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
    return { report: { ...report, run: facts }, result, ...run.recording ? { recording: await run.recording.bytes() } : {} };
  } finally {
    if (own) machine.destroy();
  }
}

export {
  STACK_PAINT,
  captureRanges,
  runAndReport
};
