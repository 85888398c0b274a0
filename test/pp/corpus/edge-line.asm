; e-only
x
%line 100+2 foo.asm
a
b
%line 7 bar.asm
c
dd __LINE__
db __FILE__
