/**
 * Machine states as dirty-page deltas (time travel, issue #18). A state is the CPU, devices and clock (the
 * adapter's AdapterState) plus the 4 KiB pages of each memory (guest RAM, the VGA's memories) that differ from
 * the previous state of the chain. Which pages differ is found against a shadow: a copy of each memory as it
 * stood at the last save or restore ("the sync point"); a save compares every page with it (memcmp speed,
 * no hooks in the CPU's write path) and brings the changed pages of the shadow up to date.
 *
 *   save():     pages where memory != shadow          → the new state's delta; shadow := memory there
 *   restore(s): pages where memory != shadow (run since the sync point) ∪ pages the caller says differ
 *               between the sync point and s → written with s's bytes (the caller's) or the shadow's
 *
 * This file knows nothing of files or timelines (replay/ does); the root of every chain is all-zero memory.
 */

export const PAGE_SIZE = 4096;

/** Pages of each memory: space name ("ram", "vga", "svga", "pixels") → page index → 4096 bytes (fewer for a short last page). */
export type PageSet = Map<string, Map<number, Uint8Array>>;

export class PageShadow {
  private readonly shadows = new Map<string, Uint8Array>();

  /** Forget every sync point: the shadow is all-zero memory again (a fresh boot before any state). */
  reset(): void {
    for (const s of this.shadows.values()) s.fill(0);
  }

  private shadowFor(name: string, size: number): Uint8Array {
    let s = this.shadows.get(name);
    if (!s || s.length !== size) { s = new Uint8Array(size); this.shadows.set(name, s); }
    return s;
  }

  /** Pages that changed since the sync point (copies), and the shadow brought up to date. */
  save(spaces: readonly { name: string; bytes: Uint8Array }[]): PageSet {
    const out: PageSet = new Map();
    for (const { name, bytes } of spaces) {
      const shadow = this.shadowFor(name, bytes.length);
      const changed = new Map<number, Uint8Array>();
      for (const index of changedPages(bytes, shadow)) {
        const start = index * PAGE_SIZE, end = Math.min(start + PAGE_SIZE, bytes.length);
        const page = bytes.slice(start, end);
        shadow.set(page, start);
        changed.set(index, page);
      }
      out.set(name, changed);
    }
    return out;
  }

  /**
   * Make each memory equal to the target state's: `target` holds the target's bytes of every page that
   * differs between the sync point and the target; pages changed since the sync point and not in `target`
   * get the shadow's bytes back. The target becomes the sync point.
   */
  restore(spaces: readonly { name: string; bytes: Uint8Array }[], target: PageSet): void {
    for (const { name, bytes } of spaces) {
      const shadow = this.shadowFor(name, bytes.length);
      const pages = target.get(name);
      for (const index of changedPages(bytes, shadow)) {
        if (pages?.has(index)) continue;
        const start = index * PAGE_SIZE;
        bytes.set(shadow.subarray(start, Math.min(start + PAGE_SIZE, bytes.length)), start);
      }
      if (!pages) continue;
      for (const [index, page] of pages) {
        const start = index * PAGE_SIZE;
        if (start + page.length > bytes.length) continue;
        bytes.set(page, start);
        shadow.set(page, start);
      }
    }
  }
}

/** Node's Buffer (memcmp speed), when present: the browser falls back to a loop. */
interface NodeBufferLike { compare(target: Uint8Array, tStart: number, tEnd: number, sStart: number, sEnd: number): number }
const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBuffer, offset: number, length: number): NodeBufferLike } }).Buffer;
/** Compared a chunk at a time first (most chunks of a large RAM are unchanged), then page by page. */
const CHUNK = 64 * PAGE_SIZE;

/** Indices of the 4 KiB pages where `a` and `b` differ (same length). */
export function changedPages(a: Uint8Array, b: Uint8Array): number[] {
  if (NodeBuffer) {
    const out: number[] = [];
    const ba = NodeBuffer.from(a.buffer as ArrayBuffer, a.byteOffset, a.length), bb = NodeBuffer.from(b.buffer as ArrayBuffer, b.byteOffset, b.length);
    for (let c = 0; c < a.length; c += CHUNK) {
      const ce = Math.min(c + CHUNK, a.length);
      if (ba.compare(bb as unknown as Uint8Array, c, ce, c, ce) === 0) continue;
      for (let p = c; p < ce; p += PAGE_SIZE) {
        const pe = Math.min(p + PAGE_SIZE, ce);
        if (ba.compare(bb as unknown as Uint8Array, p, pe, p, pe) !== 0) out.push(p / PAGE_SIZE);
      }
    }
    return out;
  }
  return changedPagesLoop(a, b);
}

function changedPagesLoop(a: Uint8Array, b: Uint8Array): number[] {
  const out: number[] = [];
  const pages = Math.ceil(a.length / PAGE_SIZE);
  const aligned = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && a.length % 4 === 0;
  if (aligned) {
    const a32 = new Int32Array(a.buffer, a.byteOffset, a.length >> 2);
    const b32 = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    const words = PAGE_SIZE >> 2;
    for (let p = 0; p < pages; p++) {
      const end = Math.min((p + 1) * words, a32.length);
      for (let i = p * words; i < end; i++) if (a32[i] !== b32[i]) { out.push(p); break; }
    }
    return out;
  }
  for (let p = 0; p < pages; p++) {
    const end = Math.min((p + 1) * PAGE_SIZE, a.length);
    for (let i = p * PAGE_SIZE; i < end; i++) if (a[i] !== b[i]) { out.push(p); break; }
  }
  return out;
}
