/**
 * Coalesced seeks for the lab's timeline slider: while one seek runs, further requests only replace the one
 * waiting (only the latest slider position matters), so dragging across a long recording never queues up
 * hundreds of replays. At most one seek runs at a time and at most one waits; when the running one finishes
 * its result is delivered, then the waiting one (if any, and if it differs) starts.
 * Pure: no DOM, no worker; the page gives it the function that seeks (a message to the timeline worker).
 */
export interface SeekQueue<R> {
  /** Ask to stand at `count`; it replaces any request still waiting. */
  request(count: number): void;
  /** The position of the last delivered result (null before the first). */
  readonly shown: number | null;
  /** True while a seek runs. */
  readonly busy: boolean;
  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void>;
}

export function seekQueue<R>(seek: (count: number) => Promise<R>, deliver: (result: R, count: number) => void, fail: (error: unknown, count: number) => void): SeekQueue<R> {
  let running: number | null = null;
  let waiting: number | null = null;
  let shown: number | null = null;
  let idlers: (() => void)[] = [];
  const start = (count: number): void => {
    running = count;
    seek(count).then((r) => { shown = count; deliver(r, count); }, (e: unknown) => fail(e, count)).finally(() => {
      running = null;
      const next = waiting;
      waiting = null;
      if (next !== null && next !== shown) start(next);
      else { const list = idlers; idlers = []; for (const f of list) f(); }
    });
  };
  return {
    request(count) {
      if (running === null) start(count);
      else waiting = count === running ? null : count;
    },
    get shown() { return shown; },
    get busy() { return running !== null; },
    idle() { return running === null ? Promise.resolve() : new Promise((ok) => idlers.push(ok)); },
  };
}
