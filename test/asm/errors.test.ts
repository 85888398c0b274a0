// Each class of user mistake gives file:line:col, the message, the source line and a caret; all errors of
// a run come back together; assemble() never throws and returns no output; assembleOrThrow throws KernlabError.
import { describe, expect, it } from "vitest";
import { formatDiagnostics, KernlabError } from "../../core/diagnostics";
import { runAssembler } from "../../toolchain/asm/assembler";
import { assemble, assembleOrThrow } from "../../toolchain/asm/index";
import { mapResolver } from "../../toolchain/asm/source";

function errors(src: string, format: "elf32" | "bin" = "elf32"): string {
  const r = assemble(src, { file: "t.asm", format });
  expect(r.output).toBeNull();
  return formatDiagnostics(r.diagnostics);
}

describe("assembler errors", () => {
  it("unknown instruction", () => {
    expect(errors("    movx eax, 1\n")).toBe("t.asm:1:5: error: unknown instruction 'movx'\n        movx eax, 1\n        ^~~~\n");
  });
  it("undefined symbol points at the name", () => {
    expect(errors("    mov eax, [nothere]\n")).toBe("t.asm:1:15: error: symbol 'nothere' not defined\n        mov eax, [nothere]\n                  ^~~~~~~\n");
  });
  it("operation size not specified", () => {
    expect(errors("    inc [eax]\n")).toBe("t.asm:1:9: error: operation size not specified\n        inc [eax]\n            ^~~~~\n");
  });
  it("invalid operand combination", () => {
    expect(errors("    mov eax, bl\n")).toMatch(/^t\.asm:1:5: error: invalid combination of opcode and operands\n/);
  });
  it("short jump out of range, and the passing boundary beside it", () => {
    expect(errors("    jmp short far_label\n    times 128 nop\nfar_label:\n")).toBe(
      "t.asm:1:9: error: short jump is out of range\n        jmp short far_label\n            ^~~~~~~~~~~~~~~\n");
    const ok = assemble("    jmp short far_label\n    times 127 nop\nfar_label:\n", { file: "t.asm" });
    expect(ok.diagnostics).toEqual([]);
  });
  it("duplicate label", () => {
    expect(errors("a: nop\na: nop\n")).toBe("t.asm:2:1: error: symbol 'a' redefined\n    a: nop\n    ^\n");
  });
  it("expression errors", () => {
    expect(errors("    dd 1/0\n")).toBe("t.asm:1:8: error: division by zero\n        dd 1/0\n           ^~~\n");
    expect(errors("    mov eax, (1+2\n")).toBe("t.asm:1:18: error: expected ')'\n        mov eax, (1+2\n                     ^\n");
    expect(errors("    mov eax, [eax*3+ebx*2]\n")).toMatch(/^t\.asm:1:14: error: invalid effective address\n/);
  });
  it("negative TIMES", () => {
    expect(errors("    times -1 nop\n")).toBe("t.asm:1:11: error: TIMES value -1 is negative\n        times -1 nop\n              ^~\n");
  });
  it("bad section alignment and org in ELF", () => {
    expect(errors("section .x align=3\n")).toMatch(/^t\.asm:1:1: error: section alignment 3 is not a power of two\n/);
    expect(errors("org 0x100\n")).toMatch(/^t\.asm:1:1: error: 'org' is only supported by the bin output format\n/);
  });
  it("external reference in a flat binary", () => {
    expect(errors("extern foo\n    dd foo\n", "bin")).toBe("t.asm:2:8: error: binary output cannot refer to external symbols\n        dd foo\n           ^~~\n");
  });
  it("a bad `global name:function (size)` expression is reported on the global's line", () => {
    expect(errors("section .text\nglobal f:function (x - f)\nf: ret\n")).toMatch(/^t\.asm:2:\d+: error: symbol 'x' not defined\n/);
    expect(errors("section .text\nglobal f:function (f)\nf: ret\n")).toMatch(/^t\.asm:2:\d+: error: symbol size must be a constant, not an address\n/);
  });
  it("reports every error of a run, in line order", () => {
    const text = errors("    mov eax, [x1]\n    bogus eax\n    mov [eax], 1\n");
    expect(text.split("\n").filter((l) => l.startsWith("t.asm"))).toEqual([
      "t.asm:1:15: error: symbol 'x1' not defined",
      "t.asm:2:5: error: unknown instruction 'bogus'",
      "t.asm:3:9: error: operation size not specified",
    ]);
  });
  it("assembleOrThrow throws KernlabError carrying the diagnostics", () => {
    let caught: unknown;
    try { assembleOrThrow("    inc [eax]\n", { file: "t.asm" }); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(KernlabError);
    expect((caught as KernlabError).diagnostics[0]!.code).toBe("size-not-specified");
  });
  it("a line from a macro expansion carries its call chain as notes", () => {
    const a = runAssembler({
      lines: [{ text: "    mov eax, [missing]", file: "macros.inc", line: 3, verbatim: true, chain: [{ file: "k.asm", line: 10, column: 5, lineText: "    LOADIT" }] }],
      format: "elf", opt: 2, resolver: mapResolver({}), includePaths: [],
    });
    expect(formatDiagnostics(a.diagnostics)).toBe(
      "macros.inc:3:15: error: symbol 'missing' not defined\n        mov eax, [missing]\n                  ^~~~~~~\n>>> k.asm:10:5: in macro expansion called from here\n");
  });
});
