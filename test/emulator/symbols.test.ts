// Symbol names beside addresses: NASM's macro-local labels (..@N.name, e.g. from istruc) never win over
// the user's own label at the same address.
import { describe, expect, it } from "vitest";
import { symbolTable } from "../../emulator/index";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { link } from "../../toolchain/link/index";

describe("symbolTable", () => {
  it("names an istruc instance after its label, not NASM's ..@ label", () => {
    const obj = assembleOrThrow([
      "bits 32", "struc rec", "  .a: resd 1", "  .b: resd 1", "endstruc",
      "section .text", "global _start", "_start: ret",
      "section .data", "global probe", "probe: istruc rec", "  at rec.a, dd 1", "  at rec.b, dd 2", "iend",
    ].join("\n"), { file: "s.asm" });
    const elf = link([{ name: "s.o", bytes: obj }], { script: { text: "ENTRY(_start) SECTIONS { . = 1M; .text : { *(.text) } .data : { *(.data) } }", file: "s.ld" } }).image;
    const s = symbolTable(elf);
    const probe = s.address("probe")!;
    expect(probe).toBeGreaterThan(0x100000);
    expect(s.format(probe)).toBe("probe");
    expect(s.format(probe + 4)).toBe("probe+0x4");
  });
});
