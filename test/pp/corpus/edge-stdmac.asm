; e-only
section .data align=4
segment .bss
SECTION .text
absolute 0x10
bits 16
use32
use16
global a, b
global c:function (c.end - c)
extern e
common cc 4
static s
cpu 386
default rel
org 0x7c00
align 16, db 0
alignb 8
align 4
struc S
.x: resd 1
endstruc
istruc S
at S.x, dd 1
iend
float daz
warning -all
[bits 32]
%pragma foo bar
required r
__SECT__
ALIGN 8
Section .x
