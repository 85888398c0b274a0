// Branch relaxation (relax.ts) reaches NASM's fixed point: a generated file with many labels and mostly
// short jumps assembles byte-identical to nasm -Ox, through the fast item loop rather than full passes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assembleDetailed } from "../../toolchain/asm/index";
import { oracle } from "../helpers/oracles";
import { benchSource } from "./helpers/bench-source";

describe.skipIf(!oracle("nasm"))("branch relaxation", () => {
  it("matches nasm -Ox on 6,000 lines with 600 labels, using the fast loop", () => {
    const src = benchSource(6_000, 600, 7, 10);
    const dir = mkdtempSync(join(tmpdir(), "kernlab-relax-"));
    try {
      writeFileSync(join(dir, "b.asm"), src);
      execFileSync("nasm", ["-f", "elf32", "-o", join(dir, "b.o"), join(dir, "b.asm")]);
      const r = assembleDetailed(src, { file: join(dir, "b.asm") });
      expect(r.diagnostics).toEqual([]);
      expect(r.assembly!.relaxIterations).toBeGreaterThan(2);
      expect(r.assembly!.passes).toBeLessThanOrEqual(6);
      expect(Buffer.compare(Buffer.from(r.output!), readFileSync(join(dir, "b.o")))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("falls back to full passes when a size depends on a label difference, and still matches nasm", () => {
    const src = "bits 32\nstart:\n    jmp fwd\n    add eax, fwd - start\n    times 120 nop\nfwd:\n    jmp start\n";
    const dir = mkdtempSync(join(tmpdir(), "kernlab-relax-"));
    try {
      writeFileSync(join(dir, "f.asm"), src);
      execFileSync("nasm", ["-f", "elf32", "-o", join(dir, "f.o"), join(dir, "f.asm")]);
      const r = assembleDetailed(src, { file: join(dir, "f.asm") });
      expect(r.assembly!.relaxIterations).toBe(0);
      expect(Buffer.compare(Buffer.from(r.output!), readFileSync(join(dir, "f.o")))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
