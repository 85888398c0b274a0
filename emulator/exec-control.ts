/**
 * Exact execution control of one run, on top of the "debug-hooks" v86 fix (v86-fixes/debug-hooks.ts): the
 * interpreter counts down before every instruction it starts and calls `before_instruction` only when the
 * countdown reaches 0, so a run with nothing to watch pays one load, one compare and one store per instruction.
 * This file decides when to stop (instruction limits, step counts, breakpoints, watchpoints, a pause or a
 * caught vector / control-register write), keeps the exact instruction count, records exceptions for the
 * crash report, and feeds --trace. It never writes guest RAM; it does not decide verdicts (machine.ts) and
 * does not know the public Debugger API (debug.ts).
 *
 * A caught vector is held: the hook in call_interrupt_vector skips the delivery and parks the CPU with the
 * state the delivery would save; when the run continues, beforeSlice delivers it once through v86's
 * exported call_interrupt_vector (an IRQ was acknowledged at the PIC already: it cannot be raised again).
 * A watchpoint decodes the instruction about to run (mem-access.ts) and confirms its access after it ran.
 *
 * Counting: `count()` is the number of instructions started since boot, where a faulting instruction counts
 * (as in v86's own counter) and a stop before an instruction does not. `armBase + armValue - countdown` is
 * exact at any moment, even inside an interpreted block (v86's instruction_counter is only updated at the end
 * of a block).
 */
import { accessAddress, decodeAccesses, type DecodedAccesses } from "./mem-access";
import {
  DEBUG_BP_BITS, DEBUG_BP_ON, DEBUG_BP_SLOTS, DEBUG_COUNTDOWN, DEBUG_CR_HOOK, DEBUG_RING, DEBUG_RING_INDEX, DEBUG_RING_SIZE, V86_CR, V86_INSTRUCTION_COUNTER, V86_CPL, V86_IS_32, V86_REG32, V86_SEGMENT_OFFSETS, V86_SREG,
  V86_INSTRUCTION_POINTER, V86_PREVIOUS_IP, type DebugImports,
} from "./v86-fixes/debug-abi";

/** Why exec-control stopped the CPU (before the instruction at `eip`). */
export type ExecStop =
  | { kind: "limit" }
  | { kind: "step" }
  | { kind: "breakpoint"; id: number; address: number }
  | { kind: "watchpoint"; id: number; access: "write" | "read" | "access"; address: number; length: number; oldValue: Uint8Array | null; newValue: Uint8Array | null; eip: number }
  | { kind: "vector"; vector: number; source: VectorSource; errorCode: number | null; cr2: number | null; eip: number }
  | { kind: "control-register"; register: 0 | 2 | 3 | 4; value: number; eip: number }
  | { kind: "interrupted" }
  /** The time-travel driver's own stop (emulator/time-travel.ts): device timers and interrupts are looked at here. */
  | { kind: "tick" };

/** Where a vector comes from: a CPU exception, `int n`/`int3`/`into`, or a hardware IRQ (the PIC). */
export type VectorSource = "exception" | "software" | "irq";
const SOURCES: readonly VectorSource[] = ["exception", "software", "irq"];

/** A caught vector held back from delivery while the debugger holds the CPU: delivered once when it continues. */
interface HeldVector {
  vector: number;
  source: VectorSource;
  errorCode: number | null;
  /** Linear EIP at the stop (the faulting instruction, the int instruction, the interrupted boundary). */
  eip: number;
  /** `int n`: EIP after the instruction (the return address the delivery pushes). */
  returnEip: number;
}

/** One exception or interrupt as it entered v86's call_interrupt_vector. */
export interface RaisedVector {
  vector: number;
  software: boolean;
  /** A hardware IRQ (the debug-hooks fix marks v86's IRQ deliveries). */
  irq: boolean;
  errorCode: number | null;
  /** Linear address: the faulting instruction for exceptions, the int instruction for int n, the interrupted boundary for IRQs. */
  eip: number;
  cr2: number;
  cs: number;
  ss: number;
  esp: number;
  cpl: number;
  /** Instructions started when it was raised (v86's counter when not exactly controlled). */
  at: number;
  /** The ring index then: equal for exceptions raised while delivering one another (no instruction between). */
  seq: number;
}

/** What exec-control needs from the CPU (the adapter provides it; no v86 types here). */
export interface ExecCpu {
  /** v86's wasm memory (re-read: it can grow). */
  wasm(): ArrayBuffer;
  /** Stop the CPU at the current instruction boundary (the adapter's park: in_hlt, IF saved). */
  park(): void;
  /** Where guest RAM starts in the wasm memory, and its size. */
  ramOffset(): number;
  ramSize(): number;
  /** Bytes at a linear address through the guest's current paging; null when unmapped. */
  readLinear(addr: number, length: number): Uint8Array | null;
  readPhysical(addr: number, length: number): Uint8Array | null;
  /** Deliver a vector now through the guest's IDT (v86's call_interrupt_vector); the CPU is not parked. */
  deliver(vector: number, software: boolean, errorCode: number | null): void;
  /** Delivering CPU exception `vector` through the guest's IDT makes a CPU raise #DF (fault-report.ts rules). */
  doubleFaults(vector: number): boolean;
}

export interface WatchRange {
  id: number; start: number; length: number; physical: boolean; access: "write" | "read" | "access";
  /** The watched bytes when last seen, and (linear watches) the physical address they were read at. */
  last: Uint8Array | null;
  frame?: number;
}

const MAX_COUNTDOWN = 0x7fffffff;
/** Exceptions kept for the crash report (a fault chain is short; a busy guest takes many IRQs). */
const RAISED_KEPT = 32;
const CASCADE_KEPT = 8;
const DOUBLE_FAULT = 8;
/** Decoded instructions cached for watchpoints (cleared when full). */
const DECODED_KEPT = 65536;

export class ExecControl implements DebugImports {
  /** Instructions started before the countdown was last armed, plus the countdown armed then. */
  private armBase = 0;
  private armValue = MAX_COUNTDOWN;
  /** Absolute instruction counts to stop at (Infinity: none). */
  limitAt = Number.POSITIVE_INFINITY;
  stepAt = Number.POSITIVE_INFINITY;
  /** The next tick of the time-travel driver (Infinity: none). Taken before any other stop at the same count. */
  tickAt = Number.POSITIVE_INFINITY;
  readonly breakpoints = new Map<number, number>(); // linear address → id
  readonly watches: WatchRange[] = [];
  readonly caughtVectors = new Set<number>();
  catchControlRegisters = false;
  /** A stop requested from outside an instruction (pause, a caught IRQ or CR write): taken at the next boundary. */
  private pending: ExecStop | null = null;
  /** The stop the CPU is parked at, until the machine takes it. */
  private stopped: ExecStop | null = null;
  /** On resume, the instruction at this address and count runs even if a breakpoint is there. */
  private skipBreakpoint: { eip: number; at: number } | null = null;
  /** The caught vector the CPU stopped before (not delivered yet). */
  private held: HeldVector | null = null;
  /** To deliver when the CPU runs again (before its next instruction). */
  private toDeliver: HeldVector | null = null;
  /** The vector being delivered from toDeliver: the hook lets it through once. */
  private passing: HeldVector | null = null;
  /** Called before each instruction that runs (trace exec/cpu); null when off. */
  onInstruction: ((eip: number, at: number) => void) | null = null;
  /** Called for each vector raised (trace int/pf). */
  onVector: ((v: RaisedVector) => void) | null = null;
  readonly raised: RaisedVector[] = [];
  /** The run is driven by the countdown (interpreter only); false: v86's JIT runs and nothing stops early. */
  active = false;

  constructor(private readonly cpu: ExecCpu) {}

  private view32: Uint32Array | null = null;
  private viewI32: Int32Array | null = null;
  private view8: Uint8Array | null = null;
  /** Views of v86's wasm memory, made again only when the memory was replaced (called per instruction). */
  private u32(): Uint32Array {
    if (!this.view32 || this.view32.length === 0) { // none yet, or detached by a memory.grow
      const buffer = this.cpu.wasm();
      this.view32 = new Uint32Array(buffer);
      this.viewI32 = new Int32Array(buffer);
      this.view8 = new Uint8Array(buffer);
      this.ramOffset = this.cpu.ramOffset();
      this.ramSize = this.cpu.ramSize();
    }
    return this.view32;
  }
  private i32(): Int32Array { this.u32(); return this.viewI32!; }
  /** The CPU is a new v86 instance (after a v86 abort): forget the views of the old one's memory. */
  rebind(): void { this.view32 = this.viewI32 = this.view8 = null; }
  private ramOffset = 0;
  private ramSize = 0;

  /**
   * Linear → physical through the guest's current 32-bit paging, read in place in v86's memory (no copy, no
   * allocation: called per instruction while watching); -1 when not present or the tables are outside RAM.
   */
  private physOf(linear: number): number {
    const i32 = this.i32();
    if (!(i32[(V86_CR >> 2) + 0]! & 0x80000000)) return linear >>> 0;
    if (this.ramOffset & 3) return -1;
    const u32 = this.view32!;
    const base = this.ramOffset >> 2;
    const cr3 = i32[(V86_CR >> 2) + 3]! >>> 0;
    const pdeAt = ((cr3 & ~0xfff) >>> 0) + ((linear >>> 22) << 2);
    if (pdeAt + 4 > this.ramSize) return -1;
    const pde = u32[base + (pdeAt >> 2)]!;
    if (!(pde & 1)) return -1;
    if (pde & 0x80 && i32[(V86_CR >> 2) + 4]! & 0x10) return (((pde & 0xffc00000) >>> 0) + (linear & 0x3fffff)) >>> 0;
    const pteAt = ((pde & ~0xfff) >>> 0) + (((linear >>> 12) & 0x3ff) << 2);
    if (pteAt + 4 > this.ramSize) return -1;
    const pte = u32[base + (pteAt >> 2)]!;
    if (!(pte & 1)) return -1;
    return (((pte & ~0xfff) >>> 0) + (linear & 0xfff)) >>> 0;
  }

  /**
   * The watched bytes still equal `w.last`, checked in place in guest RAM: the per-instruction test of a
   * write watchpoint's value. False when it cannot tell cheaply (across a page, the VGA window, unmapped):
   * the caller then compares a copy.
   */
  private unchanged(w: WatchRange): boolean {
    const last = w.last;
    if (!last || (w.start & 0xfff) + w.length > 0x1000) return false;
    const u8 = this.u8();
    const phys = w.physical ? w.start : this.physOf(w.start);
    if (phys < 0 || (phys < 0xc0000 && phys + w.length > 0xa0000) || phys + w.length > this.ramSize) return false;
    const at = this.ramOffset + phys;
    for (let i = 0; i < last.length; i++) if (u8[at + i] !== last[i]) return false;
    return true;
  }

  /** Does [linear, linear+size) touch watch `w`? Physical watches: through the paging, page by page. */
  private touches(w: WatchRange, linear: number, size: number): boolean {
    if (!w.physical) return linear < w.start + w.length && w.start < linear + size;
    let done = 0;
    while (done < size) {
      const va = (linear + done) >>> 0;
      const n = Math.min(size - done, 0x1000 - (va & 0xfff));
      const pa = this.physOf(va);
      if (pa >= 0 && pa < w.start + w.length && w.start < pa + n) return true;
      done += n;
    }
    return false;
  }

  private u8(): Uint8Array { this.u32(); return this.view8!; }

  /** A new run: no limits, breakpoints, watchpoints, catches or trace; nothing raised yet. */
  resetConfig(): void {
    this.limitAt = this.stepAt = this.tickAt = Number.POSITIVE_INFINITY;
    this.breakpoints.clear();
    this.watches.length = 0;
    this.caughtVectors.clear();
    this.catchControlRegisters = false;
    this.pending = this.stopped = this.candidate = null;
    this.decoded.clear();
    this.skipBreakpoint = null;
    this.held = this.toDeliver = null;
    this.passing = null;
    this.onInstruction = null;
    this.onVector = null;
    this.raised.length = 0;
  }

  /** Power-on of the CPU side (after the machine's reset, before the first instruction): count 0, ring empty,
   *  watched bytes taken as they are now (the kernel is loaded). Keeps the configuration. */
  resetCpuState(): void {
    const m = this.u32();
    m[DEBUG_RING_INDEX >> 2] = 0;
    m.fill(0, DEBUG_RING >> 2, (DEBUG_RING >> 2) + DEBUG_RING_SIZE);
    this.armBase = 0;
    this.armValue = MAX_COUNTDOWN;
    m[DEBUG_COUNTDOWN >> 2] = MAX_COUNTDOWN;
    this.skipBreakpoint = null;
    this.held = this.toDeliver = null;
    this.passing = null;
    for (const w of this.watches) this.sample(w);
    this.rearm();
  }

  /** Instructions started since boot (exact while active). */
  count(): number {
    return this.armBase + this.armValue - this.u32()[DEBUG_COUNTDOWN >> 2]!;
  }

  /** Recompute the countdown from the current limits (call after changing them, or between slices). */
  rearm(): void {
    const now = this.count();
    this.armBase = now;
    this.armValue = this.nextCountdown(now);
    this.u32()[DEBUG_COUNTDOWN >> 2] = this.armValue;
    this.u8()[DEBUG_CR_HOOK] = this.catchControlRegisters ? 1 : 0;
    this.writeBreakpointFilter();
  }

  /** Breakpoints alone are found by the wasm's page filter (`breakpoint`); these need every instruction. */
  private everyInstruction(): boolean {
    return this.pending !== null || this.watches.length > 0 || this.onInstruction !== null;
  }

  /** The page filter: a bit per slot (page & 511) that holds a breakpoint; on only while counting down. */
  private writeBreakpointFilter(): void {
    const u8 = this.u8();
    u8.fill(0, DEBUG_BP_BITS, DEBUG_BP_BITS + DEBUG_BP_SLOTS / 8);
    const on = this.active && this.breakpoints.size > 0 && !this.everyInstruction();
    u8[DEBUG_BP_ON] = on ? 1 : 0;
    if (!on) return;
    for (const address of this.breakpoints.keys()) {
      const slot = (address >>> 12) & (DEBUG_BP_SLOTS - 1);
      u8[DEBUG_BP_BITS + (slot >> 3)] = u8[DEBUG_BP_BITS + (slot >> 3)]! | (1 << (slot & 7));
    }
  }

  private nextCountdown(now: number): number {
    if (!this.active || this.everyInstruction()) return this.active ? 0 : MAX_COUNTDOWN;
    const target = Math.min(this.limitAt, this.stepAt, this.tickAt);
    return Math.max(0, Math.min(MAX_COUNTDOWN, target - now));
  }

  /** Ask for a stop at the next instruction boundary. */
  requestStop(stop: ExecStop): void {
    if (!this.pending) this.pending = stop;
    this.rearm();
  }

  get pendingStop(): ExecStop | null { return this.pending; }

  /** The stop the CPU parked at (cleared by takeStop). */
  takeStop(): ExecStop | null {
    const s = this.stopped;
    this.stopped = null;
    return s;
  }

  /** The stop the CPU is parked at, not taken yet (the time-travel driver holds the timers at the host's stops). */
  get parkedStop(): ExecStop | null { return this.stopped; }

  /** A restored machine state: the count is `at` from now on; nothing pending; watched bytes read again. */
  restoreCount(at: number): void {
    const countdown = this.u32()[DEBUG_COUNTDOWN >> 2]!;
    this.armBase = at - this.armValue + countdown;
    this.pending = this.candidate = null;
    this.skipBreakpoint = null;
    this.held = this.toDeliver = this.passing = null;
    for (const w of this.watches) this.sample(w);
    this.rearm();
  }

  /** The CPU idles in hlt with a stop pending (pause): stop here, no instruction will start. */
  stopIdle(): ExecStop | null {
    const s = this.pending;
    this.pending = null;
    if (s) this.rearm();
    return s;
  }

  /**
   * Before resuming from a stop at `eip`: let its instruction run despite a breakpoint, and deliver a caught
   * vector once, before any instruction runs (an IRQ always; an exception or `int n` only while EIP is still
   * where it stopped: moving EIP away skips the faulting or int instruction). When the run resumes to step,
   * the delivery is the first step: step(1) stops at the handler's first instruction.
   */
  resumeFrom(eip: number): void {
    const held = this.held;
    this.held = null;
    this.toDeliver = held && (held.source === "irq" || held.eip === eip >>> 0) ? held : null;
    if (this.toDeliver && Number.isFinite(this.stepAt)) this.stepAt--;
    this.skipBreakpoint = this.toDeliver ? null : { eip, at: this.count() };
    this.rearm();
  }

  /** The adapter runs this before each slice (not parked): deliver the vector held at the last stop. */
  beforeSlice(): void {
    const d = this.toDeliver;
    if (!d) return;
    this.toDeliver = null;
    if (d.source === "software") this.i32()[V86_INSTRUCTION_POINTER >> 2] = d.returnEip | 0;
    this.passing = d;
    try {
      this.cpu.deliver(d.vector, d.source === "software", d.errorCode);
    } finally {
      this.passing = null;
    }
  }

  /** The linear addresses of the last n instructions started, oldest first. */
  ring(n = DEBUG_RING_SIZE): number[] {
    const m = this.u32();
    const index = m[DEBUG_RING_INDEX >> 2]!;
    const k = Math.min(n, DEBUG_RING_SIZE, index);
    const out: number[] = [];
    for (let i = k; i >= 1; i--) out.push(m[(DEBUG_RING >> 2) + ((index - i) & (DEBUG_RING_SIZE - 1))]!);
    return out;
  }

  addWatch(w: WatchRange): void {
    this.sample(w);
    this.watches.push(w);
    this.rearm();
  }

  removeWatch(id: number): void {
    const i = this.watches.findIndex((w) => w.id === id);
    if (i >= 0) this.watches.splice(i, 1);
    this.rearm();
  }

  /** Decoded instructions by linear address (+2^32 in 16-bit code), checked against the bytes before each use. */
  private readonly decoded = new Map<number, DecodedAccesses | null>();

  /** The instruction at `eip` decoded (cached while its bytes stay the same); null when it cannot be read or decoded. */
  private decodeAt(eip: number): DecodedAccesses | null {
    const bitness = this.u8()[V86_IS_32] ? 32 : 16;
    const key = eip + (bitness === 16 ? 0x100000000 : 0);
    const hit = this.decoded.get(key);
    if (hit !== undefined && hit !== null && this.sameCode(eip, hit.bytes)) return hit;
    const bytes = this.cpu.readLinear(eip, 15) ?? this.cpu.readLinear(eip, 0x1000 - (eip & 0xfff));
    if (!bytes) return null;
    let d: DecodedAccesses | null = null;
    try {
      d = decodeAccesses(bytes, eip, bitness);
    } catch {
      // iced-x86 not loaded (a browser page that never provided it): only the value comparison watches then.
    }
    if (this.decoded.size >= DECODED_KEPT) this.decoded.clear();
    this.decoded.set(key, d);
    return d;
  }

  /** The guest still has `bytes` at linear `eip` (compared in place; across a page: through a copy). */
  private sameCode(eip: number, bytes: Uint8Array): boolean {
    if ((eip & 0xfff) + bytes.length > 0x1000) {
      const now = this.cpu.readLinear(eip, bytes.length);
      return now !== null && sameBytes(now, bytes);
    }
    const phys = this.physOf(eip);
    if (phys < 0 || phys + bytes.length > this.ramSize) return false;
    const u8 = this.view8!, at = this.ramOffset + phys;
    for (let i = 0; i < bytes.length; i++) if (u8[at + i] !== bytes[i]) return false;
    return true;
  }

  /**
   * Before the instruction at `eip` runs: the watches its memory operands touch (read, written, either),
   * with the watched bytes as they are before it. Confirmed at the next boundary (confirmAccess): it may
   * fault, and a string instruction's span is known only after it ran.
   */
  private noteAccesses(eip: number): void {
    const d = this.decodeAt(eip);
    if (!d || d.templates.length === 0) return;
    const i32 = this.i32();
    const reg = (r: number) => i32[(V86_REG32 >> 2) + r]! >>> 0;
    const segmentBase = (x: number) => i32[(V86_SEGMENT_OFFSETS >> 2) + x]! >>> 0;
    for (const w of this.watches) {
      for (const t of d.templates) {
        if (w.access === "write" ? !t.write : w.access === "read" ? !t.read : false) continue;
        const address = accessAddress(t, d.bitness, reg, segmentBase);
        const stringReg = d.string && t.index < 0 && t.displacement === 0 && (t.base === 6 || t.base === 7) ? t.base : -1;
        if (stringReg < 0 && !this.touches(w, address, t.size)) continue;
        this.candidate = {
          watch: w, eip, wrote: t.write, old: t.write ? this.watchBytes(w) : null, faulted: false,
          string: stringReg < 0 ? null : { reg: stringReg, before: reg(stringReg), ecx: reg(1), rep: d.rep, segmentBase: t.segment < 0 ? 0 : segmentBase(t.segment), bitness: d.bitness },
        };
        return;
      }
    }
  }

  /** The noted access of the instruction that just ran, if it happened: the watchpoint stop. */
  private confirmAccess(): ExecStop | null {
    const c = this.candidate;
    this.candidate = null;
    // A faulting instruction did not access; a string instruction did, up to the element that faulted.
    if (!c || (c.faulted && !c.string) || !this.watches.includes(c.watch)) return null;
    const w = c.watch;
    if (c.string) {
      // The elements it touched lie between ESI/EDI before and after: [before, after) going up, and going
      // down (DF=1) [after + element, before + element); a rep prefix ran (ECX before - after) elements.
      const i32 = this.i32(), st = c.string;
      const mask = st.bitness === 16 ? 0xffff : 0xffffffff;
      const after = i32[(V86_REG32 >> 2) + st.reg]! & mask;
      let delta = (after - st.before) | 0;
      if (st.bitness === 16) delta = (delta << 16) >> 16;
      const count = st.rep ? ((st.ecx - (i32[(V86_REG32 >> 2) + 1]! >>> 0)) & mask) >>> 0 : 1;
      if (delta === 0 || count === 0) return null;
      const size = Math.abs(delta), element = size / count;
      const start = delta > 0 ? st.before : (after + element) & mask;
      if (!this.touches(w, (start + st.segmentBase) >>> 0, size)) return null;
    }
    const now = this.watchBytes(w);
    if (w.access !== "read") this.sample(w);
    return { kind: "watchpoint", id: w.id, access: w.access, address: w.start, length: w.length, oldValue: c.wrote ? c.old : null, newValue: now, eip: c.eip };
  }

  /** Take the watched bytes as they are now (and where a linear range lies now). */
  private sample(w: WatchRange): void {
    w.last = this.watchBytes(w);
    if (!w.physical) w.frame = this.physOf(w.start);
  }

  private watchBytes(w: WatchRange): Uint8Array | null {
    return w.physical ? this.cpu.readPhysical(w.start, w.length) : this.cpu.readLinear(w.start, w.length);
  }

  // ---- called from the patched wasm ----

  before_instruction(): number {
    const m = this.u32();
    const at = this.armBase + this.armValue; // the countdown is 0: this many have started before this one
    const eip = (this.i32()[V86_INSTRUCTION_POINTER >> 2]! - 1) >>> 0;
    // Stopped already (a caught vector, raised since the last instruction started): not this one either.
    const stop = this.stopped ?? this.decide(eip, at);
    if (stop) {
      this.stopped = stop;
      this.armBase = at;
      this.armValue = 0;
      m[DEBUG_COUNTDOWN >> 2] = 0;
      // Not started after all: v86 counts it at the end of the block, the ring recorded it.
      m[V86_INSTRUCTION_COUNTER >> 2] = (m[V86_INSTRUCTION_COUNTER >> 2]! - 1) >>> 0;
      m[DEBUG_RING_INDEX >> 2] = (m[DEBUG_RING_INDEX >> 2]! - 1) >>> 0;
      this.cpu.park();
      return 1;
    }
    this.onInstruction?.(eip, at);
    this.armBase = at + 1;
    this.armValue = this.nextCountdown(at + 1);
    m[DEBUG_COUNTDOWN >> 2] = this.armValue;
    return 0;
  }

  /** The watch the instruction now running touches (noteAccesses), confirmed before the next one. */
  private candidate: {
    watch: WatchRange; eip: number; wrote: boolean; old: Uint8Array | null;
    /** An exception was raised since: the instruction did not complete (a fault), its access did not happen. */
    faulted: boolean;
    string: { reg: number; before: number; ecx: number; rep: boolean; segmentBase: number; bitness: 16 | 32 } | null;
  } | null = null;

  /** From the page filter: the countdown was already decremented for this instruction. */
  breakpoint(): number {
    const m = this.u32();
    const eip = (this.i32()[V86_INSTRUCTION_POINTER >> 2]! - 1) >>> 0;
    const id = this.breakpoints.get(eip);
    if (id === undefined || !this.active) return 0;
    const at = this.armBase + this.armValue - m[DEBUG_COUNTDOWN >> 2]! - 1;
    const skip = this.skipBreakpoint;
    if (skip && skip.eip === eip && skip.at === at) return 0;
    this.stopped = { kind: "breakpoint", id, address: eip };
    this.armBase = at;
    this.armValue = 0;
    m[DEBUG_COUNTDOWN >> 2] = 0;
    m[V86_INSTRUCTION_COUNTER >> 2] = (m[V86_INSTRUCTION_COUNTER >> 2]! - 1) >>> 0;
    m[DEBUG_RING_INDEX >> 2] = (m[DEBUG_RING_INDEX >> 2]! - 1) >>> 0;
    this.u8()[DEBUG_BP_ON] = 0;
    this.cpu.park();
    return 1;
  }

  private decide(eip: number, at: number): ExecStop | null {
    if (!this.active) return null;
    if (at >= this.tickAt) return { kind: "tick" };
    if (this.pending) { const p = this.pending; this.pending = null; return p; }
    if (this.candidate) {
      const hit = this.confirmAccess();
      if (hit) return hit;
    }
    if (at >= this.limitAt) return { kind: "limit" };
    // A change no decoded access explains (an interrupt frame the CPU pushed, a device, another mapping of a
    // linearly watched page): reported after the instruction that ran last.
    for (const w of this.watches) {
      if (w.access === "read") continue;
      if (this.unchanged(w)) continue;
      // A linear range mapped elsewhere (or unmapped) now: not a write, just other bytes to watch.
      if (!w.physical && this.physOf(w.start) !== w.frame) { this.sample(w); continue; }
      const now = this.watchBytes(w);
      if (!sameBytes(now, w.last)) {
        const old = w.last;
        w.last = now;
        const ring = this.ring(2);
        // The instruction before this one wrote (this one is recorded in the ring already).
        return { kind: "watchpoint", id: w.id, access: w.access, address: w.start, length: w.length, oldValue: old, newValue: now, eip: ring.length === 2 ? ring[0]! : eip };
      }
    }
    if (at >= this.stepAt) return { kind: "step" };
    const bp = this.breakpoints.get(eip);
    if (bp !== undefined) {
      const skip = this.skipBreakpoint;
      if (!(skip && skip.eip === eip && skip.at === at)) return { kind: "breakpoint", id: bp, address: eip };
    }
    // It runs now: note the watched memory it touches (only for an instruction that does run).
    if (this.watches.length > 0) this.noteAccesses(eip);
    return null;
  }

  interrupt(vector: number, sourceCode: number, hasErrorCode: number, errorCode: number): number {
    const passing = this.passing;
    if (passing && passing.vector === vector) {
      // A held vector delivered now (recorded when caught). A caught exception whose delivery a CPU turns
      // into a double fault stops again, as the #DF, when #DF is caught too.
      this.passing = null;
      if (passing.source !== "exception" || vector === DOUBLE_FAULT || !this.caughtVectors.has(DOUBLE_FAULT) || !this.cpu.doubleFaults(vector)) return 0;
      return this.hold(DOUBLE_FAULT, "exception", 0, passing.eip, passing.returnEip, 0);
    }
    if (this.held) return 1; // stopped before a caught vector already: nothing else is delivered before it
    const source = SOURCES[sourceCode] ?? "exception";
    const i32 = this.i32(), u8 = this.u8();
    const next = i32[V86_INSTRUCTION_POINTER >> 2]! >>> 0;
    // `int n` runs with EIP past it; name the instruction itself, as QEMU's -d int does. v86 set previous_ip
    // to the start of the instruction it runs (and, for an IRQ, to the interrupted boundary).
    const ip = source === "software" ? i32[V86_PREVIOUS_IP >> 2]! >>> 0 : next;
    const sreg = (i: number) => u8[V86_SREG + 2 * i]! | (u8[V86_SREG + 2 * i + 1]! << 8);
    const v: RaisedVector = {
      vector, software: source === "software", irq: source === "irq", errorCode: hasErrorCode ? errorCode >>> 0 : null, eip: ip,
      cr2: i32[(V86_CR >> 2) + 2]! >>> 0, cs: sreg(1), ss: sreg(2), esp: i32[(V86_REG32 >> 2) + 4]! >>> 0, cpl: u8[V86_CPL]!,
      at: this.active ? this.count() : this.u32()[V86_INSTRUCTION_COUNTER >> 2]!,
      seq: this.u32()[DEBUG_RING_INDEX >> 2]!,
    };
    // A delivery that keeps failing (v86 recursing on a not-present gate) must not push out how it began:
    // keep the first CASCADE_KEPT exceptions of a cascade.
    let same = 0;
    for (let i = this.raised.length - 1; i >= 0 && this.raised[i]!.seq === v.seq; i--) same++;
    if (same < CASCADE_KEPT) {
      if (this.raised.length >= RAISED_KEPT) this.raised.shift();
      this.raised.push(v);
    }
    this.onVector?.(v);
    if (source === "exception" && this.candidate) this.candidate.faulted = true;
    if (!this.active) return 0;
    // v86 raises no #DF (a failed delivery recurses or panics): with #DF caught, an exception whose delivery
    // fails the way a CPU turns into a double fault stops as the #DF, delivered through IDT[8] on continue.
    if (!this.caughtVectors.has(vector) && source === "exception" && vector !== DOUBLE_FAULT && this.caughtVectors.has(DOUBLE_FAULT) && this.cpu.doubleFaults(vector)) {
      return this.hold(DOUBLE_FAULT, source, 0, ip, next, 0);
    }
    if (!this.caughtVectors.has(vector)) return 0;
    return this.hold(vector, source, v.errorCode, ip, next, v.cr2);
  }

  /** Stop before delivering a caught vector: the CPU is parked with the state the delivery would save. */
  private hold(vector: number, source: VectorSource, errorCode: number | null, ip: number, next: number, cr2: number): number {
    const i32 = this.i32();
    // Caught: not delivered. The CPU stops here, before the next instruction starts, with the state the
    // delivery would have saved (EIP at the faulting or int instruction, or the interrupted boundary; CR2 set).
    this.held = { vector, source, errorCode, eip: ip, returnEip: next };
    if (source === "software") i32[V86_INSTRUCTION_POINTER >> 2] = ip | 0;
    this.stopped = { kind: "vector", vector, source, errorCode, cr2: vector === 14 && source === "exception" ? cr2 : null, eip: ip };
    const now = this.count();
    this.armBase = now;
    this.armValue = 0;
    this.u32()[DEBUG_COUNTDOWN >> 2] = 0; // an instruction about to start in this block calls before_instruction: it stops
    this.cpu.park(); // IF off (kept for the guest), in_hlt: main_loop returns, no IRQ is taken meanwhile
    return 1;
  }

  control_register(register: number, value: number): void {
    if (!this.active || !this.catchControlRegisters) return;
    if (register !== 0 && register !== 2 && register !== 3 && register !== 4) return;
    const ip = this.i32()[V86_INSTRUCTION_POINTER >> 2]! >>> 0;
    const ring = this.ring(1);
    this.requestStop({ kind: "control-register", register, value: value >>> 0, eip: ring[0] ?? ip });
  }
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
