; e-only: -E differential only (not assemblable)
; args: -Ppre.inc
%define f(x) [x]
f((1,2))
f( (a) )
%define g() empty
g()
%define h(a,b+) a:b
h(1,2,3,4)
%xdefine xp(v) v*2
dd xp(3)
%macro R 1-*
%rotate -1
db %1
%rotate 2
db %1
%endmacro
R 1,2,3
%macro D 0-2 {1,2}, "x"
db %1
db %2
db %0
%endmacro
D
D 5
%macro T 2
db %1|%2|
%endmacro
T a,
T ,b
%macro LL 0
%00 db 1
%endmacro
LL
x LL
long_line dd 1, \
   2, 3
%pathsearch PS "pre.inc"
db PS
%pathsearch PS2 "nonexist.inc"
db PS2
%if 'abc' == 'abc'
db 'eq'
%endif
%strcat S3 `a\n`, 'b'
db S3
%defstr DS "quoted" and 'single'
db DS
%define REDEF 1
%define REDEF 2
dd REDEF
%idefine IX 5
dd ix, Ix, IX
%macro OUTERDEF 1
%macro INNERDEF 0
db %1
%endmacro
%endmacro
OUTERDEF 7
INNERDEF
%define A_ 1
%undef A_
%ifdef A_
bad
%endif
mov eax, [ebx+4]  ; "comment ; with quote
 %if 0
 %error never
 %endif
db 'it''s', "a;b" ; c
%if 0
%elif 0
%else
db 'else'
%endif
%define EMPTYM
EMPTYM mov eax, EMPTYM 1
%assign big 0xFFFFFFFF + 1
dd big
%assign neg -5
dd neg
%assign shr -1 >> 60
dd shr
%assign div -7 / 2
dd div
%substr ss 'abcdef' 3
db ss
%substr ss2 'abcdef' 2, -2
db ss2
%strlen sl ''
dd sl
db __?FILE?__
dd __?LINE?__
