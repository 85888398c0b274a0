; Multiboot 2 probe in a flat binary (nasm -fbin): the address tag says where the file goes (load_addr -1:
; from header_addr), bss_end_addr leaves a zeroed .bss, the entry address tag says where to start. Prints
; EAX, the first tag's type, whether the .bss is zero, and exits 0x23.
bits 32
org 0x200000
MB2_MAGIC equ 0xE85250D6
header:
    dd MB2_MAGIC, 0, header_end - header, -(MB2_MAGIC + 0 + (header_end - header))
    dw 2, 0                            ; address: header_addr, load_addr (-1), load_end_addr, bss_end_addr
    dd 24
    dd header, 0xFFFFFFFF, 0, bss_end     ; load_end_addr 0: the whole file
    dw 3, 0                            ; entry address
    dd 12
    dd start
    dd 0                               ; pad to 8
    dw 0, 0
    dd 8
header_end:
%include "probe.inc"
start:
    mov ebp, eax                       ; the magic
    mov esi, bss_start                 ; OR of the whole .bss, before anything writes there
    xor edx, edx
    mov ecx, (bss_end - bss_start) / 4
.sum:
    or edx, [esi]
    add esi, 4
    loop .sum
    mov esp, stack_top
    HEX32 "EAX=", ebp
    HEX32 "BSSOR=", edx
    HEX32 "TAG0=", [ebx + 8]           ; the first tag's type
    EXIT 0x23
    align 4

section .bss align=4                   ; after .text in the address space, not in the file: the loader zeroes it
bss_start:
saved_ebx: resd 1
    resb 8192
stack_top:
bss_end:
