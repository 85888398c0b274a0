// Issue 21, round two: a kernel loaded inside the VGA window, against qemu-system-i386 -kernel. QEMU's multiboot
// option ROM copies the image through the guest's view of memory: at 0xB8000-0xBFFFF (VGA text memory) it
// lands in VGA memory and runs from there; an image whose span covers the option ROM doing the copy
// (0xCB000) never runs; bytes under 0xB8000 are lost (text mode maps nothing there); bytes above the ROM
// (`ld -Ttext=0x100000` puts its headers segment at 0xFF000) land and the kernel runs.
import { afterAll, describe, expect, it } from "vitest";
import { checkMultiboot, describeVerdict, multibootWarnings } from "../../emulator/index";
import { exitStatusOf } from "../../emulator/verdict";
import { bootBoth, buildProbe, canRunProbes, destroyMachines, machineFor } from "./harness";

const RAM = 32 * 1024 * 1024;

describe.skipIf(!canRunProbes())("a kernel in the VGA window = qemu-system-i386 -kernel", () => {
  afterAll(destroyMachines);

  it("all of it at 0xB8000 (code, data, stack in VGA text memory): runs, same COM1 bytes and exit code", async () => {
    const probe = buildProbe({ asm: ["loader-vga"], script: "loader-vga.ld" });
    expect(multibootWarnings(probe.bytes, RAM)).toEqual([]);
    const { qemu, kernlab } = await bootBoth(probe, { memoryMiB: 32 });
    expect(qemu.exitCode).toBe(0x2b);
    expect(qemu.serial).toContain("EAX=2BADB002\n");
    expect(qemu.serial).toContain(" 12345678 7F55BEEF\n");
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.exitCode).toBe(qemu.exitCode);
    // what the guest wrote is in VGA memory, as the host reads it (not in the RAM under the window)
    const m = await machineFor(32);
    expect([...m.memory.bytes(0xbf000, 8)]).toEqual([0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0x55, 0x7f]);
    // and the multiboot header the loader copied there
    expect(m.memory.u32(0xb8000)).toBe(0x1badb002);
  });

  it("an image spanning 0xB8000 to 1 MiB: QEMU never enters the kernel; kernlab refuses it and says why", async () => {
    const probe = buildProbe({ asm: ["loader-vga"], script: "loader-vga-split.ld" });
    const { qemu, kernlab } = await bootBoth(probe, { memoryMiB: 32, qemu: { timeoutMs: 4000 } });
    expect(qemu.exitCode).toBe(null); // no isa-debug-exit: QEMU crashed or hung in its own overwritten ROM
    expect(qemu.serial).not.toContain("EAX=");
    expect(kernlab.result.verdict.kind).toBe("not-a-kernel");
    expect(describeVerdict(kernlab.result.verdict)).toBe(
      "cannot load: the kernel image spans 0x000b8000-0x00102008, over QEMU's multiboot option ROM at 0x000cb000-0x000cbfff: QEMU's loader copies the whole span, gaps included, over the ROM doing the copy and never enters the kernel (link it at 1 MiB or above)",
    );
    expect(exitStatusOf(kernlab.result.verdict)).toBe(126);
  });

  it("all of it at 0xA0000 (not mapped in text mode): its bytes are lost; both fetch 0xFF and reset, nothing on COM1", async () => {
    const probe = buildProbe({ asm: ["loader-vga"], script: "loader-vga-a0000.ld" });
    expect(multibootWarnings(probe.bytes, RAM)).toEqual([
      expect.stringMatching(/^segment 0 \[0x000a0000, 0x000a[0-9a-f]{4}\) overlaps 0x000a0000-0x000b7fff, VGA memory that text mode does not map: its bytes are lost, as under QEMU$/),
    ]);
    expect(checkMultiboot(probe.bytes, RAM)).toBe(null);
    const { qemu, kernlab } = await bootBoth(probe, { memoryMiB: 32, qemu: { timeoutMs: 4000 } });
    expect(qemu.end).toBe("reset");
    expect(kernlab.end).toBe("reset");
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.serial).toBe("");
  });

  for (const script of ["loader-rom-cc000.ld", "loader-rom-ff000.ld"]) {
    it(`a data segment above the option ROM (${script}): loaded and read as under QEMU`, async () => {
      const probe = buildProbe({ asm: ["loader-rom"], script });
      expect(checkMultiboot(probe.bytes, RAM)).toBe(null);
      const { qemu, kernlab } = await bootBoth(probe, { memoryMiB: 32 });
      expect(qemu.exitCode).toBe(0x2c);
      expect(qemu.serial).toBe("BLOB=424F4C42\n");
      expect(kernlab.serial).toBe(qemu.serial);
      expect(kernlab.exitCode).toBe(qemu.exitCode);
    });
  }
});
