// Issue 15 item 1: the classic tutorial kernel (no stack of its own: `push ebx; push eax; call kmain`, C
// kmain recursing 200 deep) runs on the loader's stack, under QEMU and kernlab alike, with the same output.
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines, runKernlab } from "./harness";

describe.skipIf(!canRunProbes({ c: true }))("a kernel without a stack of its own", () => {
  afterAll(destroyMachines);
  const probe = () => buildProbe({ asm: ["loader-stackless-stub"], c: ["loader-stackless"] });

  it("boots on QEMU's stack (ESP 0x6F08) exactly as under qemu-system-i386 -kernel", async () => {
    const { qemu, kernlab } = await bootBoth(probe(), { memoryMiB: 32, cmdline: "quiet" });
    expect(qemu.exitCode).toBe(0x31);
    expect(qemu.serial).toMatch(/^depth=000000C8$/m);
    expect(qemu.serial).toMatch(/^esp_in_kmain=00006E/m); // just below the loader's 0x6F08
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.exitCode).toBe(0x31);
  });

  it("boots on GRUB's stack (ESP 0x7FF00) with --loader grub", async () => {
    const r = await runKernlab(probe().bytes, { memoryMiB: 32, boot: { loader: "grub", cmdline: "quiet" } });
    expect(r.exitCode).toBe(0x31);
    expect(r.serial).toMatch(/^esp_in_kmain=0007FE/m);
    expect(r.serial).toContain('cmdline="quiet"'); // GRUB 2.06 passes the arguments without the file name
  });
});
