// web/framebuffer.ts: a graphics mode's bytes → RGBA. 8 bpp goes through the DAC palette the framebuffer
// carries; without one nothing is guessed.
import { describe, expect, it } from "vitest";
import { framebufferRgba } from "../../web/framebuffer";

describe("framebufferRgba", () => {
  it("8 bpp: each byte is a DAC entry (R, G, B), opaque", () => {
    const palette = new Uint8Array(768);
    palette.set([255, 0, 0], 1 * 3);
    palette.set([87, 168, 255], 200 * 3);
    const out = framebufferRgba({ width: 3, height: 1, bpp: 8, bytes: new Uint8Array([1, 200, 0]), palette, source: "vga" })!;
    expect([...out]).toEqual([255, 0, 0, 255, 87, 168, 255, 255, 0, 0, 0, 255]);
  });
  it("8 bpp without a palette, or too few bytes: null", () => {
    expect(framebufferRgba({ width: 2, height: 1, bpp: 8, bytes: new Uint8Array(2), source: "vbe" })).toBeNull();
    expect(framebufferRgba({ width: 2, height: 1, bpp: 8, bytes: new Uint8Array(1), palette: new Uint8Array(768), source: "vga" })).toBeNull();
  });
  it("32 bpp stays B, G, R, X", () => {
    expect([...framebufferRgba({ width: 1, height: 1, bpp: 32, bytes: new Uint8Array([3, 2, 1, 0]), source: "vbe" })!]).toEqual([1, 2, 3, 255]);
  });
});
