; %use smartalign: ALIGNMODE, the multi-byte NOP fillers and the jump over long padding
; args: -felf32
%use smartalign
%use smartalign                         ; a second %use does nothing
%ifusing smartalign
%defstr mode __?ALIGNMODE?__
%endif
section .data
                db mode
section .text
; pad from every offset 0..17 below a 16-byte boundary: fillers up to the threshold (8), then a jump
%assign pad 0
%rep 18
                align 32, db 0xcc
                times (32 - pad) % 32 db 0xcc
                align 32
                db 0xee
%assign pad pad + 1
%endrep
%macro padded 2-*                     ; mode, pads...
alignmode %1
%rep %0 - 1
%rotate 1
                align 64, int3
                times (64 - %1) % 64 int3
                align 64
                ret
%endrep
%endmacro
                padded p6, 1, 5, 8, 15, 16, 17
                padded k7, 3, 6, 7, 14
                padded k8, 4, 9, 12
                padded nop, 7, 16, 17
                padded {generic, 3}, 3, 4
                padded {generic, nojmp}, 20, 63
                padded {p6, 0}, 1, 2, 3
                padded {k8, -1}, 33
                padded generic, 60, 63
section .data
%defstr now __?ALIGNMODE?__
                db now
bits 16                                 ; the 16-bit fillers
section .text
alignmode generic
                align 16
                padded generic, 1, 2, 3, 4, 5, 6, 7, 8, 9
                padded p6, 3, 4, 7
                padded k7, 5, 7                 ; k7 keeps generic's 16-bit group and fillers
                padded k8, 6
bits 32
                align 4, db 0x90                ; an explicit fill is the plain form
                align 8, nop
                align 16
alignmode nop
sectalign off
                align 16                        ; no longer raises the section alignment
                nop
sectalign on
                align 2
%ifdef __?ALIGN_32BIT_8B?__
                db "p6 left its 8-byte filler defined"
%endif
