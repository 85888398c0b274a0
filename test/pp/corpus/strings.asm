; args: -felf32
; String functions, token pasting, indirection, %? and %??
bits 32
section .data
%defstr VERSION_STR 1.2.3
%define GREETING "Hello"
%strlen GLEN GREETING
%substr FIRST GREETING 1
%substr MID "kernel", 2, 3
%substr TAIL 'kernlab', 4, -1
%strcat BANNER GREETING, ", ", 'world', "!"
%deftok TOK 'mov eax, 5'
msg:      db BANNER, 0
ver:      db VERSION_STR, 0
len:      dd GLEN
first:    db FIRST
mid:      db MID
tail:     db TAIL
%strlen BLEN BANNER
blen:     dd BLEN

%define PREFIX kl_
%define name(x) PREFIX %+ x
%define join(a,b) a %+ _ %+ b
name(start): dd 1
join(foo,bar): dd 2
%assign n 3
%define reg_%[n] edx
%xdefine CUR reg_%[n]
lbl_%[n]: db %[n*2]
%assign k 10
%define counter_ %+ k 1

%macro NAMED 0
%?_label: db '%?'
%??_def: db '%??'
%endmacro
%define CINAMED_SIZE 4
%imacro CINAMED 0
%?_x: dd 0
    dd %??_SIZE
%endmacro
NAMED
cinamed
CiNamed

%define ADD1(x) ((x) + 1)
%define TWICE(x) ADD1(ADD1(x))
dd TWICE(5), ADD1( 7 )
SELF: dd 0
A: dd 0
B: dd 0
%define SELF SELF + 1
dd SELF
%define A B
%define B A
dd A, B
%xdefine XV 10
%define LAZY XV
%xdefine EAGER XV
%undef XV
%define XV 20
dd LAZY, EAGER
%idefine ci_macro 77
dd CI_MACRO, ci_MACRO
section .text
TOK
mov ecx, CUR
