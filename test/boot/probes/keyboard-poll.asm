; Differential probe: a polling keyboard kernel (no interrupts). Prints "ready", then waits on the
; controller's status port (0x64 bit 0) and reads each scancode from port 0x60, echoing the typed characters on
; COM1 until Enter; then prints "bye" and exits with 0x32. kernlab types its --keys once the guest first reads
; the controller; the QEMU side types with the monitor's sendkey after "ready".
%include "probe.inc"
%include "keyboard-common.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

section .bss
alignb 16
stack: resb 4096
stack_top:

section .text
global _start
_start:
    mov esp, stack_top
    PUTS {"ready", 10}
.poll:
    in al, 0x64
    test al, 1
    jz .poll
    in al, 0x60
    call echo_code
    jnc .poll
    PUTS {"bye", 10}
    EXIT 0x32
