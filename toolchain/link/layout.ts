/**
 * kernlab's declarative kernel layout: the one source of truth for where a kernel lives. The linker places
 * sections from it (lowered to the same LayoutCommand[] as a GNU ld script, see toolchain/link/script/), and the
 * verifier checks guest RAM against it. This file is data and its normalisation only; it does not link.
 *
 *   base (1 MiB by default)
 *   0x00100000 ┌──────────────┐ __text_start
 *              │ .text        │
 *              ├──────────────┤ __text_end / __rodata_start …
 *              │ .rodata …    │
 *              │ .data        │
 *              │ .bss         │ … __bss_end
 *              ├──────────────┤ __heap_start        (heap.align)
 *              │ heap ↑       │
 *              ├──────────────┤ __heap_end = __stack_bottom (stack.align)
 *              │ ↓ stack      │
 *              └──────────────┘ __stack_top = __kernel_end
 */
import { diagnostic, KernlabError } from "../../core/diagnostics";

export interface LayoutSectionSpec {
  name: string;
  /** ld input patterns, e.g. "*(.text .text.*)", "boot.o(.multiboot)", "*(COMMON)". */
  input: string[];
  align?: number;
  /** Patterns kept under --gc-sections (ld's KEEP). */
  keep?: string[];
  /** Physical (LMA) address if different from the virtual one. */
  load?: number | null;
}

export interface LayoutSpec {
  /** Default 0x0010_0000 (1 MiB). */
  base?: number;
  /** Default "_start". */
  entry?: string;
  sections: LayoutSectionSpec[];
  /** Placed right after the last section: __heap_start .. __heap_end (not in the file). */
  heap?: { size: number; align?: number };
  /** Placed right after the heap: __stack_bottom .. __stack_top (grows down from __stack_top). */
  stack?: { size: number; align?: number };
  regions?: { name: string; origin: number; length: number }[];
  /** Higher-half: VMA = LMA + virtualOffset for all sections. */
  virtualOffset?: number;
}

export interface LayoutSection {
  name: string;
  input: string[];
  align: number;
  keep: string[];
  load: number | null;
}

export interface Layout {
  base: number;
  entry: string;
  sections: LayoutSection[];
  heap: { size: number; align: number } | null;
  stack: { size: number; align: number } | null;
  regions: { name: string; origin: number; length: number }[];
  virtualOffset: number;
}

export const DEFAULT_BASE = 0x0010_0000;
const DEFAULT_HEAP_ALIGN = 0x1000;
const DEFAULT_STACK_ALIGN = 16;

function bad(text: string): never {
  throw new KernlabError(diagnostic("invalid-layout", text));
}

function checkNumber(what: string, n: unknown, min = 0): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > 0xffff_ffff) bad(`${what} must be an integer in [${min}, 0xffffffff], got ${String(n)}`);
  return n;
}

function checkAlign(what: string, n: number | undefined, dflt: number): number {
  if (n === undefined) return dflt;
  checkNumber(what, n, 1);
  if ((n & (n - 1)) !== 0) bad(`${what} must be a power of two, got ${n}`);
  return n;
}

/** Validate and normalise a layout spec. Throws KernlabError("invalid-layout") on mistakes. */
export function defineLayout(spec: LayoutSpec): Layout {
  if (!spec || !Array.isArray(spec.sections)) bad("a layout needs a sections array");
  const base = checkNumber("base", spec.base ?? DEFAULT_BASE);
  const seen = new Set<string>();
  const sections = spec.sections.map((s, i): LayoutSection => {
    if (typeof s.name !== "string" || s.name === "") bad(`sections[${i}].name must be a non-empty string`);
    if (seen.has(s.name)) bad(`section ${s.name} appears twice in the layout`);
    seen.add(s.name);
    if (!Array.isArray(s.input)) bad(`sections[${i}] (${s.name}).input must be an array of input patterns`);
    return {
      name: s.name,
      input: [...s.input],
      align: checkAlign(`sections[${i}] (${s.name}).align`, s.align, 1),
      keep: [...(s.keep ?? [])],
      load: s.load === undefined || s.load === null ? null : checkNumber(`sections[${i}] (${s.name}).load`, s.load),
    };
  });
  const heap = spec.heap ? { size: checkNumber("heap.size", spec.heap.size), align: checkAlign("heap.align", spec.heap.align, DEFAULT_HEAP_ALIGN) } : null;
  const stack = spec.stack ? { size: checkNumber("stack.size", spec.stack.size), align: checkAlign("stack.align", spec.stack.align, DEFAULT_STACK_ALIGN) } : null;
  const regions = (spec.regions ?? []).map((r, i) => ({
    name: String(r.name),
    origin: checkNumber(`regions[${i}].origin`, r.origin),
    length: checkNumber(`regions[${i}].length`, r.length),
  }));
  return { base, entry: spec.entry ?? "_start", sections, heap, stack, regions, virtualOffset: checkNumber("virtualOffset", spec.virtualOffset ?? 0) };
}

/** `.text` → `__text`, `.rodata.str` → `__rodata_str`. */
export function boundaryStem(sectionName: string): string {
  return "__" + sectionName.replace(/^\./, "").replace(/[^A-Za-z0-9_]/g, "_");
}

/**
 * The symbols the linker defines for a layout: __<name>_start/__<name>_end per output section, then
 * __heap_start, __heap_end, __stack_bottom, __stack_top (when present) and __kernel_end.
 */
export function boundarySymbols(layout: Layout): string[] {
  const out: string[] = [];
  for (const s of layout.sections) out.push(boundaryStem(s.name) + "_start", boundaryStem(s.name) + "_end");
  if (layout.heap) out.push("__heap_start", "__heap_end");
  if (layout.stack) out.push("__stack_bottom", "__stack_top");
  out.push("__kernel_end");
  return out;
}
