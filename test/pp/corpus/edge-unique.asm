; e-only
%macro M 0
%%a:
%endmacro
M
M
%push
%$b:
%push
%$b:
%pop
%pop
%rep 2
rep_line:
%endrep
M
%macro N 0
M
%%n:
%endmacro
N
%push foo
%$c:
%repl bar
%$d:
%ifctx bar
yes
%endif
%pop
