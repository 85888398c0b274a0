/**
 * `kernlab ld` and `kernlab link` from their command lines: ld's flag spellings, unknown flags named in the
 * error, -L/-l archive search, -Map, outputs equal to GNU ld's on the checked fields, and no output written
 * (nor an old one touched) when the link fails; layouts from JSON and from a TS module.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isKernlabError } from "../../core/diagnostics";
import { command as ld, parseLdArgs } from "../../scripts/commands/ld";
import { command as buildCmd } from "../../scripts/commands/build";
import { command as linkCmd } from "../../scripts/commands/link";
import { UsageError } from "../../scripts/commands/types";
import { oracle } from "../helpers/oracles";
import { compareElf } from "./compare";
import { buildCorpus, FIXTURES, runLd, type Corpus } from "./corpus";

describe("kernlab ld argument scan", () => {
  it("reads ld's flag shapes", () => {
    const a = parseLdArgs(["-melf_i386", "-T", "k.ld", "-o", "k.elf", "-Ttext", "0x100000", "-Tdata=200000", "--section-start=.boot=0x7c00",
      "-Map=k.map", "-L", "lib", "-Lmore", "-lgcc", "-l", "kern", "-nostdlib", "-static", "-s", "--gc-sections", "--oformat", "binary",
      "--build-id=none", "-z", "max-page-size=0x200000", "--print-map", "-e", "kmain", "a.o", "b.o"]);
    expect(a).toMatchObject({
      script: "k.ld", output: "k.elf", entry: "kmain", mapFile: "k.map", printMap: true, libDirs: ["lib", "more"], oformat: "binary",
      gcSections: true, strip: "all", maxPageSize: 0x200000,
      sectionStarts: { ".text": 0x100000, ".data": 0x200000, ".boot": 0x7c00 },
      inputs: [{ kind: "lib", name: "gcc" }, { kind: "lib", name: "kern" }, { kind: "file", name: "a.o" }, { kind: "file", name: "b.o" }],
    });
    expect(parseLdArgs(["-m", "elf_i386", "-Map", "x.map", "--script=s.ld", "a.o"])).toMatchObject({ mapFile: "x.map", script: "s.ld", output: "a.out" });
    expect(parseLdArgs(["a.o", "-T", "k.ld", "-u", "sym", "--undefined=other", "-x", "-z", "noexecstack", "--no-pie", "b.o"])).toMatchObject({
      scriptPosition: 1, undefinedSymbols: ["sym", "other"], discardLocals: "all", execStack: false,
      inputs: [{ kind: "file", name: "a.o" }, { kind: "file", name: "b.o" }],
    });
  });

  it("names an unknown flag and rejects other emulations", () => {
    expect(() => parseLdArgs(["--frobnicate", "a.o"])).toThrow(new UsageError("unrecognized option '--frobnicate'"));
    expect(() => parseLdArgs(["-m", "elf_x86_64", "a.o"])).toThrow(/unsupported emulation 'elf_x86_64'/);
    expect(() => parseLdArgs(["-Ttext", "zz", "a.o"])).toThrow(/invalid address 'zz' for -Ttext/);
  });
});

describe.skipIf(!(oracle("ld") && oracle("nasm") && oracle("gcc-m32") && oracle("ar")))("kernlab ld and kernlab link end to end", () => {
  let c: Corpus;
  let dir: string;
  beforeAll(() => { c = buildCorpus(["nasm-a"]); dir = mkdtempSync(join(tmpdir(), "kernlab-ldcli-")); });

  it("links like ld, with -L/-l archive search and -Map", async () => {
    const out = join(dir, "k.elf"), map = join(dir, "k.map");
    const script = join(FIXTURES, "barebones.ld");
    const code = await ld.run(["-m", "elf_i386", "-T", script, "-o", out, `-Map=${map}`, "-nostdlib", c.obj("nasm-a.o"), "-L", c.dir, "-lnasm"]);
    expect(code).toBe(0);
    const theirs = runLd(["-T", script, c.obj("nasm-a.o"), "-L", c.dir, "-lnasm"], join(dir, "ld.elf"));
    expect(compareElf(readFileSync(out), theirs)).toEqual([]);
    const text = readFileSync(map, "utf8");
    expect(text).toMatch(/^\.text\s+0x00200000 0x00000025 \[AX\]/m);
    expect(text).toContain("libnasm.a(nasm-b.o)");
  });

  it("writes nothing when the link fails, and leaves an old output untouched", async () => {
    const out = join(dir, "keep.elf");
    writeFileSync(out, "previous kernel");
    const err = await ld.run(["-T", join(FIXTURES, "barebones.ld"), "-o", out, c.obj("nasm-a.o")]).catch((e: unknown) => e);
    expect(isKernlabError(err)).toBe(true);
    expect(readFileSync(out, "utf8")).toBe("previous kernel");
    const fresh = join(dir, "fresh.elf");
    await ld.run(["-T", join(FIXTURES, "barebones.ld"), "-o", fresh, c.obj("nasm-a.o")]).catch(() => {});
    expect(existsSync(fresh)).toBe(false);
  });

  it("kernlab build links the files its script names (INPUT) and fails on a missing one", async () => {
    const script = join(dir, "input.ld");
    writeFileSync(script, `INPUT(${c.obj("nasm-b.o")})\n${readFileSync(join(FIXTURES, "barebones.ld"), "utf8")}`);
    const out = join(dir, "kb.elf"), json = join(dir, "kb.json");
    expect(await buildCmd.run(["-T", script, "-o", out, "--map-json", json, join(FIXTURES, "nasm-a.asm")])).toBe(0);
    const m = JSON.parse(readFileSync(json, "utf8"));
    expect(m.symbols.map((x: { name: string }) => x.name)).toContain("helper");
    writeFileSync(script, `INPUT(${join(dir, "missing.o")})\n${readFileSync(join(FIXTURES, "barebones.ld"), "utf8")}`);
    const err = await buildCmd.run(["-T", script, "-o", join(dir, "kb2.elf"), join(FIXTURES, "nasm-a.asm")]).catch((e: unknown) => e);
    expect(isKernlabError(err) && err.message).toMatch(/cannot find .*missing\.o: No such file or directory/);
  });

  it("kernlab link takes a JSON layout and writes the kernel, the text map and the JSON map", async () => {
    const layout = join(dir, "layout.json");
    writeFileSync(layout, JSON.stringify({ base: 0x100000, sections: [{ name: ".text", input: ["*(.multiboot)", "*(.text)"] }, { name: ".data", input: ["*(.data)"], align: 4096 }, { name: ".bss", input: ["*(COMMON)", "*(.bss)"] }], stack: { size: 8192 } }));
    const out = join(dir, "kj.elf"), map = join(dir, "kj.map"), json = join(dir, "kj.json");
    expect(await linkCmd.run(["-o", out, "--layout", layout, "--map", map, "--map-json", json, c.obj("nasm-a.o"), c.obj("nasm-b.o")])).toBe(0);
    const m = JSON.parse(readFileSync(json, "utf8"));
    expect(m.outputSections.map((s: { name: string }) => s.name)).toEqual([".text", ".data", ".bss"]);
    const sym = (n: string) => m.symbols.find((s: { name: string }) => s.name === n).value;
    expect(sym("__text_start")).toBe(0x100000);
    expect(sym("__stack_top") - sym("__stack_bottom")).toBe(8192);
    expect(readFileSync(map, "utf8")).toContain("__stack_top");
    expect(readFileSync(out).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });

  it("kernlab link loads a TS layout module exporting default", async () => {
    const layoutTs = join(dir, "layout.ts");
    const layoutModule = resolve(import.meta.dirname, "../../toolchain/link/layout.ts");
    writeFileSync(layoutTs, `import { defineLayout } from ${JSON.stringify(layoutModule)};\nexport default defineLayout({ base: 0x200000, sections: [{ name: ".text", input: ["*(.text)"] }, { name: ".data", input: ["*(.data)"] }, { name: ".bss", input: ["*(.bss)"] }] });\n`);
    const out = join(dir, "kt.elf"), json = join(dir, "kt.json");
    expect(await linkCmd.run(["-o", out, "--layout", layoutTs, "--map-json", json, c.obj("nasm-a.o"), c.obj("nasm-b.o")])).toBe(0);
    const m = JSON.parse(readFileSync(json, "utf8"));
    expect(m.outputSections[0]).toMatchObject({ name: ".text", vaddr: 0x200000 });
  });
});
