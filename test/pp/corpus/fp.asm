; %use fp: Inf/NaN/QNaN/SNaN, float8()…float128h() and bf16, and the float operators in %assign
; args: -felf32
%use fp
bits 32
section .data
                dd float32(1.5), float32(-0.1), float32(3.4028235e38), float32(1.4e-45), float32(0x1.8p-3)
                dq float64(2.0), float64(-1e-310), float64(0x1.fffffffffffffp1023)
                dw float16(1.0), float16(65504.0), float16(-0.0), float16(6e-8), float16(2049.0), float16(0x801p0)
                db float8(1.0), float8(240.0), float8(0.001953125)
                dw bfloat16(3.14159), bfloat16(-Inf)
                dd float80e(1.0), float80e(-2.5)
                dq float80m(1.0), float80m(0x1p-16400), float128l(1e-4950), float128h(1.5)
                dd Inf, -Inf, NaN, QNaN, SNaN, +Inf
                dq Inf, -NaN, SNaN
                dw Inf, SNaN
                db NaN
                bf16 -3.1415, NaN, 2000.0, +Inf
lbl:            BF16 1.0e10
%assign bits32 float32(1.0)
%assign lo float128l(0.1)
%assign hi float128h(0.1)
%assign e80 float80e(0.1)
                dd bits32, e80
                dq lo, hi
%if float32(Inf) == 0x7f800000 && float16(NaN) == 0x7e00 && float32(SNaN) == 0x7f800001
                db "special values as nasm encodes them"
%endif
%define half 0.5
                dd float32(half), __?float32?__(-half)
                dq __?FLOAT64?__(1.25e2)
%ifdef float8
                db "float8 is a macro of fp"
%endif
%ifdef __?USE_FP?__
                db "fp in use"
%endif
                dw Inf                  ; plain Inf/NaN stay tokens in -E output
