/**
 * Listing text (`-l`) in the shape of `nasm -l`: line number (6), offset (8 hex), up to 9 bytes per row
 * (a `-` marks a continuation row), `<res Nh>` for reservations, then the source text. Lists the lines
 * the assembler saw (after preprocessing), each followed by its warnings as nasm lists them (a row of
 * asterisks); nasm's `<1>` include-depth marks are not reproduced.
 * Not the pass engine.
 */
import type { ListingEntry } from "./assembler";

const HEX = (b: number) => b.toString(16).toUpperCase().padStart(2, "0");

export function formatListing(entries: ListingEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    const num = String(e.line).padStart(6);
    listEntry(e, num, out);
    for (const w of e.warnings ?? []) out.push(`${num}          ${"*".repeat(18)}       warning: ${w}`);
  }
  return out.join("\n") + (out.length ? "\n" : "");
}

/** The rows of one source line: its bytes 9 to a row, a reservation, or the text alone. */
function listEntry(e: ListingEntry, num: string, out: string[]): void {
  if (e.size === 0) { out.push(`${num}${" ".repeat(34)}${e.text}`); return; }
  const off = (o: number) => o.toString(16).toUpperCase().padStart(8, "0");
  if (!e.bytes.length) { out.push(`${num} ${off(e.offset)} ${`<res ${e.size.toString(16).toUpperCase()}h>`.padEnd(24)}${e.text}`); return; }
  for (let i = 0; i < e.bytes.length; i += 9) {
    const chunk = e.bytes.slice(i, i + 9).map(HEX).join("") + (i + 9 < e.bytes.length ? "-" : "");
    out.push(`${num} ${off(e.offset + i)} ${chunk.padEnd(24)}${i === 0 ? e.text : ""}`.trimEnd());
  }
}
