; A kernel with a small data segment in the BIOS area below 1 MiB (loader-rom-*.ld), as `ld -Ttext=0x100000`
; makes one for the ELF headers at 0xFF000: QEMU's loader copies it there and the kernel runs and reads it.
; Prints the data word and exits 0x2C.
%include "probe.inc"
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, 3, -(0x1BADB002 + 3)
section .blob progbits alloc noexec write align=4
blob: db "BLOB"
section .bss
stack: resb 1024
stack_top:
section .text
global _start
_start:
    mov esp, stack_top
    HEX32 "BLOB=", [blob]
    EXIT 0x2C
