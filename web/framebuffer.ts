/**
 * A graphics mode's framebuffer (emulator Framebuffer: Bochs VBE's linear framebuffer, or a VGA graphics mode
 * such as mode 13h) → RGBA pixels for a canvas. 32 and 24 bits per pixel are B, G, R[, X] in memory; 16 is RGB
 * 5:6:5 and 15 is 5:5:5, little-endian; 8 is an index into the DAC palette the framebuffer carries (without
 * one: null, never a guess). Pure.
 */
import type { Framebuffer } from "../emulator/index";

export function framebufferRgba(fb: Framebuffer): Uint8ClampedArray | null {
  const n = fb.width * fb.height;
  const out = new Uint8ClampedArray(n * 4);
  const b = fb.bytes;
  if (fb.bpp === 8) {
    const p = fb.palette;
    if (!p || p.length < 768 || b.length < n) return null;
    for (let i = 0; i < n; i++) {
      const c = b[i]! * 3, o = i * 4;
      out[o] = p[c]!; out[o + 1] = p[c + 1]!; out[o + 2] = p[c + 2]!; out[o + 3] = 255;
    }
    return out;
  }
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
