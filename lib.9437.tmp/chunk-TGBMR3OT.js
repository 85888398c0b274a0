import {
  bytes,
  hex
} from "./chunk-SL2PM32D.js";

// core/memory-map.ts
var SMALL_GAP = 65536;
var KIND_COLOR = {
  gap: "2",
  reserved: "90",
  text: "36",
  rodata: "96",
  data: "33",
  bss: "35",
  heap: "32",
  stack: "34",
  free: "2",
  process: "95",
  pagetable: "93",
  module: "94"
};
function hexEnd(n) {
  return n > 4294967295 ? "0x" + n.toString(16) : hex(n);
}
function arrange(regions, gaps) {
  const sorted = regions.filter((r) => r.end > r.start).slice().sort((a, b) => b.end - a.end || b.start - a.start || a.name.localeCompare(b.name));
  const rows = [];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    const prev = rows.length ? rows[rows.length - 1].region : null;
    if (prev && gaps && r.end < prev.start) {
      const small = prev.start - r.end < SMALL_GAP;
      rows.push({ region: { name: small ? "gap" : "free", start: r.end, end: prev.start, kind: small ? "gap" : "free" }, size: prev.start - r.end, overlaps: [] });
    }
    const overlaps = sorted.filter((o) => o !== r && o.start < r.end && r.start < o.end).map((o) => o.name);
    rows.push({ region: r, size: r.end - r.start, overlaps });
  }
  return rows;
}
function heights(sizes, maxRows, scale) {
  if (sizes.length === 0) return { rows: [], log: false };
  const min = Math.min(...sizes), max = Math.max(...sizes);
  const linear = scale === "linear" || scale === "auto" && max / min <= maxRows;
  if (linear) {
    return { rows: sizes.map((s) => Math.max(1, Math.min(maxRows, Math.round(s / min)))), log: false };
  }
  const span = Math.log2(max / min) || 1;
  return { rows: sizes.map((s) => 1 + Math.round(Math.log2(s / min) / span * (maxRows - 1))), log: true };
}
function drawMemoryMap(regions, opts = {}) {
  const width = Math.max(12, opts.width ?? 40);
  const maxRows = Math.max(1, opts.maxRows ?? 6);
  const rows = arrange(regions, opts.gaps ?? true);
  if (rows.length === 0) return "(no regions)\n";
  const real = rows.filter((r) => r.region.kind !== "gap");
  const minSize = Math.min(...(real.length ? real : rows).map((r) => r.size));
  const scaled = heights(real.map((r) => Math.max(r.size, minSize)), maxRows, opts.scale ?? "auto");
  const log = scaled.log;
  let k = 0;
  const tall = rows.map((r) => r.region.kind === "gap" ? 1 : scaled.rows[k++]);
  const paint = (kind, s) => {
    const code = KIND_COLOR[kind];
    return opts.color && code ? `\x1B[${code}m${s}\x1B[0m` : s;
  };
  const pad = " ".repeat(10);
  const rule = "\u2500".repeat(width);
  const fit = (s) => s.length > width - 2 ? s.slice(0, width - 3) + "\u2026" : s;
  const out = [];
  rows.forEach((row, i) => {
    const r = row.region;
    if (i === 0) {
      out.push(`${hexEnd(r.end)} \u250C${rule}\u2510`);
    } else {
      const prev = rows[i - 1].region;
      if (r.end < prev.start) {
        out.push(`${hex(prev.start)} \u251C${rule}\u2524`);
        out.push(`${pad} \u22EE${" ".repeat(width)}\u22EE ${bytes(prev.start - r.end)} not drawn`);
      }
      out.push(`${hex(r.end)} \u251C${rule}\u2524`);
    }
    let label = r.name;
    if (r.kind === "heap" && !/↑/.test(label)) label += " \u2191";
    if (r.kind === "stack" && !/↓/.test(label)) label += " \u2193";
    if (r.note) label += `  (${r.note})`;
    if (row.overlaps.length) label += `  \u26A0 overlaps ${row.overlaps.join(", ")}`;
    const text = fit(label);
    const h = tall[i];
    const broken = log && h >= 3 && h < row.size / minSize;
    for (let k2 = 0; k2 < h; k2++) {
      const mid = broken && k2 === h - 1;
      const edgeL = mid ? "\u2248" : "\u2502", edgeR = mid ? "\u2248" : "\u2502";
      const body = k2 === 0 ? " " + text : "";
      const cell = (body ? paint(r.kind, body) : "") + " ".repeat(Math.max(0, width - body.length));
      const right = k2 === 0 ? " " + bytes(row.size) : "";
      out.push(`${pad} ${edgeL}${cell}${edgeR}${right}`.trimEnd());
    }
  });
  const last = rows[rows.length - 1].region;
  out.push(`${hex(last.start)} \u2514${rule}\u2518`);
  if (log) out.push(`${pad} scale: log2 (rows grow with log2 of the size); \u2248 marks a region drawn smaller than to scale`);
  return out.join("\n") + "\n";
}

export {
  drawMemoryMap
};
