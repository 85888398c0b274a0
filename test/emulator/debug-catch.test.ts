// Catching vectors and control-register writes (issue 17): a CPU exception stops before delivery at the
// faulting instruction (CR2 for #PF) and continuing delivers it; `int n` stops before delivery at the int
// instruction; a mov to CR4 stops after it with the value written. (IRQs: debug-catch-irq.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("Debugger catches", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("stops at a page fault before delivery, then delivers it to the guest's handler", async () => {
    const elf = kernel("pf-handler");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    d.catchVector(14);
    const stop = await d.cont();
    expect(stop).toEqual({ kind: "vector", vector: 14, source: "exception", errorCode: 2, cr2: 0x800000, eip: syms.address("fault") });
    expect(d.registers().eip).toBe(syms.address("fault")); // not delivered: still at the faulting instruction
    expect(d.registers().cr2).toBe(0x800000);
    expect(await d.step()).toEqual({ kind: "step" }); // delivered now: the handler's first instruction is next
    expect(d.registers().eip).toBe(syms.address("pf_handler"));
    expect(await d.cont()).toEqual({ kind: "ended", verdict: { kind: "exited", code: 3 } });
    // Caught and delivered, or never caught: the same instructions counted.
    const plain = await m.boot(elf, { timeout: { instructions: 1_000_000 } }).result;
    expect((await run.result).instructions).toBe(plain.instructions);
  });

  it("stops at int 0x80 before delivery, then delivers it once", async () => {
    const elf = kernel("pf-handler");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    d.catchVector(0x80);
    const stop = await d.cont();
    expect(stop).toMatchObject({ kind: "vector", vector: 0x80, source: "software", errorCode: null, cr2: null });
    const at = d.registers();
    expect(at.eip).toBe(stop.kind === "vector" ? stop.eip : -1);
    expect([...d.readVirtual(at.eip, 2)!]).toEqual([0xcd, 0x80]); // EIP at the int instruction itself
    expect(await d.step()).toEqual({ kind: "step" });
    expect(d.registers().eip).toBe(syms.address("int80_handler"));
    // The frame the delivery pushed returns past the int: [esp] = EIP after it, [esp+4] = CS.
    const esp = d.registers().esp;
    expect(new DataView(d.readVirtual(esp, 4)!.buffer).getUint32(0, true)).toBe(at.eip + 2);
    expect(esp).toBe(at.esp - 12);
    expect(await d.cont()).toMatchObject({ kind: "ended", verdict: { kind: "exited", code: 3 } });
  });

  it("stops after a mov to CR4 with the value written", async () => {
    const elf = kernel("debugee");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    d.catchControlRegisterWrites();
    expect(await d.cont()).toEqual({ kind: "control-register", register: 4, value: 0, eip: syms.address("set_cr")! + 3 });
    expect(d.registers().eip).toBe(syms.address("set_cr")! + 6);
    expect(await d.cont()).toMatchObject({ kind: "ended" });
  });
});
