/**
 * Every linker error kind, each with its failing case (the fixture is the spec): undefined symbol with the
 * place that refers to it, duplicate definition with both places, overlapping sections, region overflow by
 * N bytes, relocation overflow with value and target, relocation types needing PIC, malformed objects
 * naming the file and field, script syntax errors at file:line:col, a misplaced multiboot header, ASSERT.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostics, isKernlabError, type Diagnostic } from "../../core/diagnostics";
import { defineLayout, link, type LinkInput, type LinkOptions } from "../../toolchain/link/index";
import { oracle } from "../helpers/oracles";

const dir = mkdtempSync(join(tmpdir(), "kernlab-link-err-"));
function asm(name: string, source: string): LinkInput {
  const src = join(dir, name.replace(/\.o$/, ".asm"));
  writeFileSync(src, source);
  execFileSync("nasm", ["-felf32", src, "-o", join(dir, name)]);
  return { name, bytes: new Uint8Array(readFileSync(join(dir, name))) };
}

function failure(inputs: LinkInput[], options: LinkOptions): { diags: Diagnostic[]; text: string } {
  try {
    link(inputs, options);
  } catch (e) {
    if (!isKernlabError(e)) throw e;
    return { diags: e.diagnostics.filter((d) => d.severity === "error"), text: formatDiagnostics(e.diagnostics) };
  }
  throw new Error("link succeeded but an error was expected");
}

const script = (text: string, file = "kernel.ld"): LinkOptions => ({ script: { text, file } });
const SIMPLE = "ENTRY(_start)\nSECTIONS {\n  . = 1M;\n  .text : { *(.text) }\n  .data : { *(.data) }\n  .bss : { *(.bss) }\n}\n";

describe.skipIf(!oracle("nasm"))("linker errors", () => {
  it("undefined symbol names the object, section and offset that refer to it", () => {
    const a = asm("boot.o", "global _start\nextern kmalloc_lock\nsection .text\n_start: nop\n nop\n mov eax, [kmalloc_lock]\n call kmalloc_lock\n");
    const { diags, text } = failure([a], script(SIMPLE));
    expect(diags.map((d) => d.code)).toEqual(["undefined-symbol"]);
    expect(text).toContain("error: undefined symbol 'kmalloc_lock'");
    expect(text).toContain(">>> referenced by boot.o:(.text+0x3)");
    expect(text).toContain(">>> referenced by boot.o:(.text+0x8)");
  });

  it("an undefined weak reference is not an error and resolves to 0", () => {
    const a = asm("weak.o", "global _start\nextern opt:weak\nsection .text\n_start: mov eax, opt\n");
    const r = link([a], script(SIMPLE));
    expect(r.image.length).toBeGreaterThan(0);
  });

  it("duplicate definition names both places", () => {
    const a = asm("a.o", "global _start, dup\nsection .text\n_start: nop\ndup: ret\n");
    const b = asm("b.o", "global dup\nsection .text\n nop\n nop\ndup: ret\n");
    const { diags, text } = failure([a, b], script(SIMPLE));
    expect(diags[0]!.code).toBe("duplicate-symbol");
    expect(text).toContain("multiple definition of 'dup'");
    expect(text).toContain(">>> defined at b.o:(.text+0x2)");
    expect(text).toContain(">>> first defined at a.o:(.text+0x1)");
  });

  it("overlapping sections are reported with both ranges", () => {
    const a = asm("a.o", "global _start\nsection .text\n_start: times 16 nop\nsection .data\n dd 1,2,3,4\n");
    const { diags, text } = failure([a], script("SECTIONS {\n .text 0x100000 : { *(.text) }\n .data 0x100008 : { *(.data) }\n}\n"));
    expect(diags.map((d) => d.code)).toEqual(["section-overlap", "section-overlap"]);
    expect(text).toContain("section .text virtual address range overlaps with .data");
    expect(text).toContain(">>> .text range is [0x00100000, 0x0010000f]");
    expect(text).toContain(">>> .data range is [0x00100008, 0x00100017]");
  });

  it("a section overflowing its MEMORY region says by how many bytes", () => {
    const a = asm("a.o", "global _start\nsection .text\n_start: times 40 nop\n");
    const { diags, text } = failure([a], script("MEMORY { rom : ORIGIN = 1M, LENGTH = 32 }\nSECTIONS {\n .text : { *(.text) } > rom\n}\n"));
    expect(diags[0]!.code).toBe("region-overflow");
    expect(text).toContain("region 'rom' overflowed by 8 bytes");
    expect(text).toMatch(/^kernel\.ld:3:2: error/m);
  });

  it("a layout region too small for heap and stack says by how many bytes", () => {
    const a = asm("a.o", "global _start\nsection .text\n_start: ret\n");
    const layout = defineLayout({ sections: [{ name: ".text", input: ["*(.text)"] }], heap: { size: 0x1000 }, stack: { size: 0x1000 }, regions: [{ name: "ram", origin: 0x100000, length: 0x1800 }] });
    const { text } = failure([a], { layout });
    expect(text).toContain("error: heap overflows region 'ram' by 2048 bytes");
    expect(text).toContain(">>> heap range is [0x00101000, 0x00101fff]");
    expect(text).toContain("error: stack at 0x00102000 lies outside every memory region of the layout");
  });

  it("relocation overflow gives the value and the target", () => {
    const a = asm("a.o", "global _start\nextern farsym\nsection .text\n_start: dw farsym\n");
    const b = asm("b.o", "global farsym\nsection .data\n times 8 db 0\nfarsym: dd 0\n");
    const { diags, text } = failure([a, b], script(SIMPLE));
    expect(diags[0]!.code).toBe("relocation-overflow");
    expect(text).toContain("error: relocation R_386_16 at a.o:(.text+0x0) out of range: value 0x0010000c does not fit in 16 bits (target 'farsym' at 0x0010000c)");
  });

  it("GOT/PIC relocations are unsupported with a clear message", () => {
    const a = asm("pic.o", "global _start\nextern _GLOBAL_OFFSET_TABLE_\nextern data\nsection .text\n_start: mov eax, [ebx + data wrt ..got]\n");
    const { diags, text } = failure([a], script(SIMPLE));
    expect(diags.map((d) => d.code)).toContain("unsupported-relocation");
    expect(text).toContain("relocation R_386_GOT32 against 'data' needs PIC/GOT support");
    expect(text).toContain(">>> referenced by pic.o:(.text+0x2)");
  });

  it("malformed objects name the file and the field", () => {
    const a = asm("a.o", "global _start\nsection .text\n_start: ret\n");
    const truncated = { name: "trunc.o", bytes: a.bytes.subarray(0, 40) };
    expect(failure([truncated], script(SIMPLE)).text).toContain("trunc.o: e_ident: file is 40 bytes, shorter than an ELF header");
    const badShoff = new Uint8Array(a.bytes);
    new DataView(badShoff.buffer).setUint32(32, 0xffff0, true);
    expect(failure([{ name: "shoff.o", bytes: badShoff }], script(SIMPLE)).text).toContain("shoff.o: e_shoff:");
    expect(failure([{ name: "notes.txt", bytes: new TextEncoder().encode("hello") }], script(SIMPLE)).text).toContain("notes.txt: e_ident: not an ELF object or ar archive");
  });

  it("script syntax errors carry file:line:col and the source line", () => {
    const a = asm("a.o", "global _start\nsection .text\n_start: ret\n");
    const { diags, text } = failure([a], script("ENTRY(_start)\nSECTIONS\n{\n  .text { *(.text) }\n}\n", "bad.ld"));
    expect(diags[0]!.code).toBe("script-syntax");
    expect(diags[0]!.location).toMatchObject({ file: "bad.ld", line: 4, column: 9 });
    expect(text).toContain("bad.ld:4:9: error: expected ':' after output section .text, found '{'");
    expect(text).toContain("      .text { *(.text) }");
    const unclosed = failure([a], script("SECTIONS {\n  .text : { *(.text) }\n", "open.ld"));
    expect(unclosed.text).toContain("open.ld:1:1: error: SECTIONS block is not closed");
    const num = failure([a], script("SECTIONS {\n  . = 0x10G;\n}\n", "num.ld"));
    expect(num.text).toContain("num.ld:2:7: error: malformed number");
  });

  it("a multiboot header beyond the first 8 KiB says where it ended up", () => {
    const a = asm("mb.o", "section .data\n times 0x3000 db 1\nsection .multiboot\nalign 4\n dd 0x1BADB002, 0, -0x1BADB002\nsection .text\nglobal _start\n_start: ret\n");
    const { diags, text } = failure([a], script("SECTIONS {\n . = 1M;\n .data : { *(.data) }\n .text : { *(.multiboot) *(.text) }\n}\n"));
    expect(diags[0]!.code).toBe("multiboot-header");
    expect(text).toContain("multiboot header from mb.o:(.multiboot+0x0) ended up at file offset 0x00004000 (address 0x00103000 in .text), outside the first 8 KiB");
  });

  it("a misaligned multiboot header is an error saying where", () => {
    const a = asm("mb2.o", "section .text\nglobal _start\n_start: ret\nsection .mb align=1\n db 0\n dd 0x1BADB002, 0, -0x1BADB002\n");
    const { text } = failure([a], script("SECTIONS {\n . = 1M;\n .text : { *(.mb) *(.text) }\n}\n"));
    expect(text).toContain("is misaligned: it ended up at file offset 0x00001001 (address 0x00100001)");
  });

  it("a failed ASSERT reports its message at its location", () => {
    const a = asm("a.o", "global _start\nsection .text\n_start: times 64 nop\n");
    const { text } = failure([a], script("SECTIONS {\n .text 1M : { *(.text) }\n ASSERT(SIZEOF(.text) <= 32, \"kernel text too large\")\n}\n", "assert.ld"));
    expect(text).toContain("assert.ld:3:2: error: kernel text too large");
  });

  it("collects all errors of a pass before stopping", () => {
    const a = asm("a.o", "global _start\nextern one, two\nsection .text\n_start: call one\n call two\n");
    const { diags } = failure([a], script(SIMPLE));
    expect(diags.map((d) => d.text)).toEqual(["undefined symbol 'one'", "undefined symbol 'two'"]);
  });
});

describe.skipIf(!oracle("nasm"))("linker limits", () => {
  it("refuses a loaded section the script made absurdly large", () => {
    const a = asm("big.o", "global _start\nsection .text\n_start: ret\n");
    const { diags } = failure([a], script("SECTIONS {\n .text 1M : { *(.text) . = . + 0x40000000; }\n}\n", "big.ld"));
    expect(diags[0]).toMatchObject({ code: "section-too-large", location: { file: "big.ld", line: 2 } });
  });
});
