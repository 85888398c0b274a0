/**
 * The v86 fixes kernlab applies, in order. Adding a fix is adding a file beside this one (the fix, its
 * .diff against v86's source) and a row here; its test goes in test/emulator/v86-fixes/ or test/boot/.
 */
import { cr3LowBits } from "./cr3-low-bits";
import { debugHooks } from "./debug-hooks";
import type { V86Fix } from "./fix";

export const V86_FIXES: readonly V86Fix[] = [
  cr3LowBits,
  debugHooks,
];
