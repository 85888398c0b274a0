; kernel/pmm.asm: the physical frame allocator. A bitmap (one bit per 4 KiB frame, 1 = in use) is
; filled from the multiboot memory map; everything below __kernel_end (BIOS area, kernel image,
; kernel heap, kernel stack) is marked in use before the first allocation. User pages come from
; here; kernel structures come from the kernel heap (heap.asm). Not paging (paging.asm).
%include "defs.inc"

MAX_FRAMES equ MAX_RAM / PAGE_SIZE
MBI_FLAGS  equ 0
MBI_MEM_UPPER equ 8
UPPER_MEMORY equ 0x100000               ; multiboot's mem_upper counts KiB from 1 MiB, wherever the kernel is
MBI_MMAP_LENGTH equ 44
MBI_MMAP_ADDR equ 48

section .text
global pmm_init, pmm_alloc, pmm_ram_top
extern __kernel_end, kernlab_probe

; mark_range(start, end, used): frames whose whole 4 KiB lie in [start, end)
mark_range:
        push ebx
        mov eax, [esp + 8]
        add eax, PAGE_SIZE - 1
        shr eax, 12                         ; first frame
        mov ecx, [esp + 12]
        shr ecx, 12                         ; end frame
        cmp ecx, MAX_FRAMES
        jbe .clipped
        mov ecx, MAX_FRAMES
.clipped:
        mov ebx, [esp + 16]
.next:  cmp eax, ecx
        jae .done
        test eax, 7                         ; a whole byte of frames at once when possible
        jnz .bit
        lea edx, [eax + 8]
        cmp edx, ecx
        ja .bit
        mov edx, eax
        shr edx, 3
        mov byte [pmm_bitmap + edx], 0
        test ebx, ebx
        jz .byte_done
        mov byte [pmm_bitmap + edx], 0xFF
.byte_done:
        add eax, 8
        jmp .next
.bit:   mov edx, eax
        shr edx, 3
        push ecx
        mov ecx, eax
        and ecx, 7
        push eax
        mov al, 1
        shl al, cl
        test ebx, ebx
        jz .clear
        or [pmm_bitmap + edx], al
        jmp .marked
.clear: not al
        and [pmm_bitmap + edx], al
.marked:
        pop eax
        pop ecx
        inc eax
        jmp .next
.done:  pop ebx
        ret

; free_region(base, length): a usable RAM region from the memory map; also raises pmm_ram_top
free_region:
        mov eax, [esp + 4]
        mov ecx, [esp + 8]
        add ecx, eax
        jc .done                            ; wraps past 4 GiB: ignore
        cmp ecx, MAX_RAM
        jbe .below
        mov ecx, MAX_RAM
.below: cmp ecx, [pmm_ram_top]
        jbe .mark
        mov [pmm_ram_top], ecx
.mark:  push 0
        push ecx
        push eax
        call mark_range
        add esp, 12
.done:  ret

; void pmm_init(multiboot_info *mbi)
pmm_init:
        push ebx
        push esi
        push edi
        mov edi, pmm_bitmap                 ; everything in use until the map says otherwise
        mov ecx, MAX_FRAMES / 32
        mov eax, 0xFFFFFFFF
        cld
        rep stosd
        mov ebx, [esp + 16]                 ; mbi
        test dword [ebx + MBI_FLAGS], 1 << 6
        jz .mem_upper
        mov esi, [ebx + MBI_MMAP_ADDR]
        mov edi, esi
        add edi, [ebx + MBI_MMAP_LENGTH]
.entry: cmp esi, edi
        jae .reserve
        cmp dword [esi + 20], 1             ; type 1: available RAM
        jne .skip
        cmp dword [esi + 8], 0              ; above 4 GiB
        jne .skip
        push dword [esi + 12]
        push dword [esi + 4]
        call free_region
        add esp, 8
.skip:  mov eax, [esi]
        lea esi, [esi + eax + 4]
        jmp .entry
.mem_upper:
        test dword [ebx + MBI_FLAGS], 1
        jz .reserve
        mov eax, [ebx + MBI_MEM_UPPER]
        shl eax, 10
        push eax
        push UPPER_MEMORY
        call free_region
        add esp, 8
.reserve:
        push 1                              ; BIOS, bootloader, kernel image, heap, stack
        push __kernel_end
        push 0
        call mark_range
        add esp, 12
        xor eax, eax                        ; count free frames: 8 minus the set bits of each byte
        xor ecx, ecx
        mov esi, [pmm_ram_top]
        shr esi, 15                         ; bytes of bitmap that cover usable RAM
.count: cmp ecx, esi
        jae .counted
        movzx edx, byte [pmm_bitmap + ecx]
        inc ecx
        add eax, 8
.used:  test edx, edx
        jz .count
        lea edi, [edx - 1]                  ; clear the lowest set bit
        and edx, edi
        dec eax
        jmp .used
.counted:
        mov [kernlab_probe + probe.frames_total], eax
        mov [kernlab_probe + probe.frames_free], eax
        mov dword [kernlab_probe + probe.frame_bitmap], pmm_bitmap
        pop edi
        pop esi
        pop ebx
        ret

; uint32_t pmm_alloc(void): the physical address of a free frame (not zeroed), or 0
pmm_alloc:
        xor ecx, ecx
.next:  cmp ecx, MAX_FRAMES
        jae .none
        mov edx, ecx
        shr edx, 3
        movzx eax, byte [pmm_bitmap + edx]
        cmp eax, 0xFF
        je .skip8
        push ecx
        and ecx, 7
        mov ah, 1
        shl ah, cl
        pop ecx
        test al, ah
        jnz .taken
        or al, ah
        mov [pmm_bitmap + edx], al
        dec dword [kernlab_probe + probe.frames_free]
        mov eax, ecx
        shl eax, 12
        ret
.skip8: or ecx, 7
.taken: inc ecx
        jmp .next
.none:  xor eax, eax
        ret

section .data
pmm_ram_top: dd 0                           ; end of usable RAM (for the identity map)

section .bss
alignb 4
pmm_bitmap: resb MAX_FRAMES / 8
