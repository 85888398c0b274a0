; kernel/paging.asm: two-level i386 paging. The kernel's page directory identity-maps all usable RAM
; (supervisor only) except the guard page under the kernel stack; every user page directory starts
; as a copy of the kernel's entries, so the kernel stays mapped (but not user-accessible) in every
; address space. Page directories and page tables come from the kernel heap. Not the policy of what
; a process maps (proc.asm).
%include "defs.inc"

PDX_SHIFT equ 22
PTX_SHIFT equ 12

section .text
global paging_init, pgdir_create, map_page, kernel_pgdir
extern kmalloc, pmm_ram_top, kernlab_probe, __stack_bottom

; void paging_init(void)
paging_init:
        push ebx
        push esi
        push edi
        push KIND_PGDIR
        push PAGE_SIZE
        push PAGE_SIZE
        call kmalloc
        add esp, 12
        mov [kernel_pgdir], eax
        mov [kernlab_probe + probe.kernel_pgdir], eax
        mov dword [kernlab_probe + probe.stack_guard], __stack_bottom
        xor esi, esi                        ; physical address being mapped
.table: cmp esi, [pmm_ram_top]
        jae .enable
        push KIND_PGTABLE
        push PAGE_SIZE
        push PAGE_SIZE
        call kmalloc
        add esp, 12
        mov ebx, eax                        ; the new page table
        mov edx, esi
        shr edx, PDX_SHIFT
        mov ecx, [kernel_pgdir]
        or eax, PTE_P | PTE_W
        mov [ecx + edx * 4], eax
        xor edi, edi                        ; PTX
.entry: mov eax, esi
        or eax, PTE_P | PTE_W
        cmp esi, __stack_bottom             ; the guard page stays unmapped
        jne .store
        xor eax, eax
.store: mov [ebx + edi * 4], eax
        add esi, PAGE_SIZE
        inc edi
        cmp edi, 1024
        jb .entry
        jmp .table
.enable:
        mov eax, [kernel_pgdir]
        mov cr3, eax
        mov eax, cr0
        or eax, CR0_PG | CR0_WP
        mov cr0, eax
        pop edi
        pop esi
        pop ebx
        ret

; uint32_t *pgdir_create(void): a new page directory holding the kernel's mappings
pgdir_create:
        push esi
        push edi
        push KIND_PGDIR
        push PAGE_SIZE
        push PAGE_SIZE
        call kmalloc
        add esp, 12
        test eax, eax
        jz .done
        mov edi, eax
        mov esi, [kernel_pgdir]
        mov ecx, 1024
        cld
        rep movsd
.done:  pop edi
        pop esi
        ret

; int map_page(uint32_t *pgdir, uint32_t va, uint32_t pa, uint32_t flags): 1, or 0 when no page table could be had
map_page:
        push ebx
        push esi
        mov ebx, [esp + 12]                 ; pgdir
        mov esi, [esp + 16]                 ; va
        mov edx, esi
        shr edx, PDX_SHIFT
        mov eax, [ebx + edx * 4]
        test eax, PTE_P
        jnz .have_table
        push edx
        push KIND_PGTABLE
        push PAGE_SIZE
        push PAGE_SIZE
        call kmalloc
        add esp, 12
        pop edx
        test eax, eax
        jz .fail
        or eax, PTE_P | PTE_W | PTE_U       ; the PTE decides what ring 3 may do
        mov [ebx + edx * 4], eax
.have_table:
        and eax, 0xFFFFF000
        mov edx, esi
        shr edx, PTX_SHIFT
        and edx, 1023
        mov ecx, [esp + 20]                 ; pa
        and ecx, 0xFFFFF000
        or ecx, [esp + 24]                  ; flags
        or ecx, PTE_P
        mov [eax + edx * 4], ecx
        invlpg [esi]
        mov eax, 1
        jmp .done
.fail:  xor eax, eax
.done:  pop esi
        pop ebx
        ret

section .data
kernel_pgdir: dd 0
