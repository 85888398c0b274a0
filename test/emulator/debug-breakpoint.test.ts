// Breakpoints (issue 17): stop before the instruction at an address or symbol, invisible to the guest (no
// int3 in RAM), continue past them, hit again in a loop, removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("Debugger breakpoints", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("stops before the instruction, leaves guest RAM untouched, and hits a loop body each time", async () => {
    const elf = kernel("debugee");
    const syms = symbolTable(elf);
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    const loop = syms.address("after_store")! + 5; // .loop: inc dword [counter]
    await d.ready;
    const before = d.readPhysical(loop, 6);
    expect(before).toEqual(Uint8Array.of(0xff, 0x05, 0x00, 0x10, 0x10, 0x00)); // inc dword [counter]
    const id = d.addBreakpoint(loop);
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await d.cont()).toEqual({ kind: "breakpoint", id, address: loop });
      counts.push(new DataView(d.readVirtual(syms.address("counter")!, 4)!.buffer).getUint32(0, true));
      expect(d.readPhysical(loop, 6)).toEqual(before); // no int3 written
    }
    expect(counts).toEqual([55, 56, 57]);
    d.removeBreakpoint(id);
    expect(await d.cont()).toEqual({ kind: "ended", verdict: { kind: "exited", code: 7 } });
  });

  it("refuses an unknown symbol and runs to the end with no breakpoint", async () => {
    const run = m.boot(kernel("debugee"), { debug: { startPaused: true } });
    const d = run.debug!;
    expect(() => d.addBreakpoint("no_such_symbol")).toThrow(/no symbol 'no_such_symbol'/);
    // 2 MiB above kmain: the same slot of the wasm's page filter (512 slots), never executed: no stop.
    d.addBreakpoint(symbolTable(kernel("debugee")).address("kmain")! + 0x200000);
    expect(await d.cont()).toMatchObject({ kind: "ended" });
    expect((await run.result).verdict).toEqual({ kind: "exited", code: 7 });
  });
});

describe.skipIf(!canBuild())("Debugger breakpoints on a JIT machine", () => {
  it("with the JIT on, a debugged run bypasses compiled blocks: a breakpoint in a hot loop hits at the exact count", async () => {
    const m = await createMachine({ memoryMiB: 16, jit: true });
    try {
      const elf = kernel("spin");
      const loop = symbolTable(elf).address("_start.forever")!;
      // Warm the JIT on the loop first (a plain run compiles it), then debug the next boot.
      await m.boot(elf, { timeout: { ms: 300 } }).result;
      const run = m.boot(elf, { debug: { startPaused: true } });
      const d = run.debug!;
      d.addBreakpoint(loop);
      expect(await d.cont()).toMatchObject({ kind: "breakpoint", address: loop });
      const first = d.instructions();
      for (let i = 0; i < 1000; i++) await d.cont();
      expect(d.instructions()).toBe(first + 1000 * 2); // inc ecx ; jmp .forever
      run.stop();
      await run.result;
    } finally {
      m.destroy();
    }
  });
});
