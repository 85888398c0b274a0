; kernel/exceptions.asm: the handler for CPU exceptions 0-31. It prints the exception's name, EIP,
; the error code and (for #PF) CR2. A page fault from ring 3 first goes to proc_page_fault (heap
; and stack pages on demand); any other fault in ring 3 kills that process; a fault in ring 0 is a
; kernel panic (exit code 3), and a fault on the kernel stack's guard page is reported as a
; kernel stack overflow. Not the IDT or the stubs (idt.asm).
%include "defs.inc"

section .text
global exception_handler
extern kprintf, proc_page_fault, proc_kill_current, kernel_exit, kernlab_probe

; void exception_handler(struct frame *f)
exception_handler:
        push ebx
        push esi
        mov ebx, [esp + 12]                 ; frame
        mov esi, [ebx + frame.vector]
        cmp esi, 14
        jne .report
        mov eax, [ebx + frame.cs]
        and eax, 3
        cmp eax, 3
        jne .report
        mov eax, cr2
        push eax
        push ebx
        call proc_page_fault                ; 1 when the page was mapped on demand
        add esp, 8
        test eax, eax
        jnz .return
.report:
        mov eax, cr2
        push eax
        push dword [ebx + frame.err]
        push dword [ebx + frame.eip]
        push esi
        push dword [exception_names + esi * 4]
        push exception_format
        call kprintf
        add esp, 24
        mov eax, [ebx + frame.cs]
        and eax, 3
        cmp eax, 3
        jne .kernel
        push REASON_FAULT
        call proc_kill_current              ; does not return
.kernel:
        cmp esi, 14
        jne .panic
        mov eax, cr2
        mov ecx, [kernlab_probe + probe.stack_guard]
        cmp eax, ecx
        jb .panic
        add ecx, STACK_GUARD_SIZE
        cmp eax, ecx
        jae .panic
        push stack_overflow_message
        call kprintf
        add esp, 4
.panic:
        push panic_message
        call kprintf
        add esp, 4
        push 3
        call kernel_exit                    ; does not return
.return:
        pop esi
        pop ebx
        ret

section .rodata
exception_format: db "exception: %s (vector %d) at eip %x, error %x, cr2 %x", 10, 0
panic_message:    db "kernel panic: exception in ring 0", 10, 0
stack_overflow_message: db "kernel stack overflow: fault on the guard page below the kernel stack", 10, 0
n0:  db "#DE divide error", 0
n1:  db "#DB debug", 0
n2:  db "NMI", 0
n3:  db "#BP breakpoint", 0
n4:  db "#OF overflow", 0
n5:  db "#BR bound range exceeded", 0
n6:  db "#UD invalid opcode", 0
n7:  db "#NM device not available", 0
n8:  db "#DF double fault", 0
n9:  db "coprocessor segment overrun", 0
n10: db "#TS invalid TSS", 0
n11: db "#NP segment not present", 0
n12: db "#SS stack-segment fault", 0
n13: db "#GP general protection fault", 0
n14: db "#PF page fault", 0
n15: db "reserved", 0
n16: db "#MF x87 floating-point error", 0
n17: db "#AC alignment check", 0
n18: db "#MC machine check", 0
n19: db "#XM SIMD floating-point error", 0
n20: db "#VE virtualization exception", 0
n21: db "#CP control protection", 0

align 4
exception_names:
        dd n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, n13, n14, n15
        dd n16, n17, n18, n19, n20, n21
        times 10 dd n15
