; Symbol-table shapes: unreferenced externs (omitted), commons with alignment, equ of label
; differences and $, alignment raising sh_addralign, alignb, re-entered and empty sections.
section .text
f1: ret
global f1
extern unused_ext
common cbuf 64
common cbuf2 8:4
KD equ later - f1
HERE equ $
section .data
d1: db 1
align 16
d2: dd KD, HERE
section .text
    align 8
f2: mov eax, d2
    alignb 4
f3: nop
section .bss
b1: resb 3
alignb 8
b2: resq 1
section .rodata
r1: db "x"
section .text
later: ret
section .empty
