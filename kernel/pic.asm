; kernel/pic.asm: the two 8259A PICs, remapped to vectors 32-47, and irq_handler, which
; acknowledges the interrupt and hands IRQ 0 to the scheduler's tick. Not the PIT (pit.asm).
%include "defs.inc"

PIC1_CMD  equ 0x20
PIC1_DATA equ 0x21
PIC2_CMD  equ 0xA0
PIC2_DATA equ 0xA1
PIC_EOI   equ 0x20

section .text
global pic_init, irq_handler
extern sched_tick

; void pic_init(void): ICW1-ICW4, then mask everything except IRQ 0 (PIT)
pic_init:
        mov al, 0x11
        out PIC1_CMD, al
        out PIC2_CMD, al
        mov al, 32
        out PIC1_DATA, al           ; master vectors 32-39
        mov al, 40
        out PIC2_DATA, al           ; slave vectors 40-47
        mov al, 4
        out PIC1_DATA, al           ; slave on IRQ 2
        mov al, 2
        out PIC2_DATA, al
        mov al, 1
        out PIC1_DATA, al           ; 8086 mode
        out PIC2_DATA, al
        mov al, 0xFE
        out PIC1_DATA, al           ; only IRQ 0 unmasked
        mov al, 0xFF
        out PIC2_DATA, al
        ret

; void irq_handler(struct frame *f)
irq_handler:
        mov eax, [esp + 4]
        mov ecx, [eax + frame.vector]
        sub ecx, 32
        cmp ecx, 8
        jb .master
        mov al, PIC_EOI
        out PIC2_CMD, al
.master:
        mov al, PIC_EOI
        out PIC1_CMD, al
        test ecx, ecx
        jnz .done
        call sched_tick             ; IRQ 0: may switch to another task
.done:  ret
