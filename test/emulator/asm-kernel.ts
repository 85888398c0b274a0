/**
 * Tiny multiboot kernels written inline in a test, assembled by kernlab's own assembler and linked by its own
 * linker (no oracle needed). The source comes after test/fixtures/kernel-common.inc without its routines: the
 * multiboot header, `bits 32`, EXIT/CHECKPOINT and the set-up macros (IDT_GATE, PIC_REMAP, PIT_RATE, PAGING_PSE,
 * PAGE_DIR_4M); its own code starts the .text section. Not a test file.
 */
import { readFileSync } from "node:fs";
import { KERNEL_LD } from "../../bench/kernels";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { mapResolver } from "../../toolchain/asm/source";
import { link } from "../../toolchain/link/index";

const COMMON = "kernel-common.inc";
const PRELUDE = `%define KC_NO_ROUTINES\n%include "${COMMON}"\nsection .text\n`;
const resolver = mapResolver({ [COMMON]: readFileSync(new URL(`../fixtures/${COMMON}`, import.meta.url), "latin1") });

/** The linked ELF of `source` (NASM syntax, after the prelude; `_start` is the entry). */
export function asmKernel(source: string, defines: Record<string, string | number> = {}): Uint8Array {
  const obj = assembleOrThrow(PRELUDE + source, { file: "kernel.asm", resolver, defines: Object.entries(defines).map(([name, value]) => ({ name, value: String(value) })) });
  return link([{ name: "kernel.o", bytes: obj }], { script: { text: KERNEL_LD, file: "kernel.ld" } }).image;
}
