; %use altreg: numbered names for the general registers (R0-R7 in each width, R0L-R15L, R0H-R3H)
; args: -felf32
%ifusable altreg
%ifnusing altreg
                                        ; usable, not yet in use
%endif
%else
%error altreg should be usable
%endif
%use 'ALTREG'                           ; names are case-insensitive and may be quoted
bits 32
section .text
                mov r0d, r1d            ; mov eax, ecx
                mov R2W, r3w
                mov r0l, r3h            ; mov al, bh
                mov r1b, R2H
                add r4d, 8              ; esp
                lea r6d, [r5d + r7d*2]  ; esi, ebp, edi
                xchg r0H, r1L
%defstr wide r0 r8l R15L r7b r6w
section .data
                db wide                 ; the 64-bit names expand too (nasm would reject them here)
%ifdef __?USE_ALTREG?__
                db "altreg in use"
%endif
%defstr alias __USE_ALTREG__            ; nasm 2.16.01 aliases it to a name it never defines
                db alias
