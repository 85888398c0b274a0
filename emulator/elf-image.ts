/**
 * An ELF32 kernel as a boot loader sees it: the PT_LOAD segments by p_paddr (the chunks to copy), the entry
 * point translated from e_entry through the segment that holds it, and the section headers that GRUB hands to
 * the kernel (flag bit 5 of the Multiboot info, tag 9 of Multiboot 2) together with the unallocated sections
 * (.symtab, .strtab, ...) that GRUB copies into memory for it. Shared by multiboot.ts and multiboot2.ts; it
 * decides nothing about headers or where the boot information goes.
 */
import { isKernlabError } from "../core/diagnostics";
import { hex } from "../core/hex";
import { readElf } from "../toolchain/elf/read";

const PT_LOAD = 1;
const SHF_ALLOC = 0x2;
export const ET_REL = 1;

/** One contiguous piece of the kernel in guest physical memory: `data` then zeros up to `memsz`. */
export interface LoadChunk { paddr: number; data: Uint8Array; memsz: number }

/** The section header table as GRUB passes it, and the unallocated sections it loads for the kernel. */
export interface SectionTable {
  num: number;
  entsize: number;
  shndx: number;
  /** A copy of the raw section headers (num * entsize bytes); the loader patches sh_addr of `loads`. */
  headers: Uint8Array;
  /** Sections with sh_addr 0 and a size (GRUB loads them anywhere, aligned to sh_addralign, and sets sh_addr). */
  loads: { index: number; data: Uint8Array; align: number }[];
}

export interface ElfImage { chunks: LoadChunk[]; entry: number; sections: SectionTable | null; warnings: string[] }

type Segment = { type: number; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number };

/**
 * The ELF header and program headers only: what QEMU's multiboot loader reads. Used when the full reader
 * refuses the file for a reason a loader does not care about (corrupt section headers).
 */
function programHeadersOnly(kernel: Uint8Array): { type: number; machine: number; entry: number; segments: Segment[] } | string {
  if (kernel.length < 52) return "the ELF header is truncated";
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  if (kernel[4] !== 1 || kernel[5] !== 1) return "not a 32-bit little-endian ELF file";
  const phoff = dv.getUint32(28, true), phentsize = dv.getUint16(42, true), phnum = dv.getUint16(44, true);
  if (phentsize !== 32) return `e_phentsize is ${phentsize}, expected 32`;
  if (phoff + phnum * 32 > kernel.length) return `${phnum} program headers at e_phoff ${hex(phoff)} do not fit in the file`;
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 32;
    segments.push({ type: dv.getUint32(o, true), offset: dv.getUint32(o + 4, true), vaddr: dv.getUint32(o + 8, true), paddr: dv.getUint32(o + 12, true), filesz: dv.getUint32(o + 16, true), memsz: dv.getUint32(o + 20, true) });
  }
  return { type: dv.getUint16(16, true), machine: dv.getUint16(18, true), entry: dv.getUint32(24, true), segments };
}

/** The chunks, entry and section table of an ELF32 i386 kernel, or the reason it cannot be loaded. */
export function elfImage(kernel: Uint8Array): ElfImage | string {
  const warnings: string[] = [];
  let elf: { type: number; machine: number; entry: number; segments: Segment[]; sections: Parameters<typeof sectionTable>[1] | null };
  try {
    elf = readElf(kernel, "kernel");
  } catch (e) {
    if (!isKernlabError(e)) throw e;
    // QEMU loads from the program headers alone: do the same, and say what is wrong with the rest.
    const ph = programHeadersOnly(kernel);
    if (typeof ph === "string") return `malformed ELF: ${ph} (and ${e.message})`;
    elf = { ...ph, sections: null };
    warnings.push(`the ELF file's section headers are malformed (${e.message.replace(/^kernel: /, "")}); loaded from its program headers as QEMU does (no symbols)`);
  }
  if (elf.type === ET_REL) return "this is a relocatable object (ET_REL): link it first";
  if (elf.machine !== 3) return `ELF e_machine is ${elf.machine}, not EM_386 (3)`;
  const chunks: LoadChunk[] = [];
  let entry = elf.entry, translated = false;
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
    if (seg.offset + seg.filesz > kernel.length) return `PT_LOAD at p_offset ${hex(seg.offset)} runs past the end of the file`;
    chunks.push({ paddr: seg.paddr, data: kernel.subarray(seg.offset, seg.offset + seg.filesz), memsz: seg.memsz });
    if (!translated && elf.entry >= seg.vaddr && elf.entry < seg.vaddr + seg.memsz) {
      entry = (elf.entry - seg.vaddr + seg.paddr) >>> 0;
      translated = true;
    }
  }
  if (chunks.length === 0) return "the ELF file has no PT_LOAD segment";
  if (!translated && !elf.segments.some((seg) => seg.type === PT_LOAD && entry >= seg.paddr && entry < seg.paddr + seg.memsz)) {
    warnings.push(`entry point ${hex(elf.entry)} lies outside every PT_LOAD segment (QEMU jumps there anyway)`);
  }
  return { chunks, entry: entry >>> 0, sections: elf.sections ? sectionTable(kernel, elf.sections) : null, warnings };
}

function sectionTable(kernel: Uint8Array, sections: { index: number; flags: number; addr: number; offset: number; size: number; type: number; addralign: number }[]): SectionTable | null {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const shoff = dv.getUint32(32, true), entsize = dv.getUint16(46, true), shstrndx = dv.getUint16(50, true);
  const num = sections.length;
  if (shoff === 0 || num === 0 || shoff + num * entsize > kernel.length) return null;
  const headers = kernel.slice(shoff, shoff + num * entsize);
  const loads: SectionTable["loads"] = [];
  for (const s of sections) {
    if (s.flags & SHF_ALLOC || s.addr !== 0 || s.size === 0) continue;
    if (s.type === 8 /* SHT_NOBITS */ || s.offset + s.size > kernel.length) continue;
    loads.push({ index: s.index, data: kernel.subarray(s.offset, s.offset + s.size), align: Math.max(1, s.addralign) });
  }
  return { num, entsize, shndx: shstrndx, headers, loads };
}
