// Keyboard input against qemu-system-i386 -kernel: an interrupt-driven echo kernel (IRQ 1) and a polling one
// (ports 0x64/0x60) print the same COM1 bytes when QEMU types with the monitor's sendkey after "ready" and
// kernlab gets the same keys at power-on (BootOptions.keys, as `kernlab run --keys`): kernlab holds them
// until the guest can take them. Also the expect script typing after a prompt.
import { afterAll, describe, expect, it } from "vitest";
import { buildProbe, canRunProbes, destroyMachines, runKernlab } from "./harness";
import { runQemuTyping } from "./qemu-keys";

const TYPED = "hello 42\n";

describe.skipIf(!canRunProbes())("keyboard = qemu-system-i386 -kernel", () => {
  afterAll(destroyMachines);

  for (const [probe, code] of [["keyboard-irq", 0x31], ["keyboard-poll", 0x32]] as const) {
    it(`${probe}: keys typed at power-on reach the kernel as QEMU's sendkey after boot does`, async () => {
      const p = buildProbe(probe);
      const qemu = await runQemuTyping(p.path, TYPED, { after: "ready\n" });
      expect(qemu.serial).toBe("ready\nhello 42\nbye\n");
      expect(qemu.exitCode).toBe(code);
      const kernlab = await runKernlab(p.bytes, { boot: { keys: TYPED } });
      expect(kernlab.serial).toBe(qemu.serial);
      expect(kernlab.exitCode).toBe(code);
    });
  }

  it("keyboard-irq: an expect step types after the prompt (the same bytes)", async () => {
    const p = buildProbe("keyboard-irq");
    const kernlab = await runKernlab(p.bytes, { boot: { script: [{ expect: "ready", keys: TYPED }] } });
    expect(kernlab.serial).toBe("ready\nhello 42\nbye\n");
    expect(kernlab.exitCode).toBe(0x31);
  });

  it("an expect step finds its text on the VGA text screen (keyboard-vga writes nothing on COM1 before)", async () => {
    const p = buildProbe("keyboard-vga");
    const r = await runKernlab(p.bytes, { boot: { script: [{ expect: "login:", keys: "root\n" }] } });
    expect(r.serial).toBe("root\n");
    expect(r.exitCode).toBe(0x34);
  });

  it("an expected text that never appears ends the run with the verdict expect-timeout", async () => {
    const p = buildProbe("keyboard-poll");
    const r = await runKernlab(p.bytes, { boot: { clock: "virtual", script: [{ expect: "login:", timeoutMs: 50, keys: "x" }] } });
    expect(r.result.verdict).toMatchObject({ kind: "expect-timeout", text: "login:", serialTail: "ready\n" });
  });
});
