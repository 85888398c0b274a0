; Differential probe: ring 3. iret into user code (CS 0x1B, SS 0x23), which calls `int 0x80` (a DPL 3 gate)
; with EAX = 0x1234; the handler prints the vector, the saved CS, EAX and the user ESP from the ring-3 frame
; (the CPU switched to the TSS's ESP0), and exits with 0x43. A privileged `cli` in ring 3 first gives #GP(0).
%include "cpu-common.inc"
section .bss
alignb 16
ustack: resb 1024
ustack_top:
section .text
global _start
_start:
    mov esp, stack_top
    call cpu_setup
    PUTS {"cpu-ring3", 10}
    push dword 0x23                            ; SS
    push dword ustack_top                      ; ESP
    push dword 0x202                           ; EFLAGS (IF)
    push dword 0x1B                            ; CS
    push dword user                            ; EIP
    iretd
user:
    cli                                        ; #GP(0) at CPL 3 with IOPL 0
    mov eax, 0x1234
    int 0x80
    jmp $
on_exception:
    HEX32 "vector=", [eax]
    HEX32 "error=", [eax + 4]
    HEX32 "cs=", [eax + 12]
    HEX32 "user-esp=", [eax + 20]
    HEX32 "user-ss=", [eax + 24]
    cmp dword [eax], 0x80
    je .syscall
    add dword [eax + 8], 1                     ; skip the 1-byte cli
    ret
.syscall:
    HEX32 "eax=", [eax - 4]        ; as pushad saved it
    EXIT 0x43
