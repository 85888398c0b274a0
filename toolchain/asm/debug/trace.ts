/**
 * What NASM's debug back ends see of a program (`-g`), recorded by the pass engine in its final pass:
 * each output call's source location, segment and offset (NASM's `out()` tells the debug format about
 * every new source line or segment), and the order of symbol definitions and data/reserve statements
 * from which NASM's `debug_typevalue` makes a local label STT_OBJECT with the size of the first data
 * item after it. Not the DWARF or stabs encoders (dwarf.ts, stabs.ts).
 */
import type { AsmSymbol } from "../sections";

/** One output call: source location, segment id (-1: absolute space) and offset in the segment. */
export interface OutEvent { file: string; line: number; seg: number; offset: number }

type TypingEvent = { k: "def"; sym: AsmSymbol } | { k: "data"; size: number };

/** NASM's debug type of a `dX` element (TY_* by element size; a 16-byte item counts as a YWORD). */
const DATA_SIZE: Readonly<Record<number, number>> = { 1: 1, 2: 2, 4: 4, 8: 8, 10: 10, 16: 32, 32: 64 };
/** …and of a `resX` unit (reso is an OWORD). */
const RES_SIZE: Readonly<Record<number, number>> = { 1: 1, 2: 2, 4: 4, 8: 8, 10: 10, 16: 16, 32: 32, 64: 64 };

export class DebugTrace {
  readonly outs: OutEvent[] = [];
  private readonly typing: TypingEvent[] = [];

  /** An output call; consecutive calls from one line into one segment are recorded once. */
  out(file: string, line: number, seg: number, offset: number): void {
    const last = this.outs[this.outs.length - 1];
    if (last && last.file === file && last.line === line && last.seg === seg) return;
    this.outs.push({ file, line, seg, offset });
  }

  /** A symbol handed to the output format (label, equ, extern, common), in definition order. */
  defined(sym: AsmSymbol): void {
    // NASM's special `..name` symbols (but not `..@` macro labels) never reach the ELF back end.
    if (sym.name.startsWith("..") && !sym.name.startsWith("..@")) return;
    this.typing.push({ k: "def", sym });
  }

  /** A `dX` statement with `items` operands of `width` bytes (run at least once). */
  data(width: number, items: number): void {
    const size = DATA_SIZE[width];
    if (items > 0 && size !== undefined) this.typing.push({ k: "data", size });
  }

  /** A `resX` statement of `width`-byte units. */
  reserved(width: number): void {
    const size = RES_SIZE[width];
    if (size !== undefined) this.typing.push({ k: "data", size });
  }

  /**
   * NASM's rule: a data or reserve statement types the most recently defined symbol when that symbol is
   * local, still untyped and not absolute. `inTable` says which symbols NASM's ELF back end holds (an
   * extern nothing refers to is never handed to it).
   */
  objectSizes(inTable: (s: AsmSymbol) => boolean): Map<AsmSymbol, number> {
    const out = new Map<AsmSymbol, number>();
    let last: AsmSymbol | null = null;
    for (const e of this.typing) {
      if (e.k === "def") { if (inTable(e.sym)) last = e.sym; continue; }
      if (!last || out.has(last) || last.global || last.kind === "extern" || last.kind === "common" || last.elfType) continue;
      const t = last.value?.terms ?? [];
      if (t.length !== 1 || t[0]!.k !== 1n || last.absolute) continue;
      out.set(last, e.size);
    }
    return out;
  }
}
