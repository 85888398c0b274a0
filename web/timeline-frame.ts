/**
 * What the lab's timeline shows at one instruction count of a recorded run: the count and EIP, the memory
 * model (web/memory-model.ts: physical map, heap top, stack with ESP, each address space's mappings walked
 * from its page directory) read from the replayed machine's RAM and registers, and the two figures the slider
 * prints, heap top and stack depth. Pure over the Timeline interface of replay/timeline.ts (only the members
 * named in TimelineLike), so a Node test can feed it a fake; the timeline worker (web/timeline-worker.ts)
 * and the e2e test's expectations both come from here.
 */
import type { ElfFile } from "../toolchain/elf/read";
import type { FullRegisters, GuestMemory, SymbolTable } from "../emulator/index";
import { virtualMemory } from "../emulator/mmu";
import { hex } from "../core/hex";
import { buildMemoryModel, type LabMemoryModel } from "./memory-model";
import { VGA_TEXT_BASE, VGA_TEXT_BYTES } from "./vga-text";

/** A recorded event on the timeline (replay/timeline.ts's TimelineEvent). */
export interface TimelineMark {
  at: number;
  kind: "key" | "serial-in" | "checkpoint" | "exception" | "exit" | "snapshot";
  detail: string;
}

/** The part of replay/timeline.ts's Timeline the lab uses (the real Timeline has it all). */
export interface TimelineLike {
  readonly debug: { registers(): FullRegisters; readPhysical(addr: number, length: number): Uint8Array | null };
  position(): number;
  end(): number;
  seek(count: number): Promise<void>;
  snapshots(): readonly number[];
  events(): readonly TimelineMark[];
}

export interface TimelineFrame {
  /** Instruction count the machine stands at. */
  count: number;
  eip: number;
  /** The memory model at `count` (plain data: posted from the worker as it is). */
  model: LabMemoryModel;
  /** Physical heap top (null: the kernel has no heap or no readable top). */
  heapTop: number | null;
  /** Bytes of stack in use: stack top - ESP (physical), when ESP is inside the kernel's stack; else null. */
  stackDepth: number | null;
  /** CR3 when paging is on (null otherwise). */
  cr3: number | null;
  /** The 80x25 text screen's cells (character, attribute) at `count`, from the VGA device (null when RAM is too small). */
  vgaText: Uint8Array | null;
}

const PAGE = 4096;

/**
 * Guest RAM at the timeline's position, read through the replayed machine's debugger a 4 KiB page at a time,
 * each page once (a recording from the CLI has 128 MiB of RAM, of which the model reads a few hundred KiB:
 * sections, probe record, page tables, the stack). Read-only: writes throw.
 */
export function timelineMemory(t: TimelineLike, ramBytes: number): GuestMemory {
  const pages = new Map<number, Uint8Array>();
  const page = (n: number): Uint8Array => {
    let p = pages.get(n);
    if (!p) {
      const got = t.debug.readPhysical(n * PAGE, Math.min(PAGE, ramBytes - n * PAGE));
      if (!got) throw new RangeError(`guest physical page ${hex(n * PAGE)} cannot be read from the replayed machine`);
      p = got;
      pages.set(n, p);
    }
    return p;
  };
  const bytes = (addr: number, length: number): Uint8Array => {
    if (!Number.isInteger(addr) || !Number.isInteger(length) || addr < 0 || length < 0 || addr + length > ramBytes) {
      throw new RangeError(`guest physical range [${hex(addr)}, +${length}) is outside RAM (${hex(ramBytes)} bytes)`);
    }
    const out = new Uint8Array(length);
    for (let done = 0; done < length;) {
      const a = addr + done, n = Math.floor(a / PAGE), off = a - n * PAGE;
      const take = Math.min(PAGE - off, length - done);
      out.set(page(n).subarray(off, off + take), done);
      done += take;
    }
    return out;
  };
  const u8 = (addr: number): number => bytes(addr, 1)[0]!;
  const u32 = (addr: number): number => {
    const n = Math.floor(addr / PAGE), off = addr - n * PAGE;
    if (off <= PAGE - 4 && addr >= 0 && addr + 4 <= ramBytes) { const p = page(n); return (p[off]! | (p[off + 1]! << 8) | (p[off + 2]! << 16) | (p[off + 3]! << 24)) >>> 0; }
    const b = bytes(addr, 4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  };
  const readOnly = (): never => { throw new Error("the timeline's memory is read-only"); };
  const mem: GuestMemory = {
    size: ramBytes,
    u8, u32, bytes,
    u16: (addr) => { const b = bytes(addr, 2); return b[0]! | (b[1]! << 8); },
    cstring(addr, max = 4096) {
      let s = "";
      for (let i = 0; i < max && addr + i < ramBytes; i++) {
        const c = u8(addr + i);
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    },
    write: readOnly,
    writeU32: readOnly,
    virt: (cr3) => virtualMemory(mem, cr3),
  };
  return mem;
}

/** The frame at the timeline's current position (call after seek()). */
export function timelineFrame(t: TimelineLike, kernel: { elf: ElfFile; symbols: SymbolTable }, ramBytes: number): TimelineFrame {
  const registers = t.debug.registers();
  const memory = timelineMemory(t, ramBytes);
  const model = buildMemoryModel({ elf: kernel.elf, symbols: kernel.symbols, memory, registers });
  const s = model.stack;
  const stackDepth = s && s.esp >= s.bottom && s.esp <= s.top ? s.top - s.esp : null;
  return {
    count: t.position(), eip: registers.eip >>> 0, model, heapTop: model.heap?.top ?? null, stackDepth,
    cr3: registers.cr0 & 0x80000000 ? (registers.cr3 & ~0xfff) >>> 0 : null,
    vgaText: ramBytes >= VGA_TEXT_BASE + VGA_TEXT_BYTES ? t.debug.readPhysical(VGA_TEXT_BASE, VGA_TEXT_BYTES) : null,
  };
}

/** Seek, then read the frame: what the slider shows for `count` (clamped to [0, end()]). */
export async function frameAt(t: TimelineLike, count: number, kernel: { elf: ElfFile; symbols: SymbolTable }, ramBytes: number): Promise<TimelineFrame> {
  await t.seek(Math.max(0, Math.min(t.end(), Math.floor(count))));
  return timelineFrame(t, kernel, ramBytes);
}
