// Stack painting: what the machine paints before entry is what every reader scans for afterwards.
import { describe, expect, it } from "vitest";
import { guestMemory } from "../../emulator/memory";
import { paintRange, scanPaint } from "../../emulator/paint";

function ram(size = 0x10000) {
  const bytes = new Uint8Array(size);
  return guestMemory({ ram: () => bytes, vgaRead: () => 0, vgaWrite: () => {} });
}

describe("paint and scan", () => {
  const paint = { start: 0x1000, end: 0x2000, pattern: 0x53544b21 };
  it("an untouched painted range has no touched dwords; a range outside RAM gives nulls", () => {
    const mem = ram();
    paintRange(mem, paint);
    expect(mem.u32(0x1000)).toBe(0x53544b21);
    expect(scanPaint(mem, paint)).toEqual({ lowestTouched: null, highestTouched: null });
    expect(scanPaint(mem, { ...paint, end: 0x20000 })).toEqual({ lowestTouched: null, highestTouched: null });
  });
  it("finds the lowest touched dword (the high-water mark) and the end of the highest", () => {
    const mem = ram();
    paintRange(mem, paint);
    mem.writeU32(0x1ff8, 1);
    mem.writeU32(0x1c04, 0);
    expect(scanPaint(mem, paint)).toEqual({ lowestTouched: 0x1c04, highestTouched: 0x1ffc });
  });
});
