// The .debug_line reader (toolchain/elf/dwarf-line.ts) against binutils: every row objdump --dwarf=decodedline
// prints (file, line or "-" for an end of sequence, address), on objects from NASM and kernlab's assembler
// (-g -F dwarf, DWARF 2), gcc -m32 -g with -gdwarf-2 (gas writes a version 3 line program), -gdwarf-4 and 5 (gcc
// 12's default, with .debug_line_str), and a kernel linked by kernlab ld from both (relocated addresses); readelf's decoded dump agrees on the C object.
// The line map (line-map.ts) answers address → line and line → lowest address from the same rows.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { readElf } from "../../toolchain/elf/read";
import { decodeDebugLine, readLinePrograms, type LineProgram } from "../../toolchain/elf/dwarf-line";
import { LineMap, sameSourceFile } from "../../toolchain/elf/line-map";
import { assemble } from "../../toolchain/asm/index";
import { link } from "../../toolchain/link/index";
import { KernlabError } from "../../core/diagnostics";
import { oracle } from "../helpers/oracles";

const ASM = [
  "bits 32", "section .text", "global _start", "extern kmain", "_start:", "    mov esp, stack_top", "    call kmain",
  "", "; a comment line has no code", ".hang:", "    hlt", "    jmp .hang",
  "section .text.two progbits alloc exec", "two: nop", "    ret",
  "section .bss", "resb 4096", "stack_top:",
].join("\n") + "\n";
const C = [
  "int g;", "static int sq(int x) { return x * x; }", "int kmain(void) {", "  int s = 0;",
  "  for (int i = 0; i < 4; i++)", "    s += sq(i);",
  "  g = s * g + (s << 3) * (g - 7) + sq(s) * sq(g) + sq(s + g) * 11; // columns and DW_LNS_const_add_pc", "  return s;", "}",
].join("\n") + "\n";

type Row = [string, number | "-", number];
/** objdump/readelf --dwarf=decodedline rows: file (basename), line or "-", address. */
function oracleRows(tool: "objdump" | "readelf", file: string): Row[] {
  const out = execFileSync(tool, tool === "objdump" ? ["--dwarf=decodedline", file] : ["--debug-dump=decodedline", file]).toString();
  const rows: Row[] = [];
  for (const l of out.split("\n")) {
    const m = /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+|0)(\s+\d+)?(\s+x)?\s*$/.exec(l);
    if (m) rows.push([m[1]!, m[2] === "-" ? "-" : Number(m[2]), Number(m[3])]);
  }
  return rows;
}
const ours = (programs: LineProgram[]): Row[] => programs.flatMap((p) => p.rows.map((r): Row => [basename(r.file), r.endSequence ? "-" : r.line, r.address]));
const load = (path: string) => readElf(new Uint8Array(readFileSync(path)), basename(path));

describe.skipIf(!oracle("objdump") || !oracle("nasm") || !oracle("gcc-m32") || !oracle("addr2line"))(".debug_line against objdump --dwarf=decodedline", () => {
  const dir = mkdtempSync(join(tmpdir(), "kl-dwarf-"));
  writeFileSync(join(dir, "boot.asm"), ASM);
  writeFileSync(join(dir, "k.c"), C);
  execFileSync("nasm", ["-felf32", "-g", "-F", "dwarf", "boot.asm", "-o", "nasm.o"], { cwd: dir });
  const kl = assemble(ASM, { file: "boot.asm", format: "elf32", debug: { format: "dwarf", compDir: dir + "/" } });
  writeFileSync(join(dir, "kl.o"), kl.output!);
  for (const v of [2, 4, 5]) execFileSync("gcc", ["-m32", "-ffreestanding", "-fno-pic", "-O0", `-gdwarf-${v}`, "-c", "k.c", "-o", `c${v}.o`], { cwd: dir });

  it.each([["nasm.o", 2], ["kl.o", 2], ["c2.o", 3], ["c4.o", 4], ["c5.o", 5]])("%s (DWARF %i): every row", (name, version) => {
    const programs = readLinePrograms(load(join(dir, name)));
    expect(programs.map((p) => p.version)).toEqual([version]);
    const expected = oracleRows("objdump", join(dir, name));
    expect(expected.length).toBeGreaterThan(4);
    expect(ours(programs)).toEqual(expected);
  });

  it("readelf's decoded dump agrees on the DWARF 5 object", () => {
    expect(ours(readLinePrograms(load(join(dir, "c5.o"))))).toEqual(oracleRows("readelf", join(dir, "c5.o")));
  });

  it("a kernel linked by kernlab ld: relocated rows, address → line and line → address", () => {
    const script = "ENTRY(_start)\nSECTIONS {\n  . = 0x100000;\n  .text : { *(.text) *(.text.*) }\n  .bss : { *(.bss) }\n}\n";
    const linked = link([{ name: "kl.o", bytes: kl.output! }, { name: "c5.o", bytes: new Uint8Array(readFileSync(join(dir, "c5.o"))) }], { script: { text: script, file: "k.ld" } });
    writeFileSync(join(dir, "kernel.elf"), linked.image);
    const programs = readLinePrograms(readElf(linked.image, "kernel.elf"));
    expect(programs.map((p) => p.version)).toEqual([2, 5]);
    expect(ours(programs)).toEqual(oracleRows("objdump", join(dir, "kernel.elf")));

    const map = new LineMap(programs);
    const addr2line = (a: number) => execFileSync("addr2line", ["-e", join(dir, "kernel.elf"), "0x" + a.toString(16)]).toString().trim();
    const mov = map.addressOf("boot.asm", 6)!;
    expect(mov).toEqual({ line: 6, address: 0x100000 });
    expect(map.lineAt(mov.address + 2)).toEqual({ file: "boot.asm", line: 6 }); // inside the mov
    // the comment line 9 and the label line 10 have no code: a breakpoint goes to `hlt` on line 11
    const hlt = map.addressOf("boot.asm", 9)!;
    expect(hlt.line).toBe(11);
    expect(addr2line(hlt.address)).toMatch(/boot\.asm:11$/);
    const sLine = map.addressOf("k.c", 6)!;
    expect(map.lineAt(sLine.address)!.line).toBe(6);
    expect(sameSourceFile(map.lineAt(sLine.address)!.file, "k.c")).toBe(true);
    expect(addr2line(sLine.address)).toMatch(/k\.c:6( \(discriminator \d+\))?$/);
    expect(map.lineAt(0x100000 - 1)).toBeNull();
    expect(map.covers("src/k.c")).toBe(false);
    expect(map.covers("./boot.asm")).toBe(true);
  });
});

describe("malformed .debug_line", () => {
  it("is a located error naming the field, not a RangeError", () => {
    // version 2 header cut short after its version
    const bad = new Uint8Array([0x20, 0, 0, 0, 2, 0, 0x10]);
    expect(() => decodeDebugLine(bad, {}, "x.o")).toThrow(KernlabError);
    expect(() => decodeDebugLine(bad, {}, "x.o")).toThrow(/x\.o: \.debug_line program at 0x0: unit_length: 32 bytes run past/);
    const v9 = new Uint8Array([6, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
    expect(() => decodeDebugLine(v9, {}, "x.o")).toThrow(/version: 9 is not a DWARF 2-5 line program/);
    // DWARF 5: 2^32-1 directories described by no fields (found by the fuzzer as a 4-billion-step loop)
    const header = [5, 0, 4, 0, 0, 0, 0, 0, 1, 1, 1, 0xfb, 14, 13, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f];
    header[4] = header.length - 8; // header_length: what follows it
    const v5 = new Uint8Array([header.length, 0, 0, 0, ...header]);
    expect(() => decodeDebugLine(v5, {}, "x.o")).toThrow(/directories_count: 4294967295 entries described by no fields/);
  });
});
