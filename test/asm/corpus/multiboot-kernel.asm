; A small multiboot kernel entry: header, GDT with a far jump, IDT with ISR stubs, paging enable.
MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ (1 << 0) | (1 << 1)
MB_CHECKSUM equ -(MB_MAGIC + MB_FLAGS)
KERNEL_CS   equ 0x08
KERNEL_DS   equ 0x10
STACK_SIZE  equ 0x4000

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd MB_CHECKSUM

section .text
global _start:function (_start.end - _start)
global isr_common
extern kmain
extern isr_handler

_start:
    cli
    mov esp, stack_top
    push ebx
    push eax
    lgdt [gdt_ptr]
    jmp KERNEL_CS:.reload
.reload:
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    call idt_setup
    call paging_enable
    call kmain
    add esp, 8
.hang:
    hlt
    jmp .hang
.end:

idt_setup:
    mov ecx, 0
    mov edi, idt
.loop:
    mov eax, [isr_table + ecx*4]
    mov [edi], ax
    mov word [edi + 2], KERNEL_CS
    mov byte [edi + 4], 0
    mov byte [edi + 5], 0x8E
    shr eax, 16
    mov [edi + 6], ax
    add edi, 8
    inc ecx
    cmp ecx, 32
    jb .loop
    lidt [idt_ptr]
    ret

paging_enable:
    mov edi, page_dir
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov eax, page_table
    or eax, 3
    mov [page_dir], eax
    mov edi, page_table
    mov eax, 3
.fill:
    stosd
    add eax, 0x1000
    loop .fill
    mov eax, page_dir
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    ret

isr0:  push byte 0
       push byte 0
       jmp isr_common
isr1:  push byte 0
       push byte 1
       jmp isr_common
isr8:  push byte 8
       jmp isr_common
isr13: push byte 13
       jmp isr_common
isr14: push byte 14
       jmp isr_common

isr_common:
    pusha
    push ds
    push es
    push fs
    push gs
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    push esp
    call isr_handler
    add esp, 4
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8
    iret

section .rodata
isr_table:
    dd isr0, isr1, isr0, isr0, isr0, isr0, isr0, isr0
    dd isr8, isr0, isr0, isr0, isr0, isr13, isr14, isr0
    times 16 dd isr0

section .data
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF
    dq 0x00CF92000000FFFF
gdt_end:
gdt_ptr:
    dw gdt_end - gdt - 1
    dd gdt
idt_ptr:
    dw 256*8 - 1
    dd idt
msg: db "kernlab", 10, 0
     db "it's", 0
     db `tab\there\n`, 0
     dw 'ab', 0x1F, 1Fh, $1F, 0b1010, 1010b, 0o17, 17q, 1_000
     dd 5 + 3 * 2, (5 + 3) * 2, 17 / 3, -17 // 3, 17 % 3, -17 %% 3
     dd 1 << 4, 0x100 >> 4, 0xF0 & 0x3C, 0xF0 | 0x0F, 0xFF ^ 0x0F, ~0, !0, !5, -(-3), +4
     dd msg_end - msg, $ - msg, $$
msg_end:

section .bss
alignb 4096
page_dir:   resb 4096
page_table: resb 4096
idt:        resq 256
stack:      resb STACK_SIZE
stack_top:
