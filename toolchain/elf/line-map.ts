/**
 * Source lines ↔ addresses from the rows of `.debug_line` (dwarf-line.ts), as a debugger uses them: the line
 * an address belongs to (the row with the greatest address at or below it, within its sequence: GDB's and
 * addr2line's rule), and where a breakpoint on a line goes (the lowest address of that line's rows; a line
 * without code moves on to the next line of the same file that has some, as GDB's `break FILE:LINE` does).
 * File names are matched as paths: equal, or one ends with "/" + the other ("kernel/main.asm" matches
 * "/home/me/os/kernel/main.asm" and "main.asm"). Pure.
 */
import type { LineProgram } from "./dwarf-line";

export interface SourceLine { file: string; line: number }

interface Range { start: number; end: number; file: string; line: number }

/** `a` and `b` name the same file (one is the other with leading directories). */
export function sameSourceFile(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/^(\.\/)+/, "").replace(/\/\.\//g, "/");
  const x = norm(a), y = norm(b);
  return x === y || x.endsWith("/" + y) || y.endsWith("/" + x);
}

export class LineMap {
  /** Address ranges, sorted by start, not overlapping within a sequence. */
  private readonly ranges: Range[] = [];
  /** Per file name as the program gives it: line → lowest address of a row on that line. */
  private readonly byFile = new Map<string, Map<number, number>>();

  constructor(programs: readonly LineProgram[]) {
    for (const p of programs) {
      const rows = p.rows;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (r.endSequence) continue;
        const lines = this.byFile.get(r.file) ?? new Map<number, number>();
        this.byFile.set(r.file, lines);
        const seen = lines.get(r.line);
        if (seen === undefined || r.address < seen) lines.set(r.line, r.address);
        const next = rows[i + 1];
        if (next && next.address > r.address) this.ranges.push({ start: r.address, end: next.address, file: r.file, line: r.line });
      }
    }
    this.ranges.sort((a, b) => a.start - b.start);
  }

  get empty(): boolean { return this.ranges.length === 0; }

  /** The source line of the code at `address`, or null when no sequence covers it. */
  lineAt(address: number): SourceLine | null {
    const a = address >>> 0;
    let lo = 0, hi = this.ranges.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.start <= a) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    // ranges of different sequences may nest (a .o's sections all start at 0): look back for a cover
    for (let i = found; i >= 0 && i > found - 64; i--) {
      const r = this.ranges[i]!;
      if (r.start <= a && a < r.end) return { file: r.file, line: r.line };
    }
    return null;
  }

  /** The table's file names that are `file` (sameSourceFile). */
  private filesMatching(file: string): Map<number, number>[] {
    return [...this.byFile].filter(([f]) => sameSourceFile(f, file)).map(([, m]) => m);
  }

  /**
   * Where a breakpoint on `file`:`line` goes: the lowest address of the first line at or after `line` that has
   * code (the line moved to is returned), or null when no later line of the file has any.
   */
  addressOf(file: string, line: number): { line: number; address: number } | null {
    let best: { line: number; address: number } | null = null;
    for (const m of this.filesMatching(file)) {
      for (const [l, a] of m) {
        if (l < line) continue;
        if (!best || l < best.line || (l === best.line && a < best.address)) best = { line: l, address: a };
      }
    }
    return best;
  }

  /** True when some table file is `file`. */
  covers(file: string): boolean {
    return this.filesMatching(file).length > 0;
  }
}
