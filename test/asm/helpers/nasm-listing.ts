/**
 * Reads `nasm -l` listings into per-source-line bytes (continuation rows joined, `[..]` relocated fields
 * unwrapped, `<rep Nh>` expanded), so the differential tests can name the first line that differs.
 */
export function parseNasmListing(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const row of text.split("\n")) {
    const m = /^\s*(\d+) ([0-9A-F]{8}) /.exec(row);
    if (!m) continue;
    const line = Number(m[1]);
    let hex = row.slice(m[0].length, m[0].length + 24).trim();
    if (hex.startsWith("<res")) continue;
    const rep = /<rep ([0-9A-F]+)h>/.exec(hex);
    hex = hex.replace(/<rep [0-9A-F]+h>/, "").replace(/[[\]()-]/g, "");
    if (!/^[0-9A-F]*$/.test(hex)) continue;
    if (rep) hex = hex.repeat(parseInt(rep[1]!, 16));
    out.set(line, (out.get(line) ?? "") + hex);
  }
  return out;
}
