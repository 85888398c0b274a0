; Differential probe: #DE from `div` by zero. The handler prints the vector, the error code and the faulting
; EIP (a fault: the div itself), the dividend registers as the CPU left them, and exits with 0x40.
%include "cpu-common.inc"
global _start
_start:
    mov esp, stack_top
    call cpu_setup
    PUTS {"cpu-de", 10}
    mov eax, 0x12345678
    mov edx, 0x9
    xor ecx, ecx
faulting_div:
    div ecx
    PUTS {"not reached", 10}
    EXIT 1
on_exception:
    HEX32 "vector=", [eax]
    HEX32 "error=", [eax + 4]
    mov ebx, [eax + 8]
    sub ebx, faulting_div
    HEX32 "eip-div=", ebx
    HEX32 "eax=", [eax - 4]        ; as pushad saved them
    HEX32 "edx=", [eax - 12]
    EXIT 0x40
