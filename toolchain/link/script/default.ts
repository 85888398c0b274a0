/**
 * The placement used when neither a script nor a layout is given (`kernlab ld -Ttext 0x100000 a.o b.o`):
 * a compact stand-in for ld's built-in elf_i386 script covering the sections freestanding code has. It is
 * not ld's full default script (no dynamic-linking sections, no separate header segment).
 */
export const DEFAULT_SCRIPT = `
SECTIONS
{
  . = SEGMENT_START("text-segment", 0x08048000) + SIZEOF_HEADERS;
  .text : { *(.text.unlikely .text.*_unlikely .text.unlikely.*) *(.text.exit .text.exit.*) *(.text.startup .text.startup.*) *(.text.hot .text.hot.*) *(.text .stub .text.*) }
  .rodata : { *(.rodata .rodata.*) }
  .eh_frame : { KEEP (*(.eh_frame)) *(.eh_frame.*) }
  . = DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE));
  .init_array : { KEEP (*(.init_array .init_array.*)) }
  .fini_array : { KEEP (*(.fini_array .fini_array.*)) }
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
