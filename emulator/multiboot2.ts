/**
 * Multiboot 2 (Multiboot2 Specification 2.0, as GRUB 2's `multiboot2` command implements it): the header
 * (magic 0xE85250D6 in the first 32 KiB, 8-byte aligned, with its tags) and the boot information (the tag
 * list at EBX). This file parses headers and writes the information; loader.ts decides where things go.
 *
 * Header tags understood: 1 information request, 2 address, 3 entry address, 4 console flags, 5 framebuffer,
 * 6 module alignment, 10 relocatable (loaded at its link address); 7-9 (EFI) are accepted and ignored, as GRUB
 * for BIOS does. Another tag without the optional flag refuses the kernel ("unsupported tag"), as GRUB does.
 *
 * Information tags written, in GRUB's order: 21 load base address, 1 command line, 2 boot loader name,
 * 3 modules, 6 memory map, 9 ELF sections, 4 basic memory info, 8 framebuffer (EGA text 80x25 at 0xB8000),
 * 0 end. GRUB writes tag 9's num/entsize/shndx as u32 (the specification's text says u16; its own
 * multiboot2.h and every loader use u32), and so does kernlab.
 */
import { hex } from "../core/hex";
import { isElf } from "../toolchain/elf/read";
import { elfImage, type LoadChunk, type SectionTable } from "./elf-image";
import type { GuestMemory } from "./index";
import type { LoadPlan } from "./multiboot";
import { kludge } from "./multiboot";

export const MULTIBOOT2_HEADER_MAGIC = 0xe85250d6;
export const MULTIBOOT2_BOOTLOADER_MAGIC = 0x36d76289;
export const MULTIBOOT2_SEARCH = 32768;
const ARCH_I386 = 0;
const TAG_OPTIONAL = 1;

export const MB2_TAG = {
  END: 0, CMDLINE: 1, BOOT_LOADER_NAME: 2, MODULE: 3, BASIC_MEMINFO: 4, BOOTDEV: 5, MMAP: 6, VBE: 7,
  FRAMEBUFFER: 8, ELF_SECTIONS: 9, APM: 10, LOAD_BASE_ADDR: 21,
} as const;
/** Information tag types GRUB knows (a request for another one, not marked optional, refuses the kernel). */
const KNOWN_INFO_TAGS = 21;

/** What a Multiboot 2 header asks of the loader. */
export interface Multiboot2Request {
  /** Information tags requested (informational: GRUB gives the same tags either way). */
  requested: number[];
  /** Console flags tag: bit 0 console required, bit 1 EGA text supported (default: EGA text accepted). */
  consoleFlags: number | null;
  framebuffer: { width: number; height: number; depth: number } | null;
  moduleAlign: boolean;
}

/** The header's file offset, or null (a bad checksum or another architecture does not count, as in GRUB). */
export function findMultiboot2(kernel: Uint8Array): number | null {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const limit = Math.min(MULTIBOOT2_SEARCH, kernel.length) - 16;
  for (let off = 0; off <= limit; off += 8) {
    if (dv.getUint32(off, true) !== MULTIBOOT2_HEADER_MAGIC) continue;
    const arch = dv.getUint32(off + 4, true), length = dv.getUint32(off + 8, true), checksum = dv.getUint32(off + 12, true);
    if (((MULTIBOOT2_HEADER_MAGIC + arch + length + checksum) >>> 0) === 0 && arch === ARCH_I386) return off;
  }
  return null;
}

const TAG_NAMES: Record<number, string> = {
  1: "information request", 2: "address", 3: "entry address", 4: "console flags", 5: "framebuffer", 6: "module alignment",
  7: "EFI boot services", 8: "EFI i386 entry address", 9: "EFI amd64 entry address", 10: "relocatable",
};

/** The load plan of a Multiboot 2 kernel whose header is at `offset`, or why GRUB would refuse it. */
export function planMultiboot2(kernel: Uint8Array, offset: number): LoadPlan | string {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const where = `multiboot2 header at ${hex(offset)}`;
  const headerLength = dv.getUint32(offset + 8, true);
  const headerEnd = Math.min(kernel.length, offset + headerLength);
  const request: Multiboot2Request = { requested: [], consoleFlags: null, framebuffer: null, moduleAlign: false };
  let address: number | null = null, entry: number | null = null;
  let at = offset + 16;
  for (;;) {
    if (at + 8 > headerEnd) return `${where}: the tag list has no end tag within header_length ${headerLength}`;
    const type = dv.getUint16(at, true), flags = dv.getUint16(at + 2, true), size = dv.getUint32(at + 4, true);
    if (type === 0) break;
    if (size < 8 || at + size > headerEnd) return `${where}: tag ${type} at ${hex(at)} has size ${size}, outside the header`;
    const optional = (flags & TAG_OPTIONAL) !== 0;
    const u32 = (i: number) => dv.getUint32(at + 8 + 4 * i, true);
    const need = (n: number) => size >= 8 + 4 * n;
    switch (type) {
      case 1:
        if (optional) break;
        for (let i = 0; i < (size - 8) / 4; i++) {
          const t = u32(i);
          if (t > KNOWN_INFO_TAGS) return `${where}: unsupported information tag ${t} requested (GRUB refuses it; mark the request optional)`;
          request.requested.push(t);
        }
        break;
      case 2:
        if (!need(4)) return `${where}: address tag is truncated`;
        address = at;
        break;
      case 3:
        if (!need(1)) return `${where}: entry address tag is truncated`;
        entry = u32(0);
        break;
      case 4:
        if (!need(1)) return `${where}: console flags tag is truncated`;
        request.consoleFlags = u32(0);
        break;
      case 5:
        if (!need(3)) return `${where}: framebuffer tag is truncated`;
        request.framebuffer = { width: u32(0), height: u32(1), depth: u32(2) };
        break;
      case 6: request.moduleAlign = true; break;
      case 7: case 8: case 9: case 10: break; // EFI tags: ignored by GRUB for BIOS; relocatable: loaded at its link address
      default:
        if (!optional) return `${where}: unsupported tag ${type}${TAG_NAMES[type] ? ` (${TAG_NAMES[type]})` : ""} is not marked optional`;
    }
    at += (size + 7) & ~7;
  }
  // Console: EGA text is what kernlab has. A kernel that requires a console but accepts only a framebuffer cannot boot.
  const egaAccepted = request.consoleFlags === null || (request.consoleFlags & 2) !== 0;
  if (!egaAccepted && request.consoleFlags !== null && (request.consoleFlags & 1) && request.framebuffer === null) {
    return `${where}: console required but EGA text not supported, and no framebuffer tag (GRUB: no suitable video mode)`;
  }

  let chunks: LoadChunk[], start: number, sections: SectionTable | null = null;
  if (address !== null) {
    if (entry === null) return `${where}: load address tag without entry address tag`;
    const headerAddr = dv.getUint32(address + 8, true);
    let loadAddr = dv.getUint32(address + 12, true);
    if (loadAddr === 0xffffffff) loadAddr = (headerAddr - offset) >>> 0; // -1: the file's start is header_addr - offset
    const k = kludge(kernel, offset, { headerAddr, loadAddr, loadEndAddr: dv.getUint32(address + 16, true), bssEndAddr: dv.getUint32(address + 20, true), entryAddr: entry });
    if (typeof k === "string") return `${where}: ${k.replace("a.out kludge", "address tag")}`;
    chunks = [k.chunk];
    start = entry;
  } else {
    if (!isElf(kernel)) return `${where}: no address tag and the file is not ELF`;
    const image = elfImage(kernel);
    if (typeof image === "string") return image;
    ({ chunks, sections } = image);
    start = entry ?? image.entry;
  }
  return { protocol: 2, chunks, entry: start >>> 0, end: 0, low: 0, headerOffset: offset, headerFlags: 0, sections, mb2: request };
}

/** Everything the Multiboot 2 information holds, as loader.ts decided it. */
export interface Multiboot2Info {
  loadBase: number;
  cmdline: string;
  loaderName: string;
  modules: { start: number; end: number; cmdline: string }[];
  mmap: [number, number, number][];
  memLower: number;
  memUpper: number;
  /** Section headers with sh_addr already patched for the sections the loader placed. */
  sections: { num: number; entsize: number; shndx: number; headers: Uint8Array };
}

/** Where the tag list is written: guest RAM, or a counter that only measures it. */
type InfoSink = Pick<GuestMemory, "write" | "writeU32">;
const MEASURE: InfoSink = { write() {}, writeU32() {} };

/** The tag list's total size in bytes, without writing it. */
export function multiboot2InfoSize(info: Multiboot2Info): number {
  return writeMultiboot2Info(MEASURE, 0, info);
}

/** Write the tag list at `at` (8-byte aligned); returns its total size. */
export function writeMultiboot2Info(mem: InfoSink, at: number, info: Multiboot2Info): number {
  const enc = new TextEncoder();
  let p = at + 8;
  const tag = (type: number, body: (q: number) => number) => {
    const size = 8 + body(p + 8);
    mem.writeU32(p, type); mem.writeU32(p + 4, size);
    p += (size + 7) & ~7;
  };
  const u32s = (q: number, values: number[]) => { values.forEach((v, i) => mem.writeU32(q + 4 * i, v)); return 4 * values.length; };
  const str = (q: number, s: string) => { const b = enc.encode(s + "\0"); mem.write(q, b); return b.length; };
  tag(MB2_TAG.LOAD_BASE_ADDR, (q) => u32s(q, [info.loadBase]));
  tag(MB2_TAG.CMDLINE, (q) => str(q, info.cmdline));
  tag(MB2_TAG.BOOT_LOADER_NAME, (q) => str(q, info.loaderName));
  for (const m of info.modules) tag(MB2_TAG.MODULE, (q) => u32s(q, [m.start, m.end]) + str(q + 8, m.cmdline));
  tag(MB2_TAG.MMAP, (q) => {
    u32s(q, [24, 0]); // entry_size, entry_version
    info.mmap.forEach(([base, length, type], i) => u32s(q + 8 + 24 * i, [base, 0, length, 0, type, 0]));
    return 8 + 24 * info.mmap.length;
  });
  tag(MB2_TAG.ELF_SECTIONS, (q) => {
    u32s(q, [info.sections.num, info.sections.entsize, info.sections.shndx]);
    mem.write(q + 12, info.sections.headers);
    return 12 + info.sections.headers.length;
  });
  tag(MB2_TAG.BASIC_MEMINFO, (q) => u32s(q, [info.memLower, info.memUpper]));
  tag(MB2_TAG.FRAMEBUFFER, (q) => {
    u32s(q, [0xb8000, 0, 160, 80, 25]); // address (u64), pitch, width, height
    mem.write(q + 20, Uint8Array.of(16, 2, 0, 0)); // bpp 16, type 2 (EGA text), reserved u16
    return 24;
  });
  tag(MB2_TAG.END, () => 0);
  mem.writeU32(at, p - at);
  mem.writeU32(at + 4, 0);
  return p - at;
}
