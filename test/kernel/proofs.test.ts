// The nine proofs on the real sample kernel (each must pass, with evidence read from RAM), and each proof
// failing with a useful message when guest RAM is corrupted at a checkpoint so that its claim is false.
import { beforeAll, describe, expect, it } from "vitest";
import { proveSample, type Proof } from "../../kernel/proofs";
import { PROBE_FIELDS, readProbe, readTasks, TASK_FIELDS } from "../../kernel/probe";
import type { SampleRun, Snapshot } from "../../kernel/run";
import { bootAndProve, build, cloneRun, failures, proof } from "./helpers";

let run: SampleRun;
let proofs: Proof[];

beforeAll(async () => {
  ({ run, proofs } = await bootAndProve(build()));
});

const sym = (name: string) => {
  const v = run.symbols.get(name);
  if (v === undefined) throw new Error(`no symbol ${name}`);
  return v;
};
const probeField = (name: (typeof PROBE_FIELDS)[number]) => sym("kernlab_probe") + PROBE_FIELDS.indexOf(name) * 4;
const taskField = (name: (typeof TASK_FIELDS)[number]) => TASK_FIELDS.indexOf(name) * 4;

/** Corrupt a copy of the run at one checkpoint and prove again. */
function corrupt(checkpoint: keyof SampleRun["checkpoints"], fn: (snap: Snapshot) => void): Proof[] {
  const copy = cloneRun(run);
  const snap = copy.checkpoints[checkpoint];
  if (!snap) throw new Error(`the run has no ${checkpoint} checkpoint`);
  fn(snap);
  return proveSample(copy);
}

function tasksAt(snap: Snapshot) {
  const p = readProbe(snap.memory, sym("kernlab_probe"));
  if (!p) throw new Error("no probe");
  return readTasks(snap.memory, p);
}

describe("the sample kernel, booted once", () => {
  it("reaches every checkpoint and exits with 0", () => {
    expect(Object.keys(run.checkpoints)).toEqual(["kernel-entry", "heap-ready", "processes-created", "collision-handled", "final"]);
    expect(run.verdict).toEqual({ kind: "exited", code: 0 });
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])("proof %i passes, with evidence", (n) => {
    const p = proof(proofs, n);
    expect(p.failures).toEqual([]);
    expect(p.pass).toBe(true);
    expect(p.evidence.length).toBeGreaterThan(0);
  });

  it("reads its evidence from RAM: ESP at entry is __stack_top and deeper calls have lower ESP", () => {
    expect(run.checkpoints["kernel-entry"]!.registers.esp >>> 0).toBe(sym("__stack_top"));
    const s = proof(proofs, 5).values.espAtDepth as number[];
    expect(s[0]).toBeGreaterThan(s[1]!);
    expect(s[1]).toBeGreaterThan(s[2]!);
    const hw = proof(proofs, 5).values.highWater as { deepest: number };
    expect(hw.deepest).toBeGreaterThan(sym("__stack_bottom") + 0x1000);
    expect(hw.deepest).toBeLessThanOrEqual(s[2]!);
  });

  it("finds two workers and the collider, each in its own page directory", () => {
    const tasks = tasksAt(run.checkpoints.final!);
    expect(tasks.map((t) => t.nameText).sort()).toEqual(["collider", "worker", "worker"]);
    expect(new Set(tasks.map((t) => t.pgdir)).size).toBe(3);
    expect(tasks.every((t) => t.text_va === 0x0804_8000 && t.stack_top === 0xc000_0000)).toBe(true);
  });
});

describe("each proof fails when its claim is broken in RAM", () => {
  it("1: a copy of the kernel's first bytes below 1 MiB", () => {
    const ps = corrupt("kernel-entry", (s) => s.memory.write(0x8000, s.memory.bytes(0x10_0000, 64)));
    expect(proof(ps, 1).pass).toBe(false);
    expect(failures(ps, 1)).toMatch(/first 64 bytes of \.text were found in RAM below 1 MiB at 0x00008000/);
  });

  it("2: loaded bytes that differ from the ELF", () => {
    const at = sym("__rodata_start") + 5;
    const ps = corrupt("kernel-entry", (s) => s.memory.write(at, new Uint8Array([s.memory.u8(at) ^ 0xff])));
    expect(proof(ps, 2).pass).toBe(false);
    expect(failures(ps, 2)).toContain(`.rodata: RAM at 0x${at.toString(16).padStart(8, "0")} holds`);
  });

  it("3: a non-zero byte in .bss at entry", () => {
    const at = sym("__bss_start") + 0x10;
    const ps = corrupt("kernel-entry", (s) => s.memory.write(at, new Uint8Array([0x42])));
    expect(proof(ps, 3).pass).toBe(false);
    expect(failures(ps, 3)).toMatch(/\.bss holds 1 non-zero byte\(s\) at entry, the first at 0x[0-9a-f]{8} \(0x42\)/);
  });

  it("4: a task struct whose page directory lies outside the heap", () => {
    const ps = corrupt("final", (s) => {
      const t = tasksAt(s)[1]!;
      s.memory.writeU32(t.address + taskField("pgdir"), sym("__bss_start"));
    });
    expect(proof(ps, 4).pass).toBe(false);
    expect(failures(ps, 4)).toMatch(/page directory at 0x[0-9a-f]{8} \(\+4096\) lies outside the kernel heap/);
  });

  it("5: ESP samples that do not decrease with call depth", () => {
    const ps = corrupt("final", (s) => s.memory.writeU32(probeField("esp_depth3"), s.memory.u32(probeField("esp_depth1")) + 16));
    expect(proof(ps, 5).pass).toBe(false);
    expect(failures(ps, 5)).toMatch(/ESP at call depths 1, 2, 3 is .*: not decreasing/);
  });

  it("5: a stack used down into its guard page", () => {
    const ps = corrupt("final", (s) => s.memory.writeU32(sym("__stack_bottom") + 8, 0));
    expect(proof(ps, 5).pass).toBe(false);
    expect(failures(ps, 5)).toMatch(/deepest stack use 0x[0-9a-f]{8} lies outside the usable stack/);
  });

  it("6: a heap top above the stack's deepest use", () => {
    const ps = corrupt("final", (s) => s.memory.writeU32(probeField("heap_top"), sym("__stack_top") - 4));
    expect(proof(ps, 6).pass).toBe(false);
    expect(failures(ps, 6)).toMatch(/heap top 0x[0-9a-f]{8} is not below the stack's deepest use .*overlap/);
  });

  it("7: a writable text page", () => {
    const ps = corrupt("final", (s) => {
      const t = tasksAt(s)[1]!;
      const pt = s.memory.u32(t.pgdir + (0x0804_8000 >>> 22) * 4) & ~0xfff;
      const pte = pt + ((0x0804_8000 >>> 12) & 0x3ff) * 4;
      s.memory.writeU32(pte, s.memory.u32(pte) | 2);
    });
    expect(proof(ps, 7).pass).toBe(false);
    expect(failures(ps, 7)).toMatch(/final: pid \d+ \(worker\): text page 0x08048000 is writable, expected read-only/);
  });

  it("8: the collision victim marked as exited instead of killed", () => {
    const ps = corrupt("final", (s) => {
      const victim = tasksAt(s).find((t) => t.nameText === "collider")!;
      s.memory.writeU32(victim.address + taskField("state"), 2);
      s.memory.writeU32(victim.address + taskField("reason"), 1);
    });
    expect(proof(ps, 8).pass).toBe(false);
    expect(failures(ps, 8)).toMatch(/pid \d+ \(collider\) is exited with reason 'exit', not killed for a heap\/stack collision/);
  });

  it("9: one frame mapped by two processes", () => {
    const ps = corrupt("final", (s) => {
      const [, a, b] = tasksAt(s);
      const pte = (t: { pgdir: number }) => (s.memory.u32(t.pgdir + (0x0804_8000 >>> 22) * 4) & ~0xfff) + ((0x0804_8000 >>> 12) & 0x3ff) * 4;
      s.memory.writeU32(pte(b!), s.memory.u32(pte(a!)));
    });
    expect(proof(ps, 9).pass).toBe(false);
    expect(failures(ps, 9)).toMatch(/frame 0x[0-9a-f]{8} is owned by both pid \d+ worker and pid \d+ worker/);
    expect(failures(ps, 7)).toMatch(/uses frame 0x[0-9a-f]{8}, which pid \d+ also maps/);
  });
});
