// Issue 21, round two: arbitrarily long source lines. A data declaration longer than the preprocessor's
// long-line size is streamed in pieces (preprocess/engine.ts longLine) and must give NASM's bytes and
// NASM's `-E` text; `nasm -E` output is streamed (kernlab nasm -E to stdout or -o) and byte-identical.
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { assemble } from "../../toolchain/asm/index";
import { preprocessToText } from "../../toolchain/asm/preprocess/index";
import { longLineCuts } from "../../toolchain/asm/preprocess/engine";
import { mapResolver } from "../../toolchain/asm/source";
import { prepareCli } from "../cli/cli";
import { oracle } from "../helpers/oracles";
import { corpusCases, corpusDir } from "../pp/helpers";
import { kernlabBounded } from "./bounded";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
let dir: string;
beforeAll(() => {
  prepareCli();
  dir = mkdtempSync(join(tmpdir(), "kl-long-"));
});

/** A deterministic pseudo-random generator (the big line is the same on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

/** One data item as generated tables write them (numbers, expressions, strings with commas and semicolons). */
function item(r: () => number): string {
  const v = r() % 256;
  switch (r() % 8) {
    case 0: return `0x${v.toString(16)}`;
    case 1: return `-${v % 128}`;
    case 2: return `(${v} + 1) & 0xff`;
    case 3: return `'a,${String.fromCharCode(97 + (v % 26))};'`;
    case 4: return `~${v} & 255`;
    default: return String(v);
  }
}

describe("long data lines (issue 21, round two)", () => {
  it("the piece cutter cuts after top-level commas only, never inside strings, parentheses or the comment", () => {
    const line = "db 1,'a,b',(2,3),`x\\`,y`,[4,5],6 ; c,d";
    const cuts = longLineCuts(line, 1);
    expect(cuts.map((c) => line[c - 1])).toEqual([",", ",", ",", ",", ","]);
    expect(cuts.map((c) => line.slice(0, c).split(",").length)).toEqual([2, 4, 6, 8, 10]);
    expect(longLineCuts("db 1,2,3,   ; trailing", 1)).toEqual([5, 7]);
  });

  it.skipIf(!oracle("nasm"))("a 6 MB db line assembles within 512 MiB to nasm's bytes (sha256), a label on it, a dd of labels after", async () => {
    const r = lcg(21);
    const items: string[] = [];
    let size = 0;
    while (size < 6_000_000) { const it = item(r); items.push(it); size += it.length + 2; }
    const src = `bits 32\ntable: db ${items.join(", ")} ; generated\nlen equ $ - table\ndd len, table\n`;
    writeFileSync(join(dir, "big.asm"), src);
    const k = await kernlabBounded(["nasm", "-fbin", "big.asm", "-o", "big.k.bin"], { cwd: dir, rssMiB: 512, ms: 60_000 });
    expect(k.killed, `peak ${k.peakRssMiB} MiB`).toBe(null);
    expect(k.stderr).toBe("");
    expect(k.status).toBe(0);
    execFileSync("nasm", ["-fbin", "big.asm", "-o", "big.n.bin"], { cwd: dir });
    expect(sha(readFileSync(join(dir, "big.k.bin")))).toBe(sha(readFileSync(join(dir, "big.n.bin"))));
  }, 90_000);

  it.skipIf(!oracle("nasm"))("a 20 MB quoted string on one line (one token) and 200,000 continued lines assemble to nasm's bytes", async () => {
    writeFileSync(join(dir, "str.asm"), `msg: db "${"ab".repeat(10_000_000)}", 0\nlen equ $ - msg\ndd len\n`);
    // each line ends in a backslash: one logical line of 200,000 pieces (joined once, not piece by piece)
    writeFileSync(join(dir, "cont.asm"), "db 0" + Array.from({ length: 200_000 }, (_, i) => `,${i % 256}\\\n`).join("") + ",1\n");
    for (const name of ["str", "cont"]) {
      const k = await kernlabBounded(["nasm", "-fbin", `${name}.asm`, "-o", `${name}.k.bin`], { cwd: dir, rssMiB: 512, ms: 60_000 });
      expect(k.killed, `${name}: peak ${k.peakRssMiB} MiB`).toBe(null);
      expect([k.status, k.stderr], name).toEqual([0, ""]);
      execFileSync("nasm", ["-fbin", `${name}.asm`, "-o", `${name}.n.bin`], { cwd: dir });
      expect(sha(readFileSync(join(dir, `${name}.k.bin`))), name).toBe(sha(readFileSync(join(dir, `${name}.n.bin`))));
    }
  }, 90_000);

  it.skipIf(!oracle("nasm"))("a backslash continues a line only as the line's last byte (a blank after it does not), as in nasm", () => {
    for (const src of ["db 1, \\\n 2\n", "db 1, \\\r\n 2\r\n", "db 1, \\ \n 2\n", "db 1 ; c \\\ndb 2\n", "db 1\ndb 2 \\", "db 1\ndb 2 \\\n"]) {
      writeFileSync(join(dir, "c.asm"), src);
      const n = spawnSync("nasm", ["-fbin", "c.asm", "-o", "c.bin"], { cwd: dir });
      const k = assemble(src, { file: "c.asm", format: "bin" });
      expect(k.output !== null, JSON.stringify(src)).toBe(n.status === 0);
      if (k.output) expect(Buffer.from(k.output).toString("hex"), JSON.stringify(src)).toBe(readFileSync(join(dir, "c.bin")).toString("hex"));
    }
  });

  it("a long line that is not a data declaration is refused with its location past the whole-line limit", () => {
    const r = assemble(`nop\n%define X ${"1+".repeat(600)}1\nmov eax, X\n`, { file: "w.asm", format: "bin", preprocessorLimits: { longLineBytes: 100, wholeLineBytes: 1000 } });
    expect(r.output).toBe(null);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([["line-too-long", 2]]);
    // the same line under the whole-line limit is read whole, as before
    const ok = assemble(`%define X ${"1+".repeat(400)}1\ndd X\n`, { file: "w.asm", format: "bin", preprocessorLimits: { longLineBytes: 100, wholeLineBytes: 1000 } });
    expect([...ok.output!]).toEqual([145, 1, 0, 0]);
  });
});

/** Lines that stress the cutter: labels, `$`, symbols, macros, strings, comments, odd blanks. */
const longLine = fc.record({
  label: fc.constantFrom("", "lbl: ", "lbl ", "  lbl:"),
  directive: fc.constantFrom("db", "dw", "dd", "dq", "DB"),
  items: fc.array(
    fc.oneof(
      fc.integer({ min: -300, max: 70000 }).map(String),
      fc.constantFrom("$ - lbl", "lbl", "N", "N*2", "(1,2)", "'a;b'", '"x,y"', "`q\\`,`", "(3)", "$$", "__LINE__"),
      fc.integer({ min: 0, max: 255 }).map((v) => `0x${v.toString(16)}`),
    ),
    { minLength: 1, maxLength: 60 },
  ),
  blanks: fc.array(fc.constantFrom("", " ", "\t", "  "), { minLength: 2, maxLength: 2 }),
  comment: fc.constantFrom("", " ; c,d", ";x"),
  piece: fc.integer({ min: 1, max: 40 }),
});

describe.skipIf(!oracle("nasm"))("long lines in pieces vs nasm (fast-check)", () => {
  it("bytes and -E text equal nasm's when the line is streamed in pieces of 1-40 bytes", () => {
    const work = mkdtempSync(join(tmpdir(), "kl-longp-"));
    fc.assert(
      fc.property(longLine, (c) => {
        const label = c.label.trim() === "" ? "lbl:\n" : "";
        const line = `${c.label}${c.directive}${c.blanks[0]}${c.items.join(`${c.blanks[1]},${c.blanks[0]}`)}${c.comment}`;
        const src = `%define N 7\nbits 32\n${label}${line}\ndb 0xee\n`;
        writeFileSync(join(work, "p.asm"), src);
        const nasm = spawnSync("nasm", ["-fbin", "p.asm", "-o", "p.bin"], { cwd: work, encoding: "utf8" });
        const limits = { longLineBytes: 8, linePieceBytes: c.piece };
        const ours = assemble(src, { file: "p.asm", format: "bin", preprocessorLimits: limits });
        expect(ours.output !== null, `${src}\n${nasm.stderr}\n${ours.diagnostics.map((d) => d.text).join("\n")}`).toBe(nasm.status === 0);
        if (nasm.status === 0) expect(sha(ours.output!), src).toBe(sha(readFileSync(join(work, "p.bin"))));
        const e = spawnSync("nasm", ["-E", "p.asm"], { cwd: work, encoding: "latin1" });
        expect(preprocessToText(src, { file: "p.asm", resolver: mapResolver({}), limits }).text, src).toBe(e.stdout);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe.skipIf(!oracle("nasm"))("kernlab nasm -E streams its output (issue 21, round two)", () => {
  it("byte-identical to nasm -E on the preprocessor corpus, to stdout and to -o", async () => {
    const cases = corpusCases().filter((c) => !c.eOnly);
    for (const c of cases) {
      const want = spawnSync("nasm", ["-E", ...c.args, c.file], { cwd: corpusDir, encoding: "latin1" });
      const out = join(dir, c.file + ".i");
      const [toStdout, toFile] = await Promise.all([
        kernlabBounded(["nasm", "-E", ...c.args, c.file], { cwd: corpusDir, rssMiB: 400 }),
        kernlabBounded(["nasm", "-E", ...c.args, c.file, "-o", out], { cwd: corpusDir, rssMiB: 400 }),
      ]);
      expect([toStdout.status, toFile.status], c.file).toEqual([want.status, want.status]);
      expect(toStdout.stdout, c.file).toBe(want.stdout);
      expect(readFileSync(out, "latin1"), c.file).toBe(want.stdout);
    }
  }, 120_000);

  it("a 20 MB -E output streams through a small memory ceiling; an error keeps no -o file but stdout has the lines (as nasm)", async () => {
    // 200,000 lines of 100 bytes from a %rep: the output is 100 times the source
    writeFileSync(join(dir, "rep.asm"), `%rep 200000\ndb ${"7,".repeat(48)}7\n%endrep\n`);
    const k = await kernlabBounded(["nasm", "-E", "rep.asm", "-o", "rep.i"], { cwd: dir, rssMiB: 300, ms: 60_000 });
    expect(k.killed, `peak ${k.peakRssMiB} MiB`).toBe(null);
    expect(k.status).toBe(0);
    const n = execFileSync("nasm", ["-E", "rep.asm"], { cwd: dir, maxBuffer: 1 << 27 });
    expect(sha(readFileSync(join(dir, "rep.i")))).toBe(sha(n));
    writeFileSync(join(dir, "err.asm"), "db 1\n%error boo\ndb 2\n");
    const e = await kernlabBounded(["nasm", "-E", "err.asm"], { cwd: dir });
    expect([e.status, e.stdout]).toEqual([1, spawnSync("nasm", ["-E", "err.asm"], { cwd: dir, encoding: "utf8" }).stdout]);
    const eo = await kernlabBounded(["nasm", "-E", "err.asm", "-o", "err.i"], { cwd: dir });
    expect([eo.status, existsSync(join(dir, "err.i"))]).toEqual([1, false]);
  }, 120_000);
});
