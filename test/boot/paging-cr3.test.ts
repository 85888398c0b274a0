// CR3 with PWT/PCD under kernlab and qemu-system-i386 -kernel (probes/paging-cr3.asm): the same COM1 bytes
// and exit. The same probe on v86 without the "cr3-low-bits" fix (emulator/v86-fixes/) triple-faults, which
// shows the fix is what makes it pass.
import { afterAll, describe, expect, it } from "vitest";
import { bootBoth, buildProbe, canRunProbes, destroyMachines } from "./harness";
import { createMachine } from "../../emulator/index";
import { applyV86Fixes } from "../../emulator/v86-fixes/index";
import { nodeWasmBytes } from "../../emulator/wasm-node";

describe.skipIf(!canRunProbes())("CR3 low bits (PWT, PCD) = qemu-system-i386 -kernel", () => {
  afterAll(destroyMachines);

  it("pages through a CR3 with PWT|PCD and reads CR3 back as written", async () => {
    const { qemu, kernlab } = await bootBoth(buildProbe("paging-cr3"), { memoryMiB: 32 });
    expect(qemu.exitCode).toBe(0x21);
    expect(qemu.serial).toMatch(/cr3 read back=\w{5}018\n/);
    expect(kernlab.serial).toBe(qemu.serial);
    expect(kernlab.exitCode).toBe(0x21);
    expect(kernlab.result.registers.cr3 & 0xfff).toBe(0);
  });

  it("without the cr3-low-bits fix, v86 triple-faults right after mov cr0", async () => {
    const wasmModule = await WebAssembly.compile(applyV86Fixes(nodeWasmBytes(), { except: ["cr3-low-bits"] }) as Uint8Array<ArrayBuffer>);
    const m = await createMachine({ memoryMiB: 32, wasmModule });
    try {
      const r = await m.boot(buildProbe("paging-cr3").bytes, { timeout: { instructions: 200_000 } }).result;
      expect(r.verdict.kind).toBe("triple-fault");
      expect(r.serial).toBe("");
    } finally {
      m.destroy();
    }
  });
});
