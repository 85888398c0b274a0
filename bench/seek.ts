/**
 * Seek timings over a Timeline (replay/timeline.ts), for the time-travel rows of the bench and for reverse
 * debugging's `reverse-stepi-ms` (replay/reverse.ts measures its own algorithms with the same helper).
 */
import type { Timeline } from "../replay/timeline";

export interface SeekTimes {
  /** Standing at `at` from wherever the timeline stood (a restore and a replay from the nearest snapshot). */
  coldMs: number;
  /** Each of `backSteps` seeks to position() - 1 (reverse-stepi), in order. */
  backMs: number[];
}

export async function measureSeek(t: Timeline, at: number, backSteps = 20): Promise<SeekTimes> {
  const t0 = performance.now();
  await t.seek(at);
  const coldMs = performance.now() - t0;
  const backMs: number[] = [];
  for (let i = 0; i < backSteps && t.position() > 0; i++) {
    const t1 = performance.now();
    await t.seek(t.position() - 1);
    backMs.push(performance.now() - t1);
  }
  return { coldMs, backMs };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}
