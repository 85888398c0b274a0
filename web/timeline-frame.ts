/**
 * What the lab's timeline shows at one instruction count of a recorded run: the count and EIP, the memory
 * model (web/memory-model.ts: physical map, heap top, stack with ESP, each address space's mappings walked
 * from its page directory) read from the replayed machine's RAM and registers, and the two figures the slider
 * prints, heap top and stack depth. Pure over the Timeline interface of replay/timeline.ts (only the members
 * named in TimelineLike), so a Node test can feed it a fake; the timeline worker (web/timeline-worker.ts)
 * and the e2e test's expectations both come from here.
 */
import type { ElfFile } from "../toolchain/elf/read";
import type { FullRegisters, SymbolTable } from "../emulator/index";
import { frozenMemory, VGA_WINDOW } from "../kernel/ram";
import { buildMemoryModel, type LabMemoryModel } from "./memory-model";

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
}

/** Guest RAM at the timeline's position, copied once (the VGA window is device memory: left out). */
export function timelineMemory(t: TimelineLike, ramBytes: number): ReturnType<typeof frozenMemory> {
  const ram = new Uint8Array(ramBytes);
  const low = t.debug.readPhysical(0, Math.min(ramBytes, VGA_WINDOW.start));
  if (!low) throw new Error("the replayed machine's RAM cannot be read");
  ram.set(low, 0);
  if (ramBytes > VGA_WINDOW.end) {
    const high = t.debug.readPhysical(VGA_WINDOW.end, ramBytes - VGA_WINDOW.end);
    if (!high) throw new Error("the replayed machine's RAM cannot be read");
    ram.set(high, VGA_WINDOW.end);
  }
  return frozenMemory(ram, ramBytes, ramBytes > VGA_WINDOW.start ? VGA_WINDOW : null);
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
  };
}

/** Seek, then read the frame: what the slider shows for `count` (clamped to [0, end()]). */
export async function frameAt(t: TimelineLike, count: number, kernel: { elf: ElfFile; symbols: SymbolTable }, ramBytes: number): Promise<TimelineFrame> {
  await t.seek(Math.max(0, Math.min(t.end(), Math.floor(count))));
  return timelineFrame(t, kernel, ramBytes);
}
