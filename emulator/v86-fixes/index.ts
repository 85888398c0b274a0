/**
 * The one place for v86 fixes: applyV86Fixes patches v86.wasm's bytes before they are compiled (Node:
 * emulator/wasm-node.ts; browser: emulator/wasm-browser.ts and the web build, scripts/build-web.ts).
 * The patched module carries a custom section "kernlab.v86-fixes" naming the fixes in it, so applying
 * again is a no-op and a module says which fixes it has (appliedV86Fixes). See README.md in this folder.
 */
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { WasmPatchError } from "./binary";
import type { V86Fix } from "./fix";
import { V86_FIXES } from "./registry";
import { WasmModule } from "./wasm-module";

export type { V86Fix } from "./fix";
export { V86_FIXES } from "./registry";
export { WasmModule } from "./wasm-module";
export { WasmPatchError } from "./binary";

/** Which fixes to apply: all by default; `only` names the ones to apply, `except` the ones to leave out. */
export interface V86FixSelection {
  only?: readonly string[];
  except?: readonly string[];
}

/** The custom section recording the applied fixes (ids joined by ","). */
export const APPLIED_SECTION = "kernlab.v86-fixes";

/** The fixes `selection` picks from `fixes`; unknown names are a KernlabError ("unknown-v86-fix"). */
export function selectV86Fixes(selection: V86FixSelection = {}, fixes: readonly V86Fix[] = V86_FIXES): V86Fix[] {
  const known = new Set(fixes.map((f) => f.id));
  for (const id of [...(selection.only ?? []), ...(selection.except ?? [])]) {
    if (!known.has(id)) {
      throw new KernlabError(diagnostic("unknown-v86-fix", `unknown v86 fix '${id}'`, null, [{ text: `known fixes: ${[...known].join(", ")}` }]));
    }
  }
  return fixes.filter((f) => (!selection.only || selection.only.includes(f.id)) && !selection.except?.includes(f.id));
}

/** The ids of the fixes recorded in a module's bytes (empty for v86.wasm as shipped). */
export function appliedV86Fixes(wasm: Uint8Array): string[] {
  const data = WasmModule.parse(wasm).customSection(APPLIED_SECTION);
  if (!data || data.length === 0) return [];
  return new TextDecoder().decode(data).split(",");
}

/**
 * v86.wasm's bytes with the selected fixes applied (a new array; `wasm` is not modified). Fixes already
 * recorded in the module are skipped. A fix whose code is not found in this v86 build throws a KernlabError
 * with code "v86-fix-mismatch": kernlab pins v86, and a fix is never applied to code it was not written for.
 */
export function applyV86Fixes(wasm: Uint8Array, selection: V86FixSelection = {}, fixes: readonly V86Fix[] = V86_FIXES): Uint8Array {
  const chosen = selectV86Fixes(selection, fixes);
  const module = WasmModule.parse(wasm);
  const data = module.customSection(APPLIED_SECTION);
  const applied = data && data.length ? new TextDecoder().decode(data).split(",") : [];
  const todo = chosen.filter((f) => !applied.includes(f.id));
  if (todo.length === 0) return wasm.slice();
  for (const fix of todo) {
    try {
      fix.apply(module);
    } catch (e) {
      if (!(e instanceof WasmPatchError)) throw e;
      throw new KernlabError(diagnostic("v86-fix-mismatch", `v86 fix '${fix.id}' does not fit this v86.wasm: ${e.message}`, null,
        [{ text: `the fix was written for the pinned v86 package; see emulator/v86-fixes/${fix.diff}` }]));
    }
    applied.push(fix.id);
  }
  module.setCustomSection(APPLIED_SECTION, new TextEncoder().encode(applied.join(",")));
  return module.encode();
}
