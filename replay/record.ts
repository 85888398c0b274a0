/**
 * Recording a run (BootOptions.record): the inputs with the instruction count and input point at which they
 * entered a device, the checkpoints, exceptions and the end as events, and a machine snapshot at count 0 and
 * then at the first tick after every `snapshotEvery` instructions (pages changed since the previous snapshot).
 * Run.recording.bytes() encodes what is recorded so far as a .klrec file (format.ts). startRecording is the
 * emulator's Recorder (plugged in by machine.ts): Machine.boot calls it; this file drives nothing itself.
 */
import type { BootOptions, InputRecord, MachineState, RunRecorder, TimeTravelControl, Verdict } from "../emulator/index";
import { encodeKlrec, encodeSnapshot, type KlrecHeader } from "./format";
import type { TimelineEvent } from "./timeline";

/**
 * Default snapshot interval on disk. A seek replays at most this many instructions from the file's snapshots
 * (the interpreter runs 25-75 M instructions/s here: 70-200 ms), and a snapshot of a small kernel is a few KiB
 * (bench `record-bytes-per-100M`), so 20 per 100M instructions stay far below 1 MiB.
 */
export const DEFAULT_SNAPSHOT_EVERY = 5_000_000;
const DEFAULT_GUEST_MIPS = 100;
const PACKAGE_VERSION = "kernlab 0.1.0";

export function startRecording(kernel: Uint8Array, opts: BootOptions, memoryBytes: number): RunRecorder {
  const every = typeof opts.record === "object" && opts.record.snapshotEvery !== undefined ? opts.record.snapshotEvery : DEFAULT_SNAPSHOT_EVERY;
  if (!Number.isSafeInteger(every) || every < 100_000) throw new RangeError(`record.snapshotEvery must be an integer >= 100000, got ${every}`);
  const kernelCopy = kernel.slice();
  const modules = (opts.modules ?? []).map((m) => ({ data: m.data.slice(), cmdline: m.cmdline ?? null }));
  const inputs: InputRecord[] = [];
  const events: TimelineEvent[] = [];
  const snapshots: MachineState[] = [];
  /** Each snapshot is compressed once (bytes() may be called again as a live recording grows). */
  const compressed = new WeakMap<MachineState, ReturnType<typeof encodeSnapshot>>();
  const compress = (s: MachineState) => { let c = compressed.get(s); if (!c) { c = encodeSnapshot(s); compressed.set(s, c); } return c; };
  let control: (() => TimeTravelControl) | null = null;
  let verdict: Verdict | null = null;
  let endAt: number | null = null;

  const header = (): KlrecHeader => ({
    kernelName: opts.kernelName ?? "kernel",
    cmdline: opts.cmdline ?? null,
    loader: opts.loader ?? null,
    memoryMiB: memoryBytes / (1024 * 1024),
    guestMips: opts.guestMips ?? DEFAULT_GUEST_MIPS,
    modules: modules.map((m) => ({ cmdline: m.cmdline })),
    checkpointNames: Object.fromEntries(Object.entries(opts.checkpointNames ?? {}).map(([k, v]) => [k, v])),
    end: endAt ?? control?.().position() ?? 0,
    verdict,
    snapshotEvery: every,
    recordedBy: PACKAGE_VERSION,
  });

  return {
    hooks(c) {
      control = c;
      return {
        onInput(input) {
          inputs.push(input);
          const detail = input.kind === "keys" ? input.codes.map((b) => b.toString(16).padStart(2, "0")).join(" ") : JSON.stringify(String.fromCharCode(...input.bytes));
          events.push({ at: input.at, kind: input.kind === "keys" ? "key" : "serial-in", detail });
        },
        onTick(at) {
          const last = snapshots[snapshots.length - 1];
          if (last && at - last.at < every) return;
          snapshots.push(c().saveState());
          events.push({ at, kind: "snapshot", detail: `snapshot ${snapshots.length - 1}` });
        },
        onEvent(e) { events.push(e); },
      };
    },
    finish(v, at) {
      if (verdict) return;
      verdict = v;
      endAt = at;
    },
    end: () => endAt ?? control?.().position() ?? 0,
    async bytes() {
      const h = header();
      const kept = snapshots.filter((s) => s.at <= h.end);
      return encodeKlrec({
        header: h,
        kernel: kernelCopy,
        modules: modules.map((m) => m.data),
        inputs: inputs.filter((i) => i.at <= h.end),
        events: events.filter((e) => e.at <= h.end),
        snapshots: await Promise.all(kept.map(compress)),
      });
    },
  };
}
