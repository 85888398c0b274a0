/**
 * Test data: the `kernlab ld` vs GNU ld 2.40 fidelity jobs (ld-fidelity.test.ts). Each job is an ld command
 * line run in one build directory, with the scripts it needs; the objects come from fixtures/ld (nasm,
 * gcc -m32 -O2, as --32). Scripts are in the styles hobby kernels use. A job either links (and kernlab's
 * output must equal ld's byte for byte) or fails (both exit 1; kernlab's message must match `fails`).
 */
export interface LdJob { name: string; argv: string[]; scripts?: Record<string, string>; fails?: RegExp }

/** Object sets a script is tried with: NASM only, gcc (orphans .rodata.str1.1, .eh_frame, .comment), mixed. */
const SETS: { label: string; objs: string[] }[] = [
  { label: "NASM objects", objs: ["crt.o", "kmain.o"] },
  { label: "gcc objects", objs: ["crt.o", "kernel.o", "util.o"] },
  { label: "orphans of every class", objs: ["orphans.o", "crt.o", "kmain.o"] },
];

/** Scripts in hobby-kernel styles, each linked with every object set. */
const STYLES: Record<string, string> = {
  "Bare Bones (BLOCK, ALIGN, COMMON)": `ENTRY(_start)
SECTIONS {
  . = 2M;
  .text BLOCK(4K) : ALIGN(4K) { *(.multiboot) *(.text) }
  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata) }
  .data BLOCK(4K) : ALIGN(4K) { *(.data) }
  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }
}`,
  "explicit unaligned VMAs; ALIGN(16) moves one (ld warns; sh_addralign is what the address allows)": `ENTRY(_start)
SECTIONS {
  .text 0x100004 : { *(.multiboot) *(.text) }
  .data 0x200001 : { *(.data) }
  .bss 0x300002 : ALIGN(16) { *(.bss) *(COMMON) }
}`,
  "ALIGN(8K) past BLOCK(4K) after `. += 4K` (the segment aligned past the page size)": `ENTRY(_start)
SECTIONS {
  . = 1M;
  .text BLOCK(4K) : ALIGN(4K) { *(.multiboot) *(.text) }
  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata*) }
  . += 4K;
  .data BLOCK(4K) : ALIGN(8K) { *(.data) }
  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }
}`,
  "sections 16 KiB aligned (segments aligned past the page size; ld writes the kernel, kernlab ld warns)": `ENTRY(_start)
SECTIONS {
  . = 1M;
  .text : ALIGN(0x4000) { *(.multiboot) *(.text) }
  .data : ALIGN(0x4000) { *(.data) }
  .bss : { *(.bss) *(COMMON) }
}`,
  "only .text named (everything else an orphan)": `ENTRY(_start)
SECTIONS { . = 0x100000; .text : { *(.text) } }`,
  ".hdr, .text, .data with explicit VMA (read-only orphans after .hdr)": `ENTRY(_start)
SECTIONS {
  .hdr 0x100000 : { *(.hdr) }
  .text : { *(.text) }
  .data : { *(.data) }
}`,
  ".text and .bss only, ALIGN between them": `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.text*) }
  . = ALIGN(0x1000);
  .bss : { *(.bss*) *(COMMON) }
}`,
  "explicit VMAs, symbols inside and outside sections": `ENTRY(_start)
kernel_base = 0x200000;
SECTIONS {
  .text kernel_base : { _text = .; *(.text) _etext = .; }
  .rodata 0x208000 : { *(.rodata*) }
  .data 0x20A000 : { _data = .; *(.data) }
  _edata = .;
  .bss : { __bss_start = .; *(.bss) *(COMMON) __bss_end = .; }
  end = .;
  PROVIDE(_end = .);
}`,
  "higher half with AT() (one load delta)": `ENTRY(_start)
SECTIONS {
  . = 0xC0100000;
  .text ALIGN(4K) : AT(ADDR(.text) - 0xC0000000) { *(.text) }
  .rodata ALIGN(4K) : AT(ADDR(.rodata) - 0xC0000000) { *(.rodata*) }
  .data ALIGN(4K) : AT(ADDR(.data) - 0xC0000000) { *(.data) }
  .bss ALIGN(4K) : AT(ADDR(.bss) - 0xC0000000) { *(COMMON) *(.bss) }
}`,
  "/DISCARD/ of .comment, .eh_frame and notes": `ENTRY(_start)
SECTIONS {
  . = 1M;
  .text : { *(.text .text.*) }
  .rodata : { *(.rodata .rodata.*) }
  .data : { *(.data) }
  .bss : { *(.bss) *(COMMON) }
  /DISCARD/ : { *(.comment) *(.eh_frame) *(.note*) }
}`,
  "MEMORY regions (orphans inherit the region)": `ENTRY(_start)
MEMORY { ram (rwx) : ORIGIN = 0x100000, LENGTH = 1M }
SECTIONS {
  .text : { *(.text) } > ram
  .data : { *(.data) } > ram
  .bss : { *(.bss) *(COMMON) } > ram
}`,
  "KEEP, SORT, FILL, data commands": `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { KEEP(*(.hdr)) *(SORT(.text*)) FILL(0x90909090) . = ALIGN(16); LONG(0xCAFEBABE) BYTE(1) }
  .rodata : ALIGN(8) { *(SORT_BY_ALIGNMENT(.rodata*)) }
  .data : { *(.data) SHORT(0x55AA) } = 0xEE
  .bss : { *(.bss) *(COMMON) }
}`,
  "no ENTRY (ld looks for start, then .text)": `SECTIONS {
  . = 0x100000;
  .text : { *(.text) }
  .data : { *(.data) }
  .bss : { *(.bss) }
}`,
  ".text, .rodata, .data, .bss named; orphans by class": `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.text) }
  .rodata : { *(.rodata) }
  .data : { *(.data) }
  .bss : { *(.bss) *(COMMON) }
}`,
  "symbols before the first output section are section-relative": `ENTRY(_start)
SECTIONS {
  . = 0xC0100000;
  vstart = .;
  pstart = . - 0xC0000000;
  .text : AT(pstart) { *(.text) }
  .data : { *(.data) }
  vend = .;
}`,
  "OSDev higher half (.multiboot.* low, `. += 0xC0000000`, AT(ADDR - base))": `ENTRY (_start)
SECTIONS
{
	. = 0x00100000;
	_kernel_start = .;
	.multiboot.data : { *(.multiboot.data) }
	.multiboot.text : { *(.multiboot.text) }
	. += 0xC0000000;
	.text ALIGN (4K) : AT (ADDR (.text) - 0xC0000000) { *(.text) }
	.rodata ALIGN (4K) : AT (ADDR (.rodata) - 0xC0000000) { *(.rodata) }
	.data ALIGN (4K) : AT (ADDR (.data) - 0xC0000000) { *(.data) }
	.bss ALIGN (4K) : AT (ADDR (.bss) - 0xC0000000) { *(COMMON) *(.bss) *(.bootstrap_stack) }
	_kernel_end = .;
}`,
  "xv6 style (AT(0x100000), PROVIDE between sections, .stab, /DISCARD/)": `OUTPUT_FORMAT("elf32-i386", "elf32-i386", "elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)
SECTIONS
{
	. = 0x80100000;
	.text : AT(0x100000) { *(.text .stub .text.* .gnu.linkonce.t.*) }
	PROVIDE(etext = .);
	.rodata : { *(.rodata .rodata.* .gnu.linkonce.r.*) }
	.stab : { PROVIDE(__STAB_BEGIN__ = .); *(.stab); PROVIDE(__STAB_END__ = .); }
	.stabstr : { PROVIDE(__STABSTR_BEGIN__ = .); *(.stabstr); PROVIDE(__STABSTR_END__ = .); }
	. = ALIGN(0x1000);
	PROVIDE(data = .);
	.data : { *(.data) }
	PROVIDE(edata = .);
	.bss : { *(.bss) }
	PROVIDE(end = .);
	/DISCARD/ : { *(.eh_frame .note.GNU-stack) }
}`,
  "ToaruOS style (AT() from symbols defined later, /DISCARD/)": `OUTPUT_FORMAT(elf32-i386)
ENTRY(_start)
phys = 0x00100000;
SECTIONS
{
	.text phys : AT(phys) {
		code = .;
		*(.text)
		*(.rodata)
		. = ALIGN(4096);
	}
	.data : AT(phys + (data - code))
	{
		data = .;
		*(.data)
		. = ALIGN(4096);
	}
	.bss : AT(phys + (bss - code))
	{
		bss = .;
		*(.bss)
		. = ALIGN(4096);
	}
	end = .;
	/DISCARD/ :
	{
		*(.comment)
		*(.eh_frame)
		*(.note.gnu.build-id)
	}
}`,
};

const INPUT_BASE = `SECTIONS {
  . = 0x100000;
  .text : { *(.text) }
  .rodata : { *(.rodata*) }
  .data : { *(.data) }
  .bss : { *(.bss) *(COMMON) }
}`;

export const JOBS: LdJob[] = [
  ...Object.entries(STYLES).flatMap(([style, text]) => SETS.map((set) => ({
    name: `${style}, ${set.label}`, scripts: { "k.ld": text }, argv: ["-T", "k.ld", ...set.objs, ...(style.startsWith("symbols before") ? ["vstart.o"] : [])],
  }))),
  // 1. Files named in the script.
  { name: "INPUT(crt.o) before the command line's objects", scripts: { "k.ld": `INPUT(crt.o)\n${INPUT_BASE}` }, argv: ["-T", "k.ld", "kernel.o", "util.o"] },
  { name: "INPUT(crt.o) with -T after the objects", scripts: { "k.ld": `INPUT(crt.o)\n${INPUT_BASE}` }, argv: ["kernel.o", "util.o", "-T", "k.ld"] },
  { name: "STARTUP(crt.o) goes first, EXTERN(hfun) pulls an archive member", scripts: { "k.ld": `STARTUP(crt.o)\nEXTERN(hfun)\nENTRY(_start)\n${INPUT_BASE}` }, argv: ["kmain.o", "-T", "k.ld", "lib/libh.a"] },
  { name: "-u hfun pulls an archive member", scripts: { "k.ld": INPUT_BASE }, argv: ["-u", "hfun", "-T", "k.ld", "crt.o", "kmain.o", "lib/libh.a"] },
  { name: "INPUT(-lh) searched along SEARCH_DIR", scripts: { "k.ld": `SEARCH_DIR(lib)\nINPUT(crt.o -lh)\n${INPUT_BASE}` }, argv: ["kcall.o", "-T", "k.ld"] },
  { name: "INPUT(crt.o -lh) searched along -L", scripts: { "k.ld": `INPUT(crt.o -lh)\n${INPUT_BASE}` }, argv: ["kcall.o", "-T", "k.ld", "-Llib"] },
  { name: "GROUP(crt.o libh.a) after the object that needs it", scripts: { "k.ld": `GROUP(crt.o libh.a)\n${INPUT_BASE}` }, argv: ["kcall.o", "-T", "k.ld", "-Llib"] },
  { name: "GROUP before the object that needs it: undefined reference, as ld", scripts: { "k.ld": `GROUP(crt.o libh.a)\n${INPUT_BASE}` }, argv: ["-T", "k.ld", "kcall.o", "-Llib"], fails: /undefined.*hfun/ },
  { name: "file-qualified crt.o(.text) not on the command line", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { crt.o(.text) *(.text) } .data : { *(.data) } .bss : { *(.bss) *(COMMON) } }` }, argv: ["-T", "k.ld", "kernel.o", "util.o"] },
  { name: "whole-file spec { h.o } not on the command line", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .data : { *(.data) } .helper : { h.o } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "a command-line file named in the script is loaded at the script", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .data : { crt.o(.data) *(.data) } .bss : { *(.bss) } }` }, argv: ["-T", "k.ld", "kmain.o", "crt.o"] },
  { name: "sub/blob.o on the command line and pattern blob.o: the file is linked twice", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .blob : { blob.o(.blob) } .more : { *(.blob) } .data : { *(.data) } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o", "sub/blob.o"] },
  { name: "wildcard file pattern *blob.o matches the path as given", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .blob : { *blob.o(.blob) } .data : { *(.data) } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o", "sub/blob.o"] },
  { name: "INPUT of a missing file fails as ld", scripts: { "k.ld": `INPUT(nothere.o)\n${INPUT_BASE}` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"], fails: /cannot find nothere\.o: No such file or directory/ },
  { name: "a missing file-qualified input fails as ld", scripts: { "k.ld": `SECTIONS { .text : { missing.o(.text) *(.text) } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"], fails: /cannot find missing\.o: No such file or directory/ },
  { name: "a missing command-line object fails as ld", argv: ["crt.o", "nothere.o"], fails: /cannot find nothere\.o: No such file or directory/ },
  { name: "a missing -l library fails as ld", argv: ["crt.o", "kmain.o", "-lnothere"], fails: /cannot find -lnothere: No such file or directory/ },
  { name: "a missing script fails as ld", argv: ["-T", "nothere.ld", "crt.o", "kmain.o"], fails: /cannot open linker script file nothere\.ld: No such file or directory/ },
  // 3. Symbols: which section an expression's value belongs to (section_for_dot, plain numbers in sections).
  { name: "top-level symbols around `. =` assignments (previous or next section)", scripts: { "k.ld": `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  a0 = .;
  .text : { *(.text) }
  a1 = .;
  . = ALIGN(0x100);
  a2 = .;
  .data : { *(.data) }
  .bss : { *(.bss) }
  a3 = .;
  . = ALIGN(0x1000);
  a4 = .;
  a5 = 0x1234;
  a6 = a4 + 4;
}` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "symbol copies, symbol arithmetic inside and outside sections", scripts: { "k.ld": `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.text) t1 = .; t2 = t1 + 4; t3 = ABSOLUTE(.); t4 = kmain; t5 = kmain + 2; }
  .data : { *(.data) }
  a7 = t1;
  a8 = ADDR(.data);
  a9 = t1 + 4;
  b1 = kmain;
  b2 = kmain + 1;
  b3 = . + 4;
  b4 = ALIGN(16);
}` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "ADDR, SIZEOF, LOADADDR, ABSOLUTE, comparisons, MAX in and out of sections", scripts: { "k.ld": `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.text) t7 = ADDR(.text); t8 = 0x10; t9 = SIZEOF(.text); }
  .data : { *(.data) }
  c1 = ABSOLUTE(.);
  c2 = ADDR(.text);
  c3 = SIZEOF(.text);
  c4 = . & ~0xf;
  c5 = (. + 0xfff) & ~0xfff;
  c6 = . > 5;
  c7 = LOADADDR(.text);
  c8 = MAX(., 0x100000);
  c9 = -.;
}` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "note orphans of alignments 4, 8, 4 (grouped, larger first)", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "crt.o", "kmain.o", "notes.o"] },
  { name: "note orphans next to the other orphan classes", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "orphans.o", "crt.o", "kmain.o", "notes.o"] },
  { name: "note orphans in a flat binary (not regrouped)", scripts: { "k.ld": INPUT_BASE }, argv: ["--oformat", "binary", "-T", "k.ld", "crt.o", "kmain.o", "notes.o"] },
  // 4. STT_FILE symbols.
  { name: "STT_FILE: GAS object without one, object contributing no section", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "crt.o", "kmain.o", "gas.o", "abs.o"] },
  // 5. Whole-file specs catch ld's synthetic sections.
  { name: "whole-file spec of the first object { crt.o }", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .all : { crt.o } .text : { *(.text) } .data : { *(.data) } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  // COMMON and archives.
  { name: "COMMON in *(COMMON)", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "crt.o", "kmain.o", "common.o"] },
  { name: "lonely COMMON (no *(COMMON) in the script)", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .data : { *(.data) } .bss : { *(.bss) } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o", "common.o"] },
  { name: "archive member pulled by -lh, archive:member pattern", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .libtext : { libh.a:h.o(.text) } .rodata : { *(.rodata) } .data : { *(.data) } }` }, argv: ["-T", "k.ld", "crt.o", "kcall.o", "-Llib", "-lh"] },
  // 6. Flat binaries.
  { name: "OUTPUT_FORMAT(binary) with gcc objects (.eh_frame as is)", scripts: { "k.ld": `OUTPUT_FORMAT("binary")\n${STYLES["Bare Bones (BLOCK, ALIGN, COMMON)"]!}` }, argv: ["-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "--oformat binary with orphans of every class", scripts: { "k.ld": STYLES[".hdr, .text, .data with explicit VMA (read-only orphans after .hdr)"]! }, argv: ["--oformat", "binary", "-T", "k.ld", "orphans.o", "crt.o", "kmain.o"] },
  { name: "flat binary with .note.gnu.property (gcc -fcf-protection) as an orphan", scripts: { "k.ld": `OUTPUT_FORMAT("binary")\n${INPUT_BASE}` }, argv: ["-T", "k.ld", "crt.o", "kernel.o", "util-cet.o"] },
  // More script features.
  { name: "EXCLUDE_FILE keeps crt.o's .text out of *(.text)", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .boot : { crt.o(.text) } .text : { *(EXCLUDE_FILE(*crt.o) .text) } .data : { *(.data) } .bss : { *(.bss) *(COMMON) } }` }, argv: ["-T", "k.ld", "kernel.o", "crt.o", "util.o"] },
  { name: "INCLUDE of a script fragment, -l:libh.a", scripts: { "k.ld": `ENTRY(_start)\nINCLUDE part.ld`, "part.ld": INPUT_BASE }, argv: ["-T", "k.ld", "crt.o", "kcall.o", "-Llib", "-l:libh.a"] },
  { name: "NOLOAD bss and a stack section", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .rodata : { *(.rodata*) } .data : { *(.data) } .bss (NOLOAD) : ALIGN(16) { *(.bss) *(COMMON) } .stack (NOLOAD) : { . = ALIGN(16); . += 0x4000; stack_top = .; } }` }, argv: ["-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "two MEMORY regions, AT> rom for data, orphans follow their neighbours", scripts: { "k.ld": `ENTRY(_start)\nMEMORY { rom (rx) : ORIGIN = 0x100000, LENGTH = 64K\n ram (rwx) : ORIGIN = 0x200000, LENGTH = 64K }\nSECTIONS { .text : { *(.text) } > rom\n .rodata : { *(.rodata*) } > rom\n .data : { _data_load = LOADADDR(.data); *(.data) } > ram AT> rom\n .bss : { *(.bss) *(COMMON) } > ram }` }, argv: ["-T", "k.ld", "crt.o", "kernel.o", "util.o", "orphans.o"] },
  { name: "PROVIDE_HIDDEN, ASSERT, DEFINED", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) PROVIDE_HIDDEN(__text_end = .); } .data : { *(.data) } .bss : { *(.bss) } kernel_size = DEFINED(counter) ? . - 0x100000 : 0; ASSERT(kernel_size < 0x100000, "kernel too big") }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "--gc-sections with KEEP and -ffunction-sections objects", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { KEEP(*(.text.keep_me)) *(.text .text.*) } .rodata : { *(.rodata .rodata.*) } .data : { *(.data .data.*) } .bss : { *(.bss .bss.*) *(COMMON) } }` }, argv: ["--gc-sections", "-T", "k.ld", "crt.o", "kernel-split.o", "util-split.o"] },
  { name: "--gc-sections drops .comment and debug sections of files whose code is all collected", scripts: { "k.ld": INPUT_BASE }, argv: ["--gc-sections", "-T", "k.ld", "crt.o", "kmain.o", "util-split.o", "orphans.o"] },
  { name: "--gc-sections with gcc -g objects (debug information is not a root)", scripts: { "k.ld": INPUT_BASE }, argv: ["--gc-sections", "-e", "_start", "-T", "k.ld", "crt.o", "kernel-g.o", "util-g-split.o"] },
  { name: "--gc-sections without an entry collects everything: no program headers", scripts: { "k.ld": INPUT_BASE }, argv: ["--gc-sections", "-T", "k.ld", "crt.o", "kernel-g.o", "util-g-split.o"] },
  { name: "-ffunction-sections objects, only .text named", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } }` }, argv: ["-T", "k.ld", "crt.o", "kernel-split.o", "util-split.o"] },
  { name: "SORT_BY_NAME of -fdata-sections input, OUTPUT_FORMAT/OUTPUT_ARCH", scripts: { "k.ld": `OUTPUT_FORMAT("elf32-i386")\nOUTPUT_ARCH(i386)\nENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text*) } .rodata : { *(SORT_BY_NAME(.rodata*)) } .data : { *(SORT(.data*)) } .bss : { *(SORT_BY_ALIGNMENT(.bss*)) *(COMMON) } }` }, argv: ["-T", "k.ld", "crt.o", "kernel-split.o", "util-split.o"] },
  { name: "-Ttext with a script that gives .text no address", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { .text : { *(.text) } .rodata : { *(.rodata*) } .data : { *(.data) } .bss : { *(.bss) *(COMMON) } }` }, argv: ["-Ttext", "0x100000", "-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "GROUP of an archive with members that need each other", scripts: { "k.ld": `GROUP(libh.a libk.a)\n${INPUT_BASE}` }, argv: ["crt.o", "-T", "k.ld", "-Llib"] },
  { name: "sections without inputs: only `. +=`, only data, NOLOAD, only symbols", scripts: { "k.ld": `ENTRY(_start)
SECTIONS { . = 0x100000; .text : { *(.text) } .data : { *(.data) } .s1 : { . += 0x10; } .s2 : { LONG(5) } .bss : { *(.bss) } .s3 (NOLOAD) : { . += 0x10; } .s4 : { s4sym = .; . = ALIGN(8); } }` }, argv: ["-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "a non-alloc .comment statement between loaded sections keeps its header place", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .comment 0 : { *(.comment) } .rodata : { *(.rodata*) } .data : { *(.data) } .bss : { *(.bss) *(COMMON) } }` }, argv: ["-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  // Debugging information (gcc -g, nasm -g -F dwarf): .debug_* orphans go last, .comment among them as ld.
  { name: "gcc -g objects: debug orphans, .comment after them", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "crt.o", "kernel-g.o", "util-g.o"] },
  { name: "non-alloc orphans before and after debug orphans", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "orphans.o", "crt.o", "kernel-g.o", "util.o"] },
  { name: "nasm -g -F dwarf object, only .text named", scripts: { "k.ld": `ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } }` }, argv: ["-T", "k.ld", "crt.o", "kmain-g.o", "util-g.o"] },
  // Boot sectors.
  { name: "boot sector: OUTPUT_FORMAT(binary), signature section AT(0x7DFE)", scripts: { "k.ld": `OUTPUT_FORMAT("binary")\nENTRY(start)\nSECTIONS { . = 0x7C00; .text : { *(.text) } .rodata : { *(.rodata) } .sig : AT(0x7DFE) { SHORT(0xaa55) } }` }, argv: ["-T", "k.ld", "bootsect.o"] },
  { name: "boot sector: `. = 0x1FE; SHORT(0xaa55)` inside .text, --oformat binary", scripts: { "k.ld": `ENTRY(start)\nSECTIONS { . = 0x7C00; .text : { *(.text) *(.rodata) . = 0x1FE; SHORT(0xaa55) } }` }, argv: ["--oformat", "binary", "-T", "k.ld", "bootsect.o"] },
  { name: "boot sector as ELF", scripts: { "k.ld": `ENTRY(start)\nSECTIONS { . = 0x7C00; .text : { *(.text) *(.rodata) . = 0x1FE; SHORT(0xaa55) } }` }, argv: ["-T", "k.ld", "bootsect.o"] },
  // .note.gnu.property in ELF output (x86 feature bits ANDed across inputs).
  { name: "every object from gcc -fcf-protection: one merged note, PT_NOTE and PT_GNU_PROPERTY", scripts: { "k.ld": INPUT_BASE }, argv: ["-e", "kmain", "-T", "k.ld", "kernel-cet.o", "util-cet.o"] },
  { name: "-fcf-protection=full with =branch: the note keeps IBT only", scripts: { "k.ld": INPUT_BASE }, argv: ["-e", "kmain", "-T", "k.ld", "kernel-cet.o", "util-branch.o"] },
  { name: "-fcf-protection=return with =branch: no bit left, no note", scripts: { "k.ld": INPUT_BASE }, argv: ["-e", "kmain", "-T", "k.ld", "kernel-return.o", "util-branch.o"] },
  { name: "a NASM object without the note: no note", scripts: { "k.ld": INPUT_BASE }, argv: ["-T", "k.ld", "crt.o", "kernel-cet.o", "util-cet.o"] },
  // -z execstack / -z noexecstack.
  { name: "-z noexecstack with NASM objects (no .note.GNU-stack)", scripts: { "k.ld": INPUT_BASE }, argv: ["-z", "noexecstack", "-T", "k.ld", "crt.o", "kmain.o"] },
  { name: "-z noexecstack with a NASM object among gcc ones", scripts: { "k.ld": INPUT_BASE }, argv: ["-z", "noexecstack", "-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "-z execstack with gcc objects", scripts: { "k.ld": INPUT_BASE }, argv: ["-z", "execstack", "-T", "k.ld", "kernel.o", "util.o", "-e", "kmain"] },
  { name: "-z max-page-size=0x200000: headers loaded in the first segment", scripts: { "k.ld": INPUT_BASE }, argv: ["-z", "max-page-size=0x200000", "-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "-z max-page-size=0x200000 with a higher-half script", scripts: { "k.ld": STYLES["higher half with AT() (one load delta)"]! }, argv: ["-z", "max-page-size=0x200000", "-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  // Symbol table options.
  { name: "-x drops every local symbol", scripts: { "k.ld": INPUT_BASE }, argv: ["-x", "-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "-X keeps locals not named .L…", scripts: { "k.ld": INPUT_BASE }, argv: ["-X", "-T", "k.ld", "crt.o", "kmain.o", "gas.o"] },
  { name: "-s strips the symbol table", scripts: { "k.ld": INPUT_BASE }, argv: ["-s", "-T", "k.ld", "crt.o", "kernel.o", "util.o"] },
  { name: "-S strips debugging sections", scripts: { "k.ld": INPUT_BASE }, argv: ["-S", "-T", "k.ld", "crt.o", "kernel-g.o", "util-g.o"] },
  // Command lines without a script.
  { name: "no script, -Ttext 0x100000, gcc objects", argv: ["-Ttext", "0x100000", "crt.o", "kernel.o", "util.o"] },
  { name: "-e kmain with a script", scripts: { "k.ld": INPUT_BASE }, argv: ["-e", "kmain", "-T", "k.ld", "crt.o", "kmain.o"] },
];
