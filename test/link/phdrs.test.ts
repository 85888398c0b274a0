/**
 * Oracle differential: the linker-script PHDRS command. Each script is linked by GNU ld 2.40 and by kernlab
 * from the same NASM and gcc -m32 objects; the output files must be equal byte for byte (headers, section
 * offsets, contents, symbols). Scripts ld refuses must be refused by kernlab too: a located error, a nonzero
 * exit from the CLI and no output file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isKernlabError } from "../../core/diagnostics";
import { command as ldCommand, parseLdArgs, prepareLd } from "../../scripts/commands/ld";
import { link } from "../../toolchain/link/index";
import { oracle } from "../helpers/oracles";
import { buildCorpus, type Corpus } from "./corpus";

// Every kind of section the rules touch: code, a multiboot header, read-only data, data, bss, a loaded note,
// and an orphan (.extra) the script never names.
const KERNEL_ASM = `global _start
section .multiboot progbits alloc noexec nowrite align=4
dd 0x1BADB002, 0, -0x1BADB002
section .text
_start: mov eax, [msg]
 call f
 ret
f: ret
section .rodata
msg: db "hello", 0
section .data
d: dd 1, 2, 3
section .bss
b: resb 100
section .note.k note alloc noexec nowrite align=4
dd 4, 0, 1
db "GNU", 0
section .extra progbits alloc write noexec
dd 7
`;
// gcc -m32 adds COMMON, .rodata, .eh_frame (an orphan) and .note.GNU-stack.
const KERNEL_C = "int counter; static int z[10]; const char s[] = \"abc\"; int v = 5;\nint kmain(void) { return counter + v + z[1] + s[0]; }\n";

const TEXT = ".text : { *(.multiboot) *(.text*) }";
const REST = ".rodata : { *(.rodata*) } .data : { *(.data) } :data .bss : { *(COMMON) *(.bss) }";

interface Case { name: string; phdrs: string; sections: string }
const CASES: Case[] = [
  {
    name: "the hobby-kernel example: three PT_LOADs with FLAGS, ALIGN(4K), .bss inherits :data",
    phdrs: "text PT_LOAD FLAGS(5);\n  rodata PT_LOAD FLAGS(4);\n  data PT_LOAD FLAGS(6);",
    sections: ". = 1M;\n  .text : ALIGN(4K) { *(.multiboot) *(.text*) } :text\n  .rodata : ALIGN(4K) { *(.rodata*) } :rodata\n  .data : ALIGN(4K) { *(.data) } :data\n  .bss : ALIGN(4K) { *(COMMON) *(.bss) } :data",
  },
  { name: "flags derived from the sections (no FLAGS)", phdrs: "text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text ${REST}` },
  { name: "FLAGS as an expression and numeric types", phdrs: "text 1 FLAGS(0x4 | 0x1); data 1 FLAGS(6);", sections: `. = 1M; ${TEXT} :text ${REST}` },
  { name: "FILEHDR PHDRS in the first PT_LOAD (page below .text)", phdrs: "text PT_LOAD FILEHDR PHDRS; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text ${REST}` },
  { name: "FILEHDR PHDRS with . = 1M + SIZEOF_HEADERS (counts the PHDRS entries)", phdrs: "text PT_LOAD FILEHDR PHDRS; data PT_LOAD;", sections: `. = 1M + SIZEOF_HEADERS; ${TEXT} :text ${REST}` },
  { name: "PT_PHDR PHDRS and a PT_LOAD with PHDRS only", phdrs: "phdr PT_PHDR PHDRS; text PT_LOAD PHDRS; data PT_LOAD;", sections: `. = 1M + SIZEOF_HEADERS; ${TEXT} :text ${REST}` },
  { name: "a PT_LOAD with FILEHDR PHDRS and no sections", phdrs: "hdr PT_LOAD FILEHDR PHDRS; text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text ${REST}` },
  {
    name: "every type ld names, empty headers, PT_NOTE, PT_GNU_RELRO zeroed",
    phdrs: "text PT_LOAD; empty PT_LOAD; note PT_NOTE; n0 PT_NULL; dyn PT_DYNAMIC; interp PT_INTERP; shlib PT_SHLIB; tls PT_TLS; num 0x60000000 FLAGS(7); st PT_GNU_STACK FLAGS(6); eh PT_GNU_EH_FRAME; rr PT_GNU_RELRO; prop PT_GNU_PROPERTY; data PT_LOAD;",
    sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } .note.k : { *(.note.k) } :text :note .data : { *(.data) } :data .bss : { *(COMMON) *(.bss) }`,
  },
  { name: "a note first, in a PT_LOAD and a PT_NOTE (several :phdr per section)", phdrs: "text PT_LOAD FLAGS(5); note PT_NOTE; data PT_LOAD FLAGS(6);", sections: `. = 1M; .note.k : { *(.note.k) } :text :note ${TEXT} :text .rodata : { *(.rodata*) } .data : ALIGN(4K) { *(.data) } :data .bss : { *(COMMON) *(.bss) }` },
  { name: "AT on the headers (section LMAs moved, as ld warns)", phdrs: "text PT_LOAD AT(0x200000); data PT_LOAD AT(0x300000) FLAGS(0);", sections: `. = 1M; ${TEXT} :text ${REST}` },
  { name: "a section in two PT_LOADs: the second takes the LMA the first moved it to", phdrs: "a PT_LOAD AT(0x100010); b PT_LOAD;", sections: `. = 1M; ${TEXT} :a .rodata : { *(.rodata*) } :a :b .data : { *(.data) } :b .bss : { *(COMMON) *(.bss) }` },
  { name: "AT matching a higher-half kernel's section LMAs", phdrs: "text PT_LOAD AT(0x100000); data PT_LOAD AT(0x102000) FLAGS(6);", sections: ". = 0xC0100000; .text : AT(0x100000) { *(.multiboot) *(.text*) } :text .rodata : AT(LOADADDR(.text) + SIZEOF(.text)) { *(.rodata*) } .data ALIGN(0x1000) : AT(0x102000) { *(.data) } :data .bss : { *(COMMON) *(.bss) }" },
  { name: ":NONE, and sections before the first :phdr take the first list further on", phdrs: "text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} .rodata : { *(.rodata*) } :NONE .data : { *(.data) } :data .bss : { *(COMMON) *(.bss) } :text` },
  { name: "inheritance is not reset between headers (ld's lang_record_phdrs)", phdrs: "a PT_LOAD; b PT_LOAD;", sections: `. = 1M; ${TEXT} .rodata : { *(.rodata*) } :a .data : { *(.data) } :b` },
  { name: "orphans after a section with :text :i go into the PT_INTERP too", phdrs: "i PT_INTERP; text PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } :text :i .data : { *(.data) } .bss : { *(COMMON) *(.bss) } :text` },
  { name: "sections without :phdr never go into a PT_INTERP", phdrs: "i PT_INTERP; text PT_LOAD;", sections: `. = 1M; ${TEXT} :text :i .rodata : { *(.rodata*) } .data : { *(.data) } .bss : { *(COMMON) *(.bss) }` },
  { name: "orphans follow a :NONE section out of every segment", phdrs: "text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } :NONE .data : { *(.data) } :data .bss : { *(COMMON) *(.bss) } :data` },
  { name: "headers out of address order (layout by load address)", phdrs: "data PT_LOAD; text PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } .data 0x80000 : { *(.data) } :data .bss : { *(COMMON) *(.bss) }` },
  { name: "a NOBITS-only PT_LOAD", phdrs: "text PT_LOAD; bss PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } .data : { *(.data) } .bss 0x200000 : { *(COMMON) *(.bss) } :bss` },
  { name: "NOBITS in the middle of a PT_LOAD takes file space", phdrs: "all PT_LOAD;", sections: `. = 1M; ${TEXT} :all .bss : { *(COMMON) *(.bss) } .rodata : { *(.rodata*) } .data : { *(.data) }` },
  { name: "NOLOAD .bss does not inherit; the orphan after it does", phdrs: "text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } .data : { *(.data) } :data .bss (NOLOAD) : { *(COMMON) *(.bss) } .extra : { *(.extra) }` },
  { name: "an 8K-aligned section raises the PT_LOAD's alignment; a gap and .bss mid-segment", phdrs: "text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : ALIGN(8K) { *(.rodata*) } . += 0x30; .bss : { *(COMMON) *(.bss) } .data : { *(.data) } :data` },
  { name: "an address gap inside one PT_LOAD", phdrs: "all PT_LOAD;", sections: `. = 1M; ${TEXT} :all .rodata : { *(.rodata*) } . = 0x104000; .data : { *(.data) } .bss : { *(COMMON) *(.bss) }` },
  { name: "an empty output section naming a header leaves it empty", phdrs: "text PT_LOAD; data PT_LOAD; e PT_LOAD;", sections: `. = 1M; ${TEXT} :text .empty : { *(.nothing) } :e .rodata : { *(.rodata*) } .data : { *(.data) } :data .bss : { *(COMMON) *(.bss) }` },
  { name: "the last section names a header (the orphan .comment stays out)", phdrs: "text PT_LOAD; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } .data : { *(.data) } :data .bss : { *(COMMON) *(.bss) } :data` },
  { name: "sections in PT_NULL, PT_SHLIB and PT_GNU_STACK (its offset stays 0)", phdrs: "text PT_LOAD; data PT_LOAD; st PT_GNU_STACK; nul PT_NULL; sh PT_SHLIB;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } :text :nul .data : { *(.data) } :data :sh :st .bss : { *(COMMON) *(.bss) } :data :st` },
  { name: "a NOBITS section first in a non-load header, and an OS-specific type", phdrs: "text PT_LOAD; data PT_LOAD; sh 0x70000000;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) }  .bss : { *(COMMON) *(.bss) } :data :sh .data : { *(.data) } :data :sh` },
  { name: "a PT_NOTE before a PT_LOAD FILEHDR, PHDRS after SECTIONS", phdrs: "n PT_NOTE; text PT_LOAD FILEHDR;", sections: `. = 1M + SIZEOF_HEADERS; ${TEXT} :text .data 0x200000 : { *(.data) }` },
  { name: ":NONE with an empty PHDRS (ld's own headers)", phdrs: "", sections: `. = 1M; ${TEXT} :NONE .data : { *(.data) } :NONE` },
  { name: "only a PT_INTERP with PHDRS: nothing loaded, no section inherits into it", phdrs: "a PT_INTERP PHDRS FLAGS(0) AT(0x100000);", sections: `. = 1M; ${TEXT} .rodata : { *(.rodata*) } .data : { *(.data) } .bss : { *(COMMON) *(.bss) }` },
  { name: "FILEHDR PHDRS AT a low address", phdrs: "text PT_LOAD FILEHDR PHDRS AT(0x10);", sections: `. = 1M; ${TEXT} :text` },
];

interface Refusal { name: string; phdrs: string; sections: string; ld: RegExp; ours: RegExp }
const REFUSALS: Refusal[] = [
  { name: "a section assigned to a phdr PHDRS does not define", phdrs: "text PT_LOAD;", sections: `. = 1M; ${TEXT} :text .data : { *(.data) } :foo`, ld: /section `\.data' assigned to non-existent phdr `foo'/, ours: /section `\.data' assigned to non-existent phdr `foo'/ },
  { name: "an unknown PT_ type", phdrs: "text PT_FOO;", sections: `. = 1M; ${TEXT} :text`, ld: /unknown phdr type `PT_FOO' \(try integer literal\)/, ours: /unknown phdr type 'PT_FOO' \(try integer literal\)/ },
  { name: "an unknown qualifier", phdrs: "text PT_LOAD FOO;", sections: `. = 1M; ${TEXT} :text`, ld: /PHDRS syntax error at `FOO'/, ours: /PHDRS syntax error at 'FOO'/ },
  { name: "PHDRS with a value", phdrs: "text PT_LOAD PHDRS(1);", sections: `. = 1M; ${TEXT} :text`, ld: /PHDRS syntax error at `PHDRS'/, ours: /PHDRS syntax error at 'PHDRS'/ },
  { name: "a missing ';'", phdrs: "text PT_LOAD", sections: `. = 1M; ${TEXT} :text`, ld: /syntax error/, ours: /expected ';' after program header 'text'/ },
  { name: "no section names any header", phdrs: "text PT_LOAD;", sections: `. = 1M; ${TEXT}`, ld: /no sections assigned to phdrs/, ours: /no sections assigned to phdrs/ },
  { name: "FILEHDR without room below the first section", phdrs: "text PT_LOAD FILEHDR PHDRS;", sections: `. = 0x40; ${TEXT} :text`, ld: /not enough room for program headers/, ours: /not enough room for program headers/ },
  { name: "a PT_LOAD with FILEHDR after one without", phdrs: "text PT_LOAD; t2 PT_LOAD FILEHDR;", sections: `. = 1M; ${TEXT} :text .data 0x200000 : { *(.data) } :t2`, ld: /PHDRS and FILEHDR are not supported when prior PT_LOAD headers lack them/, ours: /PHDRS and FILEHDR are not supported when prior PT_LOAD headers lack them/ },
  { name: "PT_PHDR without a PT_LOAD holding the program headers", phdrs: "ph PT_PHDR PHDRS; text PT_LOAD FILEHDR; data PT_LOAD;", sections: `. = 1M; ${TEXT} :text .rodata : { *(.rodata*) } .data : { *(.data) } :data`, ld: /PHDR segment not covered by LOAD segment/, ours: /PHDR segment not covered by LOAD segment/ },
  { name: "`:name` with an empty PHDRS", phdrs: "", sections: `. = 1M; ${TEXT} :text .data : { *(.data) }`, ld: /section `\.text' assigned to non-existent phdr `text'/, ours: /section `\.text' assigned to non-existent phdr `text'/ },
];

const scriptText = (phdrs: string, sections: string) => `ENTRY(_start)\nPHDRS {\n  ${phdrs}\n}\nSECTIONS {\n  ${sections}\n}\n`;

describe.skipIf(!(oracle("ld") && oracle("nasm") && oracle("gcc-m32")))("PHDRS (against GNU ld 2.40)", () => {
  let dir: string;
  const objs = ["k.o", "c.o"];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kernlab-phdrs-"));
    writeFileSync(join(dir, "k.asm"), KERNEL_ASM);
    writeFileSync(join(dir, "c.c"), KERNEL_C);
    execFileSync("nasm", ["-felf32", "k.asm", "-o", "k.o"], { cwd: dir });
    execFileSync("gcc", ["-m32", "-ffreestanding", "-fno-pic", "-O2", "-c", "c.c", "-o", "c.o"], { cwd: dir });
  });

  it.each(CASES)("$name", ({ phdrs, sections }) => {
    writeFileSync(join(dir, "p.ld"), scriptText(phdrs, sections));
    rmSync(join(dir, "ld.out"), { force: true });
    const r = spawnSync("ld", ["-m", "elf_i386", "-T", "p.ld", ...objs, "-o", "ld.out"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const theirs = readFileSync(join(dir, "ld.out"));
    // The point of the test: ld made program headers from the script (no PT_GNU_STACK of its own).
    if (phdrs) expect(theirs.readUInt16LE(44)).toBe(phdrs.split(";").filter((s) => s.trim()).length);
    const { inputs, options } = prepareLd(parseLdArgs(["-T", "p.ld", ...objs]), dir);
    const ours = link(inputs, options).image;
    expect(ours.length).toBe(theirs.length);
    expect(Buffer.from(ours).equals(theirs)).toBe(true);
  });

  it.each(REFUSALS)("refused like ld: $name", async ({ phdrs, sections, ld, ours }) => {
    writeFileSync(join(dir, "bad.ld"), scriptText(phdrs, sections));
    rmSync(join(dir, "ld-bad.out"), { force: true });
    rmSync(join(dir, "kl-bad.out"), { force: true });
    const r = spawnSync("ld", ["-m", "elf_i386", "-T", "bad.ld", ...objs, "-o", "ld-bad.out"], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(ld);
    expect(existsSync(join(dir, "ld-bad.out"))).toBe(false);
    const out = join(dir, "kl-bad.out");
    const err = await ldCommand.run(["-m", "elf_i386", "-T", join(dir, "bad.ld"), ...objs.map((o) => join(dir, o)), "-o", out]).catch((e: unknown) => e);
    expect(isKernlabError(err), String(err)).toBe(true);
    if (!isKernlabError(err)) return;
    const e = err.diagnostics.find((d) => d.severity === "error")!;
    expect(e.text).toMatch(ours);
    expect(e.location?.file).toBe(join(dir, "bad.ld"));
    expect(e.location?.line).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
  });

  it("`:name` without a PHDRS command is refused as ld refuses it; `:NONE` is not", async () => {
    writeFileSync(join(dir, "np.ld"), `ENTRY(_start)\nSECTIONS {\n  . = 1M; ${TEXT} :text .data : { *(.data) } :NONE\n}\n`);
    const r = spawnSync("ld", ["-m", "elf_i386", "-T", "np.ld", ...objs, "-o", "np.out"], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/section `\.text' assigned to non-existent phdr `text'/);
    expect(r.stderr).not.toMatch(/non-existent phdr `NONE'/);
    const err = await ldCommand.run(["-T", join(dir, "np.ld"), ...objs.map((o) => join(dir, o)), "-o", join(dir, "np-kl.out")]).catch((e: unknown) => e);
    expect(isKernlabError(err) && err.diagnostics.map((d) => d.text)).toEqual(["section `.text' assigned to non-existent phdr `text'"]);
    expect(existsSync(join(dir, "np-kl.out"))).toBe(false);
  });

  it("the CLI exits nonzero, prints the located error and writes no file", () => {
    writeFileSync(join(dir, "cli.ld"), scriptText("text PT_LOAD;", `. = 1M; ${TEXT} :text .data : { *(.data) } :foo`));
    const out = join(dir, "cli.out");
    const root = resolve(__dirname, "../..");
    const r = spawnSync(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/cli.ts"), "ld", "-m", "elf_i386", "-T", "cli.ld", ...objs, "-o", out], { cwd: dir, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cli\.ld:6:\d+: error: section `\.data' assigned to non-existent phdr `foo'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("kernlab refuses what it would not lay out as ld does", () => {
    const refused = (phdrs: string, sections: string) => {
      writeFileSync(join(dir, "r.ld"), scriptText(phdrs, sections));
      try {
        const { inputs, options } = prepareLd(parseLdArgs(["-T", "r.ld", ...objs]), dir);
        link(inputs, options);
        return "";
      } catch (e) {
        if (!isKernlabError(e)) throw e;
        return e.diagnostics.filter((d) => d.severity === "error").map((d) => d.text).join("\n");
      }
    };
    expect(refused("text PT_LOAD; t PT_TLS;", `. = 1M; ${TEXT} :text :t`)).toMatch(/PT_TLS/);
    expect(refused("text PT_LOAD; n PT_NOTE;", `. = 1M; ${TEXT} :text :n`)).toMatch(/only note sections in a PT_NOTE/);
    expect(refused("text PT_LOAD; text PT_LOAD;", `. = 1M; ${TEXT} :text`)).toMatch(/defined twice/);
    expect(refused("text PT_LOAD FLAGS(x);", `. = 1M; ${TEXT} :text`)).toMatch(/constant expressions/);
    expect(refused("a PT_LOAD FILEHDR; b PT_LOAD PHDRS;", `. = 1M + SIZEOF_HEADERS; ${TEXT} :a .data 0x200000 : { *(.data) } :b`)).toMatch(/PHDRS without FILEHDR on a PT_LOAD that is not laid out first/);
    expect(refused("text PT_LOAD;", `. = 1M; ${TEXT} :text .comment 0 : { *(.comment) } :text`)).toMatch(/non-allocated/);
    expect(refused("ph PT_PHDR PHDRS; text PT_LOAD FILEHDR PHDRS;", `. = 1M + SIZEOF_HEADERS; ${TEXT} :text :ph`)).toMatch(/PT_PHDR headers/);
    expect(refused("text PT_LOAD;", `. = 1M; ${TEXT} :text /DISCARD/ : { *(.comment) } :text`)).toMatch(/after \/DISCARD\//);
    // What kernlab takes, it takes whole: none of these is refused.
    expect(refused("text PT_LOAD FILEHDR PHDRS; data PT_LOAD;", `. = 1M; ${TEXT} :text ${REST}`)).toBe("");
  });
});

// The differential corpus's kernels (NASM multiboot + gcc -m32 -O2 objects and libgcc; the higher-half kernel)
// with PHDRS added to the scripts kernels use.
const BAREBONES_PHDRS = `ENTRY(_start)
PHDRS {
  headers PT_PHDR PHDRS;
  text PT_LOAD FILEHDR PHDRS;
  rodata PT_LOAD FLAGS(4);
  data PT_LOAD;
  note PT_NOTE;
}
SECTIONS {
  . = 2M + SIZEOF_HEADERS;
  .text : { *(.multiboot) *(.text) } :text
  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata) } :rodata
  .data BLOCK(4K) : ALIGN(4K) { *(.data) } :data
  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }
}
`;
const HIGHER_HALF_PHDRS = `ENTRY(_start)
PHDRS {
  boot PT_LOAD;
  text PT_LOAD FLAGS(5);
  rodata PT_LOAD FLAGS(4);
  data PT_LOAD FLAGS(6);
}
SECTIONS
{
	. = 1M;
	.multiboot.data : { *(.multiboot.data) } :boot
	.multiboot.text : { *(.multiboot.text) }
	. += 0xC0000000;
	.text ALIGN(4K) : AT(ADDR(.text) - 0xC0000000) { *(.text) } :text
	.rodata ALIGN(4K) : AT(ADDR(.rodata) - 0xC0000000) { *(.rodata) } :rodata
	.data ALIGN(4K) : AT(ADDR(.data) - 0xC0000000) { *(.data) } :data
	.bss ALIGN(4K) : AT(ADDR(.bss) - 0xC0000000) { *(COMMON) *(.bss) }
	_kernel_end = .;
}
`;

describe.skipIf(!(oracle("ld") && oracle("nasm") && oracle("gcc-m32") && oracle("ar")))("PHDRS on the differential corpus's kernels (against GNU ld 2.40)", () => {
  let c: Corpus;
  beforeAll(() => { c = buildCorpus(["multiboot", "kernel", "lib", "strong", "higher-half"]); });
  const cases = [
    { name: "Bare Bones kernel (gcc -O2 orphans, COMMON, libgcc) with PT_PHDR, FILEHDR PHDRS, PT_NOTE", script: BAREBONES_PHDRS, objs: (k: Corpus) => [k.obj("multiboot.o"), k.obj("kernel.o"), k.obj("lib.o"), k.obj("strong.o"), k.libgcc] },
    { name: "higher-half kernel with AT() sections in their own PT_LOADs", script: HIGHER_HALF_PHDRS, objs: (k: Corpus) => [k.obj("higher-half.o")] },
  ];
  it.each(cases)("$name", ({ script, objs }) => {
    const ldPath = join(c.dir, "corpus-phdrs.ld");
    writeFileSync(ldPath, script);
    const out = join(c.dir, "corpus-phdrs.out");
    rmSync(out, { force: true });
    const r = spawnSync("ld", ["-m", "elf_i386", "-T", ldPath, ...objs(c), "-o", out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const theirs = readFileSync(out);
    const { inputs, options } = prepareLd(parseLdArgs(["-T", ldPath, ...objs(c)]), c.dir);
    const ours = link(inputs, options).image;
    expect(Buffer.from(ours).equals(theirs)).toBe(true);
  });
});
