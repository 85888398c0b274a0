; Differential probe: a page fault that the kernel handles and recovers from. Paging with one 4 MiB page
; (CR4.PSE) mapping 0-4 MiB; a read at 0x00800010 faults; the handler prints CR2 and the error code, maps
; 4-8 MiB... then 8-12 MiB as a 4 MiB page, and returns: the read is retried and succeeds. A second fault, a
; write to a read-only page, is fixed by making the page writable. Exits with 0x42.
%include "cpu-common.inc"
section .bss
alignb 4096
pd: resb 4096
section .text
global _start
_start:
    mov esp, stack_top
    call cpu_setup
    PUTS {"cpu-pf", 10}
    mov dword [0x800010], 0x5A5A1234           ; written before paging: physical 8 MiB
    mov dword [pd], 0x00000083                 ; 0-4 MiB: present, writable, 4 MiB page
    mov eax, cr4
    or eax, 0x10                               ; PSE
    mov cr4, eax
    mov eax, pd
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    mov eax, [0x800010]                        ; #PF (not present), read, supervisor
    HEX32 "read=", eax
    mov dword [0x800014], 0x77                 ; #PF (protection), write: the page was mapped read-only
    HEX32 "written=", [0x800014]
    mov eax, cr2
    HEX32 "cr2=", eax
    EXIT 0x42
on_exception:
    HEX32 "vector=", [eax]
    HEX32 "error=", [eax + 4]
    mov ecx, cr2
    HEX32 "cr2=", ecx
    test dword [eax + 4], 1                    ; P: a protection fault
    jnz .writable
    mov dword [pd + 8], 0x00800081             ; 8-12 MiB, present, read-only, 4 MiB page
    jmp .flush
.writable:
    or dword [pd + 8], 2
.flush:
    invlpg [ecx]
    ret
