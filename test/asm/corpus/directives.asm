; Directives and symbol-table shapes: struc/istruc, local and ..@ labels, equ, common/extern,
; typed globals, section attributes, bracket (primitive) directives, 16-bit code with overrides.
[bits 32]
struc task
.esp:   resd 1
.cr3:   resd 1
.name:  resb 16
.state: resw 1
endstruc

[section .text]
[global switch_to]
[extern current]
global task_table:data (task_table.end - task_table)
global counter:data 4
common shared_buf 256:16
common small 8
extern panic

switch_to:
    mov eax, [esp+4]
    mov edx, [current]
    mov [edx + task.esp], esp
    mov esp, [eax + task.esp]
    mov ecx, [eax + task.cr3]
    mov cr3, ecx
    mov [current], eax
    lidt[idt_desc]
    lea esi, [eax + task.name]
    movzx ebx, word [eax + task.state]
    test bl, bl
    jnz .busy
    ret
.busy:
    push dword 0
    push strict dword 1
    push byte -1
    push word 7
    call panic
..@internal:
    jmp ..@internal
    xchg eax, ecx
    xchg ecx, eax
    xchg edx, esi
    lock inc dword [counter]
    rep movsb
    repne scasb
    mov eax, [fs:0x10]
    mov [es:edi + 4], al
    imul eax, ebx, 12
    imul eax, 300
    shl dword [counter], 1
    shr eax, cl
    sar eax, 3
    in al, dx
    out 0x80, al
    in eax, 0x60
    cpuid
    rdtsc
    rdmsr
    wrmsr
    invlpg [eax]
    mov eax, cr2
    mov dr7, eax
    mov ax, ds
    mov word [eax], ss
    pushfd
    popfd
    pushad
    popad
    iretd
    int3
    int 0x80
    setz al
    cmovne eax, edx
    bswap eax
    cmpxchg [edx], ecx
    xadd [edx], eax
    enter 16, 0
    leave
    ret 8
    retf
    call far [eax]
    jmp far [ebx]
    jmp dword 0x18:switch_to
    call 0x08:switch_to
    fld dword [eax]
    fadd st0, st1
    faddp
    fstp qword [ebx]
    fninit
    movaps xmm0, [eax]
    addps xmm0, xmm1
    movd eax, xmm0
    pause
    hlt

section .data
task_table:
    istruc task
        at task.esp, dd 0
        at task.cr3, dd 0x1000
        at task.name, db "idle", 0
        at task.state, dw 1
    iend
.end:
counter: dd 0
idt_desc: dw 0x7FF
          dd 0
vals: dw -1, 65535, 'A'
      dd 3.5, -0.25
      dq 1.0, 0x0123456789ABCDEF
      times 3 dd $ - vals
ptrs: dd switch_to, switch_to.busy, task_table + 4, panic, shared_buf, $, $$
      dd panic - $
      dw vals

section .rodata align=32
ro: db "ro", 0
section .data.rel nowrite noexec progbits alloc
relv: dd 1
section .text:
odd: db 0x90
section .my_bss nobits write
scratch: resq 4

[section .text]
bits 16
real16:
    mov ax, [es:di]
    mov bx, [bp+si+4]
    mov [bx], al
    lea si, [bx+di]
    push es
    pop ds
    mov eax, [ebx+ecx*2]
    jmp short real16
    retf
