/**
 * Listing text (`-l`) as NASM 2.16 writes it. NASM lists every line its preprocessor reads (as written,
 * before %define expansion) and every line of a listed macro or %rep expansion (`<N>` marks the include
 * and macro depth); the output calls of the assembled lines fill the hex column of the line current at
 * the time: bytes two hex digits each, a relocated field as one bracketed address (`[…]`, `(…)` when
 * PC-relative, holding the target's offset), `??` per reserved byte up to 8 and `<res Nh>` beyond,
 * `<rep Nh>` after the first run of a TIMES, `<bin Nh>` for an incbin. A field that does not fit in the
 * 18-column hex field starts a continuation row (the previous one ends in `-`). Warnings follow their
 * line as rows of asterisks. Not the pass engine, which records the output calls (assembler.ts).
 */
import type { ListingEntry } from "./assembler";
import type { ListedLine } from "./source";

/** One output call as the listing sees it (recorded by the pass engine in its final pass). */
export type ListChunk =
  | { k: "raw"; offset: number; bytes: number[] }
  | { k: "addr"; offset: number; size: number; value: bigint; rel: boolean }
  | { k: "res"; offset: number; size: number }
  /** `<rep Nh>` / `<bin Nh>`; a rep has no offset of its own (it continues the row's). */
  | { k: "size"; tag: "rep" | "bin"; n: number; offset?: number }
  /** A warning made at this point (`text [-w+name]`). */
  | { k: "warn"; text: string };

/** NASM's hex field width (LIST_HEXBIT) and longest listed line (LIST_MAX_LEN - 4). */
const HEXBIT = 18;
const MAX_LINE = 1020;

/** `[list -]` / `[list +]`: NASM stops and resumes listing when it assembles the directive. */
const LIST_DIRECTIVE = /^\s*\[\s*list\s+([+-])\s*\]/i;

const hex2 = (b: number) => (b & 0xff).toString(16).toUpperCase().padStart(2, "0");
const sizeTag = (tag: string, n: number) => `<${tag} ${n.toString(16).toUpperCase()}h>`;

/** `listed`: the preprocessor's listed lines; each entry's output shows on the listed line it names. */
export function formatListing(entries: readonly ListingEntry[], listed: readonly ListedLine[]): string {
  const byLine = new Map<number, ListingEntry[]>();
  for (const e of entries) {
    if (e.listed === undefined || e.listed < 0) continue;
    let list = byLine.get(e.listed);
    if (!list) byLine.set(e.listed, (list = []));
    list.push(e);
  }
  const out: string[] = [];
  let lineno = 0, level = 0, text = "", pendingText = false;
  let data = "", dataOffset = 0;
  let warnings: string[] = [];

  // `now`: NASM's include/macro level when it writes the row (the next line's when that line is being listed);
  // it decides whether `<N>` gets a leading space.
  const emit = (now: number) => {
    if (pendingText || data) {
      let row = `${String(lineno).padStart(6)} `;
      row += data ? `${dataOffset.toString(16).toUpperCase().padStart(8, "0")} ${data.padEnd(HEXBIT + 1)}` : " ".repeat(HEXBIT + 10);
      if (level) row += `${now < 10 ? " " : ""}<${level}>`;
      else if (pendingText) row += "    ";
      if (pendingText) row += ` ${text}`;
      out.push(row);
      pendingText = false;
      data = "";
    }
    for (const w of warnings) {
      out.push(`${String(lineno).padStart(6)}          ${"*".repeat(HEXBIT)}${level ? ` ${now < 10 ? " " : ""}<${level}>` : "     "}  warning: ${w}`);
    }
    warnings = [];
  };
  const put = (offset: number | undefined, s: string) => {
    if (data.length + s.length > HEXBIT) { data += "-"; emit(level); }
    if (!data && offset !== undefined) dataOffset = offset;
    data += s;
  };

  let userNolist = false;
  listed.forEach((l, i) => {
    if (!userNolist) {
      emit(l.level);
      lineno = l.line;
      level = l.level;
      text = l.text.length >= MAX_LINE ? l.text.slice(0, MAX_LINE) + "..." : l.text;
      pendingText = true;
      warnings.push(...(l.warnings ?? []));
    }
    for (const e of byLine.get(i) ?? []) {
      const directive = LIST_DIRECTIVE.exec(e.text);
      if (directive) userNolist = directive[1] === "-";
      if (userNolist) continue;
      for (const c of e.chunks ?? []) {
        switch (c.k) {
          case "raw": c.bytes.forEach((b, k) => put(c.offset + k, hex2(b))); break;
          case "addr": {
            let v = BigInt.asUintN(c.size * 8, c.value), s = "";
            for (let k = 0; k < c.size; k++) { s += hex2(Number(v & 0xffn)); v >>= 8n; }
            put(c.offset, c.rel ? `(${s})` : `[${s}]`);
            break;
          }
          case "res": put(c.offset, c.size > 8 ? sizeTag("res", c.size) : "??".repeat(c.size)); break;
          case "size": put(c.offset, sizeTag(c.tag, c.n)); break;
          case "warn": warnings.push(c.text); break;
        }
      }
    }
  });
  emit(0);
  return out.join("\n") + (out.length ? "\n" : "");
}
