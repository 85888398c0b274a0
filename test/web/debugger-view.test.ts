// The debugger panel's pure helpers (web/debugger-view.ts): the label-based source mapping and EFLAGS.
import { describe, expect, it } from "vitest";
import { decodeEflags, labelAbove, labelLine } from "../../web/debugger-view";

describe("debugger view helpers", () => {
  const text = "foo:\n  nop\nkmalloc:\n  ret\n.aligned:\n  x\nbar:\n.other:\n";
  it("finds a label's line, and a NASM local label only under its own parent", () => {
    expect(labelLine(text, "kmalloc")).toBe(3);
    expect(labelLine(text, "kmalloc.aligned")).toBe(5);
    expect(labelLine(text, "foo.aligned")).toBeNull();
    expect(labelLine(text, "bar.other")).toBe(8);
    expect(labelLine(text, "missing")).toBeNull();
  });
  it("names the label at or above a line (Run to cursor)", () => {
    expect(labelAbove(text, 2)).toBe("foo");
    expect(labelAbove(text, 3)).toBe("kmalloc");
    expect(labelAbove(text, 6)).toBe("kmalloc.aligned");
    expect(labelAbove(text, 8)).toBe("bar.other");
    expect(labelAbove("  nop\n", 1)).toBeNull();
  });
  it("decodes EFLAGS", () => {
    expect(decodeEflags(0x00000246)).toBe("[PF ZF IF] IOPL=0");
    expect(decodeEflags(0x00003087)).toBe("[CF PF SF] IOPL=3");
  });
});
