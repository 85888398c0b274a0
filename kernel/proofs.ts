/**
 * The nine proofs of the sample kernel's memory layout (issue 7), each a pure function of a SampleRun:
 * the kernel ELF, the layout, and frozen copies of guest RAM and registers taken at the checkpoints.
 * Nothing here reads the serial log; every claim is checked against bytes and registers. Each proof returns
 * pass/fail, evidence lines with the addresses and values it read, and failure lines saying what is wrong.
 * Not the boot (kernel/run.ts) and not the printing (kernel/report.ts).
 */
import { indexOfBytes, sameBytes } from "../core/bytes";
import { bytes as byteCount, hex } from "../core/hex";
import { describeVerdict, scanPaint, walkPageTables, type GuestMemory, type Mapping } from "../emulator/index";
import { PT_LOAD, SHF_ALLOC, SHT_NOBITS, SHT_PROGBITS } from "../toolchain/elf/elf32";
import type { ElfSection } from "../toolchain/elf/read";
import {
  readAllocLog, readDevices, readProbe, readTasks, TASK_FIELDS, TASK_REASON, TASK_STATE,
  type ProbeRecord, type TaskRecord,
} from "./probe";
import type { CheckpointName, SampleRun, Snapshot } from "./run";

export type ProofValue = number | string | boolean | null | ProofValue[] | { [key: string]: ProofValue };

export interface Proof {
  number: number;
  name: string;
  pass: boolean;
  /** What was read, for people: addresses and values. */
  evidence: string[];
  /** Why it failed (empty when it passed). */
  failures: string[];
  /** The same facts as data, for --json. */
  values: Record<string, ProofValue>;
}

const MIB = 0x10_0000;
const PAGE = 0x1000;
const TASK_SIZE = TASK_FIELDS.length * 4;
const KSTACK_SIZE = 0x1000;
const up = (n: number) => (Math.ceil(n / PAGE) * PAGE) >>> 0;
const down = (n: number) => (Math.floor(n / PAGE) * PAGE) >>> 0;
const range = (a: number, b: number) => `[${hex(a)}, ${hex(b)})`;

/** Collects evidence and failures for one proof. */
class ProofBuilder {
  readonly evidence: string[] = [];
  readonly failures: string[] = [];
  readonly values: Record<string, ProofValue> = {};
  constructor(readonly number: number, readonly name: string) {}
  see(line: string): void { this.evidence.push(line); }
  fail(line: string): void { this.failures.push(line); }
  check(ok: boolean, line: string): boolean { if (!ok) this.fail(line); return ok; }
  set(key: string, value: ProofValue): void { this.values[key] = value; }
  done(): Proof {
    return { number: this.number, name: this.name, pass: this.failures.length === 0, evidence: this.evidence, failures: this.failures, values: this.values };
  }
}

/** Facts every proof shares: symbols, snapshots and the probe read at each checkpoint. */
export class SampleFacts {
  constructor(readonly run: SampleRun) {}

  sym(name: string): number | null { return this.run.symbols.get(name) ?? null; }

  need(b: ProofBuilder, ...names: string[]): number[] | null {
    const out: number[] = [];
    for (const n of names) {
      const v = this.sym(n);
      if (v === null) { b.fail(`the kernel ELF has no symbol ${n}`); return null; }
      out.push(v);
    }
    return out;
  }

  snapshot(b: ProofBuilder, name: CheckpointName): Snapshot | null {
    const s = this.run.checkpoints[name];
    if (!s) b.fail(`the kernel never reached the '${name}' checkpoint (run ended: ${describeVerdict(this.run.verdict)})`);
    return s ?? null;
  }

  probeAt(b: ProofBuilder | null, snap: Snapshot, where: string): ProbeRecord | null {
    const at = this.sym("kernlab_probe");
    if (at === null) { b?.fail("the kernel ELF has no kernlab_probe symbol"); return null; }
    const p = readProbe(snap.memory, at);
    if (!p) b?.fail(`no probe record (magic ${hex(0x42504c4b)}) at kernlab_probe ${hex(at)} at ${where}`);
    return p;
  }

  section(name: string): ElfSection | undefined {
    return this.run.elf.sections.find((s) => s.name === name && (s.flags & SHF_ALLOC) !== 0);
  }

  /** The layout's sections that made it into the ELF, in layout order. */
  layoutSections(): { spec: SampleRun["layout"]["sections"][number]; section: ElfSection }[] {
    const out: { spec: SampleRun["layout"]["sections"][number]; section: ElfSection }[] = [];
    for (const spec of this.run.layout.sections) {
      const section = this.section(spec.name);
      if (section) out.push({ spec, section });
    }
    return out;
  }

  /** Deepest painted-over word of the kernel stack region in a snapshot, or null when untouched. */
  stackDeepest(snap: Snapshot): number | null {
    return scanPaint(snap.memory, this.run.paint).lowestTouched;
  }
}

// ---------------------------------------------------------------------------------------------------------
// 1. Everything below 1 MiB is left to BIOS/bootloader.
function proofBelowOneMiB(f: SampleFacts): Proof {
  const b = new ProofBuilder(1, "nothing of the kernel is loaded below 1 MiB");
  const loads = f.run.elf.segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  b.check(loads.length > 0, "the kernel ELF has no PT_LOAD segment");
  for (const s of loads) {
    b.check(s.paddr >= MIB, `PT_LOAD at p_paddr ${hex(s.paddr)} (${byteCount(s.memsz)}) is below 1 MiB`);
  }
  const lowest = Math.min(...loads.map((s) => s.paddr));
  const lowSections = f.run.elf.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0 && s.addr < MIB);
  for (const s of lowSections) b.fail(`section ${s.name} is at ${hex(s.addr)}, below 1 MiB`);
  b.see(`lowest PT_LOAD p_paddr ${hex(lowest)}; ${loads.length} load segment(s), ${f.run.elf.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0).length} allocated sections, none below ${hex(MIB)}`);
  b.set("lowestLoadAddress", lowest);
  const entry = f.snapshot(b, "kernel-entry");
  if (entry) {
    const eip = entry.registers.eip >>> 0;
    b.check(eip >= MIB, `EIP at the entry checkpoint is ${hex(eip)}, below 1 MiB`);
    b.see(`EIP at the entry checkpoint ${hex(eip)}`);
    b.set("entryEip", eip);
    // The first bytes of the image (multiboot header and _start) are in RAM at .text and nowhere below 1 MiB.
    const text = f.section(".text");
    if (text && text.size >= 16 && text.type === SHT_PROGBITS) {
      const head = text.data.subarray(0, Math.min(64, text.size));
      // RAM below 1 MiB, except the VGA window [0xA0000, 0xC0000), which is device memory, not RAM.
      for (const [start, end] of [[0, 0xa_0000], [0xc_0000, MIB]] as const) {
        if (end > entry.memory.size) continue;
        const low = entry.memory.bytes(start, end - start);
        const at = indexOfBytes(low, head);
        b.check(at < 0, `the first ${head.length} bytes of .text were found in RAM below 1 MiB at ${hex(start + at)}`);
      }
      if (text.addr + head.length <= entry.memory.size) {
        const at = entry.memory.bytes(text.addr, head.length);
        b.check(sameBytes(at, head), `the first bytes of .text are not in RAM at ${hex(text.addr)}`);
      }
      b.see(`the first ${head.length} bytes of .text (multiboot header, _start) are in RAM at ${hex(text.addr)} and nowhere in RAM below 1 MiB ([0x00000000, 0x000a0000) and [0x000c0000, 0x00100000); the VGA window is device memory)`);
    }
  }
  return b.done();
}

// 2. .text at exactly 1 MiB; .text/.rodata/.data/.bss ascending, aligned; RAM == ELF.
function proofSectionOrder(f: SampleFacts): Proof {
  const b = new ProofBuilder(2, ".text at 0x00100000, then .rodata/.data/.bss ascending and aligned; RAM holds the ELF's bytes");
  const text = f.section(".text");
  if (!text) { b.fail("the kernel has no .text section"); return b.done(); }
  b.check(text.addr === MIB, `.text starts at ${hex(text.addr)}, not ${hex(MIB)}`);
  const placed = f.layoutSections();
  let previous: { name: string; end: number } | null = null;
  const order: ProofValue[] = [];
  for (const { spec, section } of placed) {
    const end = section.addr + section.size;
    b.check(section.addr % spec.align === 0, `${spec.name} at ${hex(section.addr)} is not aligned to the layout's ${hex(spec.align)}`);
    if (previous) b.check(section.addr >= previous.end, `${spec.name} at ${hex(section.addr)} does not follow ${previous.name} (which ends at ${hex(previous.end)})`);
    const start = f.sym(`__${spec.name.slice(1)}_start`);
    if (start !== null) b.check(start === section.addr, `__${spec.name.slice(1)}_start is ${hex(start)} but ${spec.name} is at ${hex(section.addr)}`);
    b.see(`${spec.name.padEnd(8)} ${range(section.addr, end)} ${byteCount(section.size).padStart(8)}  align ${hex(spec.align)}`);
    order.push({ name: spec.name, start: section.addr, end, align: spec.align });
    previous = { name: spec.name, end };
  }
  const names = placed.map((p) => p.spec.name);
  for (const need of [".text", ".data", ".bss"]) b.check(names.includes(need), `the kernel has no ${need} section`);
  b.set("sections", order);
  const entry = f.snapshot(b, "kernel-entry");
  if (entry) {
    let compared = 0;
    for (const { section } of placed) {
      if (section.type !== SHT_PROGBITS || section.size === 0) continue;
      if (section.addr + section.size > entry.memory.size) { b.fail(`${section.name} ${range(section.addr, section.addr + section.size)} lies outside guest RAM`); continue; }
      const ram = entry.memory.bytes(section.addr, section.size);
      const diff = ram.findIndex((v, i) => v !== section.data[i]);
      if (diff >= 0) b.fail(`${section.name}: RAM at ${hex(section.addr + diff)} holds ${hex(ram[diff]!, 2)}, the ELF has ${hex(section.data[diff]!, 2)}`);
      compared += section.size;
    }
    b.see(`${compared} loaded bytes compared with the ELF at the entry checkpoint: ${b.failures.some((l) => l.includes("RAM at")) ? "MISMATCH" : "identical"}`);
    b.set("bytesCompared", compared);
  }
  return b.done();
}

// 3. .bss zero at entry; initialized globals hold their values.
function proofBssAndData(f: SampleFacts): Proof {
  const b = new ProofBuilder(3, ".bss is all zero at entry and initialized globals hold their initial values");
  const syms = f.need(b, "__bss_start", "__bss_end", "kernlab_probe");
  const entry = f.snapshot(b, "kernel-entry");
  if (!syms || !entry) return b.done();
  const [bssStart, bssEnd, probeAt] = syms as [number, number, number];
  const bss = entry.memory.bytes(bssStart, bssEnd - bssStart);
  let nonzero = 0, first = -1;
  for (let i = 0; i < bss.length; i++) if (bss[i] !== 0) { nonzero++; if (first < 0) first = i; }
  b.check(nonzero === 0, `.bss holds ${nonzero} non-zero byte(s) at entry, the first at ${hex(bssStart + first)} (${hex(bss[first] ?? 0, 2)})`);
  b.see(`.bss ${range(bssStart, bssEnd)}: ${bss.length} bytes read at entry, ${nonzero} non-zero`);
  b.set("bss", { start: bssStart, end: bssEnd, nonzeroBytes: nonzero });
  const data = f.section(".data");
  if (data && data.type === SHT_PROGBITS) {
    const ram = entry.memory.bytes(data.addr, data.size);
    const diff = ram.findIndex((v, i) => v !== data.data[i]);
    b.check(diff < 0, `.data at ${hex(data.addr + diff)} holds ${hex(ram[diff] ?? 0, 2)} at entry, the initializer is ${hex(data.data[diff] ?? 0, 2)}`);
    b.see(`.data ${range(data.addr, data.addr + data.size)}: all ${data.size} bytes equal their initializers at entry`);
  }
  const magic = entry.memory.u32(probeAt), version = entry.memory.u32(probeAt + 4);
  b.check(magic === 0x42504c4b, `kernlab_probe.magic at ${hex(probeAt)} is ${hex(magic)} at entry, initialized as 0x42504c4b`);
  b.check(version === 1, `kernlab_probe.version is ${version} at entry, initialized as 1`);
  b.see(`initialized global kernlab_probe at ${hex(probeAt)}: magic ${hex(magic)} ("KLPB"), version ${version}`);
  b.set("probeMagicAtEntry", magic);
  return b.done();
}

/** Page tables referenced by a page directory (present, non-4 MiB PDEs), read from RAM. */
function pageTablesOf(memory: GuestMemory, pgdir: number, userOnly: boolean): number[] {
  const out: number[] = [];
  if (pgdir + PAGE > memory.size) return out;
  for (let i = 0; i < 1024; i++) {
    const pde = memory.u32(pgdir + i * 4);
    if (!(pde & 1) || pde & 0x80) continue;
    if (userOnly && !(pde & 4)) continue;
    out.push((pde & ~0xfff) >>> 0);
  }
  return out;
}

// 4. The heap: above .bss, grows upward, holds the kernel's structures.
function proofHeap(f: SampleFacts): Proof {
  const b = new ProofBuilder(4, "the kernel heap starts above .bss, grows upward and holds the task structs, page tables and device info");
  const syms = f.need(b, "__bss_end", "__heap_start", "__heap_end");
  const final = f.snapshot(b, "final");
  if (!syms || !final) return b.done();
  const [bssEnd, heapStart, heapEnd] = syms as [number, number, number];
  b.check(heapStart >= bssEnd, `__heap_start ${hex(heapStart)} is below the end of .bss ${hex(bssEnd)}`);
  const probe = f.probeAt(b, final, "the final checkpoint");
  if (!probe) return b.done();
  b.check(probe.heap_start === heapStart, `the kernel's heap starts at ${hex(probe.heap_start)}, not at __heap_start ${hex(heapStart)}`);
  const top = probe.heap_top;
  b.check(top >= heapStart && top <= heapEnd, `the heap top ${hex(top)} lies outside the heap region ${range(heapStart, heapEnd)}`);
  b.see(`__bss_end ${hex(bssEnd)} <= __heap_start ${hex(heapStart)}; heap top ${hex(top)} (${byteCount(top - heapStart)} used of ${byteCount(heapEnd - heapStart)})`);
  // The top over time.
  const tops: ProofValue[] = [];
  let lastTop = heapStart;
  for (const name of ["heap-ready", "processes-created", "collision-handled", "final"] as const) {
    const s = f.run.checkpoints[name];
    const p = s ? f.probeAt(null, s, name) : null;
    if (!p) continue;
    b.check(p.heap_top >= lastTop, `the heap top went down from ${hex(lastTop)} to ${hex(p.heap_top)} at ${name}`);
    lastTop = p.heap_top;
    tops.push({ checkpoint: name, top: p.heap_top });
  }
  b.see(`heap top at each checkpoint: ${tops.map((t) => { const o = t as { checkpoint: string; top: number }; return `${o.checkpoint} ${hex(o.top)}`; }).join(", ")}`);
  // Successive allocations ascend.
  const log = readAllocLog(final.memory, probe).filter((a) => !a.freed);
  let ascending = 0;
  for (let i = 0; i < log.length; i++) {
    const a = log[i]!;
    b.check(a.addr >= heapStart && a.addr + a.size <= top, `allocation #${i} (${a.kindName}) ${range(a.addr, a.addr + a.size)} lies outside the used heap ${range(heapStart, top)}`);
    if (i > 0) {
      const p = log[i - 1]!;
      if (b.check(a.addr >= p.addr + p.size, `allocation #${i} at ${hex(a.addr)} is not above allocation #${i - 1} ${range(p.addr, p.addr + p.size)}`)) ascending++;
    }
  }
  b.check(log.length >= 2, `the alloc log holds ${log.length} allocation(s); at least 2 are needed to see growth`);
  if (log.length > 0) b.see(`${log.length} allocations from the alloc log, each above the previous: first ${hex(log[0]!.addr)}, last ${hex(log[log.length - 1]!.addr)}`);
  b.set("allocations", log.length);
  b.set("heap", { start: heapStart, end: heapEnd, top });
  // Kernel structures found by following pointers in RAM.
  const inHeap = (addr: number, size: number) => addr >= heapStart && addr + size <= top;
  const byAddr = new Map(log.map((a) => [a.addr, a]));
  const found: Record<string, number> = {};
  const structure = (what: string, addr: number, size: number, kind: string) => {
    found[what] = (found[what] ?? 0) + 1;
    if (!b.check(inHeap(addr, size), `${what} at ${hex(addr)} (+${size}) lies outside the kernel heap ${range(heapStart, top)}`)) return;
    const a = byAddr.get(addr);
    b.check(a !== undefined && a.kindName === kind, `${what} at ${hex(addr)} is not in the alloc log as a ${kind}${a ? ` (logged as ${a.kindName})` : ""}`);
  };
  const tasks = readTasks(final.memory, probe);
  for (const t of tasks) {
    structure("task struct", t.address, TASK_SIZE, "task struct");
    structure("page directory", t.pgdir, PAGE, "page directory");
    structure("kernel stack (task)", t.kstack, KSTACK_SIZE, "kernel stack (task)");
    for (const pt of pageTablesOf(final.memory, t.pgdir, true)) structure("page table", pt, PAGE, "page table");
  }
  structure("page directory", probe.kernel_pgdir, PAGE, "page directory");
  for (const pt of pageTablesOf(final.memory, probe.kernel_pgdir, false)) structure("page table", pt, PAGE, "page table");
  const devices = readDevices(final.memory, probe);
  for (const d of devices) structure("device info", d.address, 20, "device info");
  b.check(tasks.length >= 2, `the task list holds ${tasks.length} task(s)`);
  b.check(devices.length >= 1, "the device list is empty");
  const plural: Record<string, string> = { "page directory": "page directories", "kernel stack (task)": "task kernel stacks", "device info": "device-info records" };
  b.see(`inside the heap, found through pointers in RAM: ${Object.entries(found).map(([k, n]) => `${n} ${n === 1 ? k : plural[k] ?? k + "s"}`).join(", ")}`);
  b.see(`device info: ${devices.map((d) => `${d.nameText} at ${hex(d.address)} (io ${hex(d.io_base, 4)})`).join(", ")}`);
  b.set("structures", found);
  return b.done();
}

/** ESP samples at depths 1-3 from the probe. */
function espSamples(p: ProbeRecord): number[] { return [p.esp_depth1, p.esp_depth2, p.esp_depth3]; }

// 5. The stack: top at __stack_top, grows down, high-water mark inside the region.
function proofStack(f: SampleFacts): Proof {
  const b = new ProofBuilder(5, "the kernel stack starts at __stack_top, grows downward, and its high-water mark lies inside it");
  const syms = f.need(b, "__stack_bottom", "__stack_top");
  const entry = f.snapshot(b, "kernel-entry");
  const final = f.snapshot(b, "final");
  if (!syms || !entry || !final) return b.done();
  const [bottom, top] = syms as [number, number];
  const guard = f.run.constants.STACK_GUARD_SIZE;
  const usable = bottom + guard;
  const esp0 = entry.registers.esp >>> 0;
  b.check(esp0 === top, `ESP at the entry checkpoint is ${hex(esp0)}, not __stack_top ${hex(top)}`);
  b.see(`ESP at entry ${hex(esp0)} = __stack_top; region ${range(bottom, top)} (${byteCount(top - bottom)}, the lowest ${byteCount(guard)} an unmapped guard page)`);
  const probe = f.probeAt(b, final, "the final checkpoint");
  if (probe) {
    const s = espSamples(probe);
    b.check(s[0]! > s[1]! && s[1]! > s[2]!, `ESP at call depths 1, 2, 3 is ${s.map((v) => hex(v)).join(", ")}: not decreasing`);
    for (const v of s) b.check(v >= usable && v < top, `ESP sample ${hex(v)} lies outside the usable stack ${range(usable, top)}`);
    b.see(`ESP at call depth 1, 2, 3: ${s.map((v) => hex(v)).join(" > ")} (each ${s[0]! - s[1]!} bytes deeper)`);
    b.set("espAtDepth", s);
  }
  const deepest = f.stackDeepest(final);
  b.check(deepest !== null, `the paint pattern ${hex(f.run.paint.pattern)} is intact over the whole stack: no stack use was seen`);
  if (deepest !== null) {
    b.check(deepest >= usable && deepest < top, `the deepest stack use ${hex(deepest)} lies outside the usable stack ${range(usable, top)}`);
    b.see(`painted ${range(f.run.paint.start, f.run.paint.end)} with ${hex(f.run.paint.pattern)} before boot; at the final checkpoint the deepest overwritten word is ${hex(deepest)}: high-water mark ${top - deepest} bytes of ${byteCount(top - usable)}`);
    b.set("highWater", { deepest, bytes: top - deepest, usable: top - usable });
    if (probe) b.check(deepest <= Math.min(...espSamples(probe)), `the deepest painted use ${hex(deepest)} is above an ESP sample: the paint scan and ESP disagree`);
  }
  b.set("stack", { bottom, top, guard });
  return b.done();
}

// 6. Free memory between heap top and the stack's deepest use; no overlap.
function proofFreeGap(f: SampleFacts): Proof {
  const b = new ProofBuilder(6, "free memory lies between the heap's top and the stack's deepest use; they never overlap");
  const syms = f.need(b, "__heap_start", "__heap_end", "__stack_bottom", "__stack_top");
  const final = f.snapshot(b, "final");
  if (!syms || !final) return b.done();
  const [heapStart, heapEnd, stackBottom, stackTop] = syms as [number, number, number, number];
  const probe = f.probeAt(b, final, "the final checkpoint");
  const deepest = f.stackDeepest(final);
  if (!probe) return b.done();
  const heapTop = probe.heap_top;
  b.check(heapEnd <= stackBottom, `the heap region ends at ${hex(heapEnd)}, above the stack region's bottom ${hex(stackBottom)}`);
  const low = deepest ?? stackTop;
  b.check(heapTop < low, `the heap top ${hex(heapTop)} is not below the stack's deepest use ${hex(low)}: heap and stack overlap`);
  b.check(heapTop <= stackBottom, `the heap top ${hex(heapTop)} is inside the stack region ${range(stackBottom, stackTop)}`);
  const free = low - heapTop;
  b.see(`heap ${range(heapStart, heapTop)} ↑ | free ${range(heapTop, low)} = ${byteCount(Math.max(0, free))} | ↓ stack ${range(low, stackTop)}`);
  b.set("heapTop", heapTop);
  b.set("stackDeepest", low);
  b.set("freeBytes", free);
  // The guard page under the kernel stack is not mapped in the kernel's page directory.
  const guardPhys = final.memory.virt(probe.kernel_pgdir).translate(stackBottom);
  b.check(guardPhys === null, `the kernel-stack guard page ${hex(stackBottom)} is mapped in the kernel page directory`);
  b.see(`kernel-stack guard page ${hex(stackBottom)}: ${guardPhys === null ? "not mapped" : "MAPPED"} in the kernel page directory ${hex(probe.kernel_pgdir)}`);
  return b.done();
}

/** One process's user pages, classified. */
interface ProcessPages {
  task: TaskRecord;
  pages: { vaddr: number; paddr: number; writable: boolean; region: string | null }[];
  regions: { name: string; start: number; end: number; writable: boolean; full: boolean }[];
}

function processPages(memory: GuestMemory, t: TaskRecord): ProcessPages {
  const regions = [
    { name: "text", start: t.text_va, end: up(t.text_end), writable: false, full: true },
    { name: "data", start: t.data_va, end: up(t.data_end), writable: true, full: true },
    { name: "bss", start: t.bss_va, end: up(t.bss_end), writable: true, full: true },
    { name: "heap", start: t.heap_start, end: up(t.brk), writable: true, full: false },
    { name: "stack", start: t.stack_low, end: t.stack_top, writable: true, full: true },
  ];
  const pages: ProcessPages["pages"] = [];
  const maps: Mapping[] = walkPageTables(memory, t.pgdir).filter((m) => m.user && !m.problem);
  for (const m of maps) {
    for (let off = 0; off < m.size; off += PAGE) {
      const vaddr = (m.vaddr + off) >>> 0;
      const region = regions.find((r) => vaddr >= r.start && vaddr < r.end)?.name ?? null;
      pages.push({ vaddr, paddr: (m.paddr + off) >>> 0, writable: m.writable, region });
    }
  }
  return { task: t, pages, regions };
}

function checkProcesses(f: SampleFacts, b: ProofBuilder, snap: Snapshot, where: string, report: boolean): void {
  const probe = f.probeAt(b, snap, where);
  if (!probe) return;
  const c = f.run.constants;
  const kernelEnd = f.sym("__kernel_end") ?? 0;
  const tasks = readTasks(snap.memory, probe);
  b.check(tasks.length >= 2, `${where}: ${tasks.length} process(es) on the task list, at least 2 expected`);
  const owner = new Map<number, number>(); // frame → pid
  const list: ProofValue[] = [];
  for (const t of tasks) {
    const who = `${where}: pid ${t.pid} (${t.nameText})`;
    const pp = processPages(snap.memory, t);
    const expect = (what: string, got: number, want: number) => b.check(got === want, `${who}: ${what} is ${hex(got)}, expected ${hex(want)}`);
    expect("text start", t.text_va, c.USER_TEXT_BASE);
    expect("data start", t.data_va, up(t.text_end));
    expect("bss start", t.bss_va, up(t.data_end));
    expect("heap start", t.heap_start, up(t.bss_end));
    expect("stack top", t.stack_top, c.USER_STACK_TOP);
    b.check(t.stack_low >= up(t.brk) + c.USER_GUARD_GAP, `${who}: the stack's lowest page ${hex(t.stack_low)} is within ${hex(c.USER_GUARD_GAP)} of the heap's break ${hex(t.brk)}`);
    for (const p of pp.pages) {
      if (!b.check(p.region !== null, `${who}: user page ${hex(p.vaddr)} → ${hex(p.paddr)} belongs to none of text/data/bss/heap/stack`)) continue;
      const r = pp.regions.find((x) => x.name === p.region)!;
      b.check(p.writable === r.writable, `${who}: ${p.region} page ${hex(p.vaddr)} is ${p.writable ? "writable" : "read-only"}, expected ${r.writable ? "writable" : "read-only"}`);
      b.check(p.paddr >= kernelEnd, `${who}: ${p.region} page ${hex(p.vaddr)} is backed by frame ${hex(p.paddr)}, inside the kernel (below __kernel_end ${hex(kernelEnd)})`);
      const other = owner.get(p.paddr);
      b.check(other === undefined, `${who}: ${p.region} page ${hex(p.vaddr)} uses frame ${hex(p.paddr)}, which pid ${other} also maps`);
      owner.set(p.paddr, t.pid);
    }
    for (const r of pp.regions.filter((x) => x.full)) {
      for (let v = r.start; v < r.end; v += PAGE) {
        if (!pp.pages.some((p) => p.vaddr === v)) { b.fail(`${who}: ${r.name} page ${hex(v)} is not mapped`); break; }
      }
    }
    // The text in RAM is the program's text from the ELF.
    const textSym = f.sym(`${t.nameText}_text`);
    const textSection = f.section(".text");
    if (textSym !== null && textSection) {
      const len = t.text_end - t.text_va;
      const want = textSection.data.subarray(textSym - textSection.addr, textSym - textSection.addr + len);
      let got: Uint8Array | null = null;
      try { got = snap.memory.virt(t.pgdir).bytes(t.text_va, len); } catch { got = null; }
      b.check(got !== null && sameBytes(got, want), `${who}: the bytes mapped at ${hex(t.text_va)} are not the program's text (${t.nameText}_text in the ELF)`);
    }
    const count = (name: string) => pp.pages.filter((p) => p.region === name).length;
    if (report) {
      const frames = pp.pages.map((p) => p.paddr);
      b.see(`pid ${t.pid} ${t.nameText} (page directory ${hex(t.pgdir)}): text ${range(t.text_va, t.text_end)} r-x ${count("text")}p, data ${range(t.data_va, t.data_end)} rw ${count("data")}p, ` +
        `bss ${range(t.bss_va, t.bss_end)} rw ${count("bss")}p, heap ${range(t.heap_start, t.brk)} rw ${count("heap")}p, stack ${range(t.stack_low, t.stack_top)} rw ${count("stack")}p; ` +
        `${frames.length} frames in ${range(Math.min(...frames), Math.max(...frames) + PAGE)}, all user-accessible`);
    }
    list.push({ pid: t.pid, name: t.nameText, pgdir: t.pgdir, pages: pp.pages.length, text: [t.text_va, t.text_end], data: [t.data_va, t.data_end], bss: [t.bss_va, t.bss_end], heap: [t.heap_start, t.brk], stack: [t.stack_low, t.stack_top] });
  }
  if (report) {
    b.set("processes", list);
    b.see(`${owner.size} user frames in all, no frame mapped by two processes, none inside the kernel`);
  }
}

// 7. Each process's address space, from its page directory.
function proofProcesses(f: SampleFacts): Proof {
  const b = new ProofBuilder(7, "each process maps text/data/bss/heap/stack at the expected addresses and flags, on frames of its own");
  const created = f.snapshot(b, "processes-created");
  const final = f.snapshot(b, "final");
  if (created) checkProcesses(f, b, created, "processes-created", false);
  if (final) checkProcesses(f, b, final, "final", true);
  return b.done();
}

// 8. The collision was handled; the kernel and the others went on.
function proofCollision(f: SampleFacts): Proof {
  const b = new ProofBuilder(8, "the collision process was killed for a heap/stack collision; the kernel and the other processes went on");
  const at = f.snapshot(b, "collision-handled");
  const final = f.snapshot(b, "final");
  if (!at || !final) return b.done();
  const pAt = f.probeAt(b, at, "the collision checkpoint"), pFinal = f.probeAt(b, final, "the final checkpoint");
  if (!pAt || !pFinal) return b.done();
  const tasksAt = readTasks(at.memory, pAt), tasks = readTasks(final.memory, pFinal);
  const victim = tasks.find((t) => t.pid === pFinal.collision_pid);
  if (!b.check(pFinal.collision_pid !== 0 && victim !== undefined, `no collision was recorded (collision pid ${pFinal.collision_pid})`) || !victim) return b.done();
  b.check(victim.state === 3 && victim.reason === 2, `pid ${victim.pid} (${victim.nameText}) is ${TASK_STATE[victim.state] ?? victim.state} with reason '${TASK_REASON[victim.reason] ?? victim.reason}', not killed for a heap/stack collision`);
  b.check(up(pFinal.collision_brk) + f.run.constants.USER_GUARD_GAP > pFinal.collision_stack_low,
    `the refused break ${hex(pFinal.collision_brk)} would not have reached the stack at ${hex(pFinal.collision_stack_low)}`);
  b.see(`pid ${victim.pid} (${victim.nameText}): ${TASK_STATE[victim.state]}, reason '${TASK_REASON[victim.reason]}'; its heap asked to grow to ${hex(pFinal.collision_brk)}, its stack's lowest page is ${hex(pFinal.collision_stack_low)} (guard gap ${hex(f.run.constants.USER_GUARD_GAP)})`);
  b.set("victim", { pid: victim.pid, name: victim.nameText, state: TASK_STATE[victim.state] ?? victim.state, reason: TASK_REASON[victim.reason] ?? victim.reason, refusedBreak: pFinal.collision_brk, stackLow: pFinal.collision_stack_low });
  const others: ProofValue[] = [];
  for (const t of tasks.filter((x) => x.pid !== victim.pid)) {
    const before = tasksAt.find((x) => x.pid === t.pid);
    const who = `pid ${t.pid} (${t.nameText})`;
    b.check(t.state === 2 && t.reason === 1 && t.exit_code === 0, `${who} did not exit normally: ${TASK_STATE[t.state] ?? t.state}, reason '${TASK_REASON[t.reason] ?? t.reason}', code ${t.exit_code | 0}`);
    b.check(t.exit_order > victim.exit_order, `${who} finished (#${t.exit_order}) before the collision victim (#${victim.exit_order})`);
    b.check(before !== undefined && t.syscalls > before.syscalls, `${who} made no system call after the collision (${before?.syscalls ?? "?"} then ${t.syscalls})`);
    b.see(`${who}: ${before?.syscalls ?? "?"} system calls at the collision, ${t.syscalls} at the end; exited with ${t.exit_code | 0}, finishing #${t.exit_order} (the victim was #${victim.exit_order})`);
    others.push({ pid: t.pid, name: t.nameText, syscallsAtCollision: before?.syscalls ?? null, syscallsAtEnd: t.syscalls, exitCode: t.exit_code | 0, exitOrder: t.exit_order });
  }
  b.check(others.length >= 1, "no other process ran beside the collision process");
  b.set("others", others);
  const v = f.run.verdict;
  b.check(v.kind === "exited" && v.code === 0, `the kernel did not exit cleanly after the final checkpoint: ${describeVerdict(v)}`);
  b.check(pFinal.failures === 0, `the kernel counted ${pFinal.failures} internal failure(s)`);
  b.see(`the kernel reached the final checkpoint (${pFinal.ticks} timer ticks, ${pFinal.switches} task switches) and exited through port 0xF4 with ${v.kind === "exited" ? v.code : describeVerdict(v)}`);
  return b.done();
}

/** Who owns each 4 KiB frame of physical RAM at the final checkpoint. */
export interface PhysicalRange { owner: string; kind: string; start: number; end: number }

export function physicalOwners(f: SampleFacts, snap: Snapshot, failures: string[] | null): PhysicalRange[] {
  const frames = Math.floor(snap.memory.size / PAGE);
  const owner: (string | null)[] = new Array(frames).fill(null);
  const kindOf = new Map<string, string>();
  const claim = (who: string, kind: string, start: number, end: number) => {
    kindOf.set(who, kind);
    for (let a = down(start); a < end && a / PAGE < frames; a += PAGE) {
      const i = a / PAGE;
      const had = owner[i];
      if (had !== null && had !== who) failures?.push(`frame ${hex(a)} is owned by both ${had} and ${who}`);
      else owner[i] = who;
    }
  };
  const s = (n: string) => f.sym(n) ?? 0;
  claim("BIOS + bootloader (reserved)", "reserved", 0, MIB);
  claim("kernel image (.text .rodata .data .bss)", "text", s("__text_start"), up(s("__bss_end")));
  claim("kernel heap", "heap", s("__heap_start"), s("__heap_end"));
  claim("kernel stack (+ guard page)", "stack", s("__stack_bottom"), s("__stack_top"));
  const probe = f.probeAt(null, snap, "final");
  if (probe) {
    for (const t of readTasks(snap.memory, probe)) {
      const who = `pid ${t.pid} ${t.nameText}`;
      kindOf.set(who, "process");
      for (const p of processPages(snap.memory, t).pages) claim(who, "process", p.paddr, p.paddr + PAGE);
    }
  }
  const out: PhysicalRange[] = [];
  for (let i = 0; i < frames; i++) {
    const who = owner[i] ?? "free";
    const last = out[out.length - 1];
    if (last && last.owner === who && last.end === i * PAGE) last.end += PAGE;
    else out.push({ owner: who, kind: who === "free" ? "free" : kindOf.get(who) ?? "other", start: i * PAGE, end: (i + 1) * PAGE });
  }
  return out;
}

/** SeaBIOS keeps the top 128 KiB of RAM (reserved in the e820 map QEMU and GRUB pass on). */
const FIRMWARE_RESERVED_TOP = 0x20000;

// 9. Physical RAM holds everything at once, with no double ownership.
function proofPhysical(f: SampleFacts): Proof {
  const b = new ProofBuilder(9, "physical RAM holds the kernel and every process at the same time, each frame with one owner");
  const final = f.snapshot(b, "final");
  if (!final) return b.done();
  const probe = f.probeAt(b, final, "the final checkpoint");
  if (!probe) return b.done();
  const conflicts: string[] = [];
  const ranges = physicalOwners(f, final, conflicts);
  for (const c of conflicts.slice(0, 8)) b.fail(c);
  if (conflicts.length > 8) b.fail(`… and ${conflicts.length - 8} more frames with two owners`);
  // Cross-check against the kernel's own frame bitmap: every process frame is marked in use, and every
  // in-use frame above the kernel belongs to a process.
  const kernelEnd = f.sym("__kernel_end") ?? 0;
  const bitmapAt = probe.frame_bitmap;
  const used = (frame: number) => (final.memory.u8(bitmapAt + (frame >> 3)) >> (frame & 7)) & 1;
  let marked = 0, unaccounted = 0, unmarked = 0;
  const ownerAt = (addr: number) => ranges.find((r) => addr >= r.start && addr < r.end)?.owner ?? "free";
  // The firmware's memory map (QEMU, GRUB) reserves the top 128 KiB of RAM: no frame there is the kernel's to give.
  const usableTop = Math.min(final.memory.size - FIRMWARE_RESERVED_TOP, 128 * MIB);
  for (let a = up(kernelEnd); a < usableTop; a += PAGE) {
    const u = used(a / PAGE), who = ownerAt(a);
    if (u) marked++;
    if (u && !who.startsWith("pid ")) { unaccounted++; if (unaccounted <= 3) b.fail(`frame ${hex(a)} is in use in the kernel's bitmap but no process maps it`); }
    if (!u && who.startsWith("pid ")) { unmarked++; if (unmarked <= 3) b.fail(`frame ${hex(a)} is mapped by ${who} but free in the kernel's bitmap`); }
  }
  const totals = new Map<string, number>();
  for (const r of ranges) totals.set(r.owner, (totals.get(r.owner) ?? 0) + (r.end - r.start));
  b.see(`${ranges.length} physical ranges over ${byteCount(final.memory.size)}: ` + [...totals].map(([o, n]) => `${o} ${byteCount(n)}`).join(", "));
  b.see(`frame bitmap at ${hex(bitmapAt)}: ${marked} frames above __kernel_end ${hex(kernelEnd)} in use, all mapped by processes; ${probe.frames_free} of ${probe.frames_total} frames free`);
  b.check(conflicts.length === 0, "some frames have two owners");
  b.set("ranges", ranges.map((r) => ({ owner: r.owner, start: r.start, end: r.end })));
  b.set("framesInUseAboveKernel", marked);
  return b.done();
}

/** All nine proofs, in order. */
export function proveSample(run: SampleRun): Proof[] {
  const f = new SampleFacts(run);
  return [proofBelowOneMiB, proofSectionOrder, proofBssAndData, proofHeap, proofStack, proofFreeGap, proofProcesses, proofCollision, proofPhysical]
    .map((proof, i) => {
      try {
        return proof(f);
      } catch (e) {
        const b = new ProofBuilder(i + 1, `proof ${i + 1}`);
        b.fail(`could not be evaluated: ${e instanceof Error ? e.message : String(e)}`);
        return b.done();
      }
    });
}
