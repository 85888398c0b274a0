// Differential CPU probes (issue 15): exceptions delivered through the guest's own IDT with their error codes
// and faulting EIPs (#DE, #GP with selectors, a #PF the kernel recovers from with CR2 and error codes, ring 3
// with a DPL 3 gate and a privileged instruction), and the arithmetic flags on edge values. Each kernel runs
// under qemu-system-i386 -kernel and kernlab; COM1 and the exit code must be identical.
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines } from "./harness";

describe.skipIf(!canRunProbes())("CPU behaviour = qemu-system-i386 -kernel", () => {
  afterAll(destroyMachines);

  it.each([
    ["cpu-de", 0x40, /^cpu-de\nvector=00000000\nerror=00000000\neip-div=00000000\n/],
    ["cpu-gp", 0x41, /^cpu-gp\nvector=0000000D\nerror=00000F00\n/],
    ["cpu-pf", 0x42, /^cpu-pf\nvector=0000000E\nerror=00000000\ncr2=00800010\n/],
    ["cpu-ring3", 0x43, /^cpu-ring3\nvector=0000000D\nerror=00000000\ncs=0000001B\n/],
    ["cpu-flags", 0x44, /^cpu-flags\nadd 0 0: 00000000 00000044\n/],
  ] as const)("%s", async (name, code, starts) => {
    const { qemu, kernlab } = await bootBoth(buildProbe(name), { memoryMiB: 16 });
    expect(qemu.serial).toMatch(starts);
    expect(qemu.exitCode).toBe(code);
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.exitCode).toBe(code);
  });
});
