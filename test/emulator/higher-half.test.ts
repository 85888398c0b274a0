// A kernel linked higher-half (VMA 0xC0100000, LMA 0x00100000): e_entry is virtual and is translated
// through its PT_LOAD segment to the physical entry, as GRUB and QEMU do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../emulator/index";
import { planLoad } from "../../emulator/multiboot";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("higher-half e_entry", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("enters at the physical address of the virtual e_entry", async () => {
    const k = kernel("higher", "higher-half.ld");
    const e_entry = new DataView(k.buffer, k.byteOffset).getUint32(24, true);
    expect(e_entry >>> 0).toBeGreaterThanOrEqual(0xc0100000);
    const plan = planLoad(k, 16 << 20);
    expect(plan.ok && plan.plan.entry).toBe(e_entry - 0xc0000000);
    const r = await m.boot(k).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 7 });
    expect(r.serial).toBe("HH\n");
  });
});

describe.skipIf(!canBuild())("a.out kludge", () => {
  it("loads a flat binary by the header's addresses, zeroes up to bss_end_addr and enters at entry_addr", async () => {
    const m = await createMachine({ memoryMiB: 8 });
    try {
      const k = kernel("kludge", "flat");
      expect([...k.subarray(0, 4)]).toEqual([0x02, 0xb0, 0xad, 0x1b]); // not an ELF: the header is the first word
      const plan = planLoad(k, 8 << 20);
      expect(plan.ok && { paddr: plan.plan.chunks[0]!.paddr, entry: plan.plan.entry, memsz: plan.plan.chunks[0]!.memsz }).toEqual({ paddr: 0x100000, entry: 0x100030, memsz: k.length + 4096 });
      const r = await m.boot(k).result;
      expect(r.serial).toBe("kludge\n");
      expect(r.verdict).toEqual({ kind: "exited", code: 5 });
    } finally {
      m.destroy();
    }
  });
});
