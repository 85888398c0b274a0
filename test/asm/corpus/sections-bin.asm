; Flat binary with a trampoline section at a different vstart and a follows= section.
org 0x1000
bits 32
section .text
entry:
    mov esi, tramp_src
    mov edi, 0x8000
    mov ecx, tramp_end - tramp_start
    rep movsb
    jmp 0x8000
section .tramp vstart=0x8000 follows=.text
tramp_start:
    mov eax, tramp_data
    jmp tramp_start
tramp_data: dd tramp_start, entry
tramp_end:
section .data follows=.tramp align=16
tramp_src equ 0
value: dd 0x12345678, value
section .bss
buf: resb 64
