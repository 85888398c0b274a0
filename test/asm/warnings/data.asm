; number-overflow on data: a field holds -2^(8n) .. 2^(8n)-1; relocatable values and strings never warn
bits 32
section .data
  db 256, -256, 255, -257
  db -129, -128
  dw 65536, -65536, -65537
  dw -32769, 'abc'
  dd 0x100000000, -0x100000000, -0x100000001, 0xffffffff
  dd -0x80000001, 1.5
  dd sym + 0x100000000
sym:
  times 3 db 300
%macro field 1
  db %1
%endmacro
%macro twice 1
  field %1
  field %1 + 1
%endmacro
  field 512
  twice 255
