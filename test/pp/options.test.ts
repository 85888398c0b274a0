/**
 * The preprocessor's options and contract with the assembler: -D/-U/-P/-I, the include resolver (an
 * in-memory file map, as in the browser), dependencies, __?BITS?__ tracking, verbatim lines.
 * Behaviour is checked against `nasm -E` where NASM has an opinion.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { preprocess, preprocessToText, type PreprocessorOptions } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";
import { oracle } from "../helpers/oracles";
import { dirResolver, parseFlags } from "./helpers";

const files: Record<string, string> = {
  "main.asm": '%include "k.inc"\n%pathsearch P "k.inc"\ndb P\ndb VALUE, FLAG\n%ifdef GONE\ngone\n%endif\nlast\n',
  "inc/k.inc": "%define VALUE 7\n",
  "pre.inc": "%define FLAG 1\npre_line:\n",
};

function run(source: string, extra: Partial<PreprocessorOptions> = {}) {
  return preprocess(source, { file: "main.asm", resolver: mapResolver(files), ...extra });
}
const texts = (r: ReturnType<typeof run>) => r.lines.map((l) => l.text);

describe("command-line options", () => {
  it("-I (with or without the trailing slash), -P, -D, -U and the dependency list", () => {
    for (const inc of ["inc/", "inc"]) {
      const r = run(files["main.asm"]!, {
        includePaths: [inc], preIncludes: ["pre.inc"], defines: [{ name: "GONE" }, { name: "X", value: "1" }], undefines: ["GONE"],
      });
      expect(r.diagnostics).toEqual([]);
      expect(texts(r)).toEqual(["pre_line:", "db 'inc/k.inc'", "db 7, 1", "last"]);
      expect(r.dependencies).toEqual(["main.asm", "pre.inc", "inc/k.inc"]);
      // a -P file's lines keep their own location for the assembler
      expect(r.lines[0]).toMatchObject({ file: "pre.inc", line: 2 });
    }
  });

  it("-D name=value and -D name (empty)", () => {
    const r = run("dd A, B+0\n%ifdef B\nyes\n%endif\n", { defines: [{ name: "A", value: "3*4" }, { name: "B" }] });
    expect(texts(r)).toEqual(["dd 3*4, +0", "yes"]);
  });

  it("a missing include is a located error, and preprocessing goes on as in NASM", () => {
    const r = run('nop\n  %include "nope.inc"\nafter\n');
    expect(r.diagnostics).toMatchObject([{ code: "include-not-found", text: "unable to open include file `nope.inc'", location: { file: "main.asm", line: 2, column: 3 } }]);
    expect(texts(r)).toEqual(["nop", "after"]);
  });
});

describe("standard single-line macros", () => {
  it("__?BITS?__ follows [bits N] in assembly mode and starts at the format's default", () => {
    const src = "dd __BITS__\nbits 16\ndd __?BITS?__\nuse32\ndd __BITS__\n";
    expect(texts(run(src, { outputFormat: "elf32" })).filter((t) => t.startsWith("dd"))).toEqual(["dd 32", "dd 16", "dd 32"]);
    expect(texts(run(src, { outputFormat: "bin" }))[0]).toBe("dd 16");
    // nasm -E does not run the assembler, so __?BITS?__ stays 0 there
    expect(preprocessToText(src, { file: "main.asm", resolver: mapResolver({}) }).text).toContain("dd 0\n");
  });

  it("__FILE__, __LINE__ inside a macro and an include, __OUTPUT_FORMAT__, version macros", () => {
    const r = run('%macro M 0\ndd __LINE__\ndb __FILE__\n%endmacro\nM\n%include "inc/k.inc"\ndb __?OUTPUT_FORMAT?__, __NASM_VER__\ndd __NASM_MAJOR__, __NASM_MINOR__, __?NASM_VERSION_ID?__\n', { outputFormat: "elf32" });
    expect(texts(r)).toEqual(["dd 2", "db 'main.asm'", "db elf32, \"2.16.01\"", "dd 2, 16, 002100100h"]);
  });
});

describe("lines for the assembler", () => {
  it("unchanged lines keep their text and comments (verbatim); expanded lines are re-rendered", () => {
    const r = run("  mov eax, 1   ; keep me\n%define ONE 1\n  mov eax, ONE ; expanded\n");
    expect(r.lines).toEqual([
      { text: "  mov eax, 1   ; keep me", file: "main.asm", line: 1, chain: [], verbatim: true },
      { text: " mov eax, 1", file: "main.asm", line: 3, chain: [], verbatim: false },
    ]);
  });
});

const work = mkdtempSync(join(tmpdir(), "kernlab-pp-opt-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!oracle("nasm"))("options agree with nasm -E", () => {
  it("-I -P -D -U", () => {
    mkdirSync(join(work, "inc"), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(work, name), text);
    const args = ["-Iinc/", "-Ppre.inc", "-DGONE", "-DX=1", "-UGONE"];
    const want = spawnSync("nasm", ["-E", ...args, "main.asm"], { cwd: work, encoding: "utf8" });
    expect(want.status, want.stderr).toBe(0);
    const got = preprocessToText(files["main.asm"]!, { file: "main.asm", resolver: dirResolver(work), ...parseFlags(args) });
    expect(got.text).toBe(want.stdout);
  });
});
