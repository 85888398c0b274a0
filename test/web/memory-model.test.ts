// web/memory-model.ts + web/probe.ts over a hand-built guest: 4 MiB of RAM holding a tiny kernel image, a
// probe record, a kernel page directory and one task's page directory, and a painted stack.
import { describe, expect, it } from "vitest";
import { guestMemory } from "../../emulator/memory";
import type { Registers, SymbolTable } from "../../emulator/index";
import type { ElfFile, ElfSection } from "../../toolchain/elf/read";
import { buildMemoryModel, entryEvidence, findPageDirectories, STACK_PAINT, stackHighWater, taskRegions } from "../../web/memory-model";
import { doubleOwnership, proofsFor } from "../../web/proofs";
import { readProbe } from "../../web/probe";
import { PROBE_MAGIC } from "../../kernel/probe";

const RAM = 4 * 1024 * 1024;
const P = 0x1, W = 0x2, U = 0x4, PG = 0x80000000;

function section(name: string, addr: number, size: number, flags: number, nobits = false, fill = 0): ElfSection {
  return { index: 0, name, type: nobits ? 8 : 1, flags, addr, offset: 0, size, link: 0, info: 0, addralign: 4096, entsize: 0,
    data: nobits ? new Uint8Array(0) : new Uint8Array(size).fill(fill) };
}

function fixture(opts: { probe: boolean }) {
  const ram = new Uint8Array(RAM);
  const dv = new DataView(ram.buffer);
  const w32 = (a: number, v: number) => dv.setUint32(a, v >>> 0, true);
  const text = section(".text", 0x100000, 0x1000, 0x6, false, 0x90);
  const data = section(".data", 0x101000, 0x1000, 0x3);
  const bss = section(".bss", 0x102000, 0x1000, 0x3, true);
  ram.set(text.data, 0x100000);
  const elf: ElfFile = {
    fileName: "k.elf", type: 2, machine: 3, version: 1, entry: 0x100000, flags: 0,
    sections: [section("", 0, 0, 0), text, data, bss, section(".comment", 0, 16, 0)],
    segments: [{ type: 1, offset: 0x1000, vaddr: 0x100000, paddr: 0x100000, filesz: 0x2000, memsz: 0x3000, flags: 7, align: 0x1000 }],
    symbols: [], bytes: new Uint8Array(0),
  } as ElfFile;
  const syms: Record<string, number> = {
    __heap_start: 0x103000, __heap_end: 0x113000, __stack_bottom: 0x113000, __stack_top: 0x117000,
    ...(opts.probe ? { kernlab_probe: 0x101000 } : {}),
  };
  const symbols: SymbolTable = {
    lookup: () => null, format: (a) => a.toString(16), address: (n) => syms[n] ?? null,
  };
  // probe record in .data and one task in the heap
  if (opts.probe) {
    w32(0x101000, PROBE_MAGIC); w32(0x101004, 1); w32(0x10100c, 0x103000); w32(0x101010, 0x103800); w32(0x101014, 0x113000);
    w32(0x101018, 0x103100); w32(0x10101c, 1); w32(0x101024, 0x104000);
  }
  const task = 0x103100;
  w32(task + 0, 0); w32(task + 4, 2); w32(task + 8, 1); w32(task + 20, 0x105000); w32(task + 32, 0x103200);
  w32(task + 36, 0x400000); w32(task + 40, 0x401000); w32(task + 64, 0x7fff000); w32(task + 68, 0x8000000); w32(task + 72, 0x7fff000);
  ram.set(new TextEncoder().encode("hello\0"), 0x103200);
  // kernel page directory 0x104000: PDE0 → PT 0x106000 identity-mapping the first 4 MiB
  for (let i = 0; i < 1024; i++) w32(0x106000 + i * 4, (i << 12) | P | W);
  w32(0x104000, 0x106000 | P | W);
  // task page directory 0x105000: the kernel's PT, plus text at 0x400000 → 0x200000 and a stack page 0x7fff000 → 0x201000
  w32(0x105000, 0x106000 | P | W);
  w32(0x105000 + 1 * 4, 0x107000 | P | W | U); w32(0x107000, 0x200000 | P | U);
  w32(0x105000 + 0x1f * 4, 0x108000 | P | W | U); w32(0x108000 + 0x3ff * 4, 0x201000 | P | W | U);
  // the stack: painted, then used down to 0x116f00
  for (let a = 0x113000; a < 0x117000; a += 4) w32(a, STACK_PAINT);
  for (let a = 0x116f00; a < 0x117000; a += 4) w32(a, 0x1234);
  const memory = guestMemory({ ram: () => ram, vgaRead: () => 0, vgaWrite: () => {} });
  const registers = { esp: 0x116f80, cr0: PG | 1, cr3: 0x105000 } as Registers;
  return { elf, symbols, memory, registers, ram };
}

describe("memory model", () => {
  it("places BIOS, sections, heap with its top, free RAM and the stack with ESP and high-water", () => {
    const f = fixture({ probe: true });
    const m = buildMemoryModel(f);
    expect(m.regions.map((r) => [r.name, r.start, r.end, r.kind])).toEqual([
      ["BIOS + bootloader (reserved)", 0, 0x100000, "reserved"],
      [".text", 0x100000, 0x101000, "text"], [".data", 0x101000, 0x102000, "data"], [".bss", 0x102000, 0x103000, "bss"],
      ["heap ↑", 0x103000, 0x103800, "heap"], ["heap (unused)", 0x103800, 0x113000, "free"],
      ["stack ↓", 0x113000, 0x117000, "stack"],
      ["pid 2 hello frames", 0x200000, 0x202000, "process"], // its text and stack frames, adjacent: one band
    ]);
    expect(m.heap).toEqual({ start: 0x103000, end: 0x113000, top: 0x103800 });
    expect(m.stack).toEqual({ bottom: 0x113000, top: 0x117000, esp: 0x116f80, highWater: 0x116f00 });
    expect(m.markers.map((k) => [k.kind, k.addr])).toEqual([["heap-top", 0x103800], ["esp", 0x116f80], ["high-water", 0x116f00]]);
    expect(m.sections.map((s) => [s.name, s.flags, s.ramMatchesFile])).toEqual([[".text", "AX", true], [".data", "WA", false], [".bss", "WA", null]]);
  });

  it("reads the probe's tasks and labels each process's virtual map from its page tables", () => {
    const f = fixture({ probe: true });
    const probe = readProbe(f.memory, f.symbols)!;
    expect(probe.tasks).toEqual([expect.objectContaining({ pid: 2, name: "hello", state: "runnable", pgdir: 0x105000 })]);
    const m = buildMemoryModel(f);
    expect(m.addressSpaces.map((s) => s.label)).toEqual(["kernel CR3=0x00104000", "pid 2 hello (runnable) (current CR3) CR3=0x00105000"]);
    const space = m.addressSpaces[1]!;
    expect(space.regions.filter((r) => r.kind !== "reserved").map((r) => [r.name, r.start, r.end, r.note])).toEqual([
      ["text", 0x400000, 0x401000, "→ 0x00200000"], ["stack", 0x7fff000, 0x8000000, "→ 0x00201000"],
    ]);
    expect(space.frames.map((r) => [r.start, r.end])).toEqual([[0x200000, 0x201000], [0x201000, 0x202000]]);
    expect(m.addressSpaces[0]!.frames).toEqual([]);
  });

  it("without a probe record finds page directories that map the kernel, and no heap top", () => {
    const f = fixture({ probe: false });
    expect(readProbe(f.memory, f.symbols)).toBeNull();
    expect(findPageDirectories(f.memory, 0x100000, 0x113000, 0x100000, 0x100000)).toEqual([0x104000, 0x105000]);
    const m = buildMemoryModel(f);
    expect(m.addressSpaces.map((s) => s.cr3)).toEqual([0x105000, 0x104000]);
    expect(m.heap!.top).toBeNull();
    expect(m.regions.find((r) => r.kind === "heap")).toMatchObject({ start: 0x103000, end: 0x113000 });
  });

  it("stackHighWater: unpainted stack → null; fully used → bottom", () => {
    const f = fixture({ probe: false });
    expect(stackHighWater(f.memory, 0x113000, 0x117000)).toBe(0x116f00);
    f.ram.fill(0, 0x113000, 0x113004);
    expect(stackHighWater(f.memory, 0x113000, 0x117000)).toBeNull();
  });
});

describe("proofs", () => {
  it("passes what the guest shows and fails what it has not shown yet", () => {
    const f = fixture({ probe: true });
    const rows = proofsFor(buildMemoryModel(f), f.elf, null);
    expect(rows.map((r) => [r.number, r.pass])).toEqual([
      [1, true], [2, true], [3, false], [4, true], [5, true], [6, true], [7, true], [8, false], [9, true],
    ]);
    expect(rows[2]!.evidence).toBe("not observed yet (no entry checkpoint seen)");
    expect(rows[3]!.evidence).toContain("1/1 tasks");
    expect(rows[4]!.evidence).toContain("high-water 0x00116f00 (256 B used)");
  });

  it("fails the right proof when a claim is broken", () => {
    const f = fixture({ probe: true });
    const dv = new DataView(f.ram.buffer);
    dv.setUint32(0x107000, 0x200000 | P | W | U, true); // the task's text page made writable
    dv.setUint32(0x108000 + 0x3ff * 4, 0x100000 | P | W | U, true); // its stack page on top of kernel .text
    const entry = entryEvidence(f.elf, f.memory, "checkpoint 1");
    expect(entry).toEqual({ bssZero: true, dataMatches: false, at: "checkpoint 1" }); // .data holds the probe, not the file
    const rows = proofsFor(buildMemoryModel(f), f.elf, entry);
    expect(rows[6]!).toMatchObject({ pass: false, evidence: "pid 2 text 0x00400000 is writable" });
    expect(rows[8]!.pass).toBe(false);
    expect(rows[8]!.evidence).toContain("kernel image and pid 2 both own 0x00100000");
    expect(rows[2]!.pass).toBe(false);
  });

  it("doubleOwnership ignores one owner's adjacent or overlapping ranges", () => {
    expect(doubleOwnership([{ owner: "a", start: 0, end: 10 }, { owner: "a", start: 5, end: 20 }, { owner: "b", start: 20, end: 30 }])).toEqual([]);
    expect(doubleOwnership([{ owner: "a", start: 0, end: 10 }, { owner: "b", start: 9, end: 12 }])).toHaveLength(1);
  });
});

describe("taskRegions", () => {
  it("names whole pages by the task's ranges and merges a heap spread over scattered frames", () => {
    const map = (vaddr: number, paddr: number, size = 0x1000, writable = true) =>
      ({ vaddr, paddr, size, present: true, writable, user: true, large: false });
    const task = { pid: 3, name: "w", state: "runnable", reason: "none", exitCode: 0, address: 0, pgdir: 0,
      text: [0x8048000, 0x804802c], data: [0x8049000, 0x8049010], bss: [0x8049010, 0x8049020],
      heap: [0x804a000, 0x804c000], stack: [0xbfffe000, 0xc0000000] } as const;
    const regions = taskRegions([
      { vaddr: 0, paddr: 0, size: 0x400000, present: true, writable: true, user: false, large: false },
      map(0x8048000, 0x300000, 0x1000, false), map(0x8049000, 0x305000), map(0x804a000, 0x310000), map(0x804b000, 0x302000),
      map(0xbfffe000, 0x320000, 0x2000),
    ], { ...task, text: [...task.text], data: [...task.data], bss: [...task.bss], heap: [...task.heap], stack: [...task.stack] });
    expect(regions.map((r) => [r.name, r.start, r.end, r.note])).toEqual([
      ["kernel rw (identity)", 0, 0x400000, "→ 0x00000000"],
      ["text", 0x8048000, 0x8049000, "→ 0x00300000"],
      ["data", 0x8049000, 0x804a000, "→ 0x00305000"],
      ["heap", 0x804a000, 0x804c000, "2 pages from 0x00310000"],
      ["stack", 0xbfffe000, 0xc0000000, "2 pages from 0x00320000"],
    ]);
  });
});
