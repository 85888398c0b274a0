/**
 * The boot loader kernlab plays: writes a LoadPlan into guest RAM, places modules, builds the boot
 * information and the GDT, and returns the register state for entry. It does not run anything (machine.ts
 * does) and does not check headers (multiboot.ts, multiboot2.ts do). Two personalities:
 *
 * "qemu" (default): exactly what `qemu-system-i386 -kernel K [-append A] [-initrd "M args,..."]` does with
 * its multiboot option ROM (QEMU 7.2, SeaBIOS, a VGA card present), measured with test/boot/probes/loader-info:
 *   EAX 0x2BADB002, EBX 0x9500, ECX = entry, EDX = (mem_upper & 0xFFFF0000) | 0x511, EDI 0x1000,
 *   ESI = EBP = 0, ESP 0x6F08, EFLAGS 0x6, CS 0x08, DS-SS 0x10, GDT of 5 entries at 0xCB2B8, IDTR 0:0x3FF.
 *   Info (88 bytes) at 0x9500: flags 0x24F (memory, boot device 0x8000FFFF, cmdline, mods, mmap, loader name),
 *   the BIOS e820 map (6 entries) at 0x9000; after the kernel image (page-aligned), QEMU's boot buffer: the
 *   module list, module command lines, the kernel command line "<kernelName> <cmdline>", "qemu"; then the
 *   modules, each page-aligned.
 *     0x00006F08  ESP          0x00009000  memory map      0x00009500  multiboot_info
 *     0x000CB2B8  GDT (in the multiboot option ROM's shadow)
 *     load_addr … kernel … page ┊ mods[], strings ┊ page ┊ module 0 ┊ page ┊ module 1 …
 *
 * "grub": GRUB 2.06's `multiboot` (and, for a kernel with only a Multiboot 2 header, `multiboot2`) on a PC
 * BIOS: EAX magic, EBX info, ECX = EDX = ESI = EDI = EBP = 0, ESP 0x7FF00, EFLAGS 0x46 (left by the
 * relocator's last `and`), CS 0x10, DS-SS 0x18 (GRUB's relocator GDT: null, reserved, code, data). The
 * information is laid out in GRUB's order (multiboot_mbi.c: struct, cmdline, "GRUB 2.06", APM room, module
 * list and command lines, memory map, section headers, VBE blocks) with flags memory, cmdline, mods (when
 * there are modules), ELF section headers (bit 5), mmap, loader name, VBE and framebuffer (EGA text). The
 * kernel's unallocated sections (.symtab, .strtab) are copied after the image and their sh_addr set, then
 * the modules follow page-aligned. Where GRUB's relocator puts the info, its GDT and those copies depends on
 * GRUB's own heap; kernlab uses fixed addresses (GRUB_INFO, GRUB_GDT): kernels find them through EBX only.
 */
import type { GuestMemory, LoaderName, Verdict } from "./index";
import { writeRamUnderVga } from "./memory";
import { MULTIBOOT_BOOTLOADER_MAGIC, type LoadPlan } from "./multiboot";
import { MULTIBOOT2_BOOTLOADER_MAGIC, multiboot2InfoSize, writeMultiboot2Info, type Multiboot2Info } from "./multiboot2";

// multiboot_info flags (Multiboot spec 3.3)
export const MULTIBOOT_INFO_MEMORY = 1 << 0;
export const MULTIBOOT_INFO_BOOTDEV = 1 << 1;
export const MULTIBOOT_INFO_CMDLINE = 1 << 2;
export const MULTIBOOT_INFO_MODS = 1 << 3;
export const MULTIBOOT_INFO_ELF_SHDR = 1 << 5;
export const MULTIBOOT_INFO_MEM_MAP = 1 << 6;
export const MULTIBOOT_INFO_BOOT_LOADER_NAME = 1 << 9;
export const MULTIBOOT_INFO_VBE_INFO = 1 << 11;
export const MULTIBOOT_INFO_FRAMEBUFFER_INFO = 1 << 12;
export const MULTIBOOT_MEMORY_AVAILABLE = 1;
export const MULTIBOOT_MEMORY_RESERVED = 2;

/** QEMU's multiboot option ROM, with SeaBIOS and a VGA BIOS before it at 0xC0000. */
export const QEMU = {
  mmap: 0x9000, info: 0x9500, infoSize: 88, gdt: 0xcb2b8, esp: 0x6f08, edi: 0x1000, eflags: 0x6, name: "qemu",
  codeSelector: 0x08, dataSelector: 0x10, bootDevice: 0x8000ffff,
} as const;
/** GRUB 2.06 on a PC BIOS. */
export const GRUB = {
  info: 0x10000, gdt: 0x1000, esp: 0x7ff00, eflags: 0x46, name: "GRUB 2.06", codeSelector: 0x10, dataSelector: 0x18,
} as const;

export interface EntryState {
  eip: number; eax: number; ebx: number; ecx: number; edx: number; esi: number; edi: number; ebp: number; esp: number; eflags: number;
  gdtBase: number; gdtLimit: number; idtBase: number; idtLimit: number; codeSelector: number; dataSelector: number;
}

export interface LoadInput {
  plan: LoadPlan;
  modules: { data: Uint8Array; cmdline?: string }[];
  cmdline?: string;
  /** The kernel's file name (QEMU starts the command line with it). Default "kernel". */
  kernelName?: string;
  /** Default "qemu"; a Multiboot 2 plan always loads as GRUB's multiboot2. */
  loader?: LoaderName;
}

export type LoadOutcome = { ok: true; entry: EntryState; loader: LoaderName } | { ok: false; verdict: Verdict };

const PAGE = 0x1000;
const align = (n: number, a: number) => Math.ceil(n / a) * a;
const encoder = new TextEncoder();
const bytesOf = (s: string) => encoder.encode(s);

/** The BIOS e820 map SeaBIOS reports under QEMU (and GRUB passes on): [base, length, type]. */
export function firmwareMemoryMap(ramBytes: number): [number, number, number][] {
  return [
    [0, 0x9fc00, MULTIBOOT_MEMORY_AVAILABLE],
    [0x9fc00, 0x400, MULTIBOOT_MEMORY_RESERVED],                 // EBDA
    [0xf0000, 0x10000, MULTIBOOT_MEMORY_RESERVED],               // BIOS
    [0x100000, ramBytes - 0x100000 - 0x20000, MULTIBOOT_MEMORY_AVAILABLE],
    [ramBytes - 0x20000, 0x20000, MULTIBOOT_MEMORY_RESERVED],    // SeaBIOS keeps the top 128 KiB of RAM
    [0xfffc0000, 0x40000, MULTIBOOT_MEMORY_RESERVED],            // BIOS flash
  ];
}

/** KiB below 640 KiB and KiB of contiguous RAM from 1 MiB, as both loaders compute them from that map. */
export function memLowerUpper(ramBytes: number): { lower: number; upper: number } {
  return { lower: 0x9fc00 >> 10, upper: (ramBytes - 0x100000 - 0x20000) >>> 10 };
}

function tooLarge(plan: LoadPlan, extra: number, end: number, mem: GuestMemory): LoadOutcome {
  return { ok: false, verdict: { kind: "kernel-too-large", segment: plan.chunks.length + extra, end, memoryBytes: mem.size } };
}

function writeMmap(mem: InfoSink, at: number, ranges: [number, number, number][]): number {
  ranges.forEach(([base, length, type], i) => {
    const e = at + i * 24;
    mem.writeU32(e, 20); mem.writeU32(e + 4, base); mem.writeU32(e + 8, 0); mem.writeU32(e + 12, length); mem.writeU32(e + 16, 0); mem.writeU32(e + 20, type);
  });
  return ranges.length * 24;
}

function writeGdt(mem: InfoSink, at: number, dwords: number[]): number {
  dwords.forEach((d, i) => mem.writeU32(at + 4 * i, d));
  return dwords.length * 4 - 1;
}

/** Write the kernel, its modules and the boot information into zeroed RAM; returns the entry state or a verdict. */
export function loadKernel(mem: GuestMemory, input: LoadInput): LoadOutcome {
  const { plan } = input;
  const qemu = plan.protocol === 1 && (input.loader ?? "qemu") === "qemu";
  for (const c of plan.chunks) {
    // the rest of memsz is .bss: RAM is already zero. QEMU's copy into the VGA window: writeVgaWindow.
    if (!qemu || c.paddr >= 0xc0000 || c.paddr + c.data.length <= 0xa0000) { mem.write(c.paddr, c.data); continue; }
    if (c.paddr < 0xa0000) mem.write(c.paddr, c.data.subarray(0, 0xa0000 - c.paddr));
    if (c.paddr + c.data.length > 0xc0000) mem.write(0xc0000, c.data.subarray(0xc0000 - c.paddr));
  }
  if (qemu) writeVgaWindow(mem, input);
  if (plan.protocol === 2) return loadGrub(mem, input, 2);
  return (input.loader ?? "qemu") === "grub" ? loadGrub(mem, input, 1) : loadQemu(mem, input);
}

/**
 * QEMU's loader copies the image [low, end) through the guest's view of memory, so in the VGA text window
 * 0xB8000-0xBFFFF the image (and its .bss and gaps as zeros) lands in VGA memory, where the guest's reads and
 * writes then go (mem.write routes the window to the VGA device). v86 fetches instructions from the RAM
 * under the window, not from the device: the same bytes go there too, so code in the window runs as under
 * QEMU. Below 0xB8000 text mode maps nothing: QEMU drops the bytes (not written here either) and its guest
 * fetches 0xFF there, as v86's does from the RAM filled below (v86's VGA still maps that part for data: the
 * guest reads the device's planes there, not QEMU's 0xFF; README lists the difference).
 */
function writeVgaWindow(mem: GuestMemory, input: LoadInput): void {
  const { plan } = input;
  const from = Math.max(plan.low, 0xa0000), to = Math.min(plan.end, 0xc0000);
  if (from >= to) return;
  const image = new Uint8Array(to - from);
  for (const c of plan.chunks) {
    const a = Math.max(c.paddr, from), b = Math.min(c.paddr + c.data.length, to);
    if (a < b) image.set(c.data.subarray(a - c.paddr, b - c.paddr), a - from);
  }
  const text = Math.max(from, 0xb8000);
  if (text < to) mem.write(text, image.subarray(text - from)); // zeros for .bss and gaps, as QEMU's copy
  if (from < 0xb8000) writeRamUnderVga(mem, from, new Uint8Array(Math.min(to, 0xb8000) - from).fill(0xff));
  if (text < to) writeRamUnderVga(mem, text, image.subarray(text - from));
}

function loadQemu(mem: GuestMemory, input: LoadInput): LoadOutcome {
  const { plan, modules } = input;
  const n = modules.length;
  const kernelSize = plan.end - plan.low;
  const name = input.kernelName ?? "kernel";
  const modStrings = modules.map((m) => bytesOf(m.cmdline ?? ""));
  // QEMU sizes its string area for the file name, -append, and the whole -initrd string ("a x,b": each + 1).
  const cmdlineLen = bytesOf(name).length + 1 + bytesOf(input.cmdline ?? "").length + 1 + modStrings.reduce((s, b) => s + b.length + 1, 0);
  const mbinfo = align(kernelSize, PAGE);
  let cmdlines = mbinfo + 16 * n;
  let bufSize = align(mbinfo + cmdlineLen + 16 * n + bytesOf(QEMU.name).length + 1, PAGE);
  const loaderAt = cmdlines + cmdlineLen;
  const base = plan.low;

  const placed: { start: number; end: number; cmdline: number }[] = [];
  for (let i = 0; i < n; i++) {
    const offs = bufSize;
    const c = cmdlines;
    cmdlines += modStrings[i]!.length + 1;
    bufSize = align(offs + modules[i]!.data.length, PAGE);
    placed.push({ start: base + offs, end: base + offs + modules[i]!.data.length, cmdline: base + c });
  }
  if (base + bufSize > mem.size) return tooLarge(plan, n, base + bufSize, mem);
  modStrings.forEach((b, i) => { mem.write(placed[i]!.cmdline, b); });
  placed.forEach((p, i) => {
    mem.write(p.start, modules[i]!.data);
    const e = base + mbinfo + 16 * i;
    mem.writeU32(e, p.start); mem.writeU32(e + 4, p.end); mem.writeU32(e + 8, p.cmdline);
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

  // The option ROM's GDT: null, code, data (the CPU set its accessed bit), 16-bit code, 16-bit data.
  const gdtLimit = writeGdt(mem, QEMU.gdt, [0, 0, 0x0000ffff, 0x00cf9a00, 0x0000ffff, 0x00cf9300, 0x0000ffff, 0x00009e00, 0x0000ffff, 0x00009200]);
  return {
    ok: true, loader: "qemu",
    entry: {
      eip: plan.entry, eax: MULTIBOOT_BOOTLOADER_MAGIC, ebx: info, ecx: plan.entry, edx: ((upper & 0xffff0000) | 0x511) >>> 0,
      esi: 0, edi: QEMU.edi, ebp: 0, esp: QEMU.esp, eflags: QEMU.eflags,
      gdtBase: QEMU.gdt, gdtLimit, idtBase: 0, idtLimit: 0x3ff, codeSelector: QEMU.codeSelector, dataSelector: QEMU.dataSelector,
    },
  };
}

/** The unallocated sections GRUB copies for the kernel, then the modules (page-aligned); sh_addr patched. */
function placeAfterKernel(mem: GuestMemory, input: LoadInput): { headers: Uint8Array | null; modules: { start: number; end: number }[]; next: number } | number {
  const { plan } = input;
  let next = plan.end;
  const table = plan.sections;
  let headers: Uint8Array | null = null;
  if (table) {
    headers = table.headers.slice();
    const hv = new DataView(headers.buffer);
    for (const s of table.loads) {
      next = align(next, s.align);
      if (next + s.data.length > mem.size) return next + s.data.length;
      mem.write(next, s.data);
      hv.setUint32(s.index * table.entsize + 12, next, true); // sh_addr
      next += s.data.length;
    }
  }
  const modules: { start: number; end: number }[] = [];
  for (const m of input.modules) {
    const start = align(next, PAGE);
    if (start + m.data.length > mem.size) return start + m.data.length;
    mem.write(start, m.data);
    modules.push({ start, end: start + m.data.length });
    next = start + m.data.length;
  }
  return { headers, modules, next };
}

function loadGrub(mem: GuestMemory, input: LoadInput, protocol: 1 | 2): LoadOutcome {
  const { plan } = input;
  const after = placeAfterKernel(mem, input);
  if (typeof after === "number") return tooLarge(plan, input.modules.length, after, mem);
  const { lower, upper } = memLowerUpper(mem.size);
  const mmap = firmwareMemoryMap(mem.size);
  const cmdline = input.cmdline ?? "";
  let ebx: number;
  if (protocol === 2) {
    ebx = align(after.next, PAGE);
    const table = plan.sections;
    const info: Multiboot2Info = {
      loadBase: plan.low, cmdline, loaderName: GRUB.name, mmap, memLower: lower, memUpper: upper,
      modules: after.modules.map((m, i) => ({ ...m, cmdline: input.modules[i]!.cmdline ?? "" })),
      sections: table && after.headers ? { num: table.num, entsize: table.entsize, shndx: table.shndx, headers: after.headers } : { num: 0, entsize: 0, shndx: 0, headers: new Uint8Array(0) },
    };
    const size = multiboot2InfoSize(info);
    if (ebx + size > mem.size) return tooLarge(plan, input.modules.length + 1, ebx + size, mem);
    writeMultiboot2Info(mem, ebx, info);
  } else {
    // GRUB keeps the information in [0x10000, 0xA0000); its relocator avoids the kernel. kernlab uses
    // GRUB_INFO unless the kernel is there, else the first page after the kernel, sections and modules.
    const size = writeGrubInfo(MEASURE, 0, input, after, lower, upper, mmap);
    const overlaps = (at: number) => plan.chunks.some((c) => c.paddr < at + size && at < c.paddr + c.memsz);
    ebx = overlaps(GRUB.info) ? align(after.next, PAGE) : GRUB.info;
    if (ebx + size > mem.size) return tooLarge(plan, input.modules.length + 1, ebx + size, mem);
    writeGrubInfo(mem, ebx, input, after, lower, upper, mmap);
  }
  const gdtLimit = writeGdt(mem, GRUB.gdt, [0, 0, 0, 0, 0x0000ffff, 0x00cf9a00, 0x0000ffff, 0x00cf9200]);
  return {
    ok: true, loader: "grub",
    entry: {
      eip: plan.entry, eax: protocol === 2 ? MULTIBOOT2_BOOTLOADER_MAGIC : MULTIBOOT_BOOTLOADER_MAGIC, ebx,
      ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: GRUB.esp, eflags: GRUB.eflags,
      gdtBase: GRUB.gdt, gdtLimit, idtBase: 0, idtLimit: 0x3ff, codeSelector: GRUB.codeSelector, dataSelector: GRUB.dataSelector,
    },
  };
}

/** Writes to guest RAM, or only measures (MEASURE). */
type InfoSink = Pick<GuestMemory, "write" | "writeU32">;
const MEASURE: InfoSink = { write() {}, writeU32() {} };

/** GRUB's multiboot_info at `info` and what follows it, in grub_multiboot_make_mbi's order; returns its size. */
function writeGrubInfo(mem: InfoSink, info: number, input: LoadInput, after: { headers: Uint8Array | null; modules: { start: number; end: number }[] },
  lower: number, upper: number, mmap: [number, number, number][]): number {
  let p = info + 116;
  const put = (b: Uint8Array): number => { const at = p; mem.write(at, b); p += align(b.length, 4); return at; };
  let flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_BOOT_LOADER_NAME | MULTIBOOT_INFO_MEM_MAP;
  mem.writeU32(info + 16, put(bytesOf((input.cmdline ?? "") + "\0")));
  mem.writeU32(info + 64, put(bytesOf(GRUB.name + "\0")));
  p += 20; // room for the APM table GRUB copies from the BIOS (it does not set flag bit 10)
  if (after.modules.length > 0) {
    flags |= MULTIBOOT_INFO_MODS;
    const list = p;
    p += 16 * after.modules.length;
    mem.writeU32(info + 20, after.modules.length);
    mem.writeU32(info + 24, list);
    after.modules.forEach((m, i) => {
      mem.writeU32(list + 16 * i, m.start); mem.writeU32(list + 16 * i + 4, m.end);
      mem.writeU32(list + 16 * i + 8, put(bytesOf((input.modules[i]!.cmdline ?? "") + "\0")));
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
    mem.writeU32(info + 28, table.num); mem.writeU32(info + 32, table.entsize);
    mem.writeU32(info + 36, p); mem.writeU32(info + 40, table.shndx);
    mem.write(p, after.headers);
    p += after.headers.length;
  }
  // Text mode 3: VBE controller info (512 bytes: only the "VESA" signature and version 3.0 here) and the
  // mode info GRUB synthesises for mode 3 (text, 80x25), then the EGA text framebuffer.
  flags |= MULTIBOOT_INFO_VBE_INFO | MULTIBOOT_INFO_FRAMEBUFFER_INFO;
  mem.write(p, bytesOf("VESA"));
  mem.write(p + 4, Uint8Array.of(0x00, 0x03));
  mem.writeU32(info + 72, p);
  const modeInfo = p + 512;
  mem.write(modeInfo + 18, Uint8Array.of(80, 0, 25, 0)); // x_resolution, y_resolution; memory_model (27) 0 = text
  mem.writeU32(info + 76, modeInfo);
  mem.write(info + 80, Uint8Array.of(3, 0)); // vbe_mode 3; interface seg/off/len stay 0
  mem.writeU32(info + 88, 0xb8000); mem.writeU32(info + 92, 0);
  mem.writeU32(info + 96, 160); mem.writeU32(info + 100, 80); mem.writeU32(info + 104, 25);
  mem.write(info + 108, Uint8Array.of(16, 2)); // bpp, type 2 = EGA text
  mem.writeU32(info, flags);
  return modeInfo + 256 - info;
}
