/**
 * The lab's own recordings (the Record box) as a Timeline, the contract's naive form: a run of the lab without
 * input is reproduced by booting the same kernel with the same options under the virtual clock (every
 * instruction counted, the interpreter only), so standing at instruction n is "boot again, step n". A seek
 * forward from the current position only steps on. What a LabRecording holds is what such a run needs: the
 * kernel, its command line and stack paint, the RAM size, the recorded end and events.
 * Input typed into the guest during a recorded run is not in a LabRecording: the replay core's .klrec
 * (replay/, opened by web/replay-open.ts) is the format that logs inputs.
 */
import type { BootOptions, Debugger, Machine, Run } from "../emulator/index";
import type { TimelineLike, TimelineMark } from "./timeline-frame";

export interface LabRecording {
  kernel: Uint8Array;
  cmdline: string | null;
  paint: { start: number; end: number; pattern: number }[];
  ramBytes: number;
  /** Instructions executed by the recorded run (its end). */
  end: number;
  events: TimelineMark[];
}

/** The boot options of a recorded (and replayed) run: the virtual clock, a debugger, the recording's inputs. */
export function recordedBootOptions(r: Pick<LabRecording, "cmdline" | "paint">): BootOptions {
  return { clock: "virtual", paint: r.paint, ...(r.cmdline !== null ? { cmdline: r.cmdline } : {}), timeout: { ms: 24 * 3600 * 1000 } };
}

const EXCEPTION_NAMES = ["#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "", "#TS", "#NP", "#SS", "#GP", "#PF", "", "#MF", "#AC", "#MC", "#XM"];

/**
 * The CPU exceptions (vectors 0-31) of a recorded run, found by replaying it once with every one caught: each
 * is an event at the count of its faulting instruction ("#PF cr2 0x… at 0x…").
 */
export async function scanExceptions(machine: Machine, rec: LabRecording): Promise<TimelineMark[]> {
  const run = machine.boot(rec.kernel, { ...recordedBootOptions(rec), debug: { startPaused: true } });
  const d = run.debug!;
  await d.ready;
  for (let v = 0; v < 32; v++) d.catchVector(v);
  const out: TimelineMark[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    const stop = await d.cont();
    if (stop.kind !== "vector") break;
    const name = EXCEPTION_NAMES[stop.vector] || `vector ${stop.vector}`;
    out.push({ at: d.instructions(), kind: "exception", detail: `${name}${stop.errorCode !== null ? ` error ${stop.errorCode.toString(16)}` : ""}${stop.cr2 !== null ? ` cr2 0x${stop.cr2.toString(16)}` : ""} at 0x${stop.eip.toString(16)}` });
  }
  run.stop();
  await run.result;
  return out;
}

export function rebootTimeline(machine: Machine, rec: LabRecording): TimelineLike & { close(): void } {
  let run: Run | null = null;
  let debug: Debugger | null = null;
  let position = 0;
  const boot = async () => {
    run?.stop();
    run = machine.boot(rec.kernel, { ...recordedBootOptions(rec), debug: { startPaused: true } });
    debug = run.debug!;
    await debug.ready;
    position = 0;
  };
  const live = (): Debugger => {
    if (!debug) throw new Error("the timeline has not been sought yet");
    return debug;
  };
  return {
    get debug() { return live(); },
    position: () => position,
    end: () => rec.end,
    async seek(count) {
      if (!Number.isInteger(count) || count < 0 || count > rec.end) throw new RangeError(`instruction ${count} is outside the recording [0, ${rec.end}]`);
      if (!debug || count < position) await boot();
      const d = live();
      while (position < count) {
        const stop = await d.step(count - position);
        position = d.instructions();
        if (stop.kind === "ended") break;
      }
      if (position !== count) throw new Error(`the replay ended at instruction ${position}, before ${count}: the kernel does not repeat its recorded run`);
    },
    snapshots: () => [0],
    events: () => rec.events,
    close() { run?.stop(); run = null; debug = null; },
  };
}
