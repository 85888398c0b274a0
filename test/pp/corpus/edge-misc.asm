; e-only
%macro SAVE 1-*
%ifidn %1, eax
db 'eax first'
%elifidni %1, EBX
db 'ebx first'
%endif
%if %0 > 2
db 'many'
%endif
%assign %%n %0 * 2
%define LAST_COUNT %0
dd %[%%n]
%endmacro
SAVE eax, ebx, ecx
SAVE ebx
dd LAST_COUNT
%defstr Q 'it''s' "q"
db Q
%strlen L2 `a\tb`
dd L2
%substr S2 `abc\n`, 4
db S2
%macro LOOP 1
.loop%1:
  jmp .loop%1
%%x.y:
%endmacro
main:
LOOP 1
%define p(p) p+1
dd p(2)
%macro ARGS 2-3+
db %3
%endmacro
ARGS 1, 2, 3, 4, 5
ARGS 1, 2
%define ESC `\x41\102`
db ESC
%defstr E2 ESC
db E2
%strcat E3 '"', "'"
db E3
%define T(x) %defstr
db __?FILE?__
%if 5 > 3 > 0
db 'chain'
%endif
%if -1 < 0
db 'signed'
%endif
%if 0x8000000000000000 < 0
db 'wrap'
%endif
%assign X 10 // 3
%assign Y -10 %% 3
%assign Z 10 % -3
dd X, Y, Z
