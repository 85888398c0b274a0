; Differential probe: COM1 input. Prints "ready", then polls COM1's line status (bit 0: data ready), echoes
; every byte it receives until a newline, prints "bye" and exits with 0x33. Under QEMU the input comes from
; -serial stdio; under `kernlab run` from piped stdin (or --send-serial).
%include "probe.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

section .bss
alignb 16
stack: resb 4096
stack_top:

section .text
global _start
_start:
    mov esp, stack_top
    PUTS {"ready", 10}
.poll:
    mov dx, COM1 + 5
    in al, dx
    test al, 1
    jz .poll
    mov dx, COM1
    in al, dx
    call putc
    cmp al, 10
    jne .poll
    PUTS {"bye", 10}
    EXIT 0x33
