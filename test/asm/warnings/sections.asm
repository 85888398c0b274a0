; zeroing: reservations in a progbits section; other: initialised bytes in a nobits section
bits 32
section .text
  resb 4
  resb 0
  resd 2
  times 2 resb 1
  times 0 resb 2
  alignb 16
  times 3 resb 2
section .data
  resw 1
section .bss
  resb 4
  db 1
  db 1, 2, 3
  db "abc"
  dd 1.5
  times 3 db 1
  times 2 dd 0x100000000
  nop
  mov eax, 1
  mov ax, 1
  movzx eax, byte [ebx]
  lock inc dword [eax]
  mov eax, [ebx+ecx*4+8]
  mov eax, [0x1000]
  add dword [eax+4], 5
  align 16
  alignb 16
section .text
  align 16
  mov eax, 1
[warning push]
[warning -zeroing]
  resb 1
[warning pop]
  resb 1
[warning -all]
  resb 1
  db 256
[warning *all]
  resb 1
[warning -orphan-labels]
quiet
[warning +label-orphan]
loud
