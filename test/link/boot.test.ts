/**
 * From RAM, not from claims: kernels linked by kernlab boot in the emulator host, and each PT_LOAD's bytes in
 * guest physical RAM equal the ELF's (file bytes up to p_filesz, zeros up to p_memsz). The kernel exits at
 * once through port 0xF4 so nothing it loaded has been changed by running it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../emulator/index";
import { readElf } from "../../toolchain/elf/read";
import { defineLayout, link, type LinkOptions } from "../../toolchain/link/index";
import { oracle } from "../helpers/oracles";
import { buildCorpus, FIXTURES, type Corpus } from "./corpus";
import { execFileSync } from "node:child_process";

const haveTools = oracle("nasm") && oracle("gcc-m32");

describe.skipIf(!haveTools)("linked kernels boot and their segments are in guest RAM", () => {
  let m: Machine;
  let corpus: Corpus;
  let exitObj: string;
  beforeAll(async () => {
    corpus = buildCorpus(["kernel", "lib", "strong"]);
    exitObj = corpus.obj("exit.o");
    execFileSync("nasm", ["-felf32", join(FIXTURES, "exit.asm"), "-o", exitObj]);
    m = await createMachine({ memoryMiB: 16 });
  });
  afterAll(() => m?.destroy());

  const cases: { name: string; objs: (c: Corpus) => string[]; options: (c: Corpus) => LinkOptions }[] = [
    {
      name: "Bare Bones script with gcc objects and libgcc",
      objs: (c) => [c.obj("kernel.o"), c.obj("lib.o"), c.obj("strong.o"), c.libgcc],
      options: () => ({ script: { text: readFileSync(join(FIXTURES, "barebones.ld"), "utf8"), file: "barebones.ld" } }),
    },
    {
      name: "declarative layout with heap and stack",
      objs: (c) => [c.obj("kernel.o"), c.obj("lib.o"), c.obj("strong.o"), c.libgcc],
      options: () => ({
        layout: defineLayout({
          sections: [
            { name: ".text", input: ["*(.multiboot)", "*(.text .text.*)"], align: 0x1000 },
            { name: ".rodata", input: ["*(.rodata .rodata.*)"], align: 0x1000 },
            { name: ".data", input: ["*(.data .data.*)"], align: 0x1000 },
            { name: ".bss", input: ["*(COMMON)", "*(.bss .bss.*)"], align: 0x1000 },
          ],
          heap: { size: 0x10000 }, stack: { size: 0x4000 },
        }),
      }),
    },
  ];

  it.each(cases)("$name", async (c) => {
    const objs = [exitObj, ...c.objs(corpus)];
    const r = link(objs.map((o) => ({ name: o, bytes: new Uint8Array(readFileSync(o)) })), c.options(corpus));
    const run = m.boot(r.image, { timeout: { ms: 5000 } });
    const result = await run.result;
    expect(result.verdict).toEqual({ kind: "exited", code: 7 });
    const elf = readElf(r.image, "kernel");
    const loads = elf.segments.filter((p) => p.type === 1 && p.memsz > 0);
    expect(loads.length).toBeGreaterThanOrEqual(2);
    for (const p of loads) {
      const ram = m.memory.bytes(p.paddr, p.memsz);
      expect(Buffer.from(ram.subarray(0, p.filesz)).equals(Buffer.from(r.image.subarray(p.offset, p.offset + p.filesz)))).toBe(true);
      expect(ram.subarray(p.filesz).every((b) => b === 0)).toBe(true);
    }
  });
});
