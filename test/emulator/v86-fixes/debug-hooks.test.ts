// The debug-hooks v86 fix (emulator/v86-fixes/debug-hooks.ts): without it v86 runs on past an instruction
// limit (main_loop runs ~100,000 instructions per call) and a debugger cannot attach; with it a limit of 1
// runs exactly one instruction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../../emulator/index";
import { applyV86Fixes, WasmModule } from "../../../emulator/v86-fixes/index";
import { DEBUG_DELIVER_EXPORT, DEBUG_IRQ } from "../../../emulator/v86-fixes/debug-abi";
import { findSequences } from "../../../emulator/v86-fixes/instructions";
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

  it("exports call_interrupt_vector (caught vectors are delivered on continue) and marks v86's 13 IRQ deliveries", async () => {
    const exports = (bytes: Uint8Array) => WebAssembly.Module.exports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).map((e) => e.name);
    expect(exports(applyV86Fixes(nodeWasmBytes()))).toContain(DEBUG_DELIVER_EXPORT);
    expect(exports(applyV86Fixes(nodeWasmBytes(), { except: ["debug-hooks"] }))).not.toContain(DEBUG_DELIVER_EXPORT);
    // The IRQ flag is stored right before each of v86's pic_call_irq deliveries: 13 stores to DEBUG_IRQ.
    const module = WasmModule.parse(applyV86Fixes(nodeWasmBytes()));
    let stores = 0;
    for (const fn of module.functionNames().keys()) {
      if (fn < module.importedFunctionCount()) continue;
      stores += findSequences(module.body(fn).code, [{ op: 0x41, value: 0 }, { op: 0x41, value: 1 }, { op: 0x3a, memOffset: DEBUG_IRQ }]).length;
    }
    expect(stores).toBe(13);
  });

  it("without the fix a debugger cannot attach", async () => {
    await expect(unfixed.boot(kernel("spin"), { debug: {} }).result).rejects.toThrow(/debug-hooks/);
  });
});
