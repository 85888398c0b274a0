/**
 * Test helper: 54 layout variants of the sample kernel (base address, section alignment, section order, heap
 * and stack sizes) as LayoutSpecs, with a group key for variants that share a generated layout.inc.
 */
import { sampleLayout } from "../../../kernel/layout";
import type { LayoutSpec } from "../../../toolchain/link/layout";

/** Base address with its heap and stack sizes: each triple generates one layout.inc per section order. */
const placements = [
  { base: 0x100000, heap: 0x100000, stack: 0x8000 },
  { base: 0x200000, heap: 0x200000, stack: 0x4000 },
  { base: 0x400000, heap: 0x80000, stack: 0x10000 },
];
const orders = [[".text", ".rodata", ".data", ".bss"], [".text", ".data", ".rodata", ".bss"]];
/** Section alignment from 4 KiB to 1 MiB: a relink each, no reassembly. */
const aligns = [0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000];

/** placement × order × alignment = 3 × 2 × 9 = 54 variants in 6 groups (6 assemblies, 54 links). */
export function sampleVariants(): { name: string; group: string; spec: LayoutSpec }[] {
  const out: { name: string; group: string; spec: LayoutSpec }[] = [];
  for (const p of placements) for (const order of orders) for (const align of aligns) {
    const sections = order.map((name) => {
      const s = sampleLayout.sections.find((x) => x.name === name)!;
      return { name: s.name, input: s.input, keep: s.keep, align };
    });
    out.push({
      name: `${p.base.toString(16)} ${align.toString(16)} ${order[1]} h${p.heap >> 10}K s${p.stack >> 10}K`,
      // Variants that generate the same layout.inc share assembled objects in a worker.
      group: `${p.base}/${order.join(",")}`,
      spec: { base: p.base, entry: sampleLayout.entry, sections, heap: { size: p.heap, align: 0x1000 }, stack: { size: p.stack, align: 0x1000 } },
    });
  }
  return out;
}
