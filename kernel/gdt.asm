; kernel/gdt.asm: the GDT (flat kernel and user code/data segments, one TSS) and tss_set_esp0,
; which the scheduler calls so that an interrupt from ring 3 lands on the task's kernel stack.
; Not the IDT (idt.asm).
%include "defs.inc"

section .text
global gdt_init, tss_set_esp0, tss

; void gdt_init(void)
gdt_init:
        ; TSS descriptor: base = tss, limit = tss_size - 1, type 0x89 (32-bit available TSS)
        mov eax, tss
        mov word [gdt_tss + 2], ax
        shr eax, 16
        mov byte [gdt_tss + 4], al
        mov byte [gdt_tss + 7], ah
        mov dword [tss + 8], KERNEL_DS          ; SS0
        mov dword [tss + 4], __stack_top        ; ESP0 until the first task switch
        mov word [tss + 102], 104               ; I/O map base beyond the limit: no I/O bitmap
        lgdt [gdt_pointer]
        jmp KERNEL_CS:.reload
.reload:
        mov ax, KERNEL_DS
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov ax, TSS_SEL
        ltr ax
        ret

; void tss_set_esp0(uint32_t esp0)
tss_set_esp0:
        mov eax, [esp + 4]
        mov [tss + 4], eax
        ret

extern __stack_top

section .data
align 8
gdt:
        dq 0                                    ; null
        dw 0xFFFF, 0x0000
        db 0x00, 0x9A, 0xCF, 0x00               ; 0x08 kernel code, ring 0
        dw 0xFFFF, 0x0000
        db 0x00, 0x92, 0xCF, 0x00               ; 0x10 kernel data, ring 0
        dw 0xFFFF, 0x0000
        db 0x00, 0xFA, 0xCF, 0x00               ; 0x18 user code, ring 3
        dw 0xFFFF, 0x0000
        db 0x00, 0xF2, 0xCF, 0x00               ; 0x20 user data, ring 3
gdt_tss:
        dw 103, 0x0000
        db 0x00, 0x89, 0x00, 0x00               ; 0x28 TSS (base patched by gdt_init)
gdt_end:

gdt_pointer:
        dw gdt_end - gdt - 1
        dd gdt

section .bss
alignb 16
tss:    resb 104
