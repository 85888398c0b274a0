/**
 * Multiboot v1 load-time checks and the load plan, as GRUB and QEMU do them: find the header in the first
 * 8 KiB (4-byte aligned, magic + flags + checksum = 0), then either the a.out kludge addresses (flags bit 16)
 * or the ELF32 PT_LOAD segments by p_paddr, with a higher-half e_entry translated through its segment.
 * This file decides what goes where; it does not touch a machine (loader.ts writes the plan into RAM).
 */
import { isKernlabError } from "../core/diagnostics";
import { hex } from "../core/hex";
import { readElf, isElf } from "../toolchain/elf/read";
import type { Verdict } from "./index";

export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;
export const MULTIBOOT_SEARCH = 8192;
/** Header flags bits 0-15 are requirements; kernlab honours 0 (page-align modules), 1 (memory info), 2 (video: ignored, text mode). */
const MULTIBOOT_SUPPORTED_REQUIRED = 0x0007;
export const MULTIBOOT_AOUT_KLUDGE = 0x10000;
const PT_LOAD = 1;

/** One contiguous piece of the kernel in guest physical memory: `data` then zeros up to `memsz`. */
export interface LoadChunk { paddr: number; data: Uint8Array; memsz: number }

export interface LoadPlan {
  chunks: LoadChunk[];
  /** Physical entry point (e_entry translated through its PT_LOAD segment, or the kludge entry_addr). */
  entry: number;
  /** First byte after the highest chunk: where modules may start (page-aligned up). */
  end: number;
  headerOffset: number;
  headerFlags: number;
}

export type LoadResult = { ok: true; plan: LoadPlan } | { ok: false; verdict: Verdict };

/** The load-time checks only: a Verdict when the kernel cannot be loaded into `memoryBytes` of RAM, else null. */
export function checkMultiboot(kernel: Uint8Array, memoryBytes: number): Verdict | null {
  const r = planLoad(kernel, memoryBytes);
  return r.ok ? null : r.verdict;
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

/** Decide where every byte of the kernel goes, or the verdict that says why it cannot be loaded. */
export function planLoad(kernel: Uint8Array, memoryBytes: number): LoadResult {
  const found = findHeader(kernel);
  if (typeof found === "string") return noHeader(found);
  const { offset, flags } = found;
  const unsupported = flags & 0xffff & ~MULTIBOOT_SUPPORTED_REQUIRED;
  if (unsupported) return noHeader(`header at ${hex(offset)} requires unsupported features (flags ${hex(flags)})`);
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const chunks: LoadChunk[] = [];
  let entry: number;

  if (flags & MULTIBOOT_AOUT_KLUDGE) {
    if (offset + 32 > kernel.length) return noHeader(`a.out kludge header at ${hex(offset)} is truncated`);
    const header_addr = dv.getUint32(offset + 12, true);
    const load_addr = dv.getUint32(offset + 16, true);
    const load_end_addr = dv.getUint32(offset + 20, true);
    const bss_end_addr = dv.getUint32(offset + 24, true);
    const entry_addr = dv.getUint32(offset + 28, true);
    if (load_addr > header_addr) return noHeader(`a.out kludge: load_addr ${hex(load_addr)} is above header_addr ${hex(header_addr)}`);
    const fileStart = offset - (header_addr - load_addr);
    if (fileStart < 0) return noHeader(`a.out kludge: header_addr - load_addr reaches before the start of the file`);
    const size = load_end_addr === 0 ? kernel.length - fileStart : load_end_addr - load_addr;
    if (size < 0 || fileStart + size > kernel.length) return noHeader(`a.out kludge: load_end_addr ${hex(load_end_addr)} is beyond the end of the file`);
    const memsz = bss_end_addr === 0 ? size : Math.max(size, bss_end_addr - load_addr);
    chunks.push({ paddr: load_addr, data: kernel.subarray(fileStart, fileStart + size), memsz });
    entry = entry_addr;
  } else {
    if (!isElf(kernel)) return noHeader(`header at ${hex(offset)} has no a.out kludge (flags bit 16) and the file is not ELF`);
    let elf;
    try {
      elf = readElf(kernel, "kernel");
    } catch (e) {
      if (isKernlabError(e)) return noHeader(`malformed ELF: ${e.message}`);
      throw e;
    }
    if (elf.machine !== 3) return noHeader(`ELF e_machine is ${elf.machine}, not EM_386 (3)`);
    entry = elf.entry;
    let translated = false;
    for (const seg of elf.segments) {
      if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
      if (seg.offset + seg.filesz > kernel.length) return noHeader(`PT_LOAD at p_offset ${hex(seg.offset)} runs past the end of the file`);
      chunks.push({ paddr: seg.paddr, data: kernel.subarray(seg.offset, seg.offset + seg.filesz), memsz: seg.memsz });
      if (!translated && elf.entry >= seg.vaddr && elf.entry < seg.vaddr + seg.memsz) {
        entry = (elf.entry - seg.vaddr + seg.paddr) >>> 0;
        translated = true;
      }
    }
    if (chunks.length === 0) return noHeader("the ELF file has no PT_LOAD segment");
  }

  let end = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    const chunkEnd = c.paddr + c.memsz;
    if (chunkEnd > memoryBytes) return { ok: false, verdict: { kind: "kernel-too-large", segment: i, end: chunkEnd, memoryBytes } };
    end = Math.max(end, chunkEnd);
  }
  return { ok: true, plan: { chunks, entry: entry >>> 0, end, headerOffset: offset, headerFlags: flags } };
}
