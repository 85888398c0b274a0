; kernel/syscall.asm: the int 0x80 system-call interface (eax = number, ebx/ecx/edx = arguments,
; result in eax): write(fd, buf, len), sbrk(increment), getpid(), exit(code). A user buffer is
; used only when every page of it is mapped present and user-accessible in the caller's page
; directory. Not the process machinery behind sbrk and exit (proc.asm).
%include "defs.inc"

section .text
global syscall_handler
extern current_task, proc_sbrk, proc_exit, serial_write

; int user_range_ok(task *t, uint32_t buf, uint32_t len)
user_range_ok:
        push ebx
        push esi
        mov ebx, [esp + 12]
        mov esi, [esp + 16]                 ; buf
        mov ecx, [esp + 20]                 ; len
        test ecx, ecx
        jz .yes
        cmp esi, USER_TEXT_BASE
        jb .no
        lea edx, [esi + ecx - 1]            ; last byte
        cmp edx, esi
        jb .no                              ; wrapped
        cmp edx, USER_STACK_TOP
        jae .no
        and esi, 0xFFFFF000
.page:  mov eax, esi
        shr eax, 22
        mov ecx, [ebx + task.pgdir]
        mov eax, [ecx + eax * 4]
        test eax, PTE_P
        jz .no
        and eax, 0xFFFFF000
        mov ecx, esi
        shr ecx, 12
        and ecx, 1023
        mov eax, [eax + ecx * 4]
        and eax, PTE_P | PTE_U
        cmp eax, PTE_P | PTE_U
        jne .no
        add esi, PAGE_SIZE
        cmp esi, edx
        jbe .page
.yes:   mov eax, 1
        jmp .done
.no:    xor eax, eax
.done:  pop esi
        pop ebx
        ret

; void syscall_handler(struct frame *f)
syscall_handler:
        push ebx
        push esi
        mov esi, [esp + 12]                 ; frame
        mov ebx, [current_task]
        inc dword [ebx + task.syscalls]
        mov eax, [esi + frame.eax]
        cmp eax, SYS_WRITE
        je .write
        cmp eax, SYS_GETPID
        je .getpid
        cmp eax, SYS_SBRK
        je .sbrk
        cmp eax, SYS_EXIT
        je .exit
        mov eax, -1                         ; ENOSYS
        jmp .result
.write: push dword [esi + frame.edx]
        push dword [esi + frame.ecx]
        push ebx
        call user_range_ok
        add esp, 12
        test eax, eax
        jz .bad
        push dword [esi + frame.edx]
        push dword [esi + frame.ecx]
        call serial_write
        add esp, 8
        mov eax, [esi + frame.edx]
        jmp .result
.bad:   mov eax, -1
        jmp .result
.getpid:
        mov eax, [ebx + task.pid]
        jmp .result
.sbrk:  push dword [esi + frame.ebx]
        call proc_sbrk
        add esp, 4
        jmp .result
.exit:  push dword [esi + frame.ebx]
        call proc_exit                      ; does not return
.result:
        mov [esi + frame.eax], eax
        pop esi
        pop ebx
        ret
