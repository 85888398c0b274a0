/**
 * Stack painting: before entry the host fills a guest range with a u32 pattern (BootOptions.paint); after
 * (or at a checkpoint) it scans for the dwords that no longer hold it, so the deepest overwritten dword is a
 * stack's high-water mark. Both halves live here so every reader (verify/, the sample proofs, the web lab)
 * scans the way the machine paints. Not the stack's placement (the layout) nor the rules about it (verify/).
 */
import type { GuestMemory } from "./index";

export interface PaintSpec { start: number; end: number; pattern: number }

/** Fill [start, end) with `pattern`, byte-aligned to addresses (the dword at an aligned address equals it). */
export function paintRange(mem: GuestMemory, { start, end, pattern }: PaintSpec): void {
  if (end <= start) return;
  const bytes = new Uint8Array(end - start);
  const p = [pattern & 0xff, (pattern >>> 8) & 0xff, (pattern >>> 16) & 0xff, (pattern >>> 24) & 0xff];
  for (let i = 0; i < bytes.length; i++) bytes[i] = p[(start + i) & 3]!;
  mem.write(start, bytes);
}

/**
 * The painted range's lowest and highest touched dwords (`highestTouched` is the end of the highest one),
 * or nulls when every dword still holds the pattern or the range is not inside RAM.
 */
export function scanPaint(mem: GuestMemory, { start, end, pattern }: PaintSpec): { lowestTouched: number | null; highestTouched: number | null } {
  if (start < 0 || end <= start || end > mem.size) return { lowestTouched: null, highestTouched: null };
  const bytes = mem.bytes(start, end - start);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const want = pattern >>> 0;
  let lowest: number | null = null, highest: number | null = null;
  for (let o = 0; o + 4 <= bytes.length; o += 4) {
    if (dv.getUint32(o, true) !== want) { lowest = start + o; break; }
  }
  if (lowest !== null) {
    for (let o = (bytes.length & ~3) - 4; o >= 0; o -= 4) {
      if (dv.getUint32(o, true) !== want) { highest = start + o + 4; break; }
    }
  }
  return { lowestTouched: lowest, highestTouched: highest };
}
