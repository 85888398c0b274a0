; Multiboot 2 probe: a header with information request, entry address, console flags and module alignment
; tags (ELF, no address tag). At entry it saves the registers without touching the stack, then prints them and
; the whole boot information (total_size bytes at EBX) as dwords on COM1. Ends with exit code 0x22.
%include "probe.inc"
MB2_MAGIC equ 0xE85250D6
section .multiboot2 progbits alloc noexec nowrite align=8
header:
    dd MB2_MAGIC, 0, header_end - header, -(MB2_MAGIC + 0 + (header_end - header))
    align 8
    dw 1, 0                            ; information request: cmdline, name, modules, meminfo, mmap, fb, ELF
    dd 8 + 7 * 4
    dd 1, 2, 3, 4, 6, 8, 9
    align 8
    dw 3, 0                            ; entry address
    dd 12
    dd _start
    align 8
    dw 4, 0                            ; console flags: EGA text supported
    dd 12
    dd 2
    align 8
    dw 6, 0                            ; module alignment
    dd 8
    align 8
    dw 0, 0                            ; end
    dd 8
header_end:

section .bss
align 16
stack: resb 8192
stack_top:
saved: resd 16

section .text
global _start
_start:
    mov [saved + 0], eax
    mov [saved + 4], ebx
    mov [saved + 8], ecx
    mov [saved + 12], edx
    mov [saved + 16], esi
    mov [saved + 20], edi
    mov [saved + 24], ebp
    mov [saved + 28], esp
    mov [saved + 32], cs
    mov [saved + 36], ds
    mov esp, stack_top
    pushfd
    pop dword [saved + 40]
    HEX32 "EAX=", [saved + 0]
    HEX32 "EBX=", [saved + 4]
    HEX32 "ECX=", [saved + 8]
    HEX32 "EDX=", [saved + 12]
    HEX32 "ESI=", [saved + 16]
    HEX32 "EDI=", [saved + 20]
    HEX32 "EBP=", [saved + 24]
    HEX32 "ESP=", [saved + 28]
    movzx eax, word [saved + 32]
    HEX32 "CS=", eax
    movzx eax, word [saved + 36]
    HEX32 "DS=", eax
    HEX32 "EFLAGS=", [saved + 40]
    mov eax, cr0
    HEX32 "CR0=", eax
    PUTS "MBI:"
    PUTS 10
    mov esi, [saved + 4]
    mov ecx, [esi]
    add ecx, 3
    shr ecx, 2
    call dumpdw
    PUTS "END"
    PUTS 10
    EXIT 0x22
