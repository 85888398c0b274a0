/**
 * Draws a memory map strip into the page: one absolutely positioned element per band (data-kind, data-name,
 * data-start, data-end carry the region, so tests and clicks read real addresses), address labels at band
 * edges, markers (ESP, high-water, heap top) and frame ticks. DOM only; where things go comes from
 * web/map-geometry.ts and what exists from web/memory-model.ts.
 */
import { bytes, hex } from "../core/hex";
import { layoutMap, type MapRegion } from "./map-geometry";
import type { Marker } from "./memory-model";

export interface StripOptions {
  height: number;
  /** Name of gap regions (default "free"). */
  gapName?: string;
  /** Address labels at band edges (the physical strip has them; small virtual strips do not). */
  addressLabels?: boolean;
  markers?: Marker[];
  /** Drawn as ticks on the right edge (each process's frames). */
  frames?: MapRegion[];
  onPick?: (addr: number, region: MapRegion) => void;
}

function el(tag: string, cls: string, attrs: Record<string, string> = {}): HTMLElement {
  const e = document.createElement(tag);
  e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** The virtual strips cover 4 GiB; this keeps a 2^32 end printable. */
function hexEnd(n: number): string {
  return n > 0xffffffff ? "0x100000000" : hex(n);
}

export function drawStrip(container: HTMLElement, regions: readonly MapRegion[], size: number, opts: StripOptions): void {
  const g = layoutMap(regions, size, { height: opts.height, minBand: 14, ...(opts.gapName ? { gapName: opts.gapName } : {}) });
  container.replaceChildren();
  container.style.height = `${opts.height}px`;
  // address labels sit at band edges; one is skipped when it would overlap the previous one
  let lastLabelY = Number.POSITIVE_INFINITY;
  for (const band of g.bands) {
    const r = band.region;
    const div = el("div", "band", {
      "data-kind": r.kind, "data-name": r.name, "data-start": hex(r.start), "data-end": hexEnd(r.end),
      title: `${r.name}  [${hex(r.start)}, ${hexEnd(r.end)})  ${bytes(r.end - r.start)}${r.note ? "  " + r.note : ""}`,
    });
    div.style.top = `${band.y}px`;
    div.style.height = `${band.height}px`;
    const size = el("span", "size");
    size.textContent = bytes(r.end - r.start);
    const name = el("span", "name");
    name.textContent = `${r.name}${r.note ? "  " + r.note : ""}`;
    div.append(name, size); // the name gives way (ellipsis) before the size does
    if (opts.onPick) {
      const pick = opts.onPick;
      div.addEventListener("click", (ev) => {
        const rect = div.getBoundingClientRect();
        const addr = (ev as MouseEvent).altKey ? g.yToAddr(band.y + (ev as MouseEvent).clientY - rect.top) : r.start;
        pick(addr, r);
      });
    }
    container.append(div);
    if (opts.addressLabels && lastLabelY - (band.y + band.height) >= 10) {
      lastLabelY = band.y + band.height;
      const label = el("div", "addr");
      label.style.top = `${lastLabelY}px`;
      label.textContent = hex(r.start);
      container.append(label);
    }
  }
  if (opts.addressLabels) {
    const top = el("div", "addr");
    top.style.top = "0px";
    top.textContent = hexEnd(size);
    container.append(top);
  }
  for (const m of opts.markers ?? []) {
    const div = el("div", "marker", { "data-kind": m.kind, "data-addr": hex(m.addr) });
    div.style.top = `${g.addrToY(m.addr)}px`;
    const label = el("span", "");
    label.textContent = `${m.name} ${hex(m.addr)}`;
    div.append(label);
    container.append(div);
  }
  for (const f of opts.frames ?? []) {
    const top = g.addrToY(f.end), bottom = g.addrToY(f.start);
    const div = el("div", "frame", { "data-kind": "process", title: `${f.name} ${hex(f.start)} ${f.note ?? ""}` });
    div.style.top = `${top}px`;
    div.style.height = `${Math.max(2, bottom - top)}px`;
    container.append(div);
  }
}
