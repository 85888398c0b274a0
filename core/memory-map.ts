/**
 * The memory map as docs/memory-layout.md draws it: a vertical picture of physical (or virtual) address space with the
 * highest address at the top and real hex addresses at every boundary, e.g.
 *
 *   0x02000000 ┌──────────────────────────────────────┐
 *              │ free memory                          │ 30.9 MiB
 *              ≈                                      ≈
 *   0x00108000 ├──────────────────────────────────────┤
 *              │ stack ↓                              │ 16 KiB
 *   0x00104000 ├──────────────────────────────────────┤
 *              │ .bss                                 │ 4 KiB
 *   0x00100000 ├──────────────────────────────────────┤
 *              │ BIOS + bootloader (reserved)         │ 1 MiB
 *   0x00000000 └──────────────────────────────────────┘
 *
 * Heights are to scale: linear while the sizes are within `maxRows` of each other, otherwise a log scale
 * (rows grow with log2 of the size) and every region drawn smaller than it would be linearly shows the
 * break mark `≈`. Space between regions is drawn as "free" (64 KiB or more) or as a one-row "gap" (alignment
 * padding, not to scale); overlaps are flagged on the label.
 * A pure function of its input: it reads no RAM and knows no kernel; report.ts and `kernlab inspect` feed it.
 */
import { bytes, hex } from "./hex";

export interface MapRegion {
  name: string;
  /** First address of the region. */
  start: number;
  /** One past the last address (exclusive), so `end - start` is the size. */
  end: number;
  /** What it is: "reserved" | "text" | "rodata" | "data" | "bss" | "heap" | "free" | "stack" | "process" | … (free text). */
  kind: string;
  /** Shown after the name, e.g. "top 0x00123000" or "ESP 0x00107f20". */
  note?: string;
}

export interface DrawOptions {
  /** Inner width of the box in characters (default 40, at least 12). */
  width?: number;
  /** ANSI colours per kind (default false; the CLI passes true only on a TTY without NO_COLOR). */
  color?: boolean;
  /** Tallest region in rows (default 6). */
  maxRows?: number;
  /** "auto" (default): linear when sizes allow it, else log. */
  scale?: "auto" | "linear" | "log";
  /** Draw gaps between regions as free space (default true). */
  gaps?: boolean;
}

const SMALL_GAP = 0x10000;

const KIND_COLOR: Record<string, string> = {
  gap: "2",
  reserved: "90", text: "36", rodata: "96", data: "33", bss: "35", heap: "32", stack: "34", free: "2",
  process: "95", pagetable: "93", module: "94",
};

/** hex() for an exclusive end that may be 2^32. */
function hexEnd(n: number): string {
  return n > 0xffffffff ? "0x" + n.toString(16) : hex(n);
}

interface Row {
  region: MapRegion;
  size: number;
  overlaps: string[];
}

/** Sort high to low, insert gaps, note overlaps. */
function arrange(regions: readonly MapRegion[], gaps: boolean): Row[] {
  const sorted = regions
    .filter((r) => r.end > r.start)
    .slice()
    .sort((a, b) => b.end - a.end || b.start - a.start || a.name.localeCompare(b.name));
  const rows: Row[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    const prev = rows.length ? rows[rows.length - 1]!.region : null;
    if (prev && gaps && r.end < prev.start) {
      // Alignment padding (under 64 KiB) is a one-row "gap"; anything larger is free memory.
      const small = prev.start - r.end < SMALL_GAP;
      rows.push({ region: { name: small ? "gap" : "free", start: r.end, end: prev.start, kind: small ? "gap" : "free" }, size: prev.start - r.end, overlaps: [] });
    }
    const overlaps = sorted.filter((o) => o !== r && o.start < r.end && r.start < o.end).map((o) => o.name);
    rows.push({ region: r, size: r.end - r.start, overlaps });
  }
  return rows;
}

/** Rows per region: linear if max/min fits in maxRows, else 1 + log2(size/min) scaled into maxRows. */
function heights(sizes: number[], maxRows: number, scale: "auto" | "linear" | "log"): { rows: number[]; log: boolean } {
  if (sizes.length === 0) return { rows: [], log: false };
  const min = Math.min(...sizes), max = Math.max(...sizes);
  const linear = scale === "linear" || (scale === "auto" && max / min <= maxRows);
  if (linear) {
    return { rows: sizes.map((s) => Math.max(1, Math.min(maxRows, Math.round((s / min))))), log: false };
  }
  const span = Math.log2(max / min) || 1;
  return { rows: sizes.map((s) => 1 + Math.round((Math.log2(s / min) / span) * (maxRows - 1))), log: true };
}

/** Draw regions as the seed's vertical memory map. Empty input gives "(no regions)". */
export function drawMemoryMap(regions: readonly MapRegion[], opts: DrawOptions = {}): string {
  const width = Math.max(12, opts.width ?? 40);
  const maxRows = Math.max(1, opts.maxRows ?? 6);
  const rows = arrange(regions, opts.gaps ?? true);
  if (rows.length === 0) return "(no regions)\n";
  // Scale against the drawn regions, not the alignment gaps between them: a gap smaller than every
  // region is one row.
  const real = rows.filter((r) => r.region.kind !== "gap");
  const minSize = Math.min(...(real.length ? real : rows).map((r) => r.size));
  const scaled = heights(real.map((r) => Math.max(r.size, minSize)), maxRows, opts.scale ?? "auto");
  const log = scaled.log;
  let k = 0;
  const tall = rows.map((r) => (r.region.kind === "gap" ? 1 : scaled.rows[k++]!));
  const paint = (kind: string, s: string) => {
    const code = KIND_COLOR[kind];
    return opts.color && code ? `\x1b[${code}m${s}\x1b[0m` : s;
  };
  const pad = " ".repeat(10);
  const rule = "─".repeat(width);
  const fit = (s: string) => (s.length > width - 2 ? s.slice(0, width - 3) + "…" : s);
  const out: string[] = [];

  rows.forEach((row, i) => {
    const r = row.region;
    if (i === 0) {
      out.push(`${hexEnd(r.end)} ┌${rule}┐`);
    } else {
      const prev = rows[i - 1]!.region;
      if (r.end < prev.start) {
        // Only with gaps: false. Close the region above, mark the elided space, open this one.
        out.push(`${hex(prev.start)} ├${rule}┤`);
        out.push(`${pad} ⋮${" ".repeat(width)}⋮ ${bytes(prev.start - r.end)} not drawn`);
      }
      out.push(`${hex(r.end)} ├${rule}┤`);
    }
    let label = r.name;
    if (r.kind === "heap" && !label.includes("↑")) label += " ↑";
    if (r.kind === "stack" && !label.includes("↓")) label += " ↓";
    if (r.note) label += `  (${r.note})`;
    if (row.overlaps.length) label += `  ⚠ overlaps ${row.overlaps.join(", ")}`;
    const text = fit(label);
    const h = tall[i]!;
    const broken = log && h >= 3 && h < row.size / minSize;
    for (let k = 0; k < h; k++) {
      const mid = broken && k === h - 1;
      const edgeL = mid ? "≈" : "│", edgeR = mid ? "≈" : "│";
      const body = k === 0 ? " " + text : "";
      const cell = (body ? paint(r.kind, body) : "") + " ".repeat(Math.max(0, width - body.length));
      const right = k === 0 ? " " + bytes(row.size) : "";
      out.push(`${pad} ${edgeL}${cell}${edgeR}${right}`.trimEnd());
    }
  });
  const last = rows[rows.length - 1]!.region;
  out.push(`${hex(last.start)} └${rule}┘`);
  if (log) out.push(`${pad} scale: log2 (rows grow with log2 of the size); ≈ marks a region drawn smaller than to scale`);
  return out.join("\n") + "\n";
}
