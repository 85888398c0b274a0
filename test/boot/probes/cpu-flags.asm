; Differential probe: the arithmetic flags (OF SF ZF AF PF CF, all defined for these instructions) after add,
; adc, sub, sbb, cmp, inc, dec, neg, and, or, xor, test on edge values, one line per operation.
%include "cpu-common.inc"
FLAGS_MASK equ 0x8D5
%macro OP2 3            ; mnemonic, a, b
    mov eax, %2
    mov ebx, %3
    clc
    %1 eax, ebx
    pushfd
    pop edx
    and edx, FLAGS_MASK
    PUTS {%str(%1), " ", %str(%2), " ", %str(%3), ": "}
    call puthex32
    mov al, ' '
    call putc
    mov eax, edx
    call puthex32
    mov al, 10
    call putc
%endmacro
%macro OP1 2            ; mnemonic, a
    mov eax, %2
    %1 eax
    pushfd
    pop edx
    and edx, FLAGS_MASK
    PUTS {%str(%1), " ", %str(%2), ": "}
    call puthex32
    mov al, ' '
    call putc
    mov eax, edx
    call puthex32
    mov al, 10
    call putc
%endmacro
global _start
_start:
    mov esp, stack_top
    call cpu_setup
    PUTS {"cpu-flags", 10}
%assign i 0
%rep 5
  %if i == 0
    %define A 0
    %define B 0
  %elif i == 1
    %define A 0x7FFFFFFF
    %define B 1
  %elif i == 2
    %define A 0x80000000
    %define B 0xFFFFFFFF
  %elif i == 3
    %define A 0x0000000F
    %define B 0x00000001
  %else
    %define A 0xFFFFFFFF
    %define B 0xFFFFFFFF
  %endif
    OP2 add, A, B
    OP2 adc, A, B
    OP2 sub, A, B
    OP2 sbb, A, B
    OP2 cmp, A, B
    OP2 and, A, B
    OP2 or, A, B
    OP2 xor, A, B
    OP2 test, A, B
    OP1 inc, A
    OP1 dec, A
    OP1 neg, A
  %assign i i + 1
%endrep
    EXIT 0x44
on_exception:
    HEX32 "unexpected vector=", [eax]
    EXIT 3
