; args: -felf32
; Multi-line macro parameters: ranges, defaults, greedy, %rotate, %{n:m}, overloading, locals
bits 32
section .text

%macro PUSHALL 1-*
%rep %0
    push %1
%rotate 1
%endrep
%endmacro

%macro POPALL 1-*
%rep %0
%rotate -1
    pop %1
%endrep
%endmacro

%macro DEFS 1-4 10, 20, 30
    dd %0, %1, %2, %3, %4
%endmacro

%macro DBSTR 1+
    db %1, 0
%endmacro

%macro RANGE 1-*
    dd %{1:-1}
    dd %{-1:1}
    dd %{2:3}
    dd %{-2:-1}
%endmacro

%macro OVER 0
    nop
%endmacro
%macro OVER 1
    mov eax, %1
%endmacro
%macro OVER 2
    mov eax, %1
    mov ebx, %2
%endmacro

%macro LOOPER 1
%%top:
    dec %1
    jnz %%top
%%end:
%endmacro

%macro LABELLED 0
%00:
    dd %0
%endmacro

%macro JCC 2
    j%+1 %2
    j%-1 %2
%endmacro

%imacro SHOUT 1
    db %1
%endmacro

%macro OUTER 2
    INNER %2, %1
%%outer_local:
%endmacro
%macro INNER 2
    mov %1, %2
%%inner_local:
%endmacro

f:
    PUSHALL eax, ebx, ecx, edx
    POPALL eax, ebx, ecx, edx
    DEFS 1
    DEFS 1, 2
    DEFS 1, 2, 3, 4
    DBSTR "a, b", 'c', 10
    DBSTR {1, 2}
    RANGE 1, 2, 3, 4, 5
    OVER
    OVER 1
    OVER 1, 2
    LOOPER ecx
    LOOPER edx
here: LABELLED
there LABELLED
    JCC z, f
    JCC ae, f
    shout 5
    SHOUT 6
    Shout 7
    OUTER eax, ebx
%ifmacro OVER 1
    db 'has OVER 1'
%endif
%ifmacro OVER 3
    db 'has OVER 3'
%endif
%unmacro OVER 1
%ifnmacro OVER 1
    db 'OVER 1 removed'
%endif
%macro EXITER 1
    mov eax, %1
%if %1 > 2
%exitmacro
%endif
    mov ebx, %1
%endmacro
    EXITER 1
    EXITER 3
%macro LAB 0
lab_in_macro:
%endmacro
before: LAB
