/**
 * Builds the hostile test kernels with kernlab's own assembler and linker (no oracle tools):
 * test/fixtures/kernel-common.inc without its routines (the multiboot header, EXIT_PORT, CHECKPOINT_PORT, COM1,
 * the EXIT and CHECKPOINT macros), then the test's source; linked at 1 MiB by a small layout.
 * Not a test file; the kernels themselves are inline in each test.
 */
import { readFileSync } from "node:fs";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { mapResolver } from "../../toolchain/asm/source";
import { defineLayout, link } from "../../toolchain/link/index";

const COMMON = "kernel-common.inc";
export const PRELUDE = `%define KC_NO_ROUTINES\n%include "${COMMON}"\nsection .text\nglobal _start\n`;
const resolver = mapResolver({ [COMMON]: readFileSync(new URL(`../fixtures/${COMMON}`, import.meta.url), "latin1") });

const layout = defineLayout({
  base: 0x0010_0000,
  sections: [
    { name: ".text", input: ["*(.multiboot)", "*(.text .text.*)"], align: 0x1000, keep: ["*(.multiboot)"] },
    { name: ".data", input: ["*(.data .data.*)", "*(.rodata .rodata.*)"], align: 0x1000 },
    { name: ".bss", input: ["*(.bss .bss.*)", "*(COMMON)"], align: 0x1000 },
  ],
});

/** The kernel ELF for `body` (NASM source after the prelude; it must define _start). */
export function hostileKernel(name: string, body: string): Uint8Array {
  const object = assembleOrThrow(PRELUDE + body, { file: `${name}.asm`, resolver });
  return link([{ name: `${name}.o`, bytes: object }], { layout }).image;
}
