// The debug-hooks v86 fix (emulator/v86-fixes/debug-hooks.ts): without it v86 runs on past an instruction
// limit (main_loop runs ~100,000 instructions per call) and a debugger cannot attach; with it a limit of 1
// runs exactly one instruction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../../emulator/index";
import { applyV86Fixes } from "../../../emulator/v86-fixes/index";
import { nodeWasmBytes } from "../../../emulator/wasm-node";
import { canBuild, kernel } from "../kernels";

describe.skipIf(!canBuild())("v86 fix debug-hooks", () => {
  let fixed: Machine, unfixed: Machine;
  beforeAll(async () => {
    fixed = await createMachine({ memoryMiB: 16 });
    const raw = applyV86Fixes(nodeWasmBytes(), { except: ["debug-hooks"] });
    unfixed = await createMachine({ memoryMiB: 16, wasmModule: await WebAssembly.compile(raw as Uint8Array<ArrayBuffer>) });
  });
  afterAll(() => { fixed?.destroy(); unfixed?.destroy(); });

  it("a limit of 1 instruction: exactly 1 with the fix, far more without", async () => {
    const withFix = await fixed.boot(kernel("spin"), { timeout: { instructions: 1 } }).result;
    expect(withFix.instructions).toBe(1);
    const without = await unfixed.boot(kernel("spin"), { timeout: { instructions: 1 } }).result;
    expect(without.verdict.kind).toBe("timeout");
    expect(without.instructions).toBeGreaterThan(1000);
  });

  it("without the fix a debugger cannot attach", async () => {
    await expect(unfixed.boot(kernel("spin"), { debug: {} }).result).rejects.toThrow(/debug-hooks/);
  });
});
