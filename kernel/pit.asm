; kernel/pit.asm: the 8253/8254 programmable interval timer, channel 0 in rate-generator mode,
; which drives preemptive scheduling through IRQ 0. Not the tick handler (proc.asm: sched_tick).
%include "defs.inc"

PIT_CH0   equ 0x40
PIT_CMD   equ 0x43
PIT_HZ    equ 1193182

section .text
global pit_init

; void pit_init(unsigned hz)
pit_init:
        mov ecx, [esp + 4]
        mov eax, PIT_HZ
        xor edx, edx
        div ecx                     ; divisor
        mov ecx, eax
        mov al, 0x34                ; channel 0, lobyte/hibyte, mode 2
        out PIT_CMD, al
        mov eax, ecx
        out PIT_CH0, al
        mov al, ah
        out PIT_CH0, al
        ret
