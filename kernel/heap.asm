; kernel/heap.asm: the kernel heap, between __heap_start and __heap_end (kernel/layout.ts), growing
; upward. kmalloc is a bump allocator (every allocation lies above the previous one) that zeroes
; what it hands out and records each allocation (address, size, kind) in the alloc log that the
; probe record points to; kfree can give back only the most recent live allocation (LIFO), which
; is all the shell's `free` needs. Task structs, page directories, page tables, kernel stacks of
; tasks and device-info records all come from here. Not the frame allocator (pmm.asm).
%include "defs.inc"

section .text
global heap_init, kmalloc, kfree
extern __heap_start, __heap_end, kernlab_probe

; void heap_init(void)
heap_init:
        mov dword [kernlab_probe + probe.heap_start], __heap_start
        mov dword [kernlab_probe + probe.heap_top], __heap_start
        mov dword [kernlab_probe + probe.heap_end], __heap_end
        mov dword [kernlab_probe + probe.alloc_log], alloc_log
        mov dword [kernlab_probe + probe.alloc_count], 0
        mov dword [kernlab_probe + probe.alloc_capacity], ALLOC_LOG_CAPACITY
        ret

; void *kmalloc(unsigned size, unsigned align, unsigned kind): zeroed memory, or 0 when the heap is full
kmalloc:
        push ebx
        push esi
        push edi
        mov esi, [kernlab_probe + probe.heap_top]   ; previous top
        mov ecx, [esp + 20]                         ; align (power of two, >= 1)
        test ecx, ecx
        jnz .aligned
        mov ecx, 4
.aligned:
        dec ecx
        lea ebx, [esi + ecx]
        not ecx
        and ebx, ecx                                ; start
        mov eax, ebx
        add eax, [esp + 16]                         ; new top
        jc .full
        cmp eax, __heap_end
        ja .full
        mov [kernlab_probe + probe.heap_top], eax
        mov ecx, [kernlab_probe + probe.alloc_count]
        cmp ecx, ALLOC_LOG_CAPACITY
        jae .zero
        shl ecx, 4
        mov [alloc_log + ecx + alloc_entry.addr], ebx
        mov edx, [esp + 16]
        mov [alloc_log + ecx + alloc_entry.size], edx
        mov edx, [esp + 24]
        mov [alloc_log + ecx + alloc_entry.kind], edx
        mov [alloc_log + ecx + alloc_entry.prev_top], esi
        inc dword [kernlab_probe + probe.alloc_count]
.zero:  mov edi, ebx
        mov ecx, [esp + 16]
        xor eax, eax
        cld
        rep stosb
        mov eax, ebx
        jmp .done
.full:  inc dword [kernlab_probe + probe.failures]
        xor eax, eax
.done:  pop edi
        pop esi
        pop ebx
        ret

; int kfree(void *p): 1 when p was the most recent live allocation and the top went back down
kfree:
        mov eax, [esp + 4]
        mov ecx, [kernlab_probe + probe.alloc_count]
        test ecx, ecx
        jz .no
        dec ecx
        shl ecx, 4
        cmp [alloc_log + ecx + alloc_entry.addr], eax
        jne .no
        test dword [alloc_log + ecx + alloc_entry.kind], KIND_FREED
        jnz .no
        mov edx, [kernlab_probe + probe.heap_top]
        mov eax, [alloc_log + ecx + alloc_entry.addr]
        add eax, [alloc_log + ecx + alloc_entry.size]
        cmp eax, edx
        jne .no
        or dword [alloc_log + ecx + alloc_entry.kind], KIND_FREED
        mov eax, [alloc_log + ecx + alloc_entry.prev_top]
        mov [kernlab_probe + probe.heap_top], eax
        mov eax, 1
        ret
.no:    xor eax, eax
        ret

section .bss
alignb 16
alloc_log: resb ALLOC_LOG_CAPACITY * alloc_entry_size
