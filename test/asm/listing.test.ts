// Oracle differential for -l: kernlab's listing file must be byte-identical to nasm's for the whole assembler
// corpus (-O0, -O1, -Ox), the preprocessor and warning corpora, the sample kernel, and listing edge cases
// (include and macro levels, %rep and %exitrep, labels before macro calls, TIMES/INCBIN/RESx forms, relocated
// fields, continuation rows, long lines).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateLayoutInc, LAYOUT_INC } from "../../kernel/layout-inc";
import { kernelConstants, sampleLayout } from "../../kernel/layout";
import { INCLUDE_PATHS, SAMPLE_INCLUDES, SAMPLE_SOURCES } from "../../kernel/manifest";
import { command } from "../../scripts/commands/nasm";
import { oracle } from "../helpers/oracles";
import { corpusCases, corpusDir as ppCorpusDir } from "../pp/helpers";

const asmCorpusDir = join(__dirname, "corpus");
const warningsDir = join(__dirname, "warnings");
let work = "";
beforeAll(() => { work = mkdtempSync(join(tmpdir(), "kernlab-listing-")); });
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The listing nasm writes and the one kernlab writes for `args` (run in `cwd`). */
async function listings(cwd: string, args: string[]): Promise<{ nasm: string; kernlab: string }> {
  const n = join(work, "n.lst"), k = join(work, "k.lst");
  execFileSync("nasm", [...args, "-l", n, "-o", join(work, "n.o")], { cwd, stdio: ["ignore", "ignore", "ignore"] });
  const o = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const back = process.cwd();
  let code: number;
  try { process.chdir(cwd); code = await command.run([...args, "-l", k, "-o", join(work, "k.o")]); } finally { process.chdir(back); o.mockRestore(); e.mockRestore(); }
  expect(code, args.join(" ")).toBe(0);
  return { nasm: readFileSync(n, "latin1"), kernlab: readFileSync(k, "latin1") };
}

async function expectSameListing(cwd: string, args: string[]): Promise<void> {
  const { nasm, kernlab } = await listings(cwd, args);
  expect(nasm.length, args.join(" ")).toBeGreaterThan(0);
  expect(kernlab, args.join(" ")).toBe(nasm);
}

const EDGE: Record<string, string> = {
  "nolist.asm": "%macro Q 0\n[list -]\n nop\n[list +]\n%endmacro\nnop\nQ\ninc eax\n[list -]\n%rep 2\n  nop\n%endrep\n  dd 1\n[list +]\nret\n",
  "outputs.asm": [
    "section .text", "  times 3 nop", "  times 20 db 1", '  incbin "blob.bin"', '  times 2 incbin "blob.bin"', "  resb 3", "  resb 20",
    "  times 4 resb 2", "  call ext", "  times 3 call ext", "  jmp near far_label", "  mov eax, [d + 4]", "  dd ext - $",
    "  db 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20", "  dd d, d, d, d, d, d", "  push dword d", "  mov word [d], 5", "  mov byte [eax+d], 1", "  call [d]", "  lea eax, [d+ebx*4]", "  times 5 push d",
    "  dd 1.5, 2.5", "  dq 0x1122334455667788", "  dw d", "  db 'a long string of text here', 0",
    "section .bss", "  resd 4", "  db 1", "  dd 300, 1", "struc S", ".a: resd 1", ".b: resb 20", "endstruc",
    "section .data", "d: istruc S", "  at S.a, dd 1", "  at S.b, db 'x'", "iend", "far_label: align 16, db 0", "  alignb 8", "extern ext", "",
  ].join("\n"),
  "levels.asm": [
    "%define VAL 5", "%macro OUT2 2 ; comment", "  mov eax, %1 ; c1", "  mov ebx, %2+VAL", "%endmacro",
    "%macro M 1", "  dd %{1}", "  dd %{1:1}", "%endmacro", "%macro L 1", "%00: dd %1", "%endmacro",
    "section .text", "  mov ecx, VAL", "  OUT2 1, 2", "lbl: M 5", "lbl2 M 6", "zz: L 4",
    "%rep 2", "  inc eax", "%endrep", "%if 0", "  bogus", "%endif", '%include "inc/a.inc"',
    "%assign x 0", "%rep 10", "  %assign x x+1", "  %if x == 2", "    %exitrep", "    db 1", "  %endif", "  db 2", "%endrep",
    "%macro E 0", "  db 3", "  %exitmacro", "  db 4", "%endmacro", "E",
    // eleven nested macro levels (`<10>` and beyond shift the marker one column left)
    "%macro N0 0", "  db 0", "%endmacro",
    ...Array.from({ length: 11 }, (_, i) => [`%macro N${i + 1} 0`, `  db ${i + 1}`, `  N${i}`, `  nop`, "%endmacro"]).flat(),
    "%warning a listed warning", "%macro W 1", "  db %1", "%endmacro", "  W 300",
    "N11", "%line 100+1 gen.c", "  inc ebx", "%line 5+2 other.c", "  ret", "; " + "x".repeat(1100), "  db 0 ; " + "y".repeat(1030), "\tinc  eax  ", "",
  ].join("\n"),
};

describe.skipIf(!oracle("nasm"))("-l listing vs nasm", () => {
  const asmFiles = readdirSync(asmCorpusDir).filter((f) => f.endsWith(".asm")).sort();
  it("covers the whole assembler corpus", () => expect(asmFiles.length).toBeGreaterThanOrEqual(6));
  for (const file of asmFiles) {
    const format = file === "boot-sector.asm" || file === "sections-bin.asm" ? "-fbin" : "-felf32";
    for (const opt of ["-O0", "-O1", "-Ox"]) it(`corpus ${file} ${opt}`, () => expectSameListing(asmCorpusDir, [format, opt, file]));
  }

  it("the preprocessor corpus", async () => {
    const cases = corpusCases().filter((c) => !c.eOnly && !c.args.some((a) => a === "-E"));
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) await expectSameListing(ppCorpusDir, [...c.args, c.file]);
  });

  it("the preprocessor's -E-only edge files that also assemble (%line, .nolist macros, odd spellings)", async () => {
    for (const file of ["edge-line.asm", "edge-misc.asm", "edge-nolist.asm", "edge-roundtrip.asm"]) await expectSameListing(ppCorpusDir, ["-felf32", file]);
  });

  it("the warnings corpus (each warning listed where nasm lists it)", async () => {
    for (const file of readdirSync(warningsDir).filter((f) => f.endsWith(".asm"))) await expectSameListing(warningsDir, ["-felf32", file]);
  });

  it("the sample kernel", async () => {
    const root = join(work, "sample");
    for (const path of [...SAMPLE_SOURCES, ...SAMPLE_INCLUDES]) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      cpSync(join(process.cwd(), path), join(root, path));
    }
    writeFileSync(join(root, LAYOUT_INC), generateLayoutInc(sampleLayout, kernelConstants(sampleLayout)));
    for (const path of SAMPLE_SOURCES) await expectSameListing(root, ["-felf32", ...INCLUDE_PATHS.map((p) => `-I${p}`), path]);
  });

  for (const [file, source] of Object.entries(EDGE)) {
    it(`edge cases: ${file}`, async () => {
      const dir = join(work, "edge");
      mkdirSync(join(dir, "inc"), { recursive: true });
      writeFileSync(join(dir, "blob.bin"), "ABCDEFGHIJKLMNOPQRS");
      writeFileSync(join(dir, "inc", "a.inc"), "  nop\n%include \"inc/b.inc\"\n  inc eax\n");
      writeFileSync(join(dir, "inc", "b.inc"), "  OUT2 3, 4\n");
      writeFileSync(join(dir, file), source);
      await expectSameListing(dir, ["-felf32", file]);
    });
  }
});
