// `kernlab nasm` as a drop-in for the nasm command line: output names, formats, includes and -D,
// dependency output, listing, and errors (exit 1, no output written, an existing file untouched).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { command, defaultOutputName, parseNasmArgs } from "../../scripts/commands/nasm";
import { UsageError } from "../../scripts/commands/types";
import { oracle } from "../helpers/oracles";

let dir = "";
const cwd = process.cwd();

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { stdout += String(s); return true; });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  try {
    process.chdir(dir);
    const code = await command.run(argv);
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
    o.mockRestore(); e.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kernlab-nasm-cli-"));
  mkdirSync(join(dir, "inc"));
  writeFileSync(join(dir, "inc", "defs.inc"), "VALUE equ 42\n");
  writeFileSync(join(dir, "blob.bin"), "ABC");
  writeFileSync(join(dir, "x.asm"), '%include "inc/defs.inc"\n%ifdef FAST\n    mov eax, VALUE\n%else\n    mov eax, 0\n%endif\n    incbin "blob.bin"\n');
  writeFileSync(join(dir, "boot.asm"), "org 0x7c00\n    jmp $\n    times 510-($-$$) db 0\n    dw 0xAA55\n");
  writeFileSync(join(dir, "bad.asm"), "    mov eax, [missing]\n    inc [eax]\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kernlab nasm", () => {
  it("parses nasm's joined and separate flag forms", () => {
    const a = parseNasmArgs(["-felf32", "-o", "out.o", "-Iinc/", "-D", "A=1", "-DB", "-w-orphan-labels", "-O1", "x.asm"]);
    expect(a).toMatchObject({ format: "elf32", output: "out.o", includePaths: ["inc/"], defines: [{ name: "A", value: "1" }, { name: "B" }], optimize: 1, input: "x.asm" });
    expect(a.warnings).toEqual({ "orphan-labels": false });
  });
  it("picks nasm's default output names", () => {
    expect(defaultOutputName("src/x.asm", "elf32")).toBe("src/x.o");
    expect(defaultOutputName("boot.asm", "bin")).toBe("boot");
    expect(defaultOutputName("boot", "bin")).toBe("nasm.out");
  });
  it("rejects an unknown flag by name", () => {
    expect(() => parseNasmArgs(["-q", "x.asm"])).toThrow(UsageError);
    expect(() => parseNasmArgs(["-q", "x.asm"])).toThrow("unrecognised option '-q'");
    expect(() => parseNasmArgs(["-f", "macho64", "x.asm"])).toThrow("unsupported output format 'macho64'");
  });
  it.skipIf(!oracle("nasm"))("assembles with includes, -D and incbin exactly as nasm", async () => {
    const r = await run("-f", "elf32", "-DFAST", "x.asm");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    execFileSync("nasm", ["-f", "elf32", "-DFAST", "-o", "n.o", "x.asm"], { cwd: dir });
    expect(Buffer.compare(readFileSync(join(dir, "x.o")), readFileSync(join(dir, "n.o")))).toBe(0);
  });
  it("writes a flat binary named after the input", async () => {
    const r = await run("-fbin", "boot.asm");
    expect(r.code).toBe(0);
    const img = readFileSync(join(dir, "boot"));
    expect(img.length).toBe(512);
    expect([img[0], img[1], img[510], img[511]]).toEqual([0xeb, 0xfe, 0x55, 0xaa]);
  });
  it.skipIf(!oracle("nasm"))("prints -M dependencies as nasm does", async () => {
    const r = await run("-M", "-MP", "-f", "elf32", "x.asm");
    const n = execFileSync("nasm", ["-M", "-MP", "-f", "elf32", "x.asm"], { cwd: dir }).toString();
    expect(r.stdout).toBe(n);
  });
  it.skipIf(!oracle("nasm"))("prints -M alone and writes -MD files as nasm does (the rule ends with an empty line)", async () => {
    const r = await run("-M", "-f", "elf32", "x.asm");
    expect(r.stdout).toBe(execFileSync("nasm", ["-M", "-f", "elf32", "x.asm"], { cwd: dir }).toString());
    expect(r.stdout.endsWith(" blob.bin\n\n")).toBe(true);
    // (nasm 2.16.01's -MD leaves %include'd files out of the rule; kernlab lists them, so compare without one.)
    execFileSync("nasm", ["-f", "bin", "-MD", "nasm.d", "-o", "nasm.bin", "boot.asm"], { cwd: dir });
    expect((await run("-f", "bin", "-MD", "kernlab.d", "-o", "nasm.bin", "boot.asm")).code).toBe(0);
    expect(readFileSync(join(dir, "kernlab.d"), "utf8")).toBe(readFileSync(join(dir, "nasm.d"), "utf8"));
  });
  it("writes -MD dependencies and a listing beside the object", async () => {
    const r = await run("-f", "elf32", "-MD", "deps.d", "-l", "x.lst", "x.asm");
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "deps.d"), "utf8")).toBe("x.o : x.asm inc/defs.inc blob.bin\n\n");
    expect(readFileSync(join(dir, "x.lst"), "utf8")).toMatch(/^\s+5 00000000 B800000000\s+mov eax, 0$/m);
  });
  it("on errors prints every one, exits 1 and leaves an existing output untouched", async () => {
    writeFileSync(join(dir, "bad.o"), "previous build");
    const r = await run("-f", "elf32", "bad.asm");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.asm:1:15: error: symbol 'missing' not defined\n");
    expect(r.stderr).toContain("bad.asm:2:9: error: operation size not specified\n");
    expect(readFileSync(join(dir, "bad.o"), "utf8")).toBe("previous build");
    rmSync(join(dir, "bad.o"));
    expect((await run("-f", "elf32", "bad.asm")).code).toBe(1);
    expect(existsSync(join(dir, "bad.o"))).toBe(false);
  });
});
