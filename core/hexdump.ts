/**
 * Hexdump in the `xxd`/`hexdump -C` style with kernlab addresses:
 *   0x00100000  55 89 e5 83 ec 08 c7 45  fc 00 00 00 00 eb 0d 8b  |U......E........|
 * Pure formatting of bytes already read: reading guest RAM is the emulator's job.
 */
import { hex } from "./hex";

export interface HexdumpOptions {
  /** Bytes per row (default 16). */
  width?: number;
  /** Label a row whose address starts a symbol, e.g. `<kmain>` (optional). */
  label?: (address: number) => string | null;
}

export function hexdump(data: Uint8Array, address: number, opts: HexdumpOptions = {}): string {
  const width = opts.width ?? 16;
  const rows: string[] = [];
  const half = width / 2;
  for (let off = 0; off < data.length; off += width) {
    const row = data.subarray(off, Math.min(off + width, data.length));
    let hexPart = "";
    let ascii = "";
    for (let i = 0; i < width; i++) {
      if (i === half) hexPart += " ";
      if (i < row.length) {
        const b = row[i]!;
        hexPart += b.toString(16).padStart(2, "0") + " ";
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
      } else {
        hexPart += "   ";
      }
    }
    const label = opts.label?.(address + off);
    rows.push(`${hex(address + off)}  ${hexPart} |${ascii}|${label ? `  <${label}>` : ""}`);
  }
  return rows.join("\n") + (rows.length ? "\n" : "");
}
