; e-only
%imacro IMAC 0
nop
%endmacro
%ifmacro IMAC
db 'ci1'
%endif
%ifmacro imac
db 'ci2'
%endif
%macro CM 0
%endmacro
%ifmacro CM
db 'cm'
%endif
%ifmacro cm
db 'cm2'
%endif
%macro A 1-*
db %0
%endmacro
%macro B 1-2
db %0
%endmacro
%macro C 2-*
db %0
%endmacro
%macro D 1+
db %0, %1
%endmacro
%macro E 2
db %0
%endmacro
A a,
A a,,
A ,
B a,
C a,
C a,b,
D a,
E a,
A a, 
