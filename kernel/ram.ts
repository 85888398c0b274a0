/**
 * A frozen copy of guest RAM taken at a checkpoint, with the emulator's GuestMemory interface, so the
 * proofs are pure functions of what was read (and a test can corrupt a copy to see a proof fail). The copy
 * may cover only the low part of RAM (`captured`, from address 0); `size` is still the guest's RAM size,
 * and a read above the captured part throws a RangeError saying so.
 * Not the live machine's memory (emulator/memory.ts) and not a page walker (emulator/mmu.ts does that).
 */
import { hex } from "../core/hex";
import { PageFaultError, type GuestMemory, type VirtualMemory } from "../emulator/index";

const PTE_P = 0x001;
const PDE_PS = 0x080;

export interface FrozenMemory extends GuestMemory {
  /** The bytes that were copied: guest physical [0, captured.length). */
  readonly captured: Uint8Array;
  /** A range inside it that was not copied (reads throw). */
  readonly hole: { start: number; end: number } | null;
}

/** The legacy VGA window: device memory, not RAM. Reading it through the emulator costs a call per byte. */
export const VGA_WINDOW = { start: 0xa_0000, end: 0xc_0000 } as const;

/**
 * Copy guest physical [0, limit) from a live machine, except the VGA window (left zero in the copy and
 * unreadable through frozenMemory with `hole`).
 */
export function captureRam(memory: GuestMemory, limit: number): Uint8Array {
  const out = new Uint8Array(limit);
  const a = Math.min(limit, VGA_WINDOW.start);
  out.set(memory.bytes(0, a), 0);
  if (limit > VGA_WINDOW.end) out.set(memory.bytes(VGA_WINDOW.end, limit - VGA_WINDOW.end), VGA_WINDOW.end);
  return out;
}

export function frozenMemory(ram: Uint8Array, size: number = ram.length, hole: { start: number; end: number } | null = null): FrozenMemory {
  const view = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const check = (addr: number, length: number) => {
    if (hole && addr < hole.end && addr + length > hole.start) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) overlaps [${hex(hole.start)}, ${hex(hole.end)}), device memory that was not captured`);
    }
    if (!Number.isInteger(addr) || addr < 0 || length < 0 || addr + length > size) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(size)} bytes)`);
    }
    if (addr + length > ram.length) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) was not captured (only [0x00000000, ${hex(ram.length)}) was copied)`);
    }
  };
  const u32 = (addr: number) => { check(addr, 4); return view.getUint32(addr, true); };
  const translate = (cr3: number, v: number): number | null => {
    const pd = (cr3 & ~0xfff) >>> 0;
    if (pd + 4096 > ram.length) return null;
    const pde = view.getUint32(pd + ((v >>> 22) & 0x3ff) * 4, true);
    if (!(pde & PTE_P)) return null;
    if (pde & PDE_PS) return (((pde & 0xffc00000) >>> 0) + (v & 0x3fffff)) >>> 0;
    const pt = (pde & ~0xfff) >>> 0;
    if (pt + 4096 > ram.length) return null;
    const pte = view.getUint32(pt + ((v >>> 12) & 0x3ff) * 4, true);
    if (!(pte & PTE_P)) return null;
    return (((pte & ~0xfff) >>> 0) + (v & 0xfff)) >>> 0;
  };
  const memory: FrozenMemory = {
    captured: ram,
    hole,
    size,
    u8: (addr) => { check(addr, 1); return ram[addr]!; },
    u16: (addr) => { check(addr, 2); return view.getUint16(addr, true); },
    u32,
    bytes: (addr, length) => { check(addr, length); return ram.slice(addr, addr + length); },
    cstring: (addr, max = 4096) => {
      let s = "";
      for (let i = 0; i < max && addr + i < ram.length; i++) {
        const c = ram[addr + i]!;
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    },
    write: (addr, data) => { check(addr, data.length); ram.set(data, addr); },
    writeU32: (addr, value) => { check(addr, 4); view.setUint32(addr, value >>> 0, true); },
    virt: (cr3): VirtualMemory => {
      const phys = (v: number) => {
        const p = translate(cr3, v >>> 0);
        if (p === null) throw new PageFaultError(v >>> 0, cr3);
        return p;
      };
      return {
        translate: (v) => translate(cr3, v >>> 0),
        u8: (v) => memory.u8(phys(v)),
        u32: (v) => {
          const b = new Uint8Array(4);
          for (let i = 0; i < 4; i++) b[i] = memory.u8(phys(v + i));
          return new DataView(b.buffer).getUint32(0, true);
        },
        bytes: (v, length) => {
          const out = new Uint8Array(length);
          for (let i = 0; i < length; i++) out[i] = memory.u8(phys(v + i));
          return out;
        },
      };
    },
  };
  return memory;
}
