; A Multiboot v1 kernel in a flat binary (nasm -fbin) with the a.out kludge (flags bit 16): load_addr,
; load_end_addr, bss_end_addr and entry_addr say where it goes. Prints the registers the loader chose, the
; info block's address fields and the command line; QEMU puts its boot buffer after bss_end_addr.
bits 32
org 0x180000
MB_FLAGS equ 0x00010003
header:
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)
    dd header, header, 0, bss_end, start     ; load_end_addr 0: the whole file (.rodata follows .text)
%include "probe.inc"
start:
    mov ebp, esp
    mov esp, stack_top
    HEX32 "EBX=", ebx
    HEX32 "ECX=", ecx
    HEX32 "EDX=", edx
    HEX32 "ESP=", ebp
    HEX32 "flags=", [ebx]
    HEX32 "cmdline=", [ebx + 16]
    HEX32 "mods_addr=", [ebx + 24]
    HEX32 "loader=", [ebx + 64]
    PUTS "CMDLINE="
    mov esi, [ebx + 16]
    call putquoted
    EXIT 0x71
section .bss align=16
    resb 0x3000
stack_top:
bss_end:
