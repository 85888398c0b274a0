/**
 * The guest's 32-bit two-level paging, read from guest RAM: translate a virtual address from a CR3 and list
 * every mapping. 4 KiB pages and 4 MiB pages (PDE_PS) are both honoured: kernlab assumes CR4.PSE when a PDE
 * has PS set, as every kernel that sets PS also sets CR4.PSE. No PAE. This file never changes guest state.
 *
 *   vaddr = | PDX (10) | PTX (10) | offset (12) |     PDE at (CR3 & ~0xFFF) + 4*PDX; PTE at (PDE & ~0xFFF) + 4*PTX
 */
import { hex } from "../core/hex";
import type { GuestMemory, Mapping, VirtualMemory } from "./index";

export const PTE_P = 0x001;
export const PTE_W = 0x002;
export const PTE_U = 0x004;
export const PDE_PS = 0x080;

export const PDX = (va: number): number => (va >>> 22) & 0x3ff;
export const PTX = (va: number): number => (va >>> 12) & 0x3ff;

/** A virtual read hit an address with no present mapping. */
export class PageFaultError extends Error {
  constructor(readonly vaddr: number, readonly cr3: number) {
    super(`page fault: virtual address ${hex(vaddr)} is not mapped (CR3 ${hex(cr3)})`);
    this.name = "PageFaultError";
  }
}

function readEntry(mem: GuestMemory, addr: number): number | null {
  return addr + 4 <= mem.size ? mem.u32(addr) : null;
}

/** Physical address for `v`, or null when a PDE/PTE is not present or points outside RAM. */
export function translate(mem: GuestMemory, cr3: number, v: number): number | null {
  v >>>= 0;
  const pde = readEntry(mem, ((cr3 & ~0xfff) >>> 0) + PDX(v) * 4);
  if (pde === null || !(pde & PTE_P)) return null;
  if (pde & PDE_PS) return (((pde & 0xffc00000) >>> 0) + (v & 0x3fffff)) >>> 0;
  const pte = readEntry(mem, ((pde & ~0xfff) >>> 0) + PTX(v) * 4);
  if (pte === null || !(pte & PTE_P)) return null;
  return (((pte & ~0xfff) >>> 0) + (v & 0xfff)) >>> 0;
}

export function virtualMemory(mem: GuestMemory, cr3: number): VirtualMemory {
  const phys = (v: number): number => {
    const p = translate(mem, cr3, v);
    if (p === null || p >= mem.size) throw new PageFaultError(v >>> 0, cr3);
    return p;
  };
  const bytes = (v: number, length: number): Uint8Array => {
    const out = new Uint8Array(length);
    let i = 0;
    while (i < length) {
      const va = (v + i) >>> 0;
      const inPage = Math.min(length - i, 0x1000 - (va & 0xfff));
      const p = phys(va);
      if (p + inPage > mem.size) throw new PageFaultError(va, cr3);
      out.set(mem.bytes(p, inPage), i);
      i += inPage;
    }
    return out;
  };
  return {
    u8: (v) => mem.u8(phys(v)),
    u32: (v) => {
      if ((v & 0xfff) <= 0xffc) return mem.u32(phys(v));
      const b = bytes(v, 4);
      return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    },
    bytes,
    translate: (v) => translate(mem, cr3, v),
  };
}

/**
 * Every present mapping under `cr3`, in virtual order, with contiguous runs of equal flags (virtually and
 * physically contiguous) merged. Garbage never throws: a page table outside RAM is reported as one 4 MiB
 * mapping with `problem` set, and a page frame outside RAM is reported with `problem` set.
 */
export function walkPageTables(memory: GuestMemory, cr3: number): Mapping[] {
  const out: Mapping[] = [];
  const push = (m: Mapping) => {
    const last = out[out.length - 1];
    if (last && !last.problem && !m.problem && last.vaddr + last.size === m.vaddr && last.paddr + last.size === m.paddr &&
        last.writable === m.writable && last.user === m.user && last.large === m.large) {
      last.size += m.size;
    } else {
      out.push(m);
    }
  };
  const pd = (cr3 & ~0xfff) >>> 0;
  if (pd + 4096 > memory.size) {
    return [{ vaddr: 0, paddr: pd, size: 0, present: false, writable: false, user: false, large: false, problem: `page directory at ${hex(pd)} is outside RAM (${hex(memory.size)} bytes)` }];
  }
  for (let i = 0; i < 1024; i++) {
    const pde = memory.u32(pd + i * 4);
    if (!(pde & PTE_P)) continue;
    const vbase = (i << 22) >>> 0;
    if (pde & PDE_PS) {
      const paddr = (pde & 0xffc00000) >>> 0;
      const m: Mapping = { vaddr: vbase, paddr, size: 0x400000, present: true, writable: !!(pde & PTE_W), user: !!(pde & PTE_U), large: true };
      if (paddr + 0x400000 > memory.size) m.problem = `4 MiB page frame ${hex(paddr)} is outside RAM`;
      push(m);
      continue;
    }
    const pt = (pde & ~0xfff) >>> 0;
    if (pt + 4096 > memory.size) {
      push({ vaddr: vbase, paddr: pt, size: 0x400000, present: true, writable: !!(pde & PTE_W), user: !!(pde & PTE_U), large: false,
        problem: `PDE ${i} points to a page table at ${hex(pt)}, outside RAM` });
      continue;
    }
    // One copy of the table, then words from it: a fully populated directory is a million entries.
    const table = memory.bytes(pt, 4096);
    const words = new Uint32Array(table.buffer, table.byteOffset, 1024); // x86 entries are little-endian, as is every JS host
    const pdeW = !!(pde & PTE_W), pdeU = !!(pde & PTE_U), ramSize = memory.size;
    for (let j = 0; j < 1024; j++) {
      const pte = words[j]!;
      if (!(pte & PTE_P)) continue;
      const paddr = (pte & ~0xfff) >>> 0;
      const vaddr = (vbase + (j << 12)) >>> 0;
      // Effective permissions are the AND of both levels (Intel SDM 4.6).
      const writable = pdeW && !!(pte & PTE_W), user = pdeU && !!(pte & PTE_U);
      const inRam = paddr + 0x1000 <= ramSize;
      const last = out[out.length - 1];
      if (inRam && last && !last.problem && !last.large && last.vaddr + last.size === vaddr && last.paddr + last.size === paddr &&
          last.writable === writable && last.user === user) {
        last.size += 0x1000; // extend the run without allocating (same rule as push)
        continue;
      }
      const m: Mapping = { vaddr, paddr, size: 0x1000, present: true, writable, user, large: false };
      if (!inRam) m.problem = `page frame ${hex(paddr)} is outside RAM`;
      out.push(m);
    }
  }
  return out;
}
