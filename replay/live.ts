/**
 * The Timeline of a run being recorded (BootOptions.record + BootOptions.debug): what lets GDB attached to
 * `kernlab run --record FILE --gdb PORT` step back over what has been recorded so far. Not the recorder
 * (record.ts) and not the replayer (replayer.ts): it joins the two.
 *
 * The live run is never moved back. Stepping back opens a replay of the recording so far (openReplay) on a
 * second Machine and stands there: the "history". Running forward in the history replays up to the live
 * run's count and then hands over to the live run, which stood stopped there all along, so the guest
 * carries on exactly where it was:
 *
 *     live run:   0 ───────────────────────────────── P (stopped; the recording's end)
 *     history:    0 ── seek(k) ── step/cont ────────→ P → hand over: step/cont go on in the live run
 *
 * Breakpoints, watchpoints and catches set through `debug` are installed in both machines with one id.
 * In the history the machine's state is the recording's: writing registers or memory there is refused.
 * Limit: a read/access watchpoint hit by the very last instruction before the hand-over is not reported.
 */
import type { Debugger, ExecutedInstruction, FullRegisters, GuestMemory, Machine, Run, StopReason, SymbolTable, WatchAccess } from "../emulator/index";
import { openReplay, type Replay } from "./replayer";
import type { Timeline, TimelineEvent } from "./timeline";
import { reverseContinue, reverseStep, whoWrote, type ReverseDebugging } from "./reverse";

type Point =
  | { kind: "breakpoint"; at: number; live: number; history: number | null }
  | { kind: "watchpoint"; spec: { start: number; length: number; access: WatchAccess; physical?: boolean }; live: number; history: number | null };

export interface LiveTimeline extends Timeline {
  /** Open (or refresh) the history so that it reaches the live run's count: call before a reverse scan. */
  sync(): Promise<void>;
  /** True while standing in the history (a replay), false in the live run. */
  inHistory(): boolean;
  /** The physical memory of the machine standing at position(): the history's or the live one's. */
  memory(): GuestMemory;
  /** Close the history's replay (the live run is left alone). */
  close(): Promise<void>;
}

/**
 * A Timeline over `run` (booted with `record` and `debug` on `liveMachine`). `historyMachine` makes the second Machine the
 * history replays on (its memory size must be the live machine's); it is called once, on the first step back.
 */
export function liveTimeline(run: Run, liveMachine: Machine, historyMachine: () => Promise<Machine>, symbols?: SymbolTable | null): LiveTimeline {
  const liveDebug = run.debug;
  const liveRecording = run.recording;
  if (!liveDebug || !liveRecording) throw new Error("liveTimeline: the run must be booted with BootOptions.record and BootOptions.debug");
  const live: Debugger = liveDebug;
  const recording = liveRecording;
  const points = new Map<number, Point>();
  const vectors = new Set<number>();
  let catchCr = false;
  let nextId = 1;
  let machine: Machine | null = null;
  let replay: Replay | null = null;
  let history = false;
  const listeners: ((r: StopReason) => void)[] = [];

  const active = (): Debugger => (history && replay ? replay.debug : live);
  const toPublic = (r: StopReason, from: "live" | "history"): StopReason => {
    if (r.kind !== "breakpoint" && r.kind !== "watchpoint") return r;
    for (const [id, p] of points) if ((from === "live" ? p.live : p.history) === r.id && p.kind === r.kind) return { ...r, id };
    return r;
  };
  live.on("stop", (r) => { if (!history) for (const fn of listeners) fn(toPublic(r, "live")); });

  function installInHistory(p: Point): void {
    const d = replay!.debug;
    p.history = p.kind === "breakpoint" ? d.addBreakpoint(p.at) : d.addWatchpoint(p.spec);
  }

  async function sync(): Promise<void> {
    const now = live.instructions();
    if (replay && replay.end() === now) return;
    if (replay) await replay.close();
    replay = null;
    history = false;
    machine ??= await historyMachine();
    const bytes = await recording.bytes();
    const r = await openReplay(machine, bytes, { file: "<live recording>" });
    replay = r;
    r.debug.on("stop", (s) => { if (history) for (const fn of listeners) fn(toPublic(s, "history")); });
    for (const p of points.values()) installInHistory(p);
    for (const v of vectors) r.debug.catchVector(v);
    if (catchCr) r.debug.catchControlRegisterWrites(true);
  }

  /**
   * Forward in the history: `n` instructions (null: until a stop). At the live count it hands over to the
   * live run; a breakpoint at exactly that count, or a write watchpoint the last replayed instruction hit,
   * is reported there (the replay holds at its end before it would see them).
   */
  async function forwardInHistory(n: number | null): Promise<StopReason> {
    const d = replay!.debug;
    const end = replay!.end();
    const start = d.instructions();
    // 1. Up to one instruction short of the end: stops on the way are the replay's.
    const short = Math.min(n === null ? end - 1 : start + n, end - 1);
    if (short > start) {
      const s = await d.step(short - start);
      if (s.kind !== "step") return toPublic(s, "history");
    }
    if (n !== null && start + n < end) return { kind: "step" };
    // 2. The last recorded instruction: the watched bytes before it, then compared in the live run after it.
    const watched = [...points.entries()].filter((e): e is [number, Extract<Point, { kind: "watchpoint" }>] => e[1].kind === "watchpoint" && e[1].spec.access === "write");
    const read = (dbg: Debugger, p: Extract<Point, { kind: "watchpoint" }>) => (p.spec.physical ? dbg.readPhysical(p.spec.start, p.spec.length) : dbg.readVirtual(p.spec.start, p.spec.length));
    let old: (Uint8Array | null)[] = [];
    let eip = d.registers().eip;
    if (d.instructions() < end) {
      old = watched.map(([, p]) => read(d, p));
      eip = d.registers().eip;
      const s = await d.step(1);
      if (s.kind !== "ended" && s.kind !== "step") {
        // The replay saw its last instruction's access itself (exact watchpoints): it stands at the live count.
        if (d.instructions() >= end) history = false;
        return toPublic(s, "history");
      }
    }
    history = false; // the live run stands exactly here
    for (let i = 0; i < old.length; i++) {
      const [id, p] = watched[i]!;
      const now = read(live, p);
      if (!sameBytes(old[i]!, now)) return { kind: "watchpoint", id, access: "write", address: p.spec.start, length: p.spec.length, oldValue: old[i]!, newValue: now, eip };
    }
    const done = end - start;
    if (n !== null && done >= n) return { kind: "step" };
    const pc = live.registers().eip >>> 0;
    for (const [id, p] of points) if (p.kind === "breakpoint" && p.at === pc) return { kind: "breakpoint", id, address: pc };
    return toPublic(n === null ? await live.cont() : await live.step(n - done), "live");
  }

  const refuseInHistory = (what: string) => {
    if (history) throw new Error(`${what}: the machine is replaying the recorded history (step forward to the live run to change it)`);
  };

  const debug: Debugger = {
    get ready() { return live.ready; },
    get stopped() { return active().stopped; },
    pause: () => active().pause(),
    step: async (n = 1) => (history ? forwardInHistory(n) : toPublic(await live.step(n), "live")),
    cont: async () => (history ? forwardInHistory(null) : toPublic(await live.cont(), "live")),
    addBreakpoint(at: number | string): number {
      const id = nextId++;
      const liveId = live.addBreakpoint(at);
      const address = typeof at === "number" ? at >>> 0 : symbols?.address(at) ?? null;
      if (address === null) { live.removeBreakpoint(liveId); throw new Error(`liveTimeline: no symbol '${String(at)}'`); }
      const p: Point = { kind: "breakpoint", at: address, live: liveId, history: null };
      points.set(id, p);
      if (replay) installInHistory(p);
      return id;
    },
    removeBreakpoint(id: number): void { remove(id); },
    addWatchpoint(spec): number {
      const id = nextId++;
      const p: Point = { kind: "watchpoint", spec: { ...spec }, live: live.addWatchpoint(spec), history: null };
      points.set(id, p);
      if (replay) installInHistory(p);
      return id;
    },
    removeWatchpoint(id: number): void { remove(id); },
    catchVector(v: number, on = true) {
      if (on) vectors.add(v); else vectors.delete(v);
      live.catchVector(v, on);
      replay?.debug.catchVector(v, on);
    },
    catchControlRegisterWrites(on = true) {
      catchCr = on;
      live.catchControlRegisterWrites(on);
      replay?.debug.catchControlRegisterWrites(on);
    },
    registers: (): FullRegisters => active().registers(),
    setRegister: (name, value) => { refuseInHistory("setRegister"); live.setRegister(name, value); },
    readVirtual: (a, n) => active().readVirtual(a, n),
    writeVirtual: (a, b) => (history ? false : live.writeVirtual(a, b)),
    readPhysical: (a, n) => active().readPhysical(a, n),
    writePhysical: (a, b) => (history ? false : live.writePhysical(a, b)),
    instructions: () => active().instructions(),
    lastInstructions: (n?: number): ExecutedInstruction[] => active().lastInstructions(n),
    on(event: "stop", fn: (r: StopReason) => void) { if (event === "stop") listeners.push(fn); },
  };

  function remove(id: number): void {
    const p = points.get(id);
    if (!p) return;
    points.delete(id);
    if (p.kind === "breakpoint") { live.removeBreakpoint(p.live); if (p.history !== null) replay?.debug.removeBreakpoint(p.history); }
    else { live.removeWatchpoint(p.live); if (p.history !== null) replay?.debug.removeWatchpoint(p.history); }
  }

  return {
    debug,
    position: () => active().instructions(),
    end: () => live.instructions(),
    snapshots: () => (replay ? replay.snapshots() : [0]),
    events: (): readonly TimelineEvent[] => (replay ? replay.events() : []),
    async seek(count: number) {
      const now = live.instructions();
      if (!Number.isSafeInteger(count) || count < 0 || count > now) throw new RangeError(`seek: ${count} is outside the recording so far (0..${now})`);
      if (count === now) { history = false; return; }
      await sync();
      await replay!.seek(count);
      history = true;
    },
    sync,
    inHistory: () => history,
    memory: () => (history && machine ? machine.memory : liveMachine.memory),
    async close() {
      if (replay) await replay.close();
      replay = null;
      history = false;
      machine?.destroy();
      machine = null;
    },
  };
}

/** Reverse execution over a live recording: the history is brought up to date before each scan. */
export function liveReverseDebugging(t: LiveTimeline): ReverseDebugging {
  let abort = new AbortController();
  const fresh = () => { abort = new AbortController(); return abort.signal; };
  return {
    reverseStep: async () => { await t.sync(); return reverseStep(t); },
    reverseContinue: async () => { const signal = fresh(); await t.sync(); return reverseContinue(t, { signal }); },
    interrupt: () => abort.abort(),
    whoWrote: async (addr, length, o = {}) => { const signal = fresh(); await t.sync(); return whoWrote(t, addr, length, { ...o, signal }); },
    position: () => t.position(),
    end: () => t.end(),
    bounded: false,
  };
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
