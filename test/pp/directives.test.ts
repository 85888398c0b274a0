/**
 * Directives whose behaviour the corpus cannot pin down against nasm, and located errors for misuse:
 * `%clear` with keywords (NASM 2.16.01 loops forever on any of them, so the documented behaviour is
 * checked here), `%defalias` family errors, `%arg`/`%local`/`%stacksize` and `%use` misuse. Error
 * texts are NASM's; locations are `file:line:col` of the offending token.
 */
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../core/diagnostics";
import { preprocess, type PreprocessorOptions } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";

function run(source: string, extra: Partial<PreprocessorOptions> = {}) {
  return preprocess(source, { file: "t.asm", resolver: mapResolver({}), ...extra });
}
const texts = (r: ReturnType<typeof run>) => r.lines.map((l) => l.text);
/** Each diagnostic as `line:col: severity: text`. */
const diags = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column}: ${d.severity}: ${d.text}`);

describe("%clear", () => {
  const setup = "%define A 1\n%defalias B A\n%macro M 0\nmm\n%endmacro\n%push c\n%define %$L 2\n";
  const probe = "A B %$L __?LINE?__ __LINE__\nM\nsection .data\n";

  it("plain %clear drops global single-line and multi-line macros, standard ones included, but keeps aliases and context-locals", () => {
    const r = run(`${setup}%clear\n${probe}`);
    expect(r.diagnostics).toEqual([]);
    expect(texts(r)).toEqual(["A A 2 __?LINE?__ __?LINE?__", "M", "section .data"]);
  });

  it("`define` keeps aliases and macros; `defalias` drops only aliases; `macro` only multi-line macros", () => {
    expect(texts(run(`${setup}%clear define\n${probe}`))).toEqual(["A A 2 __?LINE?__ __?LINE?__", "mm", "[section .data]"]);
    expect(texts(run(`${setup}%clear defalias\n${probe}`))).toEqual(["1 B 2 9 __LINE__", "mm", "[section .data]"]);
    expect(texts(run(`${setup}%clear macro\n${probe}`))).toEqual(["1 1 2 9 9", "M", "section .data"]);
  });

  it("`all`, `alldefine` and several keywords in one directive", () => {
    expect(texts(run(`${setup}%clear all\n${probe}`))).toEqual(["A B 2 __?LINE?__ __LINE__", "M", "section .data"]);
    expect(texts(run(`${setup}%clear alldef\n${probe}`))).toEqual(["A B 2 __?LINE?__ __LINE__", "mm", "[section .data]"]);
    expect(texts(run(`${setup}%clear defalias mmacro\n${probe}`))).toEqual(["1 B 2 9 __LINE__", "M", "section .data"]);
  });

  it("`context` switches to the context-local tables for the keywords after it; `global` switches back", () => {
    expect(texts(run(`${setup}%clear context define\n${probe}`))).toEqual(["1 1 ..@0.L 9 9", "mm", "[section .data]"]);
    expect(texts(run(`${setup}%clear context all global macro\n${probe}`))).toEqual(["1 1 ..@0.L 9 9", "M", "section .data"]);
    // multi-line macros are never context-local
    expect(texts(run(`${setup}%clear ctx macro\n${probe}`))).toEqual(["1 1 2 9 9", "mm", "[section .data]"]);
  });

  it("keywords are case-insensitive and may come from macros; `none` does nothing", () => {
    expect(texts(run(`${setup}%define WHAT DEFINE\n%clear WHAT\n${probe}`))).toEqual(["A A 2 __?LINE?__ __?LINE?__", "mm", "[section .data]"]);
    expect(texts(run(`${setup}%clear none nothing ignore\n${probe}`))).toEqual(["1 1 2 9 9", "mm", "[section .data]"]);
  });

  it("an unknown keyword is an error at that word (nothing after it happens); a non-word is trailing garbage", () => {
    const r = run("%define A 1\n%clear  bogus all\nA\n%clear 1\nA\n");
    expect(diags(r)).toEqual(["2:9: error: invalid option to %clear: bogus", "4:8: warning: trailing garbage after `%clear' ignored"]);
    expect(texts(r)).toEqual(["1", "1"]);
  });
});

describe("%defalias errors", () => {
  it("names NASM's error at the offending token", () => {
    const r = run("%defalias\n%defalias A\n%defalias 1 B\n%defalias A 2\n%undefalias\n");
    expect(diags(r)).toEqual([
      "1:1: error: `%defalias' expects a macro identifier",
      "2:11: error: `%defalias' expects a macro identifier to alias",
      "3:11: error: `%defalias' expects a macro identifier",
      "4:13: error: `%defalias' expects a macro identifier to alias",
      "5:1: error: `%undefalias' expects a macro identifier",
    ]);
  });

  it("defining or undefining through an alias loop is an error, not a hang", () => {
    const r = run("%defalias X Y\n%defalias Y X\n%define X 1\n%undef Y\nX Y\n");
    expect(diags(r)).toEqual(["3:9: error: macro alias loop", "4:8: error: macro alias loop"]);
    expect(texts(r)).toEqual(["X Y"]);
    expect(formatDiagnostics(r.diagnostics.slice(0, 1))).toBe("t.asm:3:9: error: macro alias loop\n    %define X 1\n            ^\n");
  });

  it("%aliases takes NASM's boolean options", () => {
    expect(texts(run("%aliases off\n__LINE__\n%aliases yes\n__LINE__\n%aliases 0\n__LINE__\n%aliases\n__LINE__\n"))).toEqual(["__LINE__", "4", "__LINE__", "8"]);
    expect(diags(run("%aliases maybe\n"))).toEqual(["1:10: error: boolean flag expression must be a constant"]);
  });
});

describe("%stacksize, %arg, %local misuse", () => {
  it("reports NASM's errors at the offending token", () => {
    const r = run("%stacksize\n%stacksize huge\n%arg\n%arg a\n%arg a : word\n%arg a:\n%arg a:foo\n%arg a:zword\n%local x:word, ,\n");
    expect(diags(r)).toEqual([
      "1:1: error: `%stacksize' missing size parameter",
      "2:12: error: `%stacksize' invalid size type",
      "3:1: error: `%arg' missing argument parameter",
      "4:6: error: syntax error processing `%arg' directive",
      "5:7: error: syntax error processing `%arg' directive",
      "6:7: error: `%arg' missing size type parameter",
      "7:8: error: invalid size type for `%arg' missing directive",
      "8:8: error: invalid size type for `%arg' missing directive",
      // %local outside a context: %$localsize cannot be updated (the name is still defined)
      "9:1: error: `%$localsize': context stack is empty",
      "9:1: error: expression syntax error at `%$localsize' (in `%assign')",
      "9:16: error: `%local' missing argument parameter",
    ]);
  });

  it("a directive that fails part-way defines the names before the error but does not move the offsets", () => {
    const r = run("%arg a:word, b:bogus\n%arg c:word\na b c\n");
    expect(texts(r)).toEqual(["(ebp+8) b (ebp+8)"]);
  });
});

describe("%use misuse", () => {
  it("reports NASM's errors; masm is NASM's but not kernlab's", () => {
    const r = run("%use\n%use 3\n%use nosuch\n%use \"fp\" extra\n%use masm\n%ifusable\n%endif\n");
    expect(diags(r)).toEqual([
      "1:1: error: `%use' expects a package name, got end of line",
      "2:6: error: `%use' expects a package name, got `3'",
      "3:1: error: unknown `%use' package: `nosuch'",
      "4:11: warning: trailing garbage after `%use' ignored",
      "5:1: error: `%use masm' (NASM's MASM compatibility package) is not supported by kernlab",
      "6:1: error: `%ifusable' expects a package name, got end of line",
    ]);
  });

  it("smartalign's private directive is an unknown directive anywhere else", () => {
    expect(diags(run("%use smartalign\n%__kernlab_smartalign 16, x\n"))).toEqual(["2:1: error: unknown preprocessor directive `%__kernlab_smartalign'"]);
  });

  it("an unknown ALIGNMODE is NASM's %error at the call", () => {
    const r = run("%use smartalign\n  alignmode k9\n");
    expect(diags(r)).toEqual(["2:3: error: unknown alignment mode: k9"]);
  });
});

describe("fp and ifunc operators", () => {
  it("ilog2e of a non-power of two is an error, ilog2w a warning (NASM's texts)", () => {
    const r = run("%use ifunc\n%assign a ilog2e(5)\n%assign b ilog2w(5)\ndb b\n");
    expect(diags(r)).toEqual([
      "2:11: error: ilog2 argument is not a power of two (in `%assign')",
      "3:11: warning: ilog2 argument is not a power of two",
    ]);
    expect(texts(r)).toEqual(["db 2"]);
  });

  it("float operators want a float literal and warn on overflow", () => {
    const r = run("%assign a __?float32?__(1)\n%assign b __?float16?__(1e9)\ndd b\n");
    expect(diags(r)).toEqual([
      "1:25: error: expecting floating-point number (in `%assign')",
      "2:11: warning: overflow in floating-point constant",
    ]);
    expect(texts(r)).toEqual(["dd 31744"]);
  });

  it("when assembling, constant calls reach the assembler as numbers; -E output keeps them", () => {
    const src = "%use fp\n%use ifunc\ndd float32(1.5), Inf, -NaN\ndd ilog2(x), ilog2c(5)\n";
    expect(texts(run(src))).toEqual(["dd 1069547520, 2139095040, 4290772992", "dd (__?ilog2e?__(x)), (3)"]);
    const e = preprocess(src, { file: "t.asm", resolver: mapResolver({}), outputFormat: "bin" });
    expect(e.lines.length).toBe(2);
  });
});
