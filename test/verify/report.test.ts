// buildLayoutReport on a real ELF (the nasm + GNU ld fixture) with RAM loaded as a multiboot loader would.
import { describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { buildLayoutReport, reportRegions } from "../../verify/report";
import { drawMemoryMap } from "../../core/memory-map";
import { buildFixture, fakeLoad, zeroRegisters } from "./helpers/fixture";

describe.skipIf(!oracle("nasm") || !oracle("ld"))("layout report from ELF and RAM", () => {
  const elf = buildFixture();

  it("from the ELF alone: sections, boundary symbols, heap and stack; RAM facts are null", () => {
    const r = buildLayoutReport({ elf, fileName: "mini.elf", symbols: ["kmain", "nosuch"] });
    expect(r.sections.map((s) => [s.name, s.vaddr, s.paddr, s.align, s.type, s.flags])).toEqual([
      [".text", 0x100000, 0x100000, 16, "progbits", "AX"],
      [".rodata", 0x101000, 0x101000, 4, "progbits", "A"],
      [".data", 0x102000, 0x102000, 4, "progbits", "WA"],
      [".bss", 0x103000, 0x103000, 4096, "nobits", "WA"],
    ]);
    expect(r.sections.every((s) => s.matchesFile === null)).toBe(true);
    expect(r.symbols.__text_start).toBe(0x100000);
    expect(r.symbols.__heap_start).toBe(0x107000);
    expect(r.symbols.kmain).toBeGreaterThan(0x100000);
    expect("nosuch" in r.symbols).toBe(false);
    expect(r.heap).toMatchObject({ start: 0x107000, end: 0x117000, top: null });
    expect(r.stack).toMatchObject({ bottom: 0x117000, top: 0x11b000, esp: null, highWater: null, source: "symbols __stack_bottom/__stack_top" });
    expect(r.kernel).toEqual({ fileName: "mini.elf", entry: 0x100010 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("with RAM: matchesFile, bss zero at entry, heap break, painted high-water, page tables, ownership", () => {
    const entry = fakeLoad(elf);
    const later = fakeLoad(elf);
    // Paint the stack, then play the kernel: 200 bytes of stack used, break moved by 0x10c0, paging on.
    const paint = { start: 0x117000, end: 0x11b000, pattern: 0xdeadbeef };
    for (const m of [entry.memory, later.memory]) for (let a = paint.start; a < paint.end; a += 4) m.writeU32(a, paint.pattern);
    for (let a = paint.end - 200; a < paint.end; a += 4) later.memory.writeU32(a, 0x1234);
    later.memory.writeU32(0x102000, 0x107000 + 0x10c0); // heap_top
    later.memory.writeU32(0x103000, 0x00000083); // PDE 0: 4 MiB identity, present|writable|PS
    later.memory.writeU32(0x103000 + 256 * 4, 0x104000 | 7); // PDE 256 → page table at 0x104000 (user)
    later.memory.writeU32(0x104000, 0x105000 | 7); // 0x40000000 → 0x105000 user page
    const r = buildLayoutReport({
      elf, snapshot: { registers: zeroRegisters({ esp: 0x11af40, cr0: 0x80000011, cr3: 0x103000 }), memory: later.memory },
      entrySnapshot: { registers: zeroRegisters({ esp: 0x7000 }), memory: entry.memory },
      paint, heap: { topSymbol: "heap_top" },
    });
    const by = (n: string) => r.sections.find((s) => s.name === n)!;
    expect(by(".text").matchesFile).toBe(true);
    expect(by(".data").matchesFile).toBe(false); // heap_top changed since load
    expect(by(".data").firstMismatch).toBe(0x102000);
    expect(by(".bss").zeroAtEntry).toBe(true);
    expect(by(".bss").matchesFile).toBe(false); // the page tables live in .bss now
    expect(r.heap).toMatchObject({ top: 0x1080c0, topAtEntry: 0x107000, source: "symbols (break in heap_top)" });
    expect(r.stack).toMatchObject({ esp: 0x11af40, espAtEntry: 0x7000, highWater: 200, painted: { lowestTouched: 0x11b000 - 200, highestTouched: 0x11b000 } });
    expect(r.pageTables).toEqual([{ cr3: 0x103000, tableFrames: [0x103000, 0x104000], mappings: [
      { vaddr: 0, paddr: 0, size: 0x400000, writable: true, user: false, large: true },
      { vaddr: 0x40000000, paddr: 0x105000, size: 0x1000, writable: true, user: true, large: false },
    ] }]);
    expect(r.physical.map((p) => `${p.owner}@${p.start.toString(16)}`)).toEqual([
      "BIOS + bootloader (reserved)@0", ".text@100000", ".rodata@101000", ".data@102000", ".bss@103000",
      "page directory (CR3 0x00103000)@103000", "page table (CR3 0x00103000)@104000", "user pages (CR3 0x00103000)@105000",
      "heap@107000", "stack@117000"]);
    expect(r.memoryBytes).toBe(4 << 20);
    const picture = drawMemoryMap(reportRegions(r));
    expect(picture).toContain("heap ↑  (top 0x001080c0)");
    expect(picture).toContain("stack ↓  (ESP 0x0011af40)");
    expect(picture.split("\n")[0]).toMatch(/^0x00400000 ┌/);
  });

  it("a RAM image that lost a byte of .text is caught at its address", () => {
    const { memory } = fakeLoad(elf);
    memory.write(0x100020, new Uint8Array([memory.u8(0x100020) ^ 0xff]));
    const r = buildLayoutReport({ elf, snapshot: { registers: zeroRegisters(), memory } });
    expect(r.sections[0]).toMatchObject({ name: ".text", matchesFile: false, firstMismatch: 0x100020 });
    expect(r.pageTables).toEqual([]); // CR0.PG clear: no address space walked
  });

  it("a kernel without kernlab symbols (Bare Bones names) still reports its stack", () => {
    const r = buildLayoutReport({ elf, stack: { bottom: 0x106000, top: 0x106064 } });
    expect(r.stack).toMatchObject({ bottom: 0x106000, top: 0x106064, source: "input" });
    expect(r.physical.some((p) => p.owner === "stack")).toBe(false); // inside .bss: not a separate owner
  });
});
