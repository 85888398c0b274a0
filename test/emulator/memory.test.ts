// GuestMemory over a fake backing, the page-table walker against hand-built (and garbage) tables, and the
// symbol table: pure logic, no v86.
import { describe, expect, it } from "vitest";
import { PageFaultError, symbolTable, walkPageTables } from "../../emulator/index";
import { guestMemory } from "../../emulator/memory";
import { canBuild, kernel } from "./kernels";

function fakeMemory(size = 1 << 20) {
  const ram = new Uint8Array(size);
  const vga = new Uint8Array(0x20000);
  return { ram, vga, mem: guestMemory({ ram: () => ram, vgaRead: (o) => vga[o]!, vgaWrite: (o, v) => { vga[o] = v; } }) };
}

describe("GuestMemory", () => {
  it("reads and writes little-endian; bytes() is a copy", () => {
    const { ram, mem } = fakeMemory();
    mem.writeU32(0x1000, 0xdeadbeef);
    expect(mem.u32(0x1000)).toBe(0xdeadbeef);
    expect(mem.u16(0x1002)).toBe(0xdead);
    expect(mem.u8(0x1000)).toBe(0xef);
    const copy = mem.bytes(0x1000, 4);
    ram[0x1000] = 0;
    expect([...copy]).toEqual([0xef, 0xbe, 0xad, 0xde]);
    mem.write(0x2000, new TextEncoder().encode("kernlab\0tail"));
    expect(mem.cstring(0x2000)).toBe("kernlab");
    expect(mem.cstring(0x2000, 4)).toBe("kern");
    expect(mem.size).toBe(1 << 20);
  });

  it("routes the VGA window 0xA0000-0xBFFFF through the device", () => {
    const { ram, vga, mem } = fakeMemory();
    vga[0x18000] = 0x41; vga[0x18001] = 0x07;
    expect(mem.u16(0xb8000)).toBe(0x0741);
    expect([...mem.bytes(0x9ffff, 3)]).toEqual([0, 0, 0]);
    mem.write(0xb8002, Uint8Array.of(0x42));
    expect(vga[0x18002]).toBe(0x42);
    expect(ram[0xb8002]).toBe(0);
  });

  it("throws RangeError outside RAM", () => {
    const { mem } = fakeMemory(0x10000);
    expect(() => mem.u32(0xfffe)).toThrow(RangeError);
    expect(() => mem.bytes(-1, 2)).toThrow(/outside RAM/);
  });
});

describe("page tables", () => {
  it("walks 4 KiB and 4 MiB pages, ANDs permissions, merges runs, and reads across a page boundary", () => {
    const { mem } = fakeMemory(8 << 20);
    const pd = 0x10000, pt = 0x11000;
    mem.writeU32(pd + 0 * 4, pt | 0x7);                 // PDE 0 → pt, P|W|U
    mem.writeU32(pt + 1 * 4, 0x20000 | 0x3);            // 0x1000 → 0x20000 P|W (supervisor)
    mem.writeU32(pt + 2 * 4, 0x21000 | 0x3);            // 0x2000 → 0x21000 (contiguous: merged)
    mem.writeU32(pt + 3 * 4, 0x30000 | 0x1);            // 0x3000 → 0x30000 read-only
    mem.writeU32(pd + 1 * 4, 0x400000 | 0x83);          // 0x400000 → 4 MiB page at 0x400000
    expect(walkPageTables(mem, pd)).toEqual([
      { vaddr: 0x1000, paddr: 0x20000, size: 0x2000, present: true, writable: true, user: false, large: false },
      { vaddr: 0x3000, paddr: 0x30000, size: 0x1000, present: true, writable: false, user: false, large: false },
      { vaddr: 0x400000, paddr: 0x400000, size: 0x400000, present: true, writable: true, user: false, large: true },
    ]);
    mem.write(0x20ffe, Uint8Array.of(1, 2, 3, 4));
    const v = mem.virt(pd);
    expect(v.u32(0x1ffe)).toBe(0x04030201);
    expect([...v.bytes(0x1ffe, 4)]).toEqual([1, 2, 3, 4]);
    expect(v.translate(0x400123)).toBe(0x400123);
    expect(v.translate(0x5000)).toBeNull();
    expect(() => v.u8(0x5000)).toThrow(PageFaultError);
  });

  it("garbage tables are reported, never thrown", () => {
    const { mem } = fakeMemory(1 << 20);
    const pd = 0x10000;
    mem.writeU32(pd, 0xfff00000 | 0x1);                  // page table far outside RAM
    mem.writeU32(pd + 4, 0xff800000 | 0x81);             // 4 MiB page outside RAM
    const maps = walkPageTables(mem, pd);
    expect(maps.map((m) => [m.vaddr, m.problem])).toEqual([
      [0, "PDE 0 points to a page table at 0xfff00000, outside RAM"],
      [0x400000, "4 MiB page frame 0xff800000 is outside RAM"],
    ]);
    expect(walkPageTables(mem, 0x7ffff000)[0]!.problem).toMatch(/page directory at 0x7ffff000 is outside RAM/);
    expect(mem.virt(pd).translate(0x123)).toBeNull();
  });
});

describe.skipIf(!canBuild())("symbols", () => {
  it("prints addresses as symbol+offset and finds addresses by name", () => {
    const k = kernel("checkpoints");
    const s = symbolTable(k);
    const start = s.address("_start")!;
    expect(start).toBeGreaterThanOrEqual(0x100000);
    expect(s.format(start)).toBe("_start");
    expect(s.format(start + 5)).toBe("_start+0x5");
    expect(s.lookup(start + 5)).toEqual({ name: "_start", offset: 5 });
    expect(s.format(0x10)).toBe("0x00000010");
    expect(s.address("nope")).toBeNull();
    expect(symbolTable(new Uint8Array(10)).format(0x100000)).toBe("0x00100000");
  });
});
