; label-orphan: a label alone on its line without a colon
bits 32
section .text
start
  mov eax, 1
with_colon:
  nop
foo times 2 nop
bar ; a comment after it
.local
baz equ 5
%macro orphan 0
inside
%endmacro
  orphan
  ret
