; args: -felf32
; Numeric literals in %if/%assign use the assembler's literal grammar: prefixes, suffixes, $hex, underscores.
%if 0h == 0 && 0b == 0 && 0q == 0 && 1Fx == 31 && 0x1F == 1Fh && $1F == 31 && 0b1010 == 1010b && 17q == 0o17 && 1_000d == 0d1000 && 0t99 == 99t && 101y == 5
db 1
%else
db 2
%endif
%assign v $1F + 0x_10 + 10_0b
db v
