/**
 * THE layout of the sample kernel (xv6's memlayout.h, as data). The linker places sections from it,
 * kernel/build.ts generates the kernel's `layout.inc` from it, and the proofs (kernel/proofs.ts) check
 * guest RAM against it. If a number below appears anywhere else, that place is generated from here.
 * Not the linker (toolchain/link) and not the proofs.
 *
 * Physical memory, as the kernel uses it (addresses grow upward):
 *
 *   MAX_RAM   ┌──────────────────────────┐
 *             │ free frames: user pages  │  pmm.asm hands these to processes
 *   kernel_end├──────────────────────────┤ __stack_top = __kernel_end   ESP starts here
 *             │ kernel stack   ↓         │  STACK_SIZE, grows down
 *             │ guard page (unmapped)    │  STACK_GUARD_SIZE, at __stack_bottom
 *             ├──────────────────────────┤ __heap_end = __stack_bottom
 *             │   … free heap …          │
 *             │ kernel heap    ↑         │  HEAP_SIZE, kmalloc grows up from __heap_start:
 *             ├──────────────────────────┤  task structs, page directories/tables, device info
 *             │ .bss                     │ __bss_start … __bss_end (zero at entry)
 *             │ .data                    │ __data_start … __data_end (kernlab_probe lives here)
 *             │ .rodata                  │
 *             │ .text (multiboot header) │
 *   0x00100000├──────────────────────────┤ __text_start, _start
 *             │ BIOS, bootloader, VGA    │  never touched by the kernel image
 *   0x00000000└──────────────────────────┘
 *
 * Each user process, virtually (its own page directory; the kernel's identity map is supervisor-only):
 *
 *   USER_STACK_TOP 0xC0000000  stack ↓ (pages on demand)
 *                              … unmapped: at least USER_GUARD_GAP between heap and stack …
 *                              heap ↑ (sbrk, pages on demand)
 *                              .bss, .data (one page up from text), writable
 *   USER_TEXT_BASE 0x08048000  .text, read-only
 */
import { defineLayout, type Layout } from "../toolchain/link/layout";
import { generateLayoutInc } from "./layout-inc";

export const PAGE_SIZE = 0x1000;

export const sampleLayout: Layout = defineLayout({
  base: 0x0010_0000,
  entry: "_start",
  sections: [
    { name: ".text", input: ["*(.multiboot)", "*(.text .text.*)"], align: PAGE_SIZE, keep: ["*(.multiboot)"] },
    { name: ".rodata", input: ["*(.rodata .rodata.*)"], align: PAGE_SIZE },
    { name: ".data", input: ["*(.data .data.*)"], align: PAGE_SIZE },
    { name: ".bss", input: ["*(.bss .bss.*)", "*(COMMON)"], align: PAGE_SIZE },
  ],
  heap: { size: 0x10_0000, align: PAGE_SIZE },
  stack: { size: 0x8000, align: PAGE_SIZE },
});

/** Constants the kernel needs besides the linker's boundary symbols; all land in layout.inc. */
export interface KernelConstants {
  KERNEL_BASE: number;
  PAGE_SIZE: number;
  HEAP_SIZE: number;
  STACK_SIZE: number;
  /** The lowest page of the kernel stack region is left unmapped: a kernel-stack overflow guard. */
  STACK_GUARD_SIZE: number;
  /** The frame allocator's bitmap covers this much physical RAM. */
  MAX_RAM: number;
  USER_TEXT_BASE: number;
  USER_STACK_TOP: number;
  /** Never-mapped distance kept between a process's heap and its stack. */
  USER_GUARD_GAP: number;
}

export function kernelConstants(layout: Layout = sampleLayout): KernelConstants {
  return {
    KERNEL_BASE: layout.base,
    PAGE_SIZE,
    HEAP_SIZE: layout.heap?.size ?? 0,
    STACK_SIZE: layout.stack?.size ?? 0,
    STACK_GUARD_SIZE: PAGE_SIZE,
    MAX_RAM: 128 * 1024 * 1024,
    USER_TEXT_BASE: 0x0804_8000,
    USER_STACK_TOP: 0xc000_0000,
    USER_GUARD_GAP: PAGE_SIZE,
  };
}

/** For `kernlab build --layout kernel/layout.ts`: the generated include files sources `%include` by name. */
export function includes(): Record<string, string> {
  return { "layout.inc": generateLayoutInc(sampleLayout, kernelConstants(sampleLayout)) };
}

/** For `kernlab build --layout kernel/layout.ts` (a default export or `layout`). */
export { sampleLayout as layout };
export default sampleLayout;
