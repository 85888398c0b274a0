// Keyboard: text becomes PS/2 set-1 scancodes the guest reads from ports 0x60/0x64.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { physicalKeyScancodes, scancodes } from "../../emulator/keyboard";
import { cp437Char } from "../../emulator/cp437";
import { canBuild, kernel } from "./kernels";

describe("scancodes", () => {
  it("makes and breaks, with shift around capitals", () => {
    expect(scancodes("a")).toEqual([0x1e, 0x9e]);
    expect(scancodes("A\n")).toEqual([0x2a, 0x1e, 0x9e, 0xaa, 0x1c, 0x9c]);
    expect(scancodes("é")).toEqual([]);
  });
});

describe("physicalKeyScancodes (KeyboardEvent.code → set 1)", () => {
  it("press is the make code, release adds 0x80; extended keys are prefixed with 0xE0", () => {
    expect(physicalKeyScancodes("KeyA", true)).toEqual([0x1e]);
    expect(physicalKeyScancodes("KeyA", false)).toEqual([0x9e]);
    expect(physicalKeyScancodes("Enter", true)).toEqual([0x1c]);
    expect(physicalKeyScancodes("ShiftLeft", false)).toEqual([0xaa]);
    expect(physicalKeyScancodes("ArrowUp", true)).toEqual([0xe0, 0x48]);
    expect(physicalKeyScancodes("ArrowUp", false)).toEqual([0xe0, 0xc8]);
    expect(physicalKeyScancodes("LaunchApp2", true)).toBeNull();
  });
  it("agrees with scancodes() for every character it types", () => {
    const letters = "abcdefghijklmnopqrstuvwxyz";
    for (const ch of letters) expect(physicalKeyScancodes(`Key${ch.toUpperCase()}`, true)).toEqual([scancodes(ch)[0]]);
    for (const d of "0123456789") expect(physicalKeyScancodes(`Digit${d}`, true)).toEqual([scancodes(d)[0]]);
  });
});

describe("cp437Char", () => {
  it("maps bytes to what the VGA font draws", () => {
    expect(cp437Char(0)).toBe(" ");
    expect(cp437Char(0x41)).toBe("A");
    expect(cp437Char(0x01)).toBe("☺");
    expect(cp437Char(0xc9)).toBe("╔");
    expect(cp437Char(0xdb)).toBe("█");
  });
});

describe.skipIf(!canBuild())("keyboard", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("the guest receives the scancodes of sendKeys, in order", async () => {
    const k = kernel("keyboard");
    const run = m.boot(k, { timeout: { ms: 5000 } });
    setTimeout(() => m.sendKeys("ls -L\n"), 5);
    const r = await run.result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
    const syms = symbolTable(k);
    const count = m.memory.u32(syms.address("count")!);
    expect([...m.memory.bytes(syms.address("keys")!, count)]).toEqual(scancodes("ls -L\n"));
  });

  it("sendScancodes passes raw codes through, extended prefixes included", async () => {
    const k = kernel("keyboard");
    const run = m.boot(k, { timeout: { ms: 5000 } });
    const codes = [0xe0, 0x48, 0xe0, 0xc8, 0x1e, 0x9e, 0x1c, 0x9c];
    setTimeout(() => m.sendScancodes(codes), 5);
    const r = await run.result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
    const syms = symbolTable(k);
    const count = m.memory.u32(syms.address("count")!);
    expect([...m.memory.bytes(syms.address("keys")!, count)]).toEqual(codes);
  });
});
