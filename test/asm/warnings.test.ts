// NASM's default warnings (label-orphan, number-overflow, zeroing, other, db-empty, prefix-lock): `kernlab nasm` prints exactly what
// `nasm` prints on stderr, line and text, macro chain included, with the same exit status, for the warning
// corpus (test/asm/warnings/*.asm) under -O0/-O1/-Ox and the -w switches, and prints no warning nasm does not
// on the assembler corpus, the preprocessor corpus and the sample kernel. Plus the API's shape of a warning.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generateLayoutInc, LAYOUT_INC } from "../../kernel/layout-inc";
import { kernelConstants, sampleLayout } from "../../kernel/layout";
import { INCLUDE_PATHS, SAMPLE_INCLUDES, SAMPLE_SOURCES } from "../../kernel/manifest";
import { command } from "../../scripts/commands/nasm";
import { assemble, warningSwitches } from "../../toolchain/asm/index";
import { oracle } from "../helpers/oracles";
import { corpusCases, corpusDir as ppCorpusDir } from "../pp/helpers";

const warningsDir = join(__dirname, "warnings");
const asmCorpusDir = join(__dirname, "corpus");
const work = mkdtempSync(join(tmpdir(), "kernlab-warn-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cwd = process.cwd();

interface Run { code: number; stderr: string }

function nasm(dir: string, args: string[]): Run {
  const r = spawnSync("nasm", [...args, "-o", join(work, "n.o")], { cwd: dir, encoding: "utf8" });
  return { code: r.status ?? -1, stderr: r.stderr };
}

async function kernlab(dir: string, args: string[]): Promise<Run> {
  let stderr = "";
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  try {
    process.chdir(dir);
    return { code: await command.run([...args, "-o", join(work, "k.o")]), stderr };
  } finally {
    process.chdir(cwd);
    e.mockRestore();
  }
}

/** The lines of the warnings kernlab implements (and their macro chains), from either tool's stderr. */
function warningLines(stderr: string): string[] {
  const out: string[] = [];
  let inWarning = false;
  for (const line of stderr.split("\n")) {
    if (/ \[-w\+(error=)?(label-orphan|number-overflow|zeroing|other)\]$/.test(line)) { inWarning = true; out.push(line); }
    else if (inWarning && /: \.\.\. from macro `/.test(line)) out.push(line);
    else inWarning = false;
  }
  return out;
}

const warningFiles = readdirSync(warningsDir).filter((f) => f.endsWith(".asm")).sort();

describe.skipIf(!oracle("nasm"))("warnings equal nasm's", () => {
  it("the warning corpus has every kind of warning", () => {
    const all = warningFiles.map((f) => readFileSync(join(warningsDir, f), "utf8")).join("\n");
    for (const s of ["resb", "section .bss", "[warning push]", "%macro", "push byte", "times", "lock", "section .data noalloc"]) expect(all).toContain(s);
  });
  for (const file of warningFiles) {
    for (const opt of ["-O0", "-O1", "-Ox"]) {
      it(`${file} ${opt}: the same stderr and exit status`, async () => {
        const args = ["-felf32", opt, file];
        const n = nasm(warningsDir, args);
        expect(n.stderr).toMatch(/warning: /);
        expect(await kernlab(warningsDir, args)).toEqual(n);
        // and the same object: what a warning keeps or drops (truncated bytes, ignored attributes) is nasm's
        expect(Buffer.compare(readFileSync(join(work, "k.o")), readFileSync(join(work, "n.o")))).toBe(0);
      });
    }
    it(`${file}: -w switches as nasm`, async () => {
      for (const sw of [["-w-label-orphan"], ["-w-orphan-labels"], ["-w-number-overflow"], ["-w-zeroing"], ["-w-other"], ["-w-all"],
        ["-w-all", "-w+zeroing"], ["-w+error=zeroing"], ["-w+error=label-orphan"], ["-Werror"]]) {
        const args = ["-felf32", ...sw, file];
        expect(await kernlab(warningsDir, args), sw.join(" ")).toEqual(nasm(warningsDir, args));
      }
    });
  }

  it("nasm -l lists each warning under its line; so does kernlab's listing", async () => {
    // The warning rows (listing.test.ts compares whole listings).
    const rows = (path: string) => readFileSync(path, "latin1").split("\n").filter((l) => l.includes("*".repeat(18))).map((l) => l.replace(/<\d+>/, "").replace(/\s+/g, " "));
    for (const file of warningFiles) {
      nasm(warningsDir, ["-felf32", "-l", join(work, "n.lst"), file]);
      await kernlab(warningsDir, ["-felf32", "-l", join(work, "k.lst"), file]);
      expect(rows(join(work, "k.lst")), file).toEqual(rows(join(work, "n.lst")));
      expect(rows(join(work, "k.lst")).length, file).toBeGreaterThan(0);
    }
  });

  it("the assembler corpus: no warning nasm does not print", async () => {
    for (const file of readdirSync(asmCorpusDir).filter((f) => f.endsWith(".asm"))) {
      const args = [file === "boot-sector.asm" || file === "sections-bin.asm" ? "-fbin" : "-felf32", file];
      expect(warningLines((await kernlab(asmCorpusDir, args)).stderr), file).toEqual(warningLines(nasm(asmCorpusDir, args).stderr));
    }
  });

  it("the preprocessor corpus: the same warnings as nasm", async () => {
    for (const c of corpusCases().filter((x) => !x.eOnly)) {
      const args = [...c.args, c.file];
      expect(warningLines((await kernlab(ppCorpusDir, args)).stderr), args.join(" ")).toEqual(warningLines(nasm(ppCorpusDir, args).stderr));
    }
  });

  it("the sample kernel assembles without a warning, as with nasm", async () => {
    const root = join(work, "sample");
    for (const path of [...SAMPLE_SOURCES, ...SAMPLE_INCLUDES]) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      cpSync(join(cwd, path), join(root, path));
    }
    writeFileSync(join(root, LAYOUT_INC), generateLayoutInc(sampleLayout, kernelConstants(sampleLayout)));
    for (const path of SAMPLE_SOURCES) {
      const args = ["-felf32", ...INCLUDE_PATHS.map((p) => `-I${p}`), path];
      const n = nasm(root, args);
      expect(n, path).toEqual({ code: 0, stderr: "" });
      expect(await kernlab(root, args), path).toEqual(n);
    }
  });
});

describe("warnings through the API", () => {
  it("are diagnostics with severity warning and NASM's name as code; the output is still produced", () => {
    const r = assemble("section .text\nstart\n    db 256\n    resb 4\n", { file: "w.asm" });
    expect(r.output).not.toBeNull();
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.location?.line, d.text])).toEqual([
      ["warning", "label-orphan", 2, "label alone on a line without a colon might be in error"],
      ["warning", "number-overflow", 3, "byte data exceeds bounds"],
      ["warning", "zeroing", 4, "uninitialized space declared in non-BSS section `.text': zeroing"],
    ]);
  });
  it("carry the macro call chain as notes, like errors", () => {
    const r = assemble("%macro m 1\n  db %1\n%endmacro\n  m 300\n", { file: "w.asm" });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: "warning", location: { line: 2 }, notes: [{ text: "in macro expansion called from here", location: { line: 4 } }] });
  });
  it("follow the switches: off, an error (no output), older names", () => {
    expect(assemble("x\n", { warnings: { "orphan-labels": false } }).diagnostics).toEqual([]);
    const e = assemble("section .text\nresb 1\n", { warnings: { "error=zeroing": true } });
    expect(e.output).toBeNull();
    expect(e.diagnostics.map((d) => d.severity)).toEqual(["error"]);
    expect(warningSwitches({ all: false, zeroing: true }).get("zeroing")).toEqual({ enabled: true, error: false });
    expect(warningSwitches({ all: false, zeroing: true }).get("other")).toEqual({ enabled: false, error: false });
  });
  it("an explicit byte immediate out of range is truncated, as nasm encodes it", () => {
    const r = assemble("bits 32\npush byte 200\nadd eax, byte -129\n", { format: "bin" });
    expect(Array.from(r.output!)).toEqual([0x6a, 0xc8, 0x83, 0xc0, 0x7f]);
  });
});
