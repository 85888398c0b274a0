; boot/multiboot.asm: the multiboot v1 header and _start, the kernel's first instructions.
; _start loads ESP with __stack_top, reports the entry checkpoint, passes the multiboot magic and
; info pointer to kmain and halts forever if kmain ever returns. Not the kernel: that starts in
; kernel/main.asm.
%include "defs.inc"

MB_MAGIC      equ 0x1BADB002
MB_PAGE_ALIGN equ 1 << 0           ; modules on page boundaries
MB_MEMINFO    equ 1 << 1           ; ask for mem_* and the memory map
MB_FLAGS      equ MB_PAGE_ALIGN | MB_MEMINFO

section .multiboot
align 4
multiboot_header:
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)

section .text
extern __stack_top
extern kmain
global _start
_start:
        cli
        mov esp, __stack_top        ; the kernel stack grows down from here
        mov esi, eax                ; the entry checkpoint, without touching the stack
        mov eax, CP_ENTRY           ; (ESP is exactly __stack_top here; .bss and .data are as
        mov dx, CHECKPOINT_PORT     ; the loader left them)
        out dx, eax
        mov eax, esi
        push ebx                    ; multiboot info pointer
        push eax                    ; multiboot magic (0x2BADB002)
        call kmain
.hang:  cli
        hlt
        jmp .hang
