/**
 * Differential tests against NASM 2.16 over test/pp/corpus: `-E` output must equal `nasm -E`
 * (including the %line markers), and the object files kernlab assembles from the corpus must equal
 * `nasm -felf32`'s byte for byte.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assemble } from "../../toolchain/asm/index";
import { preprocess, preprocessToText } from "../../toolchain/asm/preprocess/index";
import { oracle } from "../helpers/oracles";
import { corpusCases, corpusDir, dirResolver, parseFlags } from "./helpers";

const cases = corpusCases();
const resolver = dirResolver(corpusDir);
const work = mkdtempSync(join(tmpdir(), "kernlab-pp-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `%line N+M file` markers normalised to `%line` + the file (the line numbers still differ if lines do). */
const normaliseLineMarkers = (text: string) => text.replace(/^%line (\d+)\+(\d+) (.*)$/gm, "%line $1+$2 $3");

describe("corpus", () => {
  it("exercises every feature of the issue", () => {
    const all = cases.filter((c) => !c.eOnly).map((c) => readFileSync(join(corpusDir, c.file), "utf8")).join("\n");
    for (const feature of [
      "%define", "%xdefine", "%idefine", "%undef", "%assign", "%defstr", "%strlen", "%substr", "%strcat", "%+", "%[", "%?", "%??",
      "%macro", "%imacro", "%unmacro", "%endmacro", "%0", "%{1:-1}", "%%", "%rotate", "%00", "%-1", "%+1", "1-*", "1+", "%exitmacro",
      "%rep", "%endrep", "%exitrep", "%if", "%elif", "%else", "%ifdef", "%ifndef", "%ifidn", "%ifidni", "%ifnum", "%ifstr", "%ifid",
      "%ifmacro", "%ifctx", "%elifctx", "%elifdef", "%push", "%pop", "%repl", "%$", "%$$", "%include", "__FILE__", "__LINE__",
      "__?OUTPUT_FORMAT?__", "__NASM_VER__", "struc", "istruc", "align", "alignb", "bits", "section",
      "%defalias", "%idefalias", "%undefalias", "%ifdefalias", "%aliases", "%clear", "%stacksize", "%arg", "%local",
      "%$localsize", "%use", "%ifusable", "%ifusing", "alignmode", "float32(", "bf16", "ilog2(", "(=", "(&", "(&&", "(!", "sectalign off",
    ]) expect(all, feature).toContain(feature);
  });
});

describe.skipIf(!oracle("nasm"))("-E output equals nasm -E", () => {
  for (const c of cases) {
    it(`${c.file} ${c.args.join(" ")}`, () => {
      const want = spawnSync("nasm", ["-E", ...c.args, c.file], { cwd: corpusDir, encoding: "utf8" });
      const got = preprocessToText(readFileSync(join(corpusDir, c.file), "utf8"), { file: c.file, resolver, ...parseFlags(c.args) });
      if (!c.eOnly) {
        expect(want.status, want.stderr).toBe(0);
        expect(got.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      }
      expect(normaliseLineMarkers(got.text)).toBe(normaliseLineMarkers(want.stdout));
    });
  }
});

describe.skipIf(!oracle("nasm"))("objects assembled from the corpus equal nasm -felf32", () => {
  for (const c of cases.filter((x) => !x.eOnly)) {
    it(`${c.file} ${c.args.join(" ")}`, () => {
      const out = join(work, c.file.replace(/\.asm$/, "") + c.args.join("").replace(/[^A-Za-z0-9]/g, "_") + ".o");
      execFileSync("nasm", [...c.args, c.file, "-o", out], { cwd: corpusDir });
      const flags = parseFlags(c.args);
      const r = assemble(readFileSync(join(corpusDir, c.file), "utf8"), {
        file: c.file, format: "elf32", resolver, defines: flags.defines, undefines: flags.undefines,
        includePaths: flags.includePaths, preIncludes: flags.preIncludes,
      });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(Buffer.from(r.output!).equals(readFileSync(out))).toBe(true);
    });
  }
});

describe("corpus lines carry their origin", () => {
  it("macro lines have the definition's location and the call chain; plain lines are verbatim", () => {
    const r = preprocess(readFileSync(join(corpusDir, "isr.asm"), "utf8"), { file: "isr.asm", resolver, outputFormat: "elf32" });
    expect(r.diagnostics).toEqual([]);
    expect(r.dependencies).toEqual(["isr.asm", "consts.inc"]);
    const isr8 = r.lines.findIndex((l) => l.text === "isr8:");
    expect(isr8).toBeGreaterThan(0);
    const stub = r.lines[isr8]!;
    // ISR_ERRCODE's body line "isr%1:" is line 22 of isr.asm; the call is inside %rep at line 40.
    expect(stub).toMatchObject({ file: "isr.asm", line: 22, verbatim: false });
    expect(stub.chain.map((c) => `${c.file}:${c.line}:${c.column}`)).toEqual(["isr.asm:40:5"]);
    const plain = r.lines.find((l) => l.text.startsWith("stack_top:"))!;
    expect(plain).toMatchObject({ verbatim: true, chain: [] });
    expect(r.lines.some((l) => l.text === "[bits 32]")).toBe(true);
  });
});

describe.skipIf(!oracle("nasm"))("the project's own kernel sources: -E output equals nasm -E", () => {
  const root = join(corpusDir, "..", "..", "..");
  const sources = ["boot", "kernel"].flatMap((d) =>
    readdirSync(join(root, d)).filter((f) => f.endsWith(".asm")).map((f) => `${d}/${f}`),
  );
  it("finds the kernel sources", () => expect(sources.length).toBeGreaterThan(0));
  for (const file of sources) {
    it(file, () => {
      const args = ["-Ikernel/", `-I${file.split("/")[0]}/`];
      const want = spawnSync("nasm", ["-E", ...args, file], { cwd: root, encoding: "utf8" });
      const got = preprocessToText(readFileSync(join(root, file), "utf8"), { file, resolver: dirResolver(root), ...parseFlags(args) });
      expect(got.text).toBe(want.stdout);
    });
  }
});
