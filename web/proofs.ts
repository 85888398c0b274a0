/**
 * The proof table of the lab: the seed's claims about a kernel's memory, checked against the live model
 * (web/memory-model.ts), each with its evidence in real addresses. These are the lab's own live checks of
 * the seed's layout; the sample kernel's full report (kernel/ and verify/) is the authority in Node.
 * Pure: model in, rows out.
 */
import { bytes, hex } from "../core/hex";
import type { ElfFile } from "../toolchain/elf/read";
import type { LabMemoryModel, SectionRow } from "./memory-model";

export interface ProofRow {
  number: number;
  name: string;
  pass: boolean;
  evidence: string;
}

const range = (s: { paddr: number; size: number }) => `[${hex(s.paddr)}, ${hex(s.paddr + s.size)})`;

export function proofsFor(model: LabMemoryModel, elf: ElfFile): ProofRow[] {
  const find = (prefix: string): SectionRow | undefined => model.sections.find((s) => s.name === prefix);
  const text = find(".text"), data = find(".data"), bss = find(".bss");
  const rows: Omit<ProofRow, "number">[] = [];
  rows.push(text
    ? { name: "kernel .text starts at 1 MiB", pass: text.paddr === 0x100000 || text.paddr < 0x101000 && text.paddr >= 0x100000, evidence: `.text ${range(text)}` }
    : { name: "kernel .text starts at 1 MiB", pass: false, evidence: "no .text section" });
  rows.push({ name: ".text, .data, .bss in order", pass: !!(text && data && bss && text.paddr < data.paddr && data.paddr < bss.paddr),
    evidence: [text, data, bss].map((s) => (s ? `${s.name} ${hex(s.paddr)}` : "missing")).join(" < ") });
  const loaded = model.sections.filter((s) => s.ramMatchesFile !== null);
  rows.push({ name: "loaded sections in RAM equal the ELF file", pass: loaded.length > 0 && loaded.every((s) => s.ramMatchesFile),
    evidence: loaded.map((s) => `${s.name} ${s.ramMatchesFile ? "=" : "≠"}`).join(", ") || "none" });
  rows.push({ name: "BIOS and bootloader area below 1 MiB left to them", pass: model.sections.every((s) => s.paddr >= 0x100000),
    evidence: `lowest section at ${hex(Math.min(...model.sections.map((s) => s.paddr)))}` });
  const heap = model.heap, stack = model.stack;
  rows.push(heap && bss
    ? { name: "heap starts above .bss", pass: heap.start >= bss.paddr + bss.size, evidence: `.bss ends ${hex(bss.paddr + bss.size)}, heap starts ${hex(heap.start)}` }
    : { name: "heap starts above .bss", pass: false, evidence: heap ? "no .bss" : "no __heap_start/__heap_end symbols" });
  rows.push(heap && heap.top !== null
    ? { name: "heap grows upward (top above its start)", pass: heap.top > heap.start, evidence: `top ${hex(heap.top)} = start + ${bytes(heap.top - heap.start)}` }
    : { name: "heap grows upward (top above its start)", pass: false, evidence: "heap top not found in RAM" });
  rows.push(heap && stack
    ? { name: "stack lies above the heap", pass: stack.bottom >= heap.end || stack.bottom >= (heap.top ?? heap.end), evidence: `heap end ${hex(heap.end)}, stack [${hex(stack.bottom)}, ${hex(stack.top)})` }
    : { name: "stack lies above the heap", pass: false, evidence: "no stack or heap symbols" });
  rows.push(stack
    ? { name: "stack grows down: ESP and high-water inside the stack", pass: stack.esp >= stack.bottom && stack.esp <= stack.top && (stack.highWater === null || stack.highWater <= stack.esp),
      evidence: `ESP ${hex(stack.esp)}, high-water ${stack.highWater === null ? "unknown" : hex(stack.highWater)} (${stack.highWater === null ? "?" : bytes(stack.top - stack.highWater)} used)` }
    : { name: "stack grows down: ESP and high-water inside the stack", pass: false, evidence: "no __stack_bottom/__stack_top symbols" });
  const spaces = model.addressSpaces;
  rows.push({ name: "each address space maps the kernel", pass: spaces.length > 0, evidence: spaces.length
    ? `${spaces.length} page director${spaces.length === 1 ? "y" : "ies"} map ${hex(elf.entry)}: ${spaces.map((s) => hex(s.cr3)).join(", ")}`
    : "paging not enabled and no page directory found" });
  return rows.map((r, i) => ({ number: i + 1, ...r }));
}
