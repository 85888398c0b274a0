/**
 * A Debugger (emulator/index.ts's contract) without an emulator, for the stub's protocol tests and the
 * packet fuzzer: 64 KiB of flat memory (paging off: virtual = physical), every instruction one byte long,
 * so step(n) moves EIP by n. `cont()` runs until a breakpoint, pause(), the `endAt` address (the run
 * exits with `exitCode`), or a write watchpoint on `writeAt` (an instruction there writes `counter`).
 */
import type { Debugger, FullRegisters, StopReason, WatchAccess, WritableRegister } from "../../emulator/index";

export const FAKE_RAM = 0x10000;

export class FakeDebugger implements Debugger {
  regs: FullRegisters = {
    eax: 0x11, ebx: 0x22, ecx: 0x33, edx: 0x44, esi: 0x55, edi: 0x66, ebp: 0x77, esp: 0x8000,
    eip: 0x1000, eflags: 0x202, cs: 0x08, ds: 0x10, es: 0x10, fs: 0x10, gs: 0x10, ss: 0x10,
    cr0: 0x11, cr2: 0, cr3: 0, cr4: 0,
    gdtr: { base: 0x100, limit: 23 }, idtr: { base: 0x200, limit: 0x7ff }, tr: 0, ldtr: 0, cpl: 0,
  };
  ram = new Uint8Array(FAKE_RAM);
  breakpoints = new Map<number, number>();
  watchpoints = new Map<number, { start: number; length: number; access: WatchAccess }>();
  caught = new Set<number>();
  stopped = true;
  readonly ready = Promise.resolve();
  endAt = 0x2000;
  exitCode = 3;
  /** An instruction here writes ++ram[counter] (the watchpoint test). */
  writeAt = 0x1800;
  counter = 0x4000;
  count = 0;
  private nextId = 1;
  private pauseRequested = false;
  private listeners: ((r: StopReason) => void)[] = [];

  constructor() {
    // A flat GDT: null, code 0x08, data 0x10.
    this.ram.set([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0x9a, 0xcf, 0, 0xff, 0xff, 0, 0, 0, 0x92, 0xcf, 0], 0x100);
    // IDT gate 14 → 0x00001234, selector 0x08, 32-bit interrupt gate.
    this.ram.set([0x34, 0x12, 0x08, 0, 0, 0x8e, 0, 0], 0x200 + 14 * 8);
  }

  pause(): void { this.pauseRequested = true; if (this.stopped) return; }
  private emit(r: StopReason): StopReason { this.stopped = true; for (const fn of this.listeners) fn(r); return r; }

  /** One instruction; a stop reason when it stops the machine. */
  private one(): StopReason | null {
    const eip = this.regs.eip;
    if (eip === this.endAt) return { kind: "ended", verdict: { kind: "exited", code: this.exitCode } };
    if (eip === this.writeAt) {
      const old = this.ram.slice(this.counter, this.counter + 4);
      this.ram[this.counter]!++;
      this.regs.eip++;
      this.count++;
      for (const [id, w] of this.watchpoints) {
        if (w.access !== "read" && this.counter < w.start + w.length && this.counter + 4 > w.start) {
          return { kind: "watchpoint", id, access: w.access, address: this.counter, length: 4, oldValue: old, newValue: this.ram.slice(this.counter, this.counter + 4), eip };
        }
      }
      return null;
    }
    this.regs.eip = (eip + 1) >>> 0;
    this.count++;
    return null;
  }

  private atBreakpoint(): StopReason | null {
    for (const [id, a] of this.breakpoints) if (a === this.regs.eip) return { kind: "breakpoint", id, address: a };
    return null;
  }

  async step(n = 1): Promise<StopReason> {
    this.stopped = false;
    for (let i = 0; i < n; i++) {
      const r = this.one() ?? (i + 1 < n ? this.atBreakpoint() : null);
      if (r) return this.emit(r);
    }
    return this.emit({ kind: "step" });
  }

  async cont(): Promise<StopReason> {
    this.stopped = false;
    this.pauseRequested = false;
    let first = true;
    for (;;) {
      for (let i = 0; i < 64; i++) {
        if (this.pauseRequested) { this.pauseRequested = false; return this.emit({ kind: "interrupted" }); }
        if (!first) { const b = this.atBreakpoint(); if (b) return this.emit(b); }
        first = false;
        const r = this.one();
        if (r) return this.emit(r);
        if (this.regs.eip >= FAKE_RAM - 1) this.regs.eip = 0x1000; // spin
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  addBreakpoint(at: number | string): number {
    if (typeof at === "string") throw new Error(`no symbol ${at}`);
    const id = this.nextId++;
    this.breakpoints.set(id, at >>> 0);
    return id;
  }
  removeBreakpoint(id: number): void { this.breakpoints.delete(id); }
  addWatchpoint(w: { start: number; length: number; access: WatchAccess }): number {
    const id = this.nextId++;
    this.watchpoints.set(id, { start: w.start, length: w.length, access: w.access });
    return id;
  }
  removeWatchpoint(id: number): void { this.watchpoints.delete(id); }
  catchVector(vector: number, on = true): void { if (on) this.caught.add(vector); else this.caught.delete(vector); }
  catchControlRegisterWrites(): void {}
  registers(): FullRegisters { return { ...this.regs, gdtr: { ...this.regs.gdtr }, idtr: { ...this.regs.idtr } }; }
  setRegister(name: WritableRegister, value: number): void { this.regs[name] = value >>> 0; }
  readVirtual(addr: number, length: number): Uint8Array | null { return this.readPhysical(addr, length); }
  writeVirtual(addr: number, bytes: Uint8Array): boolean { return this.writePhysical(addr, bytes); }
  readPhysical(addr: number, length: number): Uint8Array | null {
    return addr >= 0 && length >= 0 && addr + length <= FAKE_RAM ? this.ram.slice(addr, addr + length) : null;
  }
  writePhysical(addr: number, bytes: Uint8Array): boolean {
    if (!(addr >= 0 && addr + bytes.length <= FAKE_RAM)) return false;
    this.ram.set(bytes, addr);
    return true;
  }
  instructions(): number { return this.count; }
  lastInstructions(): { eip: number; bytes: Uint8Array }[] { return []; }
  on(_event: "stop", fn: (r: StopReason) => void): void { this.listeners.push(fn); }
}
