/**
 * The link map: what the linker decided, as JSON-serialisable data (consumed by the verifier and the browser
 * lab) and as text in the spirit of `ld -Map`. Built from placed sections; does not decide anything itself.
 */
import { hex } from "../../core/hex";

export interface LinkMapInput { file: string; section: string; vaddr: number; size: number }

export interface LinkMapSection {
  name: string;
  vaddr: number;
  paddr: number;
  size: number;
  align: number;
  type: "progbits" | "nobits";
  /** "AX", "WA", "A", "MS" … as readelf prints sh_flags. */
  flags: string;
  inputs: LinkMapInput[];
}

export interface LinkMapSegment { type: string; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: string }

export interface LinkMapSymbol { name: string; value: number; size: number; section: string | null; file: string; binding: "local" | "global" | "weak" }

export interface LinkMap {
  entry: number;
  outputSections: LinkMapSection[];
  segments: LinkMapSegment[];
  symbols: LinkMapSymbol[];
  discarded: { file: string; section: string }[];
}

/** Render a map as text: every output section, its input sections with object and address, every symbol. */
export function formatLinkMap(map: LinkMap): string {
  const out: string[] = [];
  out.push(`Entry point: ${hex(map.entry)}`, "");
  if (map.discarded.length) {
    out.push("Discarded input sections", "");
    for (const d of map.discarded) out.push(` ${d.section.padEnd(24)} ${d.file}`);
    out.push("");
  }
  out.push("Program headers", "");
  out.push(`  ${"Type".padEnd(14)} ${"Offset".padEnd(10)} ${"VirtAddr".padEnd(10)} ${"PhysAddr".padEnd(10)} ${"FileSiz".padEnd(10)} ${"MemSiz".padEnd(10)} Flg`);
  for (const s of map.segments) {
    out.push(`  ${s.type.padEnd(14)} ${hex(s.offset)} ${hex(s.vaddr)} ${hex(s.paddr)} ${hex(s.filesz)} ${hex(s.memsz)} ${s.flags}`);
  }
  out.push("", "Linker script and memory map", "");
  const bySection = new Map<string, LinkMapSymbol[]>();
  for (const sym of map.symbols) {
    if (sym.section === null) continue;
    const list = bySection.get(sym.section) ?? [];
    list.push(sym);
    bySection.set(sym.section, list);
  }
  for (const os of map.outputSections) {
    const lma = os.paddr !== os.vaddr ? ` load address ${hex(os.paddr)}` : "";
    out.push(`${os.name.padEnd(16)}${hex(os.vaddr)} ${hex(os.size)} [${os.flags}] align ${os.align}${lma}`);
    const syms = (bySection.get(os.name) ?? []).slice().sort((a, b) => a.value - b.value);
    let k = 0;
    for (const inp of os.inputs) {
      out.push(` ${inp.section.padEnd(15)}${hex(inp.vaddr)} ${hex(inp.size)} ${inp.file}`);
      while (k < syms.length && syms[k]!.value < inp.vaddr + Math.max(inp.size, 1)) {
        const s = syms[k++]!;
        if (s.value >= inp.vaddr) out.push(`                ${hex(s.value)}                ${s.name}`);
      }
    }
    for (; k < syms.length; k++) out.push(`                ${hex(syms[k]!.value)}                ${syms[k]!.name}`);
    out.push("");
  }
  const abs = map.symbols.filter((s) => s.section === null);
  if (abs.length) {
    out.push("Absolute symbols", "");
    for (const s of abs) out.push(`                ${hex(s.value)}                ${s.name}`);
    out.push("");
  }
  return out.join("\n");
}
