/**
 * The naive Timeline of TT-CONTRACT.md, for reverse.ts's tests and as their oracle: seek(N) boots the kernel
 * again (virtual clock, startPaused) and steps exactly N instructions. Only for kernels without input.
 * Its "snapshots" are marks (every `snapshotEvery` instructions, or a list) (a seek costs a reboot whatever the mark), so
 * the reverse scans walk several intervals as they do over a real recording.
 *
 * debug is a Debugger whose breakpoints, watchpoints and catches live across seeks: each seek re-installs
 * them on the new run's debugger after the steps (so they never stop a seek), with the same ids.
 */
import type { BootOptions, Debugger, ExecutedInstruction, FullRegisters, Machine, Run, StopReason, WatchAccess } from "../../emulator/index";
import { debuggerOf } from "../../debug/attach";
import type { Timeline, TimelineEvent } from "../../replay/timeline";

type Point =
  | { kind: "breakpoint"; at: number | string }
  | { kind: "watchpoint"; spec: { start: number; length: number; access: WatchAccess; physical?: boolean } };

export class RebootTimeline implements Timeline {
  private run: Run | null = null;
  private inner: Debugger | null = null;
  private readonly points = new Map<number, Point>();
  /** Proxy id → the current run's id. */
  private readonly innerIds = new Map<number, number>();
  private readonly vectors = new Set<number>();
  private catchCr = false;
  private nextId = 1;
  private readonly listeners: ((r: StopReason) => void)[] = [];
  readonly debug: Debugger;
  /** How many boots seeks cost (tests check the scans stay bounded). */
  boots = 0;

  private constructor(private readonly machine: Machine, private readonly kernel: Uint8Array, private readonly opts: BootOptions,
    private readonly last: number, private readonly marks: readonly number[]) {
    this.debug = this.proxy();
  }

  /** Runs the kernel once to its end to learn end(), then stands at 0. */
  static async create(machine: Machine, kernel: Uint8Array, opts: { snapshotEvery?: number; snapshots?: number[]; boot?: BootOptions } = {}): Promise<RebootTimeline> {
    const boot: BootOptions = { timeout: { instructions: 5_000_000 }, ...opts.boot, clock: "virtual" };
    const full = await machine.boot(kernel, boot).result;
    const every = opts.snapshotEvery ?? 1000;
    const marks: number[] = [];
    if (opts.snapshots) marks.push(...new Set([0, ...opts.snapshots]));
    else for (let s = 0; s <= full.instructions; s += every) marks.push(s);
    const t = new RebootTimeline(machine, kernel, boot, full.instructions, marks.sort((a, b) => a - b));
    await t.seek(0);
    return t;
  }

  position(): number { return this.inner?.instructions() ?? 0; }
  end(): number { return this.last; }
  events(): readonly TimelineEvent[] { return []; }

  snapshots(): readonly number[] { return this.marks; }

  async seek(count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 0 || count > this.last) throw new RangeError(`seek: ${count} is outside 0..${this.last}`);
    if (this.run) { this.run.stop(); await this.run.result; }
    this.boots++;
    const run = this.machine.boot(this.kernel, { ...this.opts, debug: { startPaused: true } });
    const dbg = await debuggerOf(run);
    if (!dbg) throw new Error("seek: the kernel did not load");
    this.run = run;
    this.inner = dbg;
    dbg.on("stop", (r) => { for (const fn of this.listeners) fn(this.translate(r)); });
    let left = count;
    while (left > 0) {
      const r = await dbg.step(left);
      if (r.kind === "ended") break;
      left = count - dbg.instructions();
    }
    this.innerIds.clear();
    for (const [id, p] of this.points) this.install(id, p);
    for (const v of this.vectors) dbg.catchVector(v);
    if (this.catchCr) dbg.catchControlRegisterWrites(true);
  }

  /** Ends the current run (the machine is free again). */
  async close(): Promise<void> {
    if (this.run) { this.run.stop(); await this.run.result; }
    this.run = null;
  }

  private install(id: number, p: Point): void {
    const dbg = this.inner!;
    this.innerIds.set(id, p.kind === "breakpoint" ? dbg.addBreakpoint(p.at) : dbg.addWatchpoint(p.spec));
  }

  private translate(r: StopReason): StopReason {
    if (r.kind !== "breakpoint" && r.kind !== "watchpoint") return r;
    for (const [id, innerId] of this.innerIds) if (innerId === r.id) return { ...r, id };
    return r;
  }

  private proxy(): Debugger {
    const self = this;
    const d = () => {
      if (!self.inner) throw new Error("RebootTimeline: not seeked yet");
      return self.inner;
    };
    return {
      get ready() { return Promise.resolve(); },
      get stopped() { return d().stopped; },
      pause: () => d().pause(),
      step: async (n?: number) => self.translate(await d().step(n)),
      cont: async () => self.translate(await d().cont()),
      addBreakpoint(at: number | string): number {
        const id = self.nextId++;
        const p: Point = { kind: "breakpoint", at };
        self.points.set(id, p);
        self.install(id, p);
        return id;
      },
      removeBreakpoint(id: number): void { self.remove(id); },
      addWatchpoint(spec): number {
        const id = self.nextId++;
        const p: Point = { kind: "watchpoint", spec: { ...spec } };
        self.points.set(id, p);
        self.install(id, p);
        return id;
      },
      removeWatchpoint(id: number): void { self.remove(id); },
      catchVector(v: number, on = true) { if (on) self.vectors.add(v); else self.vectors.delete(v); d().catchVector(v, on); },
      catchControlRegisterWrites(on = true) { self.catchCr = on; d().catchControlRegisterWrites(on); },
      registers: (): FullRegisters => d().registers(),
      setRegister: (name, value) => d().setRegister(name, value),
      readVirtual: (a, n) => d().readVirtual(a, n),
      writeVirtual: (a, b) => d().writeVirtual(a, b),
      readPhysical: (a, n) => d().readPhysical(a, n),
      writePhysical: (a, b) => d().writePhysical(a, b),
      instructions: () => d().instructions(),
      lastInstructions: (n?: number): ExecutedInstruction[] => d().lastInstructions(n),
      on(event: "stop", fn: (r: StopReason) => void) { if (event === "stop") self.listeners.push(fn); },
    };
  }

  private remove(id: number): void {
    const p = this.points.get(id);
    const innerId = this.innerIds.get(id);
    this.points.delete(id);
    this.innerIds.delete(id);
    if (!p || innerId === undefined || !this.inner) return;
    if (p.kind === "breakpoint") this.inner.removeBreakpoint(innerId);
    else this.inner.removeWatchpoint(innerId);
  }
}
