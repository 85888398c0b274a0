/**
 * The memory a replay (replayer.ts) holds for its snapshot tree, kept within a budget. A node's pages are
 * the 4 KiB pages that may differ from its parent's state (the root's parent: all-zero memory); restoring a
 * node writes, for every page touched on the way from the machine's sync point to it, the nearest copy up
 * its parent chain. Two kinds of node hold page data:
 *
 *   file node    decoded from the recording on first use: dropping the decoded state (state = null) costs
 *                only a decode the next time it is needed; the file's compressed data is never dropped
 *   dense node   made in memory while replaying: dropping one must keep every other node exact. A leaf just
 *                goes; a node with children goes after its pages are merged into each child's (the child's
 *                own pages win) and the children hang from its parent: a child's nearest copy of every page
 *                up the chain is then what it was, and the pages it may differ from its new parent by are
 *                the union of both deltas. Pages are shared between children (merging adds no page data).
 *
 * Over budget, decoded file states go first, then dense nodes, farthest from the position first. Never
 * dropped: the node the machine is synced to (its pages are the shadow's diff chain) and file snapshots
 * themselves (a file node stays in the tree; only its decoded form goes). Bytes are counted per distinct page
 * buffer, so the held size is what the pages really occupy. The budget can be exceeded only by the pinned
 * sync node's own pages (at most what the guest changed since the file snapshot before it: passing a file
 * snapshot makes it the sync point, so in-memory chains start there) and, during a restore, by the file states
 * between the sync point and the target (decoded to find the pages that differ) and the pages it gathers (file
 * states further up the target's chain are released as the walk passes them: trimDecoded).
 */
import type { MachineState } from "../emulator/index";

/** Snapshot page data a replay holds by default: 256 MiB. */
export const DEFAULT_SNAPSHOT_BUDGET = 256 * 1024 * 1024;

export interface SnapshotNode {
  at: number;
  state: MachineState | null;
  /** Still compressed in the file (decoded on first use); null: made in memory. */
  fileIndex: number | null;
  parent: SnapshotNode | null;
}

export class SnapshotMemory {
  private readonly refs = new Map<Uint8Array, number>();
  private bytes = 0;
  private readonly dense = new Set<SnapshotNode>();
  private readonly decoded = new Set<SnapshotNode>();

  /** `nodes`: the replay's list of seekable nodes (a dense node dropped here is taken out of it). */
  constructor(private readonly budget: number, private readonly nodes: SnapshotNode[]) {}

  /** Bytes of page data held (each distinct page buffer once). */
  held(): number {
    return this.bytes;
  }

  /** Give `node` its state (decoded or just saved) and count its pages. */
  hold(node: SnapshotNode, state: MachineState): void {
    if (node.state) this.release(node.state);
    node.state = state;
    this.count(state, 1);
    (node.fileIndex === null ? this.dense : this.decoded).add(node);
  }

  /** Release page data until within the budget; `pinned` (the sync point) is never dropped. */
  fit(pinned: SnapshotNode, position: number): void {
    this.trimDecoded(position, null);
    if (this.bytes <= this.budget) return;
    for (const n of [...this.dense].sort(farthestFrom(position))) {
      if (this.bytes <= this.budget) return;
      if (n !== pinned) this.drop(n);
    }
  }

  /** Over the budget, release decoded file states (all but `keep`), farthest from `position` first. Safe at any
   *  time: the tree does not change (a restore calls it while it walks a chain). */
  trimDecoded(position: number, keep: SnapshotNode | null): void {
    if (this.bytes <= this.budget) return;
    for (const n of [...this.decoded].sort(farthestFrom(position))) {
      if (this.bytes <= this.budget) return;
      if (n === keep) continue;
      this.release(n.state!);
      n.state = null;
      this.decoded.delete(n);
    }
  }

  /** Take dense node `x` out of the tree, its pages merged into its children's. */
  private drop(x: SnapshotNode): void {
    const xs = x.state!;
    for (const child of this.dense) {
      if (child.parent !== x) continue;
      const own = child.state!;
      const pages = new Map<string, Map<number, Uint8Array>>();
      for (const space of new Set([...xs.pages.keys(), ...own.pages.keys()])) {
        pages.set(space, new Map([...(xs.pages.get(space) ?? []), ...(own.pages.get(space) ?? [])]));
      }
      this.hold(child, { at: own.at, core: own.core, pages });
      child.parent = x.parent;
    }
    this.release(xs);
    x.state = null;
    this.dense.delete(x);
    const i = this.nodes.indexOf(x);
    if (i >= 0) this.nodes.splice(i, 1);
  }

  private release(state: MachineState): void {
    this.count(state, -1);
  }

  private count(state: MachineState, delta: 1 | -1): void {
    for (const pages of state.pages.values()) {
      for (const page of pages.values()) {
        const n = (this.refs.get(page) ?? 0) + delta;
        if (n === 0) { this.refs.delete(page); this.bytes -= page.length; }
        else {
          if (n === 1 && delta === 1) this.bytes += page.length;
          this.refs.set(page, n);
        }
      }
    }
  }
}

const farthestFrom = (position: number) => (a: SnapshotNode, b: SnapshotNode) => Math.abs(b.at - position) - Math.abs(a.at - position);
