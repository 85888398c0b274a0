; kernel/user.asm: the user programs the sample kernel runs in ring 3, and their descriptors.
; Each program's text runs at USER_TEXT_BASE and its data one page up (each fits one page), so the
; code addresses its data as U_DATA + (label - start of its data) and its bss as U_BSS + offset.
; The kernel copies text and data into fresh frames (proc.asm); it never runs this code in ring 0.
;   worker:   getpid, write, sbrk + touch its heap, update data and bss, recurse its stack
;             (which grows on demand), spin so the PIT preempts it, exit(0).
;   collider: sbrk in 1 GiB steps toward its stack until the kernel kills it.
%include "defs.inc"

U_DATA equ USER_TEXT_BASE + PAGE_SIZE
U_BSS  equ USER_TEXT_BASE + 2 * PAGE_SIZE
WORKER_ROUNDS equ 4
WORKER_SPIN   equ 20000
COLLIDE_STEP  equ 0x40000000            ; 1 GiB: the third step would pass the stack

%macro SYSCALL 1
        mov eax, %1
        int 0x80
%endmacro

section .rodata
align 4
worker_data:
w_hello:    db "worker: hello from ring 3", 10
w_hello_len equ $ - w_hello
w_round:    db "worker: heap page touched", 10
w_round_len equ $ - w_round
w_counter:  dd 0x0000C0DE                   ; an initialized global: the worker bumps it
worker_data_end:

collider_data:
c_hello:    db "collider: growing the heap toward the stack", 10
c_hello_len equ $ - c_hello
collider_data_end:

; bss offsets
W_PID    equ 0
W_SUM    equ 4
C_STEPS  equ 0

section .text
align 16
worker_text:
        SYSCALL SYS_GETPID
        mov [U_BSS + W_PID], eax
        mov ebx, 1
        mov ecx, U_DATA + (w_hello - worker_data)
        mov edx, w_hello_len
        SYSCALL SYS_WRITE
        mov esi, WORKER_ROUNDS
.round: mov ebx, PAGE_SIZE
        SYSCALL SYS_SBRK                    ; eax = the old break: a fresh heap page
        mov [eax], esi                      ; first touch maps it
        mov [eax + PAGE_SIZE - 4], esi
        inc dword [U_DATA + (w_counter - worker_data)]
        add [U_BSS + W_SUM], esi
        mov ebx, 1
        mov ecx, U_DATA + (w_round - worker_data)
        mov edx, w_round_len
        SYSCALL SYS_WRITE
        mov ecx, WORKER_SPIN
.spin:  dec ecx
        jnz .spin
        dec esi
        jnz .round
        push 3
        call worker_recurse                 ; 3 frames of 2 KiB: the stack grows past its first page
        add esp, 4
        xor ebx, ebx
        SYSCALL SYS_EXIT
.never: jmp .never

; worker_recurse(n): 2 KiB locals per level
worker_recurse:
        sub esp, 2048
        mov eax, [esp + 2052]
        mov [esp], eax
        test eax, eax
        jz .bottom
        dec eax
        push eax
        call worker_recurse
        add esp, 4
.bottom:
        add esp, 2048
        ret
worker_text_end:

align 16
collider_text:
        mov ebx, 1
        mov ecx, U_DATA + (c_hello - collider_data)
        mov edx, c_hello_len
        SYSCALL SYS_WRITE
.grow:  mov ebx, COLLIDE_STEP
        SYSCALL SYS_SBRK
        mov byte [eax + COLLIDE_STEP - 1], 0xAA   ; touch the top of the new heap
        inc dword [U_BSS + C_STEPS]
        jmp .grow
collider_text_end:

section .data
align 4
global worker_program, collider_program
worker_program:
        istruc program
            at program.name,     dd worker_name
            at program.text,     dd worker_text
            at program.text_len, dd worker_text_end - worker_text
            at program.data,     dd worker_data
            at program.data_len, dd worker_data_end - worker_data
            at program.bss_len,  dd 8
        iend
collider_program:
        istruc program
            at program.name,     dd collider_name
            at program.text,     dd collider_text
            at program.text_len, dd collider_text_end - collider_text
            at program.data,     dd collider_data
            at program.data_len, dd collider_data_end - collider_data
            at program.bss_len,  dd 4
        iend
worker_name:   db "worker", 0
collider_name: db "collider", 0
