; %stacksize, %arg and %local: TASM-style stack frames with %$localsize for enter
; args: -felf32
bits 32
section .text
%macro proc 1
%push proc
%assign %$localsize 0
%1:
%endmacro
%macro endproc 0
%pop
%endmacro

proc sum3                       ; int sum3(int a, short b, char c)
%stacksize flat
%arg a:dword, b:word, c:byte
%local total:dword, tmp:word
                enter %$localsize, 0
                mov eax, [a]
                movsx ecx, word [b]
                add eax, ecx
                movsx ecx, byte [c]
                add eax, ecx
                mov [total], eax
                mov word [tmp], 0
                leave
                ret
endproc

proc wide                       ; offsets carry on from one %arg/%local to the next
%arg x:qword
%arg y:tword, z:oword
%local big:yword
%local small:byte
                enter %$localsize, 0
                lea eax, [x]
                lea eax, [y]
                lea eax, [z]
                lea eax, [big]
                lea eax, [small]
                leave
                ret
endproc

%define SIZE_T dword
bits 16
proc far16
%stacksize large                ; bp-based, far return address: args from bp+4
%arg p:SIZE_T, q:word
%local w:word, d:dword
                enter %$localsize, 0
                mov ax, [p]
                mov ax, [q]
                mov [w], ax
                mov [d], ax
                leave
                retf
endproc

proc small16
%stacksize small                ; bp-based, args from bp+6
%arg s:word
                push bp
                mov bp, sp
                mov ax, [s]
                pop bp
                retf
endproc
bits 32
%stacksize flat64               ; only the numbers matter here: rbp and 8-byte slots
%push q
%assign %$localsize 0
%arg r1:byte, r2:dword
%local l1:word
%defstr r1s r1
%defstr l1s l1
                db r1s, l1s, %$localsize
%pop
