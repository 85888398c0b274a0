// Write watchpoints (issue 17): stop after the instruction that wrote a watched linear or physical range,
// with the writing instruction's address and the old and new values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("Debugger watchpoints", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  for (const physical of [false, true]) {
    it(`reports the writer and old/new values (${physical ? "physical" : "linear"})`, async () => {
      const elf = kernel("debugee");
      const syms = symbolTable(elf);
      const run = m.boot(elf, { debug: { startPaused: true } });
      const d = run.debug!;
      const counter = syms.address("counter")!;
      const id = d.addWatchpoint({ start: counter, length: 4, access: "write", physical });
      expect(await d.cont()).toEqual({
        kind: "watchpoint", id, access: "write", address: counter, length: 4,
        oldValue: Uint8Array.of(0, 0, 0, 0), newValue: Uint8Array.of(55, 0, 0, 0), eip: syms.address("store"),
      });
      // Stopped right after the store: EIP at the next instruction.
      expect(d.registers().eip).toBe(syms.address("after_store"));
      const second = await d.cont();
      expect(second).toMatchObject({ kind: "watchpoint", oldValue: Uint8Array.of(55, 0, 0, 0), newValue: Uint8Array.of(56, 0, 0, 0), eip: syms.address("after_store")! + 5 });
      d.removeWatchpoint(id);
      expect(await d.cont()).toMatchObject({ kind: "ended" });
    });
  }

  it("read watchpoints stop after an instruction that reads the range; access ones after any access", async () => {
    const elf = kernel("debugee");
    const syms = symbolTable(elf);
    const counter = syms.address("counter")!;
    const loop = syms.address("after_store")! + 5;
    let run = m.boot(elf, { debug: { startPaused: true } });
    let d = run.debug!;
    const id = d.addWatchpoint({ start: counter, length: 4, access: "read" });
    // The store only writes: the first reader is `inc dword [counter]` (a read-modify-write).
    expect(await d.cont()).toEqual({ kind: "watchpoint", id, access: "read", address: counter, length: 4, oldValue: Uint8Array.of(55, 0, 0, 0), newValue: Uint8Array.of(56, 0, 0, 0), eip: loop });
    expect(d.registers().eip).toBe(loop + 6);
    for (let i = 0; i < 2; i++) expect(await d.cont()).toMatchObject({ kind: "watchpoint", eip: loop });
    // The last reader: `mov eax, [counter]` after `mov cr4, eax`.
    expect(await d.cont()).toMatchObject({ kind: "watchpoint", access: "read", oldValue: null, newValue: Uint8Array.of(58, 0, 0, 0), eip: syms.address("set_cr")! + 6 });
    expect(await d.cont()).toMatchObject({ kind: "ended" });
    run = m.boot(elf, { debug: { startPaused: true } });
    d = run.debug!;
    d.addWatchpoint({ start: counter + 1, length: 1, access: "access" }); // a byte inside: overlaps the dword store
    expect(await d.cont()).toMatchObject({ kind: "watchpoint", access: "access", eip: syms.address("store") });
    run.stop();
    await run.result;
  });
});
