; boot.asm: the OSDev "Bare Bones" entry, in NASM syntax: a multiboot v1 header, a 16 KiB stack in .bss,
; and _start, which tells the test harness "kernel entry" (checkpoint 1, before anything is written) and
; calls kernel_main. Under kernlab (v86) and QEMU (-device isa-debug-exit,iobase=0xf4,iosize=0x04) the
; kernel ends by writing its exit code to port 0xF4; on real hardware it halts.
MBALIGN  equ 1 << 0
MEMINFO  equ 1 << 1
MBFLAGS  equ MBALIGN | MEMINFO
MAGIC    equ 0x1BADB002
CHECKSUM equ -(MAGIC + MBFLAGS)

CHECKPOINT_PORT equ 0x5F0

section .multiboot
align 4
    dd MAGIC
    dd MBFLAGS
    dd CHECKSUM

section .bss
align 16
global stack_bottom, stack_top
stack_bottom:
    resb 16384
stack_top:

section .text
global _start:function (_start.end - _start)
extern kernel_main
_start:
    mov dx, CHECKPOINT_PORT
    mov eax, 1
    out dx, eax              ; checkpoint 1: kernel entry (the harness checks .bss is still zero)
    mov esp, stack_top
    call kernel_main
    cli
.hang:
    hlt
    jmp .hang
.end:

section .note.GNU-stack noalloc noexec nowrite progbits
