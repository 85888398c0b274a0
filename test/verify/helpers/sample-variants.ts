/**
 * Test helper: 54 layout variants of the sample kernel (base address, section alignment, section order, heap
 * and stack sizes) as LayoutSpecs, with a group key for variants that share a generated layout.inc.
 */
import { sampleLayout } from "../../../kernel/layout";
import type { LayoutSpec } from "../../../toolchain/link/layout";

const bases = [0x100000, 0x200000, 0x400000];
const aligns = [0x1000, 0x2000, 0x10000];
const orders = [[".text", ".rodata", ".data", ".bss"], [".text", ".data", ".rodata", ".bss"]];
const sizes = [{ heap: 0x100000, stack: 0x8000 }, { heap: 0x200000, stack: 0x4000 }, { heap: 0x80000, stack: 0x10000 }];

/** base × heap/stack × alignment × order = 3 × 3 × 3 × 2 = 54. */
export function sampleVariants(): { name: string; group: string; spec: LayoutSpec }[] {
  const out: { name: string; group: string; spec: LayoutSpec }[] = [];
  for (const base of bases) for (const size of sizes) for (const align of aligns) for (const order of orders) {
    const sections = order.map((name) => {
      const s = sampleLayout.sections.find((x) => x.name === name)!;
      return { name: s.name, input: s.input, keep: s.keep, align };
    });
    out.push({
      name: `${base.toString(16)} ${align.toString(16)} ${order[1]} h${size.heap >> 10}K s${size.stack >> 10}K`,
      // Variants that generate the same layout.inc share assembled objects in a worker.
      group: `${base}/${size.heap}/${size.stack}/${order.join(",")}`,
      spec: { base, entry: sampleLayout.entry, sections, heap: { size: size.heap, align: 0x1000 }, stack: { size: size.stack, align: 0x1000 } },
    });
  }
  return out;
}

