/**
 * Oracle differential: every job is linked by kernlab and by GNU ld 2.40 (`ld -m elf_i386 -T …`), and every
 * allocated output section (address, load address, size, type, flags, bytes), program header and global
 * symbol value must be equal. Jobs cover NASM and gcc -m32 -O2 objects (orphans .eh_frame, .rodata.str1.1,
 * .text.startup, COMMON, weak), libgcc from its archive, the Bare Bones and higher-half scripts, MEMORY/
 * AT>/PROVIDE/KEEP/SORT/DISCARD/ASSERT, 16-bit relocations, --gc-sections, flat binaries, and declarative
 * layouts lowered to the script ld runs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assemble, initAssembler } from "../../toolchain/asm/index";
import { defineLayout, link, type Layout, type LinkOptions } from "../../toolchain/link/index";
import { layoutToScript } from "../../toolchain/link/script/from-layout";
import { oracle } from "../helpers/oracles";
import { compareElf } from "./compare";
import { buildCorpus, FIXTURES, runLd, writeTemp, type Corpus } from "./corpus";

const haveTools = oracle("ld") && oracle("nasm") && oracle("gcc-m32") && oracle("ar");

interface Job { name: string; script?: string; layout?: Layout; objs: (c: Corpus) => string[]; ldArgs?: string[]; options?: Partial<LinkOptions> }

const kernelLayout = defineLayout({
  base: 0x0010_0000,
  sections: [
    { name: ".text", input: ["*(.multiboot)", "*(.text .text.*)"], align: 0x1000 },
    { name: ".rodata", input: ["*(.rodata .rodata.*)"], align: 0x1000 },
    { name: ".data", input: ["*(.data .data.*)"], align: 0x1000 },
    { name: ".bss", input: ["*(COMMON)", "*(.bss .bss.*)"], align: 0x1000 },
  ],
  heap: { size: 0x10_0000, align: 0x1000 },
  stack: { size: 0x4000, align: 16 },
});

const higherHalfLayout = defineLayout({
  base: 0x0010_0000,
  virtualOffset: 0xc000_0000,
  sections: [
    { name: ".boot", input: ["*(.multiboot.data)", "*(.multiboot.text)"], load: 0x0010_0000 },
    { name: ".text", input: ["*(.text)"], align: 0x1000 },
    { name: ".rodata", input: ["*(.rodata)"], align: 0x1000 },
    { name: ".data", input: ["*(.data)"], align: 0x1000 },
    { name: ".bss", input: ["*(COMMON)", "*(.bss)"], align: 0x1000 },
  ],
  stack: { size: 0x8000 },
  regions: [{ name: "ram", origin: 0, length: 0x0200_0000 }],
});

const gccKernel = (c: Corpus) => [c.obj("multiboot.o"), c.obj("kernel.o"), c.obj("lib.o"), c.obj("strong.o"), c.libgcc];

const jobs: Job[] = [
  { name: "Bare Bones script, NASM + gcc -O2 objects, weak/strong, libgcc archive", script: "barebones.ld", objs: gccKernel },
  { name: "Bare Bones script, NASM objects only", script: "barebones.ld", objs: (c) => [c.obj("nasm-a.o"), c.obj("nasm-b.o")] },
  { name: "NASM object + archive member pulled on demand", script: "barebones.ld", objs: (c) => [c.obj("nasm-a.o"), c.obj("libnasm.a")] },
  { name: "higher-half script with AT() on every section", script: "higher-half.ld", objs: (c) => [c.obj("higher-half.o")] },
  { name: "higher-half script with one AT() (LMA delta inherited)", script: "higher-half-inherit.ld", objs: (c) => [c.obj("higher-half.o")] },
  { name: "MEMORY, > region, AT> region, PROVIDE, KEEP, SORT, /DISCARD/, ASSERT, data commands", script: "regions.ld", objs: (c) => [c.obj("multiboot.o"), c.obj("kernel.o"), c.obj("lib.o"), c.libgcc] },
  { name: "16-bit code linked at 0x7C00 (R_386_16/PC16/8/PC8, loaded headers)", script: "low.ld", objs: (c) => [c.obj("boot16.o"), c.obj("boot16b.o")] },
  { name: "--gc-sections with -ffunction-sections objects", script: "barebones.ld", objs: (c) => [c.obj("multiboot.o"), c.obj("kernel.o"), c.obj("lib-split.o"), c.libgcc], ldArgs: ["--gc-sections"], options: { gcSections: true } },
  { name: "kernlab-assembled boot object + gcc objects + libgcc, Bare Bones script", script: "barebones.ld", objs: (c) => [c.obj("k-multiboot.o"), c.obj("kernel.o"), c.obj("lib.o"), c.obj("strong.o"), c.libgcc] },
  { name: "kernlab-assembled objects only, Bare Bones script", script: "barebones.ld", objs: (c) => [c.obj("k-nasm-a.o"), c.obj("k-nasm-b.o")] },
  { name: "kernlab-assembled higher-half kernel", script: "higher-half.ld", objs: (c) => [c.obj("k-higher-half.o")] },
  { name: "kernlab-assembled 16-bit code at 0x7C00", script: "low.ld", objs: (c) => [c.obj("k-boot16.o"), c.obj("k-boot16b.o")] },
  { name: "no script: ld's default placement with -Ttext 0x100000 (gcc objects, libgcc)", objs: (c) => [c.obj("nasm-a.o"), c.obj("kernel.o"), c.obj("lib.o"), c.obj("strong.o"), c.obj("nasm-b.o"), c.libgcc],
    ldArgs: ["-Ttext", "0x100000"], options: { sectionStarts: { ".text": 0x100000 } } },
  { name: "declarative kernel layout (heap, stack, boundary symbols)", layout: kernelLayout, objs: gccKernel },
  { name: "declarative higher-half layout (virtualOffset, load, regions)", layout: higherHalfLayout, objs: (c) => [c.obj("higher-half.o")] },
];

describe.skipIf(!haveTools)("differential against GNU ld", () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = buildCorpus();
    // The same sources through kernlab's own assembler (written to disk so ld links the very same bytes).
    await initAssembler();
    for (const f of ["multiboot", "nasm-a", "nasm-b", "higher-half", "boot16", "boot16b"]) {
      const r = assemble(readFileSync(join(FIXTURES, `${f}.asm`), "utf8"), { file: `${f}.asm` });
      if (!r.output) throw new Error(`kernlab could not assemble ${f}.asm: ${r.diagnostics.map((d) => d.text).join("; ")}`);
      writeFileSync(corpus.obj(`k-${f}.o`), r.output);
    }
  });

  it.each(jobs)("$name", (job) => {
    const objs = job.objs(corpus);
    const scriptText = job.script ? readFileSync(join(FIXTURES, job.script), "utf8") : job.layout ? layoutToScript(job.layout) : null;
    const scriptArgs = scriptText === null ? [] : ["-T", writeTemp(corpus.dir, `${job.name.replace(/\W+/g, "_")}.ld`, scriptText)];
    const theirs = runLd([...(job.ldArgs ?? []), ...scriptArgs, ...objs], join(corpus.dir, "ld.elf"));
    const inputs = objs.map((o) => ({ name: o, bytes: new Uint8Array(readFileSync(o)) }));
    const options: LinkOptions = job.layout ? { layout: job.layout, ...job.options }
      : job.script ? { script: { text: scriptText!, file: job.script }, ...job.options } : { ...job.options };
    const ours = link(inputs, options);
    expect(compareElf(ours.image, theirs)).toEqual([]);
    // Beyond the checked fields: the whole file, byte for byte (symbol table order, string tables, offsets).
    expect(Buffer.from(ours.image).equals(Buffer.from(theirs)), "whole file equals ld's").toBe(true);
  });

  it("OUTPUT_FORMAT(binary) gives ld's flat image byte for byte", () => {
    const text = readFileSync(join(FIXTURES, "barebones.ld"), "utf8").replace("ENTRY(_start)", 'ENTRY(_start)\nOUTPUT_FORMAT("binary")');
    const p = writeTemp(corpus.dir, "binary.ld", text);
    const objs = [corpus.obj("nasm-a.o"), corpus.obj("nasm-b.o")];
    const theirs = runLd(["-T", p, ...objs], join(corpus.dir, "ld.bin"));
    const ours = link(objs.map((o) => ({ name: o, bytes: new Uint8Array(readFileSync(o)) })), { script: { text, file: "binary.ld" } });
    expect(Buffer.from(ours.image).equals(Buffer.from(theirs))).toBe(true);
  });

  it("layout boundary symbols and heap/stack sit where the layout says", () => {
    const objs = gccKernel(corpus);
    const r = link(objs.map((o) => ({ name: o, bytes: new Uint8Array(readFileSync(o)) })), { layout: kernelLayout });
    const sym = (n: string) => r.map.symbols.find((s) => s.name === n)!.value;
    const sec = (n: string) => r.map.outputSections.find((s) => s.name === n)!;
    expect(sym("__text_start")).toBe(0x0010_0000);
    expect(sym("__text_end")).toBe(sec(".text").vaddr + sec(".text").size);
    expect(sym("__bss_end")).toBe(sec(".bss").vaddr + sec(".bss").size);
    expect(sym("__heap_start")).toBe(Math.ceil(sym("__bss_end") / 0x1000) * 0x1000);
    expect(sym("__heap_end") - sym("__heap_start")).toBe(0x10_0000);
    expect(sym("__stack_top") - sym("__stack_bottom")).toBe(0x4000);
    expect(sym("__kernel_end")).toBe(sym("__stack_top"));
  });
});
