// Multiboot information as the kernel sees it: magic, modules after the kernel with their command lines,
// the kernel command line, the memory map and the boot loader name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type GuestMemory, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("multiboot info and modules", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("lists modules, cmdlines and the memory map", async () => {
    const k = kernel("modules");
    const mod0 = new TextEncoder().encode("Zmodule zero");
    const mod1 = new Uint8Array(5000).fill(0x11);
    let info: Record<string, unknown> = {};
    const r = await m.boot(k, {
      cmdline: "console=ttyS0 verbose",
      modules: [{ data: mod0, cmdline: "initrd zero" }, { data: mod1 }],
      onCheckpoint: (cp) => {
        const mem: GuestMemory = cp.memory;
        const mbi = cp.registers.ebx;
        expect(mem.u32(symbolTable(k).address("saved_ebx")!)).toBe(mbi);
        const flags = mem.u32(mbi);
        const mods = mem.u32(mbi + 24);
        const mmapAddr = mem.u32(mbi + 48), mmapLength = mem.u32(mbi + 44);
        const mmap: [number, number, number][] = [];
        for (let e = mmapAddr; e < mmapAddr + mmapLength; e += mem.u32(e) + 4) mmap.push([mem.u32(e + 4), mem.u32(e + 12), mem.u32(e + 20)]);
        info = {
          eax: mem.u32(symbolTable(k).address("saved_eax")!), flags,
          mem_lower: mem.u32(mbi + 4), mem_upper: mem.u32(mbi + 8),
          cmdline: mem.cstring(mem.u32(mbi + 16)),
          mods_count: mem.u32(mbi + 20),
          mod0: [mem.u32(mods), mem.u32(mods + 4), mem.cstring(mem.u32(mods + 8)), mem.cstring(mem.u32(mods), 12)],
          mod1: [mem.u32(mods + 16), mem.u32(mods + 20), mem.cstring(mem.u32(mods + 24)), mem.u8(mem.u32(mods + 16) + 4999)],
          mmap, loader: mem.cstring(mem.u32(mbi + 64)),
        };
      },
    }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0x5a }); // 'Z', the first byte of module 0, read by the guest
    const mod0Start = (info.mod0 as number[])[0]!;
    expect(mod0Start % 4096).toBe(0);
    expect(mod0Start).toBeGreaterThanOrEqual(0x100000);
    // The default loader is QEMU's: boot device flag, "<kernel name> <cmdline>", its 6-entry e820 map.
    expect(info).toEqual({
      eax: 0x2badb002,
      flags: (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9),
      mem_lower: 639, mem_upper: 15 * 1024 - 128,
      cmdline: "kernel console=ttyS0 verbose",
      mods_count: 2,
      mod0: [mod0Start, mod0Start + 12, "initrd zero", "Zmodule zero"],
      mod1: [mod0Start + 4096, mod0Start + 4096 + 5000, "", 0x11],
      mmap: [[0, 0x9fc00, 1], [0x9fc00, 0x400, 2], [0xf0000, 0x10000, 2], [0x100000, (15 << 20) - 0x20000, 1],
        [(16 << 20) - 0x20000, 0x20000, 2], [0xfffc0000, 0x40000, 2]],
      loader: "qemu",
    });
  });

  it("modules that do not fit in RAM give kernel-too-large", async () => {
    const r = await m.boot(kernel("modules"), { modules: [{ data: new Uint8Array(20 << 20) }] }).result;
    expect(r.verdict.kind).toBe("kernel-too-large");
  });
});
