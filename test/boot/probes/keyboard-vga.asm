; Probe for expect on the screen: writes "login:" on the VGA text screen only (nothing on COM1), then
; polls the keyboard and echoes on COM1 until Enter; exits with 0x34. A script that waits for "login:" must
; find it on the screen.
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
    ; Wait a little first (a spin of ~200K instructions), so the prompt is not there at power-on.
    mov ecx, 100000
.spin:
    loop .spin
    mov edi, 0xB8000 + 2 * (80 * 3)      ; row 3
    mov esi, prompt
    mov ah, 0x07
.char:
    lodsb
    test al, al
    jz .poll
    stosw
    jmp .char
.poll:
    in al, 0x64
    test al, 1
    jz .poll
    in al, 0x60
    call echo_code
    jnc .poll
    EXIT 0x34

section .rodata
prompt: db "login:", 0
