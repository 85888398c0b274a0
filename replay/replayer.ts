/**
 * Replaying a .klrec file on a Machine, as a Timeline (timeline.ts): the recorded kernel is booted under the
 * time-travel driver with the recorded inputs injected at their input points, snapshot 0 is restored (the
 * recorded devices and clock), and seek(count) restores the nearest snapshot at or before `count` and runs
 * forward exactly. Snapshots form a tree: the file's chain, plus denser ones made in memory while seeking or running forward
 * (each one's pages are relative to the state the machine had been saved or restored at before).
 * The page data held for snapshots is kept within a budget (snapshot-budget.ts says how and in which order).
 * Sits on the Machine API only.
 */
import { KernlabError, diagnostic } from "../core/diagnostics";
import type { BootOptions, Debugger, InputRecord, Machine, MachineState, Run, RunResult, StopReason, TimeTravelControl, Verdict } from "../emulator/index";
import { decodeSnapshot, readKlrec, type KlrecFile } from "./format";
import type { Timeline, TimelineEvent } from "./timeline";
import { DEFAULT_SNAPSHOT_BUDGET, SnapshotMemory, type SnapshotNode } from "./snapshot-budget";

/** A seek that replays more than this saves a state this far before its target, so stepping back is cheap. */
const NEAR_TARGET = 20_000;
/** In-memory snapshots while replaying forward: at the first tick after this many instructions since the last one. */
const DENSE_EVERY = 1_000_000;

export interface ReplayOptions {
  /** The file's name in errors. */
  file?: string;
  /** Denser in-memory snapshots while seeking or running forward (default every 1,000,000 instructions; 0: none): a step back after cont() replays at most this many (while they fit in snapshotBudget). */
  denseEvery?: number;
  /** Most bytes of snapshot page data held in memory (decoded file snapshots and in-memory ones; default
   *  256 MiB; Infinity: no limit). Over it, the ones farthest from the position are released or merged. */
  snapshotBudget?: number;
}

export interface Replay extends Timeline {
  readonly file: KlrecFile;
  readonly run: Run;
  /** The recorded verdict (null: the recording was saved while its run was still going). */
  readonly recordedVerdict: Verdict | null;
  /** Play to the end of the recording; resolves with the verdict the replay reached there. */
  playToEnd(): Promise<Verdict>;
  /** COM1 output of the replay (from its start: a seek backwards does not take output back). */
  serial(): string;
  /** Checkpoints, exceptions and the end as this replay met them (in the order met, seeks included). */
  replayedEvents(): readonly TimelineEvent[];
  /** Bytes of snapshot page data held in memory now (each page counted once). */
  heldBytes(): number;
  close(): Promise<RunResult>;
}

type Node = SnapshotNode;

/** Open a recording on `machine` (its memory size must be the recording's). */
export async function openReplay(machine: Machine, bytes: Uint8Array, opts: ReplayOptions = {}): Promise<Replay> {
  const fileName = opts.file ?? "<klrec>";
  const file = readKlrec(bytes, fileName);
  const h = file.header;
  if (machine.memoryBytes !== h.memoryMiB * 1024 * 1024) {
    throw new KernlabError(diagnostic("klrec-memory", `the recording was made with ${h.memoryMiB} MiB of guest RAM; this machine has ${machine.memoryBytes / (1024 * 1024)} MiB`, { file: fileName, line: 0, column: 0 }));
  }
  const denseEvery = opts.denseEvery ?? DENSE_EVERY;
  const budget = opts.snapshotBudget ?? DEFAULT_SNAPSHOT_BUDGET;
  if (!(budget >= 0)) throw new RangeError(`openReplay: snapshotBudget must be a number of bytes >= 0 (got ${budget})`);
  const byPoint = new Map<string, InputRecord[]>();
  for (const i of file.inputs) {
    const key = `${i.at}:${i.n}`;
    const list = byPoint.get(key) ?? [];
    list.push(i);
    byPoint.set(key, list);
  }
  // The snapshot tree: the file's chain first.
  const nodes: Node[] = [];
  let parent: Node | null = null;
  for (const [i, s] of file.snapshots.entries()) {
    const node: Node = { at: s.at, state: null, fileIndex: i, parent };
    nodes.push(node);
    parent = node;
  }
  const fileAt = new Map(nodes.map((n) => [n.at, n]));
  let sync: Node | null = null; // the state the machine was last saved at or restored to (null: boot, all-zero memory)
  let control: TimeTravelControl | null = null;
  const met: TimelineEvent[] = [];
  const memory = new SnapshotMemory(budget, nodes);
  const recorded: Verdict = h.verdict ?? { kind: "stopped" };

  const insert = (node: Node) => {
    let i = nodes.length;
    while (i > 0 && nodes[i - 1]!.at > node.at) i--;
    nodes.splice(i, 0, node);
  };
  const lastAtOrBefore = (count: number): Node => {
    let best = nodes[0]!;
    for (const n of nodes) if (n.at <= count && n.at >= best.at) best = n;
    return best;
  };

  const bootOpts: BootOptions = {
    kernelName: h.kernelName,
    ...(h.cmdline !== null ? { cmdline: h.cmdline } : {}),
    ...(h.loader !== null ? { loader: h.loader } : {}),
    modules: file.modules.map((data, i) => ({ data, ...(h.modules[i]?.cmdline != null ? { cmdline: h.modules[i]!.cmdline! } : {}) })),
    guestMips: h.guestMips,
    checkpointNames: Object.fromEntries(Object.entries(h.checkpointNames).map(([k, v]) => [Number(k), v])),
    debug: { startPaused: true },
    serialTailBytes: 1 << 20,
    timeTravel: {
      inputsAt: (at, n) => byPoint.get(`${at}:${n}`) ?? [],
      end: { at: h.end, verdict: recorded },
      onEvent: (e) => { met.push(e); },
      onTick: (at) => {
        if (!control) return;
        // Passing a file snapshot: the machine stands in its state, so it becomes the sync point (the shadow is
        // brought up to date; the delta is not kept). Later in-memory snapshots then hang from it, and their
        // pages stay relative to a nearby state when the ones between are dropped (snapshot-budget.ts). Not
        // before the replay first stands on snapshot 0 (sync null: the shadow is the boot's, not a snapshot's).
        const file = fileAt.get(at);
        if (file && sync && sync !== file) {
          control.saveState();
          sync = file;
          return;
        }
        if (denseEvery <= 0) return;
        const last = lastAtOrBefore(at);
        if (at - last.at < denseEvery) return;
        const next = nodes.find((n) => n.at > last.at);
        if (next && next.at - at < denseEvery / 2) return;
        save();
      },
    },
  };
  const run = machine.boot(file.kernel, bootOpts);
  const debug = run.debug!;
  await debug.ready;
  control = run.timeTravel!;

  async function stateOf(node: Node): Promise<MachineState> {
    if (!node.state) memory.hold(node, await decodeSnapshot(file.snapshots[node.fileIndex!]!, fileName));
    return node.state!;
  }

  /** The target's bytes of every page that may differ between `from` (null: all-zero memory) and `to`. */
  async function pagesBetween(from: Node | null, to: Node): Promise<Map<string, Map<number, Uint8Array>>> {
    const toPath: Node[] = [];
    for (let n: Node | null = to; n; n = n.parent) toPath.push(n);
    const fromPath: Node[] = [];
    for (let n: Node | null = from; n; n = n.parent) fromPath.push(n);
    const fromSet = new Set(fromPath);
    const lca = toPath.find((n) => fromSet.has(n)) ?? null;
    const touched = new Map<string, Set<number>>();
    const mark = async (n: Node) => {
      for (const [space, pages] of (await stateOf(n)).pages) {
        const set = touched.get(space) ?? new Set<number>();
        for (const index of pages.keys()) set.add(index);
        touched.set(space, set);
      }
    };
    for (const n of toPath) { if (n === lca) break; await mark(n); }
    for (const n of fromPath) { if (n === lca) break; await mark(n); }
    // Each page's nearest copy up the target's chain (none: all-zero memory). Walked a node at a time, so that
    // decoded file states far up the chain can be released again as soon as the walk has passed them.
    const out = new Map<string, Map<number, Uint8Array>>();
    for (const space of touched.keys()) out.set(space, new Map());
    let left = [...touched.values()].reduce((a, set) => a + set.size, 0);
    for (const n of toPath) {
      if (left === 0) break;
      const state = await stateOf(n);
      for (const [space, set] of touched) {
        const pages = state.pages.get(space);
        if (!pages) continue;
        for (const index of set) {
          const page = pages.get(index);
          if (!page) continue;
          out.get(space)!.set(index, page);
          set.delete(index);
          left--;
        }
      }
      memory.trimDecoded(to.at, to);
    }
    for (const [space, set] of touched) for (const index of set) out.get(space)!.set(index, new Uint8Array(4096));
    return out;
  }

  async function restore(node: Node): Promise<void> {
    const pages = await pagesBetween(sync, node);
    const state = await stateOf(node);
    try {
      control!.restoreState(state, pages);
    } catch (e) {
      // Only a file whose checksum matches but whose state is not a machine state of this kernlab gets here.
      throw new KernlabError(diagnostic("klrec-corrupt", `the snapshot at count ${node.at} does not fit this machine (${e instanceof Error ? e.message : String(e)})`, { file: fileName, line: 0, column: 0 }));
    }
    sync = node;
    memory.fit(node, control!.position());
  }

  function save(): Node {
    const state = control!.saveState();
    const node: Node = { at: state.at, state: null, fileIndex: null, parent: sync };
    memory.hold(node, state);
    sync = node;
    const same = nodes.findIndex((n) => n.at === node.at);
    if (same < 0) insert(node);
    memory.fit(node, node.at);
    return node;
  }

  let serialText = "";
  run.on("serial", (b) => { serialText += String.fromCharCode(...b); });

  // Stand on snapshot 0 as recorded (devices, clock epoch and all).
  await restore(nodes[0]!);

  const runTo = (count: number): Promise<StopReason> => control!.runTo(count);

  const timeline: Replay = {
    file,
    run,
    debug: debug as Debugger,
    recordedVerdict: h.verdict,
    position: () => control!.position(),
    end: () => h.end,
    snapshots: () => nodes.map((n) => n.at),
    events: () => file.events as readonly TimelineEvent[],
    async seek(count: number) {
      if (!Number.isSafeInteger(count) || count < 0 || count > h.end) throw new RangeError(`seek: ${count} is outside the recording (0..${h.end})`);
      const pos = control!.position();
      const base = lastAtOrBefore(count);
      if (!(pos <= count && pos >= base.at)) await restore(base);
      const from = control!.position();
      if (count - from > NEAR_TARGET * 2) {
        await runTo(count - NEAR_TARGET);
        if (control!.position() === count - NEAR_TARGET) save();
      }
      const r = await runTo(count);
      if (control!.position() !== count) {
        const why = r.kind === "ended" ? `the replay ended (${r.verdict.kind}) at instruction ${control!.position()}` : `the replay stopped at instruction ${control!.position()} (${r.kind})`;
        throw new KernlabError(diagnostic("replay-diverged", `cannot stand at instruction ${count}: ${why}; the recording ends at ${h.end}`, { file: fileName, line: 0, column: 0 }));
      }
    },
    async playToEnd() {
      const r = await runTo(h.end);
      if (r.kind === "ended") return r.verdict;
      return (await replayVerdict()) ?? recorded;
    },
    serial: () => serialText,
    replayedEvents: () => met,
    heldBytes: () => memory.held(),
    async close() {
      run.stop();
      return run.result;
    },
  };
  /** The verdict the replay itself reached at the end: a step from the end reports it. */
  async function replayVerdict(): Promise<Verdict | null> {
    const r = await debug.step(1);
    return r.kind === "ended" ? r.verdict : null;
  }
  return timeline;
}
