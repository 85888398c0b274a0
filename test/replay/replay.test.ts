// Time travel (issue #18): a recorded run replays bit-identically (serial, VGA text, instruction count at
// every checkpoint/exception/exit, verdict, final registers and a hash of guest RAM) for the sample kernel
// and three kernels of our own (timer driven, keyboard driven with scripted input, page faults that recover);
// seek(count) stands exactly where a fresh recorded run stopped by an instruction limit at `count` stands;
// breakpoints stay installed across seeks. Two 16 MiB machines: one records (and gives fresh runs), one replays.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { BootOptions, Machine, RunResult } from "../../emulator/index";
import { createMachine } from "../../replay/machine";
import { buildSampleKernel } from "../../kernel/build";
import { loadSampleSources } from "../../kernel/sources";
import { openReplay, type Replay } from "../../replay/replayer";
import { ttKernel, type TtKernel } from "./kernels";

let rec: Machine, rep: Machine;
beforeAll(async () => {
  [rec, rep] = await Promise.all([createMachine({ memoryMiB: 16 }), createMachine({ memoryMiB: 16 })]);
});
afterAll(() => { rec?.destroy(); rep?.destroy(); });

const ramHash = (m: Machine) => createHash("sha256").update(m.memory.bytes(0, m.memoryBytes)).digest("hex");

interface Recorded { result: RunResult; bytes: Uint8Array; ram: string; vga: string[] }

async function record(kernel: Uint8Array, opts: BootOptions = {}): Promise<Recorded> {
  const run = rec.boot(kernel, { record: { snapshotEvery: 1_000_000 }, timeout: { instructions: 20_000_000 }, ...opts });
  const result = await run.result;
  return { result, bytes: await run.recording!.bytes(), ram: ramHash(rec), vga: rec.vgaText() };
}

/** Replays `r` to its end and checks everything the recording saw. */
async function expectIdentical(r: Recorded): Promise<Replay> {
  const replay = await openReplay(rep, r.bytes);
  const verdict = await replay.playToEnd();
  expect(verdict).toEqual(r.result.verdict);
  expect(replay.position()).toBe(r.result.instructions);
  expect(replay.serial()).toBe(r.result.serial);
  expect(rep.vgaText()).toEqual(r.vga);
  expect(rep.registers()).toEqual(r.result.registers);
  expect(ramHash(rep)).toBe(r.ram);
  const guestEvents = (es: readonly { at: number; kind: string; detail: string }[]) => es.filter((e) => e.kind === "checkpoint" || e.kind === "exception" || e.kind === "exit");
  expect(guestEvents(replay.replayedEvents())).toEqual(guestEvents(replay.events()));
  return replay;
}

const kernels: { name: TtKernel; opts: BootOptions; verdict: RunResult["verdict"]; serial: RegExp; events: string }[] = [
  { name: "tt-timer", opts: {}, verdict: { kind: "exited", code: 40 }, serial: /^(12345670){5}\n$/, events: "snapshot" },
  { name: "tt-keys", opts: { script: [{ expect: "> ", keys: "hello world\n" }], serialInput: "ab" }, verdict: { kind: "exited", code: 12 }, serial: /^> [\s\S]*hello world\n/, events: "key" },
  { name: "tt-pf", opts: {}, verdict: { kind: "exited", code: 16 }, serial: /^P{16}\n$/, events: "exception" },
];

describe("replay is bit-identical", () => {
  for (const k of kernels) {
    it(`${k.name}: same serial, VGA, event counts, verdict, registers and RAM`, async () => {
      const r = await record(ttKernel(k.name), k.opts);
      expect(r.result.verdict).toEqual(k.verdict);
      expect(r.result.serial).toMatch(k.serial);
      const replay = await expectIdentical(r);
      expect(replay.events().some((e) => e.kind === k.events)).toBe(true);
      await replay.close();
    });
  }

  it("tt-keys: the serial bytes entered at their recorded counts (echoed 'a' and 'b' appear in the replay too)", async () => {
    const r = await record(ttKernel("tt-keys"), { script: [{ expect: "> ", keys: "x\n" }], serialInput: "ab" });
    expect(r.result.serial).toContain("a");
    const replay = await openReplay(rep, r.bytes);
    const inputs = replay.file.inputs;
    expect(inputs.map((i) => i.kind)).toEqual(["serial", "keys"]);
    await replay.playToEnd();
    expect(replay.serial()).toBe(r.result.serial);
    await replay.close();
  });

  it("the sample kernel (timer-driven scheduling, heap and stack checkpoints)", async () => {
    const elf = buildSampleKernel({ files: loadSampleSources() }).elf;
    const r = await record(elf);
    expect(r.result.verdict).toEqual({ kind: "exited", code: 0 });
    expect(r.result.checkpoints.length).toBeGreaterThan(0);
    expect(r.result.serial).toContain("ticks");
    expect(r.result.serial).toContain("killed: heap/stack collision");
    const replay = await expectIdentical(r);
    expect(replay.events().filter((e) => e.kind === "checkpoint").length).toBe(r.result.checkpoints.length);
    await replay.close();
  });
});

describe("a live recording", () => {
  it("stops in the debugger do not change the run, and bytes() mid-run replays what was recorded so far", async () => {
    const kernel = ttKernel("tt-timer");
    const straight = await record(kernel);
    const run = rec.boot(kernel, { record: { snapshotEvery: 1_000_000 }, timeout: { instructions: 20_000_000 }, debug: { startPaused: true } });
    const d = run.debug!;
    await d.ready;
    for (const n of [1, 77_777, 250_001, 99_999, 1_234_567]) expect((await d.step(n)).kind).toBe("step");
    const at = d.instructions();
    const partial = await run.recording!.bytes();
    expect(run.recording!.end()).toBe(at);
    expect((await d.cont()).kind).toBe("ended");
    const result = await run.result;
    expect(result.instructions).toBe(straight.result.instructions);
    expect(result.serial).toBe(straight.result.serial);
    expect(ramHash(rec)).toBe(straight.ram);
    const replay = await openReplay(rep, partial);
    expect(replay.end()).toBe(at);
    await replay.seek(at);
    expect(replay.position()).toBe(at);
    await replay.close();
  });
});

describe("seek", () => {
  let r: Recorded;
  let replay: Replay;
  beforeAll(async () => {
    r = await record(ttKernel("tt-timer"));
    replay = await openReplay(rep, r.bytes);
  });
  afterAll(async () => { await replay?.close(); });

  it("seek(count) stands where a fresh run stopped at `count` stands (registers and RAM), any order", async () => {
    const end = r.result.instructions;
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: end - 1 }), async (count) => {
      await replay.seek(count);
      expect(replay.position()).toBe(count);
      const fresh = await rec.boot(ttKernel("tt-timer"), { record: true, timeout: { instructions: count } }).result;
      expect(fresh.instructions).toBe(count);
      expect(rep.registers()).toEqual(rec.registers());
      expect(ramHash(rep)).toBe(ramHash(rec));
    }), { numRuns: 5, seed: 18 });
    expect(replay.snapshots()[0]).toBe(0);
    expect(replay.snapshots().length).toBeGreaterThan(2);
  });

  it("stepping back one instruction (seek(position() - 1)) and forward again gives the same state", async () => {
    await replay.seek(2_000_123);
    const here = rep.registers();
    await replay.seek(2_000_122);
    const back = rep.registers();
    const r1 = await replay.debug.step(1);
    expect(r1.kind).toBe("step");
    expect(replay.position()).toBe(2_000_123);
    expect(rep.registers()).toEqual(here);
    expect(back).not.toEqual(here);
  });

  it("breakpoints stay installed across seeks, do not stop a seek, and stop cont()", async () => {
    const irq0 = (await import("../../emulator/index")).symbolTable(ttKernel("tt-timer")).address("irq0")!;
    const id = replay.debug.addBreakpoint(irq0);
    await replay.seek(0);
    const first = await replay.debug.cont();
    expect(first).toMatchObject({ kind: "breakpoint", id, address: irq0 });
    const firstAt = replay.position();
    await replay.seek(firstAt + 500_000); // passes several irq0 entries without stopping
    expect(replay.position()).toBe(firstAt + 500_000);
    await replay.seek(0);
    const again = await replay.debug.cont();
    expect(again).toMatchObject({ kind: "breakpoint", id });
    expect(replay.position()).toBe(firstAt);
    replay.debug.removeBreakpoint(id);
  });
});
