; Differential probe: CR3 with PWT and PCD set (bits 3 and 4, as higher-half kernels often load it), and CR3
; reading back what was written. Identity-maps the first 4 MiB with a page table, loads CR3 = PD | 0x18 and
; turns paging on; QEMU (and a real CPU) ignores CR3's low 12 bits for the walk. Then prints CR3 as read back
; after writing PD | 0x18 and PD | 0xFFF. Exit code 0x21 on success. Without kernlab's v86 fix
; "cr3-low-bits" v86 read the PDE 24 bytes off and triple-faulted at the instruction after `mov cr0`.
%include "probe.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

section .bss
alignb 4096
pd: resb 4096
pt0: resb 4096
stack: resb 8192
stack_top:

section .text
global _start
_start:
    mov esp, stack_top
    ; PT0: 1024 identity 4 KiB pages (P | RW); PD[0] = PT0, every other PDE not present.
    mov edi, pt0
    mov eax, 0x003
    mov ecx, 1024
.fill:
    stosd
    add eax, 0x1000
    loop .fill
    mov dword [pd], pt0 + 0x003
    mov ecx, pd
    or ecx, 0x18                       ; PWT | PCD
    mov cr3, ecx
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    PUTS {"paging on with CR3 = PD | PWT | PCD", 10}
    mov eax, cr3
    HEX32 "cr3 read back=", eax
    mov ecx, pd
    or ecx, 0xFFF
    mov cr3, ecx
    mov eax, cr3
    HEX32 "cr3 after PD|0xFFF=", eax
    mov eax, [pt0 + 4 * 0x100]         ; a read through the walk with every low bit set
    HEX32 "pte[0x100]=", eax
    mov ecx, pd
    mov cr3, ecx
    mov eax, cr3
    HEX32 "cr3 after PD=", eax
    EXIT 0x21
