; A %macro named after the instruction it wraps: inside its own expansion the name is not a macro call
; (NASM expands a multi-line macro recursively only when it is defined with %rmacro).
; args: -felf32
bits 32
section .text
%macro push 1
        push %1
        inc dword [depth]
%endmacro
%imacro POP 1
        pop %1
        dec dword [depth]
%endmacro
; Two-level wrappers: an outer macro may call an inner one, and the inner one its own instruction.
%macro save 2
        push %1
        push %2
%endmacro
start:  push eax
        save ebx, ecx
        pop ecx
        POP ebx
        Pop eax
section .bss
depth:  resd 1
