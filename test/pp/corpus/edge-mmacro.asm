; e-only
%macro M 1-3 9, 8
dd %0, %1, %2, %3
%endmacro
%macro G 1+
db %1
%endmacro
%macro R 1-*
dd %{1:-1}
dd %{2:3}
dd %{-1:1}
%rotate 1
dd %1 %+ x
%endmacro
lbl: M 1
lbl2 M 1,2
M (a,b), {c,d}
M  a ,  b  , c 
G 1, 2, 3
R 1,2,3,4
M
%macro J 1
j%-1 x
j%+1 x
%00: nop
%endmacro
foo: J ne
bar J z
x%[1+2]y
%assign i 0
%rep 100
%assign i i+1
%if i > 3
%exitrep
%endif
dd i
%endrep
%macro Q 0
%?: %??
%endmacro
q
%imacro Q2 0
%?: %??
%endmacro
q2
