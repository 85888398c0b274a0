/**
 * Lowering of kernlab's declarative layout to a GNU ld script: the one text both kernlab's linker and GNU ld
 * can run, so a layout is testable against ld itself. A section's `align` aligns its start address; boundary
 * symbols are defined inside their output section (start after alignment, end after the last input); heap and
 * stack follow the last section.
 * Produces text only; parsing is parse.ts.
 */
import { hex } from "../../../core/hex";
import { boundaryStem, type Layout } from "../layout";

export function layoutToScript(layout: Layout): string {
  const out: string[] = [];
  out.push(`ENTRY(${layout.entry})`);
  // Layout regions are checked by the linker (passes/check.ts), not lowered to MEMORY: with MEMORY, ld
  // requires every loadable section to name a region.
  out.push("SECTIONS", "{");
  out.push(`  . = ${hex((layout.base + layout.virtualOffset) >>> 0)};`);
  for (const s of layout.sections) {
    const stem = boundaryStem(s.name);
    const at = s.load !== null ? ` AT(${hex(s.load)})` : layout.virtualOffset ? ` AT(ADDR(${s.name}) - ${hex(layout.virtualOffset)})` : "";
    // The section's start address is aligned (ld's address form `.text ALIGN(n) :`), not its sh_addralign
    // (`.text : ALIGN(n)`): ld aligns a PT_LOAD's file offset to its most aligned section, so a section
    // alignment above the page size would push the Multiboot header past the first 8 KiB of the file.
    const align = s.align > 1 ? ` ALIGN(${hex(s.align)})` : "";
    out.push(`  ${s.name}${align} :${at}`, "  {");
    out.push(`    ${stem}_start = .;`);
    for (const k of s.keep) out.push(`    KEEP(${k})`);
    for (const i of s.input) out.push(`    ${i}`);
    out.push(`    ${stem}_end = .;`);
    out.push("  }");
  }
  if (layout.heap) {
    out.push(`  . = ALIGN(${hex(layout.heap.align)});`, "  __heap_start = .;", `  . = . + ${hex(layout.heap.size)};`, "  __heap_end = .;");
  }
  if (layout.stack) {
    out.push(`  . = ALIGN(${hex(layout.stack.align)});`, "  __stack_bottom = .;", `  . = . + ${hex(layout.stack.size)};`, "  __stack_top = .;");
  }
  out.push("  __kernel_end = .;");
  out.push("}");
  return out.join("\n") + "\n";
}
