import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readElf, readRelocations, sectionByName, symbolByName } from "../../toolchain/elf/read";
import { ET_REL, R_386_32, R_386_PC32, SHT_NOBITS, STB_GLOBAL, STT_FUNC } from "../../toolchain/elf/elf32";
import { KernlabError } from "../../core/diagnostics";
import { oracle } from "../helpers/oracles";

describe.skipIf(!oracle("nasm"))("readElf on a NASM object", () => {
  const dir = mkdtempSync(join(tmpdir(), "kl-elf-"));
  writeFileSync(join(dir, "a.asm"), [
    "bits 32", "section .text", "global f:function 6", "extern g", "f:", "  call g", "  mov eax, [v]", "  ret",
    "section .data", "v: dd 7", "section .bss", "b: resb 64",
  ].join("\n"));
  execFileSync("nasm", ["-felf32", "-o", join(dir, "a.o"), join(dir, "a.asm")]);
  const elf = readElf(new Uint8Array(readFileSync(join(dir, "a.o"))), "a.o");

  it("cooks the header, sections and symbols", () => {
    expect(elf.type).toBe(ET_REL);
    expect(sectionByName(elf, ".bss")!.type).toBe(SHT_NOBITS);
    expect(sectionByName(elf, ".bss")!.size).toBe(64);
    expect([...sectionByName(elf, ".data")!.data]).toEqual([7, 0, 0, 0]);
    const f = symbolByName(elf, "f")!;
    expect(f).toMatchObject({ bind: STB_GLOBAL, type: STT_FUNC, size: 6, section: ".text", value: 0 });
  });

  it("reads REL relocations with their symbols", () => {
    const rel = readRelocations(elf, sectionByName(elf, ".rel.text")!);
    expect(rel.map((r) => [r.offset, r.type, elf.symbols[r.symbol]!.name])).toEqual([
      [1, R_386_PC32, "g"],
      [6, R_386_32, ".data"],
    ]);
  });
});

describe("readElf on malformed input", () => {
  it("names the field at fault instead of throwing a RangeError", () => {
    const bad = (bytes: Uint8Array) => {
      try { readElf(bytes, "bad.o"); } catch (e) { expect(e).toBeInstanceOf(KernlabError); return (e as KernlabError).message; }
      throw new Error("expected an error");
    };
    expect(bad(new Uint8Array(10))).toMatch(/^bad\.o: e_ident: file is 10 bytes/);
    const h = new Uint8Array(52); h.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
    new DataView(h.buffer).setUint32(32, 0x1000, true); // e_shoff past the end
    new DataView(h.buffer).setUint16(46, 40, true);
    expect(bad(h)).toMatch(/e_shoff: section headers at 0x1000 lie beyond the end of the file/);
  });
});
