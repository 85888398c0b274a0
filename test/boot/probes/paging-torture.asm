; Differential probe: 32-bit paging, case by case, each printing on COM1 what the CPU did (values read, the
; page-fault line "#PF cr2= err= eip=", page table entries after the access), so kernlab and
; qemu-system-i386 -kernel can be compared byte for byte. Cases: 4 KiB pages, accessed/dirty bits set by the
; CPU (PTE and PDE), not-present PDE/PTE (read, write, fetch), CR0.WP off/on for supervisor writes to
; read-only pages (PTE and PDE level), user/supervisor faults from ring 3 (read, write, fetch; U clear at the
; PDE or the PTE), PS without CR4.PSE (ignored: a page table), 4 MiB pages with CR4.PSE (A/D on the PDE,
; read-only, ring 3), INVLPG, MOV CR3 flushing non-global entries, global pages with CR4.PGE (INVLPG and
; toggling PGE flush them). Only architecturally defined results are printed: a stale TLB entry after a
; page table edit without a flush is not (QEMU flushes more than a CPU must). Exit code 0x22 at the end.
%include "probe.inc"
MB_FLAGS equ 0x00000003
section .multiboot progbits alloc noexec nowrite align=4
    dd 0x1BADB002, MB_FLAGS, -(0x1BADB002 + MB_FLAGS)

PTE_P  equ 0x001
PTE_W  equ 0x002
PTE_U  equ 0x004
PTE_PS equ 0x080
PTE_G  equ 0x100

; Physical pages the test mappings point at (inside the identity-mapped first 4 MiB).
P1 equ 0x00300000
P2 equ 0x00301000
P3 equ 0x00302000
P4 equ 0x00303000
; Virtual test pages, PDE 256 → pt1.
V_AD   equ 0x40000000            ; pt1[0] → P4 rw user, never touched before the A/D case
V_RW   equ 0x40001000            ; pt1[1] → P1 rw user
V_RO   equ 0x40002000            ; pt1[2] → P2 read-only user
V_NP   equ 0x40003000            ; pt1[3] not present
V_SUP  equ 0x40004000            ; pt1[4] → P3 rw supervisor
V_INV  equ 0x40005000            ; pt1[5] → P1, later P2
V_G    equ 0x40006000            ; pt1[6] → P1 global, later P2
V_4M   equ 0x80000000            ; PDE 512: 4 MiB page at physical 0, rw user (PS)
V_PSNP equ 0x80400000            ; PDE 513: PS set, frame 8 MiB (read while CR4.PSE = 0: a page table there)
V_4MRO equ 0x80800000            ; PDE 514: 4 MiB page at physical 0, read-only user (PS)
V_PDNP equ 0xC0000000            ; PDE 768 not present
V_PDRO equ 0xC0400000            ; PDE 769 → pt2, PDE read-only user; pt2[0] → P3 rw user
V_PDSV equ 0xC0800000            ; PDE 770 → pt2, PDE supervisor rw; pt2[0] user

KCODE equ 0x08
KDATA equ 0x10
UCODE equ 0x1B
UDATA equ 0x23
TSSEL equ 0x28

section .data
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF            ; kernel code
    dq 0x00CF92000000FFFF            ; kernel data
    dq 0x00CFFA000000FFFF            ; user code (DPL 3)
    dq 0x00CFF2000000FFFF            ; user data (DPL 3)
gdt_tss:
    dq 0                             ; TSS, filled at run time
gdt_end:
gdtr:
    dw gdt_end - gdt - 1
    dd gdt
idtr:
    dw 256 * 8 - 1
    dd idt

section .bss
alignb 4096
pd:  resb 4096
pt0: resb 4096
pt1: resb 4096
pt2: resb 4096
idt: resb 256 * 8
tss: resb 104
alignb 16
stack: resb 8192
stack_top:
tss_stack: resb 4096
tss_stack_top:
user_stack: resb 4096
user_stack_top:
pf_resume: resd 1
ring0_continue: resd 1
saved_esp: resd 1
faulted: resb 1

; R0_READ "name", address: read a dword at ring 0; prints "name =value" or "name #PF ...".
%macro R0_READ 2
    PUTS %1
    mov byte [faulted], 0
    mov dword [pf_resume], %%done
    mov eax, [%2]
    HEX32 " =", eax
%%done:
%endmacro

; R0_WRITE "name", address, value: write a dword at ring 0; prints "name ok" or the fault.
%macro R0_WRITE 3
    PUTS %1
    mov dword [pf_resume], %%done
    mov dword [%2], %3
    PUTS {" ok", 10}
%%done:
%endmacro

; R0_EXEC "name", address: jump there at ring 0 (only to addresses that fault).
%macro R0_EXEC 2
    PUTS %1
    mov dword [pf_resume], %%done
    jmp %2
%%done:
%endmacro

; R3 "name", ring-3 entry, ebx, ecx: run one ring-3 routine (user_read/user_write or an address to fetch
; from); prints "name =eax" (user_read), "name ok" (user_write) or the fault.
%macro R3 4
    PUTS %1
    mov byte [faulted], 0
    mov dword [pf_resume], user_back
    mov dword [ring0_continue], %%cont
    mov ebx, %3
    mov ecx, %4
    mov edx, %2
    jmp enter_user
%%cont:
    cmp byte [faulted], 0
    jne %%done
%ifidn %2, user_read
    HEX32 " =", eax
%else
    PUTS {" ok", 10}
%endif
%%done:
%endmacro

section .text
global _start
_start:
    mov esp, stack_top
    call setup_cpu
    call setup_paging
    mov eax, pd
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    PUTS {"paging on", 10}

    ; --- accessed and dirty bits (4 KiB page) ---
    HEX32 "ad: pde256 before=", [pd + 256 * 4]
    HEX32 "ad: pte before=", [pt1 + 0 * 4]
    R0_READ "ad: read", V_AD
    HEX32 "ad: pde256 after read=", [pd + 256 * 4]
    HEX32 "ad: pte after read=", [pt1 + 0 * 4]
    R0_WRITE "ad: write", V_AD, 0x4A4A4A4A
    HEX32 "ad: pde256 after write=", [pd + 256 * 4]
    HEX32 "ad: pte after write=", [pt1 + 0 * 4]
    HEX32 "ad: P4 physical=", [P4]

    ; --- 4 KiB pages ---
    R0_READ "4k: read", V_RW
    R0_WRITE "4k: write", V_RW, 0xA1A1A1A1
    HEX32 "4k: P1 physical=", [P1]
    R0_READ "4k: supervisor read of supervisor page", V_SUP

    ; --- not present ---
    R0_READ "np: read pte", V_NP + 0x10
    R0_WRITE "np: write pte", V_NP + 0x20, 1
    R0_READ "np: read pde", V_PDNP + 0x123
    R0_WRITE "np: write pde", V_PDNP + 0x456, 1
    R0_EXEC "np: fetch", V_NP + 0x30

    ; --- CR0.WP = 0: supervisor writes ignore R/W ---
    R0_WRITE "wp0: write read-only pte", V_RO, 0xB2B2B2B2
    HEX32 "wp0: pte=", [pt1 + 2 * 4]
    HEX32 "wp0: P2 physical=", [P2]
    R0_WRITE "wp0: write read-only pde", V_PDRO + 4, 0xC3C3C3C3
    mov eax, cr0
    or eax, 0x00010000               ; WP
    mov cr0, eax
    ; --- CR0.WP = 1 ---
    R0_WRITE "wp1: write read-only pte", V_RO + 8, 0xD4D4D4D4
    R0_WRITE "wp1: write read-only pde", V_PDRO + 12, 0xD4D4D4D4
    R0_READ "wp1: read read-only pde", V_PDRO + 4
    R0_WRITE "wp1: write rw page", V_RW + 8, 0xE5E5E5E5

    ; --- ring 3 ---
    R3 "r3: read user page", user_read, V_RW, 0
    R3 "r3: write user page", user_write, V_RW + 16, 0x13131313
    R3 "r3: read supervisor pte", user_read, V_SUP, 0
    R3 "r3: write supervisor pte", user_write, V_SUP, 1
    R3 "r3: write read-only pte", user_write, V_RO, 1
    R3 "r3: read read-only pte", user_read, V_RO, 0
    R3 "r3: read not present", user_read, V_NP, 0
    R3 "r3: write not present", user_write, V_NP, 1
    R3 "r3: read supervisor pde", user_read, V_PDSV, 0
    R3 "r3: read read-only pde", user_read, V_PDRO, 0
    R3 "r3: write read-only pde", user_write, V_PDRO, 1
    R3 "r3: fetch supervisor page", V_SUP + 0x40, 0, 0
    R3 "r3: fetch not present", V_NP + 0x44, 0, 0

    ; --- PS without CR4.PSE: the PDE points at a page table (at 8 MiB, all zero) ---
    R0_READ "pse0: read PS pde", V_PSNP + 0x1234

    ; --- 4 MiB pages ---
    mov eax, cr4
    or eax, 0x10                     ; PSE
    mov cr4, eax
    HEX32 "4m: pde512 before=", [pd + 512 * 4]
    R0_READ "4m: read", V_4M + P1
    HEX32 "4m: pde512 after read=", [pd + 512 * 4]
    R0_WRITE "4m: write", V_4M + P1 + 4, 0xF6F6F6F6
    HEX32 "4m: pde512 after write=", [pd + 512 * 4]
    HEX32 "4m: P1+4 physical=", [P1 + 4]
    R0_READ "4m: read far in the page", V_4M + P4
    R0_WRITE "4m: write read-only 4m page (WP=1)", V_4MRO + P1, 1
    HEX32 "4m: pde514=", [pd + 514 * 4]
    R3 "4m: r3 read", user_read, V_4M + P2, 0
    R3 "4m: r3 write read-only 4m page", user_write, V_4MRO + P2, 1

    ; --- INVLPG ---
    R0_READ "invlpg: read", V_INV
    mov dword [pt1 + 5 * 4], P2 + PTE_P + PTE_W
    invlpg [V_INV]
    R0_READ "invlpg: read after remap", V_INV
    HEX32 "invlpg: pte=", [pt1 + 5 * 4]
    mov dword [pt1 + 5 * 4], 0
    invlpg [V_INV]
    R0_READ "invlpg: read after unmap", V_INV
    mov dword [pt1 + 5 * 4], P1 + PTE_P + PTE_W
    mov eax, cr3
    mov cr3, eax
    R0_READ "cr3: read after remap + mov cr3", V_INV

    ; --- global pages ---
    mov eax, cr4
    or eax, 0x80                     ; PGE
    mov cr4, eax
    HEX32 "pge: cr4=", eax
    R0_READ "pge: read global", V_G
    mov dword [pt1 + 6 * 4], P2 + PTE_P + PTE_W + PTE_G
    invlpg [V_G]
    R0_READ "pge: read after remap + invlpg", V_G
    mov dword [pt1 + 6 * 4], P3 + PTE_P + PTE_W + PTE_G
    mov eax, cr4
    and eax, ~0x80
    mov cr4, eax
    or eax, 0x80
    mov cr4, eax
    R0_READ "pge: read after remap + PGE toggle", V_G
    HEX32 "pge: pte=", [pt1 + 6 * 4]

    mov eax, cr0
    HEX32 "cr0=", eax
    mov eax, cr4
    HEX32 "cr4=", eax
    mov eax, cr2
    HEX32 "cr2=", eax
    PUTS {"done", 10}
    EXIT 0x22

; ---- ring 3 ----
user_read:
    mov eax, [ebx]
    int 0x80
user_write:
    mov [ebx], ecx
    int 0x80
user_back:
    int 0x80

; enter_user: iret to ring 3 at edx with the user stack; the ring-3 code ends with int 0x80, which
; continues at [ring0_continue] on the stack saved here.
enter_user:
    mov [saved_esp], esp
    push dword UDATA
    push dword user_stack_top
    push dword 0x002
    push dword UCODE
    push edx
    mov ax, UDATA
    mov ds, ax
    mov es, ax
    iretd

; int 0x80 (DPL 3): back to ring 0, eax kept.
isr_back:
    mov bx, KDATA
    mov ds, bx
    mov es, bx
    mov esp, [saved_esp]
    jmp [ring0_continue]

; #PF: print CR2, the error code and the faulting EIP; continue at [pf_resume].
isr_pf:
    pushad
    mov bx, KDATA
    mov ds, bx
    mov es, bx
    mov byte [faulted], 1
    PUTS " #PF cr2="
    mov eax, cr2
    call puthex32
    PUTS " err="
    mov eax, [esp + 32]
    call puthex32
    PUTS " eip="
    mov eax, [esp + 36]
    call puthex32
    mov al, 10
    call putc
    mov eax, [pf_resume]
    mov [esp + 36], eax
    popad
    add esp, 4
    iretd

; Any other exception: say so and stop.
isr_other:
    mov bx, KDATA
    mov ds, bx
    PUTS {"unexpected exception", 10}
    EXIT 0xEE

; ---- setup ----
setup_cpu:
    ; TSS descriptor: base tss, limit 103, type 0x89.
    mov eax, tss
    mov word [gdt_tss + 0], 103
    mov [gdt_tss + 2], ax
    shr eax, 16
    mov [gdt_tss + 4], al
    mov byte [gdt_tss + 5], 0x89
    mov byte [gdt_tss + 6], 0
    mov [gdt_tss + 7], ah
    mov dword [tss + 4], tss_stack_top
    mov dword [tss + 8], KDATA
    mov word [tss + 102], 104
    lgdt [gdtr]
    jmp KCODE:.cs
.cs:
    mov ax, KDATA
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov ax, TSSEL
    ltr ax
    ; IDT: every vector → isr_other; 14 → isr_pf; 0x80 → isr_back (DPL 3).
    xor ecx, ecx
.gate:
    mov eax, isr_other
    mov dl, 0x8E
    cmp ecx, 14
    jne .not_pf
    mov eax, isr_pf
.not_pf:
    cmp ecx, 0x80
    jne .set
    mov eax, isr_back
    mov dl, 0xEE
.set:
    mov [idt + ecx * 8 + 0], ax
    mov word [idt + ecx * 8 + 2], KCODE
    mov byte [idt + ecx * 8 + 4], 0
    mov [idt + ecx * 8 + 5], dl
    shr eax, 16
    mov [idt + ecx * 8 + 6], ax
    inc ecx
    cmp ecx, 256
    jne .gate
    lidt [idtr]
    ret

setup_paging:
    ; Signatures in the target pages.
    mov dword [P1], 0x11111111
    mov dword [P2], 0x22222222
    mov dword [P3], 0x33333333
    mov dword [P4], 0x44444444
    ; pt0: identity map of the first 4 MiB, user rw.
    mov edi, pt0
    mov eax, PTE_P + PTE_W + PTE_U
    mov ecx, 1024
.id:
    stosd
    add eax, 0x1000
    loop .id
    mov dword [pd + 0 * 4], pt0 + PTE_P + PTE_W + PTE_U
    mov dword [pd + 256 * 4], pt1 + PTE_P + PTE_W + PTE_U
    mov dword [pt1 + 0 * 4], P4 + PTE_P + PTE_W + PTE_U
    mov dword [pt1 + 1 * 4], P1 + PTE_P + PTE_W + PTE_U
    mov dword [pt1 + 2 * 4], P2 + PTE_P + PTE_U
    mov dword [pt1 + 3 * 4], 0
    mov dword [pt1 + 4 * 4], P3 + PTE_P + PTE_W
    mov dword [pt1 + 5 * 4], P1 + PTE_P + PTE_W
    mov dword [pt1 + 6 * 4], P1 + PTE_P + PTE_W + PTE_G
    mov dword [pd + 512 * 4], 0x00000000 + PTE_PS + PTE_P + PTE_W + PTE_U
    mov dword [pd + 513 * 4], 0x00800000 + PTE_PS + PTE_P + PTE_W + PTE_U
    mov dword [pd + 514 * 4], 0x00000000 + PTE_PS + PTE_P + PTE_U
    mov dword [pd + 769 * 4], pt2 + PTE_P + PTE_U
    mov dword [pd + 770 * 4], pt2 + PTE_P + PTE_W
    mov dword [pt2 + 0 * 4], P3 + PTE_P + PTE_W + PTE_U
    ret
