; args: -felf32
; Standard macros: sections, struc/istruc, align, bits, __SECT__, standard single-line macros
%include "consts.inc"
struc task
    .pid:    resd 1
    .esp:    resd 1
    .cr3:    resd 1
    .name:   resb 16
endstruc

section .data align=16
tasks:
    istruc task
        at task.pid, dd 1
        at task.esp, dd 0x9000
        at task.name, db 'idle', 0
    iend
align 8
    dd task_size
file_name: db __FILE__, 0
line_no:   dd __LINE__
nasm_ver:  db __NASM_VER__
nasm_id:   dd __NASM_VERSION_ID__
%defstr FORMAT_NAME __?OUTPUT_FORMAT?__
fmt:       db FORMAT_NAME
section .bss
alignb 4096
page_dir: resb PAGE_SIZE
SECTION .text
USE32
bits 16
    mov ax, 1
BITS 32
    mov eax, task.cr3
align 16, db 0x90
    ret
[section .data]
global tasks, page_dir
global kmain:function
kmain: ret
common shared 4:4
section .rodata
