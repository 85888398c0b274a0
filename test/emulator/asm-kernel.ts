/**
 * Tiny multiboot kernels written inline in a test, assembled by kernlab's own assembler and linked by its own
 * linker (no oracle needed). The source gets the multiboot header, `bits 32` and an EXIT macro (al → port 0xF4).
 * Not a test file.
 */
import { KERNEL_LD } from "../../bench/kernels";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { link } from "../../toolchain/link/index";

const PRELUDE = `bits 32
section .multiboot
align 4
    dd 0x1BADB002, 3, -(0x1BADB002 + 3)
%macro EXIT 1
    mov al, %1
    out 0xF4, al
%endmacro
section .text
`;

/** The linked ELF of `source` (NASM syntax, after the prelude; `_start` is the entry). */
export function asmKernel(source: string, defines: Record<string, string | number> = {}): Uint8Array {
  const obj = assembleOrThrow(PRELUDE + source, { file: "kernel.asm", defines: Object.entries(defines).map(([name, value]) => ({ name, value: String(value) })) });
  return link([{ name: "kernel.o", bytes: obj }], { script: { text: KERNEL_LD, file: "kernel.ld" } }).image;
}
