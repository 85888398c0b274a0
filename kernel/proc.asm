; kernel/proc.asm: user processes and the scheduler. proc_create builds a process from a program
; descriptor: a task struct, a page directory and a kernel stack from the kernel heap, and user
; pages from the frame allocator at the conventional addresses (text at USER_TEXT_BASE read-only,
; data, bss, then the heap from sbrk, and a stack that ends at USER_STACK_TOP), all user-accessible.
; Heap and stack pages are mapped on demand (proc_page_fault); sbrk and stack growth both refuse to
; close the guard gap between heap and stack, and kill the process with "heap/stack collision".
; sched_tick (IRQ 0) switches round-robin between runnable tasks every QUANTUM ticks; the kernel's own thread (kmain)
; runs only when no user task can. Not the system-call decoding (syscall.asm).
%include "defs.inc"

QUANTUM equ 2                               ; timer ticks per turn

section .text
global proc_init, proc_create, proc_page_fault, proc_kill_current, proc_exit, proc_sbrk
global sched_tick, schedule, run_until_idle, current_task, kernel_task
extern kmalloc, pmm_alloc, pgdir_create, map_page, kernel_pgdir, tss_set_esp0
extern interrupt_return, kprintf, kernlab_probe

; void proc_init(void)
proc_init:
        mov eax, [kernel_pgdir]
        mov [kernel_task + task.pgdir], eax
        mov dword [kernlab_probe + probe.kernel_task], kernel_task
        mov dword [current_task], kernel_task
        ret

; map_fresh(task *t, va, src, len, flags): maps ceil(len / 4 KiB) new zeroed frames at va and copies
; len bytes from src (src 0: leave zero). Returns 1, or 0 when out of frames or page tables.
map_fresh:
        push ebp
        mov ebp, esp
        push ebx
        push esi
        push edi
        xor ebx, ebx                        ; offset
.page:  cmp ebx, [ebp + 20]
        jae .ok
        call pmm_alloc
        test eax, eax
        jz .fail
        mov edi, eax                        ; zero the frame (identity-mapped in the kernel's view)
        push eax
        mov ecx, PAGE_SIZE / 4
        xor eax, eax
        cld
        rep stosd
        pop eax
        mov edx, [ebp + 8]
        inc dword [edx + task.frames]
        mov ecx, [ebp + 16]                 ; copy the source bytes of this page
        test ecx, ecx
        jz .map
        mov edi, eax
        lea esi, [ecx + ebx]
        mov ecx, [ebp + 20]
        sub ecx, ebx
        cmp ecx, PAGE_SIZE
        jbe .copy
        mov ecx, PAGE_SIZE
.copy:  rep movsb
.map:   push dword [ebp + 24]
        push eax
        mov eax, [ebp + 12]
        add eax, ebx
        push eax
        mov eax, [ebp + 8]
        push dword [eax + task.pgdir]
        call map_page
        add esp, 16
        test eax, eax
        jz .fail
        add ebx, PAGE_SIZE
        jmp .page
.ok:    mov eax, 1
        jmp .done
.fail:  inc dword [kernlab_probe + probe.failures]
        xor eax, eax
.done:  pop edi
        pop esi
        pop ebx
        pop ebp
        ret

; task *proc_create(const struct program *p)
proc_create:
        push ebx
        push esi
        push edi
        mov esi, [esp + 16]                 ; program
        push KIND_TASK
        push 4
        push task_size
        call kmalloc
        add esp, 12
        test eax, eax
        jz .fail
        mov ebx, eax                        ; task
        mov eax, [next_pid]
        inc dword [next_pid]
        mov [ebx + task.pid], eax
        mov dword [ebx + task.state], TASK_RUNNABLE
        mov eax, [esi + program.name]
        mov [ebx + task.name], eax
        call pgdir_create
        test eax, eax
        jz .fail
        mov [ebx + task.pgdir], eax
        push KIND_KSTACK
        push 16
        push KSTACK_SIZE
        call kmalloc
        add esp, 12
        test eax, eax
        jz .fail
        mov [ebx + task.kstack], eax
        ; text: read-only, user
        mov edi, USER_TEXT_BASE
        mov [ebx + task.text_va], edi
        push PTE_U
        push dword [esi + program.text_len]
        push dword [esi + program.text]
        push edi
        push ebx
        call map_fresh
        add esp, 20
        add edi, [esi + program.text_len]
        mov [ebx + task.text_end], edi
        add edi, PAGE_SIZE - 1
        and edi, 0xFFFFF000
        ; data: writable, user
        mov [ebx + task.data_va], edi
        push PTE_U | PTE_W
        push dword [esi + program.data_len]
        push dword [esi + program.data]
        push edi
        push ebx
        call map_fresh
        add esp, 20
        add edi, [esi + program.data_len]
        mov [ebx + task.data_end], edi
        add edi, PAGE_SIZE - 1
        and edi, 0xFFFFF000
        ; bss: writable, user, zero
        mov [ebx + task.bss_va], edi
        push PTE_U | PTE_W
        push dword [esi + program.bss_len]
        push 0
        push edi
        push ebx
        call map_fresh
        add esp, 20
        add edi, [esi + program.bss_len]
        mov [ebx + task.bss_end], edi
        add edi, PAGE_SIZE - 1
        and edi, 0xFFFFF000
        ; heap: empty, grows from here through sbrk
        mov [ebx + task.heap_start], edi
        mov [ebx + task.brk], edi
        ; stack: one page under USER_STACK_TOP, more on demand
        mov dword [ebx + task.stack_top], USER_STACK_TOP
        mov dword [ebx + task.stack_low], USER_STACK_TOP - PAGE_SIZE
        push PTE_U | PTE_W
        push PAGE_SIZE
        push 0
        push USER_STACK_TOP - PAGE_SIZE
        push ebx
        call map_fresh
        add esp, 20
        ; the kernel stack: an interrupt frame that "returns" to ring 3 at the program's entry,
        ; under a switch_to frame that "returns" to interrupt_return
        mov edi, [ebx + task.kstack]
        add edi, KSTACK_SIZE
        sub edi, frame_size + 20
        mov dword [edi + 0], 0              ; ebx
        mov dword [edi + 4], 0              ; esi
        mov dword [edi + 8], 0              ; edi
        mov dword [edi + 12], 0             ; ebp
        mov dword [edi + 16], interrupt_return
        lea eax, [edi + 20]                 ; the frame
        mov dword [eax + frame.gs], USER_DS
        mov dword [eax + frame.fs], USER_DS
        mov dword [eax + frame.es], USER_DS
        mov dword [eax + frame.ds], USER_DS
        mov dword [eax + frame.eip], USER_TEXT_BASE
        mov dword [eax + frame.cs], USER_CS
        mov dword [eax + frame.eflags], 0x202
        mov dword [eax + frame.useresp], USER_STACK_TOP
        mov dword [eax + frame.ss], USER_DS
        mov [ebx + task.kesp], edi
        ; append to the task list
        mov eax, [task_tail]
        test eax, eax
        jz .first
        mov [eax + task.next], ebx
        jmp .linked
.first: mov [kernlab_probe + probe.task_list], ebx
.linked:
        mov [task_tail], ebx
        inc dword [kernlab_probe + probe.task_count]
        push dword [ebx + task.pgdir]
        push dword [ebx + task.name]
        push dword [ebx + task.pid]
        push created_message
        call kprintf
        add esp, 16
        mov eax, ebx
        jmp .done
.fail:  inc dword [kernlab_probe + probe.failures]
        xor eax, eax
.done:  pop edi
        pop esi
        pop ebx
        ret

; switch_to(uint32_t *save_esp, uint32_t new_esp)
switch_to:
        mov eax, [esp + 4]
        mov edx, [esp + 8]
        push ebp
        push edi
        push esi
        push ebx
        mov [eax], esp
        mov esp, edx
        pop ebx
        pop esi
        pop edi
        pop ebp
        ret

; void schedule(void): round-robin over runnable user tasks, else the kernel's own thread
schedule:
        push ebx
        mov ebx, [current_task]
        mov ecx, [kernlab_probe + probe.task_count]
        mov eax, ebx
        cmp eax, kernel_task
        je .from_head
        mov eax, [eax + task.next]
        jmp .scan
.from_head:
        mov eax, [kernlab_probe + probe.task_list]
.scan:  test ecx, ecx
        jz .idle
        test eax, eax
        jnz .check
        mov eax, [kernlab_probe + probe.task_list]
.check: cmp dword [eax + task.state], TASK_RUNNABLE
        je .pick
        mov eax, [eax + task.next]
        dec ecx
        jmp .scan
.idle:  mov eax, kernel_task
.pick:  mov dword [slice_left], QUANTUM     ; a full turn for whoever runs next
        cmp eax, ebx
        je .same
        mov [current_task], eax
        inc dword [kernlab_probe + probe.switches]
        push eax
        mov ecx, [eax + task.kstack]
        add ecx, KSTACK_SIZE
        push ecx
        call tss_set_esp0
        add esp, 4
        pop eax
        mov ecx, [eax + task.pgdir]
        mov cr3, ecx
        push dword [eax + task.kesp]
        lea ecx, [ebx + task.kesp]
        push ecx
        call switch_to
        add esp, 8
.same:  pop ebx
        ret

; void sched_tick(void): IRQ 0. A user task keeps the CPU for QUANTUM ticks, so a tick that was already
; pending when it started (IRQ 0 keeps arriving while the kernel runs with interrupts off) cannot take
; its whole turn away; the kernel's idle thread gives way at once.
sched_tick:
        inc dword [kernlab_probe + probe.ticks]
        mov eax, [current_task]
        inc dword [eax + task.ticks_run]
        cmp eax, kernel_task
        je .switch
        dec dword [slice_left]
        jg .keep
.switch:
        call schedule
.keep:  ret

; void run_until_idle(void): the kernel thread sleeps while any user task is runnable
run_until_idle:
.check: cli
        mov eax, [kernlab_probe + probe.task_list]
.next:  test eax, eax
        jz .idle
        cmp dword [eax + task.state], TASK_RUNNABLE
        je .wait
        mov eax, [eax + task.next]
        jmp .next
.wait:  sti
        hlt
        jmp .check
.idle:  ret

; finish(task *t, state, reason, code): bookkeeping shared by exit and kill
finish:
        mov eax, [esp + 4]
        mov ecx, [esp + 8]
        mov [eax + task.state], ecx
        mov ecx, [esp + 12]
        mov [eax + task.reason], ecx
        mov ecx, [esp + 16]
        mov [eax + task.exit_code], ecx
        mov ecx, [kernlab_probe + probe.ticks]
        mov [eax + task.exit_tick], ecx
        inc dword [finished_count]
        mov ecx, [finished_count]
        mov [eax + task.exit_order], ecx
        ret

; void proc_exit(int code): SYS_EXIT; does not return
proc_exit:
        mov eax, [current_task]
        push dword [esp + 4]
        push REASON_EXIT
        push TASK_EXITED
        push eax
        call finish
        add esp, 16
        mov eax, [current_task]
        push dword [eax + task.exit_code]
        push dword [eax + task.name]
        push dword [eax + task.pid]
        push exited_message
        call kprintf
        add esp, 16
        call schedule
.never: hlt
        jmp .never

; void proc_kill_current(int reason): does not return
proc_kill_current:
        mov eax, [current_task]
        mov ecx, [esp + 4]
        push -1
        push ecx
        push TASK_KILLED
        push eax
        call finish
        add esp, 16
        mov eax, [current_task]
        cmp dword [eax + task.reason], REASON_COLLISION
        jne .other
        push dword [kernlab_probe + probe.collision_stack_low]
        push dword [kernlab_probe + probe.collision_brk]
        push dword [eax + task.name]
        push dword [eax + task.pid]
        push collision_message
        call kprintf
        add esp, 20
        CHECKPOINT CP_COLLISION
        jmp .gone
.other: push dword [eax + task.name]
        push dword [eax + task.pid]
        push killed_message
        call kprintf
        add esp, 12
.gone:  call schedule
.never: hlt
        jmp .never

; collide(requested_top): record the collision in the probe, kill the current task
collide:
        mov eax, [current_task]
        mov ecx, [eax + task.pid]
        mov [kernlab_probe + probe.collision_pid], ecx
        mov ecx, [esp + 4]
        mov [kernlab_probe + probe.collision_brk], ecx
        mov ecx, [eax + task.stack_low]
        mov [kernlab_probe + probe.collision_stack_low], ecx
        mov ecx, [kernlab_probe + probe.ticks]
        mov [kernlab_probe + probe.collision_tick], ecx
        push REASON_COLLISION
        call proc_kill_current

; uint32_t proc_sbrk(int increment): the old break, or -1
proc_sbrk:
        mov edx, [current_task]
        mov eax, [edx + task.brk]
        mov ecx, [esp + 4]
        test ecx, ecx
        js .shrink
        add ecx, eax                        ; the new break
        jc .collide
        push ecx
        add ecx, PAGE_SIZE - 1
        jc .collide_pop
        and ecx, 0xFFFFF000
        add ecx, USER_GUARD_GAP             ; the guard gap must stay unmapped
        jc .collide_pop
        cmp ecx, [edx + task.stack_low]
        ja .collide_pop
        pop ecx
        mov [edx + task.brk], ecx
        ret
.shrink:
        add ecx, eax
        cmp ecx, [edx + task.heap_start]
        jb .refuse
        mov [edx + task.brk], ecx
        ret
.refuse:
        mov eax, -1
        ret
.collide_pop:
        pop ecx
.collide:
        push ecx
        call collide                        ; does not return

; int proc_page_fault(struct frame *f, uint32_t cr2): 1 when a heap or stack page was mapped
proc_page_fault:
        push ebx
        push esi
        push edi
        mov ebx, [current_task]
        cmp ebx, kernel_task
        je .no
        mov esi, [esp + 16]                 ; frame
        mov edi, [esp + 20]                 ; cr2
        test dword [esi + frame.err], 1     ; present: a protection fault, never on demand
        jnz .no
        cmp edi, [ebx + task.heap_start]
        jb .stack
        cmp edi, [ebx + task.brk]
        jae .stack
        and edi, 0xFFFFF000                 ; a heap page below the break
        push PTE_U | PTE_W
        push PAGE_SIZE
        push 0
        push edi
        push ebx
        call map_fresh
        add esp, 20
        jmp .done
.stack: cmp edi, [ebx + task.stack_low]
        jae .no
        mov eax, [esi + frame.useresp]
        sub eax, 32
        cmp edi, eax                        ; only just below ESP counts as stack growth
        jb .no
        and edi, 0xFFFFF000
        mov eax, [ebx + task.brk]
        add eax, PAGE_SIZE - 1
        and eax, 0xFFFFF000
        add eax, USER_GUARD_GAP
        cmp edi, eax
        jae .grow
        push edi
        call collide                        ; the stack would reach into the heap's guard gap
.grow:  mov eax, [ebx + task.stack_low]
        sub eax, edi
        push PTE_U | PTE_W
        push eax
        push 0
        push edi
        push ebx
        call map_fresh
        add esp, 20
        mov [ebx + task.stack_low], edi
        jmp .done
.no:    xor eax, eax
.done:  pop edi
        pop esi
        pop ebx
        ret

section .rodata
created_message:   db "proc: pid %d (%s) created, page directory at %x", 10, 0
exited_message:    db "proc: pid %d (%s) exited with code %d", 10, 0
killed_message:    db "proc: pid %d (%s) killed by a fault", 10, 0
collision_message: db "proc: pid %d (%s) killed: heap/stack collision (break %x would reach the stack at %x)", 10, 0
kernel_name:       db "kernel", 0

section .data
align 4
slice_left:   dd QUANTUM
next_pid:     dd 1
finished_count: dd 0
task_tail:    dd 0
current_task: dd 0
kernel_task:                                ; the kernel's own thread (kmain), pid 0, not in the list
        istruc task
            at task.next,  dd 0
            at task.pid,   dd 0
            at task.state, dd TASK_RUNNABLE
            at task.name,  dd kernel_name
        iend
