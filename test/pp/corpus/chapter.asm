; args: -felf32 -DCHAPTER=4 -DDEBUG
; variants: -DCHAPTER=1 | -DCHAPTER=2 -DSERIAL_PORT=0x2F8 | -DCHAPTER=5 -UDEBUG
%include "consts.inc"
%ifndef CHAPTER
  %error CHAPTER must be defined
  %define CHAPTER 0
%endif
%ifndef SERIAL_PORT
  %define SERIAL_PORT 0x3F8
%endif

bits 32
section .text
global kmain
kmain:
%if CHAPTER >= 2
    mov dx, SERIAL_PORT
    mov al, 'K'
    out dx, al
%endif
%if CHAPTER == 1
    hlt
%elif CHAPTER < 4
    mov eax, PAGE_SIZE
%elif CHAPTER = 4
    mov eax, PDX(KERNEL_VBASE)
    mov ebx, PTX(0x00403000)
    or ebx, PTE_P | PTE_W
%else
    mov eax, STACK_SIZE
%endif
%ifdef DEBUG
    mov dword [debug_flag], 1
%elifdef SERIAL_PORT
    nop
%endif
%ifndef DEBUG
    xor eax, eax
%endif
%if CHAPTER > 3 && CHAPTER < 10
    db "chapter ", '0' + CHAPTER, 0
%endif
    ret
section .data
debug_flag: dd 0
chapter_no: dd CHAPTER
