/**
 * What one v86 fix is: a named edit of v86.wasm, with the reason and the readable diff against v86's Rust
 * source beside it. The list of fixes is registry.ts; applying them is apply.ts.
 */
import type { WasmModule } from "./wasm-module";
import { WasmPatchError } from "./binary";
import { findSequences, type Instruction, type InstructionPattern } from "./instructions";

export interface V86Fix {
  /** Kebab-case name, used by { only, except } and recorded in the patched module. */
  id: string;
  /** One line: what the fix makes v86 do. */
  title: string;
  /** What v86 does wrong, and what a real CPU (and QEMU) does. */
  wrong: string;
  /** The .diff file beside the fix, against v86's Rust source (for a rebuilt v86 or an upstream report). */
  diff: string;
  /** Edit the module; throws WasmPatchError when the code it expects is not there (another v86 build). */
  apply(module: WasmModule): void;
}

/**
 * The occurrences of `pattern` in function `name`, which must number exactly `count` (default 1): a patch
 * that matches more or fewer places than its author saw is not applied blindly.
 */
export function expectSequences(module: WasmModule, name: string, pattern: readonly InstructionPattern[], count = 1): Instruction[][] {
  const index = module.functionIndex(name);
  const found = findSequences(module.body(index).code, pattern);
  if (found.length !== count) {
    throw new WasmPatchError("wasm-pattern-not-found", `${name}: expected ${count} match(es) of the patched code, found ${found.length} (a different v86 build?)`);
  }
  return found;
}

/** The full name of the one function called `name` (mangled Rust names end in `<len><name>`, e.g. `12do_page_walk`). */
export function rustFunction(module: WasmModule, name: string): string {
  const suffix = `${name.length}${name}`;
  const found = module.functionsEndingWith(suffix);
  if (found.length !== 1) throw new WasmPatchError("wasm-no-such-function", `v86.wasm: ${found.length} functions named ${name}`);
  return found[0]!.name;
}
