// The 80x25 text screen: the guest writes 0xB8000; kernlab reads it through the VGA device, both as lines
// and as physical memory (v86 keeps that window in the device, not in RAM); the graphics modes (Bochs VBE's
// linear framebuffer, VGA mode 13h programmed through the registers) as pixels.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("vga text screen", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("captures the lines the guest wrote", async () => {
    const r = await m.boot(kernel("vga")).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
    const screen = m.vgaText();
    expect(screen).toHaveLength(25);
    expect(screen[0]).toBe("Hello from the VGA text screen");
    expect(screen[1]).toBe("");
    expect(screen[2]).toBe("    row two, column four");
    expect(screen.slice(3).every((l) => l === "")).toBe(true);
  });

  it("physical reads of 0xB8000 see characters and attributes", () => {
    const b = m.memory.bytes(0xb8000, 10);
    expect([...b]).toEqual([0x48, 7, 0x65, 7, 0x6c, 7, 0x6c, 7, 0x6f, 7]);
    expect(m.memory.u16(0xb8000)).toBe(0x0748);
  });

  it("a Bochs VBE linear framebuffer: its mode and pixels; text mode has none", async () => {
    expect(m.vgaFramebuffer()).toBeNull();
    const r = await m.boot(kernel("vbe"), { timeout: { ms: 5000 } }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
    const fb = m.vgaFramebuffer()!;
    expect([fb.width, fb.height, fb.bpp, fb.bytes.length]).toEqual([320, 200, 32, 320 * 200 * 4]);
    const pixel = (x: number, y: number) => [...fb.bytes.subarray((y * 320 + x) * 4, (y * 320 + x) * 4 + 4)];
    expect(pixel(0, 0)).toEqual([0, 0, 255, 0]); // 0x00FF0000 red, stored B G R X
    expect(pixel(319, 60)).toEqual([0, 255, 0, 0]);
    expect(pixel(5, 120)).toEqual([255, 0, 0, 0]);
    expect(pixel(160, 199)).toEqual([255, 255, 255, 0]);
  });

  it("VGA mode 13h set through the registers: 320x200 palette indices and the DAC's colours", async () => {
    const r = await m.boot(kernel("mode13h"), { timeout: { ms: 5000 } }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 0 });
    const fb = m.vgaFramebuffer()!;
    expect([fb.width, fb.height, fb.bpp, fb.source, fb.bytes.length]).toEqual([320, 200, 8, "vga", 320 * 200]);
    const index = (x: number, y: number) => fb.bytes[y * 320 + x];
    expect([index(0, 0), index(1, 0), index(160, 75), index(5, 120), index(319, 175), index(319, 199)]).toEqual([2, 1, 2, 3, 4, 4]);
    const rgb = (i: number) => [...fb.palette!.subarray(i * 3, i * 3 + 3)];
    // 6-bit DAC values widened as v86 does: v << 2 with the low bit repeated (63 → 255, 21 → 87, 42 → 168)
    expect([rgb(1), rgb(2), rgb(3), rgb(4)]).toEqual([[255, 0, 0], [0, 255, 0], [0, 0, 255], [87, 168, 255]]);
  });

  it("a warm reset clears the screen", async () => {
    await m.boot(kernel("exit42")).result;
    expect(m.vgaText()[0]).toBe("");
    expect(m.vgaFramebuffer()).toBeNull(); // the VBE mode of the run before is gone too
  });
});
