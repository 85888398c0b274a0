/**
 * Checks on the placed image, collecting every error before the link stops: overlapping output sections
 * (virtual and load ranges), MEMORY regions and layout regions overflowing (by how many bytes), failed
 * ASSERTs, and a multiboot header (magic 0x1BADB002 with a valid checksum, when an input has one) that is
 * misaligned or not within the first 8 KiB of the image. Changes nothing.
 */
import { diagnostic, type Diagnostic } from "../../../core/diagnostics";
import { hex } from "../../../core/hex";
import { SHF_ALLOC, SHT_NOBITS } from "../../elf/elf32";
import type { Layout } from "../layout";
import type { LinkerScript } from "../script/ast";
import type { Placement } from "./assign";
import { type LinkContext, type ObjectFile, type OutputSection } from "./types";
import type { Segment } from "./write";

const MULTIBOOT_MAGIC = 0x1badb002;
const MULTIBOOT_SEARCH = 8192;

export interface CheckInput {
  outputs: OutputSection[];
  files: ObjectFile[];
  placement: Placement;
  layout: Layout | null;
  oformat: "elf32" | "binary";
  segments: Segment[];
  script: LinkerScript;
  multibootCheck: "error" | "warning";
}

function range(a: number, size: number): string {
  return `[${hex(a)}, ${hex(a + size - 1)}]`;
}

export function checkLayout(ctx: LinkContext, c: CheckInput): void {
  // A section that runs past 0xFFFFFFFF (a script's `. = 0xFFFFFFF0`, a huge NOBITS input): ld's error, and
  // no other check of that section (its ranges mean nothing).
  const wraps = (o: OutputSection) => o.vaddr + o.size > 0x1_0000_0000 || (o.type !== SHT_NOBITS && o.paddr + o.size > 0x1_0000_0000);
  for (const o of c.outputs) {
    if (!(o.flags & SHF_ALLOC) || o.size === 0 || !wraps(o)) continue;
    const what = o.vaddr + o.size > 0x1_0000_0000 ? "VMA" : "LMA";
    ctx.errors.push(diagnostic("section-wraps", `section ${o.name} ${what} wraps around address space`, null, [
      { text: `${o.name} starts at ${hex(what === "VMA" ? o.vaddr : o.paddr)} and is ${hex(o.size)} bytes` },
    ]));
  }
  const alloc = c.outputs.filter((o) => (o.flags & SHF_ALLOC) && o.size > 0 && !wraps(o));
  // Overlaps: virtual ranges of allocated sections, load ranges of loaded ones.
  for (const kind of ["virtual", "load"] as const) {
    const list = (kind === "load" ? alloc.filter((o) => o.type !== SHT_NOBITS) : alloc)
      .map((o) => ({ o, start: kind === "load" ? o.paddr : o.vaddr }))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = list[j]!, b = list[i]!;
        if (b.start < a.start + a.o.size) {
          ctx.errors.push(diagnostic("section-overlap", `section ${a.o.name} ${kind} address range overlaps with ${b.o.name}`, null, [
            { text: `${a.o.name} range is ${range(a.start, a.o.size)}` },
            { text: `${b.o.name} range is ${range(b.start, b.o.size)}` },
          ]));
        }
      }
    }
  }
  // Script MEMORY regions.
  for (const o of c.outputs) {
    const rname = o.command?.region;
    if (!rname) continue;
    const r = c.placement.regions.find((x) => x.name === rname);
    if (!r) continue;
    const end = o.vaddr + o.size;
    if (end > r.origin + r.length || o.vaddr < r.origin) {
      const by = end - (r.origin + r.length);
      ctx.errors.push(diagnostic("region-overflow", `section ${o.name} will not fit in region '${r.name}': region '${r.name}' overflowed by ${by} bytes`, o.command?.loc ?? null, [
        { text: `${o.name} range is ${range(o.vaddr, o.size)}` },
        { text: `region ${r.name} is ${range(r.origin, r.length)}` },
      ]));
    }
  }
  // The layout's heap and stack end within the 32-bit address space (their end symbols would wrap below their start).
  if (c.layout) {
    for (const [name, part, startSym] of [["heap", c.layout.heap, "__heap_start"], ["stack", c.layout.stack, "__stack_bottom"]] as const) {
      const start = c.placement.scriptSymbols.get(startSym)?.value;
      if (!part || start === undefined || start + part.size <= 0x1_0000_0000) continue;
      ctx.errors.push(diagnostic("layout-wraps", `layout ${name} of ${hex(part.size)} bytes starting at ${hex(start)} wraps around address space (it would end past 0xffffffff)`, null, [
        { text: `${startSym} = ${hex(start)}; ${name}.size = ${hex(part.size)}` },
      ]));
    }
  }
  // Layout regions: every loaded section, the heap and the stack must lie inside a region (physical addresses).
  if (c.layout && c.layout.regions.length) {
    const items: { name: string; start: number; size: number }[] = alloc.map((o) => ({ name: o.name, start: o.paddr, size: o.size }));
    const sym = (n: string) => c.placement.scriptSymbols.get(n)?.value;
    const off = c.layout.virtualOffset;
    const hs = sym("__heap_start"), he = sym("__heap_end"), sb = sym("__stack_bottom"), st = sym("__stack_top");
    if (hs !== undefined && he !== undefined && he > hs) items.push({ name: "heap", start: hs - off, size: he - hs });
    if (sb !== undefined && st !== undefined && st > sb) items.push({ name: "stack", start: sb - off, size: st - sb });
    for (const it of items) {
      const r = c.layout.regions.find((x) => it.start >= x.origin && it.start < x.origin + x.length);
      if (!r) {
        ctx.errors.push(diagnostic("region-overflow", `${it.name} at ${hex(it.start)} lies outside every memory region of the layout`, null, [{ text: `${it.name} range is ${range(it.start, it.size)}` }]));
        continue;
      }
      const by = it.start + it.size - (r.origin + r.length);
      if (by > 0) {
        ctx.errors.push(diagnostic("region-overflow", `${it.name} overflows region '${r.name}' by ${by} bytes`, null, [
          { text: `${it.name} range is ${range(it.start, it.size)}` },
          { text: `region ${r.name} is ${range(r.origin, r.length)}` },
        ]));
      }
    }
  }
  // ASSERT.
  for (const f of c.placement.assertFailures) ctx.errors.push(diagnostic("assertion-failed", f.message, f.loc));
  checkMultiboot(ctx, c);
}

function checkMultiboot(ctx: LinkContext, c: CheckInput): void {
  const report = (d: Diagnostic) => (d.severity === "error" ? ctx.errors : ctx.warnings).push(d);
  const loaded = c.outputs.filter((o) => (o.flags & SHF_ALLOC) && o.type !== SHT_NOBITS && o.size > 0);
  const lowest = loaded.length ? Math.min(...loaded.map((o) => o.paddr)) : 0;
  for (const f of c.files) {
    for (const s of f.sections) {
      if (!s || s.discarded || !s.output || s.type === SHT_NOBITS || !(s.flags & SHF_ALLOC)) continue;
      const d = s.data;
      const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
      for (let o = 0; o + 12 <= d.length; o++) {
        if (d[o] !== 0x02 || dv.getUint32(o, true) !== MULTIBOOT_MAGIC) continue;
        if (((MULTIBOOT_MAGIC + dv.getUint32(o + 4, true) + dv.getUint32(o + 8, true)) >>> 0) !== 0) continue;
        const os = s.output;
        const vaddr = os.vaddr + s.outOffset + o;
        const fileOffset = c.oformat === "binary" ? os.paddr + s.outOffset + o - lowest : os.fileOffset + s.outOffset + o;
        const where = `${f.name}:(${s.name}+0x${o.toString(16)})`;
        if (fileOffset % 4 !== 0) {
          report(diagnostic("multiboot-header", `multiboot header from ${where} is misaligned: it ended up at file offset ${hex(fileOffset)} (address ${hex(vaddr)}), which is not a multiple of 4`, null, [], c.multibootCheck));
        }
        if (fileOffset + 12 > MULTIBOOT_SEARCH) {
          report(diagnostic("multiboot-header", `multiboot header from ${where} ended up at file offset ${hex(fileOffset)} (address ${hex(vaddr)} in ${os.name}), outside the first 8 KiB of the image where loaders look for it`, null, [
            { text: "place the input section holding it first in the first loaded output section, e.g. *(.multiboot) at the start of .text" },
            ...(os.align > 0x1000 ? [{ text: `${os.name} is ${os.align}-byte aligned, so its segment's file offset is too (as in GNU ld): align its address instead (\`${os.name} ALIGN(${hex(os.align)}) :\`)` }] : []),
          ], c.multibootCheck));
        }
        return;
      }
    }
  }
}
