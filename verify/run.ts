/**
 * Boot a kernel and report its layout: the one call behind `kernlab verify`, the matchers' users and the
 * matrix workers. Paints the stack (when its range is known from symbols) before entry, captures the entry
 * checkpoint's state for bssZeroAtEntry, and builds the report at a chosen checkpoint or at the end of the
 * run. Any kernel works: one that emits no checkpoint is reported from the state it ends in.
 * This file drives the emulator; it gathers nothing itself (report.ts) and judges nothing (rules.ts).
 */
import { hex } from "../core/hex";
import type { GuestMemory, Machine, Registers, RunResult } from "../emulator/index";
import { createMachine } from "../replay/machine";
import { SHT_NOBITS } from "../toolchain/elf/elf32";
import { readElf, symbolByName, type ElfFile } from "../toolchain/elf/read";
import type { Layout, LinkMap } from "../toolchain/link/index";
import { buildLayoutReport, type LayoutReport, type MachineState, type PaintSpec, type RunFacts } from "./report";

/** The pattern painted over the stack before entry: its deepest overwritten dword is the high-water mark. */
export const STACK_PAINT = 0x5afec0de;

export interface RunReportOptions {
  /** Reuse this machine (warm reset); otherwise one is created and destroyed. */
  machine?: Machine;
  memoryMiB?: number;
  timeout?: { ms?: number; instructions?: number };
  /**
   * The guest's clock (BootOptions.clock). Default "virtual": timer interrupts land at the same instructions on
   * every run and every host, so a report (stack high-water, heap top) is reproducible, and waits in `hlt` cost
   * no host time. "realtime": v86's timers follow host wall time.
   */
  clock?: "realtime" | "virtual";
  /** The checkpoint id whose state the report describes; default "end" (after the run ends). */
  at?: number | "end";
  /** The checkpoint id at kernel entry; default the first checkpoint. null: none. */
  entryCheckpoint?: number | null;
  /** Paint the stack before entry: true (default) when its range is known, a range, or false. */
  paint?: boolean | PaintSpec;
  fileName?: string;
  layout?: Layout;
  map?: LinkMap;
  symbols?: string[];
  cr3s?: number[];
  stack?: { bottom: number; top: number };
  heap?: { start?: number; end?: number; topSymbol?: string };
  /** Record the run (BootOptions.record): RunReport.recording then holds the .klrec bytes. */
  record?: boolean;
}


export interface RunReport {
  report: LayoutReport & { run: RunFacts };
  result: RunResult;
  /** The run's .klrec file, with RunReportOptions.record. */
  recording?: Uint8Array;
}

/** A frozen copy of chosen physical ranges: reads elsewhere throw RangeError. For the entry state. */
export function captureRanges(memory: GuestMemory, ranges: { start: number; end: number }[]): GuestMemory {
  // Whole 4 KiB pages, so page-granular readers (page-cache.ts) find everything they ask for.
  const copies = ranges
    .map((r) => ({ start: r.start - (r.start % 4096), end: Math.min(Math.ceil(r.end / 4096) * 4096, memory.size) }))
    .filter((r) => r.end > r.start && r.start < memory.size)
    .map((r) => ({ start: r.start, bytes: memory.bytes(r.start, r.end - r.start) }));
  const find = (addr: number, len: number) => {
    const c = copies.find((x) => addr >= x.start && addr + len <= x.start + x.bytes.length);
    if (!c) throw new RangeError(`${hex(addr)} was not captured at entry`);
    return c;
  };
  const size = memory.size;
  const mem: GuestMemory = {
    size,
    u8: (a) => find(a, 1).bytes[a - find(a, 1).start]!,
    u16: (a) => mem.u8(a) | (mem.u8(a + 1) << 8),
    u32: (a) => (mem.u16(a) | (mem.u16(a + 2) << 16)) >>> 0,
    bytes: (a, n) => { const c = find(a, n); return c.bytes.slice(a - c.start, a - c.start + n); },
    cstring: (a, max = 4096) => { let s = ""; for (let i = 0; i < max; i++) { const b = mem.u8(a + i); if (!b) break; s += String.fromCharCode(b); } return s; },
    write: () => { throw new Error("captured memory is read-only"); },
    writeU32: () => { throw new Error("captured memory is read-only"); },
    virt: () => { throw new Error("captured memory has no page tables"); },
  };
  return mem;
}

/** The stack verify paints and reports: opts.stack, else __stack_bottom/__stack_top or stack_bottom/stack_top. */
export function stackRange(elf: ElfFile, opts: Pick<RunReportOptions, "stack"> = {}): { bottom: number; top: number } | null {
  if (opts.stack) return opts.stack;
  for (const [b, t] of [["__stack_bottom", "__stack_top"], ["stack_bottom", "stack_top"]] as const) {
    const bs = symbolByName(elf, b), ts = symbolByName(elf, t);
    if (bs && ts && ts.value > bs.value) return { bottom: bs.value, top: ts.value };
  }
  return null;
}

/** vaddr → paddr through PT_LOAD segments (identity outside them, offset of the last one for higher-half). */
export function physOf(elf: ElfFile, v: number): number {
  const loads = elf.segments.filter((s) => s.type === 1);
  const seg = loads.find((s) => v >= s.vaddr && v < s.vaddr + Math.max(1, s.memsz)) ?? loads[loads.length - 1];
  return seg ? (v - seg.vaddr + seg.paddr) >>> 0 : v;
}

/** What the entry state must keep: NOBITS sections, the painted stack, the heap-break word, the probe. */
export function entryCaptureRanges(elf: ElfFile, paint: PaintSpec | undefined, heapTopSymbol?: string): { start: number; end: number }[] {
  const ranges = elf.sections.filter((s) => s.type === SHT_NOBITS && s.size > 0)
    .map((s) => ({ start: physOf(elf, s.addr), end: physOf(elf, s.addr) + s.size }));
  for (const name of [heapTopSymbol, "kernlab_probe"]) {
    const s = name ? symbolByName(elf, name) : undefined;
    if (s) ranges.push({ start: physOf(elf, s.value), end: physOf(elf, s.value) + 64 });
  }
  if (paint) ranges.push({ start: paint.start, end: paint.end });
  return ranges;
}

/** Boot `elf`, report its layout. Never throws for guest behaviour: the verdict is in report.run. */
export async function runAndReport(elfBytes: Uint8Array, opts: RunReportOptions = {}): Promise<RunReport> {
  const elf = readElf(elfBytes, opts.fileName ?? "<kernel>");
  const own = !opts.machine;
  const machine = opts.machine ?? (await createMachine({ memoryMiB: opts.memoryMiB ?? 32 }));
  try {
    const range = stackRange(elf, opts);
    let paint: PaintSpec | undefined;
    if (opts.paint && typeof opts.paint === "object") paint = opts.paint;
    else if (opts.paint !== false && range) {
      const start = physOf(elf, range.bottom);
      paint = { start, end: start + (range.top - range.bottom), pattern: STACK_PAINT };
    }
    const at = opts.at ?? "end";
    const entryRanges = entryCaptureRanges(elf, paint, opts.heap?.topSymbol);

    let entry: MachineState | undefined;
    let report: LayoutReport | null = null;
    const base = {
      elf, fileName: opts.fileName, layout: opts.layout, map: opts.map, symbols: opts.symbols, cr3s: opts.cr3s,
      paint, stack: opts.stack, heap: opts.heap,
    };
    const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const seen: number[] = [];
    const run = machine.boot(elfBytes, {
      clock: opts.clock ?? "virtual",
      ...(opts.fileName ? { kernelName: opts.fileName } : {}), // the command line starts with it, as under QEMU
      ...(opts.timeout ? { timeout: opts.timeout } : {}),
      ...(paint ? { paint: [paint] } : {}),
      ...(opts.record ? { record: true } : {}),
      onCheckpoint: (cp) => {
        seen.push(cp.id);
        const isEntry = opts.entryCheckpoint === undefined ? seen.length === 1 : cp.id === opts.entryCheckpoint;
        if (isEntry && !entry) entry = { registers: { ...cp.registers }, memory: captureRanges(cp.memory, entryRanges) };
        if (at !== "end" && cp.id === at && !report) {
          report = buildLayoutReport(clean({ ...base, snapshot: { registers: cp.registers, memory: cp.memory }, entrySnapshot: entry }));
        }
      },
    });
    const result = await run.result;
    let missed: number | null = null;
    if (!report) {
      if (at !== "end") missed = at;
      const registers: Registers = result.registers;
      report = buildLayoutReport(clean({ ...base, snapshot: { registers, memory: machine.memory }, entrySnapshot: entry }));
    }
    const facts: RunFacts = {
      verdict: result.verdict, checkpoints: seen, at: missed === null ? at : "end", missedCheckpoint: missed,
      serialTail: result.serial.slice(-2000),
    };
    return { report: { ...(report as LayoutReport), run: facts }, result, ...(run.recording ? { recording: await run.recording.bytes() } : {}) };
  } finally {
    if (own) machine.destroy();
  }
}
