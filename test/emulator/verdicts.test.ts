// Every verdict a run can end in, each with its evidence, from real test kernels (fixtures/*.asm).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMultiboot, createMachine, describeVerdict, symbolTable, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("verdicts", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("exited(code) with the value written to port 0xF4, and the serial output", async () => {
    const r = await m.boot(kernel("exit42")).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 42 });
    expect(r.serial).toBe("exiting with 42\r\n");
    expect(r.serialTotalBytes).toBe(17);
    expect(r.instructions).toBeGreaterThan(10);
    expect(describeVerdict(r.verdict)).toBe("exited with code 42");
  });

  it("timeout in instructions is deterministic and carries eip and the serial tail", async () => {
    const k = kernel("spin");
    const a = await m.boot(k, { timeout: { instructions: 500_000 } }).result;
    const b = await m.boot(k, { timeout: { instructions: 500_000 } }).result;
    expect(a.verdict.kind).toBe("timeout");
    expect(b.verdict.kind).toBe("timeout");
    if (a.verdict.kind !== "timeout") return;
    expect(a.verdict.limit).toBe("500000 instructions");
    expect(a.verdict.serialTail).toBe("spinning\n");
    const syms = symbolTable(k);
    expect(syms.format(a.verdict.eip)).toMatch(/^_start\.forever(\+0x[0-9a-f]+)?$/);
    expect(a.instructions).toBeGreaterThanOrEqual(500_000);
    expect(describeVerdict(a.verdict)).toMatch(/^timeout after 500000 instructions at eip 0x001000[0-9a-f]{2}; last serial line: "spinning"$/);
  });

  it("timeout in wall time ends a guest idling in hlt with IF=1 (the host never hangs)", async () => {
    const r = await m.boot(kernel("idle"), { timeout: { ms: 200 } }).result;
    expect(r.verdict.kind).toBe("timeout");
    if (r.verdict.kind === "timeout") expect(r.verdict.limit).toBe("200 ms");
    expect(r.registers.eflags & 0x200).toBe(0x200);
  });

  it("halted: cli; hlt", async () => {
    const k = kernel("halt");
    const r = await m.boot(k).result;
    expect(r.verdict.kind).toBe("halted");
    if (r.verdict.kind !== "halted") return;
    // eip is after the hlt instruction
    expect(r.verdict.eip).toBe(symbolTable(k).address("halt_here")! + 1);
    expect(r.registers.ebx).toBe(0x600df00d);
    expect(describeVerdict(r.verdict)).toContain("halted at eip 0x");
  });

  it("triple-fault: an exception with no IDT; the next boot on the same machine still works", async () => {
    const k = kernel("triple");
    const r = await m.boot(k).result;
    expect(r.verdict.kind).toBe("triple-fault");
    if (r.verdict.kind !== "triple-fault") return;
    expect(symbolTable(k).format(r.verdict.eip)).toMatch(/^fault_here/);
    expect(describeVerdict(r.verdict)).toMatch(/^triple fault at eip 0x/);
    const again = await m.boot(kernel("exit42")).result;
    expect(again.verdict).toEqual({ kind: "exited", code: 42 });
  });

  it("no-multiboot-header: an ELF without the header, a bad checksum, garbage, an empty file", async () => {
    const r = await m.boot(kernel("noheader")).result;
    expect(r.verdict).toEqual({ kind: "no-multiboot-header", reason: expect.stringMatching(/^magic 0x1badb002 not found 4-byte aligned in the first \d+ bytes$/) });
    const bad = kernel("exit42").slice();
    const dv = new DataView(bad.buffer);
    let off = -1;
    for (let i = 0; i < 8192; i += 4) if (dv.getUint32(i, true) === 0x1badb002) { off = i; break; }
    dv.setUint32(off + 8, dv.getUint32(off + 8, true) + 1, true);
    const v = checkMultiboot(bad, 32 << 20);
    expect(v?.kind).toBe("no-multiboot-header");
    expect(v && v.kind === "no-multiboot-header" && v.reason).toMatch(/bad checksum/);
    expect((await m.boot(bad).result).verdict.kind).toBe("no-multiboot-header");
    expect(checkMultiboot(new Uint8Array(100).fill(0x90), 32 << 20)?.kind).toBe("no-multiboot-header");
    expect(checkMultiboot(new Uint8Array(0), 32 << 20)).toEqual({ kind: "no-multiboot-header", reason: "the file is empty" });
  });

  it("kernel-too-large: a segment that ends beyond RAM", async () => {
    const k = kernel("toolarge");
    const r = await m.boot(k).result;
    expect(r.verdict.kind).toBe("kernel-too-large");
    if (r.verdict.kind !== "kernel-too-large") return;
    expect(r.verdict.memoryBytes).toBe(32 << 20);
    expect(r.verdict.end).toBeGreaterThan(40 << 20);
    expect(describeVerdict(r.verdict)).toMatch(/^cannot load: kernel too large: segment \d+ ends at 0x0[0-9a-f]{7}, beyond guest RAM of 0x02000000 bytes$/);
    expect(checkMultiboot(k, 64 << 20)).toBeNull();
  });

  it("stopped: Run.stop() ends a running guest", async () => {
    const run = m.boot(kernel("spin"), { timeout: { ms: 30_000 } });
    run.on("serial-line", () => run.stop());
    const r = await run.result;
    expect(r.verdict).toEqual({ kind: "stopped" });
    expect(r.serial).toBe("spinning\n");
  });
});

describe.skipIf(!canBuild())("pause and resume", () => {
  it("a paused machine executes nothing until resumed; stop() ends a paused run", async () => {
    const m = await createMachine({ memoryMiB: 8 });
    try {
      const run = m.boot(kernel("spin"), { timeout: { ms: 30_000 } });
      await new Promise<void>((resolve) => run.on("serial-line", () => resolve()));
      m.pause();
      await new Promise((r) => setTimeout(r, 20));
      const ecx = m.registers().ecx;
      await new Promise((r) => setTimeout(r, 50));
      expect(m.registers().ecx).toBe(ecx);
      m.resume();
      await new Promise((r) => setTimeout(r, 50));
      expect(m.registers().ecx).not.toBe(ecx);
      m.pause();
      run.stop();
      expect((await run.result).verdict).toEqual({ kind: "stopped" });
    } finally {
      m.destroy();
    }
  });
});
