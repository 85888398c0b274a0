// The debugger panel's pure helpers (web/debugger-view.ts): the label-based source mapping and EFLAGS.
import { describe, expect, it } from "vitest";
import { decodeEflags, labelLine } from "../../web/debugger-view";

describe("debugger view helpers", () => {
  const text = "foo:\n  nop\nkmalloc:\n  ret\n.aligned:\n  x\nbar:\n.other:\n";
  it("finds a label's line, and a NASM local label only under its own parent", () => {
    expect(labelLine(text, "kmalloc")).toBe(3);
    expect(labelLine(text, "kmalloc.aligned")).toBe(5);
    expect(labelLine(text, "foo.aligned")).toBeNull();
    expect(labelLine(text, "bar.other")).toBe(8);
    expect(labelLine(text, "missing")).toBeNull();
  });
  it("decodes EFLAGS", () => {
    expect(decodeEflags(0x00000246)).toBe("[PF ZF IF] IOPL=0");
    expect(decodeEflags(0x00003087)).toBe("[CF PF SF] IOPL=3");
  });
});
