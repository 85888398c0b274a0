/**
 * A read-only GuestMemory that reads guest RAM a 4 KiB page at a time and keeps the pages it has read, so the
 * thousands of small reads a report makes (page-directory walks, probe fields) cost one bulk copy per page
 * instead of one host call each. Valid only while the guest is paused or stopped: build it, use it, drop it.
 * Large reads go straight through. Not a general cache and never written through.
 */
import { hex } from "../core/hex";
import type { GuestMemory } from "../emulator/index";

const PAGE = 4096;
const DIRECT = 4 * PAGE;

export function pageCachedMemory(mem: GuestMemory): GuestMemory {
  const size = mem.size;
  const pages = new Map<number, Uint8Array>();
  const check = (addr: number, length: number) => {
    if (!Number.isInteger(addr) || addr < 0 || length < 0 || addr + length > size) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(size)} bytes)`);
    }
  };
  const page = (n: number): Uint8Array => {
    let p = pages.get(n);
    if (!p) {
      const start = n * PAGE;
      p = mem.bytes(start, Math.min(PAGE, size - start));
      pages.set(n, p);
    }
    return p;
  };
  const u8 = (a: number): number => { check(a, 1); return page(Math.floor(a / PAGE))[a % PAGE]!; };
  const u16 = (a: number): number => u8(a) | (u8(a + 1) << 8);
  const u32 = (a: number): number => {
    check(a, 4);
    const o = a % PAGE;
    if (o <= PAGE - 4) {
      const p = page(Math.floor(a / PAGE));
      return (p[o]! | (p[o + 1]! << 8) | (p[o + 2]! << 16) | (p[o + 3]! << 24)) >>> 0;
    }
    return (u16(a) | (u16(a + 2) << 16)) >>> 0;
  };
  const bytes = (a: number, n: number): Uint8Array => {
    check(a, n);
    if (n >= DIRECT) return mem.bytes(a, n);
    const out = new Uint8Array(n);
    let i = 0;
    while (i < n) {
      const addr = a + i, o = addr % PAGE, len = Math.min(n - i, PAGE - o);
      out.set(page(Math.floor(addr / PAGE)).subarray(o, o + len), i);
      i += len;
    }
    return out;
  };
  const cached: GuestMemory = {
    size, u8, u16, u32, bytes,
    cstring(a, max = 4096) {
      let s = "";
      for (let i = 0; i < max && a + i < size; i++) { const c = u8(a + i); if (!c) break; s += String.fromCharCode(c); }
      return s;
    },
    write() { throw new Error("page-cached memory is read-only"); },
    writeU32() { throw new Error("page-cached memory is read-only"); },
    virt(cr3) { return mem.virt(cr3); },
  };
  return cached;
}
