/**
 * The VGA text screen as data: the 4,000 bytes at 0xB8000 (80x25 cells of character + attribute) → rows of
 * runs, each run a stretch of cells with one attribute: foreground (0-15), background (0-7) and blink (bit 7,
 * which is what the BIOS leaves it meaning). Characters are code page 437 (emulator/cp437.ts). Pure, so Node
 * tests feed it bytes; web/vga-view.ts draws it.
 */
import { cp437Char } from "../emulator/cp437";

export const VGA_COLS = 80;
export const VGA_ROWS = 25;
/** Physical address of the colour text buffer. */
export const VGA_TEXT_BASE = 0xb8000;
export const VGA_TEXT_BYTES = VGA_COLS * VGA_ROWS * 2;

export interface VgaRun {
  text: string;
  fg: number;
  bg: number;
  blink: boolean;
}

/** Rows of runs; a row's runs together are exactly 80 characters. */
export function vgaRows(cells: Uint8Array): VgaRun[][] {
  const rows: VgaRun[][] = [];
  for (let r = 0; r < VGA_ROWS; r++) {
    const runs: VgaRun[] = [];
    let run: VgaRun | null = null;
    let attrOfRun = -1;
    for (let c = 0; c < VGA_COLS; c++) {
      const i = 2 * (r * VGA_COLS + c);
      const ch = cells[i] ?? 0, attr = cells[i + 1] ?? 0x07;
      if (!run || attr !== attrOfRun) {
        run = { text: "", fg: attr & 0x0f, bg: (attr >> 4) & 0x07, blink: (attr & 0x80) !== 0 };
        attrOfRun = attr;
        runs.push(run);
      }
      run.text += cp437Char(ch);
    }
    rows.push(runs);
  }
  return rows;
}

/** The screen as plain text, trailing blanks of each line and trailing empty lines dropped (what a user copies). */
export function vgaPlainText(cells: Uint8Array): string {
  const lines = vgaRows(cells).map((runs) => runs.map((r) => r.text).join("").replace(/[\s\u00a0]+$/, ""));
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n");
}
