; A kernel that ends with ESP = 0 (as kernlab used to enter kernels): `kernlab inspect` must flag the stack
; pointer as outside RAM. Prints one line and exits 0x61 without touching the stack again.
%include "probe.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)
section .text
global _start
_start:
    PUTS "stack given up"
    PUTS 10
    xor esp, esp
    EXIT 0x61
