; db-empty, prefix-lock, and section redeclarations (incompatible type/flags are ignored, with a warning)
bits 32
  nop
section .text noexec
section .text
  db
  dw
  times 3 db
  lock add eax, ebx
  lock add [eax], ebx
  lock xchg [eax], ebx
  lock xchg ebx, [eax]
  lock inc dword [eax]
  lock cmpxchg [eax], ecx
  lock mov [eax], ebx
  lock nop
  lock bts dword [eax], 1
  lock cmp [eax], ebx
  lock
  lock rep movsb
section .data
section .data
section .text progbits
section .text exec
section .text noexec
  nop
section .bss nobits
section .bss progbits
  resb 4
section .data align=8
section .data write
section .data alloc
section .data noalloc
  dd 1
section .mine
section .mine write
  dd 2
