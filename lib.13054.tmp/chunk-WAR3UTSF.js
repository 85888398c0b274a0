import {
  isElf,
  readElf,
  sameBytes
} from "./chunk-L7JAW7VC.js";
import {
  hex,
  isKernlabError
} from "./chunk-SL2PM32D.js";

// emulator/multiboot.ts
var MULTIBOOT_HEADER_MAGIC = 464367618;
var MULTIBOOT_BOOTLOADER_MAGIC = 732803074;
var MULTIBOOT_SEARCH = 8192;
var MULTIBOOT_SUPPORTED_REQUIRED = 7;
var MULTIBOOT_AOUT_KLUDGE = 65536;
var PT_LOAD = 1;
function checkMultiboot(kernel, memoryBytes) {
  const r = planLoad(kernel, memoryBytes);
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
function planLoad(kernel, memoryBytes) {
  const found = findHeader(kernel);
  if (typeof found === "string") return noHeader(found);
  const { offset, flags } = found;
  const unsupported = flags & 65535 & ~MULTIBOOT_SUPPORTED_REQUIRED;
  if (unsupported) return noHeader(`header at ${hex(offset)} requires unsupported features (flags ${hex(flags)})`);
  const dv = new DataView(kernel.buffer, kernel.byteOffset, kernel.byteLength);
  const chunks = [];
  let entry;
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
        entry = elf.entry - seg.vaddr + seg.paddr >>> 0;
        translated = true;
      }
    }
    if (chunks.length === 0) return noHeader("the ELF file has no PT_LOAD segment");
  }
  let end = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const chunkEnd = c.paddr + c.memsz;
    if (chunkEnd > memoryBytes) return { ok: false, verdict: { kind: "kernel-too-large", segment: i, end: chunkEnd, memoryBytes } };
    end = Math.max(end, chunkEnd);
  }
  return { ok: true, plan: { chunks, entry: entry >>> 0, end, headerOffset: offset, headerFlags: flags } };
}

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
      const inRam = paddr + 4096 <= ramSize;
      const last = out[out.length - 1];
      if (inRam && last && !last.problem && !last.large && last.vaddr + last.size === vaddr && last.paddr + last.size === paddr && last.writable === writable && last.user === user) {
        last.size += 4096;
        continue;
      }
      const m = { vaddr, paddr, size: 4096, present: true, writable, user, large: false };
      if (!inRam) m.problem = `page frame ${hex(paddr)} is outside RAM`;
      out.push(m);
    }
  }
  return out;
}

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

// emulator/loader.ts
var GDT_BASE = 2048;
var CODE_SELECTOR = 8;
var DATA_SELECTOR = 16;
var INFO_SIZE = 524288 - 2048;
var MULTIBOOT_INFO_MEMORY = 1 << 0;
var MULTIBOOT_INFO_CMDLINE = 1 << 2;
var MULTIBOOT_INFO_MODS = 1 << 3;
var MULTIBOOT_INFO_MEM_MAP = 1 << 6;
var MULTIBOOT_INFO_BOOT_LOADER_NAME = 1 << 9;
var MULTIBOOT_MEMORY_AVAILABLE = 1;
var MULTIBOOT_MEMORY_RESERVED = 2;
var align = (n, a) => Math.ceil(n / a) * a;
function loadKernel(mem, input) {
  const { plan } = input;
  for (const c of plan.chunks) mem.write(c.paddr, c.data);
  const placed = [];
  let next = align(plan.end, 4096);
  input.modules.forEach((m, i) => {
    placed.push({ start: next, end: next + m.data.length, cmdline: m.cmdline ?? "" });
    next = align(next + m.data.length, 4096);
    void i;
  });
  const last = placed[placed.length - 1];
  if (last && last.end > mem.size) {
    return { ok: false, verdict: { kind: "kernel-too-large", segment: plan.chunks.length + placed.length - 1, end: last.end, memoryBytes: mem.size } };
  }
  placed.forEach((p, i) => mem.write(p.start, input.modules[i].data));
  const lowFree = plan.chunks.every((c) => c.paddr >= 524288 || c.paddr + c.memsz <= GDT_BASE);
  const base = lowFree ? GDT_BASE : next;
  if (base + INFO_SIZE > mem.size && !lowFree) {
    return { ok: false, verdict: { kind: "kernel-too-large", segment: plan.chunks.length + placed.length, end: base + INFO_SIZE, memoryBytes: mem.size } };
  }
  const gdt = base, info = base + 2048, mmap = base + 2304, mods = base + 3072;
  let strings = base + 6144;
  const putString = (s) => {
    const at = strings;
    const bytes = new TextEncoder().encode(s + "\0");
    mem.write(at, bytes);
    strings += align(bytes.length, 4);
    return at;
  };
  mem.writeU32(gdt + 8, 65535);
  mem.writeU32(gdt + 12, 13605376);
  mem.writeU32(gdt + 16, 65535);
  mem.writeU32(gdt + 20, 13603328);
  let flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME;
  mem.writeU32(info + 4, 639);
  mem.writeU32(info + 8, Math.floor((mem.size - 1048576) / 1024));
  if (input.cmdline !== void 0) {
    flags |= MULTIBOOT_INFO_CMDLINE;
    mem.writeU32(info + 16, putString(input.cmdline));
  }
  if (placed.length > 0) {
    flags |= MULTIBOOT_INFO_MODS;
    mem.writeU32(info + 20, placed.length);
    mem.writeU32(info + 24, mods);
    placed.forEach((p, i) => {
      mem.writeU32(mods + i * 16, p.start);
      mem.writeU32(mods + i * 16 + 4, p.end);
      mem.writeU32(mods + i * 16 + 8, putString(p.cmdline));
    });
  }
  const ranges = [
    [0, 654336, MULTIBOOT_MEMORY_AVAILABLE],
    [654336, 1024, MULTIBOOT_MEMORY_RESERVED],
    [983040, 65536, MULTIBOOT_MEMORY_RESERVED],
    [1048576, mem.size - 1048576, MULTIBOOT_MEMORY_AVAILABLE]
  ];
  ranges.forEach(([b, len, type], i) => {
    const e = mmap + i * 24;
    mem.writeU32(e, 20);
    mem.writeU32(e + 4, b);
    mem.writeU32(e + 8, 0);
    mem.writeU32(e + 12, len);
    mem.writeU32(e + 16, 0);
    mem.writeU32(e + 20, type);
  });
  mem.writeU32(info + 44, ranges.length * 24);
  mem.writeU32(info + 48, mmap);
  mem.writeU32(info + 64, putString("kernlab"));
  mem.writeU32(info, flags);
  return { ok: true, entry: { eip: plan.entry, eax: MULTIBOOT_BOOTLOADER_MAGIC, ebx: info, gdtBase: gdt, gdtLimit: 23, codeSelector: CODE_SELECTOR, dataSelector: DATA_SELECTOR } };
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
        const c = u8(addr + i);
        if (c === 0) break;
        s += String.fromCharCode(c);
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

// emulator/v86-adapter.ts
import { V86 } from "v86";

// emulator/verdict.ts
function describeVerdict(v) {
  switch (v.kind) {
    case "exited":
      return `exited with code ${v.code}`;
    case "timeout": {
      const tail = lastLine(v.serialTail);
      return `timeout after ${v.limit} at eip ${hex(v.eip)}` + (tail ? `; last serial line: ${JSON.stringify(tail)}` : "; no serial output");
    }
    case "triple-fault":
      return `triple fault at eip ${hex(v.eip)}` + (v.detail ? ` (${v.detail})` : "");
    case "halted":
      return `halted at eip ${hex(v.eip)} with interrupts disabled (cli; hlt): nothing can wake it`;
    case "no-multiboot-header":
      return `cannot load: no multiboot header: ${v.reason}`;
    case "kernel-too-large":
      return `cannot load: kernel too large: segment ${v.segment} ends at ${hex(v.end)}, beyond guest RAM of ${hex(v.memoryBytes)} bytes`;
    case "stopped":
      return "stopped by the host";
  }
}
function lastLine(s) {
  const lines = s.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.length > 0);
  const last = lines[lines.length - 1] ?? "";
  return last.length > 120 ? last.slice(0, 117) + "..." : last;
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
      const c = copyState(x, shareLarge);
      if (c === UNCOPYABLE) return UNCOPYABLE;
      out.push(c);
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
        const instance = await WebAssembly.instantiate(opts.wasmModule, imports);
        instanceMemory = instance.exports["memory"];
        return instance.exports;
      },
      memory_size: opts.memoryBytes,
      vga_memory_size: 256 * 1024,
      autostart: false,
      disable_speaker: true,
      disable_mouse: true,
      acpi: false,
      log_level: 0
    });
    await new Promise((resolve) => emulator.add_listener("emulator-loaded", () => resolve()));
    installClock(emulator);
    const cpu = emulator.v86.cpu;
    cpu.set_jit_config(JIT_DISABLED, opts.jit ? 0 : 1);
    const adapter = new _V86Adapter(emulator, cpu, cpu.memory_size[0]);
    adapter.clockEpoch = hostNow();
    box.adapter = adapter;
    adapter.install(opts.events);
    const ps2 = cpu.devices.ps2;
    if (ps2) ps2.enable_keyboard_stream = true;
    adapter.captureBaseline();
    return adapter;
  }
  install(events) {
    const io = this.cpu.io;
    const vga = this.cpu.devices.vga;
    if (vga) {
      const write = vga.vga_memory_write.bind(vga);
      try {
        vga.vga_memory_write = (addr, value) => {
          this.vgaMemoryDirty = true;
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
    this.emulator.add_listener("serial0-output-byte", (b) => events.serialByte(b));
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
  /** Stop the current slice after the instruction that is executing now (used by the port handlers). */
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
  /** The multiboot machine state (Multiboot spec 3.2): flat 32-bit protected mode, paging off, IF = 0. */
  enterProtectedMode(state) {
    const cpu = this.cpu;
    cpu.reg32.fill(0);
    cpu.reg32[0] = state.eax;
    cpu.reg32[3] = state.ebx;
    cpu.cr[0] = 17;
    cpu.cr[2] = 0;
    cpu.cr[3] = 0;
    cpu.cr[4] = 0;
    cpu.protected_mode[0] = 1;
    cpu.flags[0] = FLAGS_RESERVED;
    cpu.is_32[0] = 1;
    cpu.stack_size_32[0] = 1;
    cpu.cpl[0] = 0;
    cpu.gdtr_offset[0] = state.gdtBase;
    cpu.gdtr_size[0] = state.gdtLimit;
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
  /** Queue bytes into COM1's receive buffer (raises the UART's interrupt if the guest enabled it). */
  serialInput(bytes) {
    clockOwner = this;
    for (const b of bytes) this.emulator.bus.send("serial0-input", b);
  }
  /** Queue PS/2 set-1 scancodes in the keyboard controller. */
  keyboardScancodes(codes) {
    clockOwner = this;
    for (const c of codes) this.emulator.bus.send("keyboard-code", c);
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

// emulator/wasm-node.ts
var cached = null;
function isNode() {
  const p = globalThis.process;
  return !!p?.versions?.node && typeof p.getBuiltinModule === "function";
}
function nodeWasmModule() {
  if (!cached) {
    cached = compileFromPackage();
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}
async function compileFromPackage() {
  const p = globalThis.process;
  const fs = p.getBuiltinModule("node:fs");
  const mod = p.getBuiltinModule("node:module");
  const path = mod.createRequire(import.meta.url).resolve("v86/build/v86.wasm");
  return WebAssembly.compile(fs.readFileSync(path));
}

// emulator/machine.ts
var DEFAULT_MEMORY_MIB = 32;
var DEFAULT_TIMEOUT_MS = 1e4;
var IDLE_GUARD_MS = 6e4;
var BATCH_MS = 2;
var DEFAULT_GUEST_MIPS = 100;
var compiledFromBytes = /* @__PURE__ */ new WeakMap();
async function wasmModuleFor(opts) {
  if (opts.wasmModule) return opts.wasmModule;
  if (opts.wasmBytes) {
    let p = compiledFromBytes.get(opts.wasmBytes);
    if (!p) {
      p = WebAssembly.compile(opts.wasmBytes);
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
  const machine = new MachineImpl(memoryMiB * 1024 * 1024, wasmModule, opts.jit ?? false);
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
  async init() {
    const events = {
      serialByte: (b) => this.current?.serial.push(b),
      exit: (code) => this.current?.noteExit(code),
      checkpoint: (id) => this.current?.noteCheckpoint(id)
    };
    if (this.adapter) this.adapter.destroy();
    this.adapter = await V86Adapter.create({ memoryBytes: this.memoryBytes, wasmModule: this.wasmModule, events, jit: this.jit });
    this.dirty = false;
    this.broken = false;
  }
  boot(kernel, opts = {}) {
    if (this.destroyed) throw new Error("Machine.boot: the machine was destroyed");
    if (this.current && !this.current.done) this.current.stop();
    const run = new RunImpl(this, opts);
    this.current = run;
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
  async execute(run, kernel, opts) {
    const previous = run.previous;
    if (previous) await previous.then(() => {
    }, () => {
    });
    if (run.stopRequested) {
      run.finish({ kind: "stopped" }, ZERO_REGISTERS);
      return;
    }
    const planned = cachedPlan(kernel, this.memoryBytes);
    if (!planned.ok) {
      run.finish(planned.verdict, ZERO_REGISTERS);
      return;
    }
    if (this.broken) await this.init();
    else if (this.dirty) this.adapter.warmReset();
    this.dirty = true;
    const loaded = loadKernel(this.memory, { plan: planned.plan, modules: opts.modules ?? [], cmdline: opts.cmdline });
    if (!loaded.ok) {
      run.finish(loaded.verdict, ZERO_REGISTERS);
      return;
    }
    for (const p of opts.paint ?? []) paintRange(this.memory, p);
    this.adapter.enterProtectedMode(loaded.entry);
    this.adapter.setClock(opts.clock === "virtual" ? { mips: opts.guestMips ?? DEFAULT_GUEST_MIPS } : null);
    if (opts.serialInput !== void 0) this.serialWrite(opts.serialInput);
    await this.drive(run, opts);
  }
  async drive(run, opts) {
    const a = this.adapter;
    const limitInstructions = opts.timeout?.instructions;
    const limitMs = opts.timeout?.ms ?? (limitInstructions === void 0 ? DEFAULT_TIMEOUT_MS : void 0);
    const wallLimit = limitMs ?? IDLE_GUARD_MS;
    const virtual = opts.clock === "virtual";
    const limitText = (which) => which === "ms" ? `${wallLimit} ms` + (virtual ? " of guest time" : "") + (limitMs === void 0 ? " (idle guard)" : "") : `${limitInstructions} instructions`;
    let activeMs = 0;
    const timeout = (which) => ({ kind: "timeout", eip: a.registers().eip, serialTail: run.serial.text(), limit: limitText(which) });
    for (; ; ) {
      const batchStart = performanceNow();
      for (; ; ) {
        if (run.stopRequested) return run.finish({ kind: "stopped" }, a.registers(), a.instructions());
        const end = a.runSlice();
        run.serial.flush();
        const instructions = a.instructions();
        if (end.kind === "parked") {
          if (run.exitCode !== null) {
            if (limitInstructions !== void 0 && instructions > limitInstructions) return run.finish(timeout("instructions"), a.registers(), instructions);
            return run.finish({ kind: "exited", code: run.exitCode }, a.registers(), instructions);
          }
          const id = run.takeCheckpoint();
          if (id !== null) {
            activeMs += performanceNow() - batchStart;
            await run.deliverCheckpoint(id, a.registers(), this.memory, instructions);
            a.unpark();
            break;
          }
          a.unpark();
        } else if (end.kind === "halted") {
          return run.finish({ kind: "halted", eip: a.registers().eip }, a.registers(), instructions);
        } else if (end.kind === "trap") {
          this.broken = true;
          return run.finish({ kind: "triple-fault", eip: a.registers().eip, detail: end.message }, a.registers(), instructions);
        }
        if (limitInstructions !== void 0 && instructions >= limitInstructions) return run.finish(timeout("instructions"), a.registers(), instructions);
        const now = performanceNow();
        if ((virtual ? a.guestMs() : activeMs + (now - batchStart)) >= wallLimit) return run.finish(timeout("ms"), a.registers(), instructions);
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
        const c = this.adapter.vgaRead(98304 + 2 * (row * 80 + col));
        s += c === 0 ? " " : CP437[c] ?? String.fromCharCode(c);
      }
      lines.push(s.replace(/\s+$/, ""));
    }
    return lines;
  }
  serialWrite(data) {
    this.adapter.serialInput(typeof data === "string" ? new TextEncoder().encode(data) : data);
  }
  sendKeys(keys) {
    this.adapter.keyboardScancodes(scancodes(keys));
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
function cachedPlan(kernel, memoryBytes) {
  const hit = plans.get(kernel);
  if (hit && hit.memoryBytes === memoryBytes && sameBytes(hit.copy, kernel)) return hit.result;
  const copy = kernel.slice();
  const result = planLoad(copy, memoryBytes);
  plans.set(kernel, { copy, memoryBytes, result });
  return result;
}
var CP437 = (() => {
  const high = "\xC7\xFC\xE9\xE2\xE4\xE0\xE5\xE7\xEA\xEB\xE8\xEF\xEE\xEC\xC4\xC5\xC9\xE6\xC6\xF4\xF6\xF2\xFB\xF9\xFF\xD6\xDC\xA2\xA3\xA5\u20A7\u0192\xE1\xED\xF3\xFA\xF1\xD1\xAA\xBA\xBF\u2310\xAC\xBD\xBC\xA1\xAB\xBB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\xDF\u0393\u03C0\u03A3\u03C3\xB5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\xB1\u2265\u2264\u2320\u2321\xF7\u2248\xB0\u2219\xB7\u221A\u207F\xB2\u25A0\xA0";
  const map = {};
  for (let i = 0; i < 128; i++) map[128 + i] = high[i];
  for (let i = 1; i < 32; i++) map[i] = "\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C\u25BA\u25C4\u2195\u203C\xB6\xA7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC"[i - 1];
  return map;
})();
var RunImpl = class {
  constructor(machine, opts) {
    this.machine = machine;
    this.opts = opts;
    this.previous = machine.currentDone();
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
  }
  machine;
  opts;
  result;
  serial;
  previous;
  resolveResult;
  rejectResult;
  byteListeners = [];
  lineListeners = [];
  checkpointListeners = [];
  lineQueues = [];
  checkpoints = [];
  pendingCheckpoint = null;
  startedAt = performanceNow();
  exitCode = null;
  stopRequested = false;
  done = false;
  on(event, fn) {
    if (event === "serial") this.byteListeners.push(fn);
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
  finish(verdict, registers, instructions = 0) {
    if (this.done) return;
    this.serial.finish();
    this.done = true;
    for (const q of this.lineQueues) q.wake?.();
    this.resolveResult({
      verdict,
      serial: this.serial.text(),
      serialTotalBytes: this.serial.total,
      registers,
      checkpoints: this.checkpoints,
      wallMs: performanceNow() - this.startedAt,
      instructions
    });
  }
};

export {
  scanPaint,
  checkMultiboot,
  PageFaultError,
  walkPageTables,
  nodeWasmModule,
  createMachine,
  describeVerdict,
  symbolTable,
  EXIT_PORT,
  CHECKPOINT_PORT
};
