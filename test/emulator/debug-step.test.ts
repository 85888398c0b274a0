// Debugger stepping (issue 17): "run until kmain, check the stack, step 10 instructions, assert EAX" from a
// vitest test; startPaused stops before the first instruction; step(n) runs exactly n; the count is exact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("Debugger.step", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("runs to kmain, reads the stack, steps 10 instructions and sees EAX", async () => {
    const elf = kernel("debugee");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    expect(d.stopped).toBe(true);
    d.addBreakpoint("kmain");
    expect(await d.cont()).toEqual({ kind: "breakpoint", id: 1, address: syms.address("kmain") });
    const regs = d.registers();
    expect(regs.eip).toBe(syms.address("kmain"));
    expect(d.instructions()).toBe(2); // mov esp ; call kmain
    // The return address `call kmain` pushed: the instruction after the call.
    const ret = d.readVirtual(regs.esp, 4)!;
    expect(new DataView(ret.buffer).getUint32(0, true)).toBe(syms.address("_start")! + 5 + 5);
    expect(await d.step(10)).toEqual({ kind: "step" });
    expect(d.instructions()).toBe(12);
    // push ebp ; mov ebp, esp ; mov eax, 1 ; add eax, 2 .. add eax, 8
    expect(d.registers().eax).toBe(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8);
    expect(d.registers().eip).toBe(syms.address("sum")! + 7 * 3);
    expect(await d.cont()).toEqual({ kind: "ended", verdict: { kind: "exited", code: 7 } });
    expect((await run.result).instructions).toBe(d.instructions());
  });

  it("steps one instruction at a time from the first one", async () => {
    const elf = kernel("debugee");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    const eips: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await d.step()).toEqual({ kind: "step" });
      eips.push(d.registers().eip);
    }
    const k = syms.address("kmain")!;
    expect(eips).toEqual([syms.address("_start")! + 5, k, k + 1, k + 3, syms.address("sum")]);
    expect(d.instructions()).toBe(5);
    expect(d.lastInstructions().map((i) => i.eip)).toEqual([syms.address("_start"), syms.address("_start")! + 5, k, k + 1, k + 3]);
    run.stop();
    expect((await run.result).verdict).toEqual({ kind: "stopped" });
  });

  it("pause() stops a spinning guest with 'interrupted'", async () => {
    const run = m.boot(kernel("spin"), { debug: {} });
    const d = run.debug!;
    const stop = new Promise((resolve) => d.on("stop", resolve));
    setTimeout(() => d.pause(), 20);
    expect(await stop).toEqual({ kind: "interrupted" });
    expect(d.stopped).toBe(true);
    const at = d.instructions();
    expect(at).toBeGreaterThan(0);
    expect(await d.step(3)).toEqual({ kind: "step" });
    expect(d.instructions()).toBe(at + 3);
    run.stop();
    await run.result;
  });
});
