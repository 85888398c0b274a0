; A kernel loaded inside the VGA window (loader-vga.ld: all of it at 0xB8000, text-mode VGA memory; its
; stack too). Shows what the loader did and what the guest sees there: EAX at entry, the bytes at the entry
; (its own code) and of its data, and a pattern written into the text window and read back. Exits 0x2B.
%include "probe.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

section .vga progbits alloc exec write align=16
global _start
_start:                         ; 0xB800C, after the header: the loader jumps here
    mov [entry_eax], eax
    mov [entry_ebx], ebx
    jmp main
    times 20 - ($ - $$) db 0x90
vga_data: db "VGA!", 0x11, 0x22, 0x33, 0x44, 0xAA, 0x55, 0xFF, 0x00, "text"

section .bss
entry_eax: resd 1
entry_ebx: resd 1
stack: resb 4096
stack_top:

section .text
main:
    mov esp, stack_top
    HEX32 "EAX=", [entry_eax]
    PUTS "entry bytes:"
    PUTS 10
    mov esi, _start
    mov ecx, 4
    call dumpdw
    PUTS "data bytes:"
    PUTS 10
    mov esi, vga_data
    mov ecx, 4
    call dumpdw
    ; the guest writes into the window and reads back
    mov dword [0xBF000], 0x12345678
    mov word [0xBF004], 0xBEEF
    mov byte [0xBF006], 0x55
    mov byte [0xBF007], 0x7F
    PUTS "written back:"
    PUTS 10
    mov esi, 0xBF000
    mov ecx, 2
    call dumpdw
    EXIT 0x2B
