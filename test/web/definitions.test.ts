// web/definitions.ts: go to definition over a project's files (labels, constants, macros, local labels in
// their scope, C functions), the file asked from first.
import { describe, expect, it } from "vitest";
import { findDefinition } from "../../web/definitions";

const files: Record<string, string> = {
  "boot.asm": "%include \"defs.inc\"\nglobal _start\n_start:\n    call kmain\n.hang:\n    jmp .hang\nother:\n.hang:\n    jmp .hang\n",
  "defs.inc": "STACK_SIZE equ 16384\n%macro EXIT 1\n    out 0xf4, al\n%endmacro\n%define VGA 0xb8000\n",
  "kmain.asm": "kmain:\n    ret\nbuf: resb 16\nbanner: db \"hi\", 0\n",
  "echo.c": "extern const char banner[];\nstatic int row;\nvoid kmain_c(void) {\n}\nint counter = 3;\n",
};

describe("findDefinition", () => {
  it("labels, equ constants, %macro and %define, across files (the asking file first)", () => {
    expect(findDefinition(files, "kmain", "boot.asm")).toEqual({ file: "kmain.asm", line: 1, column: 1 });
    expect(findDefinition(files, "buf", "boot.asm")).toEqual({ file: "kmain.asm", line: 3, column: 1 });
    expect(findDefinition(files, "STACK_SIZE", "boot.asm")).toEqual({ file: "defs.inc", line: 1, column: 1 });
    expect(findDefinition(files, "EXIT", "boot.asm")).toEqual({ file: "defs.inc", line: 2, column: 8 });
    expect(findDefinition(files, "VGA", "kmain.asm")).toEqual({ file: "defs.inc", line: 5, column: 9 });
    expect(findDefinition(files, "_start", "kmain.asm")).toEqual({ file: "boot.asm", line: 3, column: 1 });
  });
  it("a local label is the one in the scope of the label above the use", () => {
    const text = files["boot.asm"]!;
    const secondUse = text.lastIndexOf("jmp .hang");
    expect(findDefinition(files, ".hang", "boot.asm", text.indexOf("jmp .hang"))).toEqual({ file: "boot.asm", line: 5, column: 1 });
    expect(findDefinition(files, ".hang", "boot.asm", secondUse)).toEqual({ file: "boot.asm", line: 8, column: 1 });
  });
  it("C functions and globals; nothing for unknown names or non-identifiers", () => {
    expect(findDefinition(files, "kmain_c", "boot.asm")).toEqual({ file: "echo.c", line: 3, column: 6 });
    expect(findDefinition(files, "counter", "echo.c")).toEqual({ file: "echo.c", line: 5, column: 5 });
    // an extern declaration is not the definition: the label in the assembly is
    expect(findDefinition(files, "banner", "echo.c")).toEqual({ file: "kmain.asm", line: 4, column: 1 });
    expect(findDefinition(files, "nowhere", "boot.asm")).toBeNull();
    expect(findDefinition(files, "0x10", "boot.asm")).toBeNull();
  });
});
