/**
 * The debugger of a run booted with BootOptions.debug, once the kernel is loaded (Debugger.ready): before
 * that, registers and memory are not yet the run's. Resolves null when the run has no debugger or ended
 * first (a kernel that cannot load).
 */
import type { Debugger, Run } from "../emulator/index";

export async function debuggerOf(run: Run): Promise<Debugger | null> {
  const dbg = run.debug;
  if (!dbg) return null;
  let ended = false;
  await Promise.race([dbg.ready, run.result.then(() => { ended = true; }, () => { ended = true; })]);
  return ended ? null : dbg;
}
