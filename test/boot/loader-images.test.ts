// Kernel images other than a plain ELF at 1 MiB, under qemu-system-i386 -kernel and kernlab: the a.out kludge
// in a flat binary (QEMU's boot buffer goes after bss_end_addr) and a higher-half ELF whose e_entry is virtual.
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines } from "./harness";

describe.skipIf(!canRunProbes())("kernel images under both loaders", () => {
  afterAll(destroyMachines);

  it("a.out kludge: loaded at load_addr, the boot buffer after bss_end_addr", async () => {
    const { qemu, kernlab } = await bootBoth(buildProbe({ asm: ["loader-kludge"], script: "flat" }), { memoryMiB: 16, cmdline: "kludge" });
    expect(qemu.exitCode).toBe(0x71);
    expect(qemu.serial).toMatch(/^cmdline=00184000$/m); // page after bss_end_addr (0x183xxx)
    expect(kernlab.serial).toBe(qemu.serial);
  });

  it("higher half: e_entry translated through its segment, the same EIP", async () => {
    const { qemu, kernlab } = await bootBoth(buildProbe({ asm: ["loader-higher"], script: "loader-higher.ld" }), { memoryMiB: 16 });
    expect(qemu.exitCode).toBe(0x72);
    expect(qemu.serial).toMatch(/^001000[0-9A-F]{2}\n$/);
    expect(kernlab.serial).toBe(qemu.serial);
  });
});
