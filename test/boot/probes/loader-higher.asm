; A higher-half kernel's entry as the loader sees it: e_entry is 0xC01xxxxx, the code is at 0x001xxxxx.
; Both loaders translate e_entry through the executable PT_LOAD segment. Position-independent until it has
; printed EIP (by call/pop) and ECX (QEMU's loader leaves the entry there); exits 0x72.
bits 32
COM1 equ 0x3F8
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)
section .text
global _start
_start:
    call .here
.here:
    pop edi                            ; physical address of .here
    mov ebx, edi
    mov ecx, 8
.digit:                                ; print EDI in hex, no memory references
    rol ebx, 4
    mov eax, ebx
    and al, 0x0F
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 7
.out:
    mov dx, COM1
    out dx, al
    loop .digit
    mov al, 10
    out dx, al
    mov al, 0x72
    out 0xF4, al
.hang:
    cli
    hlt
    jmp .hang
