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
  /** What the loader accepted as QEMU does but the user should know (corrupt section headers, an odd entry). */
  warnings: string[];
}

export type LoadResult = { ok: true; plan: LoadPlan } | { ok: false; verdict: Verdict };

/** The load-time checks only: a Verdict when the kernel cannot be loaded into `memoryBytes` of RAM, else null. */
export function checkMultiboot(kernel: Uint8Array, memoryBytes: number): Verdict | null {
  const r = planLoad(kernel, memoryBytes);
  return r.ok ? null : r.verdict;
}

/** The warnings of loading `kernel` (empty when it loads cleanly or cannot be loaded at all). */
export function multibootWarnings(kernel: Uint8Array, memoryBytes: number): string[] {
  const r = planLoad(kernel, memoryBytes);
  return r.ok ? r.plan.warnings : [];
}

/**
 * The ELF header and program headers only: what QEMU's multiboot loader reads. Used when the full reader
 * refuses the file for its section headers, which loading does not need. Null when these are broken too.
 */
function programHeadersOnly(kernel: Uint8Array): { machine: number; entry: number; segments: { type: number; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number }[] } | string {
  if (kernel.length < 52) return "the ELF header is truncated";
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  if (kernel[4] !== 1 || kernel[5] !== 1) return "not a 32-bit little-endian ELF file";
  const phoff = dv.getUint32(28, true), phentsize = dv.getUint16(42, true), phnum = dv.getUint16(44, true);
  if (phentsize !== 32) return `e_phentsize is ${phentsize}, expected 32`;
  if (phoff + phnum * 32 > kernel.length) return `${phnum} program headers at e_phoff ${hex(phoff)} do not fit in the file`;
  const segments = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 32;
    segments.push({ type: dv.getUint32(o, true), offset: dv.getUint32(o + 4, true), vaddr: dv.getUint32(o + 8, true), paddr: dv.getUint32(o + 12, true), filesz: dv.getUint32(o + 16, true), memsz: dv.getUint32(o + 20, true) });
  }
  return { machine: dv.getUint16(18, true), entry: dv.getUint32(24, true), segments };
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
  const warnings: string[] = [];
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
    if (load_end_addr !== 0 && load_end_addr < load_addr) return noHeader(`a.out kludge: load_end_addr ${hex(load_end_addr)} is below load_addr ${hex(load_addr)}`);
    const size = load_end_addr === 0 ? kernel.length - fileStart : load_end_addr - load_addr;
    if (size < 0 || fileStart + size > kernel.length) return noHeader(`a.out kludge: load_end_addr ${hex(load_end_addr)} is beyond the end of the file`);
    if (bss_end_addr !== 0 && bss_end_addr < load_addr + size) return noHeader(`a.out kludge: bss_end_addr ${hex(bss_end_addr)} is below the end of the loaded image ${hex(load_addr + size)}`);
    const memsz = bss_end_addr === 0 ? size : Math.max(size, bss_end_addr - load_addr);
    chunks.push({ paddr: load_addr, data: kernel.subarray(fileStart, fileStart + size), memsz });
    entry = entry_addr;
  } else {
    if (!isElf(kernel)) return noHeader(`header at ${hex(offset)} has no a.out kludge (flags bit 16) and the file is not ELF`);
    let elf: { machine: number; entry: number; segments: { type: number; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number }[] };
    try {
      elf = readElf(kernel, "kernel");
    } catch (e) {
      if (!isKernlabError(e)) throw e;
      // QEMU loads from the program headers alone: do the same, and say what is wrong with the rest.
      const ph = programHeadersOnly(kernel);
      if (typeof ph === "string") return noHeader(`malformed ELF: ${ph} (and ${e.message})`);
      elf = ph;
      warnings.push(`the ELF file's section headers are malformed (${e.message.replace(/^kernel: /, "")}); loaded from its program headers as QEMU does (no symbols)`);
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
    if (!translated && !elf.segments.some((seg) => seg.type === PT_LOAD && entry >= seg.paddr && entry < seg.paddr + seg.memsz)) {
      warnings.push(`entry point ${hex(elf.entry)} lies outside every PT_LOAD segment (QEMU jumps there anyway)`);
    }
  }
  for (const [i, c] of chunks.entries()) {
    // Guest RAM below 1 MiB has the VGA window and BIOS area at 0xA0000-0xFFFFF: v86 maps its devices there.
    if (c.paddr < 0x100000 && c.paddr + c.memsz > 0xa0000) {
      warnings.push(`segment ${i} [${hex(c.paddr)}, ${hex(c.paddr + c.memsz)}) overlaps the VGA/BIOS area 0x000a0000-0x000fffff: v86 does not run code or keep data there as RAM (QEMU does)`);
    }
  }

  let end = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    const chunkEnd = c.paddr + c.memsz;
    if (chunkEnd > memoryBytes) return { ok: false, verdict: { kind: "kernel-too-large", segment: i, end: chunkEnd, memoryBytes } };
    end = Math.max(end, chunkEnd);
  }
  return { ok: true, plan: { chunks, entry: entry >>> 0, end, headerOffset: offset, headerFlags: flags, warnings } };
}
