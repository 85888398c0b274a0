; Differential probe: #GP and its error code for three selector mistakes: a selector beyond the GDT limit
; loaded into DS (error = the selector), a null selector loaded into SS (error 0), and a far jump to a data
; segment (error = the selector). The handler prints vector, error code and where it happened, then resumes
; after the faulting instruction. Exits with 0x41.
%include "cpu-common.inc"
global _start
_start:
    mov esp, stack_top
    call cpu_setup
    PUTS {"cpu-gp", 10}
    mov ax, 0x0F00                 ; index 0x1E0: beyond the GDT limit
f1: mov ds, ax
r1: xor eax, eax
f2: mov ss, ax                     ; a null selector in SS is #GP(0)
r2: nop
f3: jmp 0x10:r3                    ; 0x10 is a data segment
r3: PUTS {"done", 10}
    EXIT 0x41
on_exception:
    HEX32 "vector=", [eax]
    HEX32 "error=", [eax + 4]
    mov ebx, [eax + 8]
    mov ecx, r1
    cmp ebx, f1
    je .resume
    mov ecx, r2
    cmp ebx, f2
    je .resume
    mov ecx, r3
    cmp ebx, f3
    je .resume
    HEX32 "unexpected eip=", ebx
    EXIT 2
.resume:
    sub ebx, _start
    HEX32 "at=", ebx
    mov [eax + 8], ecx
    ret
