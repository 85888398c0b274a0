// The lab timeline's pure parts over a fake Timeline (the interface of replay/timeline.ts): the frame read at a
// position (web/timeline-frame.ts: heap top from the kernel's heap_top variable, stack depth from ESP, the
// address space walked from CR3, EIP and count), the coalescing of seeks while the slider is dragged
// (web/seek-queue.ts), and the marks' positions (web/timeline-view.ts).
import { describe, expect, it } from "vitest";
import type { FullRegisters, SymbolTable } from "../../emulator/index";
import type { ElfFile, ElfSection } from "../../toolchain/elf/read";
import { frameAt, timelineMemory, type TimelineLike, type TimelineMark } from "../../web/timeline-frame";
import { seekQueue } from "../../web/seek-queue";
import { adjacentEvent, groupDigits, markPositions } from "../../web/timeline-view";

const RAM = 2 * 1024 * 1024;
const P = 0x1, W = 0x2, PG = 0x80000000;

function section(name: string, addr: number, size: number, flags: number, nobits = false): ElfSection {
  return { index: 0, name, type: nobits ? 8 : 1, flags, addr, offset: 0, size, link: 0, info: 0, addralign: 4096, entsize: 0,
    data: new Uint8Array(nobits ? 0 : size) };
}

/**
 * A "recording" of a kernel that, at instruction n, has heap_top = 0x103000 + 16n, ESP = 0x117000 - 4n, and
 * turns paging on (identity-mapped first 4 MiB, page directory at 0x104000) from instruction 50.
 */
function fakeTimeline(end: number, events: TimelineMark[] = []): TimelineLike & { seeks: number[] } {
  const ram = new Uint8Array(RAM);
  const dv = new DataView(ram.buffer);
  for (let i = 0; i < 512; i++) dv.setUint32(0x106000 + i * 4, (i << 12) | P | W, true);
  dv.setUint32(0x104000, 0x106000 | P | W, true);
  let pos = 0;
  const seeks: number[] = [];
  return {
    seeks,
    debug: {
      registers: () => ({ eip: 0x100000 + pos, esp: 0x117000 - 4 * pos, cr0: pos >= 50 ? PG | 1 : 1, cr3: 0x104000 } as FullRegisters),
      readPhysical: (a, n) => ram.slice(a, a + n),
    },
    position: () => pos,
    end: () => end,
    async seek(n) {
      if (n < 0 || n > end) throw new RangeError(`seek ${n} outside [0, ${end}]`);
      seeks.push(n);
      await new Promise((ok) => setTimeout(ok, 1));
      pos = n;
      dv.setUint32(0x101000, 0x103000 + 16 * n, true);
    },
    snapshots: () => [0],
    events: () => events,
  };
}

const elf = {
  fileName: "k.elf", type: 2, machine: 3, version: 1, entry: 0x100000, flags: 0,
  sections: [section("", 0, 0, 0), section(".text", 0x100000, 0x1000, 0x6), section(".data", 0x101000, 0x1000, 0x3), section(".bss", 0x102000, 0x1000, 0x3, true)],
  segments: [{ type: 1, offset: 0x1000, vaddr: 0x100000, paddr: 0x100000, filesz: 0x2000, memsz: 0x3000, flags: 7, align: 0x1000 }],
  symbols: [], bytes: new Uint8Array(0),
} as unknown as ElfFile;
const syms: Record<string, number> = { heap_top: 0x101000, __heap_start: 0x103000, __heap_end: 0x113000, __stack_bottom: 0x113000, __stack_top: 0x117000 };
const symbols: SymbolTable = { lookup: () => null, format: (a) => a.toString(16), address: (n) => syms[n] ?? null };

describe("timeline frame", () => {
  it("reads count, EIP, heap top, stack depth and the address space at the position sought", async () => {
    const t = fakeTimeline(1000);
    const early = await frameAt(t, 10, { elf, symbols }, RAM);
    expect([early.count, early.eip, early.heapTop, early.stackDepth, early.cr3]).toEqual([10, 0x10000a, 0x103000 + 160, 40, null]);
    expect(early.model.addressSpaces.map((s) => s.label)).toEqual(["page directory CR3=0x00104000"]); // paging off: found in RAM, not CR3
    const late = await frameAt(t, 900, { elf, symbols }, RAM);
    expect([late.count, late.heapTop, late.stackDepth, late.cr3]).toEqual([900, 0x103000 + 16 * 900, 3600, 0x104000]);
    expect(late.model.addressSpaces.map((s) => s.label)).toEqual(["current CR3 CR3=0x00104000"]);
    expect(late.model.markers.find((m) => m.kind === "esp")!.addr).toBe(0x117000 - 3600);
  });

  it("clamps a position past the end, and ESP outside the stack gives no depth", async () => {
    const t = fakeTimeline(6000);
    const f = await frameAt(t, 9000, { elf, symbols }, RAM);
    expect(f.count).toBe(6000);
    expect(f.stackDepth).toBeNull(); // 0x117000 - 24000 is below the stack's bottom
  });
});

describe("timeline memory", () => {
  it("reads each 4 KiB page once through the debugger, across page edges, and refuses outside RAM and writes", () => {
    const ram = new Uint8Array(3 * 4096).map((_, i) => i & 0xff);
    const reads: number[] = [];
    const t = { ...fakeTimeline(1), debug: { registers: () => ({}) as FullRegisters, readPhysical: (a: number, n: number) => { reads.push(a); return ram.slice(a, a + n); } } };
    const m = timelineMemory(t, ram.length);
    expect([...m.bytes(4094, 4)]).toEqual([0xfe, 0xff, 0x00, 0x01]);
    expect(m.u32(4094)).toBe(0x0100fffe);
    expect(m.u32(8192)).toBe(0x03020100);
    expect(m.u8(4095)).toBe(0xff);
    expect(reads).toEqual([0, 4096, 8192]);
    expect(() => m.bytes(3 * 4096 - 2, 4)).toThrow(RangeError);
    expect(() => m.write(0, new Uint8Array(1))).toThrow(/read-only/);
  });
});

describe("seek queue", () => {
  it("runs one seek at a time and keeps only the latest waiting position", async () => {
    const t = fakeTimeline(1000);
    const shown: number[] = [];
    const q = seekQueue((n) => t.seek(n).then(() => t.position()), (r) => shown.push(r), (e) => { throw e; });
    for (let n = 1; n <= 100; n++) q.request(n * 10); // a drag: 100 positions while the first seek runs
    expect(q.busy).toBe(true);
    await q.idle();
    expect(t.seeks).toEqual([10, 1000]);
    expect(shown).toEqual([10, 1000]);
    expect(q.shown).toBe(1000);
    q.request(1000); // already shown: runs again only if asked while idle (a fresh request)
    await q.idle();
    q.request(500);
    q.request(1000); // back to what is running? no: 500 runs, 1000 waits
    await q.idle();
    expect(t.seeks.slice(2)).toEqual([1000, 500, 1000]);
  });

  it("drops a waiting request equal to the one running, and reports failures without stopping", async () => {
    const t = fakeTimeline(100);
    const failed: number[] = [];
    const shown: number[] = [];
    const q = seekQueue((n) => t.seek(n).then(() => n), (r) => shown.push(r), (_e, n) => failed.push(n));
    q.request(200);
    q.request(50);
    q.request(200); // equal to the running one: nothing waits
    await q.idle();
    expect(failed).toEqual([200]);
    expect(shown).toEqual([]);
    q.request(50);
    await q.idle();
    expect(shown).toEqual([50]);
  });
});

describe("timeline marks", () => {
  const events: TimelineMark[] = [
    { at: 0, kind: "snapshot", detail: "" }, { at: 250, kind: "checkpoint", detail: "1 entry" },
    { at: 500, kind: "exception", detail: "#PF" }, { at: 1000, kind: "exit", detail: "code 0" },
  ];
  it("places events as fractions of the run, without the snapshots", () => {
    expect(markPositions(events, 1000).map((m) => [m.mark.kind, m.at])).toEqual([["checkpoint", 0.25], ["exception", 0.5], ["exit", 1]]);
    expect(markPositions(events, 0).map((m) => m.at)).toEqual([0, 0, 0]);
  });
  it("keeps at most one mark per kind in each slice of the run", () => {
    const many: TimelineMark[] = Array.from({ length: 100_000 }, (_, i) => ({ at: i * 10, kind: "exception", detail: "#PF" }));
    many.push({ at: 5, kind: "key", detail: "a" });
    const marks = markPositions(many, 1_000_000);
    expect(marks.filter((m) => m.mark.kind === "exception").length).toBe(1000);
    expect(marks.filter((m) => m.mark.kind === "key").map((m) => m.mark.at)).toEqual([5]);
    expect(marks[0]!.mark.at).toBe(0);
  });
  it("finds the next and previous event", () => {
    expect(adjacentEvent(events, 250, 1)).toBe(500);
    expect(adjacentEvent(events, 250, -1)).toBeNull();
    expect(adjacentEvent(events, 1000, 1)).toBeNull();
    expect(adjacentEvent(events, 600, -1)).toBe(500);
  });
  it("groups digits", () => {
    expect(groupDigits(1234567)).toBe("1,234,567");
    expect(groupDigits(12)).toBe("12");
  });
});
