; e-only
%macro NL 0.nolist
nop
nop
%endmacro
%macro NL2 1+.nolist
db %1
%endmacro
NL
x
NL2 1,2
