/**
 * Generates `kernel/layout.inc`, the kernel's view of THE layout (kernel/layout.ts) as NASM `equ` lines.
 * layout.inc is never written by hand and never committed: every build generates it. Not the build itself
 * (kernel/build.ts); imports nothing but types, so kernel/layout.ts can offer it to `kernlab build`.
 */
import { hex } from "../core/hex";
import type { Layout } from "../toolchain/link/layout";
import type { KernelConstants } from "./layout";

export const LAYOUT_INC = "kernel/layout.inc";

/** `kernel/layout.inc`: the layout's numbers as NASM `equ` lines. */
export function generateLayoutInc(layout: Layout, constants: KernelConstants): string {
  const lines = [
    "; kernel/layout.inc: GENERATED from kernel/layout.ts by kernel/build.ts (generateLayoutInc). Do not edit.",
    "; The linker defines the boundary symbols (__text_start … __stack_top, __kernel_end); these are the rest.",
    "%ifndef LAYOUT_INC",
    "%define LAYOUT_INC",
    `; layout: base ${hex(layout.base)}, sections ${layout.sections.map((x) => x.name).join(" ")}`,
  ];
  for (const [name, value] of Object.entries(constants)) lines.push(`${name.padEnd(16)} equ ${hex(value as number)}`);
  lines.push("%endif", "");
  return lines.join("\n");
}

