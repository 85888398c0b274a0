; e-only
%macro M 1
db %1
%endmacro
%define CALLM M 9
CALLM
%macro INC 0
%include "inc2.inc"
%endmacro
INC
%push a
%define %$v 1
%push b
%define %$v 2
%ifdef %$v
db %$v, %$$v
%endif
%pop
%pop
%macro RR 1-*
%rep %0
%if %1 == 3
%exitrep
%endif
db %1, %{1}
%rotate 1
%endrep
db %0
%endmacro
RR 1,2,3,4
%macro IND 1
db %[%1 + 1]
%endmacro
IND 4
%imacro IMAC 0
nop
%endmacro
%ifmacro imac
db 'ci'
%endif
%macro LBL 1
%00: db %1
%endmacro
LBL 1
foo LBL 2
bar: LBL 3
%define cat3(a,b,c) a %+ b %+ c
cat3(x,y,z): nop
%macro P 1
isr_ %+ %1:
irq%1 %+ _x:
%endmacro
P 5
%assign n 0
%rep 3
%assign n n+1
lbl_ %+ n:
lbl%[n]x:
%endrep
%define WS(x) <x>
WS(   spaced   out   )
mov eax, WS( a , b )
%macro CNT 0-*
db %0
%endmacro
CNT
CNT a
CNT a,
CNT ,
CNT a, b
CNT {a, b}, c
%macro SPACES 2
db %1|%2
%endmacro
SPACES   x  y  ,   z  w  
