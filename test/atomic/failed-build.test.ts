// No data lost (issue 12): a failing `kernlab nasm`, `ld`, `link` or `build` after a good one leaves every
// output of the good run byte-identical (and leaves no temporary file behind: the error happens before any
// write, and writeFileAtomic removes its temp file when a write itself fails).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/kernlab.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kernlab-atomic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kernlab(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}
function snapshot(files: string[]): Map<string, { bytes: Buffer; mtimeMs: number }> {
  return new Map(files.map((f) => [f, { bytes: readFileSync(join(dir, f)), mtimeMs: statSync(join(dir, f)).mtimeMs }]));
}
function expectUnchanged(before: Map<string, { bytes: Buffer; mtimeMs: number }>): void {
  for (const [f, { bytes, mtimeMs }] of before) {
    const now = readFileSync(join(dir, f));
    expect(now.equals(bytes), `${f} changed`).toBe(true);
    expect(statSync(join(dir, f)).mtimeMs, `${f} was rewritten`).toBe(mtimeMs);
  }
  expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
}

const GOOD = `bits 32
section .multiboot
align 4
    dd 0x1BADB002, 3, -(0x1BADB002 + 3)
section .text
global _start
_start:
    mov al, 0
    out 0xF4, al
`;
const SCRIPT = `ENTRY(_start)\nSECTIONS\n{\n  . = 1M;\n  .text : { *(.multiboot) *(.text) }\n  .data : { *(.data) }\n  .bss : { *(.bss) }\n}\n`;

describe("a failing run after a good one leaves the good outputs byte-identical", () => {
  it("kernlab nasm: object, listing and -MD dependency file", () => {
    writeFileSync(join(dir, "k.asm"), GOOD);
    expect(kernlab("nasm", "-felf32", "k.asm", "-o", "k.o", "-l", "k.lst", "-MD", "k.d")).toEqual({ status: 0, stderr: "" });
    const before = snapshot(["k.o", "k.lst", "k.d"]);
    writeFileSync(join(dir, "k.asm"), GOOD + "    mov eax, [undefined_thing]\n    bogus_instruction eax\n");
    const r = kernlab("nasm", "-felf32", "k.asm", "-o", "k.o", "-l", "k.lst", "-MD", "k.d");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^k\.asm:11:\d+: error: /m);
    expectUnchanged(before);
  });

  it("kernlab ld: kernel and -Map", () => {
    writeFileSync(join(dir, "k.ld"), SCRIPT);
    writeFileSync(join(dir, "k.asm"), GOOD);
    expect(kernlab("nasm", "-felf32", "k.asm", "-o", "good.o")).toEqual({ status: 0, stderr: "" });
    expect(kernlab("ld", "-m", "elf_i386", "-T", "k.ld", "-o", "k.elf", "-Map=k.map", "good.o")).toEqual({ status: 0, stderr: "" });
    const before = snapshot(["k.elf", "k.map"]);
    writeFileSync(join(dir, "undef.asm"), `section .text\nextern missing\nglobal f\nf: call missing\n`);
    expect(kernlab("nasm", "-felf32", "undef.asm", "-o", "undef.o")).toEqual({ status: 0, stderr: "" });
    const r = kernlab("ld", "-m", "elf_i386", "-T", "k.ld", "-o", "k.elf", "-Map=k.map", "good.o", "undef.o");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("missing");
    expectUnchanged(before);
  });

  it("kernlab build: kernel, map and JSON map", () => {
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src/k.asm"), GOOD);
    const args = ["build", "-T", "k.ld", "-o", "b.elf", "--map", "b.map", "--map-json", "b.json", "src/k.asm"];
    const ok = kernlab(...args);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const before = snapshot(["b.elf", "b.map", "b.json"]);
    writeFileSync(join(dir, "src/k.asm"), GOOD + "    jmp nowhere\n");
    const r = kernlab(...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("nowhere");
    expectUnchanged(before);
  });

  it("an output that cannot be renamed into place (a directory): error, the directory untouched, no temp file left", () => {
    writeFileSync(join(dir, "k.asm"), GOOD);
    mkdirSync(join(dir, "out.o"), { recursive: true });
    writeFileSync(join(dir, "out.o", "keep"), "precious");
    const r = kernlab("nasm", "-felf32", "k.asm", "-o", "out.o");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("kernlab nasm: cannot write 'out.o': is a directory\n"); // the user's file, never the temp file
    expect(readdirSync(join(dir, "out.o"))).toEqual(["keep"]);
    expect(readFileSync(join(dir, "out.o", "keep"), "utf8")).toBe("precious");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
