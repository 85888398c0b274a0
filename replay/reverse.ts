/**
 * Reverse execution over a Timeline (replay/timeline.ts): reverse-stepi, reverse-continue and "who wrote
 * this?", by standing at earlier instruction counts and running forward again. It never runs the machine
 * backwards and holds no machine state of its own: restoring snapshots and replaying inputs is the Timeline's
 * job (replay/replayer.ts, replay/record.ts); this file only decides where to stand.
 *
 * The scan. To find the last stop before count P, passes walk backwards from P, each twice as long as the
 * one after it (the contract's walk over snapshot intervals, cut shorter near P):
 *
 *     0 ............................ P-3k ....... P-k ... P       (P = where the machine stands)
 *     pass 1:                                     seek(P-k) → step forward to P, note every hit < P
 *     pass 2:                        seek(P-3k) → step forward to P-k + 1, note every hit
 *     ...                    the first pass with a hit ends the scan: the LAST hit of that pass wins
 *     at 0 with no hit:  stand at 0 and report "history-begin" (GDB: "No more reverse-execution history.")
 *
 * Why not whole snapshot intervals: a write watchpoint makes the engine look at every instruction, so a pass
 * costs in proportion to its length, and the write asked about is usually recent; the seeks themselves are
 * cheap (the timeline restores the nearest snapshot and keeps denser ones as it goes). The first pass is
 * FIRST_PASS instructions long.
 *
 * Passes after the first go one instruction past their end: a breakpoint at exactly a pass's start is
 * skipped when running forward from there (the engine resumes over the breakpoint it stands on), so the
 * pass before it is the one that sees it. (At count 0 there is none: a breakpoint on the very first
 * instruction is reported as the start of history, at the same place.)
 *
 * Where a hit "is" (the count to stand at):
 *   breakpoint  the count of the stop: before the instruction at the breakpoint's address, as forward.
 *   watchpoint  one before the stop: the engine reports a write after the writing instruction; run backwards,
 *               GDB stops before it (EIP = the writer, the watched bytes still hold their old value), as
 *               GDB's own record target and rr do.
 * Catches (vectors, control-register writes) are not GDB stops in reverse: the scan steps over them.
 *
 * A write that leaves the watched bytes as they were is not seen (the engine's write watchpoints compare
 * values, as GDB's software watchpoints do).
 */
import type { Debugger, StopReason, SymbolTable } from "../emulator/index";
import type { Timeline } from "./timeline";

/** Where a reverse command stopped; the timeline then stands at that count. */
export type ReverseStop =
  | { kind: "step" }
  | Extract<StopReason, { kind: "breakpoint" }>
  | Extract<StopReason, { kind: "watchpoint" }>
  /** Ctrl-C (Debugger.pause()) during a scan: the timeline stands where the scan was. */
  | { kind: "interrupted" }
  /** The start of the recorded history (count 0) was reached with no hit on the way. */
  | { kind: "history-begin" };

/** The last write to a range before a point in time. */
export interface WriteRecord {
  /** The instruction count just before the writing instruction ran (seek there to see the old value). */
  at: number;
  /** Linear address of the writing instruction. */
  eip: number;
  /** `kmain+0x12` when symbols were given and one covers eip; null otherwise. */
  symbol: string | null;
  /** The instruction's bytes (up to 15, read when it had just run; empty when unmapped). */
  instruction: Uint8Array;
  /** The watched bytes before and after the write (null where they were unmapped). */
  oldValue: Uint8Array | null;
  newValue: Uint8Array | null;
}

export interface WhoWroteOptions extends ScanOptions {
  /** The point in time (instruction count) to look back from; default the timeline's position. */
  at?: number;
  /** `addr` is physical (default linear, through the guest's paging at each moment). */
  physical?: boolean;
  /** Names the writing instruction (WriteRecord.symbol). */
  symbols?: SymbolTable | null;
}

/** reverse-stepi: stand one instruction earlier; "history-begin" at count 0. */
export async function reverseStep(t: Timeline): Promise<ReverseStop> {
  const p = t.position();
  if (p <= 0) return { kind: "history-begin" };
  await t.seek(p - 1);
  return { kind: "step" };
}

/**
 * reverse-continue: stand at the last breakpoint or watchpoint hit (set through t.debug) before the current
 * position; at count 0 with "history-begin" when there is none.
 */
export async function reverseContinue(t: Timeline, opts: ScanOptions = {}): Promise<ReverseStop> {
  const from = t.position();
  const found = await scanBack(t, from, (r, pos) => {
    if (r.kind === "breakpoint") return pos;
    if (r.kind === "watchpoint") return pos - 1;
    return null;
  }, undefined, opts);
  if (found === "interrupted") return { kind: "interrupted" };
  if (found === null) {
    await t.seek(0);
    return { kind: "history-begin" };
  }
  await t.seek(found.at);
  const r = found.reason;
  if (r.kind === "breakpoint" || r.kind === "watchpoint") return r;
  return { kind: "step" };
}

/**
 * "Who wrote this?": the last instruction before `opts.at` (default: now) that changed a byte of
 * [addr, addr+length); null when none did since count 0 (the bytes are as the loader left them). The
 * timeline stands where it stood before the call when this resolves. Breakpoints and watchpoints set
 * through t.debug do not disturb the search. An aborted `opts.signal` rejects it ("who-wrote: interrupted").
 */
export async function whoWrote(t: Timeline, addr: number, length: number, opts: WhoWroteOptions = {}): Promise<WriteRecord | null> {
  if (!Number.isInteger(length) || length < 1 || length > 4096) throw new RangeError(`whoWrote: length must be 1..4096, got ${length}`);
  const back = t.position();
  const at = opts.at ?? back;
  if (!Number.isInteger(at) || at < 0 || at > t.end()) throw new RangeError(`whoWrote: at must be an instruction count from 0 to ${t.end()}, got ${at}`);
  const dbg = t.debug;
  // Installed at the scan's first seek: its reference bytes are those of the instant it starts from.
  const id = dbg.addWatchpoint({ start: addr >>> 0, length, access: "write", ...(opts.physical ? { physical: true } : {}) });
  let record: WriteRecord | null = null;
  try {
    const found = await scanBack(t, at, (r, pos) => {
      if (r.kind !== "watchpoint" || r.id !== id) return null;
      return pos - 1;
    }, (r) => instructionBytes(dbg, r), opts);
    if (found === "interrupted") throw new Error("who-wrote: interrupted");
    if (found !== null && found.reason.kind === "watchpoint") {
      const r = found.reason;
      record = {
        at: found.at, eip: r.eip >>> 0, symbol: opts.symbols ? symbolName(opts.symbols, r.eip) : null,
        instruction: found.extra ?? new Uint8Array(0), oldValue: r.oldValue, newValue: r.newValue,
      };
    }
  } finally {
    dbg.removeWatchpoint(id);
    await t.seek(back);
  }
  return record;
}

function symbolName(symbols: SymbolTable, eip: number): string | null {
  return symbols.lookup(eip) ? symbols.format(eip) : null;
}

/** The bytes of the instruction a watchpoint stop names, read right after it ran. */
function instructionBytes(dbg: Debugger, r: StopReason): Uint8Array {
  if (r.kind !== "watchpoint") return new Uint8Array(0);
  for (let n = 15; n >= 1; n--) {
    const b = dbg.readVirtual(r.eip >>> 0, n);
    if (b) return b;
  }
  return new Uint8Array(0);
}

interface Hit<E> { at: number; reason: StopReason; extra: E | null }

/** The first (latest) pass of a backward scan, in instructions; each earlier pass is twice as long. */
export const FIRST_PASS = 1 << 16;

export interface ScanOptions {
  /** Stops the scan where it stands (ReverseStop "interrupted"; whoWrote resolves null): GDB's Ctrl-C. */
  signal?: AbortSignal;
  /** The first pass's length (tests: small values make many passes on a small kernel). */
  firstPass?: number;
}

/**
 * Walks the snapshot intervals before `from` backwards (see the header). `where` maps a stop to the count
 * it stands for (null: not a hit); `note` captures what must be read at the stop itself. The last hit of the
 * first interval that has one; null when there is none down to count 0.
 */
async function scanBack<E>(t: Timeline, from: number, where: (r: StopReason, pos: number) => number | null, note?: (r: StopReason) => E, opts: ScanOptions = {}): Promise<Hit<E> | null | "interrupted"> {
  let hi = from;
  let length = Math.max(1, opts.firstPass ?? FIRST_PASS);
  const aborted = () => opts.signal?.aborted === true;
  while (hi > 0) {
    const lo = Math.max(0, hi - length);
    length *= 2;
    await t.seek(lo);
    if (aborted()) return "interrupted";
    const target = Math.min(hi === from ? hi : hi + 1, t.end());
    let best: Hit<E> | null = null;
    let stalled = 0;
    while (t.position() < target) {
      const before = t.position();
      const r = await t.debug.step(target - before);
      if (r.kind === "interrupted" || aborted()) return "interrupted";
      const pos = t.position();
      const at = where(r, pos);
      if (at !== null && at < from && (best === null || at >= best.at)) best = { at, reason: r, extra: note ? note(r) : null };
      if (r.kind === "ended") break;
      // A stop that does not advance (a catch reported twice at one boundary) must not spin.
      stalled = pos === before ? stalled + 1 : 0;
      if (stalled > 2) break;
    }
    if (best) return best;
    hi = lo;
  }
  return null;
}

/**
 * Reverse execution as a debugger host needs it (the GDB stub's `reverse` option, the monitor's who-wrote):
 * the functions above bound to one Timeline. The host keeps driving forward execution through t.debug.
 */
export interface ReverseDebugging {
  /** bs / reverse-stepi. */
  reverseStep(): Promise<ReverseStop>;
  /** bc / reverse-continue. */
  reverseContinue(): Promise<ReverseStop>;
  /** Ctrl-C: the reverse-continue (or who-wrote) under way stops where its scan stands. */
  interrupt(): void;
  /** monitor who-wrote: see whoWrote(); addresses are linear unless `physical`. */
  whoWrote(addr: number, length: number, opts?: { at?: number; physical?: boolean }): Promise<WriteRecord | null>;
  /** The instruction count the machine stands at, and the last one recorded. */
  position(): number;
  end(): number;
  /**
   * True for a replay: forward execution cannot go past the recorded end, so reaching the run's end there is
   * the end of the history (GDB's `replaylog:end`), and GDB may still step back. False for a live recording,
   * which runs on past its end and whose end is the guest's.
   */
  readonly bounded: boolean;
}

export function reverseDebugging(t: Timeline, opts: { bounded: boolean }): ReverseDebugging {
  let abort = new AbortController();
  const fresh = () => { abort = new AbortController(); return abort.signal; };
  return {
    reverseStep: () => reverseStep(t),
    reverseContinue: () => reverseContinue(t, { signal: fresh() }),
    interrupt: () => abort.abort(),
    whoWrote: (addr, length, o = {}) => whoWrote(t, addr, length, { ...o, signal: fresh() }),
    position: () => t.position(),
    end: () => t.end(),
    bounded: opts.bounded,
  };
}
