/**
 * Multiboot v1 load-time checks and the load plan, as GRUB and QEMU do them: find the header in the first
 * 8 KiB (4-byte aligned, magic + flags + checksum = 0), then either the a.out kludge addresses (flags bit 16)
 * or the ELF32 PT_LOAD segments by p_paddr, with a higher-half e_entry translated through its segment.
 * This file decides what goes where; it does not touch a machine (loader.ts writes the plan into RAM).
 */
import { hex } from "../core/hex";
import { isElf } from "../toolchain/elf/read";
import { elfImage, type LoadChunk, type SectionTable } from "./elf-image";
import type { LoaderName, Verdict } from "./index";
import { findMultiboot2, planMultiboot2, type Multiboot2Request } from "./multiboot2";

export type { LoadChunk } from "./elf-image";
export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;
export const MULTIBOOT_SEARCH = 8192;
/**
 * Header flags bits 0-15 are requirements. GRUB refuses a kernel requiring any bit above 2 ("unsupported
 * flag"); QEMU refuses none (it only warns about bit 2, video). Both honour 0 and 1; bit 2 gets text mode.
 */
const MULTIBOOT_SUPPORTED_REQUIRED = 0x0007;
export const MULTIBOOT_AOUT_KLUDGE = 0x10000;

export interface LoadPlan {
  /** 1: Multiboot (0x1BADB002), 2: Multiboot 2 (0xE85250D6). */
  protocol: 1 | 2;
  chunks: LoadChunk[];
  /** Physical entry point (e_entry translated through its PT_LOAD segment, or the kludge entry_addr). */
  entry: number;
  /** First byte after the highest chunk: where modules may start (page-aligned up). */
  end: number;
  /** Lowest chunk address (QEMU's load address: its boot buffer starts here). */
  low: number;
  headerOffset: number;
  /** Multiboot v1 header flags (0 for Multiboot 2). */
  headerFlags: number;
  /** ELF section headers and the unallocated sections GRUB loads (null: a.out kludge / address tag). */
  sections: SectionTable | null;
  /** Multiboot 2 only: what the header's tags ask for. */
  mb2?: Multiboot2Request;
  /** What the loader accepted as QEMU does but the user should know (corrupt section headers, an odd entry). */
  warnings: string[];
}

export type LoadResult = { ok: true; plan: LoadPlan } | { ok: false; verdict: Verdict };

/** The load-time checks only: a Verdict when the kernel cannot be loaded into `memoryBytes` of RAM, else null. */
export function checkMultiboot(kernel: Uint8Array, memoryBytes: number, loader: LoaderName = "qemu"): Verdict | null {
  const r = planLoad(kernel, memoryBytes, loader);
  return r.ok ? null : r.verdict;
}

/** The warnings of loading `kernel` (empty when it loads cleanly or cannot be loaded at all). */
export function multibootWarnings(kernel: Uint8Array, memoryBytes: number, loader: LoaderName = "qemu"): string[] {
  const r = planLoad(kernel, memoryBytes, loader);
  return r.ok ? r.plan.warnings : [];
}

function noHeader(reason: string): LoadResult {
  return { ok: false, verdict: { kind: "no-multiboot-header", reason } };
}

function findHeader(kernel: Uint8Array): { offset: number; flags: number } | string {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const limit = Math.min(MULTIBOOT_SEARCH, kernel.length) - 12;
  let badChecksumAt = -1;
  for (let off = 0; off <= limit; off += 4) {
    if (dv.getUint32(off, true) !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = dv.getUint32(off + 4, true);
    const checksum = dv.getUint32(off + 8, true);
    if (((MULTIBOOT_HEADER_MAGIC + flags + checksum) >>> 0) !== 0) {
      if (badChecksumAt < 0) badChecksumAt = off;
      continue;
    }
    return { offset: off, flags };
  }
  if (badChecksumAt >= 0) return `magic ${hex(MULTIBOOT_HEADER_MAGIC)} at file offset ${hex(badChecksumAt)} has a bad checksum (magic + flags + checksum must be 0 mod 2^32)`;
  if (kernel.length === 0) return "the file is empty";
  return `magic ${hex(MULTIBOOT_HEADER_MAGIC)} not found 4-byte aligned in the first ${Math.min(MULTIBOOT_SEARCH, kernel.length)} bytes`;
}

/** ELF e_type ET_REL: an object file, not a kernel (checked before any header: its header would be found too). */
function isRelocatableObject(kernel: Uint8Array): boolean {
  return isElf(kernel) && kernel.length >= 18 && (kernel[16]! | (kernel[17]! << 8)) === 1;
}

/**
 * Decide where every byte of the kernel goes, or the verdict that says why it cannot be loaded. A Multiboot
 * v1 header wins over a Multiboot 2 one (QEMU knows only v1; GRUB's `multiboot` command takes v1); a kernel
 * with only a Multiboot 2 header is planned as GRUB's `multiboot2` command loads it, whatever `loader` says.
 */
export function planLoad(kernel: Uint8Array, memoryBytes: number, loader: LoaderName = "qemu"): LoadResult {
  if (isRelocatableObject(kernel)) {
    return { ok: false, verdict: { kind: "not-a-kernel", reason: "this is a relocatable object (ET_REL): link it first (kernlab ld -T linker.ld file.o -o kernel.elf)" } };
  }
  const found = findHeader(kernel);
  if (typeof found === "string") {
    const mb2 = findMultiboot2(kernel);
    if (mb2 === null) return noHeader(found);
    const planned = planMultiboot2(kernel, mb2);
    if (typeof planned === "string") return noHeader(planned);
    return fitsIn(planned, memoryBytes, "grub");
  }
  const { offset, flags } = found;
  const unsupported = flags & 0xffff & ~MULTIBOOT_SUPPORTED_REQUIRED;
  if (unsupported && loader === "grub") return noHeader(`header at ${hex(offset)} requires unsupported features (flags ${hex(flags)}; GRUB refuses bits 3-15)`);
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  let chunks: LoadChunk[];
  let entry: number;
  let sections: SectionTable | null = null;
  let warnings: string[] = [];

  if (flags & MULTIBOOT_AOUT_KLUDGE) {
    if (offset + 32 > kernel.length) return noHeader(`a.out kludge header at ${hex(offset)} is truncated`);
    const f = (i: number) => dv.getUint32(offset + 12 + 4 * i, true);
    const k = kludge(kernel, offset, { headerAddr: f(0), loadAddr: f(1), loadEndAddr: f(2), bssEndAddr: f(3), entryAddr: f(4) });
    if (typeof k === "string") return noHeader(k);
    chunks = [k.chunk];
    entry = k.entry;
  } else {
    if (!isElf(kernel)) return noHeader(`header at ${hex(offset)} has no a.out kludge (flags bit 16) and the file is not ELF`);
    const image = elfImage(kernel);
    if (typeof image === "string") return noHeader(image);
    ({ chunks, entry, sections, warnings } = image);
  }
  return fitsIn({ protocol: 1, chunks, entry: entry >>> 0, end: 0, low: 0, headerOffset: offset, headerFlags: flags, sections, warnings }, memoryBytes, loader);
}

/** The five a.out kludge addresses (Multiboot header offsets 12-28; the Multiboot 2 address and entry tags). */
export interface KludgeAddresses { headerAddr: number; loadAddr: number; loadEndAddr: number; bssEndAddr: number; entryAddr: number }

/** The a.out kludge rules: one chunk (the file from header_addr - load_addr before the header) and the entry. */
export function kludge(kernel: Uint8Array, offset: number, a: KludgeAddresses): { chunk: LoadChunk; entry: number } | string {
  if (a.loadAddr > a.headerAddr) return `a.out kludge: load_addr ${hex(a.loadAddr)} is above header_addr ${hex(a.headerAddr)}`;
  const fileStart = offset - (a.headerAddr - a.loadAddr);
  if (fileStart < 0) return `a.out kludge: header_addr - load_addr reaches before the start of the file`;
  if (a.loadEndAddr !== 0 && a.loadEndAddr < a.loadAddr) return `a.out kludge: load_end_addr ${hex(a.loadEndAddr)} is below load_addr ${hex(a.loadAddr)}`;
  const size = a.loadEndAddr === 0 ? kernel.length - fileStart : a.loadEndAddr - a.loadAddr;
  if (size < 0 || fileStart + size > kernel.length) return `a.out kludge: load_end_addr ${hex(a.loadEndAddr)} is beyond the end of the file`;
  if (a.bssEndAddr !== 0 && a.bssEndAddr < a.loadAddr + size) return `a.out kludge: bss_end_addr ${hex(a.bssEndAddr)} is below the end of the loaded image ${hex(a.loadAddr + size)}`;
  const memsz = a.bssEndAddr === 0 ? size : Math.max(size, a.bssEndAddr - a.loadAddr);
  return { chunk: { paddr: a.loadAddr, data: kernel.subarray(fileStart, fileStart + size), memsz }, entry: a.entryAddr };
}

/**
 * QEMU's VGA window (text mode maps only its last 32 KiB), the multiboot option ROM that copies the kernel
 * (its GDT is at 0xCB2B8) and the end of the BIOS area.
 */
export const VGA_GRAPHICS = 0xa0000, VGA_TEXT = 0xb8000, MULTIBOOT_ROM = 0xcb000, MULTIBOOT_ROM_END = 0xcc000, BIOS_END = 0x100000;

/**
 * Fill in `low` and `end`, or the verdict for a chunk beyond RAM. Below 1 MiB, as `qemu-system-i386 -kernel`
 * (its multiboot option ROM copies [low, end) to guest memory through fw_cfg DMA; measured with
 * test/boot/probes/loader-vga): the text window 0xB8000-0xBFFFF is VGA memory that holds what is written
 * there, so a kernel there runs (emulator/loader.ts writes it as QEMU does); bytes for 0xA0000-0xB7FFF are lost
 * (text mode does not map it: the guest reads 0xFF); an image whose span covers 0xCB000-0xCBFFF overwrites the
 * option ROM doing the copy and QEMU never enters the kernel: that is a load error here. Above it the bytes
 * land and the kernel runs (`ld -Ttext=0x100000` puts a headers segment at 0xFF000). GRUB: a warning only.
 */
function fitsIn(plan: LoadPlan, memoryBytes: number, loader: LoaderName): LoadResult {
  let end = 0, low = Number.POSITIVE_INFINITY;
  const warnings = [...plan.warnings];
  for (let i = 0; i < plan.chunks.length; i++) {
    const c = plan.chunks[i]!;
    if (loader === "grub" && c.paddr < BIOS_END && c.paddr + c.memsz > VGA_GRAPHICS) {
      warnings.push(`segment ${i} [${hex(c.paddr)}, ${hex(c.paddr + c.memsz)}) overlaps the VGA/BIOS area 0x000a0000-0x000fffff, which GRUB does not load into`);
    }
    if (loader !== "grub" && c.paddr < VGA_TEXT && c.paddr + c.memsz > VGA_GRAPHICS) {
      warnings.push(`segment ${i} [${hex(c.paddr)}, ${hex(c.paddr + c.memsz)}) overlaps 0x000a0000-0x000b7fff, VGA memory that text mode does not map: its bytes are lost, as under QEMU`);
    }
    const chunkEnd = c.paddr + c.memsz;
    if (chunkEnd > memoryBytes) return { ok: false, verdict: { kind: "kernel-too-large", segment: i, end: chunkEnd, memoryBytes } };
    end = Math.max(end, chunkEnd);
    low = Math.min(low, c.paddr);
  }
  if (loader !== "grub" && plan.chunks.length && low < MULTIBOOT_ROM_END && end > MULTIBOOT_ROM) {
    return {
      ok: false,
      verdict: {
        kind: "not-a-kernel",
        reason: `the kernel image spans ${hex(low)}-${hex(end)}, over QEMU's multiboot option ROM at 0x000cb000-0x000cbfff: QEMU's loader copies the whole span, gaps included, over the ROM doing the copy and never enters the kernel (link it at 1 MiB or above)`,
      },
    };
  }
  return { ok: true, plan: { ...plan, end, low, warnings } };
}
