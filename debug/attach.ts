/**
 * The debugger of a run booted with BootOptions.debug. Run.debug is set when the run's boot has loaded the
 * kernel (a few microtasks after Machine.boot returns), so callers that attach at once wait for it here.
 * Resolves null when the run ended first (a kernel that cannot load) or has no debugger.
 */
import type { Debugger, Run } from "../emulator/index";

export async function debuggerOf(run: Run): Promise<Debugger | null> {
  let settled = false;
  run.result.then(() => { settled = true; }, () => { settled = true; });
  while (!run.debug && !settled) await new Promise((r) => setTimeout(r, 1));
  return run.debug ?? null;
}
