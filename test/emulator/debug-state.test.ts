// Registers and memory at a stop (issue 17): write a register and memory, the guest sees them; virtual reads
// go through the guest's paging (null when unmapped); the ring of the last instructions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("Debugger registers and memory", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("a register written at a stop is what the guest computes with", async () => {
    const elf = kernel("debugee");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    d.addBreakpoint("store");
    await d.cont();
    expect(d.registers().eax).toBe(55);
    d.setRegister("eax", 100);
    d.addWatchpoint({ start: syms.address("counter")!, length: 4, access: "write" });
    expect(await d.cont()).toMatchObject({ kind: "watchpoint", newValue: Uint8Array.of(100, 0, 0, 0) });
    // Memory written at a stop: the loop increments what we put there.
    expect(d.writeVirtual(syms.address("counter")!, Uint8Array.of(200, 0, 0, 0))).toBe(true);
    const full = d.registers();
    expect(full.gdtr.limit).toBeGreaterThan(0);
    expect(full.cpl).toBe(0);
    run.stop();
    await run.result;
  });

  it("reads through the guest's paging: the unmapped page is null, the mapped one is RAM", async () => {
    const elf = kernel("pf-handler");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    d.addBreakpoint("fault");
    await d.cont();
    expect(d.registers().cr0 >>> 31).toBe(1);
    expect(d.readVirtual(0x800000, 4)).toBeNull();
    expect(d.writeVirtual(0x800000, Uint8Array.of(1))).toBe(false);
    expect(d.readVirtual(syms.address("fault")!, 2)).toEqual(d.readPhysical(syms.address("fault")!, 2));
    const last = d.lastInstructions(3);
    expect(last).toHaveLength(3);
    expect(last[2]!.eip).toBeLessThan(syms.address("fault")!);
    expect(last[2]!.bytes.length).toBe(15);
    run.stop();
    await run.result;
  });
});
