// Issue 21, round two, "look for the same class elsewhere": inputs that are large in one direction (many
// labels, many linker-script statements) must cost time linear in their size, not quadratic, and give the
// native tool's bytes; and an output section made from a script alone gets ld's flags. Each case is generated
// here and run through the CLI under a memory and time ceiling (bounded.ts: the ceiling is a hang guard, the
// quadratic versions took 100 s and more than 300 s).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareCli } from "../cli/cli";
import { oracle } from "../helpers/oracles";
import { kernlabBounded } from "./bounded";

let dir: string;
beforeAll(() => {
  prepareCli();
  dir = mkdtempSync(join(tmpdir(), "kl-scale-"));
});

describe.skipIf(!oracle("nasm"))("many labels (symbol order kept without a search per label)", () => {
  it("200,000 labels assemble to nasm's object (elf32) within the ceiling", async () => {
    writeFileSync(join(dir, "labels.asm"), "bits 32\n" + Array.from({ length: 200_000 }, (_, i) => `l${i}: dd l${i}\n`).join(""));
    const k = await kernlabBounded(["nasm", "-felf32", "labels.asm", "-o", "labels.k.o"], { cwd: dir, rssMiB: 1024, ms: 60_000 });
    expect(k.killed, `peak ${k.peakRssMiB} MiB`).toBe(null);
    expect([k.status, k.stderr]).toEqual([0, ""]);
    execFileSync("nasm", ["-felf32", "labels.asm", "-o", "labels.n.o"], { cwd: dir });
    expect(readFileSync(join(dir, "labels.k.o")).equals(readFileSync(join(dir, "labels.n.o")))).toBe(true);
  }, 90_000);
});

describe.skipIf(!oracle("nasm") || !oracle("ld"))("linker scripts", () => {
  beforeAll(() => {
    writeFileSync(join(dir, "u.asm"), "global _start\nsection .text\n_start: ret\nsection .rodata\ndb 1\nsection .data\ndb 2\nsection .bss\nresb 4\n");
    execFileSync("nasm", ["-felf32", "u.asm", "-o", "u.o"], { cwd: dir });
    writeFileSync(join(dir, "t.asm"), "global _start\nsection .text\n_start: ret\n");
    execFileSync("nasm", ["-felf32", "t.asm", "-o", "t.o"], { cwd: dir });
  });

  it("200,000 LONG statements link to ld's bytes within the ceiling (locations found without a scan from the start)", async () => {
    writeFileSync(join(dir, "longs.ld"), "SECTIONS { . = 0x100000; .text : { *(.text) } .data : { " + Array.from({ length: 200_000 }, (_, i) => `LONG(${i})`).join(" ") + " } }\n");
    const k = await kernlabBounded(["ld", "-m", "elf_i386", "-T", "longs.ld", "t.o", "-o", "longs.k.elf"], { cwd: dir, rssMiB: 768, ms: 60_000 });
    expect(k.killed, `peak ${k.peakRssMiB} MiB`).toBe(null);
    expect(k.status, k.stderr).toBe(0);
    execFileSync("ld", ["-m", "elf_i386", "-T", "longs.ld", "t.o", "-o", "longs.ld.elf"], { cwd: dir, stdio: "ignore" });
    expect(readFileSync(join(dir, "longs.k.elf")).equals(readFileSync(join(dir, "longs.ld.elf")))).toBe(true);
  }, 90_000);

  // ld creates such a section read-only at its first data statement, writable when an assignment came first,
  // and adds the flags (and type) BFD gives the special names (.data*, .bss*, .tdata, .init, .init_array…).
  const BODIES = [
    ".data : { LONG(1) }", ".data.foo : { LONG(1) }", ".data1 : { LONG(1) }", ".bss : { LONG(1) }", ".bss.x : { LONG(1) }",
    ".tdata : { LONG(1) }", ".tbss : { LONG(1) }", ".init : { LONG(1) }", ".text.foo : { LONG(1) }", ".init_array : { LONG(1) }",
    ".fini_array : { LONG(1) }", ".x : { LONG(1) }", ".rodata : { LONG(1) }", ".datax : { LONG(1) }", ".x : { . = . + 4; LONG(2) }",
    ".x : { LONG(2); . = . + 4; }", ".x : { sym = .; LONG(1) }", ".x : { *(.nothing) LONG(1) }", ".rodata.x : { . = . + 4; LONG(1) }",
    ".x : { *(.bss) LONG(1) }", ".x : { BYTE(1) *(.rodata) }",
  ];
  it("an output section made of data statements gets ld's flags and type: whole ELF equal to ld's", async () => {
    for (const [i, body] of BODIES.entries()) {
      writeFileSync(join(dir, `f${i}.ld`), `SECTIONS { . = 0x100000; .text : { *(.text) } ${body} .rest : { *(.rodata) *(.data) *(.bss) } }\n`);
      execFileSync("ld", ["-m", "elf_i386", "-T", `f${i}.ld`, "u.o", "-o", `f${i}.ld.elf`], { cwd: dir, stdio: "ignore" });
    }
    const runs = await Promise.all(BODIES.map((_, i) => kernlabBounded(["ld", "-m", "elf_i386", "-T", `f${i}.ld`, "u.o", "-o", `f${i}.k.elf`], { cwd: dir })));
    for (const [i, body] of BODIES.entries()) {
      expect(runs[i]!.status, `${body}: ${runs[i]!.stderr}`).toBe(0);
      expect(readFileSync(join(dir, `f${i}.k.elf`)).equals(readFileSync(join(dir, `f${i}.ld.elf`))), body).toBe(true);
    }
  }, 90_000);
});
