; %defalias, %idefalias, %undefalias, %ifdefalias, %aliases and the standard __X__ aliases
; args: -felf32
bits 32
section .data
%define BASE 0x10
%defalias base_alias BASE
%idefalias Loud BASE
                dd base_alias, LOUD, loud              ; both follow to BASE
%define base_alias 0x20                                ; defines the target, not the alias
                dd BASE, base_alias
%undef Loud                                            ; undefines the target
%ifndef BASE
                db "BASE gone"
%endif
%ifdefalias Loud
                db "Loud is still an alias"
%endif
%define f(x) ((x) + 1)
%defalias g f
                dd g(4)
%define h g
                dd h(5)
%defalias chain1 chain2
%defalias chain2 chain3
%define chain3 7
                dd chain1
%ifdef chain1
                db "defined through the chain"
%endif
%undefalias chain2
%ifndef chain1
                db "chain broken"
%endif
%undefalias BASE                                       ; removes a plain macro too
%push frame
%define %$size 12
%defalias %$len %$size
                dd %$len
%pop
; the standard aliases
%ifdefalias __FILE__
                db __FILE__, __?FILE?__
%endif
                dd __LINE__, __?LINE?__, __BITS__, __PASS__ - __?PASS?__
                db __NASM_VER__
%defstr fmt __OUTPUT_FORMAT__
                db fmt
%aliases off
%define __LINE__ 99
                dd __LINE__
%aliases on
                dd __LINE__
__SECT__
                nop
%undefalias __SECT__
%define __SECT__ [section .text]
__SECT__
                dd __SECTALIGN_ALIGN_UPDATES_SECTION__
%defalias __SECT__ __?SECT?__
%clear                                                 ; standard macros go too: section is plain text now
%ifndef __?LINE?__
                db "cleared"
%endif
%ifmacro section
%error "section survived %clear"
%endif
