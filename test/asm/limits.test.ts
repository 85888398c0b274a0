// Hostile sizes (found by the fuzzer, test/fuzz): counts and string constants that would make a section larger
// than 4 GiB, or larger than kernlab keeps in memory, are located errors, answered at once.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assemble } from "../../toolchain/asm/index";
import { oracle } from "../helpers/oracles";

function errors(src: string) {
  const r = assemble(src, { file: "t.asm" });
  expect(r.output).toBeNull();
  return r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.location!.line}: ${d.text}`);
}

describe("assembler size limits", () => {
  it("`db 1,` is accepted as NASM accepts it (the trailing comma is ignored)", () => {
    const r = assemble("section .data\ndb 1,\ndb 2\n", { file: "t.asm" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toBeNull();
  });
  it("a reservation beyond 4 GiB", () => {
    expect(errors(`section .data\nresb "consts.inc"\n`)).toEqual(["2: section '.data' would grow beyond 4 GiB (by 7579122166901142000 bytes at offset 0x0)"]);
    expect(errors("section .bss\nresb 0xffffffff\nresb 1\n")).toEqual(["3: section '.bss' would grow beyond 4 GiB (by 1 bytes at offset 0xffffffff)"]);
  });
  it("a TIMES count beyond 4 GiB of output, or beyond what kernlab keeps in memory", () => {
    expect(errors(`times "self.asm" nop\n`)).toEqual(["1: TIMES value 7886754224370640243 is too large (more than 4 GiB of output)"]);
    expect(errors("times 0xffffffff nop\n")).toEqual(["1: section '.text' would hold more than 256 MiB of bytes (by 4294967294 bytes at offset 0x1); kernlab keeps sections in memory"]);
  });
  it("a huge TIMES of a zero-size statement costs nothing; a large TIMES of bytes is copied, not re-run", () => {
    expect(assemble("times 4000000000 resb 0\nnop\n", { file: "t.asm" }).output).not.toBeNull();
    const r = assemble("section .data\ntimes 1000000 db 1, 2\n", { file: "t.asm" });
    expect(r.diagnostics).toEqual([]);
  });
});

describe.skipIf(!oracle("nasm"))("TIMES copies are byte-identical to nasm", () => {
  it("repeated data, instructions and data with relocations", () => {
    const src = "bits 32\nsection .text\nx: times 1000 add eax, 0x12345\nsection .data\ntimes 777 db 1, 2, 3\ntimes 50 dd x\n";
    const dir = mkdtempSync(join(tmpdir(), "kl-times-"));
    writeFileSync(join(dir, "t.asm"), src);
    execFileSync("nasm", ["-felf32", "-o", join(dir, "t.o"), join(dir, "t.asm")]);
    const r = assemble(src, { file: join(dir, "t.asm") });
    expect(Buffer.from(r.output!).equals(readFileSync(join(dir, "t.o")))).toBe(true);
  });
});
