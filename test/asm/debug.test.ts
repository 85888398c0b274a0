// Oracle differential for -g: every elf32 corpus file and a set of line-table edge cases assembled by nasm
// and by kernlab with -F dwarf and -F stabs must give byte-identical objects (debug sections, their
// relocations, section and symbol order, and the STT_OBJECT types -g gives local data labels). Then a kernel
// assembled with `kernlab nasm -g` and linked by `kernlab ld` must map addresses to the right source lines
// in addr2line and gdb.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { command as ldCommand } from "../../scripts/commands/ld";
import { command as nasmCommand, nodeResolver, parseNasmArgs } from "../../scripts/commands/nasm";
import { UsageError } from "../../scripts/commands/types";
import { assemble, type DebugFormat } from "../../toolchain/asm/index";
import { generateLayoutInc, LAYOUT_INC } from "../../kernel/layout-inc";
import { kernelConstants, sampleLayout } from "../../kernel/layout";
import { INCLUDE_PATHS, SAMPLE_INCLUDES, SAMPLE_SOURCES } from "../../kernel/manifest";
import { oracle } from "../helpers/oracles";
import { corpusCases, corpusDir as ppCorpusDir } from "../pp/helpers";

const corpusDir = join(__dirname, "corpus");
const ELF_CORPUS = ["branches.asm", "directives.asm", "multiboot-kernel.asm", "symbols.asm"];

let dir = "";
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "kernlab-asm-debug-")));
  mkdirSync(join(dir, "inc"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** nasm's object and kernlab's for `file` (written into the temp dir, assembled there). */
function both(file: string, source: string, format: DebugFormat, extra: Record<string, string> = {}): { nasm: Buffer; kernlab: Uint8Array | null; errors: string[] } {
  writeFileSync(join(dir, file), source);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  execFileSync("nasm", ["-felf32", "-g", "-F", format, "-o", "n.o", file], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = assemble(source, { file, format: "elf32", resolver: nodeResolver(), debug: { format, compDir: dir + "/" } });
    return { nasm: readFileSync(join(dir, "n.o")), kernlab: r.output, errors: r.diagnostics.filter((d) => d.severity === "error").map((d) => d.text) };
  } finally { process.chdir(cwd); }
}

function expectIdentical(r: ReturnType<typeof both>): void {
  expect(r.errors).toEqual([]);
  expect(r.kernlab).not.toBeNull();
  expect(Buffer.from(r.kernlab!).equals(r.nasm)).toBe(true);
}

/** Line-table and typing cases: macro bodies, %rep, includes, struc/istruc, TIMES, file switches, big gaps. */
const CASES: Record<string, { source: string; files?: Record<string, string> }> = {
  "macros-and-includes": {
    source: [
      "struc S", " .a: resd 1", " .b: resw 1", "endstruc",
      "%macro PUSH2 0", "  push eax", "  push ebx", "%endmacro",
      "section .text", "global _start", "_start:", "  mov eax, 1", "  PUSH2", "  align 16", "  nop",
      "%rep 3", "  inc ebx", "%endrep", '%include "inc/a.inc"', "  ret",
      "section .data", "x: istruc S", " at S.a, dd 5", " at S.b, dw 6", "iend", "y: times 3 db 1", "z: align 8, db 0",
      "section .text", "  times 200 nop", "  nop", "",
    ].join("\n"),
    files: { "inc/a.inc": "  nop\n  inc eax\n" },
  },
  "code-on-line-1": { source: "nop\nnop\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nret\n" },
  "data-only": { source: "section .data\nmsg: db 'hi', 0\nn: dd 1\n" },
  "two-code-sections": {
    source: "section .text\n  mov eax, ebx\n  call other\nsection .init exec\n  push ebp\n  pop ebp\nsection .text\n  ret\nother:\n  times 300 db 0x90\n  ret\nsection .init\n  ret\n",
  },
  "include-first": { source: '%include "inc/first.inc"\n  inc ecx\n', files: { "inc/first.inc": "  nop\n  nop\n" } },
  "line-directive": { source: "section .text\n  nop\n%line 100+1 gen.c\n  inc eax\n  inc ebx\n%line 5+2 other.c\n  ret\n  nop\n" },
  "reserve-in-code": { source: "section .text\n  nop\n  resb 8\n  nop\nsection .bss\nbuf: resb 16\n" },
  "symbol-types": {
    source: [
      "extern unused, used", "section .data", "a: db 1", "b: dw 1, 2", "c: dd 1.5", "d: dq 0",
      "g: mov eax, 1", "  db 0", "h: db ''", "  dd 0", "i equ 5", "  dd 0", "j equ a", "  dd used", "k: times 0 db 0", "  dw 0",
      "global l", "l: dd 0", ".loc: dw 0", "m:", "..@x: dd 0", "section .bss", "n: resb 0", "o: resw 2", "p: resq 1", "q: rest 1",
      "r: reso 1", "s: resy 1", "absolute 0", "t: resd 1", "section .data", "u: incbin 'inc/a.inc'", "  db 1",
    ].join("\n") + "\n",
    files: { "inc/a.inc": "  nop\n  inc eax\n" },
  },
};

describe.skipIf(!oracle("nasm"))("-g debug information vs nasm", () => {
  for (const format of ["dwarf", "stabs"] as const) {
    for (const file of ELF_CORPUS) {
      it(`corpus ${file} -F ${format}`, () => expectIdentical(both(file, readFileSync(join(corpusDir, file), "utf8"), format)));
    }
    for (const [name, c] of Object.entries(CASES)) {
      it(`${name} -F ${format}`, () => expectIdentical(both(`${name}.asm`, c.source, format, c.files)));
    }
  }

  /** nasm and `kernlab nasm` (the CLI, so DW_AT_comp_dir comes from the real path) on `args` in `cwd`. */
  async function sameObject(cwd: string, args: string[]): Promise<void> {
    execFileSync("nasm", [...args, "-o", join(dir, "n.o")], { cwd, stdio: ["ignore", "ignore", "ignore"] });
    expect(await cli(nasmCommand, [...args, "-o", join(dir, "k.o")], cwd), args.join(" ")).toBe(0);
    expect(readFileSync(join(dir, "k.o")).equals(readFileSync(join(dir, "n.o"))), args.join(" ")).toBe(true);
  }

  it("-E -g defines __?DEBUG_FORMAT?__ as nasm -E does (not for bin)", async () => {
    writeFileSync(join(dir, "df.asm"), "%ifdef __DEBUG_FORMAT__\nfmt __DEBUG_FORMAT__\n%endif\n");
    for (const args of [["-felf32", "-g"], ["-felf32", "-Fstabs"], ["-fbin", "-g"], ["-felf32"]]) {
      let stdout = "";
      const o = vi.spyOn(process.stdout, "write").mockImplementation((t: string | Uint8Array) => { stdout += String(t); return true; });
      const back = process.cwd();
      try { process.chdir(dir); expect(await nasmCommand.run(["-E", ...args, "df.asm"])).toBe(0); } finally { process.chdir(back); o.mockRestore(); }
      expect(stdout, args.join(" ")).toBe(execFileSync("nasm", ["-E", ...args, "df.asm"], { cwd: dir, encoding: "utf8" }));
    }
  });

  it("the sample kernel's sources, -F dwarf and -F stabs", async () => {
    const root = join(dir, "sample");
    for (const path of [...SAMPLE_SOURCES, ...SAMPLE_INCLUDES]) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      cpSync(join(process.cwd(), path), join(root, path));
    }
    writeFileSync(join(root, LAYOUT_INC), generateLayoutInc(sampleLayout, kernelConstants(sampleLayout)));
    for (const path of SAMPLE_SOURCES) for (const f of ["dwarf", "stabs"]) await sameObject(root, ["-felf32", "-g", "-F", f, ...INCLUDE_PATHS.map((p) => `-I${p}`), path]);
  });

  it("the preprocessor corpus (macros, includes, %line), -g", async () => {
    const cases = corpusCases().filter((c) => !c.eOnly && c.args.some((a) => /^-f ?elf/.test(a) || a === "elf32"));
    expect(cases.length).toBeGreaterThan(5);
    for (const c of cases) await sameObject(ppCorpusDir, [...c.args, "-g", c.file]);
    for (const file of ["edge-line.asm", "edge-misc.asm", "edge-nolist.asm", "edge-roundtrip.asm"]) {
      for (const f of ["dwarf", "stabs"]) await sameObject(ppCorpusDir, ["-felf32", "-g", "-F", f, file]);
    }
  });
});

describe("kernlab nasm -g / -F", () => {
  it("parses -g, -g<format> and -F as nasm does (-F implies -g; the last format named wins)", () => {
    expect(parseNasmArgs(["-felf32", "-g", "a.asm"]).debug).toEqual({ format: null });
    expect(parseNasmArgs(["-felf32", "-gstabs", "a.asm"]).debug).toEqual({ format: "stabs" });
    expect(parseNasmArgs(["-felf32", "-F", "stabs", "-g", "a.asm"]).debug).toEqual({ format: "stabs" });
    expect(parseNasmArgs(["-felf32", "-Fdwarf", "a.asm"]).debug).toEqual({ format: "dwarf" });
    expect(parseNasmArgs(["-felf32", "a.asm"]).debug).toBeNull();
  });

  it("refuses a debug format the output format does not have (dwarf for bin, an unknown name)", async () => {
    writeFileSync(join(dir, "b.asm"), "nop\n");
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await expect(nasmCommand.run(["-fbin", "-F", "dwarf", "b.asm"])).rejects.toThrow(UsageError);
      await expect(nasmCommand.run(["-felf32", "-F", "foo", "b.asm"])).rejects.toThrow(/unrecognized debug format `foo' for output format `elf32'/);
    } finally { process.chdir(cwd); }
  });

  it("-g with -f bin changes nothing (bin has no debug format), as in nasm", () => {
    const src = "org 0x7c00\nstart: jmp start\nmsg: db 'x'\n";
    expect(assemble(src, { format: "bin", debug: { format: "dwarf" } }).output).toEqual(assemble(src, { format: "bin" }).output);
  });

  it("defines __?DEBUG_FORMAT?__ only with -g", () => {
    const src = "%ifidn __?DEBUG_FORMAT?__, stabs\ndb 'stabs'\n%elifdef __DEBUG_FORMAT__\ndb 'other'\n%else\ndb 'none'\n%endif\n";
    const text = (o: Uint8Array | null) => new TextDecoder().decode(o!);
    expect(text(assemble(src, { format: "bin", debug: { format: "stabs" } }).output)).toBe("none");
    const elf = assemble(src, { format: "elf32", debug: { format: "stabs" } }).output!;
    expect(Buffer.from(elf).includes(Buffer.from("stabs"))).toBe(true);
    expect(Buffer.from(assemble(src, { format: "elf32" }).output!).includes(Buffer.from("none"))).toBe(true);
  });
});

const KERNEL = [
  "; a tiny multiboot kernel with a macro and an include",  // 1
  "MB_MAGIC equ 0x1BADB002",                                 // 2
  "section .multiboot",                                      // 3
  "align 4",                                                 // 4
  "    dd MB_MAGIC, 0, -MB_MAGIC",                           // 5
  "%macro OUTB 2",                                           // 6
  "    mov dx, %1",                                          // 7
  "    mov al, %2",                                          // 8
  "    out dx, al",                                          // 9
  "%endmacro",                                               // 10
  "section .text",                                           // 11
  "global _start",                                           // 12
  "_start:",                                                 // 13
  "    mov esp, stack_top",                                  // 14
  "    call setup",                                          // 15
  "    OUTB 0xf4, 0",                                        // 16
  ".hang:",                                                  // 17
  "    hlt",                                                 // 18
  "    jmp .hang",                                           // 19
  '%include "setup.inc"',                                    // 20
  "section .bss",                                            // 21
  "align 16",                                                // 22
  "    resb 4096",                                           // 23
  "stack_top:",                                              // 24
].join("\n") + "\n";
const SETUP = "setup:\n    xor eax, eax\n    mov ecx, 10\n.loop:\n    inc eax\n    loop .loop\n    ret\n";
const SCRIPT = "ENTRY(_start)\nSECTIONS {\n  . = 1M;\n  .text : { *(.multiboot) *(.text) }\n  .bss : { *(.bss) }\n}\n";

async function cli(cmd: typeof nasmCommand, argv: string[], cwd: string): Promise<number> {
  const o = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const back = process.cwd();
  try { process.chdir(cwd); return await cmd.run(argv); } finally { process.chdir(back); o.mockRestore(); e.mockRestore(); }
}

describe.skipIf(!oracle("addr2line") || !oracle("gdb"))("a kernel built by kernlab nasm -g and kernlab ld, read by addr2line and gdb", () => {
  let kdir = "";
  const symbols = new Map<string, number>();
  beforeAll(async () => {
    kdir = join(dir, "kernel");
    mkdirSync(kdir);
    writeFileSync(join(kdir, "kernel.asm"), KERNEL);
    writeFileSync(join(kdir, "setup.inc"), SETUP);
    writeFileSync(join(kdir, "link.ld"), SCRIPT);
    expect(await cli(nasmCommand, ["-felf32", "-g", "-F", "dwarf", "kernel.asm", "-o", "kernel.o"], kdir)).toBe(0);
    expect(await cli(ldCommand, ["-m", "elf_i386", "-T", "link.ld", "-o", "kernel.elf", "kernel.o"], kdir)).toBe(0);
    for (const row of execFileSync("nm", [join(kdir, "kernel.elf")], { encoding: "utf8" }).split("\n")) {
      const m = /^([0-9a-f]{8}) \w (\S+)$/.exec(row);
      if (m) symbols.set(m[2]!, parseInt(m[1]!, 16));
    }
  });

  // Addresses from the linked kernel's own symbols, plus the byte offsets of the instructions within them.
  const at = (sym: string, plus = 0) => `0x${(symbols.get(sym)! + plus).toString(16)}`;

  it.skipIf(!oracle("ld"))("kernlab ld links the debug object exactly as GNU ld does", () => {
    execFileSync("ld", ["-m", "elf_i386", "-T", "link.ld", "-o", "kernel.gnu.elf", "kernel.o"], { cwd: kdir, stdio: "ignore" });
    expect(readFileSync(join(kdir, "kernel.elf")).equals(readFileSync(join(kdir, "kernel.gnu.elf")))).toBe(true);
  });

  it("addr2line names the source file and line of main-file, macro-body and included instructions", () => {
    const lines = execFileSync("addr2line", ["-e", join(kdir, "kernel.elf"), at("_start"), at("_start", 5), at("_start", 10), at("_start.hang", 1), at("setup", 2), at("setup.loop")], { encoding: "utf8" }).trim().split("\n");
    expect(lines).toEqual([
      `${kdir}/kernel.asm:14`, `${kdir}/kernel.asm:15`, `${kdir}/kernel.asm:7`, `${kdir}/kernel.asm:19`, `${kdir}/setup.inc:3`, `${kdir}/setup.inc:5`,
    ].map((p) => p.replace(`${kdir}/`, `${kdir}//`)));
  });

  it("gdb's info line agrees", () => {
    const out = execFileSync("gdb", ["-batch", "-nx", "-ex", `info line *${at("setup", 2)}`, "-ex", `info line *${at("_start", 5)}`, join(kdir, "kernel.elf")], { encoding: "utf8" });
    expect(out).toMatch(/Line 3 of "setup\.inc" starts at address 0x[0-9a-f]+ <setup\+2>/);
    expect(out).toMatch(/Line 15 of "kernel\.asm" starts at address 0x[0-9a-f]+ <_start\+5>/);
  });

  it("gdb sets a breakpoint by source line at the line's address", () => {
    const out = execFileSync("gdb", ["-batch", "-nx", "-ex", "break kernel.asm:18", "-ex", "info line setup.inc:5", join(kdir, "kernel.elf")], { encoding: "utf8" });
    expect(out).toContain(`Breakpoint 1 at ${at("_start.hang")}: file kernel.asm, line 18.`);
    expect(out).toContain(`Line 5 of "setup.inc" starts at address ${at("setup.loop")} <setup.loop>`);
  });
});
