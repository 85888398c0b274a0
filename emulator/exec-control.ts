/**
 * Exact execution control of one run, on top of the "debug-hooks" v86 fix (v86-fixes/debug-hooks.ts): the
 * interpreter counts down before every instruction it starts and calls `before_instruction` only when the
 * countdown reaches 0, so a run with nothing to watch pays one load, one compare and one store per instruction.
 * This file decides when to stop (instruction limits, step counts, breakpoints, write watchpoints, a pause or
 * a caught vector / control-register write), keeps the exact instruction count, records exceptions for the
 * crash report, and feeds --trace. It never writes guest RAM; it does not decide verdicts (machine.ts) and
 * does not know the public Debugger API (debug.ts).
 *
 * Counting: `count()` is the number of instructions started since boot, where a faulting instruction counts
 * (as in v86's own counter) and a stop before an instruction does not. `armBase + armValue - countdown` is
 * exact at any moment, even inside an interpreted block (v86's instruction_counter is only updated at the end
 * of a block).
 */
import { memoryAccesses } from "./mem-access";
import {
  DEBUG_BP_BITS, DEBUG_BP_ON, DEBUG_BP_SLOTS, DEBUG_COUNTDOWN, DEBUG_CR_HOOK, DEBUG_RING, DEBUG_RING_INDEX, DEBUG_RING_SIZE, V86_CR, V86_INSTRUCTION_COUNTER, V86_CPL, V86_IS_32, V86_REG32, V86_SEGMENT_OFFSETS, V86_SREG,
  V86_INSTRUCTION_POINTER, type DebugImports,
} from "./v86-fixes/debug-abi";

/** Why exec-control stopped the CPU (before the instruction at `eip`). */
export type ExecStop =
  | { kind: "limit" }
  | { kind: "step" }
  | { kind: "breakpoint"; id: number; address: number }
  | { kind: "watchpoint"; id: number; access: "write" | "read" | "access"; address: number; length: number; oldValue: Uint8Array | null; newValue: Uint8Array | null; eip: number }
  | { kind: "vector"; vector: number; errorCode: number | null; cr2: number | null; eip: number; delivered: boolean }
  | { kind: "control-register"; register: 0 | 2 | 3 | 4; value: number; eip: number }
  | { kind: "interrupted" }
  /** The time-travel driver's own stop (emulator/time-travel.ts): device timers and interrupts are looked at here. */
  | { kind: "tick" };

/** One exception or interrupt as it entered v86's call_interrupt_vector. */
export interface RaisedVector {
  vector: number;
  software: boolean;
  errorCode: number | null;
  /** Linear address: the faulting instruction for exceptions, the next instruction for IRQs and int n. */
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
}

export interface WatchRange { id: number; start: number; length: number; physical: boolean; access: "write" | "read" | "access"; last: Uint8Array | null }

const MAX_COUNTDOWN = 0x7fffffff;
/** Exceptions kept for the crash report (a fault chain is short; a busy guest takes many IRQs). */
const RAISED_KEPT = 32;
const CASCADE_KEPT = 8;

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
  /** On resume, the caught exception stopped before delivery is delivered once. */
  private deliverOnce: number | null = null;
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
   * The watched bytes still equal `w.last`, checked in place in guest RAM (no copy, no allocation): the
   * per-instruction test of a write watchpoint. False when it cannot tell cheaply (across a page, the VGA
   * window, unmapped): the caller then compares a copy.
   */
  private unchanged(w: WatchRange): boolean {
    const last = w.last;
    if (!last || (w.start & 0xfff) + w.length > 0x1000) return false;
    const i32 = this.i32(), u8 = this.view8!, u32 = this.view32!;
    let phys = w.start;
    if (!w.physical && i32[(V86_CR >> 2) + 0]! & 0x80000000) {
      if (this.ramOffset & 3) return false;
      const base = this.ramOffset >> 2;
      const cr3 = i32[(V86_CR >> 2) + 3]! >>> 0;
      const pdeAt = ((cr3 & ~0xfff) >>> 0) + ((w.start >>> 22) << 2);
      if (pdeAt + 4 > this.ramSize) return false;
      const pde = u32[base + (pdeAt >> 2)]!;
      if (!(pde & 1)) return false;
      if (pde & 0x80) phys = (((pde & 0xffc00000) >>> 0) + (w.start & 0x3fffff)) >>> 0;
      else {
        const pteAt = ((pde & ~0xfff) >>> 0) + (((w.start >>> 12) & 0x3ff) << 2);
        if (pteAt + 4 > this.ramSize) return false;
        const pte = u32[base + (pteAt >> 2)]!;
        if (!(pte & 1)) return false;
        phys = (((pte & ~0xfff) >>> 0) + (w.start & 0xfff)) >>> 0;
      }
    }
    if ((phys < 0xc0000 && phys + w.length > 0xa0000) || phys + w.length > this.ramSize) return false;
    const at = this.ramOffset + phys;
    for (let i = 0; i < last.length; i++) if (u8[at + i] !== last[i]) return false;
    return true;
  }
  private u8(): Uint8Array { this.u32(); return this.view8!; }

  /** A new run: no limits, breakpoints, watchpoints, catches or trace; nothing raised yet. */
  resetConfig(): void {
    this.limitAt = this.stepAt = this.tickAt = Number.POSITIVE_INFINITY;
    this.breakpoints.clear();
    this.watches.length = 0;
    this.caughtVectors.clear();
    this.catchControlRegisters = false;
    this.pending = this.stopped = this.accessHit = null;
    this.skipBreakpoint = null;
    this.deliverOnce = null;
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
    for (const w of this.watches) w.last = this.watchBytes(w);
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
    this.pending = this.accessHit = null;
    this.skipBreakpoint = null;
    this.deliverOnce = null;
    for (const w of this.watches) w.last = this.watchBytes(w);
    this.rearm();
  }

  /** The CPU idles in hlt with a stop pending (pause): stop here, no instruction will start. */
  stopIdle(): ExecStop | null {
    const s = this.pending;
    this.pending = null;
    if (s) this.rearm();
    return s;
  }

  /** Before resuming from a stop at `eip`: let its instruction run despite a breakpoint, deliver a caught exception. */
  resumeFrom(eip: number, stop: ExecStop | null): void {
    this.skipBreakpoint = { eip, at: this.count() };
    this.deliverOnce = stop?.kind === "vector" && !stop.delivered ? stop.vector : null;
    this.rearm();
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
    w.last = this.watchBytes(w);
    this.watches.push(w);
    this.rearm();
  }

  removeWatch(id: number): void {
    const i = this.watches.findIndex((w) => w.id === id);
    if (i >= 0) this.watches.splice(i, 1);
    this.rearm();
  }

  private get readWatches(): number {
    let n = 0;
    for (const w of this.watches) if (w.access !== "write") n++;
    return n;
  }

  /** Decode the instruction about to run; if it reads (or, for "access", reads or writes) a watched range, stop after it. */
  private checkAccesses(eip: number): void {
    const bytes = this.cpu.readLinear(eip, 15) ?? this.cpu.readLinear(eip, 0x1000 - (eip & 0xfff));
    if (!bytes) return;
    const i32 = this.i32();
    const accesses = memoryAccesses(bytes, eip, this.u8()[V86_IS_32] ? 32 : 16, (r) => i32[(V86_REG32 >> 2) + r]! >>> 0, (s) => i32[(V86_SEGMENT_OFFSETS >> 2) + s]! >>> 0);
    for (const w of this.watches) {
      if (w.access === "write") continue;
      for (const a of accesses) {
        const hits = a.address < w.start + w.length && w.start < a.address + a.size;
        if (!hits || (w.access === "read" && !a.read)) continue;
        this.accessHit = { kind: "watchpoint", id: w.id, access: w.access, address: w.start, length: w.length, oldValue: a.write ? this.watchBytes(w) : null, newValue: null, eip };
        return;
      }
    }
  }

  private watchBytes(w: WatchRange): Uint8Array | null {
    return w.physical ? this.cpu.readPhysical(w.start, w.length) : this.cpu.readLinear(w.start, w.length);
  }

  // ---- called from the patched wasm ----

  before_instruction(): number {
    const m = this.u32();
    const at = this.armBase + this.armValue; // the countdown is 0: this many have started before this one
    const eip = (this.i32()[V86_INSTRUCTION_POINTER >> 2]! - 1) >>> 0;
    const stop = this.decide(eip, at);
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

  /** A read/access watchpoint the previous instruction touched: reported before the next one. */
  private accessHit: ExecStop | null = null;

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
    if (this.accessHit) {
      const hit = this.accessHit;
      this.accessHit = null;
      // Values as the accessing instruction left them; the old value only when it wrote.
      const w = this.watches.find((x) => hit.kind === "watchpoint" && x.id === hit.id);
      if (w && hit.kind === "watchpoint") {
        w.last = this.watchBytes(w);
        return { ...hit, newValue: w.last };
      }
    }
    if (at >= this.limitAt) return { kind: "limit" };
    for (const w of this.watches) {
      if (w.access === "read") continue;
      if (this.unchanged(w)) continue;
      const now = this.watchBytes(w);
      if (!sameBytes(now, w.last)) {
        const old = w.last;
        w.last = now;
        const ring = this.ring(2);
        // The instruction before this one wrote (this one is recorded in the ring already).
        return { kind: "watchpoint", id: w.id, access: w.access, address: w.start, length: w.length, oldValue: old, newValue: now, eip: ring.length === 2 ? ring[0]! : eip };
      }
    }
    if (this.readWatches > 0) this.checkAccesses(eip);
    if (at >= this.stepAt) return { kind: "step" };
    const bp = this.breakpoints.get(eip);
    if (bp !== undefined) {
      const skip = this.skipBreakpoint;
      if (!(skip && skip.eip === eip && skip.at === at)) return { kind: "breakpoint", id: bp, address: eip };
    }
    return null;
  }

  interrupt(vector: number, software: number, hasErrorCode: number, errorCode: number): number {
    let ip = this.i32()[V86_INSTRUCTION_POINTER >> 2]! >>> 0;
    // `int n` runs with EIP past it; name the instruction itself, as QEMU's -d int does.
    if (software) ip = this.ring(1)[0] ?? ip;
    const i32 = this.i32(), u8 = this.u8();
    const sreg = (i: number) => u8[V86_SREG + 2 * i]! | (u8[V86_SREG + 2 * i + 1]! << 8);
    const v: RaisedVector = {
      vector, software: software !== 0, errorCode: hasErrorCode ? errorCode >>> 0 : null, eip: ip,
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
    if (!this.active || !this.caughtVectors.has(vector)) return 0;
    const exception = vector < 32 && !v.software;
    if (exception && this.deliverOnce === vector) { this.deliverOnce = null; return 0; }
    this.requestStop({ kind: "vector", vector, errorCode: v.errorCode, cr2: vector === 14 ? v.cr2 : null, eip: ip, delivered: !exception });
    return exception ? 1 : 0;
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
