/**
 * Standard macros: the user-level directives NASM 2.16 defines as macros over bracket primitives
 * (`section` → `[section …]`, `struc`/`endstruc`, `align`, `global a, b` …), written so that
 * `nasm -E` output and macro numbering (`..@N`) match NASM's, plus the predefined single-line
 * macros (`__?NASM_MAJOR?__` …). Not the directive engine (engine.ts) that runs them.
 */

export const NASM_VERSION = { major: 2, minor: 16, subminor: 1, patchlevel: 0, text: "2.16.01" };

/** Run once before -D/-U/-P and the main file; every macro here is `.nolist`. */
export const STANDARD_MACROS = String.raw`%define __?SECT?__ [section .text]
%imacro section 1+.nolist
%define __?SECT?__ [section %1]
__?SECT?__
%endmacro
%imacro segment 1+.nolist
%define __?SECT?__ [segment %1]
__?SECT?__
%endmacro
%imacro absolute 1+.nolist
%define __?SECT?__ [absolute %1]
__?SECT?__
%endmacro
%imacro struc 1-2.nolist 0
%push
%define %$strucname %1
[absolute %2]
%$strucname:
%endmacro
%imacro endstruc 0.nolist
%$strucname %+ _size equ ($-%$strucname)
%pop
__?SECT?__
%endmacro
%imacro istruc 1.nolist
%push
%define %$strucname %1
%$strucstart:
%endmacro
%imacro at 1-2+.nolist
times (%1-%$strucname)-($-%$strucstart) db 0
%2
%endmacro
%imacro iend 0.nolist
times %$strucname %+ _size-($-%$strucstart) db 0
%pop
%endmacro
%imacro align 1-2+.nolist nop
sectalign %1
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endmacro
%imacro alignb 1-2+.nolist
sectalign %1
%ifempty %2
[warning push]
[warning -zeroing]
resb (((%1) - (($-$$) % (%1))) % (%1))
[warning pop]
%else
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endif
%endmacro
%imacro sectalign 1+.nolist
[sectalign %1]
%endmacro
%imacro extern 1-*.nolist
%rep %0
[extern %1]
%rotate 1
%endrep
%endmacro
%imacro global 1-*.nolist
%rep %0
[global %1]
%rotate 1
%endrep
%endmacro
%imacro static 1-*.nolist
%rep %0
[static %1]
%rotate 1
%endrep
%endmacro
%imacro required 1-*.nolist
%rep %0
[required %1]
%rotate 1
%endrep
%endmacro
%imacro common 1-*.nolist
%rep %0
[common %1]
%rotate 1
%endrep
%endmacro
%imacro bits 1+.nolist
[bits %1]
%endmacro
%imacro use16 0.nolist
[bits 16]
%endmacro
%imacro use32 0.nolist
[bits 32]
%endmacro
%imacro use64 0.nolist
[bits 64]
%endmacro
%imacro cpu 1+.nolist
[cpu %1]
%endmacro
%imacro default 1+.nolist
[default %1]
%endmacro
%imacro org 1+.nolist
[org %1]
%endmacro
%imacro float 1+.nolist
[float %1]
%endmacro
%imacro debug 1+.nolist
[debug %1]
%endmacro
`;
