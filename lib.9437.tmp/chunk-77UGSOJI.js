import {
  Decoder,
  Formatter,
  FormatterSyntax,
  InstructionInfoFactory,
  MemorySizeExt,
  OpAccess,
  PT_LOAD,
  Register,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_WRITE,
  SHT_NOBITS,
  isElf,
  readElf,
  sameBytes,
  symbolByName
} from "./chunk-ROIHUBHY.js";
import {
  KernlabError,
  diagnostic,
  hex,
  isKernlabError
} from "./chunk-SL2PM32D.js";

// emulator/mmu.ts
var PTE_P = 1;
var PTE_W = 2;
var PTE_U = 4;
var PDE_PS = 128;
var PDX = (va) => va >>> 22 & 1023;
var PTX = (va) => va >>> 12 & 1023;
var PageFaultError = class extends Error {
  constructor(vaddr, cr3) {
    super(`page fault: virtual address ${hex(vaddr)} is not mapped (CR3 ${hex(cr3)})`);
    this.vaddr = vaddr;
    this.cr3 = cr3;
    this.name = "PageFaultError";
  }
  vaddr;
  cr3;
};
function readEntry(mem, addr) {
  return addr + 4 <= mem.size ? mem.u32(addr) : null;
}
function translate(mem, cr3, v) {
  v >>>= 0;
  const pde = readEntry(mem, ((cr3 & ~4095) >>> 0) + PDX(v) * 4);
  if (pde === null || !(pde & PTE_P)) return null;
  if (pde & PDE_PS) return ((pde & 4290772992) >>> 0) + (v & 4194303) >>> 0;
  const pte = readEntry(mem, ((pde & ~4095) >>> 0) + PTX(v) * 4);
  if (pte === null || !(pte & PTE_P)) return null;
  return ((pte & ~4095) >>> 0) + (v & 4095) >>> 0;
}
function virtualMemory(mem, cr3) {
  const phys = (v) => {
    const p = translate(mem, cr3, v);
    if (p === null || p >= mem.size) throw new PageFaultError(v >>> 0, cr3);
    return p;
  };
  const bytes = (v, length) => {
    const out = new Uint8Array(length);
    let i = 0;
    while (i < length) {
      const va = v + i >>> 0;
      const inPage = Math.min(length - i, 4096 - (va & 4095));
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
      if ((v & 4095) <= 4092) return mem.u32(phys(v));
      const b = bytes(v, 4);
      return (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0;
    },
    bytes,
    translate: (v) => translate(mem, cr3, v)
  };
}
function walkPageTables(memory, cr3) {
  const out = [];
  const push = (m) => {
    const last = out[out.length - 1];
    if (last && !last.problem && !m.problem && last.vaddr + last.size === m.vaddr && last.paddr + last.size === m.paddr && last.writable === m.writable && last.user === m.user && last.large === m.large) {
      last.size += m.size;
    } else {
      out.push(m);
    }
  };
  const pd = (cr3 & ~4095) >>> 0;
  if (pd + 4096 > memory.size) {
    return [{ vaddr: 0, paddr: pd, size: 0, present: false, writable: false, user: false, large: false, problem: `page directory at ${hex(pd)} is outside RAM (${hex(memory.size)} bytes)` }];
  }
  for (let i = 0; i < 1024; i++) {
    const pde = memory.u32(pd + i * 4);
    if (!(pde & PTE_P)) continue;
    const vbase = i << 22 >>> 0;
    if (pde & PDE_PS) {
      const paddr = (pde & 4290772992) >>> 0;
      const m = { vaddr: vbase, paddr, size: 4194304, present: true, writable: !!(pde & PTE_W), user: !!(pde & PTE_U), large: true };
      if (paddr + 4194304 > memory.size) m.problem = `4 MiB page frame ${hex(paddr)} is outside RAM`;
      push(m);
      continue;
    }
    const pt = (pde & ~4095) >>> 0;
    if (pt + 4096 > memory.size) {
      push({
        vaddr: vbase,
        paddr: pt,
        size: 4194304,
        present: true,
        writable: !!(pde & PTE_W),
        user: !!(pde & PTE_U),
        large: false,
        problem: `PDE ${i} points to a page table at ${hex(pt)}, outside RAM`
      });
      continue;
    }
    const table = memory.bytes(pt, 4096);
    const words = new Uint32Array(table.buffer, table.byteOffset, 1024);
    const pdeW = !!(pde & PTE_W), pdeU = !!(pde & PTE_U), ramSize = memory.size;
    for (let j = 0; j < 1024; j++) {
      const pte = words[j];
      if (!(pte & PTE_P)) continue;
      const paddr = (pte & ~4095) >>> 0;
      const vaddr = vbase + (j << 12) >>> 0;
      const writable = pdeW && !!(pte & PTE_W), user = pdeU && !!(pte & PTE_U);
      const inRam2 = paddr + 4096 <= ramSize;
      const last = out[out.length - 1];
      if (inRam2 && last && !last.problem && !last.large && last.vaddr + last.size === vaddr && last.paddr + last.size === paddr && last.writable === writable && last.user === user) {
        last.size += 4096;
        continue;
      }
      const m = { vaddr, paddr, size: 4096, present: true, writable, user, large: false };
      if (!inRam2) m.problem = `page frame ${hex(paddr)} is outside RAM`;
      out.push(m);
    }
  }
  return out;
}

// emulator/elf-image.ts
var PT_LOAD2 = 1;
var SHF_ALLOC2 = 2;
var ET_REL = 1;
function programHeadersOnly(kernel) {
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
  return { type: dv.getUint16(16, true), machine: dv.getUint16(18, true), entry: dv.getUint32(24, true), segments };
}
function elfImage(kernel) {
  const warnings = [];
  let elf;
  try {
    elf = readElf(kernel, "kernel");
  } catch (e) {
    if (!isKernlabError(e)) throw e;
    const ph = programHeadersOnly(kernel);
    if (typeof ph === "string") return `malformed ELF: ${ph} (and ${e.message})`;
    elf = { ...ph, sections: null };
    warnings.push(`the ELF file's section headers are malformed (${e.message.replace(/^kernel: /, "")}); loaded from its program headers as QEMU does (no symbols)`);
  }
  if (elf.type === ET_REL) return "this is a relocatable object (ET_REL): link it first";
  if (elf.machine !== 3) return `ELF e_machine is ${elf.machine}, not EM_386 (3)`;
  const chunks = [];
  let entry = elf.entry, translated = false;
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD2 || seg.memsz === 0) continue;
    if (seg.offset + seg.filesz > kernel.length) return `PT_LOAD at p_offset ${hex(seg.offset)} runs past the end of the file`;
    chunks.push({ paddr: seg.paddr, data: kernel.subarray(seg.offset, seg.offset + seg.filesz), memsz: seg.memsz });
    if (!translated && elf.entry >= seg.vaddr && elf.entry < seg.vaddr + seg.memsz) {
      entry = elf.entry - seg.vaddr + seg.paddr >>> 0;
      translated = true;
    }
  }
  if (chunks.length === 0) return "the ELF file has no PT_LOAD segment";
  if (!translated && !elf.segments.some((seg) => seg.type === PT_LOAD2 && entry >= seg.paddr && entry < seg.paddr + seg.memsz)) {
    warnings.push(`entry point ${hex(elf.entry)} lies outside every PT_LOAD segment (QEMU jumps there anyway)`);
  }
  return { chunks, entry: entry >>> 0, sections: elf.sections ? sectionTable(kernel, elf.sections) : null, warnings };
}
function sectionTable(kernel, sections) {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const shoff = dv.getUint32(32, true), entsize = dv.getUint16(46, true), shstrndx = dv.getUint16(50, true);
  const num = sections.length;
  if (shoff === 0 || num === 0 || shoff + num * entsize > kernel.length) return null;
  const headers = kernel.slice(shoff, shoff + num * entsize);
  const loads = [];
  for (const s of sections) {
    if (s.flags & SHF_ALLOC2 || s.addr !== 0 || s.size === 0) continue;
    if (s.type === 8 || s.offset + s.size > kernel.length) continue;
    loads.push({ index: s.index, data: kernel.subarray(s.offset, s.offset + s.size), align: Math.max(1, s.addralign) });
  }
  return { num, entsize, shndx: shstrndx, headers, loads };
}

// emulator/multiboot2.ts
var MULTIBOOT2_HEADER_MAGIC = 3897708758;
var MULTIBOOT2_BOOTLOADER_MAGIC = 920085129;
var MULTIBOOT2_SEARCH = 32768;
var ARCH_I386 = 0;
var TAG_OPTIONAL = 1;
var MB2_TAG = {
  END: 0,
  CMDLINE: 1,
  BOOT_LOADER_NAME: 2,
  MODULE: 3,
  BASIC_MEMINFO: 4,
  BOOTDEV: 5,
  MMAP: 6,
  VBE: 7,
  FRAMEBUFFER: 8,
  ELF_SECTIONS: 9,
  APM: 10,
  LOAD_BASE_ADDR: 21
};
var KNOWN_INFO_TAGS = 21;
function findMultiboot2(kernel) {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const limit = Math.min(MULTIBOOT2_SEARCH, kernel.length) - 16;
  for (let off = 0; off <= limit; off += 8) {
    if (dv.getUint32(off, true) !== MULTIBOOT2_HEADER_MAGIC) continue;
    const arch = dv.getUint32(off + 4, true), length = dv.getUint32(off + 8, true), checksum = dv.getUint32(off + 12, true);
    if (MULTIBOOT2_HEADER_MAGIC + arch + length + checksum >>> 0 === 0 && arch === ARCH_I386) return off;
  }
  return null;
}
var TAG_NAMES = {
  1: "information request",
  2: "address",
  3: "entry address",
  4: "console flags",
  5: "framebuffer",
  6: "module alignment",
  7: "EFI boot services",
  8: "EFI i386 entry address",
  9: "EFI amd64 entry address",
  10: "relocatable"
};
function planMultiboot2(kernel, offset) {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const where = `multiboot2 header at ${hex(offset)}`;
  const headerLength = dv.getUint32(offset + 8, true);
  const headerEnd = Math.min(kernel.length, offset + headerLength);
  const request = { requested: [], consoleFlags: null, framebuffer: null, moduleAlign: false };
  let address = null, entry = null;
  let at = offset + 16;
  for (; ; ) {
    if (at + 8 > headerEnd) return `${where}: the tag list has no end tag within header_length ${headerLength}`;
    const type = dv.getUint16(at, true), flags = dv.getUint16(at + 2, true), size = dv.getUint32(at + 4, true);
    if (type === 0) break;
    if (size < 8 || at + size > headerEnd) return `${where}: tag ${type} at ${hex(at)} has size ${size}, outside the header`;
    const optional = (flags & TAG_OPTIONAL) !== 0;
    const u32 = (i) => dv.getUint32(at + 8 + 4 * i, true);
    const need = (n) => size >= 8 + 4 * n;
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
      case 6:
        request.moduleAlign = true;
        break;
      case 7:
      case 8:
      case 9:
      case 10:
        break;
      // EFI tags: ignored by GRUB for BIOS; relocatable: loaded at its link address
      default:
        if (!optional) return `${where}: unsupported tag ${type}${TAG_NAMES[type] ? ` (${TAG_NAMES[type]})` : ""} is not marked optional`;
    }
    at += size + 7 & ~7;
  }
  const egaAccepted = request.consoleFlags === null || (request.consoleFlags & 2) !== 0;
  if (!egaAccepted && request.consoleFlags !== null && request.consoleFlags & 1 && request.framebuffer === null) {
    return `${where}: console required but EGA text not supported, and no framebuffer tag (GRUB: no suitable video mode)`;
  }
  let chunks, start, sections = null, warnings = [];
  if (address !== null) {
    if (entry === null) return `${where}: load address tag without entry address tag`;
    const headerAddr = dv.getUint32(address + 8, true);
    let loadAddr = dv.getUint32(address + 12, true);
    if (loadAddr === 4294967295) loadAddr = headerAddr - offset >>> 0;
    const k = kludge(kernel, offset, { headerAddr, loadAddr, loadEndAddr: dv.getUint32(address + 16, true), bssEndAddr: dv.getUint32(address + 20, true), entryAddr: entry });
    if (typeof k === "string") return `${where}: ${k.replace("a.out kludge", "address tag")}`;
    chunks = [k.chunk];
    start = entry;
  } else {
    if (!isElf(kernel)) return `${where}: no address tag and the file is not ELF`;
    const image = elfImage(kernel);
    if (typeof image === "string") return image;
    ({ chunks, sections, warnings } = image);
    start = entry ?? image.entry;
  }
  return { protocol: 2, chunks, entry: start >>> 0, end: 0, low: 0, headerOffset: offset, headerFlags: 0, sections, mb2: request, warnings };
}
var MEASURE = { write() {
}, writeU32() {
} };
function multiboot2InfoSize(info) {
  return writeMultiboot2Info(MEASURE, 0, info);
}
function writeMultiboot2Info(mem, at, info) {
  const enc = new TextEncoder();
  let p = at + 8;
  const tag = (type, body) => {
    const size = 8 + body(p + 8);
    mem.writeU32(p, type);
    mem.writeU32(p + 4, size);
    p += size + 7 & ~7;
  };
  const u32s = (q, values) => {
    values.forEach((v, i) => mem.writeU32(q + 4 * i, v));
    return 4 * values.length;
  };
  const str = (q, s) => {
    const b = enc.encode(s + "\0");
    mem.write(q, b);
    return b.length;
  };
  tag(MB2_TAG.LOAD_BASE_ADDR, (q) => u32s(q, [info.loadBase]));
  tag(MB2_TAG.CMDLINE, (q) => str(q, info.cmdline));
  tag(MB2_TAG.BOOT_LOADER_NAME, (q) => str(q, info.loaderName));
  for (const m of info.modules) tag(MB2_TAG.MODULE, (q) => u32s(q, [m.start, m.end]) + str(q + 8, m.cmdline));
  tag(MB2_TAG.MMAP, (q) => {
    u32s(q, [24, 0]);
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
    u32s(q, [753664, 0, 160, 80, 25]);
    mem.write(q + 20, Uint8Array.of(16, 2, 0, 0));
    return 24;
  });
  tag(MB2_TAG.END, () => 0);
  mem.writeU32(at, p - at);
  mem.writeU32(at + 4, 0);
  return p - at;
}

// emulator/multiboot.ts
var MULTIBOOT_HEADER_MAGIC = 464367618;
var MULTIBOOT_BOOTLOADER_MAGIC = 732803074;
var MULTIBOOT_SEARCH = 8192;
var MULTIBOOT_SUPPORTED_REQUIRED = 7;
var MULTIBOOT_AOUT_KLUDGE = 65536;
function checkMultiboot(kernel, memoryBytes, loader = "qemu") {
  const r = planLoad(kernel, memoryBytes, loader);
  return r.ok ? null : r.verdict;
}
function noHeader(reason) {
  return { ok: false, verdict: { kind: "no-multiboot-header", reason } };
}
function findHeader(kernel) {
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const limit = Math.min(MULTIBOOT_SEARCH, kernel.length) - 12;
  let badChecksumAt = -1;
  for (let off = 0; off <= limit; off += 4) {
    if (dv.getUint32(off, true) !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = dv.getUint32(off + 4, true);
    const checksum = dv.getUint32(off + 8, true);
    if (MULTIBOOT_HEADER_MAGIC + flags + checksum >>> 0 !== 0) {
      if (badChecksumAt < 0) badChecksumAt = off;
      continue;
    }
    return { offset: off, flags };
  }
  if (badChecksumAt >= 0) return `magic ${hex(MULTIBOOT_HEADER_MAGIC)} at file offset ${hex(badChecksumAt)} has a bad checksum (magic + flags + checksum must be 0 mod 2^32)`;
  if (kernel.length === 0) return "the file is empty";
  return `magic ${hex(MULTIBOOT_HEADER_MAGIC)} not found 4-byte aligned in the first ${Math.min(MULTIBOOT_SEARCH, kernel.length)} bytes`;
}
function isRelocatableObject(kernel) {
  return isElf(kernel) && kernel.length >= 18 && (kernel[16] | kernel[17] << 8) === 1;
}
function planLoad(kernel, memoryBytes, loader = "qemu") {
  if (isRelocatableObject(kernel)) {
    return { ok: false, verdict: { kind: "not-a-kernel", reason: "this is a relocatable object (ET_REL): link it first (kernlab ld -T linker.ld file.o -o kernel.elf)" } };
  }
  const found = findHeader(kernel);
  if (typeof found === "string") {
    const mb2 = findMultiboot2(kernel);
    if (mb2 === null) return noHeader(found);
    const planned = planMultiboot2(kernel, mb2);
    if (typeof planned === "string") return noHeader(planned);
    return fitsIn(planned, memoryBytes);
  }
  const { offset, flags } = found;
  const unsupported = flags & 65535 & ~MULTIBOOT_SUPPORTED_REQUIRED;
  if (unsupported && loader === "grub") return noHeader(`header at ${hex(offset)} requires unsupported features (flags ${hex(flags)}; GRUB refuses bits 3-15)`);
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  let chunks;
  let entry;
  let sections = null;
  let warnings = [];
  if (flags & MULTIBOOT_AOUT_KLUDGE) {
    if (offset + 32 > kernel.length) return noHeader(`a.out kludge header at ${hex(offset)} is truncated`);
    const f = (i) => dv.getUint32(offset + 12 + 4 * i, true);
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
  return fitsIn({ protocol: 1, chunks, entry: entry >>> 0, end: 0, low: 0, headerOffset: offset, headerFlags: flags, sections, warnings }, memoryBytes);
}
function kludge(kernel, offset, a) {
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
function fitsIn(plan, memoryBytes) {
  let end = 0, low = Number.POSITIVE_INFINITY;
  const warnings = [...plan.warnings];
  for (let i = 0; i < plan.chunks.length; i++) {
    const c2 = plan.chunks[i];
    if (c2.paddr < 1048576 && c2.paddr + c2.memsz > 655360) {
      warnings.push(`segment ${i} [${hex(c2.paddr)}, ${hex(c2.paddr + c2.memsz)}) overlaps the VGA/BIOS area 0x000a0000-0x000fffff: v86 does not run code or keep data there as RAM (QEMU does)`);
    }
    const chunkEnd = c2.paddr + c2.memsz;
    if (chunkEnd > memoryBytes) return { ok: false, verdict: { kind: "kernel-too-large", segment: i, end: chunkEnd, memoryBytes } };
    end = Math.max(end, chunkEnd);
    low = Math.min(low, c2.paddr);
  }
  return { ok: true, plan: { ...plan, end, low, warnings } };
}

// emulator/symbols.ts
var STT_NOTYPE = 0;
var STT_OBJECT = 1;
var STT_FUNC = 2;
var SHN_UNDEF = 0;
var SHN_ABS = 65521;
function symbolTable(elf) {
  const entries = [];
  const byName = /* @__PURE__ */ new Map();
  if (isElf(elf)) {
    try {
      for (const s of readElf(elf, "kernel").symbols) {
        if (!s.name || s.shndx === SHN_UNDEF) continue;
        if (s.type !== STT_NOTYPE && s.type !== STT_OBJECT && s.type !== STT_FUNC) continue;
        if (!byName.has(s.name) || s.bind !== 0) byName.set(s.name, s.value >>> 0);
        if (s.shndx !== SHN_ABS && !s.name.startsWith("..@")) entries.push({ name: s.name, value: s.value >>> 0, size: s.size });
      }
    } catch {
    }
  }
  entries.sort((a, b) => a.value - b.value || b.size - a.size);
  const lookup = (addr) => {
    addr >>>= 0;
    let lo = 0, hi = entries.length - 1, best = -1;
    while (lo <= hi) {
      const mid = lo + hi >> 1;
      if (entries[mid].value <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return null;
    let i = best;
    while (i > 0 && entries[i - 1].value === entries[best].value) i--;
    const e = entries[i];
    if (e.size > 0 && addr >= e.value + e.size) {
      return null;
    }
    return { name: e.name, offset: addr - e.value };
  };
  return {
    lookup,
    format(addr) {
      const s = lookup(addr);
      if (!s) return hex(addr);
      return s.offset === 0 ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
    },
    address: (name) => byName.get(name) ?? null
  };
}

// emulator/verdict.ts
function describeVerdict(v) {
  switch (v.kind) {
    case "exited":
      return `exited with code ${v.code}`;
    case "timeout": {
      const tail = lastLine(v.serialTail);
      return `timeout after ${v.limit} at eip ${hex(v.eip)}` + (tail ? `; last serial line: ${JSON.stringify(tail)}` : "; no serial output");
    }
    case "triple-fault": {
      if (v.chain && v.chain.length > 0) {
        const first = v.chain[0];
        const steps = v.chain.map((e) => {
          const facts = [...e.errorCode !== null && e.errorCode !== 0 ? [`error ${hex(e.errorCode, 4)}`] : [], ...e.cr2 !== null ? [`cr2 ${hex(e.cr2)}`] : []];
          return e.name + (facts.length ? ` (${facts.join(", ")})` : "");
        });
        return `triple fault at eip ${hex(first.eip)}: ${steps.join(" -> ")} -> triple fault`;
      }
      return `triple fault at eip ${hex(v.eip)}` + (v.detail ? ` (${v.detail})` : "");
    }
    case "halted":
      return `halted at eip ${hex(v.eip)} with interrupts disabled (cli; hlt): nothing can wake it`;
    case "no-multiboot-header":
      return `cannot load: no multiboot header: ${v.reason}`;
    case "not-a-kernel":
      return `cannot load: ${v.reason}`;
    case "kernel-too-large":
      return v.end > 4294967295 ? `cannot load: segment ${v.segment} ends past 4 GiB (its address plus size is 0x${v.end.toString(16)}: it wraps around the address space)` : `cannot load: kernel too large: segment ${v.segment} ends at ${hex(v.end)}, beyond guest RAM of ${hex(v.memoryBytes)} bytes`;
    case "expect-timeout": {
      const tail = lastLine(v.serialTail);
      return `expected text never appeared: ${JSON.stringify(v.text)} (waited ${(v.waitedMs / 1e3).toFixed(1)} s, eip ${hex(v.eip)})` + (tail ? `; last serial line: ${JSON.stringify(tail)}` : "; no serial output");
    }
    case "emulator-error":
      return `emulator error at eip ${hex(v.eip)}: v86 aborted (${v.message}); this is not a guest verdict (the guest may run under QEMU)`;
    case "stopped":
      return "stopped by the host";
  }
}
function isEmulatorAbort(message) {
  return /^(memory access out of bounds|unreachable|(integer )?divide by zero|integer overflow|table index is out of bounds|null function|indirect call|call stack exhausted|Maximum call stack size exceeded|RuntimeError|.*is not a function|Cannot read propert)/i.test(message.trim());
}
function lastLine(s) {
  const lines = s.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.length > 0);
  const last = lines[lines.length - 1] ?? "";
  return last.length > 120 ? last.slice(0, 117) + "..." : last;
}

// core/deflate.ts
async function pipe(stream, bytes, maxLength) {
  const writer = stream.writable.getWriter();
  const done = writer.write(bytes).then(() => writer.close());
  done.catch(() => {
  });
  const reader = stream.readable.getReader();
  const chunks = [];
  let total = 0;
  for (; ; ) {
    const { value, done: end } = await reader.read();
    if (end) break;
    total += value.length;
    if (total > maxLength) {
      await reader.cancel().catch(() => {
      });
      throw new RangeError(`inflated data exceeds ${maxLength} bytes`);
    }
    chunks.push(value);
  }
  await done;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c2 of chunks) {
    out.set(c2, at);
    at += c2.length;
  }
  return out;
}
function deflateRaw(bytes) {
  return pipe(new CompressionStream("deflate-raw"), bytes, Number.MAX_SAFE_INTEGER);
}
function inflateRaw(bytes, maxLength) {
  return pipe(new DecompressionStream("deflate-raw"), bytes, maxLength);
}

// replay/format.ts
var KLREC_MAGIC = new Uint8Array([75, 76, 82, 69, 67, 13, 10, 26]);
var KLREC_VERSION = 1;
var KIND_HEADER = 1;
var KIND_KERNEL = 2;
var KIND_MODULE = 3;
var KIND_INPUTS = 4;
var KIND_EVENTS = 5;
var KIND_SNAPSHOT = 6;
var KIND_END = 255;
var MAX_SNAPSHOT_BYTES = 2 ** 31 + 2 ** 24;
function fail(code, text, offset, file = "<klrec>") {
  throw new KernlabError(diagnostic(code, offset === null ? text : `${text} (at byte offset ${offset})`, { file, line: 0, column: 0 }));
}
var crcTable = null;
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c3 = n;
      for (let k = 0; k < 8; k++) c3 = c3 & 1 ? 3988292384 ^ c3 >>> 1 : c3 >>> 1;
      crcTable[n] = c3 >>> 0;
    }
  }
  let c2 = 4294967295;
  for (let i = 0; i < bytes.length; i++) c2 = crcTable[(c2 ^ bytes[i]) & 255] ^ c2 >>> 8;
  return (c2 ^ 4294967295) >>> 0;
}
var Writer = class {
  chunks = [];
  length = 0;
  bytes(b) {
    this.chunks.push(b);
    this.length += b.length;
  }
  u8(v) {
    this.bytes(Uint8Array.of(v));
  }
  u16(v) {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.bytes(b);
  }
  u32(v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.bytes(b);
  }
  f64(v) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.bytes(b);
  }
  str(s) {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    this.bytes(b);
  }
  section(kind, payload) {
    this.u8(kind);
    this.u32(payload.length);
    this.bytes(payload);
  }
  finish() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c2 of this.chunks) {
      out.set(c2, at);
      at += c2.length;
    }
    return out;
  }
};
var json = (v) => new TextEncoder().encode(JSON.stringify(v));
function encodeKlrec(f) {
  const w = new Writer();
  w.bytes(KLREC_MAGIC);
  w.u16(KLREC_VERSION);
  w.u16(0);
  w.section(KIND_HEADER, json(f.header));
  w.section(KIND_KERNEL, f.kernel);
  for (const m of f.modules) w.section(KIND_MODULE, m);
  w.section(KIND_INPUTS, json(f.inputs));
  w.section(KIND_EVENTS, json(f.events));
  for (const s of f.snapshots) {
    const p = new Writer();
    p.f64(s.at);
    p.u32(s.rawLength);
    p.bytes(s.compressed);
    w.section(KIND_SNAPSHOT, p.finish());
  }
  const body = w.finish();
  const crc = new Uint8Array(4);
  new DataView(crc.buffer).setUint32(0, crc32(body), true);
  const out = new Uint8Array(body.length + 9);
  out.set(body);
  out[body.length] = KIND_END;
  new DataView(out.buffer).setUint32(body.length + 1, 4, true);
  out.set(crc, body.length + 5);
  return out;
}
function readKlrec(bytes, file = "<klrec>") {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || !KLREC_MAGIC.every((b, i) => bytes[i] === b)) fail("klrec-not-a-recording", "not a kernlab recording (.klrec): the magic bytes are missing", 0, file);
  const version = dv.getUint16(8, true);
  if (version !== KLREC_VERSION) fail("klrec-version", `unsupported .klrec version ${version} (this kernlab reads version ${KLREC_VERSION})`, 8, file);
  const tail = bytes.length - 9;
  if (tail < 12 || bytes[tail] !== KIND_END || dv.getUint32(tail + 1, true) !== 4) fail("klrec-truncated", "the recording is truncated (or has bytes appended): its end marker is missing", bytes.length, file);
  if (crc32(bytes.subarray(0, tail)) !== dv.getUint32(tail + 5, true)) fail("klrec-checksum", "the recording is damaged: its CRC-32 does not match its contents", tail + 5, file);
  let at = 12;
  let header = null;
  let kernel = null;
  const modules = [];
  let inputs = null;
  let events = null;
  const snapshots = [];
  while (at < tail) {
    if (at + 5 > tail) fail("klrec-corrupt", "a section header runs into the end marker", at, file);
    const kind = bytes[at];
    const length = dv.getUint32(at + 1, true);
    const start = at + 5;
    if (start + length > tail) fail("klrec-corrupt", `a section of ${length} bytes runs past the end marker`, at, file);
    const payload = bytes.subarray(start, start + length);
    switch (kind) {
      case KIND_HEADER:
        header = parseJson(payload, at, file, checkHeader);
        break;
      case KIND_KERNEL:
        kernel = payload;
        break;
      case KIND_MODULE:
        modules.push(payload);
        break;
      case KIND_INPUTS:
        inputs = parseJson(payload, at, file, checkInputs);
        break;
      case KIND_EVENTS:
        events = parseJson(payload, at, file, checkEvents);
        break;
      case KIND_SNAPSHOT: {
        if (length < 12) fail("klrec-corrupt", "a snapshot section is too short", at, file);
        const sat = dv.getFloat64(start, true);
        if (!Number.isSafeInteger(sat) || sat < 0 || snapshots.length > 0 && sat <= snapshots[snapshots.length - 1].at) fail("klrec-corrupt", `snapshot count ${sat} is out of order`, at, file);
        snapshots.push({ at: sat, rawLength: dv.getUint32(start + 8, true), compressed: payload.subarray(12) });
        break;
      }
      default:
        fail("klrec-corrupt", `unknown section kind ${kind}`, at, file);
    }
    at = start + length;
  }
  if (!header) fail("klrec-corrupt", "the header section is missing", null, file);
  if (!kernel) fail("klrec-corrupt", "the kernel section is missing", null, file);
  if (modules.length !== header.modules.length) fail("klrec-corrupt", `the header lists ${header.modules.length} modules, the file holds ${modules.length}`, null, file);
  if (snapshots.length === 0 || snapshots[0].at !== 0) fail("klrec-corrupt", "the snapshot at count 0 is missing", null, file);
  if (snapshots[snapshots.length - 1].at > header.end) fail("klrec-corrupt", "a snapshot lies past the recorded end", null, file);
  return { header, kernel, modules, inputs: inputs ?? [], events: events ?? [], snapshots };
}
function parseJson(payload, at, file, check) {
  let v;
  try {
    v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    fail("klrec-corrupt", "a JSON section does not parse", at, file);
  }
  const problem = check(v);
  if (problem) fail("klrec-corrupt", problem, at, file);
  return v;
}
var isCount = (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function checkHeader(v) {
  if (!isObject(v)) return "the header is not an object";
  if (typeof v["kernelName"] !== "string") return "header.kernelName is not a string";
  if (!isCount(v["memoryMiB"]) || v["memoryMiB"] < 2 || v["memoryMiB"] > 2048) return "header.memoryMiB is not 2..2048";
  if (typeof v["guestMips"] !== "number" || !(v["guestMips"] > 0)) return "header.guestMips is not a positive number";
  if (!isCount(v["end"])) return "header.end is not an instruction count";
  if (!Array.isArray(v["modules"])) return "header.modules is not a list";
  if (v["loader"] !== null && v["loader"] !== "qemu" && v["loader"] !== "grub") return "header.loader is not qemu or grub";
  if (!isObject(v["checkpointNames"])) return "header.checkpointNames is not an object";
  if (v["verdict"] !== null && !(isObject(v["verdict"]) && typeof v["verdict"]["kind"] === "string")) return "header.verdict is not a verdict";
  return null;
}
function checkInputs(v) {
  if (!Array.isArray(v)) return "the inputs are not a list";
  for (const [i, x] of v.entries()) {
    if (!isObject(x) || !isCount(x["at"]) || !isCount(x["n"])) return `input ${i} has no count`;
    const data = x["kind"] === "keys" ? x["codes"] : x["kind"] === "serial" ? x["bytes"] : null;
    if (!Array.isArray(data) || !data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return `input ${i} is not keys or serial bytes`;
  }
  return null;
}
function checkEvents(v) {
  if (!Array.isArray(v)) return "the events are not a list";
  for (const [i, x] of v.entries()) if (!isObject(x) || !isCount(x["at"]) || typeof x["kind"] !== "string" || typeof x["detail"] !== "string") return `event ${i} is malformed`;
  return null;
}
async function encodeSnapshot(state) {
  const raw = encodeState(state);
  return { at: state.at, rawLength: raw.length, compressed: await deflateRaw(raw) };
}
async function decodeSnapshot(s, file = "<klrec>") {
  let raw;
  try {
    raw = await inflateRaw(s.compressed, Math.min(s.rawLength, MAX_SNAPSHOT_BYTES));
  } catch {
    fail("klrec-corrupt", `the snapshot at count ${s.at} does not inflate`, null, file);
  }
  if (raw.length !== s.rawLength) fail("klrec-corrupt", `the snapshot at count ${s.at} inflates to ${raw.length} bytes, not ${s.rawLength}`, null, file);
  return decodeState(raw, s.at, file);
}
function encodeState(state) {
  const w = new Writer();
  w.f64(state.at);
  encodeValue(w, state.core);
  w.u32(state.pages.size);
  for (const [name, pages] of state.pages) {
    w.str(name);
    w.u32(pages.size);
    for (const [index, page] of pages) {
      w.u32(index);
      w.u32(page.length);
      w.bytes(page);
    }
  }
  return w.finish();
}
function decodeState(raw, at, file = "<klrec>") {
  const r = new Reader(raw, file);
  const stateAt = r.f64();
  if (stateAt !== at) fail("klrec-corrupt", `the snapshot at count ${at} holds a state of count ${stateAt}`, 0, file);
  const core = r.value(0);
  const pages = /* @__PURE__ */ new Map();
  for (let n = r.u32(); n > 0; n--) {
    const name = r.str();
    const m = /* @__PURE__ */ new Map();
    for (let k = r.u32(); k > 0; k--) {
      const index = r.u32();
      const len = r.u32();
      if (len > 4096) fail("klrec-corrupt", "a page is longer than 4096 bytes", r.at, file);
      m.set(index, r.take(len).slice());
    }
    pages.set(name, m);
  }
  if (r.at !== raw.length) fail("klrec-corrupt", "trailing bytes in a snapshot", r.at, file);
  return { at, pages, core };
}
var T_UNDEF = 0;
var T_NULL = 1;
var T_FALSE = 2;
var T_TRUE = 3;
var T_NUM = 4;
var T_STR = 5;
var T_ARRAY = 6;
var T_OBJECT = 7;
var T_TYPED = 8;
var TYPED = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigUint64Array, BigInt64Array];
function encodeValue(w, v) {
  if (v === void 0) return w.u8(T_UNDEF);
  if (v === null) return w.u8(T_NULL);
  if (v === false) return w.u8(T_FALSE);
  if (v === true) return w.u8(T_TRUE);
  if (typeof v === "number") {
    w.u8(T_NUM);
    return w.f64(v);
  }
  if (typeof v === "string") {
    w.u8(T_STR);
    return w.str(v);
  }
  if (Array.isArray(v)) {
    w.u8(T_ARRAY);
    w.u32(v.length);
    for (let i = 0; i < v.length; i++) encodeValue(w, v[i]);
    return;
  }
  if (ArrayBuffer.isView(v)) {
    const k = TYPED.findIndex((T) => v instanceof T);
    if (k < 0) throw new TypeError("encodeState: unsupported typed array");
    w.u8(T_TYPED);
    w.u8(k);
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
    w.u32(bytes.length);
    w.bytes(bytes);
    return;
  }
  if (typeof v === "object") {
    const entries = Object.entries(v);
    w.u8(T_OBJECT);
    w.u32(entries.length);
    for (const [k, x] of entries) {
      w.str(k);
      encodeValue(w, x);
    }
    return;
  }
  throw new TypeError(`encodeState: cannot encode a ${typeof v}`);
}
var Reader = class {
  constructor(b, file) {
    this.b = b;
    this.file = file;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  b;
  file;
  at = 0;
  dv;
  need(n) {
    if (this.at + n > this.b.length) fail("klrec-corrupt", "a snapshot ends early", this.at, this.file);
  }
  u8() {
    this.need(1);
    return this.b[this.at++];
  }
  u32() {
    this.need(4);
    const v = this.dv.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  f64() {
    this.need(8);
    const v = this.dv.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }
  take(n) {
    this.need(n);
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  str() {
    return new TextDecoder().decode(this.take(this.u32()));
  }
  value(depth) {
    if (depth > 64) fail("klrec-corrupt", "a snapshot nests too deeply", this.at, this.file);
    const tag = this.u8();
    switch (tag) {
      case T_UNDEF:
        return void 0;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_NUM:
        return this.f64();
      case T_STR:
        return this.str();
      case T_ARRAY: {
        const n = this.u32();
        if (n > this.b.length - this.at) fail("klrec-corrupt", "an array is longer than the snapshot", this.at, this.file);
        const out = [];
        for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
        return out;
      }
      case T_OBJECT: {
        const out = {};
        for (let n = this.u32(); n > 0; n--) {
          const k = this.str();
          out[k] = this.value(depth + 1);
        }
        return out;
      }
      case T_TYPED: {
        const T = TYPED[this.u8()];
        if (!T) fail("klrec-corrupt", "unknown typed array", this.at, this.file);
        const bytes = this.take(this.u32()).slice();
        if (bytes.length % T.BYTES_PER_ELEMENT) fail("klrec-corrupt", "typed array length", this.at, this.file);
        return new T(bytes.buffer, 0, bytes.length / T.BYTES_PER_ELEMENT);
      }
      default:
        fail("klrec-corrupt", `unknown value tag ${tag}`, this.at - 1, this.file);
    }
  }
};

// emulator/paint.ts
function paintRange(mem, { start, end, pattern }) {
  if (end <= start) return;
  const bytes = new Uint8Array(end - start);
  const p = [pattern & 255, pattern >>> 8 & 255, pattern >>> 16 & 255, pattern >>> 24 & 255];
  for (let i = 0; i < bytes.length; i++) bytes[i] = p[start + i & 3];
  mem.write(start, bytes);
}
function scanPaint(mem, { start, end, pattern }) {
  if (start < 0 || end <= start || end > mem.size) return { lowestTouched: null, highestTouched: null };
  const bytes = mem.bytes(start, end - start);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const want = pattern >>> 0;
  let lowest = null, highest = null;
  for (let o = 0; o + 4 <= bytes.length; o += 4) {
    if (dv.getUint32(o, true) !== want) {
      lowest = start + o;
      break;
    }
  }
  if (lowest !== null) {
    for (let o = (bytes.length & ~3) - 4; o >= 0; o -= 4) {
      if (dv.getUint32(o, true) !== want) {
        highest = start + o + 4;
        break;
      }
    }
  }
  return { lowestTouched: lowest, highestTouched: highest };
}

// emulator/cp437.ts
var HIGH = "\xC7\xFC\xE9\xE2\xE4\xE0\xE5\xE7\xEA\xEB\xE8\xEF\xEE\xEC\xC4\xC5\xC9\xE6\xC6\xF4\xF6\xF2\xFB\xF9\xFF\xD6\xDC\xA2\xA3\xA5\u20A7\u0192\xE1\xED\xF3\xFA\xF1\xD1\xAA\xBA\xBF\u2310\xAC\xBD\xBC\xA1\xAB\xBB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\xDF\u0393\u03C0\u03A3\u03C3\xB5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\xB1\u2265\u2264\u2320\u2321\xF7\u2248\xB0\u2219\xB7\u221A\u207F\xB2\u25A0\xA0";
var LOW = "\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C\u25BA\u25C4\u2195\u203C\xB6\xA7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC";
var TABLE = Array.from({ length: 256 }, (_, b) => b === 0 ? " " : b < 32 ? LOW[b - 1] : b === 127 ? "\u2302" : b >= 128 ? HIGH[b - 128] : String.fromCharCode(b));
function cp437Char(b) {
  return TABLE[b & 255];
}

// emulator/debug.ts
var CR0_PG = 2147483648;
var MAX_INSTRUCTION_BYTES = 15;
function linearToPhysical(memory, cr0, cr3, linear) {
  if (!(cr0 & CR0_PG)) return linear >>> 0;
  return translate(memory, cr3, linear >>> 0);
}
function readLinear(memory, regs, addr, length) {
  const out = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    const va = addr + i >>> 0;
    const n = Math.min(length - i, 4096 - (va & 4095));
    const p = linearToPhysical(memory, regs.cr0, regs.cr3, va);
    if (p === null || p + n > memory.size) return null;
    out.set(memory.bytes(p, n), i);
    i += n;
  }
  return out;
}
function readLinearPrefix(memory, regs, addr, max = MAX_INSTRUCTION_BYTES) {
  const first = Math.min(max, 4096 - (addr & 4095));
  const a = readLinear(memory, regs, addr, first);
  if (!a) return new Uint8Array(0);
  if (first === max) return a;
  const b = readLinear(memory, regs, addr + first >>> 0, max - first);
  if (!b) return a;
  const out = new Uint8Array(max);
  out.set(a);
  out.set(b, first);
  return out;
}
var DebugSession = class {
  /** `startPaused`: stopped before the first instruction until step() or cont(). */
  constructor(exec, host, startPaused) {
    this.exec = exec;
    this.host = host;
    this.stopped = startPaused;
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
  }
  exec;
  host;
  stopped = false;
  nextId = 1;
  watchIds = /* @__PURE__ */ new Set();
  breakpointIds = /* @__PURE__ */ new Map();
  // id → address
  waiter = null;
  resumeMachine = null;
  lastStop = null;
  stopListeners = [];
  done = null;
  ready;
  markReady;
  started = false;
  /** step(n)/cont() called before the first instruction: applied when the run starts (n, or null for cont). */
  earlyResume = null;
  /** The kernel is loaded and the CPU is at its first instruction: wait while startPaused holds the machine. */
  startGate() {
    this.started = true;
    this.markReady();
    const early = this.earlyResume;
    this.earlyResume = null;
    if (early) this.exec.stepAt = early.n === null ? Number.POSITIVE_INFINITY : this.exec.count() + early.n;
    this.exec.rearm();
    if (!this.stopped || this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.resumeMachine = resolve;
    });
  }
  // ---- machine side ----
  /** The CPU stopped (null: before the first instruction). Resolves when step() or cont() resumes it, or the run is stopped. */
  enterStop(stop, reason) {
    this.stopped = true;
    this.lastStop = stop;
    const p = new Promise((resolve) => {
      this.resumeMachine = resolve;
    });
    if (reason) this.emit(reason);
    return p;
  }
  /** The run ended: a pending step()/cont() resolves with "ended", and so do later calls. */
  ended(verdict) {
    if (this.done) return;
    this.done = verdict;
    this.stopped = true;
    this.emit({ kind: "ended", verdict });
    this.resumeMachine?.();
    this.resumeMachine = null;
  }
  /** Run.stop() while stopped: let the run loop see it. */
  release() {
    this.resumeMachine?.();
    this.resumeMachine = null;
  }
  emit(r) {
    const w = this.waiter;
    this.waiter = null;
    w?.resolve(r);
    if (this.quiet) return;
    for (const fn of this.stopListeners) fn(r);
  }
  // ---- Debugger ----
  on(event, fn) {
    if (event !== "stop") throw new Error(`Debugger.on: unknown event ${String(event)}`);
    this.stopListeners.push(fn);
  }
  pause() {
    if (this.stopped || this.done) return;
    this.exec.requestStop({ kind: "interrupted" });
  }
  step(n = 1) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Debugger.step: n must be a positive integer, got ${n}`);
    return this.resume(n);
  }
  cont() {
    return this.resume(null);
  }
  /** A time-travel seek is under way: its stops are not reported to "stop" listeners. */
  quiet = false;
  /**
   * Run forward to exactly `count` (Run.timeTravel.runTo): breakpoints, watchpoints and catches are set aside
   * meanwhile (they stay installed) and the stop is not reported to "stop" listeners.
   */
  async runTo(count) {
    const n = count - this.exec.count();
    if (n < 0) throw new RangeError(`runTo: ${count} is behind the current count ${this.exec.count()}`);
    if (n === 0) return { kind: "step" };
    const exec = this.exec;
    const breakpoints = new Map(exec.breakpoints), watches = exec.watches.splice(0), caught = new Set(exec.caughtVectors), cr = exec.catchControlRegisters;
    exec.breakpoints.clear();
    exec.caughtVectors.clear();
    exec.catchControlRegisters = false;
    this.quiet = true;
    try {
      return await this.resume(n);
    } finally {
      this.quiet = false;
      for (const [a, id] of breakpoints) exec.breakpoints.set(a, id);
      for (const v of caught) exec.caughtVectors.add(v);
      exec.catchControlRegisters = cr;
      for (const w of watches) exec.addWatch(w);
    }
  }
  resume(n) {
    if (this.done) return Promise.resolve({ kind: "ended", verdict: this.done });
    if (!this.stopped) return Promise.reject(new Error("Debugger: the machine is running (wait for a stop, or pause() it)"));
    this.stopped = false;
    const p = new Promise((resolve) => {
      this.waiter = { resolve };
    });
    if (!this.started) {
      this.earlyResume = { n };
      return p;
    }
    this.exec.stepAt = n === null ? Number.POSITIVE_INFINITY : this.exec.count() + n;
    this.exec.resumeFrom(this.linearEip(), this.lastStop);
    const go = this.resumeMachine;
    this.resumeMachine = null;
    go?.();
    return p;
  }
  linearEip() {
    return this.host.registers().eip >>> 0;
  }
  addBreakpoint(at) {
    let address;
    if (typeof at === "string") {
      const a = this.host.symbols()?.address(at) ?? null;
      if (a === null) throw new Error(`Debugger.addBreakpoint: no symbol '${at}' in the kernel`);
      address = a >>> 0;
    } else {
      address = at >>> 0;
    }
    const id = this.nextId++;
    this.exec.breakpoints.set(address, id);
    this.breakpointIds.set(id, address);
    this.exec.rearm();
    return id;
  }
  removeBreakpoint(id) {
    const address = this.breakpointIds.get(id);
    if (address === void 0) return;
    this.breakpointIds.delete(id);
    if (this.exec.breakpoints.get(address) === id) this.exec.breakpoints.delete(address);
    for (const [otherId, a] of this.breakpointIds) if (a === address) this.exec.breakpoints.set(address, otherId);
    this.exec.rearm();
  }
  addWatchpoint(w) {
    if (w.access !== "write" && w.access !== "read" && w.access !== "access") throw new Error(`Debugger.addWatchpoint: access must be write, read or access, got ${String(w.access)}`);
    if (!Number.isInteger(w.length) || w.length < 1 || w.length > 4096) throw new RangeError(`Debugger.addWatchpoint: length must be 1..4096, got ${w.length}`);
    const id = this.nextId++;
    if (w.physical && w.access !== "write") throw new Error(`Debugger.addWatchpoint: ${w.access} watchpoints take linear addresses (physical ones are write only)`);
    this.exec.addWatch({ id, start: w.start >>> 0, length: w.length, physical: !!w.physical, access: w.access, last: null });
    this.watchIds.add(id);
    return id;
  }
  removeWatchpoint(id) {
    this.exec.removeWatch(id);
    this.watchIds.delete(id);
  }
  catchVector(vector, on = true) {
    if (!Number.isInteger(vector) || vector < 0 || vector > 255) throw new RangeError(`Debugger.catchVector: vector must be 0..255, got ${vector}`);
    if (on) this.exec.caughtVectors.add(vector);
    else this.exec.caughtVectors.delete(vector);
  }
  catchControlRegisterWrites(on = true) {
    this.exec.catchControlRegisters = on;
    this.exec.rearm();
  }
  registers() {
    return this.host.fullRegisters();
  }
  setRegister(name, value) {
    if (!this.stopped) throw new Error("Debugger.setRegister: the machine is running");
    const known = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eip", "eflags", "cs", "ds", "es", "fs", "gs", "ss", "cr0", "cr2", "cr3", "cr4"];
    if (!known.includes(name)) throw new Error(`Debugger.setRegister: unknown register '${name}'`);
    this.host.setRegister(name, value >>> 0);
  }
  readVirtual(addr, length) {
    return readLinear(this.host.memory, this.host.registers(), addr >>> 0, length);
  }
  writeVirtual(addr, bytes) {
    const regs = this.host.registers();
    const mem = this.host.memory;
    const pieces = [];
    let i = 0;
    while (i < bytes.length) {
      const va = addr + i >>> 0;
      const n = Math.min(bytes.length - i, 4096 - (va & 4095));
      const p = linearToPhysical(mem, regs.cr0, regs.cr3, va);
      if (p === null || p + n > mem.size) return false;
      pieces.push({ phys: p, from: i, n });
      i += n;
    }
    for (const piece of pieces) mem.write(piece.phys, bytes.subarray(piece.from, piece.from + piece.n));
    return true;
  }
  readPhysical(addr, length) {
    const mem = this.host.memory;
    if (addr < 0 || length < 0 || addr + length > mem.size) return null;
    return mem.bytes(addr, length);
  }
  writePhysical(addr, bytes) {
    const mem = this.host.memory;
    if (addr < 0 || addr + bytes.length > mem.size) return false;
    mem.write(addr, bytes);
    return true;
  }
  instructions() {
    return this.exec.count();
  }
  lastInstructions(n = 64) {
    const regs = this.host.registers();
    return this.exec.ring(n).map((eip) => ({ eip, bytes: readLinearPrefix(this.host.memory, regs, eip) }));
  }
};
function stopReason(s) {
  switch (s.kind) {
    case "limit":
    case "tick":
      return null;
    case "watchpoint":
      return { kind: "watchpoint", id: s.id, access: s.access, address: s.address, length: s.length, oldValue: s.oldValue, newValue: s.newValue, eip: s.eip };
    default:
      return s;
  }
}

// emulator/mem-access.ts
var GPR = {
  [Register.EAX]: 0,
  [Register.ECX]: 1,
  [Register.EDX]: 2,
  [Register.EBX]: 3,
  [Register.ESP]: 4,
  [Register.EBP]: 5,
  [Register.ESI]: 6,
  [Register.EDI]: 7,
  [Register.AX]: 0,
  [Register.CX]: 1,
  [Register.DX]: 2,
  [Register.BX]: 3,
  [Register.SP]: 4,
  [Register.BP]: 5,
  [Register.SI]: 6,
  [Register.DI]: 7
};
var SEGMENT = { [Register.ES]: 0, [Register.CS]: 1, [Register.SS]: 2, [Register.DS]: 3, [Register.FS]: 4, [Register.GS]: 5 };
var factory = null;
function memoryAccesses(bytes, eip, bitness, reg, segmentBase) {
  if (bytes.length === 0) return [];
  const decoder = new Decoder(bitness, bytes, 0);
  decoder.ip = BigInt(eip >>> 0);
  const instr = decoder.decode();
  const out = [];
  try {
    if (instr.isInvalid) return out;
    factory ??= new InstructionInfoFactory();
    const info = factory.info(instr);
    try {
      for (const m of info.usedMemory()) {
        try {
          const base = m.base === Register.None ? 0 : GPR[m.base] === void 0 ? null : reg(GPR[m.base]);
          const index = m.index === Register.None ? 0 : GPR[m.index] === void 0 ? null : reg(GPR[m.index]);
          if (base === null || index === null) continue;
          let offset = base + index * m.scale + Number(BigInt.asIntN(32, m.displacement)) >>> 0;
          if (bitness === 16) offset &= 65535;
          const seg = SEGMENT[m.segment];
          const address = offset + (seg === void 0 ? 0 : segmentBase(seg)) >>> 0;
          const a = m.access;
          const read = a === OpAccess.Read || a === OpAccess.CondRead || a === OpAccess.ReadWrite || a === OpAccess.ReadCondWrite;
          const write = a === OpAccess.Write || a === OpAccess.CondWrite || a === OpAccess.ReadWrite || a === OpAccess.ReadCondWrite;
          if (read || write) out.push({ address, size: Math.max(1, MemorySizeExt.size(m.memorySize)), read, write });
        } finally {
          m.free();
        }
      }
    } finally {
      info.free();
    }
  } finally {
    instr.free();
    decoder.free();
  }
  return out;
}

// emulator/v86-fixes/debug-abi.ts
var DEBUG_COUNTDOWN = 240;
var DEBUG_RING_INDEX = 244;
var DEBUG_CR_HOOK = 248;
var DEBUG_BP_ON = 249;
var DEBUG_BP_BITS = 128;
var DEBUG_BP_SLOTS = 512;
var DEBUG_RING = 256;
var DEBUG_RING_SIZE = 64;
var V86_INSTRUCTION_POINTER = 556;
var V86_PREFIXES = 648;
var V86_INSTRUCTION_COUNTER = 664;
var V86_REG32 = 64;
var V86_CR = 580;
var V86_SEGMENT_OFFSETS = 736;
var V86_IS_32 = 804;
var V86_CPL = 612;
var V86_SREG = 668;
var DEBUG_IMPORT_MODULE = "kernlab_debug";

// emulator/exec-control.ts
var MAX_COUNTDOWN = 2147483647;
var RAISED_KEPT = 32;
var CASCADE_KEPT = 8;
var ExecControl = class {
  constructor(cpu) {
    this.cpu = cpu;
  }
  cpu;
  /** Instructions started before the countdown was last armed, plus the countdown armed then. */
  armBase = 0;
  armValue = MAX_COUNTDOWN;
  /** Absolute instruction counts to stop at (Infinity: none). */
  limitAt = Number.POSITIVE_INFINITY;
  stepAt = Number.POSITIVE_INFINITY;
  /** The next tick of the time-travel driver (Infinity: none). Taken before any other stop at the same count. */
  tickAt = Number.POSITIVE_INFINITY;
  breakpoints = /* @__PURE__ */ new Map();
  // linear address → id
  watches = [];
  caughtVectors = /* @__PURE__ */ new Set();
  catchControlRegisters = false;
  /** A stop requested from outside an instruction (pause, a caught IRQ or CR write): taken at the next boundary. */
  pending = null;
  /** The stop the CPU is parked at, until the machine takes it. */
  stopped = null;
  /** On resume, the instruction at this address and count runs even if a breakpoint is there. */
  skipBreakpoint = null;
  /** On resume, the caught exception stopped before delivery is delivered once. */
  deliverOnce = null;
  /** Called before each instruction that runs (trace exec/cpu); null when off. */
  onInstruction = null;
  /** Called for each vector raised (trace int/pf). */
  onVector = null;
  raised = [];
  /** The run is driven by the countdown (interpreter only); false: v86's JIT runs and nothing stops early. */
  active = false;
  view32 = null;
  viewI32 = null;
  view8 = null;
  /** Views of v86's wasm memory, made again only when the memory was replaced (called per instruction). */
  u32() {
    if (!this.view32 || this.view32.length === 0) {
      const buffer = this.cpu.wasm();
      this.view32 = new Uint32Array(buffer);
      this.viewI32 = new Int32Array(buffer);
      this.view8 = new Uint8Array(buffer);
      this.ramOffset = this.cpu.ramOffset();
      this.ramSize = this.cpu.ramSize();
    }
    return this.view32;
  }
  i32() {
    this.u32();
    return this.viewI32;
  }
  /** The CPU is a new v86 instance (after a v86 abort): forget the views of the old one's memory. */
  rebind() {
    this.view32 = this.viewI32 = this.view8 = null;
  }
  ramOffset = 0;
  ramSize = 0;
  /**
   * The watched bytes still equal `w.last`, checked in place in guest RAM (no copy, no allocation): the
   * per-instruction test of a write watchpoint. False when it cannot tell cheaply (across a page, the VGA
   * window, unmapped): the caller then compares a copy.
   */
  unchanged(w) {
    const last = w.last;
    if (!last || (w.start & 4095) + w.length > 4096) return false;
    const i32 = this.i32(), u8 = this.view8, u32 = this.view32;
    let phys = w.start;
    if (!w.physical && i32[(V86_CR >> 2) + 0] & 2147483648) {
      if (this.ramOffset & 3) return false;
      const base = this.ramOffset >> 2;
      const cr3 = i32[(V86_CR >> 2) + 3] >>> 0;
      const pdeAt = ((cr3 & ~4095) >>> 0) + (w.start >>> 22 << 2);
      if (pdeAt + 4 > this.ramSize) return false;
      const pde = u32[base + (pdeAt >> 2)];
      if (!(pde & 1)) return false;
      if (pde & 128) phys = ((pde & 4290772992) >>> 0) + (w.start & 4194303) >>> 0;
      else {
        const pteAt = ((pde & ~4095) >>> 0) + ((w.start >>> 12 & 1023) << 2);
        if (pteAt + 4 > this.ramSize) return false;
        const pte = u32[base + (pteAt >> 2)];
        if (!(pte & 1)) return false;
        phys = ((pte & ~4095) >>> 0) + (w.start & 4095) >>> 0;
      }
    }
    if (phys < 786432 && phys + w.length > 655360 || phys + w.length > this.ramSize) return false;
    const at = this.ramOffset + phys;
    for (let i = 0; i < last.length; i++) if (u8[at + i] !== last[i]) return false;
    return true;
  }
  u8() {
    this.u32();
    return this.view8;
  }
  /** A new run: no limits, breakpoints, watchpoints, catches or trace; nothing raised yet. */
  resetConfig() {
    this.limitAt = this.stepAt = this.tickAt = Number.POSITIVE_INFINITY;
    this.breakpoints.clear();
    this.watches.length = 0;
    this.caughtVectors.clear();
    this.catchControlRegisters = false;
    this.pending = this.stopped = this.accessHit = null;
    this.skipBreakpoint = null;
    this.deliverOnce = null;
    this.onInstruction = null;
    this.onVector = null;
    this.raised.length = 0;
  }
  /** Power-on of the CPU side (after the machine's reset, before the first instruction): count 0, ring empty,
   *  watched bytes taken as they are now (the kernel is loaded). Keeps the configuration. */
  resetCpuState() {
    const m = this.u32();
    m[DEBUG_RING_INDEX >> 2] = 0;
    m.fill(0, DEBUG_RING >> 2, (DEBUG_RING >> 2) + DEBUG_RING_SIZE);
    this.armBase = 0;
    this.armValue = MAX_COUNTDOWN;
    m[DEBUG_COUNTDOWN >> 2] = MAX_COUNTDOWN;
    this.skipBreakpoint = null;
    for (const w of this.watches) w.last = this.watchBytes(w);
    this.rearm();
  }
  /** Instructions started since boot (exact while active). */
  count() {
    return this.armBase + this.armValue - this.u32()[DEBUG_COUNTDOWN >> 2];
  }
  /** Recompute the countdown from the current limits (call after changing them, or between slices). */
  rearm() {
    const now = this.count();
    this.armBase = now;
    this.armValue = this.nextCountdown(now);
    this.u32()[DEBUG_COUNTDOWN >> 2] = this.armValue;
    this.u8()[DEBUG_CR_HOOK] = this.catchControlRegisters ? 1 : 0;
    this.writeBreakpointFilter();
  }
  /** Breakpoints alone are found by the wasm's page filter (`breakpoint`); these need every instruction. */
  everyInstruction() {
    return this.pending !== null || this.watches.length > 0 || this.onInstruction !== null;
  }
  /** The page filter: a bit per slot (page & 511) that holds a breakpoint; on only while counting down. */
  writeBreakpointFilter() {
    const u8 = this.u8();
    u8.fill(0, DEBUG_BP_BITS, DEBUG_BP_BITS + DEBUG_BP_SLOTS / 8);
    const on = this.active && this.breakpoints.size > 0 && !this.everyInstruction();
    u8[DEBUG_BP_ON] = on ? 1 : 0;
    if (!on) return;
    for (const address of this.breakpoints.keys()) {
      const slot = address >>> 12 & DEBUG_BP_SLOTS - 1;
      u8[DEBUG_BP_BITS + (slot >> 3)] = u8[DEBUG_BP_BITS + (slot >> 3)] | 1 << (slot & 7);
    }
  }
  nextCountdown(now) {
    if (!this.active || this.everyInstruction()) return this.active ? 0 : MAX_COUNTDOWN;
    const target = Math.min(this.limitAt, this.stepAt, this.tickAt);
    return Math.max(0, Math.min(MAX_COUNTDOWN, target - now));
  }
  /** Ask for a stop at the next instruction boundary. */
  requestStop(stop) {
    if (!this.pending) this.pending = stop;
    this.rearm();
  }
  get pendingStop() {
    return this.pending;
  }
  /** The stop the CPU parked at (cleared by takeStop). */
  takeStop() {
    const s = this.stopped;
    this.stopped = null;
    return s;
  }
  /** The stop the CPU is parked at, not taken yet (the time-travel driver holds the timers at the host's stops). */
  get parkedStop() {
    return this.stopped;
  }
  /** A restored machine state: the count is `at` from now on; nothing pending; watched bytes read again. */
  restoreCount(at) {
    const countdown = this.u32()[DEBUG_COUNTDOWN >> 2];
    this.armBase = at - this.armValue + countdown;
    this.pending = this.accessHit = null;
    this.skipBreakpoint = null;
    this.deliverOnce = null;
    for (const w of this.watches) w.last = this.watchBytes(w);
    this.rearm();
  }
  /** The CPU idles in hlt with a stop pending (pause): stop here, no instruction will start. */
  stopIdle() {
    const s = this.pending;
    this.pending = null;
    if (s) this.rearm();
    return s;
  }
  /** Before resuming from a stop at `eip`: let its instruction run despite a breakpoint, deliver a caught exception. */
  resumeFrom(eip, stop) {
    this.skipBreakpoint = { eip, at: this.count() };
    this.deliverOnce = stop?.kind === "vector" && !stop.delivered ? stop.vector : null;
    this.rearm();
  }
  /** The linear addresses of the last n instructions started, oldest first. */
  ring(n = DEBUG_RING_SIZE) {
    const m = this.u32();
    const index = m[DEBUG_RING_INDEX >> 2];
    const k = Math.min(n, DEBUG_RING_SIZE, index);
    const out = [];
    for (let i = k; i >= 1; i--) out.push(m[(DEBUG_RING >> 2) + (index - i & DEBUG_RING_SIZE - 1)]);
    return out;
  }
  addWatch(w) {
    w.last = this.watchBytes(w);
    this.watches.push(w);
    this.rearm();
  }
  removeWatch(id) {
    const i = this.watches.findIndex((w) => w.id === id);
    if (i >= 0) this.watches.splice(i, 1);
    this.rearm();
  }
  get readWatches() {
    let n = 0;
    for (const w of this.watches) if (w.access !== "write") n++;
    return n;
  }
  /** Decode the instruction about to run; if it reads (or, for "access", reads or writes) a watched range, stop after it. */
  checkAccesses(eip) {
    const bytes = this.cpu.readLinear(eip, 15) ?? this.cpu.readLinear(eip, 4096 - (eip & 4095));
    if (!bytes) return;
    const i32 = this.i32();
    const accesses = memoryAccesses(bytes, eip, this.u8()[V86_IS_32] ? 32 : 16, (r) => i32[(V86_REG32 >> 2) + r] >>> 0, (s) => i32[(V86_SEGMENT_OFFSETS >> 2) + s] >>> 0);
    for (const w of this.watches) {
      if (w.access === "write") continue;
      for (const a of accesses) {
        const hits = a.address < w.start + w.length && w.start < a.address + a.size;
        if (!hits || w.access === "read" && !a.read) continue;
        this.accessHit = { kind: "watchpoint", id: w.id, access: w.access, address: w.start, length: w.length, oldValue: a.write ? this.watchBytes(w) : null, newValue: null, eip };
        return;
      }
    }
  }
  watchBytes(w) {
    return w.physical ? this.cpu.readPhysical(w.start, w.length) : this.cpu.readLinear(w.start, w.length);
  }
  // ---- called from the patched wasm ----
  before_instruction() {
    const m = this.u32();
    const at = this.armBase + this.armValue;
    const eip = this.i32()[V86_INSTRUCTION_POINTER >> 2] - 1 >>> 0;
    const stop = this.decide(eip, at);
    if (stop) {
      this.stopped = stop;
      this.armBase = at;
      this.armValue = 0;
      m[DEBUG_COUNTDOWN >> 2] = 0;
      m[V86_INSTRUCTION_COUNTER >> 2] = m[V86_INSTRUCTION_COUNTER >> 2] - 1 >>> 0;
      m[DEBUG_RING_INDEX >> 2] = m[DEBUG_RING_INDEX >> 2] - 1 >>> 0;
      this.cpu.park();
      return 1;
    }
    this.onInstruction?.(eip, at);
    this.armBase = at + 1;
    this.armValue = this.nextCountdown(at + 1);
    m[DEBUG_COUNTDOWN >> 2] = this.armValue;
    return 0;
  }
  /** A read/access watchpoint the previous instruction touched: reported before the next one. */
  accessHit = null;
  /** From the page filter: the countdown was already decremented for this instruction. */
  breakpoint() {
    const m = this.u32();
    const eip = this.i32()[V86_INSTRUCTION_POINTER >> 2] - 1 >>> 0;
    const id = this.breakpoints.get(eip);
    if (id === void 0 || !this.active) return 0;
    const at = this.armBase + this.armValue - m[DEBUG_COUNTDOWN >> 2] - 1;
    const skip = this.skipBreakpoint;
    if (skip && skip.eip === eip && skip.at === at) return 0;
    this.stopped = { kind: "breakpoint", id, address: eip };
    this.armBase = at;
    this.armValue = 0;
    m[DEBUG_COUNTDOWN >> 2] = 0;
    m[V86_INSTRUCTION_COUNTER >> 2] = m[V86_INSTRUCTION_COUNTER >> 2] - 1 >>> 0;
    m[DEBUG_RING_INDEX >> 2] = m[DEBUG_RING_INDEX >> 2] - 1 >>> 0;
    this.u8()[DEBUG_BP_ON] = 0;
    this.cpu.park();
    return 1;
  }
  decide(eip, at) {
    if (!this.active) return null;
    if (at >= this.tickAt) return { kind: "tick" };
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      return p;
    }
    if (this.accessHit) {
      const hit = this.accessHit;
      this.accessHit = null;
      const w = this.watches.find((x) => hit.kind === "watchpoint" && x.id === hit.id);
      if (w && hit.kind === "watchpoint") {
        w.last = this.watchBytes(w);
        return { ...hit, newValue: w.last };
      }
    }
    if (at >= this.limitAt) return { kind: "limit" };
    for (const w of this.watches) {
      if (w.access === "read") continue;
      if (this.unchanged(w)) continue;
      const now = this.watchBytes(w);
      if (!sameBytes2(now, w.last)) {
        const old = w.last;
        w.last = now;
        const ring = this.ring(2);
        return { kind: "watchpoint", id: w.id, access: w.access, address: w.start, length: w.length, oldValue: old, newValue: now, eip: ring.length === 2 ? ring[0] : eip };
      }
    }
    if (this.readWatches > 0) this.checkAccesses(eip);
    if (at >= this.stepAt) return { kind: "step" };
    const bp = this.breakpoints.get(eip);
    if (bp !== void 0) {
      const skip = this.skipBreakpoint;
      if (!(skip && skip.eip === eip && skip.at === at)) return { kind: "breakpoint", id: bp, address: eip };
    }
    return null;
  }
  interrupt(vector, software, hasErrorCode, errorCode) {
    let ip = this.i32()[V86_INSTRUCTION_POINTER >> 2] >>> 0;
    if (software) ip = this.ring(1)[0] ?? ip;
    const i32 = this.i32(), u8 = this.u8();
    const sreg = (i) => u8[V86_SREG + 2 * i] | u8[V86_SREG + 2 * i + 1] << 8;
    const v = {
      vector,
      software: software !== 0,
      errorCode: hasErrorCode ? errorCode >>> 0 : null,
      eip: ip,
      cr2: i32[(V86_CR >> 2) + 2] >>> 0,
      cs: sreg(1),
      ss: sreg(2),
      esp: i32[(V86_REG32 >> 2) + 4] >>> 0,
      cpl: u8[V86_CPL],
      at: this.active ? this.count() : this.u32()[V86_INSTRUCTION_COUNTER >> 2],
      seq: this.u32()[DEBUG_RING_INDEX >> 2]
    };
    let same = 0;
    for (let i = this.raised.length - 1; i >= 0 && this.raised[i].seq === v.seq; i--) same++;
    if (same < CASCADE_KEPT) {
      if (this.raised.length >= RAISED_KEPT) this.raised.shift();
      this.raised.push(v);
    }
    this.onVector?.(v);
    if (!this.active || !this.caughtVectors.has(vector)) return 0;
    const exception = vector < 32 && !v.software;
    if (exception && this.deliverOnce === vector) {
      this.deliverOnce = null;
      return 0;
    }
    this.requestStop({ kind: "vector", vector, errorCode: v.errorCode, cr2: vector === 14 ? v.cr2 : null, eip: ip, delivered: !exception });
    return exception ? 1 : 0;
  }
  control_register(register, value) {
    if (!this.active || !this.catchControlRegisters) return;
    if (register !== 0 && register !== 2 && register !== 3 && register !== 4) return;
    const ip = this.i32()[V86_INSTRUCTION_POINTER >> 2] >>> 0;
    const ring = this.ring(1);
    this.requestStop({ kind: "control-register", register, value: value >>> 0, eip: ring[0] ?? ip });
  }
};
function sameBytes2(a, b) {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// toolchain/disasm.ts
var formatter = null;
function nasmFormatter() {
  if (formatter) return formatter;
  const f = new Formatter(FormatterSyntax.Nasm);
  f.hexPrefix = "0x";
  f.hexSuffix = "";
  f.uppercaseHex = false;
  f.spaceAfterOperandSeparator = true;
  f.branchLeadingZeros = true;
  f.showBranchSize = false;
  f.addLeadingZeroToHexNumbers = false;
  formatter = f;
  return f;
}
function symbolText(lookup, address, exactOnly) {
  if (!lookup) return null;
  const s = lookup(address >>> 0);
  if (!s) return null;
  if (exactOnly && s.offset !== 0) return null;
  return s.offset === 0 ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
}
function disassemble(bytes, address, opts = {}) {
  const bitness = opts.bitness ?? 32;
  const limit = opts.count ?? Number.POSITIVE_INFINITY;
  const decoder = new Decoder(bitness, bytes, 0);
  decoder.ip = BigInt(address >>> 0);
  const f = nasmFormatter();
  const out = [];
  try {
    let offset = 0;
    while (offset < bytes.length && out.length < limit) {
      const instr = decoder.decode();
      try {
        const length = instr.length;
        const at = address + offset >>> 0;
        const invalid = instr.isInvalid || length === 0;
        const size = invalid ? 1 : length;
        let text = invalid ? "(bad)" : f.format(instr);
        let target = null;
        let exactOnly = false;
        if (!invalid) {
          const isBranch = instr.isCallNear || instr.isJmpShortOrNear || instr.isJccShortOrNear || instr.isLoop || instr.isLoopcc || instr.isJcxShort;
          if (isBranch) {
            target = Number(instr.nearBranchTarget & 0xffffffffn);
          } else if (instr.memoryDisplSize > 0 && instr.memoryBase === Register.None && instr.memoryIndex === Register.None) {
            target = Number(instr.memoryDisplacement & 0xffffffffn);
          } else {
            const v = instr.immediate32 >>> 0;
            if (v !== 0 && opts.symbols?.(v)?.offset === 0 && text.includes("0x" + v.toString(16))) {
              target = v;
              exactOnly = true;
            }
          }
        }
        const targetSymbol = target === null ? null : symbolText(opts.symbols, target, exactOnly);
        if (!opts.symbols) text = text.replace(/\s+$/, "");
        out.push({
          address: at,
          bytes: bytes.slice(offset, offset + size),
          text,
          target,
          targetSymbol,
          label: symbolText(opts.symbols, at, true),
          invalid
        });
        offset += size;
        if (invalid) {
          decoder.position = offset;
          decoder.ip = BigInt(address + offset >>> 0);
        }
      } finally {
        instr.free();
      }
    }
  } finally {
    decoder.free();
  }
  return out;
}

// emulator/fault-report.ts
var NAMES = {
  0: "#DE",
  1: "#DB",
  2: "NMI",
  3: "#BP",
  4: "#OF",
  5: "#BR",
  6: "#UD",
  7: "#NM",
  8: "#DF",
  9: "coprocessor segment overrun",
  10: "#TS",
  11: "#NP",
  12: "#SS",
  13: "#GP",
  14: "#PF",
  16: "#MF",
  17: "#AC",
  18: "#MC",
  19: "#XM",
  20: "#VE"
};
var DF = 8;
var GP = 13;
var NP = 11;
var PF = 14;
var CONTRIBUTORY = /* @__PURE__ */ new Set([0, 10, 11, 12, 13]);
var REPORT_INSTRUCTIONS = 32;
function vectorName(vector, software = false) {
  if (software) return `int ${hex(vector, 2)}`;
  return NAMES[vector] ?? (vector < 32 ? `exception ${vector}` : `interrupt ${hex(vector, 2)}`);
}
function record(v) {
  return { vector: v.vector, name: vectorName(v.vector, v.software), errorCode: v.errorCode, eip: v.eip, cr2: v.vector === PF && !v.software ? v.cr2 : null, at: v.at };
}
function idtFailure(memory, regs, vector) {
  const ext = vector * 8 + 2;
  if (vector * 8 + 7 > regs.idtr.limit) return { vector: GP, errorCode: ext, cause: `vector ${vector} is beyond the IDT limit ${hex(regs.idtr.limit, 4)}` };
  const gate = readLinear(memory, regs, regs.idtr.base + vector * 8 >>> 0, 8);
  if (!gate) return { vector: PF, errorCode: 0, cause: `the IDT entry of vector ${vector} is not mapped` };
  const access = gate[5];
  const type = access & 31;
  if (type !== 5 && type !== 6 && type !== 7 && type !== 14 && type !== 15) {
    return { vector: GP, errorCode: ext, cause: `the IDT entry of vector ${vector} is not a gate (type ${type})` };
  }
  if (!(access & 128)) return { vector: NP, errorCode: ext, cause: `the IDT entry of vector ${vector} is not present` };
  const selector = gate[2] | gate[3] << 8;
  if ((selector & ~3) === 0) return { vector: GP, errorCode: 0, cause: `the IDT entry of vector ${vector} has a null code selector` };
  if (!(selector & 4) && (selector | 7) > regs.gdtr.limit) return { vector: GP, errorCode: selector & 65532, cause: `the code selector ${hex(selector, 4)} of vector ${vector} is beyond the GDT limit` };
  return null;
}
function exceptionChain(raised, memory, regs, detail) {
  const exceptions = raised.filter((r) => r.vector < 32 && !r.software || r.software);
  if (exceptions.length === 0) return { chain: [], triple: true, note: detail ? `v86 stopped: ${detail}` : null };
  const lastSeq = exceptions[exceptions.length - 1].seq;
  let start = exceptions.length - 1;
  while (start > 0 && exceptions[start - 1].seq === lastSeq) start--;
  const queue = exceptions.slice(start).map(record);
  const chain = [];
  let current = null;
  let pending = queue.shift();
  for (let guard = 0; guard < 16; guard++) {
    if (current) {
      if (current.vector === DF) return { chain, triple: true, note: null, tripleCause: pending.vector };
      const contributoryNext = CONTRIBUTORY.has(pending.vector);
      if (CONTRIBUTORY.has(current.vector) && contributoryNext || current.vector === PF && (contributoryNext || pending.vector === PF)) {
        pending = { vector: DF, name: "#DF", errorCode: 0, eip: pending.eip, cr2: null, inferred: true, cause: pending.cause ?? `${pending.name} while delivering ${current.name}`, causeVector: pending.vector, at: pending.at };
      }
    }
    chain.push(pending);
    current = pending;
    const next = queue.shift();
    if (next) {
      pending = next;
      continue;
    }
    const failure = idtFailure(memory, regs, current.vector);
    if (!failure) {
      return { chain, triple: false, note: `a CPU would now run the ${current.name} handler; v86 stopped instead${detail ? ` (${detail})` : ""}` };
    }
    pending = {
      vector: failure.vector,
      name: vectorName(failure.vector),
      errorCode: failure.errorCode,
      eip: current.eip,
      cr2: failure.vector === PF ? current.cr2 : null,
      inferred: true,
      cause: failure.cause,
      at: current.at
    };
  }
  return { chain, triple: true, note: null };
}
function crashReport(exec, regs, memory, verdict, jitRan = false) {
  const lastInstructions = exec.ring(REPORT_INSTRUCTIONS).map((eip) => ({ eip, bytes: readLinearPrefix(memory, regs, eip) }));
  const partial = jitRan ? { lastInstructionsPartial: true } : {};
  if (verdict.kind === "triple-fault") {
    const { chain, tripleCause } = exceptionChain(exec.raised, memory, regs, verdict.detail);
    return { exceptions: chain, registers: regs, lastInstructions, ...partial, ...tripleCause !== void 0 ? { tripleFaultCause: tripleCause } : {} };
  }
  const recent = exec.raised.filter((r) => r.vector < 32 && !r.software).slice(-8).map(record);
  return { exceptions: recent, registers: regs, lastInstructions, ...partial };
}
function flagLetters(eflags) {
  const bits = [[1024, "D"], [2048, "O"], [128, "S"], [64, "Z"], [16, "A"], [4, "P"], [1, "C"]];
  return "[" + bits.map(([b, c2]) => eflags & b ? c2 : "-").join("") + "]";
}
var h8 = (v) => (v >>> 0).toString(16).padStart(8, "0");
var h4 = (v) => (v & 65535).toString(16).padStart(4, "0");
function formatRegisters(r) {
  return [
    `EAX=${h8(r.eax)} EBX=${h8(r.ebx)} ECX=${h8(r.ecx)} EDX=${h8(r.edx)}`,
    `ESI=${h8(r.esi)} EDI=${h8(r.edi)} EBP=${h8(r.ebp)} ESP=${h8(r.esp)}`,
    `EIP=${h8(r.eip)} EFL=${h8(r.eflags)} ${flagLetters(r.eflags)} CPL=${r.cpl}`,
    `ES =${h4(r.es)} CS =${h4(r.cs)} SS =${h4(r.ss)} DS =${h4(r.ds)} FS =${h4(r.fs)} GS =${h4(r.gs)} LDT=${h4(r.ldtr)} TR =${h4(r.tr)}`,
    `GDT=     ${h8(r.gdtr.base)} ${h8(r.gdtr.limit)}`,
    `IDT=     ${h8(r.idtr.base)} ${h8(r.idtr.limit)}`,
    `CR0=${h8(r.cr0)} CR2=${h8(r.cr2)} CR3=${h8(r.cr3)} CR4=${h8(r.cr4)}`
  ];
}
function formatException(n, e, regs, symbols) {
  const software = e.name.startsWith("int ");
  const tail = e.vector === PF && e.cr2 !== null ? `CR2=${h8(e.cr2)}` : `env->regs[R_EAX]=${h8(regs.eax)}`;
  const where = symbols ? ` at ${symbols.format(e.eip)}` : "";
  const why = e.inferred ? ` (${e.cause ?? "inferred"})` : "";
  return `${String(n).padStart(6)}: v=${e.vector.toString(16).padStart(2, "0")} e=${h4(e.errorCode ?? 0)} i=${software ? 1 : 0} cpl=${regs.cpl} IP=${h4(regs.cs)}:${h8(e.eip)} pc=${h8(e.eip)} SP=${h4(regs.ss)}:${h8(regs.esp)} ${tail}  ${e.name}${where}${why}`;
}
function formatInstruction(eip, bytes, symbols) {
  const near = symbols ? (a) => {
    const s = symbols.lookup(a);
    return s && s.offset < 4096 ? s : null;
  } : void 0;
  const line = bytes.length ? disassemble(bytes, eip, { count: 1, ...near ? { symbols: near } : {} })[0] : void 0;
  const size = line && !line.invalid ? line.bytes.length : Math.min(bytes.length, 1);
  const hexBytes = Array.from(bytes.subarray(0, size), (b) => b.toString(16).padStart(2, "0")).join(" ");
  const sym = symbols ? symbols.format(eip) : "";
  const text = line ? line.text.trim() + (line.targetSymbol ? `  ; ${line.targetSymbol}` : "") : "(not mapped)";
  return `${hex(eip)} ${sym.padEnd(20)} ${hexBytes.padEnd(30)} ${text}`;
}

// emulator/keyboard.ts
var LSHIFT = 42;
var ROWS = [
  [2, "1", "!"],
  [3, "2", "@"],
  [4, "3", "#"],
  [5, "4", "$"],
  [6, "5", "%"],
  [7, "6", "^"],
  [8, "7", "&"],
  [9, "8", "*"],
  [10, "9", "("],
  [11, "0", ")"],
  [12, "-", "_"],
  [13, "=", "+"],
  [14, "\b", ""],
  [15, "	", ""],
  [16, "q", "Q"],
  [17, "w", "W"],
  [18, "e", "E"],
  [19, "r", "R"],
  [20, "t", "T"],
  [21, "y", "Y"],
  [22, "u", "U"],
  [23, "i", "I"],
  [24, "o", "O"],
  [25, "p", "P"],
  [26, "[", "{"],
  [27, "]", "}"],
  [28, "\n", ""],
  [30, "a", "A"],
  [31, "s", "S"],
  [32, "d", "D"],
  [33, "f", "F"],
  [34, "g", "G"],
  [35, "h", "H"],
  [36, "j", "J"],
  [37, "k", "K"],
  [38, "l", "L"],
  [39, ";", ":"],
  [40, "'", '"'],
  [41, "`", "~"],
  [43, "\\", "|"],
  [44, "z", "Z"],
  [45, "x", "X"],
  [46, "c", "C"],
  [47, "v", "V"],
  [48, "b", "B"],
  [49, "n", "N"],
  [50, "m", "M"],
  [51, ",", "<"],
  [52, ".", ">"],
  [53, "/", "?"],
  [57, " ", ""]
];
var KEYS = /* @__PURE__ */ new Map();
for (const [code, plain, shifted] of ROWS) {
  KEYS.set(plain, { code, shift: false });
  if (shifted) KEYS.set(shifted, { code, shift: true });
}
KEYS.set("\r", { code: 28, shift: false });
KEYS.set("\x1B", { code: 1, shift: false });
function scancodes(text) {
  const out = [];
  for (const ch of text) {
    const k = KEYS.get(ch);
    if (!k) continue;
    if (k.shift) out.push(LSHIFT);
    out.push(k.code, k.code | 128);
    if (k.shift) out.push(LSHIFT | 128);
  }
  return out;
}

// emulator/input.ts
var DEFAULT_EXPECT_TIMEOUT_MS = 1e4;
var SCREEN_EVERY_MS = 5;
var SCAN_KEEP = 4096;
var GuestInput = class {
  constructor(script, keys) {
    this.script = script;
    if (keys) this.held.push(...scancodes(keys));
  }
  script;
  held = [];
  step = 0;
  /** COM1 output since the last match (latin1), trimmed. */
  scan = "";
  stepStartMs = null;
  /**
   * Occurrences of the expected text on the screen when the step began (only new ones count): the screen
   * at the previous step's match, or the blank screen of power-on for the first step.
   */
  screenBaseline = 0;
  screenAtMatch = "";
  lastScreenAt = -Infinity;
  lastVgaWrites = -1;
  /** Keys typed by the host during the run (Machine.sendKeys): held until the guest can take them. */
  type(keys) {
    this.held.push(...scancodes(keys));
  }
  /** A COM1 byte the guest wrote (for expect). */
  serialOutput(byte) {
    if (this.step >= this.script.length) return;
    this.scan += String.fromCharCode(byte);
    const keep = SCAN_KEEP + (this.script[this.step]?.expect?.length ?? 0);
    if (this.scan.length > 2 * keep) this.scan = this.scan.slice(-keep);
  }
  /** True while something is still to be delivered or awaited (the machine calls pump() then). */
  get busy() {
    return this.held.length > 0 || this.step < this.script.length;
  }
  /**
   * Deliver what can be delivered and advance the script. `nowMs`: run time (active wall time, or guest time
   * under the virtual clock). Returns the expect-timeout verdict when an expected text is overdue.
   */
  pump(dev, nowMs, serialTail) {
    if (this.held.length > 0 && dev.keyboardReady()) {
      dev.keyboardScancodes(this.held);
      this.held = [];
    }
    while (this.step < this.script.length) {
      const s = this.script[this.step];
      if (s.expect !== void 0 && s.expect !== "") {
        if (this.stepStartMs === null) {
          this.stepStartMs = nowMs;
          this.screenBaseline = countIn(this.screenAtMatch ?? dev.screen().join("\n"), s.expect);
          this.lastScreenAt = -Infinity;
        }
        if (!this.matched(dev, s.expect, nowMs)) {
          const limit = s.timeoutMs ?? DEFAULT_EXPECT_TIMEOUT_MS;
          const waited = nowMs - this.stepStartMs;
          if (waited >= limit) return { kind: "expect-timeout", text: s.expect, waitedMs: Math.round(waited), eip: dev.eip(), serialTail: serialTail(), screen: dev.screen() };
          return null;
        }
      }
      if (s.keys) dev.keyboardScancodes(scancodes(s.keys));
      if (s.serial) dev.serialInput(new TextEncoder().encode(s.serial));
      this.step++;
      this.stepStartMs = null;
      this.screenAtMatch = this.step < this.script.length ? dev.screen().join("\n") : null;
    }
    return null;
  }
  matched(dev, text, nowMs) {
    const at = this.scan.indexOf(text);
    if (at >= 0) {
      this.scan = this.scan.slice(at + text.length);
      return true;
    }
    const writes = dev.vgaWrites();
    if (writes !== this.lastVgaWrites && nowMs - this.lastScreenAt >= SCREEN_EVERY_MS) {
      this.lastVgaWrites = writes;
      this.lastScreenAt = nowMs;
      if (countIn(dev.screen().join("\n"), text) > this.screenBaseline) {
        this.scan = "";
        return true;
      }
    }
    return false;
  }
};
function countIn(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

// emulator/loader.ts
var MULTIBOOT_INFO_MEMORY = 1 << 0;
var MULTIBOOT_INFO_BOOTDEV = 1 << 1;
var MULTIBOOT_INFO_CMDLINE = 1 << 2;
var MULTIBOOT_INFO_MODS = 1 << 3;
var MULTIBOOT_INFO_ELF_SHDR = 1 << 5;
var MULTIBOOT_INFO_MEM_MAP = 1 << 6;
var MULTIBOOT_INFO_BOOT_LOADER_NAME = 1 << 9;
var MULTIBOOT_INFO_VBE_INFO = 1 << 11;
var MULTIBOOT_INFO_FRAMEBUFFER_INFO = 1 << 12;
var MULTIBOOT_MEMORY_AVAILABLE = 1;
var MULTIBOOT_MEMORY_RESERVED = 2;
var QEMU = {
  mmap: 36864,
  info: 38144,
  infoSize: 88,
  gdt: 832184,
  esp: 28424,
  edi: 4096,
  eflags: 6,
  name: "qemu",
  codeSelector: 8,
  dataSelector: 16,
  bootDevice: 2147549183
};
var GRUB = {
  info: 65536,
  gdt: 4096,
  esp: 524032,
  eflags: 70,
  name: "GRUB 2.06",
  codeSelector: 16,
  dataSelector: 24
};
var PAGE = 4096;
var align = (n, a) => Math.ceil(n / a) * a;
var encoder = new TextEncoder();
var bytesOf = (s) => encoder.encode(s);
function firmwareMemoryMap(ramBytes) {
  return [
    [0, 654336, MULTIBOOT_MEMORY_AVAILABLE],
    [654336, 1024, MULTIBOOT_MEMORY_RESERVED],
    // EBDA
    [983040, 65536, MULTIBOOT_MEMORY_RESERVED],
    // BIOS
    [1048576, ramBytes - 1048576 - 131072, MULTIBOOT_MEMORY_AVAILABLE],
    [ramBytes - 131072, 131072, MULTIBOOT_MEMORY_RESERVED],
    // SeaBIOS keeps the top 128 KiB of RAM
    [4294705152, 262144, MULTIBOOT_MEMORY_RESERVED]
    // BIOS flash
  ];
}
function memLowerUpper(ramBytes) {
  return { lower: 654336 >> 10, upper: ramBytes - 1048576 - 131072 >>> 10 };
}
function tooLarge(plan, extra, end, mem) {
  return { ok: false, verdict: { kind: "kernel-too-large", segment: plan.chunks.length + extra, end, memoryBytes: mem.size } };
}
function writeMmap(mem, at, ranges) {
  ranges.forEach(([base, length, type], i) => {
    const e = at + i * 24;
    mem.writeU32(e, 20);
    mem.writeU32(e + 4, base);
    mem.writeU32(e + 8, 0);
    mem.writeU32(e + 12, length);
    mem.writeU32(e + 16, 0);
    mem.writeU32(e + 20, type);
  });
  return ranges.length * 24;
}
function writeGdt(mem, at, dwords) {
  dwords.forEach((d, i) => mem.writeU32(at + 4 * i, d));
  return dwords.length * 4 - 1;
}
function loadKernel(mem, input) {
  const { plan } = input;
  for (const c2 of plan.chunks) mem.write(c2.paddr, c2.data);
  if (plan.protocol === 2) return loadGrub(mem, input, 2);
  return (input.loader ?? "qemu") === "grub" ? loadGrub(mem, input, 1) : loadQemu(mem, input);
}
function loadQemu(mem, input) {
  const { plan, modules } = input;
  const n = modules.length;
  const kernelSize = plan.end - plan.low;
  const name = input.kernelName ?? "kernel";
  const modStrings = modules.map((m) => bytesOf(m.cmdline ?? ""));
  const cmdlineLen = bytesOf(name).length + 1 + bytesOf(input.cmdline ?? "").length + 1 + modStrings.reduce((s, b) => s + b.length + 1, 0);
  const mbinfo = align(kernelSize, PAGE);
  let cmdlines = mbinfo + 16 * n;
  let bufSize = align(mbinfo + cmdlineLen + 16 * n + bytesOf(QEMU.name).length + 1, PAGE);
  const loaderAt = cmdlines + cmdlineLen;
  const base = plan.low;
  const placed = [];
  for (let i = 0; i < n; i++) {
    const offs = bufSize;
    const c2 = cmdlines;
    cmdlines += modStrings[i].length + 1;
    bufSize = align(offs + modules[i].data.length, PAGE);
    placed.push({ start: base + offs, end: base + offs + modules[i].data.length, cmdline: base + c2 });
  }
  if (base + bufSize > mem.size) return tooLarge(plan, n, base + bufSize, mem);
  modStrings.forEach((b, i) => {
    mem.write(placed[i].cmdline, b);
  });
  placed.forEach((p, i) => {
    mem.write(p.start, modules[i].data);
    const e = base + mbinfo + 16 * i;
    mem.writeU32(e, p.start);
    mem.writeU32(e + 4, p.end);
    mem.writeU32(e + 8, p.cmdline);
  });
  const kcmdAt = base + cmdlines;
  mem.write(kcmdAt, bytesOf(`${name} ${input.cmdline ?? ""}`));
  mem.write(base + loaderAt, bytesOf(QEMU.name));
  const { lower, upper } = memLowerUpper(mem.size);
  const info = QEMU.info;
  mem.writeU32(info, MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_BOOTDEV | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS | MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME);
  mem.writeU32(info + 4, lower);
  mem.writeU32(info + 8, upper);
  mem.writeU32(info + 12, QEMU.bootDevice);
  mem.writeU32(info + 16, kcmdAt);
  mem.writeU32(info + 20, n);
  mem.writeU32(info + 24, base + mbinfo);
  mem.writeU32(info + 44, writeMmap(mem, QEMU.mmap, firmwareMemoryMap(mem.size)));
  mem.writeU32(info + 48, QEMU.mmap);
  mem.writeU32(info + 64, base + loaderAt);
  const gdtLimit = writeGdt(mem, QEMU.gdt, [0, 0, 65535, 13605376, 65535, 13603584, 65535, 40448, 65535, 37376]);
  return {
    ok: true,
    loader: "qemu",
    entry: {
      eip: plan.entry,
      eax: MULTIBOOT_BOOTLOADER_MAGIC,
      ebx: info,
      ecx: plan.entry,
      edx: (upper & 4294901760 | 1297) >>> 0,
      esi: 0,
      edi: QEMU.edi,
      ebp: 0,
      esp: QEMU.esp,
      eflags: QEMU.eflags,
      gdtBase: QEMU.gdt,
      gdtLimit,
      idtBase: 0,
      idtLimit: 1023,
      codeSelector: QEMU.codeSelector,
      dataSelector: QEMU.dataSelector
    }
  };
}
function placeAfterKernel(mem, input) {
  const { plan } = input;
  let next = plan.end;
  const table = plan.sections;
  let headers = null;
  if (table) {
    headers = table.headers.slice();
    const hv = new DataView(headers.buffer);
    for (const s of table.loads) {
      next = align(next, s.align);
      if (next + s.data.length > mem.size) return next + s.data.length;
      mem.write(next, s.data);
      hv.setUint32(s.index * table.entsize + 12, next, true);
      next += s.data.length;
    }
  }
  const modules = [];
  for (const m of input.modules) {
    const start = align(next, PAGE);
    if (start + m.data.length > mem.size) return start + m.data.length;
    mem.write(start, m.data);
    modules.push({ start, end: start + m.data.length });
    next = start + m.data.length;
  }
  return { headers, modules, next };
}
function loadGrub(mem, input, protocol) {
  const { plan } = input;
  const after = placeAfterKernel(mem, input);
  if (typeof after === "number") return tooLarge(plan, input.modules.length, after, mem);
  const { lower, upper } = memLowerUpper(mem.size);
  const mmap = firmwareMemoryMap(mem.size);
  const cmdline = input.cmdline ?? "";
  let ebx;
  if (protocol === 2) {
    ebx = align(after.next, PAGE);
    const table = plan.sections;
    const info = {
      loadBase: plan.low,
      cmdline,
      loaderName: GRUB.name,
      mmap,
      memLower: lower,
      memUpper: upper,
      modules: after.modules.map((m, i) => ({ ...m, cmdline: input.modules[i].cmdline ?? "" })),
      sections: table && after.headers ? { num: table.num, entsize: table.entsize, shndx: table.shndx, headers: after.headers } : { num: 0, entsize: 0, shndx: 0, headers: new Uint8Array(0) }
    };
    const size = multiboot2InfoSize(info);
    if (ebx + size > mem.size) return tooLarge(plan, input.modules.length + 1, ebx + size, mem);
    writeMultiboot2Info(mem, ebx, info);
  } else {
    const size = writeGrubInfo(MEASURE2, 0, input, after, lower, upper, mmap);
    const overlaps = (at) => plan.chunks.some((c2) => c2.paddr < at + size && at < c2.paddr + c2.memsz);
    ebx = overlaps(GRUB.info) ? align(after.next, PAGE) : GRUB.info;
    if (ebx + size > mem.size) return tooLarge(plan, input.modules.length + 1, ebx + size, mem);
    writeGrubInfo(mem, ebx, input, after, lower, upper, mmap);
  }
  const gdtLimit = writeGdt(mem, GRUB.gdt, [0, 0, 0, 0, 65535, 13605376, 65535, 13603328]);
  return {
    ok: true,
    loader: "grub",
    entry: {
      eip: plan.entry,
      eax: protocol === 2 ? MULTIBOOT2_BOOTLOADER_MAGIC : MULTIBOOT_BOOTLOADER_MAGIC,
      ebx,
      ecx: 0,
      edx: 0,
      esi: 0,
      edi: 0,
      ebp: 0,
      esp: GRUB.esp,
      eflags: GRUB.eflags,
      gdtBase: GRUB.gdt,
      gdtLimit,
      idtBase: 0,
      idtLimit: 1023,
      codeSelector: GRUB.codeSelector,
      dataSelector: GRUB.dataSelector
    }
  };
}
var MEASURE2 = { write() {
}, writeU32() {
} };
function writeGrubInfo(mem, info, input, after, lower, upper, mmap) {
  let p = info + 116;
  const put = (b) => {
    const at = p;
    mem.write(at, b);
    p += align(b.length, 4);
    return at;
  };
  let flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_BOOT_LOADER_NAME | MULTIBOOT_INFO_MEM_MAP;
  mem.writeU32(info + 16, put(bytesOf((input.cmdline ?? "") + "\0")));
  mem.writeU32(info + 64, put(bytesOf(GRUB.name + "\0")));
  p += 20;
  if (after.modules.length > 0) {
    flags |= MULTIBOOT_INFO_MODS;
    const list = p;
    p += 16 * after.modules.length;
    mem.writeU32(info + 20, after.modules.length);
    mem.writeU32(info + 24, list);
    after.modules.forEach((m, i) => {
      mem.writeU32(list + 16 * i, m.start);
      mem.writeU32(list + 16 * i + 4, m.end);
      mem.writeU32(list + 16 * i + 8, put(bytesOf((input.modules[i].cmdline ?? "") + "\0")));
    });
  }
  mem.writeU32(info + 44, writeMmap(mem, p, mmap));
  mem.writeU32(info + 48, p);
  p += mmap.length * 24;
  mem.writeU32(info + 4, lower);
  mem.writeU32(info + 8, upper);
  const table = input.plan.sections;
  if (table && after.headers) {
    flags |= MULTIBOOT_INFO_ELF_SHDR;
    mem.writeU32(info + 28, table.num);
    mem.writeU32(info + 32, table.entsize);
    mem.writeU32(info + 36, p);
    mem.writeU32(info + 40, table.shndx);
    mem.write(p, after.headers);
    p += after.headers.length;
  }
  flags |= MULTIBOOT_INFO_VBE_INFO | MULTIBOOT_INFO_FRAMEBUFFER_INFO;
  mem.write(p, bytesOf("VESA"));
  mem.write(p + 4, Uint8Array.of(0, 3));
  mem.writeU32(info + 72, p);
  const modeInfo = p + 512;
  mem.write(modeInfo + 18, Uint8Array.of(80, 0, 25, 0));
  mem.writeU32(info + 76, modeInfo);
  mem.write(info + 80, Uint8Array.of(3, 0));
  mem.writeU32(info + 88, 753664);
  mem.writeU32(info + 92, 0);
  mem.writeU32(info + 96, 160);
  mem.writeU32(info + 100, 80);
  mem.writeU32(info + 104, 25);
  mem.write(info + 108, Uint8Array.of(16, 2));
  mem.writeU32(info, flags);
  return modeInfo + 256 - info;
}

// emulator/memory.ts
var VGA_WINDOW_START = 655360;
var VGA_WINDOW_END = 786432;
function guestMemory(backing) {
  const check = (addr, length) => {
    const ram = backing.ram();
    if (!Number.isInteger(addr) || !Number.isInteger(length) || addr < 0 || length < 0 || addr + length > ram.length) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(ram.length)} bytes)`);
    }
    return ram;
  };
  const inVga = (addr, length) => addr < VGA_WINDOW_END && addr + length > VGA_WINDOW_START;
  const bytes = (addr, length) => {
    const ram = check(addr, length);
    const out = ram.slice(addr, addr + length);
    if (inVga(addr, length)) {
      const from = Math.max(addr, VGA_WINDOW_START), to = Math.min(addr + length, VGA_WINDOW_END);
      for (let a = from; a < to; a++) out[a - addr] = backing.vgaRead(a - VGA_WINDOW_START);
    }
    return out;
  };
  const u8 = (addr) => {
    const ram = check(addr, 1);
    return inVga(addr, 1) ? backing.vgaRead(addr - VGA_WINDOW_START) : ram[addr];
  };
  const u16 = (addr) => u8(addr) | u8(addr + 1) << 8;
  const u32 = (addr) => {
    const ram = check(addr, 4);
    if (inVga(addr, 4)) return (u16(addr) | u16(addr + 2) << 16) >>> 0;
    return (ram[addr] | ram[addr + 1] << 8 | ram[addr + 2] << 16 | ram[addr + 3] << 24) >>> 0;
  };
  const write = (addr, data) => {
    const ram = check(addr, data.length);
    if (!inVga(addr, data.length)) {
      ram.set(data, addr);
      return;
    }
    for (let i = 0; i < data.length; i++) {
      const a = addr + i;
      if (a >= VGA_WINDOW_START && a < VGA_WINDOW_END) backing.vgaWrite(a - VGA_WINDOW_START, data[i]);
      else ram[a] = data[i];
    }
  };
  const mem = {
    get size() {
      return backing.ram().length;
    },
    u8,
    u16,
    u32,
    bytes,
    write,
    cstring(addr, max = 4096) {
      let s = "";
      const size = backing.ram().length;
      for (let i = 0; i < max && addr + i < size; i++) {
        const c2 = u8(addr + i);
        if (c2 === 0) break;
        s += String.fromCharCode(c2);
      }
      return s;
    },
    writeU32(addr, value) {
      const ram = check(addr, 4);
      if (inVga(addr, 4)) {
        write(addr, Uint8Array.of(value & 255, value >>> 8 & 255, value >>> 16 & 255, value >>> 24 & 255));
        return;
      }
      ram[addr] = value & 255;
      ram[addr + 1] = value >>> 8 & 255;
      ram[addr + 2] = value >>> 16 & 255;
      ram[addr + 3] = value >>> 24 & 255;
    },
    virt(cr3) {
      return virtualMemory(mem, cr3);
    }
  };
  return mem;
}

// emulator/serial.ts
var MAX_LINE_BYTES = 64 * 1024;
var SerialSink = class {
  constructor(tailBytes, onBytes, onLine) {
    this.tailBytes = tailBytes;
    this.onBytes = onBytes;
    this.onLine = onLine;
    this.tail = new Uint8Array(Math.max(16, Math.min(tailBytes, 256)));
  }
  tailBytes;
  onBytes;
  onLine;
  tail;
  tailLength = 0;
  pending = [];
  partial = [];
  decoder = new TextDecoder("utf-8");
  total = 0;
  /** One byte from the UART (called synchronously while the CPU runs). */
  push(byte) {
    this.pending.push(byte);
    this.total++;
  }
  /** Deliver the bytes received since the last flush to listeners. */
  flush() {
    if (this.pending.length === 0) return;
    const chunk = Uint8Array.from(this.pending);
    this.pending = [];
    this.keepTail(chunk);
    this.onBytes(chunk);
    for (const b of chunk) {
      if (b === 10) {
        if (this.partial[this.partial.length - 1] === 13) this.partial.pop();
        this.onLine(this.decoder.decode(Uint8Array.from(this.partial)));
        this.partial = [];
      } else {
        this.partial.push(b);
        if (this.partial.length >= MAX_LINE_BYTES) {
          this.onLine(this.decoder.decode(Uint8Array.from(this.partial)));
          this.partial = [];
        }
      }
    }
  }
  /** At the end of the run: the unfinished last line, if any. */
  finish() {
    this.flush();
    if (this.partial.length > 0) {
      this.onLine(this.decoder.decode(Uint8Array.from(this.partial)));
      this.partial = [];
    }
  }
  keepTail(chunk) {
    const limit = this.tailBytes;
    if (limit <= 0) return;
    if (chunk.length >= limit) {
      if (this.tail.length < limit) this.tail = new Uint8Array(limit);
      this.tail.set(chunk.subarray(chunk.length - limit));
      this.tailLength = limit;
      return;
    }
    if (this.tailLength + chunk.length > this.tail.length) {
      const keep = Math.min(this.tailLength, limit - chunk.length);
      const grown = this.tail.length < limit ? new Uint8Array(Math.min(limit, Math.max(this.tail.length * 2, keep + chunk.length))) : this.tail;
      grown.set(this.tail.subarray(this.tailLength - keep, this.tailLength), 0);
      this.tail = grown;
      this.tailLength = keep;
    }
    this.tail.set(chunk, this.tailLength);
    this.tailLength += chunk.length;
  }
  /** The kept tail, decoded as UTF-8. */
  text() {
    return this.decoder.decode(this.tail.subarray(0, this.tailLength));
  }
};

// emulator/trace.ts
function installTrace(exec, opts, host) {
  const on = new Set(opts.events);
  const sink = opts.sink;
  const symbols = host.symbols;
  if (on.has("exec") || on.has("cpu")) {
    exec.onInstruction = (eip, at) => {
      if (on.has("cpu")) {
        const r = host.registers();
        sink(`cpu  ${formatRegisters({ ...r, eip: r.eip - 1 >>> 0 }).join(" ")}`);
      }
      if (on.has("exec")) sink(`exec ${String(at).padStart(10)} ${formatInstruction(eip, readLinearPrefix(host.memory, host.registers(), eip), symbols)}`);
    };
  }
  if (on.has("int") || on.has("pf")) {
    let n = 0;
    exec.onVector = (v) => {
      if (!on.has("int") && !(v.vector === 14 && !v.software)) return;
      const regs = host.registers();
      const record2 = { vector: v.vector, name: vectorName(v.vector, v.software), errorCode: v.errorCode, eip: v.eip, cr2: v.vector === 14 ? v.cr2 : null, at: v.at };
      sink(`int  ${formatException(n++, record2, { ...regs, cs: v.cs, ss: v.ss, esp: v.esp, cpl: v.cpl }, symbols).trimStart()}`);
    };
  }
}

// emulator/v86-adapter.ts
import { V86 } from "v86";

// emulator/index.ts
var EXIT_PORT = 244;
var CHECKPOINT_PORT = 1520;

// emulator/v86-adapter.ts
var FLAG_INTERRUPT = 512;
var FLAGS_RESERVED = 2;
var ES = 0;
var CS = 1;
var SS = 2;
var DS = 3;
var FS = 4;
var GS = 5;
var TR = 6;
var LDTR = 7;
function debugImports(box) {
  return {
    before_instruction(opcode) {
      const hooks = box.adapter?.debugHooks;
      if (hooks) return hooks.before_instruction(opcode);
      if (box.memory) new Int32Array(box.memory.buffer)[DEBUG_COUNTDOWN >> 2] = 2147483647;
      return 0;
    },
    breakpoint: (opcode) => box.adapter?.debugHooks?.breakpoint(opcode) ?? 0,
    interrupt: (vector, software, hasErrorCode, errorCode) => box.adapter?.debugHooks?.interrupt(vector, software, hasErrorCode, errorCode) ?? 0,
    control_register: (register, value) => box.adapter?.debugHooks?.control_register(register, value)
  };
}
var DEBUGCON_PORT = 233;
var JIT_DISABLED = 0;
var UNCOPYABLE = /* @__PURE__ */ Symbol("uncopyable");
function copyState(v, shareLarge = false) {
  if (v === null || typeof v !== "object") return typeof v === "function" ? UNCOPYABLE : v;
  if (ArrayBuffer.isView(v)) return shareLarge && v.byteLength > 4096 ? v : v.slice();
  const wrapped = v;
  if (!Array.isArray(v) && typeof wrapped.length === "number" && typeof wrapped.slice === "function") return wrapped.slice();
  if (Array.isArray(v)) {
    const out = [];
    for (const x of v) {
      const c2 = copyState(x, shareLarge);
      if (c2 === UNCOPYABLE) return UNCOPYABLE;
      out.push(c2);
    }
    return out;
  }
  return UNCOPYABLE;
}
function sameState(a, b, compareLarge) {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const la = a.length, lb = b.length;
  if (typeof la !== "number" || la !== lb) return false;
  if (!Array.isArray(a) && la > 4096 && !compareLarge) return true;
  const xa = Array.isArray(a) || ArrayBuffer.isView(a) ? a : a.slice();
  const xb = b;
  for (let i = 0; i < la; i++) if (!sameState(xa[i], xb[i], compareLarge)) return false;
  return true;
}
var RESET_DEVICES = ["rtc", "pit", "dma", "uart0", "ps2", "vga", "fdc", "parallel0"];
var PORT_DRIVEN = { fdc: ["fdc", "dma"], dma: ["dma"], parallel0: ["parallel0"] };
var CPU_LOW = [64, 128];
var CPU_HIGH = [512, 1280];
var V86_FLAGS = 120;
var V86_IN_HLT = 616;
var V86_COUNTER = 664;
var V86_CURRENT_TSC = 960;
var LARGE = "<space>";
function readQueue(q) {
  if (!q) return [];
  const out = [];
  for (let n = q.length; n > 0; n--) {
    const b = q.shift();
    out.push(b);
    q.push(b);
  }
  return out;
}
function writeQueue(q, bytes) {
  if (!q) return;
  q.clear();
  for (const b of bytes) q.push(b);
}
var clockOwner = null;
var hostNow = () => performance.now();
var guestNow = () => clockOwner ? clockOwner.now() : hostNow();
function installClock(emulator) {
  const statics = emulator.v86.constructor;
  if (typeof statics.microtick !== "function" || statics.microtick === guestNow) return;
  hostNow = statics.microtick;
  statics.microtick = guestNow;
}
var V86Adapter = class _V86Adapter {
  constructor(emulator, cpu, memoryBytes) {
    this.emulator = emulator;
    this.cpu = cpu;
    this.memoryBytes = memoryBytes;
  }
  emulator;
  cpu;
  memoryBytes;
  parked = false;
  parkedIF = 0;
  trapMessage = "";
  baseline = /* @__PURE__ */ new Map();
  baselinePic;
  counterBase = 0;
  counterLast = 0;
  destroyed = false;
  /** The guest (or host) wrote the VGA window since the last reset. */
  vgaMemoryDirty = false;
  /** Writes to the VGA window since the adapter started (input.ts reads the screen again after a change). */
  vgaWriteCount = 0;
  /** The guest read the keyboard controller's ports (0x60, 0x64) since the last reset. */
  keyboardPolled = false;
  alwaysCompareVga = false;
  /**
   * Port-driven devices (PORT_DRIVEN) the guest accessed since the last reset; null: not tracking, compare all.
   * Tracking starts after the first warm reset, so a one-shot run (no reset) never pays for wrapping the ports.
   */
  touched = null;
  trackingInstalled = false;
  /** Virtual clock: guest instructions per ms, or 0 for host wall time. */
  instructionsPerMs = 0;
  /** Virtual clock: its value at the last setClock (the host time at power-on, so device baselines agree). */
  clockEpoch = 0;
  /** Virtual clock: guest time skipped over `hlt` waits since the last setClock. */
  skippedMs = 0;
  /** Virtual clock: instructions() at the last setClock. */
  clockInstructions = 0;
  /** The execution-control hooks the patched wasm calls (emulator/exec-control.ts); null: none. */
  debugHooks = null;
  /** The wasm carries the debug-hooks fix (v86-fixes/debug-hooks.ts). */
  debuggable = false;
  wasmMemory = null;
  jit = false;
  /** v86's wasm memory (the debug hooks keep their state there: v86-fixes/debug-abi.ts). */
  wasmBuffer() {
    return this.wasmMemory ? this.wasmMemory.buffer : this.cpu.reg32.buffer;
  }
  /** Interpreter only (true: compiled blocks dropped, none compiled), so every instruction passes the debug hooks. */
  bypassJit(on) {
    this.cpu.set_jit_config(JIT_DISABLED, on || !this.jit ? 1 : 0);
    if (on) this.cpu.jit_clear_cache();
  }
  /** CR0, CR2, CR3 or CR4 as v86 holds it (cheap: for per-instruction checks). */
  controlRegister(n) {
    return this.cpu.cr[n] >>> 0;
  }
  /** Stop at the current instruction boundary for the debugger (the same park as the exit port's). */
  parkForDebugger() {
    this.park();
  }
  /** Registers beyond Registers: descriptor tables, TR, LDTR, CPL. */
  fullRegisters() {
    const cpu = this.cpu;
    return {
      ...this.registers(),
      gdtr: { base: cpu.gdtr_offset[0] >>> 0, limit: cpu.gdtr_size[0] & 65535 },
      idtr: { base: cpu.idtr_offset[0] >>> 0, limit: cpu.idtr_size[0] & 65535 },
      tr: cpu.sreg[TR],
      ldtr: cpu.sreg[LDTR],
      cpl: cpu.cpl[0]
    };
  }
  /** Write a register at a stop (eip is relative to CS's base, as the guest sees it). */
  setRegister(name, value) {
    const cpu = this.cpu;
    const gp = { eax: 0, ecx: 1, edx: 2, ebx: 3, esp: 4, ebp: 5, esi: 6, edi: 7 };
    const seg = { es: ES, cs: CS, ss: SS, ds: DS, fs: FS, gs: GS };
    if (name in gp) {
      cpu.reg32[gp[name]] = value | 0;
      return;
    }
    if (name === "eip") {
      cpu.instruction_pointer[0] = value + cpu.segment_offsets[CS] | 0;
      cpu.last_virt_eip[0] = -1;
      return;
    }
    if (name === "eflags") {
      if (this.parked) {
        this.parkedIF = value & FLAG_INTERRUPT;
        value &= ~FLAG_INTERRUPT;
      }
      cpu.flags[0] = value | FLAGS_RESERVED;
      cpu.flags_changed[0] = 0;
      return;
    }
    if (name in seg) {
      cpu.sreg[seg[name]] = value & 65535;
      return;
    }
    const cr = { cr0: 0, cr2: 2, cr3: 3, cr4: 4 }[name];
    cpu.cr[cr] = value | 0;
    if (cr !== 2) cpu.full_clear_tlb();
  }
  static async create(opts) {
    let trapText = "";
    const box = {};
    const emulator = new V86({
      wasm_fn: async (imports) => {
        const env = imports["env"];
        env["microtick"] = guestNow;
        const original = env["console_log_from_wasm"];
        let instanceMemory = null;
        env["console_log_from_wasm"] = (offset, len) => {
          if (!instanceMemory) {
            original(offset, len);
            return;
          }
          const bytes = new Uint8Array(instanceMemory.buffer, offset >>> 0, len >>> 0);
          const text = new TextDecoder().decode(bytes).trim().split("\n").pop().trim();
          trapText = trapText ? trapText + "; " + text : text;
          if (box.adapter) box.adapter.trapMessage = trapText;
        };
        imports[DEBUG_IMPORT_MODULE] = { ...debugImports(box) };
        const instance = await WebAssembly.instantiate(opts.wasmModule, imports);
        instanceMemory = instance.exports["memory"];
        box.memory = instanceMemory;
        return instance.exports;
      },
      memory_size: opts.memoryBytes,
      vga_memory_size: 256 * 1024,
      autostart: false,
      disable_speaker: true,
      disable_mouse: true,
      // No key listeners of its own on the page: the lab forwards keys only while its screen has focus (web/vga-view.ts).
      disable_keyboard: true,
      acpi: false,
      log_level: 0
    });
    await new Promise((resolve) => emulator.add_listener("emulator-loaded", () => resolve()));
    installClock(emulator);
    const cpu = emulator.v86.cpu;
    cpu.set_jit_config(JIT_DISABLED, opts.jit ? 0 : 1);
    const adapter = new _V86Adapter(emulator, cpu, cpu.memory_size[0]);
    adapter.wasmMemory = box.memory ?? null;
    adapter.jit = !!opts.jit;
    adapter.debuggable = WebAssembly.Module.imports(opts.wasmModule).some((i) => i.module === DEBUG_IMPORT_MODULE);
    adapter.clockEpoch = hostNow();
    box.adapter = adapter;
    adapter.install(opts.events);
    const timers = cpu.run_hardware_timers.bind(cpu);
    let lastWait = 100;
    cpu.run_hardware_timers = (acpi, now) => adapter.holdTimers?.() ? lastWait : lastWait = timers(acpi, now);
    const ps2 = cpu.devices.ps2;
    if (ps2) ps2.enable_keyboard_stream = true;
    adapter.captureBaseline();
    return adapter;
  }
  install(events) {
    const io = this.cpu.io;
    const adapter = this;
    const vga = this.cpu.devices.vga;
    if (vga) {
      const write = vga.vga_memory_write.bind(vga);
      try {
        vga.vga_memory_write = (addr, value) => {
          this.vgaMemoryDirty = true;
          this.vgaWriteCount++;
          write(addr, value);
        };
      } catch {
        this.alwaysCompareVga = true;
      }
    }
    const exit = (v) => {
      this.park();
      events.exit(v & 255);
    };
    io.register_write(EXIT_PORT, this.cpu, exit, exit, exit);
    const checkpoint = (v) => {
      this.park();
      events.checkpoint(v >>> 0);
    };
    io.register_write(CHECKPOINT_PORT, this.cpu, checkpoint, checkpoint, checkpoint);
    io.register_write(DEBUGCON_PORT, this.cpu, (v) => events.debugconByte(v & 255));
    io.register_read(DEBUGCON_PORT, this.cpu, () => DEBUGCON_PORT);
    this.emulator.add_listener("serial0-output-byte", (b) => events.serialByte(b));
    for (const port of [96, 100]) {
      const entry = io.ports?.[port];
      if (!entry) continue;
      const read8 = entry.read8;
      entry.read8 = function(p) {
        adapter.keyboardPolled = true;
        return read8.call(this, p);
      };
    }
  }
  /** Wrap the port handlers of PORT_DRIVEN devices so an access marks them for the next warm reset. */
  trackPortDrivenDevices() {
    const ports = this.cpu.io.ports;
    if (!Array.isArray(ports) || ports.length !== 65536) return;
    const byDevice = /* @__PURE__ */ new Map();
    for (const name of Object.keys(PORT_DRIVEN)) {
      const dev = this.cpu.devices[name];
      if (dev) byDevice.set(dev, PORT_DRIVEN[name]);
    }
    const touched = /* @__PURE__ */ new Set();
    const HANDLERS = ["read8", "read16", "read32", "write8", "write16", "write32"];
    for (const port of ports) {
      const marks = port.device ? byDevice.get(port.device) : void 0;
      if (!marks) continue;
      for (const h of HANDLERS) {
        const original = port[h];
        port[h] = function(v) {
          for (const m of marks) touched.add(m);
          return original.call(this, v);
        };
      }
    }
    this.touched = touched;
  }
  captureBaseline() {
    for (const name of RESET_DEVICES) {
      const dev = this.cpu.devices[name];
      if (!dev?.get_state || !dev.set_state) continue;
      const copy = copyState(dev.get_state());
      if (copy !== UNCOPYABLE) this.baseline.set(name, copy);
    }
    this.baselinePic = copyState(this.cpu.get_state_pic());
  }
  /** Stop the current slice after the instruction that is executing now (used by the port handlers and the debugger). */
  park() {
    if (this.parked) return;
    this.parked = true;
    this.parkedIF = this.cpu.flags[0] & FLAG_INTERRUPT;
    this.cpu.flags[0] = this.cpu.flags[0] & ~FLAG_INTERRUPT;
    this.cpu.in_hlt[0] = 1;
  }
  /** Continue after a checkpoint. */
  unpark() {
    if (!this.parked) return;
    this.parked = false;
    this.cpu.flags[0] = this.cpu.flags[0] | this.parkedIF;
    this.cpu.in_hlt[0] = 0;
  }
  get isParked() {
    return this.parked;
  }
  // ---- machine state (time travel: emulator/state.ts) ----
  /**
   * While true, v86's device timers (PIT, RTC) do not run when main_loop calls them. The time-travel driver
   * holds them at stops the host adds (a seek's target, a breakpoint), so that where a host stops never
   * changes when a timer interrupt lands: the run repeats whatever the stops.
   */
  holdTimers = null;
  /** Deliver a pending interrupt now (v86's handle_irqs: only with IF = 1), as main_loop does after its timers. */
  handleIrqs() {
    clockOwner = this;
    this.cpu.handle_irqs();
  }
  /**
   * The byte regions a state is made of besides the CPU: guest RAM, and the VGA's memories (planes, the
   * Bochs VBE framebuffer, the rendered pixels). Fresh views each call (v86's wasm memory can grow).
   */
  spaces() {
    const out = [{ name: "ram", bytes: this.cpu.mem8 }];
    const vga = this.cpu.devices.vga;
    if (vga) {
      out.push({ name: "vga", bytes: vga.vga_memory });
      const s = vga.svga_memory;
      out.push({ name: "svga", bytes: new Uint8Array(s.buffer, s.byteOffset, s.length) });
      out.push({ name: "pixels", bytes: vga.pixel_buffer });
    }
    return out;
  }
  /** CPU, FPU, PIC, devices and the adapter's own bookkeeping (not RAM or VGA memory: spaces()). */
  saveState() {
    const cpu = this.cpu;
    cpu.store_current_tsc();
    const wasm = new Uint8Array(this.wasmBuffer());
    const bytes = new Uint8Array(CPU_LOW[1] - CPU_LOW[0] + CPU_HIGH[1] - CPU_HIGH[0]);
    bytes.set(wasm.subarray(CPU_LOW[0], CPU_LOW[1]), 0);
    bytes.set(wasm.subarray(CPU_HIGH[0], CPU_HIGH[1]), CPU_LOW[1] - CPU_LOW[0]);
    if (this.parked) {
      const dv = new DataView(bytes.buffer);
      const flagsAt = V86_FLAGS - CPU_LOW[0];
      dv.setInt32(flagsAt, dv.getInt32(flagsAt, true) | this.parkedIF, true);
      bytes[V86_IN_HLT - CPU_HIGH[0] + (CPU_LOW[1] - CPU_LOW[0])] = 0;
    }
    const devices = [];
    for (const name of RESET_DEVICES) {
      const dev = cpu.devices[name];
      if (!dev?.get_state) continue;
      let state = dev.get_state();
      if (name === "vga" && Array.isArray(state) && cpu.devices.vga) {
        const v = cpu.devices.vga;
        state = state.map((x) => x === v.vga_memory || x === v.svga_memory || x === v.pixel_buffer ? LARGE : x);
      }
      const copy = copyState(state);
      if (copy !== UNCOPYABLE) devices.push([name, copy]);
    }
    const uart = cpu.devices.uart0, ps2 = cpu.devices.ps2;
    return {
      cpu: bytes,
      pic: copyState(cpu.get_state_pic()),
      devices,
      uartInput: uart && Array.isArray(uart.input) ? [...uart.input] : [],
      keyboardBuffer: readQueue(ps2?.kbd_buffer),
      mouseBuffer: readQueue(ps2?.mouse_buffer),
      clock: [this.instructionsPerMs, this.clockEpoch, this.skippedMs, this.clockInstructions],
      instructions: this.instructions(),
      keyboardPolled: this.keyboardPolled
    };
  }
  /** Put a saveState() back (the spaces are restored by the caller first). A parked adapter stays parked. */
  restoreState(state) {
    const cpu = this.cpu;
    clockOwner = this;
    const wasParked = this.parked;
    const wasm = new Uint8Array(this.wasmBuffer());
    wasm.set(state.cpu.subarray(0, CPU_LOW[1] - CPU_LOW[0]), CPU_LOW[0]);
    wasm.set(state.cpu.subarray(CPU_LOW[1] - CPU_LOW[0]), CPU_HIGH[0]);
    [this.instructionsPerMs, this.clockEpoch, this.skippedMs, this.clockInstructions] = state.clock;
    const counter = new Uint32Array(this.wasmBuffer(), 0, 1024)[V86_COUNTER >> 2];
    this.counterBase = state.instructions;
    this.counterLast = counter;
    const tsc = new DataView(state.cpu.buffer, state.cpu.byteOffset).getBigUint64(V86_CURRENT_TSC - CPU_HIGH[0] + (CPU_LOW[1] - CPU_LOW[0]), true);
    cpu.set_tsc(Number(tsc & 0xffffffffn), Number(tsc >> 32n));
    cpu.set_state_pic(copyState(state.pic));
    const vga = cpu.devices.vga;
    for (const [name, saved] of state.devices) {
      const dev = cpu.devices[name];
      if (!dev?.set_state) continue;
      let s = copyState(saved);
      if (name === "vga" && Array.isArray(s) && vga) {
        const live = vga.get_state();
        s = s.map((x, i) => x === LARGE ? live[i] : x);
        if (sameState(s, live, false)) continue;
      }
      dev.set_state(s);
    }
    const uart = cpu.devices.uart0, ps2 = cpu.devices.ps2;
    if (uart) uart.input = [...state.uartInput];
    writeQueue(ps2?.kbd_buffer, state.keyboardBuffer);
    writeQueue(ps2?.mouse_buffer, state.mouseBuffer);
    this.keyboardPolled = state.keyboardPolled;
    cpu.update_state_flags();
    cpu.full_clear_tlb();
    cpu.jit_clear_cache();
    this.parked = false;
    if (wasParked) this.park();
  }
  /** Power-on state without re-creating the instance: CPU reset, RAM zeroed, devices back to their first state. */
  warmReset() {
    const cpu = this.cpu;
    clockOwner = this;
    this.parked = false;
    this.trapMessage = "";
    cpu.reset_cpu();
    cpu.mem8.fill(0);
    const touched = this.touched;
    for (const [name, state] of this.baseline) {
      if (touched && name in PORT_DRIVEN && !touched.has(name)) continue;
      const dev = cpu.devices[name];
      if (!sameState(dev.get_state(), state, name === "vga" && (this.vgaMemoryDirty || this.alwaysCompareVga))) dev.set_state(copyState(state, true));
    }
    this.vgaMemoryDirty = false;
    this.keyboardPolled = false;
    touched?.clear();
    if (!this.trackingInstalled) {
      this.trackingInstalled = true;
      this.trackPortDrivenDevices();
    }
    cpu.set_state_pic(copyState(this.baselinePic));
    const uart = cpu.devices.uart0;
    if (uart) uart.input = [];
    const ps2 = cpu.devices.ps2;
    if (ps2) {
      ps2.reset();
      ps2.enable_keyboard_stream = true;
    }
    cpu.full_clear_tlb();
    cpu.jit_clear_cache();
    cpu.instruction_counter[0] = 0;
    this.counterBase = 0;
    this.counterLast = 0;
  }
  /** The multiboot machine state (Multiboot spec 3.2): flat 32-bit protected mode, paging off, IF = 0, and the loader's registers. */
  enterProtectedMode(state) {
    const cpu = this.cpu;
    const r = cpu.reg32;
    r[0] = state.eax;
    r[1] = state.ecx;
    r[2] = state.edx;
    r[3] = state.ebx;
    r[4] = state.esp;
    r[5] = state.ebp;
    r[6] = state.esi;
    r[7] = state.edi;
    cpu.cr[0] = 17;
    cpu.cr[2] = 0;
    cpu.cr[3] = 0;
    cpu.cr[4] = 0;
    cpu.protected_mode[0] = 1;
    cpu.flags[0] = (state.eflags | FLAGS_RESERVED) & ~FLAG_INTERRUPT;
    cpu.flags_changed[0] = 0;
    cpu.is_32[0] = 1;
    cpu.stack_size_32[0] = 1;
    cpu.cpl[0] = 0;
    cpu.gdtr_offset[0] = state.gdtBase;
    cpu.gdtr_size[0] = state.gdtLimit;
    cpu.idtr_offset[0] = state.idtBase;
    cpu.idtr_size[0] = state.idtLimit;
    for (let i = 0; i < 6; i++) {
      cpu.segment_is_null[i] = 0;
      cpu.segment_offsets[i] = 0;
      cpu.segment_limits[i] = 4294967295;
      cpu.segment_access_bytes[i] = i === CS ? 155 : 147;
      cpu.sreg[i] = i === CS ? state.codeSelector : state.dataSelector;
    }
    cpu.instruction_pointer[0] = state.eip | 0;
    cpu.in_hlt[0] = 0;
    cpu.update_state_flags();
    cpu.full_clear_tlb();
  }
  /**
   * The guest's clock from now on (call after warmReset, before the first slice). null: host wall time.
   * `{ mips }`: virtual time, `mips` million guest instructions per second, starting at the time of power-on
   * (the time in the devices' baseline), so every boot of the same kernel with the same input takes its timer
   * interrupts at the same instructions.
   */
  setClock(clock) {
    this.instructionsPerMs = clock ? clock.mips * 1e3 : 0;
    this.skippedMs = 0;
    this.clockInstructions = this.instructions();
  }
  /** The guest's time in ms, as v86's timers read it. */
  now() {
    if (this.instructionsPerMs === 0) return hostNow();
    return this.clockEpoch + this.guestMs();
  }
  /** Virtual clock only: guest ms since setClock (instructions run, plus waits skipped). */
  guestMs() {
    return this.skippedMs + (this.instructions() - this.clockInstructions) / this.instructionsPerMs;
  }
  /** Virtual clock only: the guest waits in `hlt` for a timer `ms` away; let that time pass at once. */
  skipIdle(ms) {
    this.skippedMs += Math.max(ms, 1e-3);
  }
  /** Run one main_loop slice and say how it ended. Never throws for guest behaviour. */
  runSlice() {
    const cpu = this.cpu;
    clockOwner = this;
    let waitMs = 0;
    try {
      waitMs = cpu.main_loop();
    } catch (e) {
      this.countInstructions();
      const msg = this.trapMessage || (e instanceof Error ? e.message : String(e));
      return { kind: "trap", message: msg };
    }
    this.countInstructions();
    if (this.parked) return { kind: "parked" };
    if (cpu.in_hlt[0]) {
      if (!(cpu.flags[0] & FLAG_INTERRUPT)) return { kind: "halted" };
      return { kind: "idle", waitMs: Math.max(0, waitMs) };
    }
    return { kind: "running" };
  }
  countInstructions() {
    const now = this.cpu.instruction_counter[0];
    this.counterBase += now - this.counterLast >>> 0;
    this.counterLast = now;
  }
  /** Guest instructions executed since warmReset (not limited to 32 bits). */
  instructions() {
    this.countInstructions();
    return this.counterBase;
  }
  /** Live view of guest RAM. Copy what must outlive the next instruction. */
  ram() {
    return this.cpu.mem8;
  }
  /** A byte of the VGA window as the guest reads it (offset 0 = physical 0xA0000), without disturbing the latches. */
  vgaRead(offset) {
    const vga = this.cpu.devices.vga;
    if (!vga) return 255;
    const latch = vga.latch_dword;
    const v = vga.vga_memory_read(655360 + offset);
    vga.latch_dword = latch;
    return v & 255;
  }
  /** The Bochs VBE linear framebuffer while the guest has it enabled (a copy of its visible bytes), else null. */
  framebuffer() {
    const vga = this.cpu.devices.vga;
    if (!vga || !vga.svga_enabled || !vga.svga_width || !vga.svga_height) return null;
    const length = Math.min(vga.svga_width * vga.svga_height * Math.ceil(vga.svga_bpp / 8), vga.svga_memory.length - vga.svga_offset);
    return { width: vga.svga_width, height: vga.svga_height, bpp: vga.svga_bpp, bytes: vga.svga_memory.slice(vga.svga_offset, vga.svga_offset + Math.max(0, length)) };
  }
  vgaWrite(offset, value) {
    this.cpu.devices.vga?.vga_memory_write(655360 + offset, value & 255);
  }
  registers() {
    const cpu = this.cpu, r = cpu.reg32, s = cpu.sreg;
    let eflags = cpu.get_eflags() >>> 0;
    if (this.parked) eflags = eflags & ~FLAG_INTERRUPT | this.parkedIF;
    return {
      eax: r[0] >>> 0,
      ecx: r[1] >>> 0,
      edx: r[2] >>> 0,
      ebx: r[3] >>> 0,
      esp: r[4] >>> 0,
      ebp: r[5] >>> 0,
      esi: r[6] >>> 0,
      edi: r[7] >>> 0,
      eip: cpu.get_real_eip() >>> 0,
      eflags,
      es: s[ES],
      cs: s[CS],
      ss: s[SS],
      ds: s[DS],
      fs: s[FS],
      gs: s[GS],
      cr0: cpu.cr[0] >>> 0,
      cr2: cpu.cr[2] >>> 0,
      cr3: cpu.cr[3] >>> 0,
      cr4: cpu.cr[4] >>> 0
    };
  }
  /**
   * Turn v86's x86→wasm JIT on or off from the next block on (hot blocks are compiled asynchronously, so the
   * driver must yield to the event loop for compiled code to arrive: machine.ts does every 2 ms).
   */
  setJit(on) {
    this.cpu.set_jit_config(JIT_DISABLED, on ? 0 : 1);
  }
  /** Queue bytes into COM1's receive buffer (raises the UART's interrupt if the guest enabled it). */
  serialInput(bytes) {
    clockOwner = this;
    for (const b of bytes) this.emulator.bus.send("serial0-input", b);
  }
  /**
   * The guest can take keys now: it read port 0x60 or 0x64 since the last reset (polling), or IRQ 1 is
   * unmasked at the master PIC while IF = 1 (interrupt driven).
   */
  keyboardReady() {
    if (this.keyboardPolled) return true;
    const eflags = this.parked ? this.parkedIF : this.cpu.flags[0];
    if (!(eflags & FLAG_INTERRUPT)) return false;
    const at = this.cpu.get_pic_addr_master?.();
    if (typeof at !== "number") return true;
    return (new Uint8Array(this.cpu.mem8.buffer, at >>> 0, 1)[0] & 2) !== 0;
  }
  /** Guest writes to the VGA window so far (a change counter). */
  vgaWrites() {
    return this.vgaWriteCount;
  }
  /** Queue PS/2 set-1 scancodes in the keyboard controller. */
  keyboardScancodes(codes) {
    clockOwner = this;
    for (const c2 of codes) this.emulator.bus.send("keyboard-code", c2);
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    if (clockOwner === this) clockOwner = null;
    try {
      void this.emulator.destroy().catch(() => {
      });
    } catch {
    }
  }
};

// emulator/v86-fixes/binary.ts
var WasmPatchError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "WasmPatchError";
  }
  code;
};
var UTF8 = new TextDecoder();
var UTF8_ENCODER = new TextEncoder();
var Reader2 = class {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }
  bytes;
  pos;
  end;
  u8() {
    if (this.pos >= this.end) throw new WasmPatchError("wasm-malformed", `unexpected end of data at offset ${this.pos}`);
    return this.bytes[this.pos++];
  }
  u32() {
    let result = 0, shift = 0;
    for (; ; ) {
      const b = this.u8();
      result += (b & 127) * 2 ** shift;
      if (!(b & 128)) return result;
      shift += 7;
      if (shift > 35) throw new WasmPatchError("wasm-malformed", `LEB128 too long at offset ${this.pos}`);
    }
  }
  /** Signed LEB128 of any width, value discarded (immediates of i32/i64.const). */
  skipSigned() {
    while (this.u8() & 128) {
    }
  }
  s32() {
    let result = 0, shift = 0, b = 0;
    do {
      b = this.u8();
      result |= (b & 127) << shift;
      shift += 7;
    } while (b & 128 && shift < 35);
    if (shift < 32 && b & 64) result |= -1 << shift;
    return result | 0;
  }
  take(n) {
    if (this.pos + n > this.end) throw new WasmPatchError("wasm-malformed", `unexpected end of data at offset ${this.pos}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name() {
    return UTF8.decode(this.take(this.u32()));
  }
  get done() {
    return this.pos >= this.end;
  }
};
function uleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 128;
    out.push(b);
  } while (n);
  return out;
}
function sleb(n) {
  const out = [];
  let v = BigInt(n);
  for (; ; ) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if (v === 0n && !(b & 64) || v === -1n && b & 64) {
      out.push(b);
      return out;
    }
    out.push(b | 128);
  }
}
function encodeName(s) {
  const b = UTF8_ENCODER.encode(s);
  return [...uleb(b.length), ...b];
}
function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// emulator/v86-fixes/instructions.ts
var OP_BLOCK = 2;
var OP_LOOP = 3;
var OP_IF = 4;
var OP_END = 11;
var OP_CALL = 16;
var OP_CALL_INDIRECT = 17;
var OP_LOCAL_GET = 32;
var OP_LOCAL_SET = 33;
var OP_I32_LOAD = 40;
var OP_I32_CONST = 65;
var OP_I32_AND = 113;
var OP_I32_ADD = 106;
var OP_REF_FUNC = 210;
var VALTYPES = /* @__PURE__ */ new Set([127, 126, 125, 124, 123, 112, 111]);
function walkInstructions(code, visit) {
  const r = new Reader2(code);
  while (!r.done) {
    const at = r.pos;
    const op = r.u8();
    const immediateAt = r.pos;
    const ins = { op, at, immediateAt, end: 0 };
    if (op === OP_BLOCK || op === OP_LOOP || op === OP_IF) {
      const b = code[r.pos];
      if (b === 64 || VALTYPES.has(b)) r.pos++;
      else r.skipSigned();
    } else if (op === 12 || op === 13) r.u32();
    else if (op === 14) {
      for (let n = r.u32(); n >= 0; n--) r.u32();
    } else if (op === OP_CALL || op === 18 || op === OP_REF_FUNC) ins.value = r.u32();
    else if (op === OP_CALL_INDIRECT || op === 19) {
      r.u32();
      r.u32();
    } else if (op === 28) {
      for (let n = r.u32(); n > 0; n--) r.u8();
    } else if (op >= 32 && op <= 38) ins.value = r.u32();
    else if (op >= 40 && op <= 62) {
      r.u32();
      ins.memOffset = r.u32();
    } else if (op === 63 || op === 64) r.u8();
    else if (op === OP_I32_CONST) ins.value = r.s32();
    else if (op === 66) r.skipSigned();
    else if (op === 67) r.take(4);
    else if (op === 68) r.take(8);
    else if (op === 208) r.u8();
    else if (op === 252) {
      const sub = r.u32();
      ins.sub = sub;
      if (sub <= 7) {
      } else if (sub === 8) {
        r.u32();
        r.u8();
      } else if (sub === 9 || sub === 13 || sub >= 15 && sub <= 17) r.u32();
      else if (sub === 10) {
        r.u8();
        r.u8();
      } else if (sub === 11) r.u8();
      else if (sub === 12 || sub === 14) {
        r.u32();
        r.u32();
      } else throw new WasmPatchError("wasm-unsupported", `instruction 0xfc ${sub} at offset ${at}`);
    } else if (op === 253) {
      const sub = r.u32();
      ins.sub = sub;
      if (sub <= 11 || sub === 92 || sub === 93) {
        r.u32();
        ins.memOffset = r.u32();
      } else if (sub === 12 || sub === 13) r.take(16);
      else if (sub >= 21 && sub <= 34) r.u8();
      else if (sub >= 84 && sub <= 91) {
        r.u32();
        ins.memOffset = r.u32();
        r.u8();
      }
    } else if (op <= 1 || op === 5 || op === OP_END || op === 15 || op === 26 || op === 27 || op >= 69 && op <= 196 || op === 209) {
    } else throw new WasmPatchError("wasm-unsupported", `instruction 0x${op.toString(16)} at offset ${at}`);
    ins.end = r.pos;
    visit(ins);
  }
}
function instructions(code) {
  const out = [];
  walkInstructions(code, (i) => out.push(i));
  return out;
}
function findSequences(code, pattern) {
  const all = instructions(code);
  const out = [];
  for (let i = 0; i + pattern.length <= all.length; i++) {
    let ok = true;
    for (let k = 0; k < pattern.length && ok; k++) {
      const p = pattern[k], ins = all[i + k];
      ok = ins.op === p.op && (p.value === void 0 || ins.value === p.value) && (p.memOffset === void 0 || ins.memOffset === p.memOffset);
    }
    if (ok) out.push(all.slice(i, i + pattern.length));
  }
  return out;
}

// emulator/v86-fixes/fix.ts
function expectSequences(module, name, pattern, count = 1) {
  const index = module.functionIndex(name);
  const found = findSequences(module.body(index).code, pattern);
  if (found.length !== count) {
    throw new WasmPatchError("wasm-pattern-not-found", `${name}: expected ${count} match(es) of the patched code, found ${found.length} (a different v86 build?)`);
  }
  return found;
}
function rustFunction(module, name) {
  const suffix = `${name.length}${name}`;
  const found = module.functionsEndingWith(suffix);
  if (found.length !== 1) throw new WasmPatchError("wasm-no-such-function", `v86.wasm: ${found.length} functions named ${name}`);
  return found[0].name;
}

// emulator/v86-fixes/cr3-low-bits.ts
var OP_I32_SHR_U = 118;
var SET_CR3_MASK = -4072;
function apply(module) {
  const walk = rustFunction(module, "do_page_walk");
  const [pde] = expectSequences(module, walk, [
    { op: OP_I32_LOAD },
    { op: OP_LOCAL_GET },
    { op: OP_I32_CONST, value: 20 },
    { op: OP_I32_SHR_U },
    { op: OP_I32_CONST, value: 4092 },
    { op: OP_I32_AND },
    { op: OP_I32_ADD }
  ]);
  const load2 = pde[0];
  module.spliceCode(module.functionIndex(walk), [{ at: load2.end, insert: [OP_I32_CONST, ...sleb(-4096), OP_I32_AND] }]);
  for (const name of ["instr_0F22", rustFunction(module, "do_task_switch")]) {
    const [site] = expectSequences(module, name, [
      { op: OP_LOCAL_GET },
      { op: OP_I32_CONST, value: SET_CR3_MASK },
      { op: OP_I32_AND },
      { op: OP_LOCAL_SET }
    ]);
    const mask = site[1];
    module.spliceCode(module.functionIndex(name), [{ at: mask.at, remove: mask.end - mask.at, insert: [OP_I32_CONST, ...sleb(-1)] }]);
  }
}
var cr3LowBits = {
  id: "cr3-low-bits",
  title: "the page walk ignores CR3 bits 0-11 (PWT, PCD); CR3 reads back as written",
  wrong: "do_page_walk adds CR3 unmasked to PDX*4, so PWT/PCD in CR3 move every PDE read 8 or 16 bytes; mov cr3 drops bits 0-2 and 5-11",
  diff: "cr3-low-bits.diff",
  apply
};

// emulator/v86-fixes/wasm-module.ts
var SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12
};
var EXTERN = { func: 0, table: 1, memory: 2, global: 3 };
var I32 = 127;
var WasmModule = class _WasmModule {
  sections;
  bodies = null;
  codePayload = null;
  bodiesChanged = false;
  namesCache = null;
  constructor(sections) {
    this.sections = sections;
  }
  static parse(bytes) {
    const r = new Reader2(bytes);
    const magic = r.take(8);
    if (magic[0] !== 0 || magic[1] !== 97 || magic[2] !== 115 || magic[3] !== 109 || magic[4] !== 1) {
      throw new WasmPatchError("wasm-malformed", "not a WebAssembly 1.0 module (bad magic or version)");
    }
    const sections = [];
    while (!r.done) {
      const id = r.u8();
      const size = r.u32();
      const payload = r.take(size);
      if (id === SECTION.custom) {
        const sr = new Reader2(payload);
        const name = sr.name();
        sections.push({ id, name, payload });
      } else sections.push({ id, payload });
    }
    return new _WasmModule(sections);
  }
  encode() {
    this.flushBodies();
    const parts = [[0, 97, 115, 109, 1, 0, 0, 0]];
    for (const s of this.sections) parts.push([s.id, ...uleb(s.payload.length)], s.payload);
    return concat(parts);
  }
  section(id, name) {
    return this.sections.find((s) => s.id === id && (name === void 0 || s.name === name));
  }
  /** Put a section in its place (custom sections go last), replacing one with the same id (and name). */
  setSection(id, payload, name) {
    const i = this.sections.findIndex((s) => s.id === id && (name === void 0 || s.name === name));
    const section = name === void 0 ? { id, payload } : { id, name, payload };
    if (i >= 0) {
      this.sections[i] = section;
      return;
    }
    if (id === SECTION.custom) {
      this.sections.push(section);
      return;
    }
    const order = (x) => x === SECTION.dataCount ? 9.5 : x;
    let at = this.sections.findIndex((s) => s.id !== SECTION.custom && order(s.id) > order(id));
    if (at < 0) at = this.sections.length;
    this.sections.splice(at, 0, section);
  }
  // ---- types ----
  types() {
    const s = this.section(SECTION.type);
    if (!s) return [];
    const r = new Reader2(s.payload);
    const out = [];
    for (let n = r.u32(); n > 0; n--) {
      if (r.u8() !== 96) throw new WasmPatchError("wasm-unsupported", "type section entry is not a function type");
      const params = [...r.take(r.u32())];
      const results = [...r.take(r.u32())];
      out.push({ params, results });
    }
    return out;
  }
  /** The index of a function type, added to the type section when missing. */
  typeIndex(t) {
    const types = this.types();
    const i = types.findIndex((x) => sameList(x.params, t.params) && sameList(x.results, t.results));
    if (i >= 0) return i;
    types.push(t);
    const parts = [...uleb(types.length)];
    for (const x of types) parts.push(96, ...uleb(x.params.length), ...x.params, ...uleb(x.results.length), ...x.results);
    this.setSection(SECTION.type, Uint8Array.from(parts));
    return types.length - 1;
  }
  // ---- imports and the function index space ----
  imports() {
    const s = this.section(SECTION.import);
    if (!s) return [];
    const r = new Reader2(s.payload);
    const out = [];
    for (let n = r.u32(); n > 0; n--) {
      const module = r.name(), field = r.name(), kind = r.u8();
      const start = r.pos;
      let typeIndex;
      if (kind === EXTERN.func) typeIndex = r.u32();
      else if (kind === EXTERN.table) {
        r.u8();
        skipLimits(r);
      } else if (kind === EXTERN.memory) skipLimits(r);
      else if (kind === EXTERN.global) {
        r.u8();
        r.u8();
      } else throw new WasmPatchError("wasm-unsupported", `import kind ${kind}`);
      const imp = { module, field, kind, desc: s.payload.slice(start, r.pos) };
      if (typeIndex !== void 0) imp.typeIndex = typeIndex;
      out.push(imp);
    }
    return out;
  }
  /** Number of imported functions (defined function i has index importedFunctionCount() + i). */
  importedFunctionCount() {
    return this.imports().filter((i) => i.kind === EXTERN.func).length;
  }
  /** Type indices of the defined functions (the function section). */
  definedFunctionTypes() {
    const s = this.section(SECTION.function);
    if (!s) return [];
    const r = new Reader2(s.payload);
    const out = [];
    for (let n = r.u32(); n > 0; n--) out.push(r.u32());
    return out;
  }
  /** The type of function `index` (imported or defined). */
  functionType(index) {
    const types = this.types();
    const imported = this.imports().filter((i) => i.kind === EXTERN.func);
    const t = index < imported.length ? imported[index].typeIndex : this.definedFunctionTypes()[index - imported.length];
    if (t === void 0) throw new WasmPatchError("wasm-no-such-function", `no function with index ${index}`);
    return types[t];
  }
  /** Function names from the name section (subsection 1), by function index. */
  functionNames() {
    if (this.namesCache) return this.namesCache;
    const names = /* @__PURE__ */ new Map();
    const s = this.section(SECTION.custom, "name");
    if (s) {
      const r = new Reader2(s.payload);
      r.name();
      while (!r.done) {
        const id = r.u8(), size = r.u32(), end = r.pos + size;
        if (id === 1) {
          const sr = new Reader2(s.payload, r.pos, end);
          for (let n = sr.u32(); n > 0; n--) {
            const idx = sr.u32();
            names.set(idx, sr.name());
          }
        }
        r.pos = end;
      }
    }
    this.namesCache = names;
    return names;
  }
  /** The index of the function called `name` in the name section; throws wasm-no-such-function. */
  functionIndex(name) {
    const want = UTF8_ENCODE.encode(name);
    const found = this.scanFunctionNames((bytes, at, len) => len === want.length && sameBytesAt(bytes, at, len, want, 0));
    if (found.length === 0) throw new WasmPatchError("wasm-no-such-function", `v86.wasm has no function named ${name}`);
    return found[0].index;
  }
  /**
   * Functions whose name ends with `suffix`, found by comparing bytes (decoding all 3,500 names of v86.wasm
   * costs more than a boot's worth of milliseconds).
   */
  functionsEndingWith(suffix) {
    const want = UTF8_ENCODE.encode(suffix);
    return this.scanFunctionNames((bytes, at, len) => len >= want.length && sameBytesAt(bytes, at + len - want.length, want.length, want, 0));
  }
  scanFunctionNames(test) {
    const out = [];
    const s = this.section(SECTION.custom, "name");
    if (!s) return out;
    const r = new Reader2(s.payload);
    r.name();
    while (!r.done) {
      const id = r.u8(), size = r.u32(), end = r.pos + size;
      if (id === 1) {
        const sr = new Reader2(s.payload, r.pos, end);
        for (let n = sr.u32(); n > 0; n--) {
          const index = sr.u32(), len = sr.u32();
          if (test(s.payload, sr.pos, len)) out.push({ index, name: UTF8_DECODE.decode(s.payload.subarray(sr.pos, sr.pos + len)) });
          sr.pos += len;
        }
      }
      r.pos = end;
    }
    return out;
  }
  /** Indices of the functions whose name satisfies `test` (Rust names are mangled in some builds). */
  findFunctions(test) {
    const out = [];
    for (const [i, n] of this.functionNames()) if (test(n)) out.push(i);
    return out;
  }
  // ---- function bodies ----
  /**
   * The code section's bodies as byte ranges of its payload; edited bodies are kept apart (`edited`), so
   * writing the module back copies the untouched runs of bodies in a few large pieces.
   */
  loadBodies() {
    if (this.bodies) return this.bodies;
    const s = this.section(SECTION.code);
    const out = [];
    if (s) {
      const r = new Reader2(s.payload);
      for (let n = r.u32(); n > 0; n--) {
        const headerAt = r.pos;
        const size = r.u32();
        out.push({ headerAt, start: r.pos, end: r.pos + size });
        r.pos += size;
      }
      this.codePayload = s.payload;
    }
    this.bodies = out;
    return out;
  }
  readBody(range) {
    if (range.edited) return range.edited;
    const payload = this.codePayload;
    const br = new Reader2(payload, range.start, range.end);
    for (let groups = br.u32(); groups > 0; groups--) {
      br.u32();
      br.u8();
    }
    return { locals: payload.subarray(range.start, br.pos), code: payload.subarray(br.pos, range.end) };
  }
  definedIndex(index) {
    const d = index - this.importedFunctionCount();
    if (d < 0 || d >= this.loadBodies().length) throw new WasmPatchError("wasm-no-such-function", `function ${index} is not defined in this module`);
    return d;
  }
  /** The body of defined function `index` (a view: copy before keeping it across edits). */
  body(index) {
    return this.readBody(this.loadBodies()[this.definedIndex(index)]);
  }
  /** Replace the body of defined function `index` (its type stays: the new code must fit it). */
  setBody(index, body) {
    this.loadBodies()[this.definedIndex(index)].edited = body;
    this.bodiesChanged = true;
  }
  /**
   * Edit the instructions of function `index`: each splice removes `remove` bytes at `at` (an offset into
   * body(index).code, at an instruction boundary) and inserts `insert`. Splices must not overlap. Branch
   * depths are structural in WebAssembly, so straight-line code inserted between instructions keeps them valid.
   */
  spliceCode(index, splices) {
    const b = this.body(index);
    const sorted = [...splices].sort((x, y) => x.at - y.at);
    const parts = [];
    let pos = 0;
    for (const s of sorted) {
      if (s.at < pos) throw new WasmPatchError("wasm-unsupported", "overlapping code splices");
      parts.push(b.code.subarray(pos, s.at), s.insert);
      pos = s.at + (s.remove ?? 0);
    }
    parts.push(b.code.subarray(pos));
    this.setBody(index, { locals: b.locals, code: concat(parts) });
  }
  /** Add a defined function at the end of the index space (no renumbering). Returns its index. */
  addFunction(type, body) {
    const typeIdx = this.typeIndex(type);
    const types = this.definedFunctionTypes();
    types.push(typeIdx);
    this.setSection(SECTION.function, Uint8Array.from([...uleb(types.length), ...types.flatMap((t) => uleb(t))]));
    const bodies = this.loadBodies();
    bodies.push({ headerAt: 0, start: 0, end: 0, edited: body });
    this.bodiesChanged = true;
    return this.importedFunctionCount() + bodies.length - 1;
  }
  /**
   * Import a host function (for hooks: `call $hook` inserted into a body). The new import becomes the last
   * imported function, so every defined function's index grows by one: calls, ref.func, exports, element
   * segments, the start function and the name section are renumbered. Returns the new function's index.
   */
  addFunctionImport(module, field, type) {
    const typeIdx = this.typeIndex(type);
    const imports = this.imports();
    const at = imports.filter((i) => i.kind === EXTERN.func).length;
    const renumber = (i) => i >= at ? i + 1 : i;
    this.renumberFunctions(renumber);
    imports.push({ module, field, kind: EXTERN.func, desc: Uint8Array.from(uleb(typeIdx)), typeIndex: typeIdx });
    const parts = [uleb(imports.length)];
    for (const i of imports) parts.push(encodeName(i.module), encodeName(i.field), [i.kind], i.desc);
    this.setSection(SECTION.import, concat(parts));
    const names = /* @__PURE__ */ new Map();
    for (const [i, n] of this.functionNames()) names.set(renumber(i), n);
    names.set(at, `${module}.${field}`);
    this.namesCache = names;
    this.writeFunctionNames(names);
    return at;
  }
  /** Add a mutable global of type i32 or i64 at the end of the global index space (no renumbering). */
  addGlobal(type, initial) {
    const s = this.section(SECTION.global);
    const imported = this.imports().filter((i) => i.kind === EXTERN.global).length;
    let count = 0;
    let rest = new Uint8Array(0);
    if (s) {
      const r = new Reader2(s.payload);
      count = r.u32();
      rest = s.payload.subarray(r.pos);
    }
    const init = [type === I32 ? 65 : 66, ...sleb(initial), 11];
    this.setSection(SECTION.global, concat([uleb(count + 1), rest, [type, 1], init]));
    return imported + count;
  }
  /** Export a function or global under `name`. */
  addExport(name, kind, index) {
    const s = this.section(SECTION.export);
    let count = 0;
    let rest = new Uint8Array(0);
    if (s) {
      const r = new Reader2(s.payload);
      count = r.u32();
      rest = s.payload.subarray(r.pos);
    }
    this.setSection(SECTION.export, concat([uleb(count + 1), rest, encodeName(name), [kind], uleb(index)]));
  }
  /** Add (or replace) a custom section. */
  setCustomSection(name, data) {
    this.setSection(SECTION.custom, concat([encodeName(name), data]), name);
  }
  /** The data of a custom section (after its name), or null. */
  customSection(name) {
    const s = this.section(SECTION.custom, name);
    if (!s) return null;
    const r = new Reader2(s.payload);
    r.name();
    return s.payload.subarray(r.pos);
  }
  // ---- renumbering ----
  renumberFunctions(map) {
    const bodies = this.loadBodies();
    for (let b = 0; b < bodies.length; b++) {
      const body = this.readBody(bodies[b]);
      const splices = [];
      walkInstructions(body.code, (ins) => {
        if (ins.op === OP_CALL || ins.op === OP_REF_FUNC) {
          const r = new Reader2(body.code, ins.immediateAt);
          const idx = r.u32();
          splices.push({ at: ins.immediateAt, remove: r.pos - ins.immediateAt, insert: uleb(map(idx)) });
        }
      });
      if (splices.length) {
        const parts = [];
        let pos = 0;
        for (const s of splices) {
          parts.push(body.code.subarray(pos, s.at), s.insert);
          pos = s.at + s.remove;
        }
        parts.push(body.code.subarray(pos));
        bodies[b].edited = { locals: body.locals, code: concat(parts) };
        this.bodiesChanged = true;
      }
    }
    const ex = this.section(SECTION.export);
    if (ex) {
      const r = new Reader2(ex.payload);
      const parts = [];
      const n = r.u32();
      parts.push(uleb(n));
      for (let k = 0; k < n; k++) {
        const name = r.take(r.u32());
        const kind = r.u8();
        const idx = r.u32();
        parts.push(uleb(name.length), name, [kind], uleb(kind === EXTERN.func ? map(idx) : idx));
      }
      this.setSection(SECTION.export, concat(parts));
    }
    const st = this.section(SECTION.start);
    if (st) this.setSection(SECTION.start, Uint8Array.from(uleb(map(new Reader2(st.payload).u32()))));
    const el = this.section(SECTION.element);
    if (el) {
      const r = new Reader2(el.payload);
      const parts = [];
      const n = r.u32();
      parts.push(uleb(n));
      for (let k = 0; k < n; k++) {
        const start = r.pos;
        const flags = r.u32();
        if (flags === 0 || flags === 2 || flags === 4 || flags === 6) {
          if (flags === 2 || flags === 6) r.u32();
          skipConstExpr(r);
        }
        if (flags === 1 || flags === 2 || flags === 3) r.u8();
        if (flags === 5 || flags === 6 || flags === 7) r.u8();
        parts.push(el.payload.subarray(start, r.pos));
        const count = r.u32();
        parts.push(uleb(count));
        for (let e = 0; e < count; e++) {
          if (flags < 4) parts.push(uleb(map(r.u32())));
          else {
            const op = r.u8();
            if (op === OP_REF_FUNC) {
              parts.push([op], uleb(map(r.u32())));
            } else if (op === 208) {
              parts.push([op, r.u8()]);
            } else throw new WasmPatchError("wasm-unsupported", `element expression opcode 0x${op.toString(16)}`);
            if (r.u8() !== 11) throw new WasmPatchError("wasm-unsupported", "element expression longer than one instruction");
            parts.push([11]);
          }
        }
      }
      this.setSection(SECTION.element, concat(parts));
    }
    this.renumberLocalNames(map);
  }
  nameSubsections() {
    const s = this.section(SECTION.custom, "name");
    if (!s) return [];
    const r = new Reader2(s.payload);
    r.name();
    const out = [];
    while (!r.done) {
      const id = r.u8();
      out.push({ id, data: r.take(r.u32()) });
    }
    return out;
  }
  writeNameSubsections(subs) {
    const parts = [encodeName("name")];
    for (const s of subs) parts.push([s.id], uleb(s.data.length), s.data);
    this.setSection(SECTION.custom, concat(parts), "name");
  }
  writeFunctionNames(names) {
    const sorted = [...names].sort((a, b) => a[0] - b[0]);
    const data = concat([uleb(sorted.length), ...sorted.map(([i, n]) => [...uleb(i), ...encodeName(n)])]);
    const subs = this.nameSubsections().filter((s) => s.id !== 1);
    subs.push({ id: 1, data });
    subs.sort((a, b) => a.id - b.id);
    this.writeNameSubsections(subs);
  }
  renumberLocalNames(map) {
    const subs = this.nameSubsections();
    const local = subs.find((s) => s.id === 2);
    if (!local) return;
    const r = new Reader2(local.data);
    const parts = [];
    const n = r.u32();
    parts.push(uleb(n));
    for (let k = 0; k < n; k++) {
      parts.push(uleb(map(r.u32())));
      const start = r.pos;
      for (let m = r.u32(); m > 0; m--) {
        r.u32();
        r.take(r.u32());
      }
      parts.push(local.data.subarray(start, r.pos));
    }
    local.data = concat(parts);
    this.writeNameSubsections(subs);
  }
  flushBodies() {
    if (!this.bodies || !this.bodiesChanged) return;
    const payload = this.codePayload;
    const parts = [uleb(this.bodies.length)];
    let runStart = -1, runEnd = -1;
    const flushRun = () => {
      if (runStart >= 0) parts.push(payload.subarray(runStart, runEnd));
      runStart = -1;
    };
    for (const b of this.bodies) {
      if (!b.edited) {
        if (runStart < 0) runStart = b.headerAt;
        runEnd = b.end;
        continue;
      }
      flushRun();
      parts.push(uleb(b.edited.locals.length + b.edited.code.length), b.edited.locals, b.edited.code);
    }
    flushRun();
    this.setSection(SECTION.code, concat(parts));
    this.bodiesChanged = false;
    this.bodies = null;
    this.codePayload = null;
  }
};
var UTF8_ENCODE = new TextEncoder();
var UTF8_DECODE = new TextDecoder();
function sameBytesAt(bytes, at, len, want, from) {
  if (from < 0 || from + len > want.length) return false;
  for (let i = 0; i < len; i++) if (bytes[at + i] !== want[from + i]) return false;
  return true;
}
function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
function skipLimits(r) {
  const flags = r.u8();
  r.u32();
  if (flags & 1) r.u32();
}
function skipConstExpr(r) {
  for (; ; ) {
    const op = r.u8();
    if (op === 11) return;
    if (op === 65 || op === 66) r.skipSigned();
    else if (op === 67) r.take(4);
    else if (op === 68) r.take(8);
    else if (op === 35 || op === OP_REF_FUNC) r.u32();
    else if (op === 208) r.u8();
    else throw new WasmPatchError("wasm-unsupported", `constant expression opcode 0x${op.toString(16)}`);
  }
}

// emulator/v86-fixes/debug-hooks.ts
var IF = 4;
var ELSE = 5;
var END = 11;
var RETURN = 15;
var BR_IF = 13;
var VOID = 64;
var LOCAL_GET = 32;
var I32_LOAD = 40;
var I32_LOAD8_U = 45;
var I32_STORE = 54;
var I32_STORE8 = 58;
var I32_EQZ = 69;
var I32_NE = 71;
var I32_ADD = 106;
var I32_SUB = 107;
var I32_AND = 113;
var I32_SHL = 116;
var I32_SHR_U = 118;
var LOCK_PREFIX = 240;
var c = (v) => [OP_I32_CONST, ...sleb(v)];
var load = (addr) => [...c(0), I32_LOAD, 2, ...uleb(addr)];
var load8 = (addr) => [...c(0), I32_LOAD8_U, 0, ...uleb(addr)];
var bump = (addr, delta) => [...c(0), ...load(addr), ...c(Math.abs(delta)), delta < 0 ? I32_SUB : I32_ADD, I32_STORE, 2, ...uleb(addr)];
function apply2(module) {
  const before = module.addFunctionImport(DEBUG_IMPORT_MODULE, "before_instruction", { params: [I32], results: [I32] });
  const interrupt = module.addFunctionImport(DEBUG_IMPORT_MODULE, "interrupt", { params: [I32, I32, I32, I32], results: [I32] });
  const controlRegister = module.addFunctionImport(DEBUG_IMPORT_MODULE, "control_register", { params: [I32, I32], results: [] });
  const breakpoint = module.addFunctionImport(DEBUG_IMPORT_MODULE, "breakpoint", { params: [I32], results: [I32] });
  const run = module.functionIndex(interpreterRun(module));
  const [afterRun] = expectSequences(module, "main_loop", [{ op: OP_CALL, value: run }, { op: OP_I32_CONST, value: 0 }, { op: I32_LOAD8_U }, { op: BR_IF }]);
  const blockBoundary = afterRun[2].memOffset;
  const stopBefore = [...bump(V86_INSTRUCTION_POINTER, -1), ...c(0), ...c(1), I32_STORE8, 0, ...uleb(blockBoundary), RETURN];
  const pageSlot = [...load(V86_INSTRUCTION_POINTER), ...c(1), I32_SUB, ...c(12), I32_SHR_U, ...c(DEBUG_BP_SLOTS - 1), I32_AND];
  const ringSlot = [...load(DEBUG_RING_INDEX), ...c(DEBUG_RING_SIZE - 1), I32_AND, ...c(2), I32_SHL];
  module.spliceCode(run, [{
    at: 0,
    insert: [
      ...load8(V86_PREFIXES),
      I32_EQZ,
      IF,
      VOID,
      LOCAL_GET,
      0,
      ...c(255),
      I32_AND,
      ...c(LOCK_PREFIX),
      I32_NE,
      IF,
      VOID,
      ...ringSlot,
      ...load(V86_INSTRUCTION_POINTER),
      ...c(1),
      I32_SUB,
      I32_STORE,
      2,
      ...uleb(DEBUG_RING),
      ...bump(DEBUG_RING_INDEX, 1),
      ...load(DEBUG_COUNTDOWN),
      IF,
      VOID,
      ...bump(DEBUG_COUNTDOWN, -1),
      // The breakpoint page filter: call `breakpoint` only for instructions on a page whose slot bit is set.
      ...load8(DEBUG_BP_ON),
      IF,
      VOID,
      ...pageSlot,
      ...c(3),
      I32_SHR_U,
      I32_LOAD8_U,
      0,
      ...uleb(DEBUG_BP_BITS),
      ...pageSlot,
      ...c(7),
      I32_AND,
      I32_SHR_U,
      ...c(1),
      I32_AND,
      IF,
      VOID,
      LOCAL_GET,
      0,
      OP_CALL,
      ...uleb(breakpoint),
      IF,
      VOID,
      ...stopBefore,
      END,
      END,
      END,
      ELSE,
      LOCAL_GET,
      0,
      OP_CALL,
      ...uleb(before),
      IF,
      VOID,
      ...stopBefore,
      END,
      END,
      END,
      END
    ]
  }]);
  const civ = module.functionIndex(rustFunction(module, "call_interrupt_vector"));
  module.spliceCode(civ, [{
    at: 0,
    insert: [LOCAL_GET, 0, LOCAL_GET, 1, LOCAL_GET, 2, LOCAL_GET, 3, OP_CALL, ...uleb(interrupt), IF, VOID, RETURN, END]
  }]);
  const movCr = module.functionIndex("instr_0F22");
  module.spliceCode(movCr, [{
    at: 0,
    insert: [
      ...load8(DEBUG_CR_HOOK),
      IF,
      VOID,
      LOCAL_GET,
      1,
      LOCAL_GET,
      0,
      ...c(2),
      I32_SHL,
      I32_LOAD,
      2,
      ...uleb(V86_REG32),
      OP_CALL,
      ...uleb(controlRegister),
      END
    ]
  }]);
}
function interpreterRun(module) {
  const names = module.findFunctions((n) => n.endsWith("11interpreter3run") || n === "v86::gen::interpreter::run");
  if (names.length !== 1) throw new WasmPatchError("wasm-no-such-function", `v86.wasm: ${names.length} functions gen::interpreter::run`);
  return module.functionNames().get(names[0]);
}
var debugHooks = {
  id: "debug-hooks",
  title: "exact execution control: an instruction countdown with a host hook, an exception hook, a mov-to-CR hook, a ring of the last 64 instructions",
  wrong: "main_loop is the only run entry and runs ~1 ms of guest time per call: no exact instruction limits, no breakpoints, exceptions are invisible to the host",
  diff: "debug-hooks.diff",
  apply: apply2
};

// emulator/v86-fixes/registry.ts
var V86_FIXES = [
  cr3LowBits,
  debugHooks
];

// emulator/v86-fixes/index.ts
var APPLIED_SECTION = "kernlab.v86-fixes";
function selectV86Fixes(selection = {}, fixes = V86_FIXES) {
  const known = new Set(fixes.map((f) => f.id));
  for (const id of [...selection.only ?? [], ...selection.except ?? []]) {
    if (!known.has(id)) {
      throw new KernlabError(diagnostic("unknown-v86-fix", `unknown v86 fix '${id}'`, null, [{ text: `known fixes: ${[...known].join(", ")}` }]));
    }
  }
  return fixes.filter((f) => (!selection.only || selection.only.includes(f.id)) && !selection.except?.includes(f.id));
}
function applyV86Fixes(wasm, selection = {}, fixes = V86_FIXES) {
  const chosen = selectV86Fixes(selection, fixes);
  const module = WasmModule.parse(wasm);
  const data = module.customSection(APPLIED_SECTION);
  const applied = data && data.length ? new TextDecoder().decode(data).split(",") : [];
  const todo = chosen.filter((f) => !applied.includes(f.id));
  if (todo.length === 0) return wasm.slice();
  for (const fix of todo) {
    try {
      fix.apply(module);
    } catch (e) {
      if (!(e instanceof WasmPatchError)) throw e;
      throw new KernlabError(diagnostic(
        "v86-fix-mismatch",
        `v86 fix '${fix.id}' does not fit this v86.wasm: ${e.message}`,
        null,
        [{ text: `the fix was written for the pinned v86 package; see emulator/v86-fixes/${fix.diff}` }]
      ));
    }
    applied.push(fix.id);
  }
  module.setCustomSection(APPLIED_SECTION, new TextEncoder().encode(applied.join(",")));
  return module.encode();
}

// emulator/wasm-node.ts
var cached = null;
var PATCHED_WASM_FILE = "v86-fixed.wasm";
var KEY_SECTION = "kernlab.v86-fixes-key";
var diskCache = null;
function isNode() {
  const p = globalThis.process;
  return !!p?.versions?.node && typeof p.getBuiltinModule === "function";
}
function nodeFs() {
  return globalThis.process.getBuiltinModule("node:fs");
}
function packageWasmPath() {
  const p = globalThis.process;
  const mod = p.getBuiltinModule("node:module");
  return mod.createRequire(import.meta.url).resolve("v86/build/v86.wasm");
}
function nodeWasmBytes() {
  return nodeFs().readFileSync(packageWasmPath());
}
function nodeWasmModule() {
  if (!cached) {
    cached = compilePatched();
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}
function expectedKey() {
  if (!diskCache) return null;
  try {
    const st = nodeFs().statSync(packageWasmPath());
    return `${diskCache.buildId} ${st.size} ${st.mtimeMs}`;
  } catch {
    return null;
  }
}
function prebuiltKey() {
  try {
    return `prebuilt ${nodeFs().statSync(packageWasmPath()).size}`;
  } catch {
    return null;
  }
}
function prebuiltBytes(fs) {
  try {
    if (!import.meta.url.startsWith("file:") || import.meta.url.endsWith(".ts")) return null;
    const bytes = fs.readFileSync(new URL(`./${PATCHED_WASM_FILE}`, import.meta.url).pathname);
    const data = WasmModule.parse(bytes).customSection(KEY_SECTION);
    return data && new TextDecoder().decode(data) === prebuiltKey() ? bytes : null;
  } catch {
    return null;
  }
}
async function compilePatched() {
  const fs = nodeFs();
  const prebuilt = prebuiltBytes(fs);
  if (prebuilt) return WebAssembly.compile(prebuilt);
  const key = expectedKey();
  const cacheFile = diskCache && key ? `${diskCache.dir}/${PATCHED_WASM_FILE}` : null;
  if (cacheFile) {
    try {
      const bytes2 = fs.readFileSync(cacheFile);
      const data = WasmModule.parse(bytes2).customSection(KEY_SECTION);
      if (data && new TextDecoder().decode(data) === key) return await WebAssembly.compile(bytes2);
    } catch {
    }
  }
  const patched = applyV86Fixes(nodeWasmBytes());
  let bytes = patched;
  if (cacheFile && key) {
    const m = WasmModule.parse(patched);
    m.setCustomSection(KEY_SECTION, new TextEncoder().encode(key));
    bytes = m.encode();
    writeCache(fs, cacheFile, bytes);
  }
  return WebAssembly.compile(bytes);
}
function writeCache(fs, file, bytes) {
  const pid = globalThis.process?.pid ?? 0;
  const tmp = `${file}.${pid}.tmp`;
  try {
    fs.mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
    }
  }
}

// emulator/state.ts
var PAGE_SIZE = 4096;
var PageShadow = class {
  shadows = /* @__PURE__ */ new Map();
  /** Forget every sync point: the shadow is all-zero memory again (a fresh boot before any state). */
  reset() {
    for (const s of this.shadows.values()) s.fill(0);
  }
  shadowFor(name, size) {
    let s = this.shadows.get(name);
    if (!s || s.length !== size) {
      s = new Uint8Array(size);
      this.shadows.set(name, s);
    }
    return s;
  }
  /** Pages that changed since the sync point (copies), and the shadow brought up to date. */
  save(spaces) {
    const out = /* @__PURE__ */ new Map();
    for (const { name, bytes } of spaces) {
      const shadow = this.shadowFor(name, bytes.length);
      const changed = /* @__PURE__ */ new Map();
      for (const index of changedPages(bytes, shadow)) {
        const start = index * PAGE_SIZE, end = Math.min(start + PAGE_SIZE, bytes.length);
        const page = bytes.slice(start, end);
        shadow.set(page, start);
        changed.set(index, page);
      }
      out.set(name, changed);
    }
    return out;
  }
  /**
   * Make each memory equal to the target state's: `target` holds the target's bytes of every page that
   * differs between the sync point and the target; pages changed since the sync point and not in `target`
   * get the shadow's bytes back. The target becomes the sync point.
   */
  restore(spaces, target) {
    for (const { name, bytes } of spaces) {
      const shadow = this.shadowFor(name, bytes.length);
      const pages = target.get(name);
      for (const index of changedPages(bytes, shadow)) {
        if (pages?.has(index)) continue;
        const start = index * PAGE_SIZE;
        bytes.set(shadow.subarray(start, Math.min(start + PAGE_SIZE, bytes.length)), start);
      }
      if (!pages) continue;
      for (const [index, page] of pages) {
        const start = index * PAGE_SIZE;
        if (start + page.length > bytes.length) continue;
        bytes.set(page, start);
        shadow.set(page, start);
      }
    }
  }
};
var NodeBuffer = globalThis.Buffer;
var CHUNK = 64 * PAGE_SIZE;
function changedPages(a, b) {
  if (NodeBuffer) {
    const out = [];
    const ba = NodeBuffer.from(a.buffer, a.byteOffset, a.length), bb = NodeBuffer.from(b.buffer, b.byteOffset, b.length);
    for (let c2 = 0; c2 < a.length; c2 += CHUNK) {
      const ce = Math.min(c2 + CHUNK, a.length);
      if (ba.compare(bb, c2, ce, c2, ce) === 0) continue;
      for (let p = c2; p < ce; p += PAGE_SIZE) {
        const pe = Math.min(p + PAGE_SIZE, ce);
        if (ba.compare(bb, p, pe, p, pe) !== 0) out.push(p / PAGE_SIZE);
      }
    }
    return out;
  }
  return changedPagesLoop(a, b);
}
function changedPagesLoop(a, b) {
  const out = [];
  const pages = Math.ceil(a.length / PAGE_SIZE);
  const aligned = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && a.length % 4 === 0;
  if (aligned) {
    const a32 = new Int32Array(a.buffer, a.byteOffset, a.length >> 2);
    const b32 = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    const words = PAGE_SIZE >> 2;
    for (let p = 0; p < pages; p++) {
      const end = Math.min((p + 1) * words, a32.length);
      for (let i = p * words; i < end; i++) if (a32[i] !== b32[i]) {
        out.push(p);
        break;
      }
    }
    return out;
  }
  for (let p = 0; p < pages; p++) {
    const end = Math.min((p + 1) * PAGE_SIZE, a.length);
    for (let i = p * PAGE_SIZE; i < end; i++) if (a[i] !== b[i]) {
      out.push(p);
      break;
    }
  }
  return out;
}

// replay/record.ts
var DEFAULT_SNAPSHOT_EVERY = 5e6;
var DEFAULT_GUEST_MIPS = 100;
var PACKAGE_VERSION = "kernlab 0.1.0";
function startRecording(kernel, opts, memoryBytes) {
  const every = typeof opts.record === "object" && opts.record.snapshotEvery !== void 0 ? opts.record.snapshotEvery : DEFAULT_SNAPSHOT_EVERY;
  if (!Number.isSafeInteger(every) || every < 1e5) throw new RangeError(`record.snapshotEvery must be an integer >= 100000, got ${every}`);
  const kernelCopy = kernel.slice();
  const modules = (opts.modules ?? []).map((m) => ({ data: m.data.slice(), cmdline: m.cmdline ?? null }));
  const inputs = [];
  const events = [];
  const snapshots = [];
  const compressed = /* @__PURE__ */ new WeakMap();
  const compress = (s) => {
    let c2 = compressed.get(s);
    if (!c2) {
      c2 = encodeSnapshot(s);
      compressed.set(s, c2);
    }
    return c2;
  };
  let control = null;
  let verdict = null;
  let endAt = null;
  const header = () => ({
    kernelName: opts.kernelName ?? "kernel",
    cmdline: opts.cmdline ?? null,
    loader: opts.loader ?? null,
    memoryMiB: memoryBytes / (1024 * 1024),
    guestMips: opts.guestMips ?? DEFAULT_GUEST_MIPS,
    modules: modules.map((m) => ({ cmdline: m.cmdline })),
    checkpointNames: Object.fromEntries(Object.entries(opts.checkpointNames ?? {}).map(([k, v]) => [k, v])),
    end: endAt ?? control?.().position() ?? 0,
    verdict,
    snapshotEvery: every,
    recordedBy: PACKAGE_VERSION
  });
  return {
    hooks(c2) {
      control = c2;
      return {
        onInput(input) {
          inputs.push(input);
          const detail = input.kind === "keys" ? input.codes.map((b) => b.toString(16).padStart(2, "0")).join(" ") : JSON.stringify(String.fromCharCode(...input.bytes));
          events.push({ at: input.at, kind: input.kind === "keys" ? "key" : "serial-in", detail });
        },
        onTick(at) {
          const last = snapshots[snapshots.length - 1];
          if (last && at - last.at < every) return;
          snapshots.push(c2().saveState());
          events.push({ at, kind: "snapshot", detail: `snapshot ${snapshots.length - 1}` });
        },
        onEvent(e) {
          events.push(e);
        }
      };
    },
    finish(v, at) {
      if (verdict) return;
      verdict = v;
      endAt = at;
    },
    end: () => endAt ?? control?.().position() ?? 0,
    async bytes() {
      const h = header();
      const kept = snapshots.filter((s) => s.at <= h.end);
      return encodeKlrec({
        header: h,
        kernel: kernelCopy,
        modules: modules.map((m) => m.data),
        inputs: inputs.filter((i) => i.at <= h.end),
        events: events.filter((e) => e.at <= h.end),
        snapshots: await Promise.all(kept.map(compress))
      });
    }
  };
}

// emulator/machine.ts
var DEFAULT_MEMORY_MIB = 128;
var DEFAULT_TIMEOUT_MS = 1e4;
var IDLE_GUARD_MS = 6e4;
var BATCH_MS = 2;
var JIT_AFTER_INSTRUCTIONS = 1e6;
var DEFAULT_GUEST_MIPS2 = 100;
var TICK = 1e5;
var compiledFromBytes = /* @__PURE__ */ new WeakMap();
async function wasmModuleFor(opts) {
  if (opts.wasmModule) return opts.wasmModule;
  if (opts.wasmBytes) {
    let p = compiledFromBytes.get(opts.wasmBytes);
    if (!p) {
      p = WebAssembly.compile(applyV86Fixes(opts.wasmBytes));
      compiledFromBytes.set(opts.wasmBytes, p);
    }
    return p;
  }
  if (isNode()) return nodeWasmModule();
  throw new Error("createMachine: in a browser pass { wasmModule } or { wasmBytes } (see emulator/wasm-browser.ts)");
}
var yieldToHost = () => new Promise((resolve) => typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0));
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function createMachine(opts = {}) {
  const memoryMiB = opts.memoryMiB ?? DEFAULT_MEMORY_MIB;
  if (!Number.isInteger(memoryMiB) || memoryMiB < 2 || memoryMiB > 2048) {
    throw new RangeError(`memoryMiB must be an integer from 2 to 2048, got ${memoryMiB}`);
  }
  const wasmModule = await wasmModuleFor(opts);
  const machine = new MachineImpl(memoryMiB * 1024 * 1024, wasmModule, opts.jit ?? "auto");
  await machine.init();
  return machine;
}
var ZERO_REGISTERS = {
  eax: 0,
  ebx: 0,
  ecx: 0,
  edx: 0,
  esi: 0,
  edi: 0,
  ebp: 0,
  esp: 0,
  eip: 0,
  eflags: 0,
  cs: 0,
  ds: 0,
  es: 0,
  fs: 0,
  gs: 0,
  ss: 0,
  cr0: 0,
  cr2: 0,
  cr3: 0,
  cr4: 0
};
var MachineImpl = class {
  constructor(memoryBytes, wasmModule, jit) {
    this.memoryBytes = memoryBytes;
    this.wasmModule = wasmModule;
    this.jit = jit;
    this.memory = guestMemory({
      ram: () => this.adapter.ram(),
      vgaRead: (o) => this.adapter.vgaRead(o),
      vgaWrite: (o, v) => this.adapter.vgaWrite(o, v)
    });
  }
  memoryBytes;
  wasmModule;
  jit;
  adapter;
  /** Needs a warm reset before the next boot (something ran on it). */
  dirty = false;
  /** v86 aborted on the last run: make a new instance before the next boot. */
  broken = false;
  current = null;
  paused = false;
  resumeWaiters = [];
  destroyed = false;
  memory;
  /** Exact execution control (the debug-hooks v86 fix), re-armed at every boot. */
  exec;
  async init() {
    const events = {
      serialByte: (b) => {
        const run = this.current;
        if (run) {
          run.serial.push(b);
          run.input.serialOutput(b);
        }
      },
      debugconByte: (b) => this.current?.debugcon.push(b),
      exit: (code) => this.current?.noteExit(code),
      checkpoint: (id) => this.current?.noteCheckpoint(id)
    };
    if (this.adapter) this.adapter.destroy();
    this.adapter = await V86Adapter.create({ memoryBytes: this.memoryBytes, wasmModule: this.wasmModule, events, jit: this.jit === true });
    this.exec ??= new ExecControl(this.execCpu());
    this.exec.rebind();
    this.adapter.debugHooks = this.exec;
    this.dirty = false;
    this.broken = false;
  }
  boot(kernel, opts = {}) {
    if (this.destroyed) throw new Error("Machine.boot: the machine was destroyed");
    if (this.current && !this.current.done) this.current.stop();
    const run = new RunImpl(this, opts);
    this.current = run;
    this.exec.resetConfig();
    if (opts.record) {
      const recording = startRecording(kernel, opts, this.memoryBytes);
      opts = { ...opts, clock: "virtual", timeTravel: recording.hooks(() => run.timeTravel) };
      run.recording = recording;
      void run.result.then((r) => recording.finish(r.verdict, r.instructions), () => {
      });
    }
    if (opts.timeTravel) {
      run.tt = new TimeTravelRun(opts.timeTravel);
      opts = { ...opts, clock: "virtual" };
      run.timeTravel = this.timeTravelControl(run);
    }
    if (opts.debug) {
      let symbols = null;
      run.debug = new DebugSession(this.exec, {
        registers: () => this.adapter.registers(),
        fullRegisters: () => this.adapter.fullRegisters(),
        setRegister: (name, value) => this.adapter.setRegister(name, value),
        memory: this.memory,
        symbols: () => symbols ??= symbolTable(kernel)
      }, !!opts.debug.startPaused);
    }
    void Promise.resolve().then(() => this.execute(run, kernel, opts)).catch((e) => run.fail(e));
    return run;
  }
  /** Wait while the host paused the machine. */
  async waitWhilePaused(run) {
    while (this.paused && !run.stopRequested) await new Promise((resolve) => this.resumeWaiters.push(resolve));
  }
  /** Wake a run loop waiting in pause (Run.stop while the machine is paused). */
  wake() {
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w();
  }
  execCpu() {
    return {
      wasm: () => this.adapter.wasmBuffer(),
      park: () => this.adapter.parkForDebugger(),
      ramOffset: () => this.adapter.ram().byteOffset,
      ramSize: () => this.adapter.ram().length,
      readLinear: (addr, length) => readLinear(this.memory, this.adapter.registers(), addr, length),
      readPhysical: (addr, length) => addr >= 0 && addr + length <= this.memory.size ? this.memory.bytes(addr, length) : null
    };
  }
  /** Guest instructions executed: exact (exec-control) when the run is exactly controlled, else v86's counter. */
  instructionCount() {
    return this.exec.active ? this.exec.count() : this.adapter.instructions();
  }
  /**
   * Arm exec-control for a boot: exact control (the interpreter, every instruction counted, limits and
   * stops exact) unless the JIT was asked for and nothing needs it; the debugger and the trace when asked.
   */
  armExec(kernel, opts) {
    const exec = this.exec;
    const needsExact = !!opts.timeTravel || this.jit === false || opts.timeout?.instructions !== void 0 || !!opts.debug || !!opts.trace;
    exec.active = this.adapter.debuggable && needsExact;
    this.adapter.bypassJit(exec.active);
    if (exec.active && opts.timeout?.instructions !== void 0) exec.limitAt = opts.timeout.instructions;
    let symbols = null;
    const lazySymbols = () => symbols ??= symbolTable(kernel);
    if (opts.trace) installTrace(exec, opts.trace, { registers: () => this.adapter.fullRegisters(), memory: this.memory, symbols: opts.trace.symbols ?? lazySymbols() });
    exec.resetCpuState();
  }
  async execute(run, kernel, opts) {
    const previous = run.previous;
    if (previous) await previous.then(() => {
    }, () => {
    });
    if (run.stopRequested) {
      run.finish({ kind: "stopped" }, ZERO_REGISTERS);
      return;
    }
    const planned = cachedPlan(kernel, this.memoryBytes, opts.loader ?? "qemu");
    if (!planned.ok) {
      run.finish(planned.verdict, ZERO_REGISTERS);
      return;
    }
    if (this.broken) await this.init();
    else if (this.dirty) this.adapter.warmReset();
    this.dirty = true;
    const loaded = loadKernel(this.memory, {
      plan: planned.plan,
      modules: opts.modules ?? [],
      cmdline: opts.cmdline,
      kernelName: opts.kernelName,
      loader: opts.loader
    });
    if (!loaded.ok) {
      run.finish(loaded.verdict, ZERO_REGISTERS);
      return;
    }
    run.loader = loaded.loader;
    for (const p of opts.paint ?? []) paintRange(this.memory, p);
    if (this.jit === "auto") this.adapter.setJit(false);
    this.adapter.enterProtectedMode(loaded.entry);
    this.adapter.setClock(opts.clock === "virtual" ? { mips: opts.guestMips ?? DEFAULT_GUEST_MIPS2 } : null);
    if (opts.serialInput !== void 0 && !run.tt) this.serialWrite(opts.serialInput);
    this.armExec(kernel, opts);
    if (opts.debug && !this.exec.active) throw new Error("BootOptions.debug: this v86 build has no debug hooks (the debug-hooks v86 fix is not applied)");
    if (run.tt) {
      const tt = run.tt;
      const exec = this.exec;
      this.adapter.holdTimers = () => {
        const s = exec.parkedStop;
        return s !== null && s.kind !== "tick";
      };
      if (tt.opts.end) exec.limitAt = tt.opts.end.at;
      if (tt.opts.onEvent) {
        const onEvent = tt.opts.onEvent, traced = exec.onVector;
        exec.onVector = (v) => {
          traced?.(v);
          if (v.vector < 32 && !v.software) onEvent({ at: v.at, kind: "exception", detail: `${vectorName2(v.vector)} at ${hex(v.eip)}${v.errorCode !== null ? ` error ${hex(v.errorCode, 4)}` : ""}${v.vector === 14 ? ` cr2 ${hex(v.cr2)}` : ""}` });
        };
      }
      if (opts.serialInput !== void 0 && !tt.opts.inputsAt) tt.queue.push({ kind: "serial", bytes: [...typeof opts.serialInput === "string" ? new TextEncoder().encode(opts.serialInput) : opts.serialInput] });
      exec.tickAt = TICK;
      exec.rearm();
      const overdue = this.inputPoint(run, tt);
      if (overdue) {
        run.finish(overdue, this.adapter.registers(), 0);
        return;
      }
      tt.opts.onTick?.(0);
      if (run.debug instanceof DebugSession) await run.debug.startGate();
      await this.driveExact(run, opts, tt);
      return;
    }
    this.adapter.holdTimers = null;
    if (run.debug instanceof DebugSession) await run.debug.startGate();
    await this.drive(run, opts);
  }
  /**
   * An input point of a time-travel run (TimeTravelOptions, InputRecord): a replay injects the inputs recorded
   * for it; a recording delivers held keys, the script's next steps and the host's input here, and logs them.
   */
  inputPoint(run, tt) {
    const at = this.exec.count();
    if (at === tt.pointAt) tt.pointN++;
    else {
      tt.pointAt = at;
      tt.pointN = 0;
    }
    const n = tt.pointN;
    const a = this.adapter;
    if (tt.opts.inputsAt) {
      for (const input of tt.opts.inputsAt(at, n)) {
        if (input.kind === "keys") a.keyboardScancodes([...input.codes]);
        else a.serialInput(Uint8Array.from(input.bytes));
      }
      return null;
    }
    const log = (input) => tt.opts.onInput?.(input);
    const device = {
      ...this.inputDevice,
      keyboardScancodes: (codes) => {
        log({ at, n, kind: "keys", codes: [...codes] });
        a.keyboardScancodes(codes);
      },
      serialInput: (bytes) => {
        log({ at, n, kind: "serial", bytes: [...bytes] });
        a.serialInput(bytes);
      }
    };
    for (const q of tt.queue.splice(0)) {
      if (q.kind === "keys") device.keyboardScancodes(q.codes);
      else device.serialInput(Uint8Array.from(q.bytes));
    }
    return run.input.busy ? run.input.pump(device, a.guestMs(), () => run.serial.text()) : null;
  }
  /** The run loop of a time-travel run (see TICK): always exactly controlled, always the virtual clock. */
  async driveExact(run, opts, tt) {
    const a = this.adapter;
    const exec = this.exec;
    const session = run.debug instanceof DebugSession ? run.debug : null;
    const limitInstructions = opts.timeout?.instructions;
    const limitMs = opts.timeout?.ms ?? (limitInstructions === void 0 ? DEFAULT_TIMEOUT_MS : void 0);
    const wallLimit = limitMs ?? IDLE_GUARD_MS;
    if (limitInstructions !== void 0 && !tt.opts.end) exec.limitAt = limitInstructions;
    exec.rearm();
    const limitText = (which) => which === "ms" ? `${wallLimit} ms of guest time` + (limitMs === void 0 ? " (idle guard)" : "") : `${limitInstructions} instructions`;
    const timeout = (which) => ({ kind: "timeout", eip: a.registers().eip, serialTail: run.serial.text(), limit: limitText(which) });
    const finish = (verdict) => {
      const instructions2 = exec.count();
      const crash = verdict.kind === "triple-fault" || verdict.kind === "timeout" ? crashReport(exec, a.fullRegisters(), this.memory, verdict, false) : void 0;
      if (crash && verdict.kind === "triple-fault") verdict = { ...verdict, chain: crash.exceptions, eip: crash.exceptions[0]?.eip ?? verdict.eip };
      tt.opts.onEvent?.({ at: instructions2, kind: "exit", detail: describeVerdict(verdict) });
      run.finish(verdict, a.registers(), instructions2, crash);
      session?.ended(verdict);
    };
    const terminal = async (verdict) => {
      const end = tt.opts.end;
      if (!end || !session) {
        finish(verdict);
        return true;
      }
      tt.opts.onEvent?.({ at: exec.count(), kind: "exit", detail: describeVerdict(verdict) });
      tt.ended = verdict;
      await session.enterStop(null, { kind: "ended", verdict });
      tt.ended = null;
      return run.stopRequested ? (finish({ kind: "stopped" }), true) : false;
    };
    for (; ; ) {
      const batchStart = performanceNow();
      for (; ; ) {
        if (run.stopRequested) return finish({ kind: "stopped" });
        const end = a.runSlice();
        run.serial.flush();
        run.debugcon.flush();
        if (end.kind === "parked") {
          const stop = exec.takeStop();
          if (run.exitCode !== null) {
            if (await terminal({ kind: "exited", code: run.exitCode })) return;
            a.unpark();
            break;
          }
          const id = run.takeCheckpoint();
          if (id !== null) {
            tt.opts.onEvent?.({ at: exec.count(), kind: "checkpoint", detail: this.checkpointLabel(opts, id) });
            await run.deliverCheckpoint(id, a.registers(), this.memory, exec.count());
            const overdue = this.inputPoint(run, tt);
            if (overdue) return finish(overdue);
            a.unpark();
            break;
          }
          if (stop?.kind === "tick") {
            exec.tickAt = exec.count() + TICK;
            exec.rearm();
            const overdue = this.inputPoint(run, tt);
            if (overdue) return finish(overdue);
            a.unpark();
            a.handleIrqs();
            tt.opts.onTick?.(exec.count());
          } else if (stop?.kind === "limit") {
            if (await terminal(tt.opts.end?.verdict ?? timeout("instructions"))) return;
            a.unpark();
            break;
          } else if (stop && session) {
            const reason = stopReason(stop);
            if (reason) {
              await session.enterStop(stop, reason);
              a.unpark();
              break;
            }
            a.unpark();
          } else {
            a.unpark();
          }
        } else if (end.kind === "halted") {
          if (await terminal({ kind: "halted", eip: a.registers().eip })) return;
          break;
        } else if (end.kind === "trap") {
          this.broken = true;
          const eip = a.registers().eip;
          const cascade = /call stack/i.test(end.message) && exec.raised.some((r) => r.vector < 32 && !r.software);
          return finish(isEmulatorAbort(end.message) && !cascade ? { kind: "emulator-error", eip, message: end.message } : { kind: "triple-fault", eip, detail: end.message });
        } else if (end.kind === "idle") {
          const overdue = this.inputPoint(run, tt);
          if (overdue) return finish(overdue);
          a.skipIdle(end.waitMs);
        }
        if (!tt.opts.end && a.guestMs() >= wallLimit) return finish(timeout("ms"));
        if (performanceNow() - batchStart >= BATCH_MS) break;
      }
      await yieldToHost();
      await this.waitWhilePaused(run);
    }
  }
  checkpointLabel(opts, id) {
    const name = opts.checkpointNames?.[id];
    return name ? `${id} ${name}` : String(id);
  }
  /** Run.timeTravel of a time-travel run. */
  timeTravelControl(run) {
    const shadow = new PageShadow();
    const exec = this.exec;
    return {
      position: () => exec.count(),
      saveState: () => {
        const tt = run.tt;
        const core = { adapter: this.adapter.saveState(), tickAt: exec.tickAt, pointAt: tt.pointAt, pointN: tt.pointN };
        return { at: exec.count(), pages: shadow.save(this.adapter.spaces()), core };
      },
      restoreState: (state, pages) => {
        const tt = run.tt;
        const core = state.core;
        shadow.restore(this.adapter.spaces(), pages);
        this.adapter.restoreState(core.adapter);
        exec.tickAt = core.tickAt;
        exec.restoreCount(state.at);
        tt.pointAt = core.pointAt;
        tt.pointN = core.pointN;
        run.exitCode = null;
        run.takeCheckpoint();
      },
      runTo: (count) => {
        if (!(run.debug instanceof DebugSession)) return Promise.reject(new Error("Run.timeTravel.runTo: boot with BootOptions.debug"));
        return run.debug.runTo(count);
      }
    };
  }
  async drive(run, opts) {
    const a = this.adapter;
    const limitInstructions = opts.timeout?.instructions;
    const limitMs = opts.timeout?.ms ?? (limitInstructions === void 0 ? DEFAULT_TIMEOUT_MS : void 0);
    const wallLimit = limitMs ?? IDLE_GUARD_MS;
    const virtual = opts.clock === "virtual";
    const limitText = (which) => which === "ms" ? `${wallLimit} ms` + (virtual ? " of guest time" : "") + (limitMs === void 0 ? " (idle guard)" : "") : `${limitInstructions} instructions`;
    let activeMs = 0;
    let jitPending = this.jit === "auto" && !virtual && !this.exec.active;
    const timeout = (which) => ({ kind: "timeout", eip: a.registers().eip, serialTail: run.serial.text(), limit: limitText(which) });
    const exec = this.exec;
    const session = run.debug instanceof DebugSession ? run.debug : null;
    const finish = (verdict, instructions2) => {
      const crash = verdict.kind === "triple-fault" || verdict.kind === "timeout" ? crashReport(exec, a.fullRegisters(), this.memory, verdict, !exec.active && (this.jit === true || this.jit === "auto" && !jitPending && !virtual)) : void 0;
      if (crash && verdict.kind === "triple-fault") verdict = { ...verdict, chain: crash.exceptions, eip: crash.exceptions[0]?.eip ?? verdict.eip };
      run.finish(verdict, a.registers(), instructions2, crash);
      session?.ended(verdict);
    };
    for (; ; ) {
      const batchStart = performanceNow();
      for (; ; ) {
        if (run.stopRequested) return finish({ kind: "stopped" }, this.instructionCount());
        const end = a.runSlice();
        run.serial.flush();
        run.debugcon.flush();
        if (run.input.busy) {
          const overdue = run.input.pump(this.inputDevice, virtual ? a.guestMs() : activeMs + (performanceNow() - batchStart), () => run.serial.text());
          if (overdue) return finish(overdue, this.instructionCount());
        }
        const instructions2 = this.instructionCount();
        if (jitPending && instructions2 >= JIT_AFTER_INSTRUCTIONS) {
          a.setJit(true);
          jitPending = false;
        }
        if (end.kind === "parked") {
          if (run.exitCode !== null) {
            if (limitInstructions !== void 0 && instructions2 > limitInstructions) return finish(timeout("instructions"), instructions2);
            return finish({ kind: "exited", code: run.exitCode }, instructions2);
          }
          const id = run.takeCheckpoint();
          if (id !== null) {
            activeMs += performanceNow() - batchStart;
            await run.deliverCheckpoint(id, a.registers(), this.memory, instructions2);
            a.unpark();
            break;
          }
          const stop = exec.takeStop();
          if (stop?.kind === "limit") return finish(timeout("instructions"), instructions2);
          const reason = stop ? stopReason(stop) : null;
          if (stop && reason && session) {
            activeMs += performanceNow() - batchStart;
            await session.enterStop(stop, reason);
            a.unpark();
            break;
          }
          a.unpark();
        } else if (end.kind === "halted") {
          return finish({ kind: "halted", eip: a.registers().eip }, instructions2);
        } else if (end.kind === "trap") {
          this.broken = true;
          const eip = a.registers().eip;
          const cascade = /call stack/i.test(end.message) && exec.raised.some((r) => r.vector < 32 && !r.software);
          return finish(isEmulatorAbort(end.message) && !cascade ? { kind: "emulator-error", eip, message: end.message } : { kind: "triple-fault", eip, detail: end.message }, instructions2);
        }
        if (limitInstructions !== void 0 && instructions2 >= limitInstructions) return finish(timeout("instructions"), instructions2);
        const now = performanceNow();
        if ((virtual ? a.guestMs() : activeMs + (now - batchStart)) >= wallLimit) return finish(timeout("ms"), instructions2);
        if (end.kind === "idle" && session && exec.pendingStop) {
          const idleStop = exec.stopIdle();
          const reason = idleStop ? stopReason(idleStop) : null;
          if (idleStop && reason) {
            activeMs += now - batchStart;
            await session.enterStop(idleStop, reason);
            break;
          }
        }
        if (end.kind === "idle" && virtual) {
          a.skipIdle(end.waitMs);
          if (now - batchStart >= BATCH_MS) {
            activeMs += now - batchStart;
            break;
          }
          continue;
        }
        if (end.kind === "idle") {
          activeMs += now - batchStart;
          const t0 = performanceNow();
          await sleep(Math.min(Math.max(end.waitMs, 0), Math.max(0, wallLimit - activeMs)));
          activeMs += performanceNow() - t0;
          break;
        }
        if (now - batchStart >= BATCH_MS) {
          activeMs += now - batchStart;
          break;
        }
      }
      await yieldToHost();
      await this.waitWhilePaused(run);
    }
  }
  registers() {
    return this.adapter.registers();
  }
  vgaText() {
    const lines = [];
    for (let row = 0; row < 25; row++) {
      let s = "";
      for (let col = 0; col < 80; col++) {
        const c2 = this.adapter.vgaRead(98304 + 2 * (row * 80 + col));
        s += cp437Char(c2);
      }
      lines.push(s.replace(/\s+$/, ""));
    }
    return lines;
  }
  vgaFramebuffer() {
    return this.adapter.framebuffer();
  }
  serialWrite(data) {
    const tt = this.current && !this.current.done ? this.current.tt : null;
    if (tt) {
      if (!tt.opts.inputsAt) tt.queue.push({ kind: "serial", bytes: [...typeof data === "string" ? new TextEncoder().encode(data) : data] });
      return;
    }
    this.adapter.serialInput(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }
  /** During a run keys wait in the run's GuestInput until the guest can take them (emulator/input.ts). */
  sendKeys(keys) {
    const run = this.current;
    if (run && !run.done) run.input.type(keys);
    else this.adapter.keyboardScancodes(scancodes(keys));
  }
  /** What GuestInput needs of this machine. */
  inputDevice = {
    keyboardReady: () => this.adapter.keyboardReady(),
    keyboardScancodes: (codes) => this.adapter.keyboardScancodes(codes),
    serialInput: (bytes) => this.adapter.serialInput(bytes),
    vgaWrites: () => this.adapter.vgaWrites(),
    screen: () => this.vgaText(),
    eip: () => this.adapter.registers().eip
  };
  sendScancodes(codes) {
    const tt = this.current && !this.current.done ? this.current.tt : null;
    if (tt) {
      if (!tt.opts.inputsAt) tt.queue.push({ kind: "keys", codes: [...codes] });
      return;
    }
    this.adapter.keyboardScancodes([...codes]);
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
    this.wake();
  }
  destroy() {
    if (this.destroyed) return;
    this.current?.stop();
    this.resume();
    this.destroyed = true;
    this.adapter.destroy();
  }
  /** The run being executed, for a new boot to wait on. */
  currentDone() {
    return this.current ? this.current.result : null;
  }
};
function performanceNow() {
  return performance.now();
}
var plans = /* @__PURE__ */ new WeakMap();
function cachedPlan(kernel, memoryBytes, loader) {
  const hit = plans.get(kernel);
  if (hit && hit.memoryBytes === memoryBytes && hit.loader === loader && sameBytes(hit.copy, kernel)) return hit.result;
  const copy = kernel.slice();
  const result = planLoad(copy, memoryBytes, loader);
  plans.set(kernel, { copy, memoryBytes, loader, result });
  return result;
}
var RunImpl = class {
  constructor(machine, opts) {
    this.machine = machine;
    this.opts = opts;
    this.previous = machine.currentDone();
    this.input = new GuestInput(opts.script ?? [], opts.keys);
    this.result = new Promise((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    this.serial = new SerialSink(opts.serialTailBytes ?? 64 * 1024, (b) => {
      for (const fn of this.byteListeners) fn(b);
    }, (line) => {
      for (const fn of this.lineListeners) fn(line);
      for (const q of this.lineQueues) {
        q.queue.push(line);
        q.wake?.();
      }
    });
    this.debugcon = new SerialSink(opts.serialTailBytes ?? 64 * 1024, (b) => {
      for (const fn of this.debugconListeners) fn(b);
    }, () => {
    });
  }
  machine;
  opts;
  result;
  serial;
  /** Keys held until the guest can take them, and the expect script (BootOptions.keys, .script). */
  input;
  previous;
  resolveResult;
  rejectResult;
  byteListeners = [];
  debugconListeners = [];
  /** Port 0xE9 output: the same bookkeeping as COM1 (lines are not used). */
  debugcon;
  loader = null;
  lineListeners = [];
  checkpointListeners = [];
  lineQueues = [];
  checkpoints = [];
  pendingCheckpoint = null;
  startedAt = performanceNow();
  exitCode = null;
  debug = void 0;
  timeTravel = void 0;
  recording = void 0;
  /** Time-travel bookkeeping (BootOptions.record / timeTravel); null for other runs. */
  tt = null;
  stopRequested = false;
  done = false;
  on(event, fn) {
    if (event === "serial") this.byteListeners.push(fn);
    else if (event === "debugcon") this.debugconListeners.push(fn);
    else if (event === "serial-line") this.lineListeners.push(fn);
    else if (event === "checkpoint") this.checkpointListeners.push(fn);
    else throw new Error(`Run.on: unknown event ${String(event)}`);
  }
  lines() {
    const q = { queue: [], wake: null };
    this.lineQueues.push(q);
    const self = this;
    return {
      [Symbol.asyncIterator]() {
        return {
          async next() {
            for (; ; ) {
              if (q.queue.length > 0) return { value: q.queue.shift(), done: false };
              if (self.done) return { value: void 0, done: true };
              await new Promise((resolve) => {
                q.wake = resolve;
              });
              q.wake = null;
            }
          },
          async return() {
            const i = self.lineQueues.indexOf(q);
            if (i >= 0) self.lineQueues.splice(i, 1);
            return { value: void 0, done: true };
          }
        };
      }
    };
  }
  stop() {
    this.stopRequested = true;
    if (this.debug instanceof DebugSession) this.debug.release();
    this.machine.wake();
  }
  noteExit(code) {
    if (this.exitCode === null) this.exitCode = code;
  }
  noteCheckpoint(id) {
    this.pendingCheckpoint = id;
  }
  takeCheckpoint() {
    const id = this.pendingCheckpoint;
    this.pendingCheckpoint = null;
    return id;
  }
  async deliverCheckpoint(id, registers, memory, at) {
    const name = this.opts.checkpointNames?.[id] ?? null;
    this.checkpoints.push({ id, name, registers });
    const cp = { id, name, registers, memory, at };
    for (const fn of this.checkpointListeners) fn(cp);
    if (this.opts.onCheckpoint) await this.opts.onCheckpoint(cp);
  }
  /** A host-side failure (a throwing onCheckpoint, a v86 that cannot start): the result rejects. */
  fail(error) {
    if (this.done) return;
    this.done = true;
    for (const q of this.lineQueues) q.wake?.();
    this.rejectResult(error);
  }
  finish(verdict, registers, instructions2 = 0, crash) {
    if (this.done) return;
    this.serial.finish();
    this.debugcon.finish();
    this.done = true;
    for (const q of this.lineQueues) q.wake?.();
    this.resolveResult({
      verdict,
      serial: this.serial.text(),
      serialTotalBytes: this.serial.total,
      debugcon: this.debugcon.text(),
      debugconTotalBytes: this.debugcon.total,
      loader: this.loader,
      registers,
      checkpoints: this.checkpoints,
      wallMs: performanceNow() - this.startedAt,
      instructions: instructions2,
      ...crash ? { crash } : {}
    });
  }
};
var TimeTravelRun = class {
  constructor(opts) {
    this.opts = opts;
  }
  opts;
  pointAt = -1;
  pointN = 0;
  queue = [];
  /** A replay holding at its end with this verdict. */
  ended = null;
};
var VECTOR_NAMES = ["#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15", "#MF", "#AC", "#MC", "#XM", "#VE"];
function vectorName2(v) {
  return VECTOR_NAMES[v] ?? `vector ${v}`;
}

// verify/page-cache.ts
var PAGE2 = 4096;
var DIRECT = 4 * PAGE2;
function pageCachedMemory(mem) {
  const size = mem.size;
  const pages = /* @__PURE__ */ new Map();
  const check = (addr, length) => {
    if (!Number.isInteger(addr) || addr < 0 || length < 0 || addr + length > size) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(size)} bytes)`);
    }
  };
  const page = (n) => {
    let p = pages.get(n);
    if (!p) {
      const start = n * PAGE2;
      p = mem.bytes(start, Math.min(PAGE2, size - start));
      pages.set(n, p);
    }
    return p;
  };
  const u8 = (a) => {
    check(a, 1);
    return page(Math.floor(a / PAGE2))[a % PAGE2];
  };
  const u16 = (a) => u8(a) | u8(a + 1) << 8;
  const u32 = (a) => {
    check(a, 4);
    const o = a % PAGE2;
    if (o <= PAGE2 - 4) {
      const p = page(Math.floor(a / PAGE2));
      return (p[o] | p[o + 1] << 8 | p[o + 2] << 16 | p[o + 3] << 24) >>> 0;
    }
    return (u16(a) | u16(a + 2) << 16) >>> 0;
  };
  const bytes = (a, n) => {
    check(a, n);
    if (n >= DIRECT) return mem.bytes(a, n);
    const out = new Uint8Array(n);
    let i = 0;
    while (i < n) {
      const addr = a + i, o = addr % PAGE2, len = Math.min(n - i, PAGE2 - o);
      out.set(page(Math.floor(addr / PAGE2)).subarray(o, o + len), i);
      i += len;
    }
    return out;
  };
  const cached2 = {
    size,
    u8,
    u16,
    u32,
    bytes,
    cstring(a, max = 4096) {
      let s = "";
      for (let i = 0; i < max && a + i < size; i++) {
        const c2 = u8(a + i);
        if (!c2) break;
        s += String.fromCharCode(c2);
      }
      return s;
    },
    write() {
      throw new Error("page-cached memory is read-only");
    },
    writeU32() {
      throw new Error("page-cached memory is read-only");
    },
    virt(cr3) {
      return mem.virt(cr3);
    }
  };
  return cached2;
}

// verify/report.ts
var PROBE_SYMBOL = "kernlab_probe";
var PROBE_MAGIC = 1112558667;
var PROBE_HEAP_TOP = 16;
var STACK_SYMBOLS = [["__stack_bottom", "__stack_top"], ["stack_bottom", "stack_top"]];
var BOUNDARY_FIXED = ["__heap_start", "__heap_end", "__stack_bottom", "__stack_top", "__kernel_end"];
var CR0_PG2 = 2147483648;
function sectionFlags(sh_flags) {
  let s = "";
  if (sh_flags & SHF_WRITE) s += "W";
  if (sh_flags & SHF_ALLOC) s += "A";
  if (sh_flags & SHF_EXECINSTR) s += "X";
  if (sh_flags & SHF_MERGE) s += "M";
  if (sh_flags & SHF_STRINGS) s += "S";
  return s;
}
function sectionKind(name, flags, type) {
  if (type === "nobits") return "bss";
  if (flags.includes("X")) return "text";
  if (/rodata/.test(name) || !flags.includes("W")) return "rodata";
  return "data";
}
function physOf(elf, vaddr) {
  for (const seg of elf.segments) {
    if (seg.type === PT_LOAD && vaddr >= seg.vaddr && vaddr < seg.vaddr + Math.max(seg.memsz, 1)) return vaddr - seg.vaddr + seg.paddr >>> 0;
  }
  const loads = elf.segments.filter((s) => s.type === PT_LOAD);
  const last = loads[loads.length - 1];
  return last ? vaddr - last.vaddr + last.paddr >>> 0 : vaddr;
}
function inRam(mem, addr, len) {
  return addr >= 0 && len >= 0 && addr + len <= mem.size;
}
function firstDifference(mem, paddr, expected, size) {
  if (!inRam(mem, paddr, size)) return paddr + Math.max(0, mem.size - paddr);
  const got = mem.bytes(paddr, size);
  for (let i = 0; i < size; i++) {
    if (got[i] !== (expected ? expected[i] : 0)) return paddr + i;
  }
  return null;
}
function firstNonZero(mem, paddr, size, paint) {
  if (!paint || paint.end <= paddr || paint.start >= paddr + size) return firstDifference(mem, paddr, null, size);
  const below = paint.start > paddr ? firstDifference(mem, paddr, null, paint.start - paddr) : null;
  if (below !== null) return below;
  const from = Math.min(paddr + size, paint.end);
  return from < paddr + size ? firstDifference(mem, from, null, paddr + size - from) : null;
}
function symbolValue(elf, map, name) {
  const s = symbolByName(elf, name);
  if (s) return s.value;
  const m = map?.symbols.find((x) => x.name === name);
  return m ? m.value : null;
}
function u32At(state, paddr) {
  if (!state || !inRam(state.memory, paddr, 4)) return null;
  return state.memory.u32(paddr);
}
function tableFrames(mem, cr3) {
  const pd = (cr3 & ~4095) >>> 0;
  if (!inRam(mem, pd, 4096)) return [];
  const out = [pd];
  for (let i = 0; i < 1024; i++) {
    const pde = mem.u32(pd + i * 4);
    if (pde & 1 && !(pde & 128)) {
      const pt = (pde & ~4095) >>> 0;
      if (inRam(mem, pt, 4096) && !out.includes(pt)) out.push(pt);
    }
  }
  return out.sort((a, b) => a - b);
}
function buildLayoutReport(input) {
  const elf = input.elf instanceof Uint8Array ? readElf(input.elf, input.fileName ?? "<kernel>") : input.elf;
  const snap = input.snapshot ? { registers: input.snapshot.registers, memory: pageCachedMemory(input.snapshot.memory) } : void 0;
  const entry = input.entrySnapshot ? { registers: input.entrySnapshot.registers, memory: pageCachedMemory(input.entrySnapshot.memory) } : void 0;
  const sections = elf.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0).map((s) => {
    const type = s.type === SHT_NOBITS ? "nobits" : "progbits";
    const paddr = physOf(elf, s.addr);
    const diff = snap ? firstDifference(snap.memory, paddr, type === "nobits" ? null : s.data, s.size) : null;
    const entryDiff = entry && type === "nobits" ? firstNonZero(entry.memory, paddr, s.size, input.paint) : null;
    return {
      name: s.name,
      vaddr: s.addr,
      paddr,
      size: s.size,
      align: Math.max(1, s.addralign),
      type,
      flags: sectionFlags(s.flags),
      matchesFile: snap ? diff === null : null,
      firstMismatch: diff,
      zeroAtEntry: entry && type === "nobits" ? entryDiff === null : null
    };
  }).sort((a, b) => a.vaddr - b.vaddr || a.name.localeCompare(b.name));
  const wanted = [
    ...sections.flatMap((s) => {
      const stem = "__" + s.name.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
      return [stem + "_start", stem + "_end"];
    }),
    ...BOUNDARY_FIXED,
    ...input.layout ? input.layout.sections.flatMap((s) => {
      const stem = "__" + s.name.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
      return [stem + "_start", stem + "_end"];
    }) : [],
    ...input.symbols ?? []
  ];
  const symbols = {};
  for (const name of wanted) {
    if (name in symbols) continue;
    const v = symbolValue(elf, input.map, name);
    if (v !== null) symbols[name] = v;
  }
  let heap = null;
  const hs = input.heap?.start ?? symbolValue(elf, input.map, "__heap_start");
  const he = input.heap?.end ?? symbolValue(elf, input.map, "__heap_end");
  if (hs !== null && he !== null) {
    let top = null, topAtEntry = null;
    const topSym = input.heap?.topSymbol;
    if (topSym) {
      const addr = symbolValue(elf, input.map, topSym);
      if (addr !== null) {
        top = u32At(snap, physOf(elf, addr));
        topAtEntry = u32At(entry, physOf(elf, addr));
      }
    }
    let source = input.heap?.start !== void 0 ? "input" : "symbols" + (topSym ? ` (break in ${topSym})` : "");
    const probe = symbolValue(elf, input.map, PROBE_SYMBOL);
    if (top === null && probe !== null) {
      const p = physOf(elf, probe);
      if (u32At(snap, p) === PROBE_MAGIC) {
        top = u32At(snap, p + PROBE_HEAP_TOP);
        source += " (break in the probe record)";
      }
      if (u32At(entry, p) === PROBE_MAGIC) topAtEntry = u32At(entry, p + PROBE_HEAP_TOP);
    }
    heap = { start: hs, end: he, top, topAtEntry, source };
  }
  let stack = null;
  let range = input.stack ? { ...input.stack, source: "input" } : null;
  if (!range) {
    for (const [b, t] of STACK_SYMBOLS) {
      const bv = symbolValue(elf, input.map, b), tv = symbolValue(elf, input.map, t);
      if (bv !== null && tv !== null) {
        range = { bottom: bv, top: tv, source: `symbols ${b}/${t}` };
        break;
      }
    }
  }
  if (!range && input.paint) range = { bottom: input.paint.start, top: input.paint.end, source: "painted range" };
  if (range) {
    let painted = null;
    let highWater = null;
    if (input.paint && snap) {
      const scan = scanPaint(snap.memory, input.paint);
      painted = { start: input.paint.start, end: input.paint.end, ...scan };
      highWater = scan.lowestTouched === null ? 0 : input.paint.end - scan.lowestTouched;
    }
    stack = {
      bottom: range.bottom,
      top: range.top,
      esp: snap ? snap.registers.esp : null,
      espAtEntry: entry ? entry.registers.esp : null,
      painted,
      highWater,
      source: range.source
    };
  }
  const cr3s = input.cr3s ?? (snap && snap.registers.cr0 & CR0_PG2 ? [snap.registers.cr3] : []);
  const pageTables = snap ? cr3s.map((cr3) => ({
    cr3,
    mappings: walkPageTables(snap.memory, cr3).filter((m) => m.present || m.problem).map((m) => {
      const out = { vaddr: m.vaddr, paddr: m.paddr, size: m.size, writable: m.writable, user: m.user, large: m.large };
      if (m.problem) out.problem = m.problem;
      return out;
    }),
    tableFrames: tableFrames(snap.memory, cr3)
  })) : [];
  const physical = [{ start: 0, end: 1048576, owner: "BIOS + bootloader (reserved)", kind: "reserved" }];
  for (const s of sections) physical.push({ start: s.paddr, end: s.paddr + s.size, owner: s.name, kind: sectionKind(s.name, s.flags, s.type) });
  if (heap && heap.end > heap.start) physical.push({ start: physOf(elf, heap.start), end: physOf(elf, heap.start) + (heap.end - heap.start), owner: "heap", kind: "heap" });
  if (stack && stack.top > stack.bottom) {
    const inSection = sections.some((s) => stack.bottom >= s.vaddr && stack.top <= s.vaddr + s.size);
    if (!inSection) physical.push({ start: physOf(elf, stack.bottom), end: physOf(elf, stack.bottom) + (stack.top - stack.bottom), owner: "stack", kind: "stack" });
  }
  for (const as of pageTables) {
    for (const f of as.tableFrames) {
      physical.push({ start: f, end: f + 4096, owner: f === (as.cr3 & ~4095) >>> 0 ? `page directory (CR3 ${hex(as.cr3)})` : `page table (CR3 ${hex(as.cr3)})`, kind: "pagetable" });
    }
    for (const m of as.mappings) {
      if (m.user && !m.problem) physical.push({ start: m.paddr, end: m.paddr + m.size, owner: `user pages (CR3 ${hex(as.cr3)})`, kind: "process" });
    }
  }
  physical.sort((a, b) => a.start - b.start || b.end - a.end || a.owner.localeCompare(b.owner));
  return {
    format: "kernlab-layout-report/1",
    kernel: { fileName: elf.fileName, entry: elf.entry },
    sections,
    symbols,
    heap,
    stack,
    registers: snap ? { ...snap.registers } : null,
    entryRegisters: entry ? { ...entry.registers } : null,
    pageTables,
    physical,
    memoryBytes: snap ? snap.memory.size : null,
    layout: input.layout ?? null
  };
}
function reportRegions(report) {
  const out = [];
  for (const p of report.physical) {
    if (p.kind === "process" || p.kind === "pagetable") continue;
    const r = { name: p.owner, start: p.start, end: p.end, kind: p.kind };
    if (p.kind === "heap" && report.heap?.top != null) r.note = `top ${hex(report.heap.top)}`;
    if (p.kind === "stack" && report.stack?.esp != null) r.note = `ESP ${hex(report.stack.esp)}`;
    out.push(r);
  }
  if (report.memoryBytes !== null) {
    const top = Math.max(...out.map((r) => r.end));
    if (top < report.memoryBytes) out.push({ name: "free memory", start: top, end: report.memoryBytes, kind: "free" });
  }
  return out;
}

export {
  PageFaultError,
  walkPageTables,
  checkMultiboot,
  symbolTable,
  describeVerdict,
  nodeWasmModule,
  readKlrec,
  decodeSnapshot,
  createMachine,
  EXIT_PORT,
  CHECKPOINT_PORT,
  pageCachedMemory,
  sectionFlags,
  sectionKind,
  buildLayoutReport,
  reportRegions
};
