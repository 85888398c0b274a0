/**
 * Builds the hostile test kernels with kernlab's own assembler and linker (no oracle tools): a multiboot
 * header, the exit and checkpoint macros, then the test's source; linked at 1 MiB by a small layout.
 * Not a test file; the kernels themselves are inline in each test.
 */
import { assembleOrThrow } from "../../toolchain/asm/index";
import { defineLayout, link } from "../../toolchain/link/index";

export const PRELUDE = `bits 32
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, 3, -(0x1BADB002 + 3)
%define EXIT_PORT 0xF4
%define CHECKPOINT_PORT 0x5F0
%define COM1 0x3F8
%macro EXIT 1
    mov al, %1
    out EXIT_PORT, al
%endmacro
%macro CHECKPOINT 1
    mov eax, %1
    mov dx, CHECKPOINT_PORT
    out dx, eax
%endmacro
section .text
global _start
`;

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
  const object = assembleOrThrow(PRELUDE + body, { file: `${name}.asm` });
  return link([{ name: `${name}.o`, bytes: object }], { layout }).image;
}
