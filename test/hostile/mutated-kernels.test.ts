// Mutated kernels through the emulator host's loader (issue 12): a real machine boots each one and the run
// always ends in exactly one named verdict (never a rejected promise, never a host exception). Targeted
// corruptions first, each with its expected verdict; then a fixed-seed sample of random byte mutations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createMachine, type Machine, type Verdict } from "../../emulator/index";
import { byteMutations } from "../fuzz/targets";
import { hostileKernel } from "./build";

const KINDS: Verdict["kind"][] = ["exited", "timeout", "triple-fault", "halted", "no-multiboot-header", "not-a-kernel", "kernel-too-large", "stopped"];

describe("mutated kernels on a real machine", () => {
  let m: Machine;
  const good = hostileKernel("good", `_start:\n    EXIT 4\n`);
  const dv = () => { const b = good.slice(); return { b, v: new DataView(b.buffer) }; };
  const phoff = new DataView(good.buffer, good.byteOffset).getUint32(28, true);
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  const cases: [string, () => Uint8Array, Verdict["kind"]][] = [
    ["unmodified", () => good, "exited"],
    ["truncated to 100 bytes", () => good.slice(0, 100), "no-multiboot-header"],
    ["multiboot checksum off by one", () => { const { b, v } = dv(); const at = b.findIndex((_, i) => i % 4 === 0 && v.getUint32(i, true) === 0x1badb002); v.setUint32(at + 8, v.getUint32(at + 8, true) + 1, true); return b; }, "no-multiboot-header"],
    ["e_phoff past the end of the file", () => { const { b, v } = dv(); v.setUint32(28, 0xfffffff0, true); return b; }, "no-multiboot-header"],
    ["e_phnum 65535", () => { const { b, v } = dv(); v.setUint16(44, 0xffff, true); return b; }, "no-multiboot-header"],
    ["first PT_LOAD p_filesz beyond the file", () => { const { b, v } = dv(); v.setUint32(phoff + 16, 0x7fffffff, true); return b; }, "no-multiboot-header"],
    ["first PT_LOAD p_paddr at 0xFFFFF000", () => { const { b, v } = dv(); v.setUint32(phoff + 12, 0xfffff000, true); return b; }, "kernel-too-large"],
    ["first PT_LOAD p_memsz 1 GiB", () => { const { b, v } = dv(); v.setUint32(phoff + 20, 0x40000000, true); return b; }, "kernel-too-large"],
    ["e_machine EM_X86_64", () => { const { b, v } = dv(); v.setUint16(18, 62, true); return b; }, "no-multiboot-header"],
    ["e_type ET_REL (an object file)", () => { const { b, v } = dv(); v.setUint16(16, 1, true); return b; }, "not-a-kernel"],
  ];
  for (const [name, make, kind] of cases) {
    it(`${name} → ${kind}`, async () => {
      const r = await m.boot(make(), { timeout: { instructions: 200_000 } }).result;
      expect(r.verdict.kind).toBe(kind);
    });
  }

  it("60 random mutations: each run ends in one named verdict", async () => {
    const kernels = fc.sample(byteMutations([good]), { seed: 12, numRuns: 60 });
    const seen = new Map<string, number>();
    for (const k of kernels) {
      const r = await m.boot(k, { timeout: { instructions: 200_000 } }).result;
      expect(KINDS).toContain(r.verdict.kind);
      seen.set(r.verdict.kind, (seen.get(r.verdict.kind) ?? 0) + 1);
    }
    expect(seen.size).toBeGreaterThan(1); // the sample reaches more than one verdict: it is not all rejected up front
  });
});
