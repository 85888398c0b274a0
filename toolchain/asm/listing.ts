/**
 * Listing text (`-l`), in the shape of `nasm -l`: line number, offset, bytes (relocated fields in
 * brackets are not distinguished here), source text. Not the pass engine.
 */
import type { ListingEntry } from "./assembler";

export function formatListing(entries: ListingEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    const num = String(e.line).padStart(6);
    if (e.size === 0 && e.bytes.length === 0) { out.push(`${num}${" ".repeat(34)}${e.text}`); continue; }
    const off = e.offset.toString(16).toUpperCase().padStart(8, "0");
    let hex = e.bytes.slice(0, 9).map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
    if (!e.bytes.length) hex = `<res ${e.size.toString(16).toUpperCase().padStart(8, "0")}>`;
    else if (e.size > 9) hex += "-";
    out.push(`${num} ${off} ${hex.padEnd(18)}${e.text}`);
  }
  return out.join("\n") + (out.length ? "\n" : "");
}
