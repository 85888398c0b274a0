/**
 * The Debugger of a run (Run.debug, BootOptions.debug): step / cont / pause, breakpoints, watchpoints,
 * catches, registers and memory at any stop, the ring of the last instructions. Policy (when to stop, the
 * exact count) is exec-control.ts's; this file turns it into the public API and holds the machine stopped
 * until step() or cont() is called. The machine's run loop (machine.ts) calls enterStop() when the CPU
 * stops and ended() when the run ends.
 */
import { hex } from "../core/hex";
import type {
  Debugger, ExecutedInstruction, FullRegisters, Registers, StopReason, SymbolTable, Verdict, WatchAccess,
} from "./index";
import type { ExecControl, ExecStop } from "./exec-control";
import { translate } from "./mmu";
import type { GuestMemory } from "./index";

const CR0_PG = 0x80000000;
const MAX_INSTRUCTION_BYTES = 15;

/** What the debugger needs from the machine. */
export interface DebugHost {
  registers(): Registers;
  fullRegisters(): FullRegisters;
  setRegister(name: keyof Registers, value: number): void;
  readonly memory: GuestMemory;
  /** The kernel's symbols (for addBreakpoint("kmain")); null when it has none. */
  symbols(): SymbolTable | null;
}

/** Linear → physical through the guest's current paging (identity with CR0.PG clear); null when unmapped. */
export function linearToPhysical(memory: GuestMemory, cr0: number, cr3: number, linear: number): number | null {
  if (!(cr0 & CR0_PG)) return linear >>> 0;
  return translate(memory, cr3, linear >>> 0);
}

/** Bytes at a linear address, page by page; null when any page is unmapped or outside RAM. */
export function readLinear(memory: GuestMemory, regs: { cr0: number; cr3: number }, addr: number, length: number): Uint8Array | null {
  const out = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    const va = (addr + i) >>> 0;
    const n = Math.min(length - i, 0x1000 - (va & 0xfff));
    const p = linearToPhysical(memory, regs.cr0, regs.cr3, va);
    if (p === null || p + n > memory.size) return null;
    out.set(memory.bytes(p, n), i);
    i += n;
  }
  return out;
}

/** Up to `max` bytes at a linear address, stopping at the first unmapped page (instruction bytes for a listing). */
export function readLinearPrefix(memory: GuestMemory, regs: { cr0: number; cr3: number }, addr: number, max = MAX_INSTRUCTION_BYTES): Uint8Array {
  const first = Math.min(max, 0x1000 - (addr & 0xfff));
  const a = readLinear(memory, regs, addr, first);
  if (!a) return new Uint8Array(0);
  if (first === max) return a;
  const b = readLinear(memory, regs, (addr + first) >>> 0, max - first);
  if (!b) return a;
  const out = new Uint8Array(max);
  out.set(a);
  out.set(b, first);
  return out;
}

export class DebugSession implements Debugger {
  stopped = false;
  private nextId = 1;
  private readonly watchIds = new Set<number>();
  private readonly breakpointIds = new Map<number, number>(); // id → address
  private waiter: { resolve(r: StopReason): void } | null = null;
  private resumeMachine: (() => void) | null = null;
  private readonly stopListeners: ((r: StopReason) => void)[] = [];
  private done: Verdict | null = null;

  readonly ready: Promise<void>;
  private markReady!: () => void;
  private started = false;
  /** step(n)/cont() called before the first instruction: applied when the run starts (n, or null for cont). */
  private earlyResume: { n: number | null } | null = null;

  /** `startPaused`: stopped before the first instruction until step() or cont(). */
  constructor(private readonly exec: ExecControl, private readonly host: DebugHost, startPaused: boolean) {
    this.stopped = startPaused;
    this.ready = new Promise<void>((resolve) => { this.markReady = resolve; });
  }

  /** The kernel is loaded and the CPU is at its first instruction: wait while startPaused holds the machine. */
  startGate(): Promise<void> {
    this.started = true;
    this.markReady();
    const early = this.earlyResume;
    this.earlyResume = null;
    if (early) this.exec.stepAt = early.n === null ? Number.POSITIVE_INFINITY : this.exec.count() + early.n;
    this.exec.rearm();
    if (!this.stopped || this.done) return Promise.resolve();
    return new Promise<void>((resolve) => { this.resumeMachine = resolve; });
  }

  // ---- machine side ----

  /** The CPU stopped (`reason` null: no reason to report). Resolves when step() or cont() resumes it, or the run is stopped. */
  enterStop(reason: StopReason | null): Promise<void> {
    this.stopped = true;
    const p = new Promise<void>((resolve) => { this.resumeMachine = resolve; });
    if (reason) this.emit(reason);
    return p;
  }

  /** The run ended: a pending step()/cont() resolves with "ended", and so do later calls. */
  ended(verdict: Verdict): void {
    if (this.done) return;
    this.done = verdict;
    this.stopped = true;
    this.emit({ kind: "ended", verdict });
    this.resumeMachine?.();
    this.resumeMachine = null;
  }

  /** Run.stop() while stopped: let the run loop see it. */
  release(): void {
    this.resumeMachine?.();
    this.resumeMachine = null;
  }

  private emit(r: StopReason): void {
    const w = this.waiter;
    this.waiter = null;
    w?.resolve(r);
    if (this.quiet) return;
    for (const fn of this.stopListeners) fn(r);
  }

  // ---- Debugger ----

  on(event: "stop", fn: (r: StopReason) => void): void {
    if (event !== "stop") throw new Error(`Debugger.on: unknown event ${String(event)}`);
    this.stopListeners.push(fn);
  }

  pause(): void {
    if (this.stopped || this.done) return;
    this.exec.requestStop({ kind: "interrupted" });
  }

  step(n = 1): Promise<StopReason> {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Debugger.step: n must be a positive integer, got ${n}`);
    return this.resume(n);
  }

  cont(): Promise<StopReason> { return this.resume(null); }

  /** A time-travel seek is under way: its stops are not reported to "stop" listeners. */
  private quiet = false;

  /**
   * Run forward to exactly `count` (Run.timeTravel.runTo): breakpoints, watchpoints and catches are set aside
   * meanwhile (they stay installed) and the stop is not reported to "stop" listeners.
   */
  async runTo(count: number): Promise<StopReason> {
    const n = count - this.exec.count();
    if (n < 0) throw new RangeError(`runTo: ${count} is behind the current count ${this.exec.count()}`);
    if (n === 0) return { kind: "step" };
    const exec = this.exec;
    const breakpoints = new Map(exec.breakpoints), watches = exec.watches.splice(0), caught = new Set(exec.caughtVectors), cr = exec.catchControlRegisters;
    exec.breakpoints.clear();
    exec.caughtVectors.clear();
    exec.catchControlRegisters = false;
    this.quiet = true;
    try {
      return await this.resume(n);
    } finally {
      this.quiet = false;
      for (const [a, id] of breakpoints) exec.breakpoints.set(a, id);
      for (const v of caught) exec.caughtVectors.add(v);
      exec.catchControlRegisters = cr;
      for (const w of watches) exec.addWatch(w);
    }
  }

  private resume(n: number | null): Promise<StopReason> {
    if (this.done) return Promise.resolve({ kind: "ended", verdict: this.done });
    if (!this.stopped) return Promise.reject(new Error("Debugger: the machine is running (wait for a stop, or pause() it)"));
    this.stopped = false;
    const p = new Promise<StopReason>((resolve) => { this.waiter = { resolve }; });
    if (!this.started) { this.earlyResume = { n }; return p; }
    this.exec.stepAt = n === null ? Number.POSITIVE_INFINITY : this.exec.count() + n;
    this.exec.resumeFrom(this.linearEip());
    const go = this.resumeMachine;
    this.resumeMachine = null;
    go?.();
    return p;
  }

  private linearEip(): number {
    // The ring and breakpoints use linear addresses (CS base + EIP); kernels with a flat CS have base 0.
    return this.host.registers().eip >>> 0;
  }

  addBreakpoint(at: number | string): number {
    let address: number;
    if (typeof at === "string") {
      const a = this.host.symbols()?.address(at) ?? null;
      if (a === null) throw new Error(`Debugger.addBreakpoint: no symbol '${at}' in the kernel`);
      address = a >>> 0;
    } else {
      address = at >>> 0;
    }
    const id = this.nextId++;
    this.exec.breakpoints.set(address, id);
    this.breakpointIds.set(id, address);
    this.exec.rearm();
    return id;
  }

  removeBreakpoint(id: number): void {
    const address = this.breakpointIds.get(id);
    if (address === undefined) return;
    this.breakpointIds.delete(id);
    if (this.exec.breakpoints.get(address) === id) this.exec.breakpoints.delete(address);
    // Another id at the same address keeps it.
    for (const [otherId, a] of this.breakpointIds) if (a === address) this.exec.breakpoints.set(address, otherId);
    this.exec.rearm();
  }

  addWatchpoint(w: { start: number; length: number; access: WatchAccess; physical?: boolean }): number {
    if (w.access !== "write" && w.access !== "read" && w.access !== "access") throw new Error(`Debugger.addWatchpoint: access must be write, read or access, got ${String(w.access)}`);
    if (!Number.isInteger(w.length) || w.length < 1 || w.length > 4096) throw new RangeError(`Debugger.addWatchpoint: length must be 1..4096, got ${w.length}`);
    const id = this.nextId++;
    this.exec.addWatch({ id, start: w.start >>> 0, length: w.length, physical: !!w.physical, access: w.access, last: null });
    this.watchIds.add(id);
    return id;
  }

  removeWatchpoint(id: number): void {
    this.exec.removeWatch(id);
    this.watchIds.delete(id);
  }

  catchVector(vector: number, on = true): void {
    if (!Number.isInteger(vector) || vector < 0 || vector > 255) throw new RangeError(`Debugger.catchVector: vector must be 0..255, got ${vector}`);
    if (on) this.exec.caughtVectors.add(vector);
    else this.exec.caughtVectors.delete(vector);
  }

  catchControlRegisterWrites(on = true): void {
    this.exec.catchControlRegisters = on;
    this.exec.rearm();
  }

  registers(): FullRegisters { return this.host.fullRegisters(); }

  setRegister(name: string, value: number): void {
    if (!this.stopped) throw new Error("Debugger.setRegister: the machine is running");
    const known: readonly string[] = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eip", "eflags", "cs", "ds", "es", "fs", "gs", "ss", "cr0", "cr2", "cr3", "cr4"];
    if (!known.includes(name)) throw new Error(`Debugger.setRegister: unknown register '${name}'`);
    this.host.setRegister(name as keyof Registers, value >>> 0);
  }

  readVirtual(addr: number, length: number): Uint8Array | null {
    return readLinear(this.host.memory, this.host.registers(), addr >>> 0, length);
  }

  writeVirtual(addr: number, bytes: Uint8Array): boolean {
    const regs = this.host.registers();
    const mem = this.host.memory;
    // All pages first, so a write that cannot complete writes nothing.
    const pieces: { phys: number; from: number; n: number }[] = [];
    let i = 0;
    while (i < bytes.length) {
      const va = (addr + i) >>> 0;
      const n = Math.min(bytes.length - i, 0x1000 - (va & 0xfff));
      const p = linearToPhysical(mem, regs.cr0, regs.cr3, va);
      if (p === null || p + n > mem.size) return false;
      pieces.push({ phys: p, from: i, n });
      i += n;
    }
    for (const piece of pieces) mem.write(piece.phys, bytes.subarray(piece.from, piece.from + piece.n));
    return true;
  }

  readPhysical(addr: number, length: number): Uint8Array | null {
    const mem = this.host.memory;
    if (addr < 0 || length < 0 || addr + length > mem.size) return null;
    return mem.bytes(addr, length);
  }

  writePhysical(addr: number, bytes: Uint8Array): boolean {
    const mem = this.host.memory;
    if (addr < 0 || addr + bytes.length > mem.size) return false;
    mem.write(addr, bytes);
    return true;
  }

  instructions(): number { return this.exec.count(); }

  lastInstructions(n = 64): ExecutedInstruction[] {
    const regs = this.host.registers();
    return this.exec.ring(n).map((eip) => ({ eip, bytes: readLinearPrefix(this.host.memory, regs, eip) }));
  }
}

/** A stop for people: `breakpoint 1 at 0x00100040 kmain`. */
export function describeStop(r: StopReason, symbols?: SymbolTable | null): string {
  const at = (a: number) => `${hex(a)}${symbols ? ` ${symbols.format(a)}` : ""}`;
  switch (r.kind) {
    case "step": return "step done";
    case "breakpoint": return `breakpoint ${r.id} at ${at(r.address)}`;
    case "watchpoint": return `watchpoint ${r.id} (${r.access}) on ${hex(r.address)}+${r.length} by the instruction at ${at(r.eip)}`;
    case "vector": return `${r.source === "irq" ? "IRQ " : r.source === "software" ? "int " : ""}vector ${r.vector}${r.errorCode !== null ? ` error code ${hex(r.errorCode, 4)}` : ""}${r.cr2 !== null ? ` cr2 ${hex(r.cr2)}` : ""} at ${at(r.eip)}`;
    case "control-register": return `cr${r.register} <- ${hex(r.value)} by the instruction at ${at(r.eip)}`;
    case "interrupted": return "interrupted";
    case "ended": return "the run ended";
  }
}

/** The public StopReason of an exec-control stop (null for the instruction limit: that ends the run). */
export function stopReason(s: ExecStop): StopReason | null {
  switch (s.kind) {
    case "limit": case "tick": return null;
    case "watchpoint": return { kind: "watchpoint", id: s.id, access: s.access, address: s.address, length: s.length, oldValue: s.oldValue, newValue: s.newValue, eip: s.eip };
    default: return s;
  }
}
