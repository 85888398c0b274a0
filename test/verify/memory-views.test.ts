// The two read-only memory views verify builds reports on: the page cache (one copy per 4 KiB page) and the
// entry capture (frozen page-aligned ranges). Both must read exactly what the guest memory holds.
import { describe, expect, it } from "vitest";
import { guestMemory } from "../../emulator/memory";
import { pageCachedMemory } from "../../verify/page-cache";
import { captureRanges } from "../../verify/run";

function ram(size = 0x10000) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
  let calls = 0;
  const mem = guestMemory({ ram: () => { calls++; return bytes; }, vgaRead: () => 0, vgaWrite: () => {} });
  return { bytes, mem, calls: () => calls };
}

describe("pageCachedMemory", () => {
  it("reads the same values as guest memory, across page boundaries, with one host read per page", () => {
    const { mem, calls } = ram();
    const cached = pageCachedMemory(mem);
    const before = calls();
    for (const a of [0, 1, 0xffd, 0xffe, 0xfff, 0x1000, 0x2ffc, 0xfffc]) {
      expect(cached.u32(a)).toBe(mem.u32(a));
      expect(cached.u8(a)).toBe(mem.u8(a));
      expect(cached.u16(a)).toBe(mem.u16(a));
    }
    expect(cached.bytes(0xff0, 0x30)).toEqual(mem.bytes(0xff0, 0x30));
    expect(cached.bytes(0x100, 0x8000)).toEqual(mem.bytes(0x100, 0x8000));
    const direct = calls() - before;
    const n = calls();
    for (let a = 0x4000; a < 0x5000; a += 4) cached.u32(a);
    expect(calls() - n).toBeLessThanOrEqual(2); // one page: one bulk read (plus the size check)
    expect(direct).toBeGreaterThan(0);
    expect(() => cached.u32(0xfffe)).toThrow(RangeError);
    expect(() => cached.write(0, new Uint8Array(1))).toThrow(/read-only/);
  });
});

describe("captureRanges", () => {
  it("freezes whole pages around the ranges, reads them later unchanged, refuses the rest", () => {
    const { bytes, mem } = ram();
    const frozen = captureRanges(mem, [{ start: 0x1010, end: 0x1020 }, { start: 0x3ffe, end: 0x4002 }]);
    const before = mem.u32(0x1ffc);
    bytes.fill(0);
    expect(frozen.u32(0x1ffc)).toBe(before); // the whole page 0x1000-0x1fff was kept
    expect(frozen.u32(0x3ffe)).not.toBe(0);
    expect(frozen.bytes(0x4000, 16).length).toBe(16);
    expect(() => frozen.u8(0x2000)).toThrow("0x00002000 was not captured at entry");
    expect(pageCachedMemory(frozen).u32(0x1010)).toBe(frozen.u32(0x1010));
  });
});
