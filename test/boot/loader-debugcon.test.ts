// Issue 15 item 6: port 0xE9 (QEMU's -debugcon, Bochs' port-e9 hack): the same bytes as QEMU's debugcon file,
// the port reads back 0xE9 as QEMU's device does, and COM1 is unaffected.
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines } from "./harness";

describe.skipIf(!canRunProbes())("debug console on port 0xE9", () => {
  afterAll(destroyMachines);

  it("captures what qemu -debugcon captures, byte for byte", async () => {
    const { qemu, kernlab } = await bootBoth(buildProbe("loader-debugcon"), { memoryMiB: 16, qemu: { debugcon: true } });
    expect(qemu.exitCode).toBe(0x51);
    expect(qemu.debugcon).toBe("debugcon: hello from port 0xE9\nsecond line\n");
    expect(qemu.serial).toBe("E9READ=000000E9\nCOM1 line\n");
    expect(kernlab.debugcon).toBe(qemu.debugcon);
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.result.debugconTotalBytes).toBe(qemu.debugcon.length);
  });
});
