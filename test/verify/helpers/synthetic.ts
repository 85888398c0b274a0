/**
 * Test helper: a hand-made LayoutReport (the seed's layout at 1 MiB) so rules and snapshots can be tested
 * without building or booting anything. Each test copies and bends it.
 */
import type { LayoutReport } from "../../../verify/report";
import { zeroRegisters } from "./fixture";

export function seedReport(): LayoutReport {
  return {
    format: "kernlab-layout-report/1",
    kernel: { fileName: "seed.elf", entry: 0x0010000c },
    sections: [
      { name: ".text", vaddr: 0x100000, paddr: 0x100000, size: 0x1800, align: 4096, type: "progbits", flags: "AX", matchesFile: true, firstMismatch: null, zeroAtEntry: null },
      { name: ".rodata", vaddr: 0x102000, paddr: 0x102000, size: 0x100, align: 4096, type: "progbits", flags: "A", matchesFile: true, firstMismatch: null, zeroAtEntry: null },
      { name: ".data", vaddr: 0x103000, paddr: 0x103000, size: 0x200, align: 4096, type: "progbits", flags: "WA", matchesFile: true, firstMismatch: null, zeroAtEntry: null },
      { name: ".bss", vaddr: 0x104000, paddr: 0x104000, size: 0x3000, align: 4096, type: "nobits", flags: "WA", matchesFile: true, firstMismatch: null, zeroAtEntry: true },
    ],
    symbols: { __text_start: 0x100000, __bss_end: 0x107000, __heap_start: 0x107000, __heap_end: 0x117000, __stack_bottom: 0x117000, __stack_top: 0x11b000, kmain: 0x100020 },
    heap: { start: 0x107000, end: 0x117000, top: 0x108000, topAtEntry: 0x107000, source: "symbols" },
    stack: {
      bottom: 0x117000, top: 0x11b000, esp: 0x11aff0, espAtEntry: 0x11b000,
      painted: { start: 0x117000, end: 0x11b000, lowestTouched: 0x11ae00, highestTouched: 0x11b000 }, highWater: 0x200, source: "symbols",
    },
    registers: zeroRegisters({ esp: 0x11aff0, cr0: 0x80000011, cr3: 0x104000 }),
    entryRegisters: zeroRegisters({ esp: 0x11b000 }),
    pageTables: [{
      cr3: 0x104000,
      mappings: [
        { vaddr: 0, paddr: 0, size: 0x2000000, writable: true, user: false, large: true },
        { vaddr: 0x40000000, paddr: 0x200000, size: 0x1000, writable: true, user: true, large: false },
      ],
      tableFrames: [0x104000, 0x105000],
    }],
    physical: [
      { start: 0, end: 0x100000, owner: "BIOS + bootloader (reserved)", kind: "reserved" },
      { start: 0x100000, end: 0x101800, owner: ".text", kind: "text" },
      { start: 0x102000, end: 0x102100, owner: ".rodata", kind: "rodata" },
      { start: 0x103000, end: 0x103200, owner: ".data", kind: "data" },
      { start: 0x104000, end: 0x107000, owner: ".bss", kind: "bss" },
      { start: 0x104000, end: 0x105000, owner: "page directory (CR3 0x00104000)", kind: "pagetable" },
      { start: 0x105000, end: 0x106000, owner: "page table (CR3 0x00104000)", kind: "pagetable" },
      
      { start: 0x107000, end: 0x117000, owner: "heap", kind: "heap" },
      { start: 0x117000, end: 0x11b000, owner: "stack", kind: "stack" },
      { start: 0x200000, end: 0x201000, owner: "user pages (CR3 0x00104000)", kind: "process" },
    ],
    memoryBytes: 32 << 20,
    layout: null,
  };
}
