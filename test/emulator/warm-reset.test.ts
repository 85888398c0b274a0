// Warm reset: one instance boots again and again, as faithfully as a fresh machine; v86's wasm is compiled
// once per process however many machines and kernels.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMachine, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("warm reset", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("1,000 boots in a row each find .bss zero and .data pristine (the kernel dirties both every time)", async () => {
    const k = kernel("pristine");
    const codes = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const r = await m.boot(k).result;
      const code = r.verdict.kind === "exited" ? r.verdict.code : -1;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(codes)).toEqual({ 0: 1000 });
  });

  it("the kernel really detects dirt: the same image with its RAM dirtied by the host exits 1", async () => {
    const k = kernel("pristine");
    // Boot, then boot again without reset semantics by poking .bss while paused is not possible before entry;
    // instead paint .bss (BootOptions.paint runs after loading, before entry) and expect exit 1.
    const dv = new DataView(k.buffer, k.byteOffset);
    void dv;
    const r = await m.boot(k, { paint: [{ start: 0x102000, end: 0x102010, pattern: 0xdeadbeef }] }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 1 });
  });

  it("a fresh machine's first boot sees the same RAM at entry as a warm boot (all of it, byte for byte)", async () => {
    const k = kernel("exit42");
    const fresh = await createMachine({ memoryMiB: 16 });
    const atEntry = async (machine: Machine) => {
      const run = machine.boot(k, { debug: { startPaused: true } });
      await run.debug!.ready;
      const ram = machine.memory.bytes(0, machine.memoryBytes).slice();
      run.stop();
      await run.result;
      return ram;
    };
    try {
      const cold = await atEntry(fresh);
      const warm = await atEntry(fresh);
      const diff = cold.findIndex((b, i) => b !== warm[i]);
      expect(diff === -1 ? null : `0x${diff.toString(16)}: cold ${cold[diff]}, warm ${warm[diff]}`).toBeNull();
    } finally { fresh.destroy(); }
  });

  it("two kernels, two machines, one compilation of v86's wasm", async () => {
    const compile = vi.spyOn(WebAssembly, "compile");
    const compileStreaming = typeof WebAssembly.compileStreaming === "function" ? vi.spyOn(WebAssembly, "compileStreaming") : null;
    const other = await createMachine({ memoryMiB: 8 });
    try {
      expect((await other.boot(kernel("exit42")).result).verdict).toEqual({ kind: "exited", code: 42 });
      expect((await other.boot(kernel("higher", "higher-half.ld")).result).verdict).toEqual({ kind: "exited", code: 7 });
      expect((await m.boot(kernel("exit42")).result).verdict).toEqual({ kind: "exited", code: 42 });
      expect(compile).not.toHaveBeenCalled();
      expect(compileStreaming?.mock.calls.length ?? 0).toBe(0);
    } finally {
      other.destroy();
      compile.mockRestore();
      compileStreaming?.mockRestore();
    }
  });
});
