/**
 * GuestMemory: guest physical memory as the guest sees it. Plain RAM comes from the machine's RAM view; the
 * VGA window 0xA0000-0xBFFFF is routed through the VGA device (v86 keeps it there, not in RAM). Reads outside
 * RAM throw RangeError. This file does not walk page tables (mmu.ts does) and does not import v86.
 */
import { hex } from "../core/hex";
import type { GuestMemory, VirtualMemory } from "./index";
import { virtualMemory } from "./mmu";

export const VGA_WINDOW_START = 0xa0000;
export const VGA_WINDOW_END = 0xc0000;

/** What memory.ts needs from the machine: the live RAM bytes and the VGA window's device memory. */
export interface PhysicalBacking {
  /** Live view of guest RAM (re-fetched on every access: the view may be replaced). */
  ram(): Uint8Array;
  /** Byte at `offset` into the VGA window (0 = physical 0xA0000). */
  vgaRead(offset: number): number;
  vgaWrite(offset: number, value: number): void;
}

export function guestMemory(backing: PhysicalBacking): GuestMemory {
  const check = (addr: number, length: number): Uint8Array => {
    const ram = backing.ram();
    if (!Number.isInteger(addr) || !Number.isInteger(length) || addr < 0 || length < 0 || addr + length > ram.length) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(ram.length)} bytes)`);
    }
    return ram;
  };
  const inVga = (addr: number, length: number) => addr < VGA_WINDOW_END && addr + length > VGA_WINDOW_START;

  const bytes = (addr: number, length: number): Uint8Array => {
    const ram = check(addr, length);
    const out = ram.slice(addr, addr + length);
    if (inVga(addr, length)) {
      const from = Math.max(addr, VGA_WINDOW_START), to = Math.min(addr + length, VGA_WINDOW_END);
      for (let a = from; a < to; a++) out[a - addr] = backing.vgaRead(a - VGA_WINDOW_START);
    }
    return out;
  };
  const u8 = (addr: number): number => {
    const ram = check(addr, 1);
    return inVga(addr, 1) ? backing.vgaRead(addr - VGA_WINDOW_START) : ram[addr]!;
  };
  const u16 = (addr: number): number => u8(addr) | (u8(addr + 1) << 8);
  const u32 = (addr: number): number => {
    const ram = check(addr, 4);
    if (inVga(addr, 4)) return (u16(addr) | (u16(addr + 2) << 16)) >>> 0;
    return (ram[addr]! | (ram[addr + 1]! << 8) | (ram[addr + 2]! << 16) | (ram[addr + 3]! << 24)) >>> 0;
  };
  const write = (addr: number, data: Uint8Array): void => {
    const ram = check(addr, data.length);
    if (!inVga(addr, data.length)) { ram.set(data, addr); return; }
    for (let i = 0; i < data.length; i++) {
      const a = addr + i;
      if (a >= VGA_WINDOW_START && a < VGA_WINDOW_END) backing.vgaWrite(a - VGA_WINDOW_START, data[i]!);
      else ram[a] = data[i]!;
    }
  };
  const mem: GuestMemory = {
    get size() { return backing.ram().length; },
    u8, u16, u32, bytes, write,
    cstring(addr: number, max = 4096): string {
      let s = "";
      const size = backing.ram().length;
      for (let i = 0; i < max && addr + i < size; i++) {
        const c = u8(addr + i);
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    },
    writeU32(addr: number, value: number): void {
      const ram = check(addr, 4);
      if (inVga(addr, 4)) {
        write(addr, Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff));
        return;
      }
      ram[addr] = value & 0xff; ram[addr + 1] = (value >>> 8) & 0xff; ram[addr + 2] = (value >>> 16) & 0xff; ram[addr + 3] = (value >>> 24) & 0xff;
    },
    virt(cr3: number): VirtualMemory { return virtualMemory(mem, cr3); },
  };
  backings.set(mem, backing);
  return mem;
}

const backings = new WeakMap<GuestMemory, PhysicalBacking>();

/**
 * Writes the RAM under the VGA window, not the VGA device: v86 fetches instructions from there (its data
 * accesses go to the device). The loader uses it so code it places in the window runs (emulator/loader.ts).
 * False when `mem` has no RAM behind it (not made by guestMemory).
 */
export function writeRamUnderVga(mem: GuestMemory, addr: number, data: Uint8Array): boolean {
  const b = backings.get(mem);
  if (!b) return false;
  const ram = b.ram();
  if (addr < 0 || addr + data.length > ram.length) return false;
  ram.set(data, addr);
  return true;
}
