/**
 * The small multiboot kernels the benches boot, as NASM source. Built with kernlab's own toolchain at bench
 * time, so kernlab and QEMU run the very same bytes.
 */

const HEADER = `bits 32
section .multiboot
align 4
    dd 0x1BADB002
    dd 0x00000003
    dd -(0x1BADB002 + 0x00000003)
section .text
global _start
`;

/** Prints one line on COM1 and exits with code 0 through port 0xF4. */
export const TINY_KERNEL = HEADER + `_start:
    mov esi, msg
.next:
    lodsb
    test al, al
    jz .done
    mov dx, 0x3F8
    out dx, al
    jmp .next
.done:
    xor eax, eax
    out 0xF4, al
    cli
.hang:
    hlt
    jmp .hang
section .rodata
msg: db "hello from a tiny kernel", 10, 0
`;

/** A CPU-bound loop of \`iterations\` rounds of integer work, then exit 0. */
export function cpuKernel(iterations: number): string {
  return HEADER + `_start:
    mov ecx, ${iterations}
    xor eax, eax
    mov ebx, 12345
.loop:
    imul ebx, ebx, 1103515245
    add ebx, 12345
    mov edx, ebx
    shr edx, 16
    xor eax, edx
    add eax, ecx
    dec ecx
    jnz .loop
    mov [result], eax
    xor eax, eax
    out 0xF4, al
    cli
.hang:
    hlt
    jmp .hang
section .bss
result: resd 1
`;
}

/** The link script used for bench kernels. */
export const KERNEL_LD = `ENTRY(_start)
SECTIONS
{
  . = 1M;
  .text : ALIGN(4K) { *(.multiboot) *(.text) }
  .rodata : ALIGN(4K) { *(.rodata) }
  .data : ALIGN(4K) { *(.data) }
  .bss : ALIGN(4K) { *(COMMON) *(.bss) }
}
`;
