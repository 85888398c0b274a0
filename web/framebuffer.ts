/**
 * A graphics mode's framebuffer (emulator Framebuffer: Bochs VBE's linear framebuffer) → RGBA pixels for a
 * canvas. 32 and 24 bits per pixel are B, G, R[, X] in memory; 16 is RGB 5:6:5 and 15 is 5:5:5, little-endian.
 * 8 bits per pixel needs the DAC palette, which the lab does not read: it says so instead of guessing. Pure.
 */
import type { Framebuffer } from "../emulator/index";

export function framebufferRgba(fb: Framebuffer): Uint8ClampedArray | null {
  const n = fb.width * fb.height;
  const out = new Uint8ClampedArray(n * 4);
  const b = fb.bytes;
  const step = fb.bpp === 32 ? 4 : fb.bpp === 24 ? 3 : fb.bpp === 16 || fb.bpp === 15 ? 2 : 0;
  if (step === 0 || b.length < n * step) return null;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (step >= 3) {
      out[o] = b[i * step + 2]!; out[o + 1] = b[i * step + 1]!; out[o + 2] = b[i * step]!;
    } else {
      const v = b[i * 2]! | (b[i * 2 + 1]! << 8);
      if (fb.bpp === 16) { out[o] = ((v >> 11) & 31) * 255 / 31; out[o + 1] = ((v >> 5) & 63) * 255 / 63; out[o + 2] = (v & 31) * 255 / 31; }
      else { out[o] = ((v >> 10) & 31) * 255 / 31; out[o + 1] = ((v >> 5) & 31) * 255 / 31; out[o + 2] = (v & 31) * 255 / 31; }
    }
    out[o + 3] = 255;
  }
  return out;
}
