; kernel/serial.asm: the COM1 console. serial_init programs the 16550 UART (38400 8N1, no
; interrupts), serial_putc/serial_write/serial_getc move bytes, kprintf formats %s %x %d %c %%.
; Not the shell (shell.asm) and not the device list (the record is added by main.asm).
%include "defs.inc"

COM1     equ 0x3F8
LSR_THRE equ 0x20                   ; line status: transmit holding register empty
LSR_DR   equ 0x01                   ; line status: data ready

section .text
global serial_init, serial_putc, serial_puts, serial_write, serial_getc, kprintf

; void serial_init(void)
serial_init:
        mov dx, COM1 + 1
        xor al, al
        out dx, al                  ; IER: no interrupts
        mov dx, COM1 + 3
        mov al, 0x80
        out dx, al                  ; LCR: DLAB on
        mov dx, COM1
        mov al, 3
        out dx, al                  ; divisor 3 = 38400 baud
        mov dx, COM1 + 1
        xor al, al
        out dx, al
        mov dx, COM1 + 3
        mov al, 0x03
        out dx, al                  ; 8N1, DLAB off
        mov dx, COM1 + 2
        mov al, 0xC7
        out dx, al                  ; FIFO on, cleared
        mov dx, COM1 + 4
        mov al, 0x0B
        out dx, al                  ; DTR, RTS, OUT2
        ret

; void serial_putc(int c)
serial_putc:
        mov dx, COM1 + 5
.wait:  in al, dx
        test al, LSR_THRE
        jz .wait
        mov dx, COM1
        mov eax, [esp + 4]
        out dx, al
        ret

; void serial_puts(const char *s)
serial_puts:
        push esi
        mov esi, [esp + 8]
.next:  movzx eax, byte [esi]
        test eax, eax
        jz .done
        push eax
        call serial_putc
        add esp, 4
        inc esi
        jmp .next
.done:  pop esi
        ret

; void serial_write(const char *buf, unsigned len)
serial_write:
        push esi
        push edi
        mov esi, [esp + 12]
        mov edi, [esp + 16]
.next:  test edi, edi
        jz .done
        movzx eax, byte [esi]
        push eax
        call serial_putc
        add esp, 4
        inc esi
        dec edi
        jmp .next
.done:  pop edi
        pop esi
        ret

; int serial_getc(void): waits for a byte
serial_getc:
        mov dx, COM1 + 5
.wait:  in al, dx
        test al, LSR_DR
        jz .wait
        mov dx, COM1
        in al, dx
        movzx eax, al
        ret

; print_hex(value): 8 hex digits with 0x
print_hex:
        push ebx
        push esi
        mov ebx, [esp + 12]
        push '0'
        call serial_putc
        push 'x'
        call serial_putc
        add esp, 8
        mov esi, 8
.digit: rol ebx, 4
        mov eax, ebx
        and eax, 0x0F
        movzx eax, byte [hex_digits + eax]
        push eax
        call serial_putc
        add esp, 4
        dec esi
        jnz .digit
        pop esi
        pop ebx
        ret

; print_dec(value): signed decimal
print_dec:
        push ebx
        push esi
        push edi
        sub esp, 12                 ; digit buffer
        mov eax, [esp + 28]
        test eax, eax
        jns .positive
        push eax
        push '-'
        call serial_putc
        add esp, 4
        pop eax
        neg eax
.positive:
        lea edi, [esp + 12]         ; end of buffer
        mov ebx, 10
.div:   xor edx, edx
        div ebx
        add dl, '0'
        dec edi
        mov [edi], dl
        test eax, eax
        jnz .div
        lea esi, [esp + 12]
        sub esi, edi                ; digit count
        push esi
        push edi
        call serial_write
        add esp, 8
        add esp, 12
        pop edi
        pop esi
        pop ebx
        ret

; void kprintf(const char *fmt, ...): %s %x %d %c %%
kprintf:
        push ebp
        mov ebp, esp
        push esi
        push edi
        mov esi, [ebp + 8]          ; format
        lea edi, [ebp + 12]         ; next argument
.loop:  movzx eax, byte [esi]
        inc esi
        test eax, eax
        jz .done
        cmp eax, '%'
        je .spec
.plain: push eax
        call serial_putc
        add esp, 4
        jmp .loop
.spec:  movzx eax, byte [esi]
        inc esi
        cmp eax, 's'
        je .str
        cmp eax, 'x'
        je .hex
        cmp eax, 'd'
        je .dec
        cmp eax, 'c'
        je .chr
        jmp .plain                  ; "%%" and unknown: print the character
.str:   push dword [edi]
        call serial_puts
        jmp .arg
.hex:   push dword [edi]
        call print_hex
        jmp .arg
.dec:   push dword [edi]
        call print_dec
        jmp .arg
.chr:   push dword [edi]
        call serial_putc
.arg:   add esp, 4
        add edi, 4
        jmp .loop
.done:  pop edi
        pop esi
        pop ebp
        ret

section .rodata
hex_digits: db "0123456789abcdef"
