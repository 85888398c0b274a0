/**
 * -g for elf32: the chosen format's sections from the pass engine's trace (trace.ts). Not the ELF
 * writer, which places them (elf-writer.ts).
 */
import type { Assembly } from "../assembler";
import { dwarfSections, type DebugTarget } from "./dwarf";
import type { DebugSections } from "./sections";
import { stabsSections } from "./stabs";

export function debugSections(asm: Assembly, format: "dwarf" | "stabs", module: string, compDir: string): DebugSections {
  const targets = new Map<number, DebugTarget>();
  asm.sections.forEach((s, i) => targets.set(s.seg, { index: i + 1, exec: s.exec, size: s.size }));
  const outs = asm.debug?.outs ?? [];
  return format === "stabs" ? stabsSections(outs, targets, module) : dwarfSections(outs, targets, asm.sections.length, { module, compDir });
}
