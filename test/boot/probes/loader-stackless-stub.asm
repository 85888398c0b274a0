; The classic tutorial boot stub: a Multiboot v1 header and `push ebx; push eax; call kmain` with NO stack
; of its own, relying on the loader's ESP (QEMU: 0x6F08, GRUB: 0x7FF00; the Multiboot spec leaves it
; undefined). kmain is C (loader-stackless.c or loader-elfsyms.c).
bits 32
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)
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
