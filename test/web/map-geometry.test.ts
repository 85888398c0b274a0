// Unit tests for web/map-geometry.ts: the broken-scale strip of the lab's memory map.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { coverRam, layoutMap, type MapRegion } from "../../web/map-geometry";

const MiB = 1024 * 1024;
const seedLike: MapRegion[] = [
  { start: 0, end: MiB, name: "BIOS + bootloader", kind: "reserved" },
  { start: MiB, end: MiB + 0x3000, name: ".text", kind: "text" },
  { start: MiB + 0x3000, end: MiB + 0x4000, name: ".data", kind: "data" },
  { start: MiB + 0x4000, end: MiB + 0x9000, name: ".bss", kind: "bss" },
  { start: MiB + 0x9000, end: MiB + 0x10000, name: "heap", kind: "heap" },
  { start: 31 * MiB, end: 32 * MiB, name: "stack", kind: "stack" },
];

describe("coverRam", () => {
  it("fills gaps with free regions and covers RAM exactly", () => {
    const c = coverRam(seedLike, 32 * MiB);
    expect(c.map((r) => r.kind)).toEqual(["reserved", "text", "data", "bss", "heap", "free", "stack"]);
    expect(c[5]).toEqual({ name: "free", start: MiB + 0x10000, end: 31 * MiB, kind: "free" });
    for (let i = 1; i < c.length; i++) expect(c[i]!.start).toBe(c[i - 1]!.end);
  });

  it("cuts overlaps, clips to RAM and drops empty regions", () => {
    const c = coverRam([
      { start: 0x2000, end: 0x6000, name: "a", kind: "text" },
      { start: 0x4000, end: 0x8000, name: "b", kind: "data" },
      { start: 0x5000, end: 0x5000, name: "empty", kind: "bss" },
      { start: 0xf000, end: 0x20000, name: "past RAM", kind: "stack" },
    ], 0x10000);
    expect(c.map((r) => [r.name, r.start, r.end])).toEqual([
      ["free", 0, 0x2000], ["a", 0x2000, 0x6000], ["b", 0x6000, 0x8000], ["free", 0x8000, 0xf000], ["past RAM", 0xf000, 0x10000],
    ]);
  });
});

describe("layoutMap", () => {
  const g = layoutMap(seedLike, 32 * MiB, { height: 600, minBand: 14 });

  it("puts .text at its address and keeps small regions visible", () => {
    const text = g.bandAt(MiB)!;
    expect(text.region.name).toBe(".text");
    expect(g.addrToY(MiB)).toBeCloseTo(text.y + text.height, 9); // the band's bottom edge
    for (const b of g.bands) expect(b.height).toBeGreaterThanOrEqual(14);
    // broken scale: the 4 KiB .data is far taller than its linear share (600 * 4 KiB / 32 MiB < 0.1 px)
    expect(g.bandAt(MiB + 0x3000)!.height).toBeGreaterThan(14);
    const total = g.bands.reduce((s, b) => s + b.height, 0);
    expect(total).toBeCloseTo(600, 9);
  });

  it("draws high addresses at the top: heap drawn above .bss, the stack above the heap", () => {
    expect(g.addrToY(MiB + 0x9000)).toBeLessThan(g.addrToY(MiB + 0x4000));
    expect(g.addrToY(31 * MiB)).toBeLessThan(g.addrToY(MiB + 0x10000));
    expect(g.addrToY(0)).toBe(600);
    expect(g.addrToY(32 * MiB)).toBe(0);
    expect(g.bands[0]!.region.kind).toBe("reserved");
    expect(g.bands[0]!.y + g.bands[0]!.height).toBeCloseTo(600, 9);
    expect(g.bandAt(32 * MiB)).toBeNull();
  });

  it("addrToY is strictly decreasing and yToAddr inverts it (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 32 * MiB - 2 }), fc.integer({ min: 1, max: 4096 }), (a, d) => {
      const b = Math.min(a + d, 32 * MiB - 1);
      expect(g.addrToY(b)).toBeLessThan(g.addrToY(a));
      const back = g.yToAddr(g.addrToY(a));
      const band = g.bandAt(a)!;
      // one pixel row spans (size / height) bytes of its band
      const bytesPerPx = (band.region.end - band.region.start) / band.height;
      expect(Math.abs(back - a)).toBeLessThanOrEqual(Math.ceil(bytesPerPx) + 1);
    }), { numRuns: 300 });
  });

  it("rejects an empty RAM and shrinks minBand when too many regions", () => {
    expect(() => layoutMap([], 0, { height: 100 })).toThrow(RangeError);
    const many: MapRegion[] = Array.from({ length: 50 }, (_, i) => ({ start: i * 0x1000, end: i * 0x1000 + 0x800, name: `r${i}`, kind: "data" }));
    const m = layoutMap(many, 0x40000, { height: 200, minBand: 14 });
    expect(m.bands.length).toBe(100);
    expect(m.bands[m.bands.length - 1]!.y).toBeCloseTo(0, 9);
    expect(m.bands[0]!.y + m.bands[0]!.height).toBeCloseTo(200, 9);
    for (const b of m.bands) expect(b.height).toBeGreaterThan(0);
  });
});
