; e-only: nasm -E output fed back in
%line 10+1 a.asm
[bits 32]
[section .text]
%line 3+1 a.asm
[global isr3]
isr3:
 push byte 0
 push 3
 jmp ..@2.x
..@2.x:
%line 3+1 a.asm
[global isr4]
isr4:
 push byte 0
 push 4
 jmp ..@4.x
..@4.x:
%line 14+1 a.asm
mov eax, 1+2

 db 'yes'
%line 21+1 a.asm
..@6.a: nop

 mov eax,23
 db 'a.asm', 0
%line 1+1 b.inc
B equ 5


nop
%line 26+1 a.asm
[absolute 0]
%line 26+0 a.asm
foo:
%line 27+1 a.asm
.a resb 1
foo_size equ ($-foo)
%line 28+0 a.asm
[section .text]
%line 29+1 a.asm
[sectalign 4]
%line 29+0 a.asm
times (((4) - (($-$$) % (4))) % (4)) nop
%line 30+1 a.asm
[global x:function]
[extern y]
