; kernel/shell.asm: the serial shell for interactive boots (multiboot command line "shell"):
; help, layout, alloc N, free, recurse N, spawn, collide, exit. It exercises the memory layout by
; hand: heap allocations and their addresses, stack depth with the kernel-stack guard, a new
; process, the heap/stack collision. Not used by the proof run, which never waits for input.
%include "defs.inc"

LINE_MAX   equ 64
RECURSE_FRAME equ 64
SHELL_ALLOCS  equ 16

section .text
global shell
extern serial_getc, serial_putc, kprintf, print_layout, kmalloc, kfree, kernel_exit
extern proc_create, run_until_idle, worker_program, collider_program, kernlab_probe
extern __stack_bottom

; int word_is(const char *line, const char *word): line starts with word followed by space or end
word_is:
        mov ecx, [esp + 4]
        mov edx, [esp + 8]
.next:  mov al, [edx]
        test al, al
        jz .end
        cmp al, [ecx]
        jne .no
        inc ecx
        inc edx
        jmp .next
.end:   mov al, [ecx]
        test al, al
        jz .yes
        cmp al, ' '
        je .yes
.no:    xor eax, eax
        ret
.yes:   mov eax, 1
        ret

; unsigned argument(const char *line): the decimal number after the first space (0 if none)
argument:
        mov ecx, [esp + 4]
.skip:  mov dl, [ecx]
        test dl, dl
        jz .zero
        inc ecx
        cmp dl, ' '
        jne .skip
        xor eax, eax
.digit: movzx edx, byte [ecx]
        sub edx, '0'
        cmp edx, 9
        ja .done
        imul eax, eax, 10
        add eax, edx
        inc ecx
        jmp .digit
.zero:  xor eax, eax
.done:  ret

; read_line(): into line_buffer, with echo and backspace
read_line:
        push ebx
        xor ebx, ebx
.next:  call serial_getc
        cmp eax, 13
        je .end
        cmp eax, 10
        je .end
        cmp eax, 8
        je .back
        cmp eax, 127
        je .back
        cmp ebx, LINE_MAX - 1
        jae .next
        mov [line_buffer + ebx], al
        inc ebx
        push eax
        call serial_putc
        add esp, 4
        jmp .next
.back:  test ebx, ebx
        jz .next
        dec ebx
        push back_sequence
        call kprintf
        add esp, 4
        jmp .next
.end:   mov byte [line_buffer + ebx], 0
        push newline
        call kprintf
        add esp, 4
        pop ebx
        ret

; recurse(depth, remaining): prints ESP at each level, refuses to come near the guard page
recurse:
        push ebp
        mov ebp, esp
        sub esp, RECURSE_FRAME
        mov eax, esp
        sub eax, RECURSE_FRAME * 2
        cmp eax, __stack_bottom + STACK_GUARD_SIZE
        ja .fine
        push esp
        push dword [ebp + 8]
        push guard_message
        call kprintf
        add esp, 12
        jmp .done
.fine:  push esp
        push dword [ebp + 8]
        push depth_message
        call kprintf
        add esp, 12
        mov eax, [ebp + 12]
        cmp eax, 1
        jbe .done
        dec eax
        push eax
        mov eax, [ebp + 8]
        inc eax
        push eax
        call recurse
        add esp, 8
.done:  leave
        ret

; void shell(void): never returns (exit leaves through port 0xF4)
shell:
        push shell_banner
        call kprintf
        add esp, 4
.prompt:
        push prompt
        call kprintf
        add esp, 4
        call read_line
%macro COMMAND 2
        push %1
        push line_buffer
        call word_is
        add esp, 8
        test eax, eax
        jnz %2
%endmacro
        COMMAND cmd_help, .help
        COMMAND cmd_layout, .layout
        COMMAND cmd_alloc, .alloc
        COMMAND cmd_free, .free
        COMMAND cmd_recurse, .recurse
        COMMAND cmd_spawn, .spawn
        COMMAND cmd_collide, .collide
        COMMAND cmd_exit, .exit
        cmp byte [line_buffer], 0
        je .prompt
        push line_buffer
        push unknown_message
        call kprintf
        add esp, 8
        jmp .prompt
.help:  push help_message
        call kprintf
        add esp, 4
        jmp .prompt
.layout:
        call print_layout
        jmp .prompt
.alloc: push line_buffer
        call argument
        add esp, 4
        push KIND_SHELL
        push 16
        push eax
        call kmalloc
        add esp, 12
        test eax, eax
        jz .full
        mov ecx, [shell_alloc_count]
        cmp ecx, SHELL_ALLOCS
        jae .untracked
        mov [shell_allocs + ecx * 4], eax
        inc dword [shell_alloc_count]
.untracked:
        push dword [kernlab_probe + probe.heap_top]
        push eax
        push alloc_message
        call kprintf
        add esp, 12
        jmp .prompt
.full:  push full_message
        call kprintf
        add esp, 4
        jmp .prompt
.free:  mov ecx, [shell_alloc_count]
        test ecx, ecx
        jz .nothing
        mov eax, [shell_allocs + ecx * 4 - 4]
        push eax
        call kfree
        pop edx
        test eax, eax
        jz .not_top
        dec dword [shell_alloc_count]
        push dword [kernlab_probe + probe.heap_top]
        push edx
        push free_message
        call kprintf
        add esp, 12
        jmp .prompt
.not_top:
        push edx
        push not_top_message
        call kprintf
        add esp, 8
        jmp .prompt
.nothing:
        push nothing_message
        call kprintf
        add esp, 4
        jmp .prompt
.recurse:
        push line_buffer
        call argument
        add esp, 4
        push eax
        push 1
        call recurse
        add esp, 8
        jmp .prompt
.spawn: push worker_program
        jmp .run
.collide:
        push collider_program
.run:   call proc_create
        add esp, 4
        call run_until_idle
        cli
        jmp .prompt
.exit:  push 0
        call kernel_exit

section .rodata
shell_banner:    db "kernlab shell: type 'help'", 10, 0
prompt:          db "> ", 0
newline:         db 10, 0
back_sequence:   db 8, " ", 8, 0
help_message:
        db "help        this list", 10
        db "layout      the kernel's sections, heap and stack", 10
        db "alloc N     N bytes from the kernel heap", 10
        db "free        give back the latest alloc", 10
        db "recurse N   N nested calls, printing ESP (stops at the stack guard)", 10
        db "spawn       run a new worker process", 10
        db "collide     run a process whose heap grows into its stack", 10
        db "exit        leave the emulator", 10, 0
unknown_message: db "unknown command '%s' (try 'help')", 10, 0
alloc_message:   db "kmalloc -> %x (heap top now %x)", 10, 0
full_message:    db "kmalloc: kernel heap exhausted", 10, 0
free_message:    db "kfree %x (heap top now %x)", 10, 0
not_top_message: db "kfree %x: not the newest allocation, kept", 10, 0
nothing_message: db "nothing to free", 10, 0
depth_message:   db "depth %d: esp %x", 10, 0
guard_message:   db "depth %d: esp %x is near the kernel-stack guard page; stopping", 10, 0
cmd_help:    db "help", 0
cmd_layout:  db "layout", 0
cmd_alloc:   db "alloc", 0
cmd_free:    db "free", 0
cmd_recurse: db "recurse", 0
cmd_spawn:   db "spawn", 0
cmd_collide: db "collide", 0
cmd_exit:    db "exit", 0

section .data
shell_alloc_count: dd 0

section .bss
line_buffer:  resb LINE_MAX
alignb 4
shell_allocs: resd SHELL_ALLOCS
