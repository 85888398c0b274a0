/**
 * The boot loader kernlab plays (GRUB's part): writes a LoadPlan into guest RAM, places modules after the
 * kernel, builds the multiboot information structure with the memory map, and a flat GDT. It returns the
 * register state for entry; it does not run anything (machine.ts does) and does not check headers
 * (multiboot.ts does).
 *
 * Low memory as kernlab leaves it at entry (unless the kernel itself is loaded there, see infoBase):
 *   0x00000000 ┌──────────────────────────┐
 *              │ (zero)                   │
 *   0x00000800 │ GDT: null, code 0x08,    │  flat 4 GiB, ring 0; GDTR points here
 *              │      data 0x10           │
 *   0x00001000 │ multiboot_info (EBX)     │
 *   0x00001100 │ mmap entries             │
 *   0x00001400 │ module list (16 B each)  │
 *   0x00002000 │ strings: loader name,    │
 *              │ cmdlines                 │
 *   0x0009FC00 ├──────────────────────────┤  reserved (EBDA), 0xA0000 VGA window, 0xF0000 BIOS area
 *   0x00100000 ├──────────────────────────┤  kernel PT_LOAD segments (by p_paddr) ... then modules, page-aligned
 */
import type { GuestMemory, Verdict } from "./index";
import { MULTIBOOT_BOOTLOADER_MAGIC, type LoadPlan } from "./multiboot";

export const GDT_BASE = 0x800;
export const CODE_SELECTOR = 0x08;
export const DATA_SELECTOR = 0x10;
const INFO_SIZE = 0x80000 - 0x800;

// multiboot_info flags (Multiboot spec 3.3)
export const MULTIBOOT_INFO_MEMORY = 1 << 0;
export const MULTIBOOT_INFO_CMDLINE = 1 << 2;
export const MULTIBOOT_INFO_MODS = 1 << 3;
export const MULTIBOOT_INFO_MEM_MAP = 1 << 6;
export const MULTIBOOT_INFO_BOOT_LOADER_NAME = 1 << 9;
export const MULTIBOOT_MEMORY_AVAILABLE = 1;
export const MULTIBOOT_MEMORY_RESERVED = 2;

export interface EntryState { eip: number; eax: number; ebx: number; gdtBase: number; gdtLimit: number; codeSelector: number; dataSelector: number }

export interface LoadInput {
  plan: LoadPlan;
  modules: { data: Uint8Array; cmdline?: string }[];
  cmdline?: string;
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Write the kernel, its modules and the boot information into zeroed RAM; returns the entry state or a verdict. */
export function loadKernel(mem: GuestMemory, input: LoadInput): { ok: true; entry: EntryState } | { ok: false; verdict: Verdict } {
  const { plan } = input;
  for (const c of plan.chunks) mem.write(c.paddr, c.data); // the rest of memsz is .bss: RAM is already zero

  // Modules, page-aligned after the kernel image.
  const placed: { start: number; end: number; cmdline: string }[] = [];
  let next = align(plan.end, 0x1000);
  input.modules.forEach((m, i) => {
    placed.push({ start: next, end: next + m.data.length, cmdline: m.cmdline ?? "" });
    next = align(next + m.data.length, 0x1000);
    void i;
  });
  const last = placed[placed.length - 1];
  if (last && last.end > mem.size) {
    return { ok: false, verdict: { kind: "kernel-too-large", segment: plan.chunks.length + placed.length - 1, end: last.end, memoryBytes: mem.size } };
  }
  placed.forEach((p, i) => mem.write(p.start, input.modules[i]!.data));

  // Where the boot information goes: low memory, unless the kernel occupies it; then after the modules.
  const lowFree = plan.chunks.every((c) => c.paddr >= 0x80000 || c.paddr + c.memsz <= GDT_BASE);
  const base = lowFree ? GDT_BASE : next;
  if (base + INFO_SIZE > mem.size && !lowFree) {
    return { ok: false, verdict: { kind: "kernel-too-large", segment: plan.chunks.length + placed.length, end: base + INFO_SIZE, memoryBytes: mem.size } };
  }
  const gdt = base, info = base + 0x800, mmap = base + 0x900, mods = base + 0xc00;
  let strings = base + 0x1800;
  const putString = (s: string): number => {
    const at = strings;
    const bytes = new TextEncoder().encode(s + "\0");
    mem.write(at, bytes);
    strings += align(bytes.length, 4);
    return at;
  };

  // GDT: null; code 0x08 (base 0, limit 4 GiB, 32-bit, execute/read); data 0x10 (read/write).
  mem.writeU32(gdt + 0x08, 0x0000ffff); mem.writeU32(gdt + 0x0c, 0x00cf9a00);
  mem.writeU32(gdt + 0x10, 0x0000ffff); mem.writeU32(gdt + 0x14, 0x00cf9200);

  let flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME;
  mem.writeU32(info + 4, 639);                                         // mem_lower (KiB below 640 KiB, minus EBDA)
  mem.writeU32(info + 8, Math.floor((mem.size - 0x100000) / 1024));    // mem_upper (KiB above 1 MiB)
  if (input.cmdline !== undefined) {
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
  // Memory map: entries of { size = 20, base_addr u64, length u64, type u32 }; `size` excludes itself.
  const ranges: [number, number, number][] = [
    [0, 0x9fc00, MULTIBOOT_MEMORY_AVAILABLE],
    [0x9fc00, 0x400, MULTIBOOT_MEMORY_RESERVED],
    [0xf0000, 0x10000, MULTIBOOT_MEMORY_RESERVED],
    [0x100000, mem.size - 0x100000, MULTIBOOT_MEMORY_AVAILABLE],
  ];
  ranges.forEach(([b, len, type], i) => {
    const e = mmap + i * 24;
    mem.writeU32(e, 20); mem.writeU32(e + 4, b); mem.writeU32(e + 8, 0); mem.writeU32(e + 12, len); mem.writeU32(e + 16, 0); mem.writeU32(e + 20, type);
  });
  mem.writeU32(info + 44, ranges.length * 24);
  mem.writeU32(info + 48, mmap);
  mem.writeU32(info + 64, putString("kernlab"));
  mem.writeU32(info, flags);

  return { ok: true, entry: { eip: plan.entry, eax: MULTIBOOT_BOOTLOADER_MAGIC, ebx: info, gdtBase: gdt, gdtLimit: 0x17, codeSelector: CODE_SELECTOR, dataSelector: DATA_SELECTOR } };
}
