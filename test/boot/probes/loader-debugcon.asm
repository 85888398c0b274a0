; Port 0xE9, the debug console: reads it back (QEMU's -debugcon device answers 0xE9), writes a line there and
; a line on COM1, and exits 0x51.
%include "probe.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)
section .bss
align 16
stack: resb 4096
stack_top:
section .rodata
e9text: db "debugcon: hello from port 0xE9", 10, "second line", 10, 0
section .text
global _start
_start:
    mov esp, stack_top
    in al, 0xE9
    movzx eax, al
    HEX32 "E9READ=", eax
    mov esi, e9text
.next:
    lodsb
    test al, al
    jz .done
    out 0xE9, al
    jmp .next
.done:
    PUTS "COM1 line"
    PUTS 10
    EXIT 0x51
