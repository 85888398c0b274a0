; number-overflow on immediates: "data" as written, "value" when a sign-extended byte form was tried first
bits 32
section .text
  mov al, 256
  mov al, -129
  mov al, -256
  mov al, -257
  mov ax, 0x10000
  mov eax, 0x100000000
  mov eax, -0x100000001
  mov dword [eax], 0x100000000
  mov byte [eax], 300
  mov word [eax], 70000
  add al, 256
  add ax, 0x10000
  add eax, 0x100000000
  add eax, -0x100000001
  add eax, strict dword 0x100000000
  add eax, 0xffffffff
  add ax, 0xffff
  add byte [eax], 256
  add dword [eax], 0x100000000
  cmp al, 300
  cmp ax, -65537
  and al, 0x1ff
  test eax, 0x100000000
  imul eax, ebx, 0x100000000
  imul eax, 300
  push 0x100000000
  push dword 0x100000000
  push word 0x10000
  push strict word 0x10000
  ret 0x10000
  enter 0x10000, 0
  enter 0, 256
  in al, 256
  int 256
  shl eax, 256
  lea eax, [eax+0x100000000]
  mov eax, [0x100000000]
  mov eax, [-0x100000001]
  mov [0x100000000], al
  mov eax, sym + 0x100000000
sym:
  times 2 mov al, 0x1ff
bits 16
  push 0x10000
  mov ax, [0x10000]
