; kernel/main.asm: kmain, the kernel's order of work, and kernel_exit. Brings up the console, GDT,
; IDT and PIC, the kernel heap, the frame allocator and paging, records a device-info record per
; device, creates the user processes, lets the PIT schedule them until none is runnable, reports
; the checkpoints the host verifies, then runs the serial shell (multiboot command line "shell")
; or exits through port 0xF4 (0, or 1 when the kernel counted an internal failure).
%include "defs.inc"

MB_BOOT_MAGIC equ 0x2BADB002
MBI_CMDLINE   equ 16
SCHED_HZ      equ 1000

section .text
global kmain, kernel_exit, device_add
extern serial_init, kprintf, gdt_init, idt_init, pic_init, pit_init, heap_init, pmm_init
extern paging_init, proc_init, proc_create, run_until_idle, kmalloc, probe_sample_esp, shell
extern worker_program, collider_program, kernlab_probe
extern __text_start, __text_end, __data_start, __data_end, __bss_start, __bss_end
extern __heap_start, __heap_end, __stack_bottom, __stack_top

; void kmain(uint32_t magic, multiboot_info *mbi)
kmain:
        push ebp
        mov ebp, esp
        push ebx
        mov edi, __bss_start                ; the loader zeroed .bss already; a kernel makes sure
        mov ecx, __bss_end
        sub ecx, edi
        xor eax, eax
        cld
        rep stosb
        mov ebx, [ebp + 12]                 ; read the command line now: QEMU puts it right after the
        test dword [ebx], 1 << 2            ; kernel image, where the heap is about to grow
        jz .no_cmdline
        push dword [ebx + MBI_CMDLINE]
        call wants_shell
        add esp, 4
        mov [shell_wanted], eax
.no_cmdline:
        mov dword [kernlab_probe + probe.phase], CP_ENTRY
        mov eax, [ebp + 12]
        mov [kernlab_probe + probe.mbi], eax
        call serial_init
        push dword [ebp + 12]
        push dword [ebp + 8]
        push boot_message
        call kprintf
        add esp, 12
        cmp dword [ebp + 8], MB_BOOT_MAGIC
        je .magic_ok
        inc dword [kernlab_probe + probe.failures]
.magic_ok:
        push 1
        call probe_sample_esp
        add esp, 4
        call gdt_init
        call idt_init
        call pic_init
        call heap_init
        push dword [ebp + 12]
        call pmm_init
        add esp, 4
        call paging_init
        call proc_init
        push 38400                          ; baud
        push 4                              ; IRQ 4 (masked: the console polls)
        push 0x3F8
        push serial_name
        call device_add
        push SCHED_HZ
        push 0
        push 0x40
        push pit_name
        call device_add
        push 0
        push 2
        push 0x20
        push pic_name
        call device_add
        add esp, 48
        push SCHED_HZ
        call pit_init
        add esp, 4
        mov dword [kernlab_probe + probe.phase], CP_HEAP_READY
        CHECKPOINT CP_HEAP_READY
        call print_layout

        push collider_program               ; first in the run queue: it collides while the
        call proc_create                    ; workers still have work to do
        add esp, 4
        push worker_program
        call proc_create
        call proc_create                    ; the same program again: a second process
        add esp, 4
        mov dword [kernlab_probe + probe.phase], CP_PROCS_CREATED
        CHECKPOINT CP_PROCS_CREATED

        call run_until_idle                 ; the PIT schedules the processes; collision on the way
        cli
        mov dword [kernlab_probe + probe.phase], CP_FINAL
        push dword [kernlab_probe + probe.switches]
        push dword [kernlab_probe + probe.ticks]
        push dword [kernlab_probe + probe.heap_top]
        push final_message
        call kprintf
        add esp, 16
        CHECKPOINT CP_FINAL

        cmp dword [shell_wanted], 0         ; multiboot command line "shell": stay interactive
        je .exit
        call shell
.exit:  xor eax, eax
        cmp dword [kernlab_probe + probe.failures], 0
        je .code
        mov eax, 1
.code:  push eax
        call kernel_exit

; int wants_shell(const char *cmdline): the word "shell" appears in it
wants_shell:
        mov edx, [esp + 4]
.next:  cmp byte [edx], 0
        je .no
        cmp dword [edx], 'shel'
        jne .step
        cmp byte [edx + 4], 'l'
        je .yes
.step:  inc edx
        jmp .next
.yes:   mov eax, 1
        ret
.no:    xor eax, eax
        ret

; void kernel_exit(int code): out 0xF4 (QEMU's isa-debug-exit reports (code << 1) | 1)
kernel_exit:
        cli
        mov eax, [esp + 4]
        out EXIT_PORT, al
.hang:  hlt
        jmp .hang

; device *device_add(const char *name, io_base, irq, param): a device-info record on the kernel heap
device_add:
        push KIND_DEVICE
        push 4
        push device_size
        call kmalloc
        add esp, 12
        test eax, eax
        jz .done
        mov ecx, [esp + 4]
        mov [eax + device.name], ecx
        mov ecx, [esp + 8]
        mov [eax + device.io_base], ecx
        mov ecx, [esp + 12]
        mov [eax + device.irq], ecx
        mov ecx, [esp + 16]
        mov [eax + device.param], ecx
        mov ecx, [kernlab_probe + probe.device_list]
        mov [eax + device.next], ecx
        mov [kernlab_probe + probe.device_list], eax
.done:  ret

; void print_layout(void): the kernel's own view, for people on the console
global print_layout
print_layout:
        push __stack_top
        push __stack_bottom
        push __heap_end
        push dword [kernlab_probe + probe.heap_top]
        push __heap_start
        push __bss_end
        push __bss_start
        push __data_end
        push __data_start
        push __text_end
        push __text_start
        push layout_message
        call kprintf
        add esp, 48
        ret

section .rodata
boot_message:  db "kernlab sample kernel: multiboot magic %x, info at %x", 10, 0
final_message: db "kernel: all processes finished; heap top %x, %d ticks, %d task switches", 10, 0
layout_message:
        db "layout: .text  %x-%x", 10
        db "        .data  %x-%x", 10
        db "        .bss   %x-%x", 10
        db "        heap   %x (top %x) - %x, grows up", 10
        db "        stack  %x-%x, grows down", 10, 0
serial_name:   db "serial COM1", 0
pit_name:      db "PIT", 0
pic_name:      db "PIC 8259A", 0

section .bss
align 4
shell_wanted: resd 1                    ; wants_shell(cmdline), decided at entry
