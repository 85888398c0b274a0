// Keyboard: text becomes PS/2 set-1 scancodes the guest reads from ports 0x60/0x64.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { scancodes } from "../../emulator/keyboard";
import { canBuild, kernel } from "./kernels";

describe("scancodes", () => {
  it("makes and breaks, with shift around capitals", () => {
    expect(scancodes("a")).toEqual([0x1e, 0x9e]);
    expect(scancodes("A\n")).toEqual([0x2a, 0x1e, 0x9e, 0xaa, 0x1c, 0x9c]);
    expect(scancodes("é")).toEqual([]);
  });
});

describe.skipIf(!canBuild())("keyboard", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("the guest receives the scancodes of sendKeys, in order", async () => {
    const k = kernel("keyboard");
    const run = m.boot(k, { timeout: { ms: 5000 } });
    setTimeout(() => m.sendKeys("ls -L\n"), 5);
    const r = await run.result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
    const syms = symbolTable(k);
    const count = m.memory.u32(syms.address("count")!);
    expect([...m.memory.bytes(syms.address("keys")!, count)]).toEqual(scancodes("ls -L\n"));
  });
});
