/**
 * Hostile input ends with a located error, never a hang or a JS stack overflow: recursive multi-line
 * macros, exploding single-line macros, runaway %rep, include cycles, output size, deep nesting.
 * Limits are lowered where the default would only make the test slow.
 */
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../core/diagnostics";
import { assemble } from "../../toolchain/asm/index";
import { preprocess, type PreprocessorOptions } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";

function run(source: string, extra: Partial<PreprocessorOptions> = {}, files: Record<string, string> = {}) {
  return preprocess(source, { file: "t.asm", resolver: mapResolver(files), ...extra });
}

const errors = (r: ReturnType<typeof run>) => r.diagnostics.filter((d) => d.severity === "error");

describe("limits", () => {
  it("a recursive multi-line macro stops at the nesting limit, at the recursive call", () => {
    const r = run("%rmacro R 0\n  R\n%endmacro\nR\n", { limits: { macroDepth: 50 } });
    const [e] = errors(r);
    expect(e).toMatchObject({ code: "macro-recursion", location: { file: "t.asm", line: 2, column: 3 } });
    expect(e!.text).toBe("macro `R' nested more than 50 levels deep (recursive macro?)");
    // the chain is listed (innermost first), capped
    expect(e!.notes[0]).toMatchObject({ text: "in macro `R' called here", location: { file: "t.asm", line: 2, column: 3 } });
    expect(e!.notes.at(-1)!.text).toMatch(/^… and \d+ more macro calls$/);
    expect(e!.notes.length).toBe(21);
  });

  it("the default macro nesting limit is reached without a stack overflow", () => {
    // (an argument that does not grow: `R %1+1` would make the test quadratic, 50 million tokens at 10,000)
    const r = run("%rmacro R 0\n  R\n%endmacro\nR\n");
    expect(errors(r)[0]!.text).toBe("macro `R' nested more than 10000 levels deep (recursive macro?)");
  });

  it("single-line macros do not expand inside their own expansion (no error, as NASM)", () => {
    const r = run("%define a b\n%define b a\n%define SELF SELF+1\nmov a, b\ndd SELF\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.lines.map((l) => l.text)).toEqual(["mov a, b", "dd SELF+1"]);
  });

  it("an exploding single-line macro stops at the token limit", () => {
    const defs = Array.from({ length: 30 }, (_, i) => `%define m${i} m${i + 1} m${i + 1}`).join("\n");
    const r = run(`${defs}\n  m0\n`, { limits: { lineTokens: 10_000 } });
    expect(errors(r)[0]).toMatchObject({ code: "macro-recursion", location: { line: 31 } });
    expect(errors(r)[0]!.text).toMatch(/token limit/);
  });

  it("a %rep count above the limit is an error at the %rep", () => {
    const r = run("nop\n  %rep 2000000\nnop\n%endrep\n");
    expect(errors(r)).toMatchObject([{ code: "rep-limit", text: "%rep count 2000000 exceeds the limit of 1000000", location: { line: 2, column: 3 } }]);
    expect(r.lines.map((l) => l.text)).toEqual(["nop"]);
  });

  it("nested %rep blocks stop at the total line limit", () => {
    const r = run("%rep 1000\n%rep 1000\n%rep 1000\nnop\n%endrep\n%endrep\n%endrep\n", { limits: { totalLines: 100_000 } });
    expect(errors(r)[0]).toMatchObject({ code: "line-limit", location: { file: "t.asm" } });
    expect(errors(r)[0]!.text).toMatch(/line limit reached \(100000 lines\)/);
  });

  it("an include cycle is reported with the cycle", () => {
    const r = run('%include "a.inc"\n', {}, { "a.inc": 'nop\n%include "b.inc"\n', "b.inc": '  %include "a.inc"\n' });
    const [e] = errors(r);
    expect(e).toMatchObject({ code: "include-depth", location: { file: "b.inc", line: 1, column: 3 } });
    expect(e!.text).toBe("%include nested more than 50 levels deep (include cycle: b.inc -> a.inc -> b.inc)");
  });

  it("a guarded self-include is fine", () => {
    const r = run('%include "g.inc"\n', {}, { "g.inc": '%ifndef G\n%define G\nx: %include "g.inc"\n%endif\n' });
    expect(r.diagnostics).toEqual([]);
  });

  it("output size is bounded", () => {
    const r = run("%rep 100000\ndb 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n%endrep\n", { limits: { outputChars: 100_000 } });
    expect(errors(r)[0]).toMatchObject({ code: "output-limit" });
    expect(r.lines.length).toBeLessThan(3000);
  });

  it("deep nesting of %if, parentheses and %[…] gives errors, not stack overflows", () => {
    const ifs = run("%if 1\n".repeat(30_000) + "x\n" + "%endif\n".repeat(30_000));
    expect(ifs.diagnostics).toEqual([]);
    expect(ifs.lines.map((l) => l.text)).toEqual(["x"]);
    const parens = run("%if " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "\n%endif\n");
    expect(errors(parens)[0]!.text).toBe("expression too deeply nested (in `%if')");
    const unary = run("%assign x " + "-".repeat(50_000) + "1\n");
    expect(errors(unary)[0]!.text).toMatch(/too deeply nested/);
    const ind = run("db " + "%[".repeat(5000) + "1" + "]".repeat(5000) + "\n");
    expect(errors(ind)[0]!.text).toBe("%[…] nested more than 64 levels deep");
  });

  it("an unterminated %if, %macro and %rep are reported where they start", () => {
    expect(errors(run("nop\n %if 1\nnop\n"))).toMatchObject([{ code: "unterminated-if", location: { line: 2, column: 2 } }]);
    expect(errors(run("%macro M 0\nnop\n"))).toMatchObject([{ code: "unterminated-macro", text: "end of file while still defining macro `M'", location: { line: 1 } }]);
    expect(errors(run("%rep 3\nnop\n"))).toMatchObject([{ code: "unterminated-macro", text: "end of file while still in %rep" }]);
  });
});

describe("errors inside nested macros carry the call chain", () => {
  const src = [
    "%macro INNER 1", //           1
    "  %error bad value %1", //    2
    "%endmacro", //                3
    "%macro OUTER 1", //           4
    "    INNER %1", //             5
    "%endmacro", //                6
    "", //                         7
    "start: OUTER 5", //           8
  ].join("\n");

  it("%error inside INNER called from OUTER", () => {
    const r = run(src);
    expect(errors(r)).toEqual([
      {
        code: "user-error",
        severity: "error",
        text: "bad value 5",
        location: { file: "t.asm", line: 2, column: 3, length: 6, lineText: "  %error bad value %1" },
        notes: [
          { text: "in macro `INNER' called here", location: { file: "t.asm", line: 5, column: 5, lineText: "    INNER %1" } },
          { text: "in macro `OUTER' called here", location: { file: "t.asm", line: 8, column: 8, lineText: "start: OUTER 5" } },
        ],
      },
    ]);
    expect(formatDiagnostics(r.diagnostics)).toBe(
      [
        "t.asm:2:3: error: bad value 5",
        "      %error bad value %1",
        "      ^~~~~~",
        ">>> t.asm:5:5: in macro `INNER' called here",
        ">>> t.asm:8:8: in macro `OUTER' called here",
        "",
      ].join("\n"),
    );
  });

  it("%warning and %fatal; %fatal stops preprocessing", () => {
    const r = run("%warning \"careful\"\nnop\n%fatal stop here\nnever\n");
    expect(r.diagnostics.map((d) => [d.severity, d.text, d.location?.line])).toEqual([
      ["warning", "careful", 1],
      ["error", "stop here", 3],
    ]);
    expect(r.lines.map((l) => l.text)).toEqual(["nop"]);
  });

  it("mistakes inside macros: bad condition code, %%local outside a macro, bad %if expression", () => {
    const r = run("%macro J 1\n  j%-1 x\n%endmacro\nJ cxz\n%%l:\n%macro E 0\n%if foo\n%endif\n%endmacro\nE\n");
    expect(errors(r).map((d) => [d.text, `${d.location!.line}:${d.location!.column}`, d.notes.map((n) => n.location?.line)])).toEqual([
      ["condition code `cxz' is not invertible", "2:4", [4]],
      ["`%%l': not in a macro call", "5:1", []],
      ["symbol `foo' is not a macro: the preprocessor cannot evaluate symbol references (in `%if')", "7:5", [10]],
    ]);
  });

  it("SourceLine.chain lists call sites outermost first", () => {
    const r = run("%macro A 0\n  B\n%endmacro\n%macro B 0\n  nop\n%endmacro\n  A\n");
    expect(r.lines).toEqual([
      { text: " nop", file: "t.asm", line: 5, verbatim: false, chain: [
        { file: "t.asm", line: 7, column: 3, lineText: "  A" },
        { file: "t.asm", line: 2, column: 3, lineText: "  B" },
      ] },
    ]);
  });
});

describe("growth inside a line or a string is bounded", () => {
  it("%strcat doubling a string in a %rep stops with an error", () => {
    const r = run("%define S 'ab'\n%rep 100\n%strcat T S, S\n%xdefine S T\n%endrep\n", { limits: { stringBytes: 4096 } });
    expect(errors(r)[0]).toMatchObject({ code: "string-limit", location: { line: 3 } });
  });

  it("%xdefine doubling a body in a %rep stops at the token limit", () => {
    const r = run("%define X a\n%rep 100\n%xdefine X X X\n%endrep\n", { limits: { lineTokens: 10_000 } });
    expect(errors(r)[0]).toMatchObject({ code: "macro-recursion", location: { line: 3 } });
  });

  it("a huge %{n:m} range is clamped to the parameters", () => {
    const r = run("%macro M 1-*\ndb %{1:100000000}\n%endmacro\nM 1, 2\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.lines[0]!.text.length).toBeLessThan(100);
  });
});

describe("hostile input to aliases, float operators and smartalign", () => {
  it("a float literal of 200,000 digits or a 10^99999 exponent gives nasm's overflow warning, not a hang", () => {
    const r = run(`%assign x __?float128h?__(${"9".repeat(200_000)}.5)\n%assign y __?float8?__(1e-99999)\ndb y\n`);
    expect(r.diagnostics.map((d) => [d.severity, d.text])).toEqual([["warning", "overflow in floating-point constant"]]);
    expect(r.lines.map((l) => l.text)).toEqual(["db 0"]);
  });

  it("a chain of 20,000 aliases resolves; a loop is an error", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `%defalias a${i} a${i + 1}`).join("\n");
    const r = run(`${chain}\n%define a0 1\n%ifdef a20000\ndb a0\n%endif\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.lines.map((l) => l.text)).toEqual(["db 1"]);
    expect(errors(run("%defalias a b\n%defalias b a\n%assign a 1\n"))[0]!.text).toBe("macro alias loop");
  });

  it("a smart align to 2^40 stops at the section size limit", () => {
    const r = assemble("%use smartalign\nsection .text\nnop\nalign 1 << 40\n", { file: "t.asm" });
    expect(r.output).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["section-too-large"]);
  });
});
