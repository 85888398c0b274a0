// The "qemu" loader personality against qemu-system-i386 -kernel itself: the loader-info probe prints every
// register at entry, GDTR/IDTR and the GDT, the whole multiboot_info, the memory map, the command line, the
// loader name and each module; both runs must print the same bytes on COM1 and exit with the same code.
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines } from "./harness";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

describe.skipIf(!canRunProbes())("loader personality qemu = qemu-system-i386 -kernel", () => {
  afterAll(destroyMachines);
  const probe = () => buildProbe("loader-info");

  for (const memoryMiB of [2, 32, 128]) {
    it(`entry registers, GDT, info block and memory map at ${memoryMiB} MiB`, async () => {
      const { qemu, kernlab } = await bootBoth(probe(), { memoryMiB });
      expect(qemu.exitCode).toBe(0x11);
      expect(qemu.serial).toContain("ESP=00006F08");
      expect(kernlab.serial).toBe(qemu.serial);
      expect(kernlab.exitCode).toBe(qemu.exitCode);
    });
  }

  it("command line and modules (cmdlines, page-aligned placement after QEMU's boot buffer)", async () => {
    const dir = join(tmpdir(), "kernlab-boot-probes");
    mkdirSync(dir, { recursive: true });
    const a = join(dir, "loader-mod-a.bin"), b = join(dir, "loader-mod-b.txt");
    writeFileSync(a, Buffer.alloc(5008, 0x5a));
    writeFileSync(b, "module b, sixteen+ bytes\n");
    const { qemu, kernlab } = await bootBoth(probe(), {
      memoryMiB: 64, cmdline: "console=ttyS0  two spaces",
      modules: [{ path: a, args: "x=1 y=2" }, { path: b }],
    });
    expect(qemu.serial).toContain('CMDLINE="' + probe().path + ' console=ttyS0  two spaces"');
    expect(qemu.serial.match(/MOD:/g)?.length).toBe(2);
    expect(kernlab.serial).toBe(qemu.serial);
  });

  it("segments with a hole: QEMU's boot buffer follows the highest segment", async () => {
    const { qemu, kernlab } = await bootBoth(buildProbe({ asm: ["loader-info"], script: "probe-gap.ld" }), { memoryMiB: 8 });
    expect(qemu.exitCode).toBe(0x11);
    expect(qemu.serial).toMatch(/^ 0000024F 0000027F 00001B80 8000FFFF\n 0030[0-9A-F]{4} /m);
    expect(kernlab.serial).toBe(qemu.serial);
  });

  it("a UTF-8 command line, an empty module and three module strings", async () => {
    const dir = join(tmpdir(), "kernlab-boot-probes");
    mkdirSync(dir, { recursive: true });
    const empty = join(dir, "loader-mod-empty.bin"), small = join(dir, "loader-mod-small.bin");
    writeFileSync(empty, Buffer.alloc(0));
    writeFileSync(small, Buffer.alloc(4096 + 16, 0x33));
    const { qemu, kernlab } = await bootBoth(probe(), {
      memoryMiB: 16, cmdline: "naïve=ü λ",
      modules: [{ path: empty, args: "first" }, { path: small }, { path: empty, args: "third one" }],
    });
    expect(qemu.serial.match(/MOD:/g)?.length).toBe(3);
    expect(kernlab.serial).toBe(qemu.serial);
  });
});
