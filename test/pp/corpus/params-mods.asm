; NASM 2.16 single-line macro parameter modifiers: =evaluate, &stringify, &&stringify-unless-string,
; !as-written, greedy+, unnamed parameters
; args: -felf32
section .data
%define xyzzy(=expr, &val) expr, val
%define plugh(x) xyzzy(x, x)
                db plugh(3+5), 0
%define COUNT 7
%define sq(=n) n * n
                dd sq(COUNT + 1), sq((1 << 4) | 1), sq(-2)
%define str(&x) x
                db str(abc), str({1,2}), str("q"), str(COUNT), str(%[COUNT*2]), 0
%define qstr(&&x) x
                db qstr(abc), qstr("already"), qstr(two words), 0
%define raw(!x) [x]
%defstr r1 raw( a ) raw({b}) raw( {c} )
                db r1, 0
%define rawstr(!&x) x
                db rawstr( spaced  out ), rawstr({braced}), 0
%define rest(x, y+) x:y
%defstr g1 rest(1, 2, 3 ,4) rest(1) rest(1 ,2 , {3} ,4 ) rest( {a,b} , c)
                db g1, 0
%define first(x,) x
%define mid(a,,b) a+b
                dd first(5, 6), mid(1, 2, 3)
%define self(&x) x
                db self(self(1)), 0         ; a macro does not expand inside its own argument
%define both(=a, &b) a, b
%define outer(x) both(x * 2, x)
                db outer(4), 0
