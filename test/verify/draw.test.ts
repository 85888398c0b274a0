// drawMemoryMap: the seed's vertical picture with real addresses, to scale (linear or log).
import { describe, expect, it } from "vitest";
import { drawMemoryMap, type MapRegion } from "../../core/memory-map";

const seed: MapRegion[] = [
  { name: "BIOS + bootloader (reserved)", start: 0, end: 0x100000, kind: "reserved" },
  { name: ".text", start: 0x100000, end: 0x101800, kind: "text" },
  { name: ".data", start: 0x102000, end: 0x102100, kind: "data" },
  { name: ".bss", start: 0x102100, end: 0x104000, kind: "bss" },
  { name: "heap", start: 0x104000, end: 0x204000, kind: "heap", note: "top 0x00105000" },
  { name: "stack", start: 0x1f00000, end: 0x1f04000, kind: "stack" },
];

describe("drawMemoryMap", () => {
  it("puts the top address at the top, 0x00000000 at the bottom, every boundary in hex", () => {
    const lines = drawMemoryMap(seed).split("\n");
    expect(lines[0]).toMatch(/^0x01f04000 ┌─+┐$/);
    const bottom = lines.findIndex((l) => l.startsWith("0x00000000 └"));
    expect(bottom).toBeGreaterThan(0);
    const addrs = lines.filter((l) => /^0x/.test(l)).map((l) => l.slice(0, 10));
    expect(addrs).toEqual(["0x01f04000", "0x01f00000", "0x00204000", "0x00104000", "0x00102100", "0x00102000",
      "0x00101800", "0x00100000", "0x00000000"]);
  });

  it("labels regions with names, sizes, notes and growth arrows; gaps are free", () => {
    const s = drawMemoryMap(seed);
    expect(s).toMatch(/│ heap ↑  \(top 0x00105000\) +│ 1 MiB/);
    expect(s).toMatch(/│ stack ↓ +│ 16 KiB/);
    expect(s).toMatch(/│ free +│ 29 MiB/);
    expect(s).toMatch(/0x00102000 ├─+┤\n +│ gap +│ 2 KiB\n0x00101800 ├/);
    expect(s).toMatch(/│ \.data +│ 256 B/);
    expect(s).toContain("scale: log2");
    expect(s).toContain("≈");
  });

  it("draws linearly when sizes are close: twice the size, twice the rows", () => {
    const s = drawMemoryMap([
      { name: "a", start: 0x1000, end: 0x2000, kind: "data" },
      { name: "b", start: 0x2000, end: 0x4000, kind: "data" },
    ]);
    const lines = s.split("\n");
    const rowsOf = (name: string) => {
      const i = lines.findIndex((l) => l.includes(`│ ${name} `));
      let n = 1;
      while (lines[i + n] && !lines[i + n]!.startsWith("0x")) n++;
      return n;
    };
    expect(rowsOf("b")).toBe(2 * rowsOf("a"));
    expect(s).not.toContain("scale: log2");
  });

  it("flags overlaps and keeps every line the same width", () => {
    const s = drawMemoryMap([
      { name: ".data", start: 0x2000, end: 0x3000, kind: "data" },
      { name: ".bss", start: 0x2800, end: 0x4000, kind: "bss" },
    ], { width: 30 });
    expect(s).toContain("⚠ overlaps .data");
    const widths = new Set(s.split("\n").filter((l) => /[│┌├└≈]/.test(l)).map((l) => l.replace(/ [0-9.]+ (B|KiB|MiB)$/, "").length));
    expect(widths.size).toBe(1);
  });

  it("colours only when asked", () => {
    expect(drawMemoryMap(seed)).not.toContain("\x1b[");
    expect(drawMemoryMap(seed, { color: true })).toContain("\x1b[32m heap");
    expect(drawMemoryMap([])).toBe("(no regions)\n");
  });
});
