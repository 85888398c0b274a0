; Differential probe: the machine state at entry and the whole multiboot v1 information, printed on COM1.
; The first instructions save every register without touching the stack (the loader's ESP is part of what
; is compared), then the probe sets its own stack and prints: registers, GDTR/IDTR and the GDT entries the
; loader left, then the info block (flags and all 29 dwords), the memory map entry by entry, the command line,
; the boot loader name and the module list with each module's first bytes. Ends with exit code 0x11.
%include "probe.inc"
MB_FLAGS equ 0x00000003                ; page-align modules, memory info
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

section .bss
align 16
stack: resb 8192
stack_top:
saved: resd 16
gdtr: resb 8
idtr: resb 8

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
    mov [saved + 40], es
    mov [saved + 44], fs
    mov [saved + 48], gs
    mov [saved + 52], ss
    mov esp, stack_top
    pushfd
    pop dword [saved + 56]
    sgdt [gdtr]
    sidt [idtr]
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
    movzx eax, word [saved + 40]
    HEX32 "ES=", eax
    movzx eax, word [saved + 44]
    HEX32 "FS=", eax
    movzx eax, word [saved + 48]
    HEX32 "GS=", eax
    movzx eax, word [saved + 52]
    HEX32 "SS=", eax
    HEX32 "EFLAGS=", [saved + 56]
    mov eax, cr0
    HEX32 "CR0=", eax
    mov eax, cr3
    HEX32 "CR3=", eax
    mov eax, cr4
    HEX32 "CR4=", eax
    movzx eax, word [gdtr]
    HEX32 "GDTR.limit=", eax
    HEX32 "GDTR.base=", [gdtr + 2]
    movzx eax, word [idtr]
    HEX32 "IDTR.limit=", eax
    HEX32 "IDTR.base=", [idtr + 2]
    ; the GDT entries the loader left (limit+1 bytes, at most 64)
    PUTS "GDT:"
    PUTS 10
    movzx ecx, word [gdtr]
    inc ecx
    shr ecx, 2
    cmp ecx, 16
    jbe .gdtok
    mov ecx, 16
.gdtok:
    mov esi, [gdtr + 2]
    call dumpdw

    mov ebx, [saved + 4]
    PUTS "MBI:"
    PUTS 10
    mov esi, ebx
    mov ecx, 29                     ; multiboot_info is 116 bytes (through the framebuffer fields)
    call dumpdw

    test dword [ebx], 1 << 6
    jz .nommap
    PUTS "MMAP:"
    PUTS 10
    mov esi, [ebx + 48]
    mov edi, esi
    add edi, [ebx + 44]
.entry:
    cmp esi, edi
    jae .nommap
    mov edx, [esi]                  ; size (not counting itself)
    push esi
    lea ecx, [edx + 4]
    shr ecx, 2
    call dumpdw
    pop esi
    lea esi, [esi + edx + 4]
    jmp .entry
.nommap:

    test dword [ebx], 1 << 2
    jz .nocmd
    PUTS "CMDLINE="
    mov esi, [ebx + 16]
    call putquoted
.nocmd:
    test dword [ebx], 1 << 9
    jz .noname
    PUTS "LOADER="
    mov esi, [ebx + 64]
    call putquoted
.noname:
    test dword [ebx], 1 << 3
    jz .nomods
    mov edi, [ebx + 24]
    mov ebp, [ebx + 20]
.mod:
    test ebp, ebp
    jz .nomods
    PUTS "MOD:"
    PUTS 10
    mov esi, edi
    mov ecx, 4
    call dumpdw
    mov esi, [edi + 8]
    call putquoted
    mov esi, [edi]
    mov ecx, 4
    call dumpdw
    add edi, 16
    dec ebp
    jmp .mod
.nomods:
    PUTS "END"
    PUTS 10
    EXIT 0x11
