// Issue 21, rule 1: sources are bytes, as NASM reads them. CP437/Latin-1 bytes in strings are emitted as
// written and counted by `$ - msg`; bytes >= 0x80 are identifier characters; a NUL ends a line.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble } from "../../toolchain/asm/index";
import { decodeSourceFile, encodeSourceText } from "../../toolchain/asm/source";
import { oracle } from "../helpers/oracles";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** Assembles file bytes as `kernlab nasm -fbin` does (the CLI decodes with decodeSourceFile). */
function kernlabBin(src: Uint8Array): Uint8Array {
  const r = assemble(decodeSourceFile(src), { file: "s.asm", format: "bin" });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.output) throw new Error(errors.map((d) => d.text).join("\n"));
  return r.output;
}

const CASES: Record<string, Uint8Array> = {
  // the case: CP437 box characters (╔═╗), and their length
  cp437: bytes('msg: db "', [0xc9, 0xcd, 0xbb], '"\nlen equ $ - msg\ndb len\n'),
  latin1Label: bytes("l", [0xe9], "bel: db 1\ndd l", [0xe9], "bel\n", [0xe9], " equ 3\ndb ", [0xe9], "\n"),
  utf8Label: bytes([0xc3, 0xa9], "t", [0xc3, 0xa9], ": db `\\u00e9`, '", [0xc3, 0xa9], "'\ndd ", [0xc3, 0xa9], "t", [0xc3, 0xa9], "\n"),
  nulEndsLine: bytes("db 1", [0], "db 3\ndb 2 ; c", [0], "\n"),
  mixed: bytes("%define S '", [0xb0, 0xb1, 0xb2, 0xdb], "'\ndb S\n%strlen n S\ndb n\n%defstr d ", [0xfe], "\ndb d\n"),
};

describe("sources are bytes (rule 1)", () => {
  it("the issue's CP437 string: three bytes, and $ - msg is 3", () => {
    expect([...kernlabBin(CASES.cp437!)]).toEqual([0xc9, 0xcd, 0xbb, 3]);
  });

  it("Latin-1 and UTF-8 identifiers are identifiers", () => {
    expect([...kernlabBin(CASES.latin1Label!)]).toEqual([1, 0, 0, 0, 0, 3]);
    expect([...kernlabBin(CASES.utf8Label!)]).toEqual([0xc3, 0xa9, 0xc3, 0xa9, 0, 0, 0, 0]);
  });

  it("diagnostics show UTF-8 names and lines as text (not as their bytes)", () => {
    const r = assemble(decodeSourceFile(bytes([0xc3, 0xa9], ": db 1\nmov eax, [", [0xc3, 0xa9], "x]\n")), { file: "d.asm", format: "elf32" });
    expect(r.diagnostics.map((d) => [d.text, d.location?.lineText])).toEqual([["symbol '\u00e9x' not defined", "mov eax, [\u00e9x]"]]);
  });

  it.runIf(oracle("nasm"))("every case: the same bytes as nasm -fbin", () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-bytes-"));
    for (const [name, src] of Object.entries(CASES)) {
      writeFileSync(join(dir, `${name}.asm`), src);
      execFileSync("nasm", ["-fbin", `${name}.asm`, "-o", `${name}.bin`], { cwd: dir, stdio: "ignore" });
      expect([...kernlabBin(src)], name).toEqual([...readFileSync(join(dir, `${name}.bin`))]);
    }
  });

  it("property: file bytes survive decodeSourceFile/encodeSourceText exactly", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      expect([...encodeSourceText(decodeSourceFile(b))]).toEqual([...b]);
    }), { numRuns: 2000 });
  });

  it("property: any bytes but quote, newline, CR and NUL in db \"…\" are emitted as they are", () => {
    const body = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => b.filter((x) => x !== 0x22 && x !== 10 && x !== 13 && x !== 0));
    fc.assert(fc.property(body.filter((b) => b.length > 0), (b) => {
      const out = kernlabBin(bytes('m: db "', [...b], '"\ndb $ - m\n'));
      expect([...out]).toEqual([...b, b.length & 0xff]);
    }), { numRuns: 300 });
  });
});
