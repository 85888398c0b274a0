/**
 * The geometry of the lab's memory map: where each region of guest RAM goes on a vertical strip of pixels.
 * Pure arithmetic (no DOM, no guest): regions in, bands and an address↔y mapping out, so it is unit-tested
 * on its own. It is not the data model (web/memory-model.ts decides which regions exist) nor the drawing
 * (web/map-view.ts).
 *
 * Scale: regions of one kernel differ by orders of magnitude (a 4 KiB .data next to 30 MiB of free RAM), so
 * a linear scale would hide everything but "free". The strip is a broken scale: every band gets a minimum
 * height, and the rest of the height is shared in proportion to log2(1 + size / 1 KiB). Inside a band the
 * scale is linear, so addrToY is piecewise linear and strictly decreasing, and yToAddr is its inverse.
 * High addresses are at the top, as core/memory-map.ts prints it for the terminal: BIOS below 1 MiB at the
 * bottom, the heap growing up towards the stack, which grows down from the top.
 * Regions use core/memory-map.ts's data model (MapRegion: name, start, end exclusive, kind, note).
 */
import type { MapRegion } from "../core/memory-map";

export type { MapRegion };

/** A region placed on the strip: y is its top edge (its highest address), from the top of the strip, in pixels. */
export interface Band {
  region: MapRegion;
  y: number;
  height: number;
}

export interface MapGeometry {
  bands: Band[];
  height: number;
  /** Pixel row of an address (clamped to [0, ramSize]): ramSize → 0, 0 → height; strictly decreasing in addr. */
  addrToY(addr: number): number;
  /** Address at a pixel row (inverse of addrToY inside bands). */
  yToAddr(y: number): number;
  /** The band that holds addr, or null when addr is outside RAM. */
  bandAt(addr: number): Band | null;
}

export interface GeometryOptions {
  /** Total height of the strip in pixels. */
  height: number;
  /** Minimum height of one band (default 14: one line of label text). */
  minBand?: number;
  /** Name of the regions that fill gaps (default "free"; "unmapped" for virtual maps). */
  gapName?: string;
}

/**
 * Normalizes regions into a gap-free, non-overlapping cover of [0, ramSize): sorts them, clips them to RAM,
 * cuts the later of two overlapping regions to start where the earlier ends (drops it if nothing is left),
 * and fills every gap with a "free" region.
 */
export function coverRam(regions: readonly MapRegion[], ramSize: number, gapName = "free"): MapRegion[] {
  const sorted = regions
    .map((r) => ({ ...r, start: Math.max(0, r.start), end: Math.min(ramSize, r.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MapRegion[] = [];
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    if (start >= r.end) continue;
    if (start > at) out.push({ name: gapName, start: at, end: start, kind: "free" });
    out.push({ ...r, start });
    at = r.end;
  }
  if (at < ramSize) out.push({ name: gapName, start: at, end: ramSize, kind: "free" });
  return out;
}

/** The weight that shares the height: log2(1 + size/1 KiB), so 4 KiB ≈ 2.3 and 32 MiB ≈ 15. */
export function bandWeight(size: number): number {
  return Math.log2(1 + size / 1024);
}

/** Lays out regions (see coverRam) on a strip of opts.height pixels. */
export function layoutMap(regions: readonly MapRegion[], ramSize: number, opts: GeometryOptions): MapGeometry {
  if (!(ramSize > 0)) throw new RangeError(`ramSize must be positive, got ${ramSize}`);
  const covered = coverRam(regions, ramSize, opts.gapName);
  const n = covered.length;
  const minBand = Math.min(opts.minBand ?? 14, opts.height / n);
  const spare = opts.height - minBand * n;
  const weights = covered.map((r) => bandWeight(r.end - r.start));
  const total = weights.reduce((a, b) => a + b, 0);
  // Bands in address order; `bottom` is the distance of a band's low edge from the bottom of the strip.
  const bands: Band[] = [];
  let bottom = 0;
  covered.forEach((region, i) => {
    const height = i === n - 1 ? opts.height - bottom  // the last band absorbs rounding
      : minBand + (total > 0 ? (spare * weights[i]!) / total : spare / n);
    bands.push({ region, y: opts.height - bottom - height, height });
    bottom += height;
  });

  const bandAt = (addr: number): Band | null => {
    if (addr < 0 || addr >= ramSize) return null;
    let lo = 0, hi = bands.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bands[mid]!.region.start <= addr) lo = mid; else hi = mid - 1;
    }
    return bands[lo]!;
  };
  const addrToY = (addr: number): number => {
    if (addr <= 0) return opts.height;
    if (addr >= ramSize) return 0;
    const b = bandAt(addr)!;
    const { start, end } = b.region;
    return b.y + b.height - (b.height * (addr - start)) / (end - start);
  };
  const yToAddr = (yy: number): number => {
    if (yy >= opts.height) return 0;
    if (yy <= 0) return ramSize;
    // bands run from the bottom of the strip upwards; find the one whose [y, y+height) holds yy
    let b = bands[0]!;
    for (const band of bands) if (band.y + band.height > yy) b = band; else break;
    const { start, end } = b.region;
    const fromBottom = b.y + b.height - yy;
    return Math.max(start, Math.min(end - 1, Math.floor(start + (fromBottom / b.height) * (end - start))));
  };
  return { bands, height: opts.height, addrToY, yToAddr, bandAt };
}
