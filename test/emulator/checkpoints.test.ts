// Checkpoints: the guest pauses synchronously at `out 0x5F0, eax`; the host reads registers and RAM as they
// are at that instruction, may write RAM, and the guest continues when the handler settles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Checkpoint, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("checkpoints", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("registers and RAM at each pause are the guest's values at that instruction", async () => {
    const k = kernel("checkpoints");
    const syms = symbolTable(k);
    const value = syms.address("value")!, hostIn = syms.address("host_in")!, bytesOut = syms.address("bytes_out")!;
    const seen: { id: number; name: string | null; value: number; ebx: number; esi: number; eip: string; bytes: number[] }[] = [];
    const run = m.boot(k, {
      checkpointNames: { 1: "first", 2: "second" },
      onCheckpoint: async (cp: Checkpoint) => {
        await new Promise((r) => setTimeout(r, 10)); // the machine stays paused while this is pending
        seen.push({ id: cp.id, name: cp.name, value: cp.memory.u32(value), ebx: cp.registers.ebx, esi: cp.registers.esi,
          eip: syms.format(cp.registers.eip), bytes: [...cp.memory.bytes(bytesOut, 16)] });
        if (cp.id === 2) cp.memory.write(hostIn, Uint8Array.of(99));
      },
    });
    const events: number[] = [];
    run.on("checkpoint", (cp) => events.push(cp.id));
    const r = await run.result;
    expect(seen.map(({ bytes, ...rest }) => ({ ...rest, bytes: bytes.length }))).toEqual([
      { id: 1, name: "first", value: 0xcafebabe, ebx: 0x11111111, esi: 0x100, eip: expect.stringMatching(/^_start\+0x/), bytes: 16 },
      { id: 2, name: "second", value: 0xdeadbeef, ebx: 0x22222222, esi: 0x100, eip: expect.stringMatching(/^_start\.fill\+0x/), bytes: 16 },
    ]);
    expect(seen[0]!.bytes).toEqual(new Array(16).fill(0));
    expect(seen[1]!.bytes).toEqual(Array.from({ length: 16 }, (_, i) => 0xa0 + i));
    expect(events).toEqual([1, 2]);
    expect(r.verdict).toEqual({ kind: "exited", code: 99 }); // the byte the host wrote while paused
    expect(r.checkpoints.map((c) => [c.id, c.name, c.registers.ebx])).toEqual([[1, "first", 0x11111111], [2, "second", 0x22222222]]);
  });

  it("the eip at a pause is the instruction right after the out", async () => {
    const k = kernel("checkpoints");
    const eips: number[] = [];
    await m.boot(k, { onCheckpoint: (cp) => { eips.push(cp.registers.eip); } }).result;
    expect(eips).toHaveLength(2);
    for (const eip of eips) expect(m.memory.u8(eip - 1)).toBe(0xef); // out dx, eax
  });

  it("a throwing handler rejects the run's result (a host error, not a verdict)", async () => {
    const run = m.boot(kernel("checkpoints"), { onCheckpoint: () => { throw new Error("handler broke"); } });
    await expect(run.result).rejects.toThrow("handler broke");
    const after = await m.boot(kernel("exit42")).result;
    expect(after.verdict).toEqual({ kind: "exited", code: 42 });
  });
});

describe.skipIf(!canBuild())("checkpoints with v86's JIT on", () => {
  it("pause at the same values when hot code runs compiled", async () => {
    const m = await createMachine({ memoryMiB: 8, jit: true });
    try {
      const k = kernel("checkpoints");
      const seen: number[] = [];
      const r = await m.boot(k, { onCheckpoint: (cp) => { seen.push(cp.registers.ebx); if (cp.id === 2) cp.memory.write(symbolTable(k).address("host_in")!, Uint8Array.of(3)); } }).result;
      expect(seen).toEqual([0x11111111, 0x22222222]);
      expect(r.verdict).toEqual({ kind: "exited", code: 3 });
    } finally {
      m.destroy();
    }
  });
});
