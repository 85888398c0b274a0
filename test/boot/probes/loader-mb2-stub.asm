; A Multiboot 2 boot stub in the tutorial shape: header (information request for the framebuffer and the
; memory map, end tag) and `push ebx; push eax; call kmain` on GRUB's stack. kmain is loader-mb2.c.
bits 32
MB2_MAGIC equ 0xE85250D6
section .multiboot2 progbits alloc noexec nowrite align=8
header:
    dd MB2_MAGIC, 0, header_end - header, -(MB2_MAGIC + 0 + (header_end - header))
    dw 1, 0
    dd 16
    dd 8, 6
    dw 0, 0
    dd 8
header_end:
section .text
global _start
extern kmain
_start:
    push ebx
    push eax
    call kmain
.hang:
    cli
    hlt
    jmp .hang
