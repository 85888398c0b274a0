/**
 * Standard macros: the user-level directives NASM 2.16 defines as macros over bracket primitives
 * (`section` → `[section …]`, `struc`/`endstruc`, `align`, `global a, b`, `float` …), written so
 * that `nasm -E` output and macro numbering (`..@N`) match NASM 2.16.01's, the compatibility
 * aliases (`__FILE__` → `__?FILE?__` …) and the float/ilog2 token names. The computed macros
 * (`__?LINE?__` …) are defined by the engine; `%use` packages are in packages.ts.
 * Not the directive engine (engine.ts) that runs them.
 */

export const NASM_VERSION = { major: 2, minor: 16, subminor: 1, patchlevel: 0, text: "2.16.01" };

/** Run once before -D/-U/-P and the main file; every macro here is `.nolist`. */
export const STANDARD_MACROS = String.raw`%define __?SECT?__ [section .text]
%defalias __SECT__ __?SECT?__
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
%if __?SECTALIGN_ALIGN_UPDATES_SECTION?__
sectalign %1
%endif
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endmacro
%imacro alignb 1-2+.nolist
%if __?SECTALIGN_ALIGN_UPDATES_SECTION?__
sectalign %1
%endif
%ifempty %2
[warning push]
[warning -zeroing]
resb (((%1) - (($-$$) % (%1))) % (%1))
[warning pop]
%else
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endif
%endmacro
%define __?SECTALIGN_ALIGN_UPDATES_SECTION?__ 1
%defalias __SECTALIGN_ALIGN_UPDATES_SECTION__ __?SECTALIGN_ALIGN_UPDATES_SECTION?__
%imacro sectalign 1+.nolist
%ifidni %1,on
%define __?SECTALIGN_ALIGN_UPDATES_SECTION?__ 1
%elifidni %1,off
%define __?SECTALIGN_ALIGN_UPDATES_SECTION?__ 0
%else
[sectalign %1]
%endif
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
%define __?FLOAT_DAZ?__ nodaz
%define __?FLOAT_ROUND?__ near
%define __?FLOAT?__ __?FLOAT_DAZ?__,__?FLOAT_ROUND?__
%defalias __FLOAT_DAZ__ __?FLOAT_DAZ?__
%defalias __FLOAT_ROUND__ __?FLOAT_ROUND?__
%defalias __FLOAT__ __?FLOAT?__
%imacro float 1-*.nolist
%rep %0
[float %1]
%ifidni %1,default
%define __?FLOAT_DAZ?__ nodaz
%define __?FLOAT_ROUND?__ near
%elifidni %1,daz
%define __?FLOAT_DAZ?__ daz
%elifidni %1,nodaz
%define __?FLOAT_DAZ?__ nodaz
%elifidni %1,near
%define __?FLOAT_ROUND?__ near
%elifidni %1,up
%define __?FLOAT_ROUND?__ up
%elifidni %1,down
%define __?FLOAT_ROUND?__ down
%elifidni %1,zero
%define __?FLOAT_ROUND?__ zero
%endif
%rotate 1
%endrep
%endmacro
%imacro debug 1+.nolist
[debug %1]
%endmacro
%imacro userel 0.nolist
[default rel]
%endmacro
%imacro useabs 0.nolist
[default abs]
%endmacro
%imacro usebnd 0.nolist
[default bnd]
%endmacro
%imacro usenobnd 0.nolist
[default nobnd]
%endmacro
${aliases()}`;

/**
 * `%defalias __X__ __?X?__` for the pre-2.15 names NASM 2.16.01 keeps, and the float/string/ilog2
 * token names: `%idefine __?name?__ %?` (the name stays as written, for the assembler) with a
 * case-insensitive `__name__` alias.
 */
function aliases(): string {
  const compat = [
    "NASM_MAJOR", "NASM_MINOR", "NASM_SUBMINOR", "NASM_PATCHLEVEL", "NASM_SNAPSHOT", "NASM_VERSION_ID", "NASM_VER",
    "OUTPUT_FORMAT", "DEBUG_FORMAT", "DATE", "DATE_NUM", "TIME", "TIME_NUM", "UTC_DATE", "UTC_DATE_NUM", "UTC_TIME",
    "UTC_TIME_NUM", "POSIX_TIME", "FILE", "LINE", "BITS", "PTR", "PASS",
  ];
  const tokens = [
    "infinity", "nan", "qnan", "snan", "float8", "float16", "float32", "float64", "float80m", "float80e", "float128l",
    "float128h", "utf16", "utf16le", "utf16be", "utf32", "utf32le", "utf32be", "ilog2e", "ilog2w", "ilog2f", "ilog2c",
  ];
  return [
    ...compat.map((n) => `%defalias __${n}__ __?${n}?__`),
    ...tokens.map((n) => `%idefine __?${n}?__ %?`),
    ...tokens.map((n) => `%idefalias __${n}__ __?${n}?__`),
  ].join("\n") + "\n";
}
