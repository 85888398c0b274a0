; args: -felf32
; Every conditional form
bits 32
section .data
%define EMPTY
%define NUM 42
%define STR "s"
%define ID foo
%if 1
    db 1
%endif
%if 0
    db 0
%elif NUM > 40
    db 2
%else
    db 3
%endif
%ifn 0
    db 4
%endif
%if (NUM - 2) / 4 == 10 && (7 % 3) = 1 && -7 // 2 == -3 && -7 %% 2 == -1
    db 5
%endif
%if (1 << 4) | 1 == 17 && (0xF0 >> 4) == 0Fh && ~0 == -1 && !0 && (5 ^ 3) == 6
    db 6
%endif
%if 1 ? 0 : 1
    db 7
%else
    db 8
%endif
%if 0b1010 == 10 && 12q == 10 && 0o12 == 10 && 1010b == 10 && $0A == 10 && 0Ah == 10 && 1_000 == 1000
    db 9
%endif
%if 'AB' == 0x4241 && 1 <> 2 && 3 >= 3 && 2 <= 3 && 1 < 2 && 2 > 1 && (1 || 0) && (1 ^^ 1) == 0
    db 10
%endif
%ifdef NUM
    db 11
%endif
%ifndef NOPE
    db 12
%endif
%ifidn ID, foo
    db 13
%endif
%ifidn ID, FOO
    db 14
%endif
%ifidni ID, FOO
    db 15
%endif
%ifnidn ID, bar
    db 16
%endif
%ifnum NUM
    db 17
%endif
%ifnum ID
    db 18
%endif
%ifstr STR
    db 19
%endif
%ifid ID
    db 20
%endif
%ifnid NUM
    db 21
%endif
%ifempty EMPTY
    db 22
%endif
%ifnempty NUM
    db 23
%endif
%if 0
%elifdef NUM
    db 24
%endif
%if 0
%elifndef NUM
    db 25
%elifidn ID, foo
    db 26
%endif
%if 0
%elifnum STR
%elifstr STR
    db 27
%endif
%if 0
%elifid NUM
%elifnid NUM
    db 28
%endif
%if 0
  %if 1
    db 29
  %else
    db 30
  %endif
%elif 1
  %ifdef NOPE
    db 31
  %elifndef NOPE
    db 32
  %endif
%endif
%push c1
%ifctx c1
    db 33
%endif
%ifnctx c2
    db 34
%endif
%if 0
%elifctx c1
    db 35
%endif
%pop
%ifdef __FILE__
    db 36
%endif
%ifdef __?LINE?__
    db 37
%endif
%if __?NASM_MAJOR?__ == 2 && __NASM_MINOR__ >= 16
    db 38
%endif
%rep 3
  %rep 2
    db 39
  %endrep
%endrep
%assign x 0
%rep 1000
  %assign x x+1
  %if x == 5
    %exitrep
  %endif
%endrep
    dd x
%rep 0
    db 40
%endrep
