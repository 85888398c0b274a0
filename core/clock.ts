/**
 * A monotonic clock in milliseconds from an arbitrary start: `performance.now()`'s scale, for measuring
 * intervals. In Node it reads process.hrtime(): touching Node's `performance` global loads its perf_hooks
 * modules (about 1 ms of a one-shot `kernlab run`); elsewhere (the browser) it is performance.now().
 */
interface HrtimeProcess { hrtime?: () => [number, number] }

const hrtime = (globalThis as { process?: HrtimeProcess }).process?.hrtime;

export const monotonicMs: () => number = typeof hrtime === "function"
  ? () => { const [s, ns] = hrtime(); return s * 1e3 + ns / 1e6; }
  : () => performance.now();
