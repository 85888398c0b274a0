; an explicit `byte` immediate takes the sign-extended form whatever its value; NASM truncates and warns
bits 32
section .text
  push byte 200
  push byte 0x80
  push byte -128
  add ebx, byte 200
  add eax, byte -129
  add eax, byte 0xffffff80
  add ax, byte 0xff80
  add ax, byte 0xffff7f
  add ax, byte 0x8000
  sub esp, byte -200
