// Virtual reads through the guest's own page tables and the page-table walker, against a guest that builds
// an identity map (4 KiB pages), a higher mapping (0xC0000000) and a 4 MiB PSE page (0x80000000).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, PageFaultError, symbolTable, walkPageTables, type Checkpoint, type Machine, type Mapping } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("paging", () => {
  let m: Machine;
  let cp: { cr3: number; cr0: number; cr4: number; virt: (v: number) => number; translate: (v: number) => number | null; walk: Mapping[]; fault: unknown; bytes: number[] };
  let syms: ReturnType<typeof symbolTable>;
  beforeAll(async () => {
    m = await createMachine({ memoryMiB: 16 });
    const k = kernel("paging");
    syms = symbolTable(k);
    const r = await m.boot(k, {
      onCheckpoint: (c: Checkpoint) => {
        const v = c.memory.virt(c.registers.cr3);
        let fault: unknown = null;
        try { v.u32(0x40000000); } catch (e) { fault = e; }
        const values = new Map<number, number>([[0xc0000010, v.u32(0xc0000010)], [0x80000020, v.u32(0x80000020)], [0x00100000, v.u32(0x00100000)]]);
        cp = { cr3: c.registers.cr3, cr0: c.registers.cr0, cr4: c.registers.cr4, virt: (a) => values.get(a)!, translate: (a) => v.translate(a),
          walk: walkPageTables(c.memory, c.registers.cr3), fault, bytes: [...v.bytes(0xc0000010, 4)] };
      },
    }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
  });
  afterAll(() => m?.destroy());

  it("reads through the mappings the guest made", () => {
    expect(cp.cr3).toBe(syms.address("page_dir"));
    expect((cp.cr0 & 0x80000001) >>> 0).toBe(0x80000001);
    expect(cp.cr4 & 0x10).toBe(0x10);
    expect(cp.virt(0xc0000010)).toBe(0x600dcafe);
    expect(cp.bytes).toEqual([0xfe, 0xca, 0x0d, 0x60]);
    expect(cp.virt(0x80000020)).toBe(0x12345678);
    expect(cp.virt(0x00100000)).toBe(0x1badb002); // identity map: the multiboot header at 1 MiB
    expect(cp.translate(0xc0000010)).toBe(syms.address("high_page")! + 0x10);
    expect(cp.translate(0x80123456)).toBe(0x00523456);
    expect(cp.translate(0x40000000)).toBeNull();
    expect(cp.fault).toBeInstanceOf(PageFaultError);
    expect((cp.fault as PageFaultError).vaddr).toBe(0x40000000);
  });

  it("the walker lists every mapping, merged, with flags", () => {
    expect(cp.walk).toEqual([
      { vaddr: 0x00000000, paddr: 0x00000000, size: 0x400000, present: true, writable: true, user: false, large: false },
      { vaddr: 0x80000000, paddr: 0x00400000, size: 0x400000, present: true, writable: false, user: false, large: true },
      { vaddr: 0xc0000000, paddr: syms.address("high_page"), size: 0x1000, present: true, writable: true, user: true, large: false },
    ]);
  });

  it("after the run, the same memory can still be walked", () => {
    expect(walkPageTables(m.memory, cp.cr3)).toEqual(cp.walk);
  });
});
