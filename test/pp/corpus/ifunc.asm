; %use ifunc: ilog2 and friends, in data, instructions, %assign, %if and %rep
; args: -felf32
%use ifunc
bits 32
section .text
                mov eax, ilog2(4096)
                shl ecx, ILOG2E(8)
                and edx, (1 << ilog2c(100)) - 1
section .data
                dd ilog2(1), ilog2(0x80000000), ilog2f(100), ilog2c(100), ilog2f(0), ilog2c(0), ilog2c(1)
                dd ilog2w(64), ilog2fw(64), ilog2cw(64), ilog2f(-1), ilog2c(-1)
                db ilog2(256) + 1, -ilog2(16)
%assign shift ilog2(65536)
                dw shift
%if ilog2c(33) == 6 && __?ilog2f?__ 33 == 5 && __ilog2e__(1024) == 10
                db "ilog2 in %if"
%endif
%rep ilog2(8)
                db 0xAA
%endrep
%define PAGE 4096
                dd ilog2(PAGE), ilog2e(PAGE * 2)
                dq __?ilog2c?__(0x100000001)
