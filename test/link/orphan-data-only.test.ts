/**
 * Oracle differential: orphan placement next to output sections that hold no input section, only script
 * statements (LONG/BYTE/SHORT/QUAD, FILL, ASSERT, symbol assignments, `. +=`). ld gives such a section bfd
 * flags and an ELF type before it places orphans (read-only contents when a data statement creates it, none
 * when an assignment, ASSERT or FILL comes first; PROGBITS/NOBITS/NOTE by name), and its orphan rules read
 * them. Each script in the matrix is linked with objects holding orphans of every kind (.rodata, .data.x,
 * .bss.x, .text.x, a loaded note) by GNU ld 2.40 and by kernlab; the outputs must be equal byte for byte.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLdArgs, prepareLd } from "../../scripts/commands/ld";
import { isKernlabError } from "../../core/diagnostics";
import { link } from "../../toolchain/link/index";
import { oracle } from "../helpers/oracles";

const SOURCES: Record<string, string> = {
  // The reproduction: .rodata and .data, no orphan named for its class.
  "rodata-data": "global _start\nsection .rodata\ndb 1\nsection .data\ndb 2\nsection .text\n_start: ret\n",
  // Orphans of every kind.
  "every": `global _start
section .text
_start: ret
section .rodata
db 1
section .data
db 2
section .data.x progbits alloc write noexec
db 3
section .bss.x nobits alloc write noexec
resb 4
section .text.x progbits alloc exec nowrite
nop
section .note.x note alloc noexec nowrite
dd 4, 0, 1
db "GNU", 0
section .rodata.y progbits alloc noexec nowrite
db 5
`,
};

const STATEMENTS: Record<string, string> = {
  LONG: "LONG(1)", BYTE: "BYTE(1)", SHORT: "SHORT(1)", QUAD: "QUAD(1)", FILL: "FILL(0x90)", ASSERT: 'ASSERT(1, "x");',
  "s = .": "s = .;", PROVIDE: "PROVIDE(p = 1);", ". += 4": ". = . + 4;", "s = .; LONG": "s = .; LONG(1)", "FILL; BYTE": "FILL(0x90); BYTE(2)",
};
const NAMES = [".data", ".rodata", ".foo", ".bss", ".note.z"];

interface Case { name: string; body: string }
const CASES: Case[] = [];
for (const [label, stmt] of Object.entries(STATEMENTS)) {
  for (const nm of NAMES) {
    CASES.push({ name: `.text, ${nm} { ${label} }`, body: `.text : { *(.text) }\n  ${nm} : { ${stmt} }` });
    CASES.push({ name: `${nm} { ${label} }, .text`, body: `${nm} : { ${stmt} }\n  .text : { *(.text) }` });
  }
  CASES.push({ name: `.text { ${label} } alone`, body: `.text : { ${stmt} }` });
}
// A NOBITS section followed by loaded ones stays in one PT_LOAD (ld does not start a segment there).
CASES.push({ name: ".bss before .text (plain)", body: ".bss : { *(.bss) }\n  .text : { *(.text) }" });
CASES.push({ name: ".text, NOLOAD .bss, .data", body: ".text : { *(.text) }\n  .bss (NOLOAD) : { *(.bss) }\n  .data : { *(.data) }" });

// `. = . + 4` then an input that needs alignment: named in the script, both gaps take the code fill (NOPs);
// joined as an orphan (`.text { . += 4 } alone` above), ld's alignment padding takes over the `. =` padding
// and the first gap stays zeros.
CASES.push({ name: ".text { . += 4; *(.text) } (input named)", body: ".text : { . = . + 4; *(.text) }" });
CASES.push({ name: ".text { . += 3 } and .text.x as orphans", body: ".text : { . = . + 3; }\n  .text.x : { . = . + 5; }" });

describe.skipIf(!(oracle("ld") && oracle("nasm")))("orphans next to data-only output sections (against GNU ld 2.40)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kernlab-orphan-data-"));
    for (const [name, text] of Object.entries(SOURCES)) {
      writeFileSync(join(dir, `${name}.asm`), text);
      execFileSync("nasm", ["-felf32", `${name}.asm`, "-o", `${name}.o`], { cwd: dir });
    }
  });

  it("the reproduction: ld places the orphan .rodata after `.data : { LONG(1) }`", () => {
    writeFileSync(join(dir, "r.ld"), "ENTRY(_start)\nSECTIONS {\n  . = 0x100000;\n  .text : { *(.text) }\n  .data : { LONG(1) }\n}\n");
    execFileSync("ld", ["-m", "elf_i386", "-T", "r.ld", "rodata-data.o", "-o", "r.out"], { cwd: dir });
    const { inputs, options } = prepareLd(parseLdArgs(["-T", "r.ld", "rodata-data.o"]), dir);
    const ours = link(inputs, options);
    expect(ours.image).toEqual(new Uint8Array(readFileSync(join(dir, "r.out"))));
    const names = ours.map.outputSections.map((s) => s.name);
    expect(names.indexOf(".rodata")).toBeGreaterThan(names.indexOf(".data"));
  });

  it("ASSERT inside an output section needs ';' or ',' after it, as in ld (outside, it does not)", () => {
    const run = (body: string) => {
      writeFileSync(join(dir, "a.ld"), `ENTRY(_start)\nSECTIONS {\n  . = 0x100000;\n  ${body}\n}\n`);
      const ld = spawnSync("ld", ["-m", "elf_i386", "-T", "a.ld", "every.o", "-o", "a.out"], { cwd: dir, encoding: "utf8" });
      let ours: Uint8Array | null = null, code = "";
      try {
        const { inputs, options } = prepareLd(parseLdArgs(["-T", "a.ld", "every.o"]), dir);
        ours = link(inputs, options).image;
      } catch (e) {
        if (!isKernlabError(e)) throw e;
        code = e.diagnostics[0]?.code ?? "";
      }
      return { ldStatus: ld.status, ldErr: ld.stderr, ours, code, theirs: ld.status === 0 ? readFileSync(join(dir, "a.out")) : null };
    };
    for (const body of ['.text : { *(.text) ASSERT(1, "x") }', '.text : { ASSERT(1, "x") LONG(1) }']) {
      const r = run(body);
      expect(r.ldErr, body).toMatch(/syntax error/);
      expect(r.ldStatus).toBe(1);
      expect(r.ours, "kernlab refuses it too").toBeNull();
      expect(r.code).toBe("script-syntax");
    }
    for (const body of ['.text : { *(.text) ASSERT(1, "x"); }', '.text : { *(.text) ASSERT(1, "x"), }', '.text : { *(.text) } ASSERT(1, "x")']) {
      const r = run(body);
      expect(r.ldStatus, r.ldErr).toBe(0);
      expect(Buffer.from(r.ours!).equals(r.theirs!), body).toBe(true);
    }
  });

  it.each(CASES)("$name", ({ body }) => {
    const mismatches: string[] = [];
    for (const obj of ["rodata-data.o", "every.o"]) {
      writeFileSync(join(dir, "k.ld"), `ENTRY(_start)\nSECTIONS {\n  . = 0x100000;\n  ${body}\n}\n`);
      const ld = spawnSync("ld", ["-m", "elf_i386", "-T", "k.ld", obj, "-o", "ld.out"], { cwd: dir, encoding: "utf8" });
      expect(ld.status, ld.stderr).toBe(0);
      const { inputs, options } = prepareLd(parseLdArgs(["-T", "k.ld", obj]), dir);
      if (!Buffer.from(link(inputs, options).image).equals(readFileSync(join(dir, "ld.out")))) mismatches.push(obj);
    }
    expect(mismatches, "outputs differing from ld's").toEqual([]);
  });
});
