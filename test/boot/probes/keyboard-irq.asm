; Differential probe: an interrupt-driven keyboard kernel, the classic tutorial shape. Remaps the PICs to
; vectors 0x20-0x2F, loads an IDT whose IRQ 1 handler reads port 0x60 and echoes the character on COM1, masks
; every IRQ but 1, prints "ready", enables interrupts and waits in hlt. After Enter it prints "bye" and exits
; with 0x31. Keys typed at power-on (before the IDT and the unmask) must not be lost: kernlab holds them until
; IRQ 1 is unmasked with IF = 1.
%include "probe.inc"
%include "keyboard-common.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

section .data
idtr:
    dw 256 * 8 - 1
    dd idt

section .bss
alignb 8
idt: resb 256 * 8
alignb 16
stack: resb 4096
stack_top:
done: resb 1

section .text
global _start
_start:
    mov esp, stack_top
    ; IDT: vector 0x21 (IRQ 1) → irq1, everything else → spurious (iret after EOI where needed).
    xor ecx, ecx
.gate:
    mov eax, other
    cmp ecx, 0x21
    jne .set
    mov eax, irq1
.set:
    mov [idt + ecx * 8], ax
    mov word [idt + ecx * 8 + 2], cs
    mov word [idt + ecx * 8 + 4], 0x8E00
    shr eax, 16
    mov [idt + ecx * 8 + 6], ax
    inc ecx
    cmp ecx, 256
    jne .gate
    lidt [idtr]
    ; PIC remap: ICW1-4, master 0x20, slave 0x28; mask all but IRQ 1.
    mov al, 0x11
    out 0x20, al
    out 0xA0, al
    mov al, 0x20
    out 0x21, al
    mov al, 0x28
    out 0xA1, al
    mov al, 4
    out 0x21, al
    mov al, 2
    out 0xA1, al
    mov al, 1
    out 0x21, al
    out 0xA1, al
    mov al, 0xFD
    out 0x21, al
    mov al, 0xFF
    out 0xA1, al
    PUTS {"ready", 10}
    sti
.wait:
    hlt
    cmp byte [done], 0
    je .wait
    cli
    PUTS {"bye", 10}
    EXIT 0x31

irq1:
    pushad
    in al, 0x60
    call echo_code
    jnc .eoi
    mov byte [done], 1
.eoi:
    mov al, 0x20
    out 0x20, al
    popad
    iretd

other:
    iretd
