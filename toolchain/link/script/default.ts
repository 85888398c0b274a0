/**
 * The placement used when neither a script nor a layout is given (`kernlab ld -Ttext 0x100000 a.o b.o`):
 * a compact stand-in for ld's built-in elf_i386 script covering the sections freestanding code has. It is
 * not ld's full default script (no dynamic-linking sections, no separate header segment).
 */
export const DEFAULT_SCRIPT = `
SECTIONS
{
  PROVIDE (__executable_start = SEGMENT_START("text-segment", 0x08048000));
  . = SEGMENT_START("text-segment", 0x08048000) + SIZEOF_HEADERS;
  .interp : { *(.interp) }
  .note.gnu.build-id : { *(.note.gnu.build-id) }
  . = ALIGN(CONSTANT (MAXPAGESIZE));
  .init : { KEEP (*(SORT_NONE(.init))) }
  .text : { *(.text.unlikely .text.*_unlikely .text.unlikely.*) *(.text.exit .text.exit.*) *(.text.startup .text.startup.*) *(.text.hot .text.hot.*) *(SORT(.text.sorted.*)) *(.text .stub .text.*) }
  .fini : { KEEP (*(SORT_NONE(.fini))) }
  PROVIDE (__etext = .); PROVIDE (_etext = .); PROVIDE (etext = .);
  . = ALIGN(CONSTANT (MAXPAGESIZE));
  . = SEGMENT_START("rodata-segment", ALIGN(CONSTANT (MAXPAGESIZE)) + (. & (CONSTANT (MAXPAGESIZE) - 1)));
  .rodata : { *(.rodata .rodata.*) }
  .eh_frame : { KEEP (*(.eh_frame)) *(.eh_frame.*) }
  . = DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE));
  .init_array : { KEEP (*(SORT_BY_INIT_PRIORITY(.init_array.*))) KEEP (*(.init_array)) }
  .fini_array : { KEEP (*(SORT_BY_INIT_PRIORITY(.fini_array.*))) KEEP (*(.fini_array)) }
  .data : { *(.data .data.*) }
  _edata = .; PROVIDE (edata = .);
  . = .;
  __bss_start = .;
  .bss : { *(.bss .bss.*) *(COMMON) }
  . = ALIGN(32 / 8);
  _end = .; PROVIDE (end = .);
  . = DATA_SEGMENT_END (.);
  .comment 0 : { *(.comment) }
}
`;
