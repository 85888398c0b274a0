// Exact instruction limits (issue 15 item 7): `timeout: { instructions: N }` stops after exactly N
// instructions, a kernel that exits by itself at instruction N with a limit N+k exits, the count reported is
// the real one, and the virtual clock stays deterministic. exit-at.asm exits at its 4th instruction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("exact instruction limits", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("runs exactly 1 instruction with a limit of 1 and reports 1", async () => {
    const elf = kernel("exit-at");
    const r = await m.boot(elf, { timeout: { instructions: 1 } }).result;
    expect(r.verdict).toMatchObject({ kind: "timeout", limit: "1 instructions" });
    expect(r.instructions).toBe(1);
    // After `mov esp, 0x90000` (5 bytes at _start): EIP is at the nop, ESP set.
    expect(r.registers.eip).toBe(symbolTable(elf).address("_start")! + 5);
    expect(r.registers.esp).toBe(0x90000);
  });

  it("stops after exactly N for every N below the kernel's own exit", async () => {
    for (const n of [2, 3]) {
      const r = await m.boot(kernel("exit-at"), { timeout: { instructions: n } }).result;
      expect(r.verdict.kind).toBe("timeout");
      expect(r.instructions).toBe(n);
    }
  });

  it("lets the kernel's own exit win at N with a limit of N, N+1 and N+1000", async () => {
    for (const limit of [4, 5, 1004]) {
      const r = await m.boot(kernel("exit-at"), { timeout: { instructions: limit } }).result;
      expect(r.verdict).toEqual({ kind: "exited", code: 5 });
      expect(r.instructions).toBe(4);
    }
  });

  it("is exact far into a loop, and the virtual clock repeats the run exactly", async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) runs.push(await m.boot(kernel("spin"), { timeout: { instructions: 123_457 }, clock: "virtual" }).result);
    for (const r of runs) {
      expect(r.verdict.kind).toBe("timeout");
      expect(r.instructions).toBe(123_457);
    }
    expect(runs[1]!.registers).toEqual(runs[0]!.registers);
  });
});
