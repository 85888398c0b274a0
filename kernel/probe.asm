; kernel/probe.asm: the probe record at the exported symbol kernlab_probe (layout in defs.inc,
; meaning in kernel/PROBE.md), which the host reads from guest RAM for what the ELF and the page
; tables cannot tell it; and probe_sample_esp, which records ESP at call depths 1, 2 and 3.
; Not a log: people read the serial console, the harness reads this.
%include "defs.inc"

section .text
global probe_sample_esp

; void probe_sample_esp(int depth): call with 1
probe_sample_esp:
        push ebp
        mov ebp, esp
        sub esp, 16                         ; a local frame, as a C function would have
        mov eax, [ebp + 8]
        mov [kernlab_probe + probe.esp_depth + eax * 4 - 4], esp
        cmp eax, 3
        jae .done
        inc eax
        push eax
        call probe_sample_esp
        add esp, 4
.done:  leave
        ret

section .data
align 16
global kernlab_probe
kernlab_probe:
        istruc probe
            at probe.magic,          dd PROBE_MAGIC
            at probe.version,        dd PROBE_VERSION
            at probe.size,           dd probe_size
            at probe.user_text_base, dd USER_TEXT_BASE
            at probe.user_stack_top, dd USER_STACK_TOP
        iend
