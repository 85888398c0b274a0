/**
 * The sample kernel's files: which sources are assembled (in link order) and which files they include.
 * Read by kernel/build.ts (the build), kernel/sources.ts (loading them in Node) and the tests. Data only.
 */

/** The sources of the sample kernel, in link order (the multiboot header's object first). */
export const SAMPLE_SOURCES = [
  "boot/multiboot.asm",
  "kernel/main.asm",
  "kernel/serial.asm",
  "kernel/gdt.asm",
  "kernel/idt.asm",
  "kernel/exceptions.asm",
  "kernel/pic.asm",
  "kernel/pit.asm",
  "kernel/heap.asm",
  "kernel/pmm.asm",
  "kernel/paging.asm",
  "kernel/proc.asm",
  "kernel/syscall.asm",
  "kernel/user.asm",
  "kernel/probe.asm",
  "kernel/shell.asm",
] as const;

/** Every file the sources read: the .asm files above plus the hand-written includes. */
export const SAMPLE_INCLUDES = ["kernel/defs.inc"] as const;

/** Where `%include "x.inc"` looks (like `nasm -I kernel/`). */
export const INCLUDE_PATHS = ["kernel/"];

