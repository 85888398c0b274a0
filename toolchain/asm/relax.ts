/**
 * Branch relaxation to NASM's fixed point, on a compact item list instead of whole passes: the pass
 * engine (assembler.ts) turns a program whose only value-dependent sizes are `jmp/jcc label` into
 * LABEL / FIXED / SECTION / ALIGN / BRANCH items, and this loop repeats NASM's pass rule (labels take
 * their new offsets in order; a branch is short when its target, as known at that point, is within
 * rel8) until nothing moves. Each iteration touches numbers only, no parsing or encoding.
 * Not the general pass engine: anything else falls back to full passes.
 */

export const LABEL = 0, FIXED = 1, SECTION = 2, ALIGN = 3, BRANCH = 4;

export interface RelaxProgram {
  kind: number[];
  /** LABEL: label slot; FIXED: size; SECTION: section slot; ALIGN: alignment; BRANCH: target label slot. */
  a: number[];
  /** BRANCH: short size. */
  b: number[];
  /** BRANCH: near size. */
  c: number[];
  labelCount: number;
  sectionCount: number;
  /** Section slot current at the start of a pass. */
  startSection: number;
}

export interface RelaxResult {
  labels: Float64Array;
  /** Short (1) / near (0) choice per item (BRANCH items only). */
  short: Uint8Array;
  iterations: number;
  converged: boolean;
  /** Section sizes at the fixed point, by section slot. */
  sizes: Float64Array;
}

export function relax(p: RelaxProgram, initialLabels: Float64Array, maxIterations = 100_000): RelaxResult {
  const { kind, a, b, c } = p;
  const n = kind.length;
  const labels = initialLabels;
  const short = new Uint8Array(n);
  const offs = new Float64Array(p.sectionCount);
  let iterations = 0;
  for (;;) {
    iterations++;
    let changed = false;
    offs.fill(0);
    let cur = p.startSection;
    for (let i = 0; i < n; i++) {
      switch (kind[i]) {
        case LABEL: {
          const v = offs[cur]!;
          if (labels[a[i]!] !== v) { labels[a[i]!] = v; changed = true; }
          break;
        }
        case FIXED: offs[cur] += a[i]!; break;
        case SECTION: cur = a[i]!; break;
        case ALIGN: { const al = a[i]!; const o = offs[cur]!; offs[cur] = o + ((al - (o % al)) % al); break; }
        case BRANCH: {
          const d = labels[a[i]!]! - (offs[cur]! + b[i]!);
          const s = d >= -128 && d <= 127 ? 1 : 0;
          if (short[i] !== s) { short[i] = s; changed = true; }
          offs[cur] += s ? b[i]! : c[i]!;
          break;
        }
      }
    }
    if (!changed) return { labels, short, iterations, converged: true, sizes: offs };
    if (iterations >= maxIterations) return { labels, short, iterations, converged: false, sizes: offs };
  }
}
