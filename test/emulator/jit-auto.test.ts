// MachineOptions.jit: "auto" (the default) starts every boot in v86's interpreter and turns the JIT on after
// 1M guest instructions. Switching mid-run must not change what the guest computes: a 1.75M-instruction loop
// ends with the same result word and the same instruction count in all three modes, on fresh and warm boots.
// (Speed is the bench's job: bench/run.ts guest-cpu-default.)
import { describe, expect, it } from "vitest";
import { createMachine, symbolTable } from "../../emulator/index";
import { KERNEL_LD, cpuKernel } from "../../bench/kernels";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { link } from "../../toolchain/link/index";
import { UsageError } from "../../scripts/commands/types";
import { command } from "../../scripts/commands/run";

const kernel = link([{ name: "cpu.o", bytes: assembleOrThrow(cpuKernel(250_000), { file: "cpu.asm" }) }],
  { script: { text: KERNEL_LD, file: "kernel.ld" } }).image;

describe("jit: auto", () => {
  it("computes the same result as the interpreter and the JIT, boot after boot", async () => {
    const result = symbolTable(kernel).address("result")!;
    const seen: { mode: string; word: number; instructions: number }[] = [];
    for (const jit of [false, true, "auto"] as const) {
      const m = await createMachine({ memoryMiB: 8, jit });
      try {
        for (let boot = 0; boot < 2; boot++) {
          const r = await m.boot(kernel, { timeout: { ms: 60_000 } }).result;
          expect(r.verdict).toEqual({ kind: "exited", code: 0 });
          seen.push({ mode: String(jit), word: m.memory.u32(result), instructions: r.instructions });
        }
      } finally {
        m.destroy();
      }
    }
    expect(seen[0]!.instructions).toBeGreaterThan(1_000_000); // long enough for "auto" to switch
    for (const s of seen) expect({ word: s.word, instructions: s.instructions }).toEqual({ word: seen[0]!.word, instructions: seen[0]!.instructions });
  });

  it("kernlab run: --jit and --no-jit together are a usage error", async () => {
    await expect(command.run(["--jit", "--no-jit", "k.elf"])).rejects.toBeInstanceOf(UsageError);
  });
});
