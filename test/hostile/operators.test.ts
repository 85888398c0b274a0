// Issue 21, round two: NASM 2.16.01's expression operators, the conditional `a ? b : c` included, give
// NASM's values and NASM's errors in `dq`, `%assign` and `%if`: generated expressions (fast-check) are
// assembled by nasm and kernlab and compared line by line (which lines fail, and the bytes when none does).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble } from "../../toolchain/asm/index";
import { oracle } from "../helpers/oracles";

const work = mkdtempSync(join(tmpdir(), "kl-ops-"));

interface Outcome { crashed: boolean; errorLines: number[]; bytes: string | null; warnings: number[] }

function nasm(src: string): Outcome {
  writeFileSync(join(work, "o.asm"), src);
  rmSync(join(work, "o.bin"), { force: true });
  const r = spawnSync("nasm", ["-fbin", "o.asm", "-o", "o.bin"], { cwd: work, encoding: "utf8" });
  const lines = (kind: string) => [...r.stderr.matchAll(new RegExp(`^o\\.asm:(\\d+): ${kind}:`, "gm"))].map((m) => Number(m[1]));
  return {
    crashed: r.status === null || r.status > 1, // INT64_MIN // -1 kills nasm 2.16.01 with SIGFPE
    errorLines: [...new Set(lines("error"))].sort((a, b) => a - b),
    warnings: [...new Set(lines("warning"))].sort((a, b) => a - b),
    bytes: r.status === 0 && existsSync(join(work, "o.bin")) ? readFileSync(join(work, "o.bin")).toString("hex") : null,
  };
}

function kernlab(src: string): Outcome {
  const r = assemble(src, { file: "o.asm", format: "bin" });
  const lines = (sev: string) => [...new Set(r.diagnostics.filter((d) => d.severity === sev).map((d) => d.location?.line ?? 0))].sort((a, b) => a - b);
  return { crashed: false, errorLines: lines("error"), warnings: lines("warning"), bytes: r.output ? Buffer.from(r.output).toString("hex") : null };
}

const NUMBERS = ["0", "1", "2", "3", "5", "7", "63", "64", "65", "255", "1234567", "0xffffffff", "0x7fffffffffffffff", "0x8000000000000000", "0xffffffffffffffff", "('ab')"]; // a string first in a data item after - or + is a NASM quirk (README)
const BINARY = ["+", "-", "*", "/", "//", "%", "%%", "<<", ">>", "<<<", ">>>", "&", "|", "^", "&&", "||", "^^", "==", "=", "!=", "<>", "<", "<=", ">", ">=", "<=>"];
const UNARY = ["-", "+", "~", "!"];

/** A NASM expression as text: every operator, parentheses or not (precedence and associativity are tested too). */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.constantFrom(...NUMBERS), fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }).map(String)),
    fc.tuple(fc.constantFrom(...UNARY), tie("e")).map(([op, a]) => `${op}${a}`),
    fc.tuple(tie("e"), fc.constantFrom(...BINARY), tie("e"), fc.boolean()).map(([a, op, b, p]) => (p ? `(${a} ${op} ${b})` : `${a} ${op} ${b}`)),
    fc.tuple(tie("e"), tie("e"), tie("e"), fc.boolean()).map(([c, a, b, p]) => (p ? `(${c} ? ${a} : ${b})` : `${c} ? ${a} : ${b}`)),
  ),
})).e;

/** The three places a preprocessor or assembler expression appears, one expression per line (or block). */
const CONTEXTS: Record<string, (e: string) => string> = {
  dq: (e) => `dq ${e}\n`,
  dd: (e) => `dd ${e}\n`,
  assign: (e) => `%assign x ${e}\ndq x\n`,
  if: (e) => `%if ${e}\ndb 1\n%else\ndb 0\n%endif\n`,
};

describe.skipIf(!oracle("nasm"))("expression operators vs nasm 2.16.01 (fast-check)", () => {
  for (const [name, wrap] of Object.entries(CONTEXTS)) {
    it(`${name}: same values, same failing lines`, () => {
      fc.assert(
        fc.property(fc.array(expression, { minLength: 1, maxLength: 25 }), (exprs) => {
          const src = exprs.map(wrap).join("");
          const want = nasm(src);
          fc.pre(!want.crashed);
          const got = kernlab(src);
          expect(got.errorLines, src).toEqual(want.errorLines);
          expect(got.bytes, src).toBe(want.bytes);
          // dword data exceeds bounds (nasm warns in its last pass, which an error prevents)
          if (name === "dd" && !want.errorLines.length) expect(got.warnings, src).toEqual(want.warnings);
        }),
        { numRuns: 40 },
      );
    }, 60_000);
  }

  it("the issue's cases: values, errors and messages", () => {
    const cases: [string, string | null, string?][] = [
      ["dd 1 ? 2 : 3", "02000000"],
      ["dd (0 ? 1 : 2) ? 3 : 4", "03000000"],
      ["dd 1 ? 2 : 3 ? 4 : 5", "02000000"],
      ["dd 1 ? 2", null, "`?' without matching `:'"],
      ["dd 2 <=> 5, 5 <=> 2, (2 <=> 5) + 1", "000000000100000000000000"], // NASM's -1 reads as "unknown": 0
      ["%assign x 2 <=> 5", null, "non-constant value given to `%assign'"],
      ["dd 0x7fffffffffffffff > -1", "00000000"], // compared through the 64-bit difference
      ["%assign x 1 << 64\ndb x", "01"],
      ["%assign x 3 ?4:5\ndb x", "03"], // `?4` is an identifier: trailing garbage, ignored with a warning
      ["db ?, 1, ?\ndw ?", "0001000000"],
      ["x: dd x ? 1 : 2", null, "the left-hand side of `?' must be a scalar value"],
      ["dd 1 ? 2 : 1/0", null, "division by zero"], // both branches are evaluated
      ["dd 0x8000000000000000 // -1", null, "signed division overflow (INT64_MIN // -1)"], // nasm: SIGFPE
    ];
    for (const [src, bytes, message] of cases) {
      const r = assemble(src + "\n", { file: "o.asm", format: "bin" });
      expect(r.output ? Buffer.from(r.output).toString("hex") : null, src).toBe(bytes);
      if (message) expect(r.diagnostics.map((d) => d.text).join("\n"), src).toContain(message);
      if (!src.includes("INT64_MIN") && !src.includes("// -1")) expect(nasm(src + "\n").bytes, src).toBe(bytes);
    }
  });
});
