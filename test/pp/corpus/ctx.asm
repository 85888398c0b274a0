; args: -felf32
; Context-stack macros: structured if/else/endif and loops
bits 32
section .text

%macro IF 1
    %push if
    j%-1 %$ifnot
%endmacro

%macro ELSE 0
  %ifctx if
    %repl else
    jmp %$ifend
    %$ifnot:
  %else
    %error "expected IF before ELSE"
  %endif
%endmacro

%macro ENDIF 0
  %ifctx if
    %$ifnot:
    %pop
  %elifctx else
    %$ifend:
    %pop
  %else
    %error "expected IF or ELSE before ENDIF"
  %endif
%endmacro

%macro DO 0
    %push do
    %$begin:
%endmacro

%macro WHILE 1
  %ifctx do
    j%+1 %$begin
    %pop
  %else
    %error "WHILE without DO"
  %endif
%endmacro

global f
f:
    cmp eax, ebx
    IF e
        mov ecx, 1
        cmp ecx, edx
        IF nz
            inc ecx
        ELSE
            dec ecx
        ENDIF
    ELSE
        mov ecx, 2
    ENDIF
    DO
        dec eax
        test eax, eax
    WHILE nz
    %push outer
    %define %$depth 1
    %push inner
    %define %$depth 2
    mov eax, %$depth
    mov ebx, %$$depth
%$here: jmp %$$there
    %pop
%$there: nop
    %pop
    ret
