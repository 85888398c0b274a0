// `kernlab build` through bin/kernlab.js on real files: the echo kernel built by kernlab equals nasm + ld
// section for section and boots; .o inputs, a JSON layout, -I/-D; and each kind of user error (missing
// file, bad flag, source error with file:line:col, link error) with its message, exit status, and no
// output written or touched.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { buildSampleKernel } from "../../kernel/build";
import { loadSampleSources } from "../../kernel/sources";
import { readElf, sectionByName } from "../../toolchain/elf/read";
import { oracle } from "../helpers/oracles";
import { buildEchoKernel, fixtures, kernlab, nmAddress, prepareCli, root, scratch } from "./cli";

const layoutJson = {
  base: 0x100000,
  sections: [
    { name: ".text", input: ["*(.multiboot)", "*(.text)"] },
    { name: ".rodata", input: ["*(.rodata)"], align: 4096 },
    { name: ".data", input: ["*(.data)"], align: 4096 },
    { name: ".bss", input: ["*(.bss)", "*(COMMON)"], align: 4096 },
  ],
  heap: { size: 0x10000, align: 4096 },
  stack: { size: 0x4000 },
};

/** The loaded sections of an ELF as [name, sh_addr, bytes-or-size]. */
function loaded(path: string) {
  const elf = readElf(new Uint8Array(readFileSync(path)), path);
  return [".text", ".rodata", ".data", ".bss"].map((n) => {
    const s = sectionByName(elf, n)!;
    return [n, s.addr, s.type === 8 ? s.size : Array.from(s.data)];
  });
}

describe("kernlab build on the sample kernel, as the README shows it", () => {
  it("builds the kernel kernel/build.ts builds: same sections at the same addresses (layout.inc from the layout module); inspect lists its processes", () => {
    prepareCli();
    const out = join(scratch("build-sample"), "kernel.elf");
    const sources = readdirSync(join(root, "kernel")).filter((f) => f.endsWith(".asm")).sort().map((f) => `kernel/${f}`);
    const r = kernlab(["build", "-o", out, "--layout", "kernel/layout.ts", "-I", "kernel/", "boot/multiboot.asm", ...sources], root);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const reference = join(scratch("build-sample-ref"), "kernel.elf");
    writeFileSync(reference, buildSampleKernel({ files: loadSampleSources() }).elf);
    // Link order differs (the shell glob sorts; padding between input sections moves), so compare what the
    // layout promises: the same sections at the same addresses.
    const addrs = (p: string) => readElf(new Uint8Array(readFileSync(p))).sections.filter((s) => s.flags & 2).map((s) => [s.name, s.addr]);
    expect(addrs(out)).toEqual(addrs(reference));
    for (const s of ["__heap_start", "__stack_top", "kernlab_probe", "kmain"]) expect(nmAddress(out, s)).toBeGreaterThan(0);

    // …and `kernlab inspect` lists its user processes from guest RAM, each in its own address space.
    const seen = kernlab(["inspect", out, "--at", "3", "--json"], root);
    expect(seen.status).toBe(0);
    const report = JSON.parse(seen.stdout) as { processes: { pid: number; state: string; cr3: number; text: number }[] };
    expect(report.processes.map((p) => [p.pid, p.state, p.text])).toEqual([[1, "runnable", 0x08048000], [2, "runnable", 0x08048000], [3, "runnable", 0x08048000]]);
    expect(new Set(report.processes.map((p) => p.cr3)).size).toBe(3);
  });
});

describe.skipIf(!oracle("nasm") || !oracle("ld"))("kernlab build", () => {
  let dir = "";
  let reference = "";
  beforeAll(() => {
    prepareCli();
    dir = scratch("build");
    reference = buildEchoKernel(join(dir, ".."));
    for (const f of ["echo-kernel.asm", "echo-kernel.ld"]) copyFileSync(join(fixtures, f), join(dir, f));
    writeFileSync(join(dir, "layout.json"), JSON.stringify(layoutJson));
  });

  it("assembles and links with -T: the same sections as nasm + ld, a map, a JSON map; inspect reads it", () => {
    const r = kernlab(["build", "-o", "echo.elf", "--map", "echo.map", "--map-json", "echo.json", "-T", "echo-kernel.ld", "echo-kernel.asm"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
    expect(loaded(join(dir, "echo.elf"))).toEqual(loaded(reference));
    expect(nmAddress(join(dir, "echo.elf"), "__stack_top")).toBe(nmAddress(reference, "__stack_top"));
    expect(readFileSync(join(dir, "echo.map"), "utf8")).toMatch(/^\.text +0x00100000 0x00000153/m);
    const map = JSON.parse(readFileSync(join(dir, "echo.json"), "utf8")) as { outputSections: { name: string; vaddr: number }[] };
    expect(map.outputSections.map((s) => [s.name, s.vaddr])).toEqual([[".text", 0x100000], [".rodata", 0x101000], [".data", 0x102000], [".bss", 0x103000]]);
    const boot = kernlab(["inspect", "echo.elf", "--static"], dir);
    expect(boot.status).toBe(0);
  });

  it("links .o inputs as they are, and places with a JSON layout (boundary symbols from the layout)", () => {
    execFileSync("nasm", ["-felf32", "echo-kernel.asm", "-o", "echo-nasm.o"], { cwd: dir });
    const r = kernlab(["build", "-o", "layout.elf", "--layout", "layout.json", "echo-nasm.o"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(loaded(join(dir, "layout.elf"))).toEqual(loaded(reference));
    for (const s of ["__heap_start", "__heap_end", "__stack_top"]) {
      expect(nmAddress(join(dir, "layout.elf"), s)).toBe(nmAddress(reference, s));
    }
  });

  it("-I finds %include files and -D defines macros, as nasm's flags do", () => {
    mkdirSync(join(dir, "inc"), { recursive: true });
    writeFileSync(join(dir, "inc", "answer.inc"), "ANSWER equ 42\n");
    writeFileSync(join(dir, "flags.asm"), [
      "bits 32", '%include "answer.inc"', "section .multiboot", "dd 0x1BADB002, 0, -0x1BADB002",
      "section .text", "global _start", "_start:", "%ifdef FAST", "        mov eax, ANSWER + EXTRA", "%endif", "        ret", "",
    ].join("\n"));
    const r = kernlab(["build", "-o", "flags.elf", "-T", "echo-kernel.ld", "-I", "inc", "-D", "FAST", "-DEXTRA=1", "flags.asm"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const text = sectionByName(readElf(new Uint8Array(readFileSync(join(dir, "flags.elf")))), ".text")!;
    expect(Array.from(text.data.subarray(16, 22))).toEqual([0xb8, 43, 0, 0, 0, 0xc3]); // mov eax, 43; ret
  });

  it("a TypeScript layout module places the kernel and generates the include files its sources need", () => {
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(dir, "gen-layout.ts"), [
      `const spec = ${JSON.stringify(layoutJson)};`,
      "export default spec;",
      "export function includes(): Record<string, string> {",
      "  return { \"layout.inc\": `STACK_SIZE equ ${spec.stack.size}\\n` };",
      "}",
      "",
    ].join("\n"));
    writeFileSync(join(dir, "uses-inc.asm"), [
      "bits 32", '%include "layout.inc"', "section .multiboot", "dd 0x1BADB002, 0, -0x1BADB002",
      "section .text", "global _start", "_start:", "        mov eax, STACK_SIZE", "        ret", "",
    ].join("\n"));
    const r = kernlab(["build", "-o", "gen.elf", "--layout", "gen-layout.ts", "-I", "inc", "uses-inc.asm"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const elf = readElf(new Uint8Array(readFileSync(join(dir, "gen.elf"))));
    expect(Array.from(sectionByName(elf, ".text")!.data.subarray(16, 22))).toEqual([0xb8, 0x00, 0x40, 0, 0, 0xc3]); // mov eax, 0x4000
    expect(nmAddress(join(dir, "gen.elf"), "__stack_top") - nmAddress(join(dir, "gen.elf"), "__stack_bottom")).toBe(0x4000);
  });

  describe("user errors write nothing and touch nothing", () => {
    /** A good kernel at `out`, to prove a failed build leaves it as it was. */
    function goodOutput(out: string): { bytes: Buffer; mtimeMs: number } {
      expect(kernlab(["build", "-o", out, "-T", "echo-kernel.ld", "echo-kernel.asm"], dir).status).toBe(0);
      return { bytes: readFileSync(join(dir, out)), mtimeMs: statSync(join(dir, out)).mtimeMs };
    }
    function unchanged(out: string, before: { bytes: Buffer; mtimeMs: number }) {
      expect(readFileSync(join(dir, out)).equals(before.bytes)).toBe(true);
      expect(statSync(join(dir, out)).mtimeMs).toBe(before.mtimeMs);
    }

    it("a source error: file:line:col, the line and a caret; exit 1; the previous kernel untouched", () => {
      writeFileSync(join(dir, "bad.asm"), "bits 32\nsection .text\nglobal _start\n_start:\n        mov eax, [counter\n");
      const before = goodOutput("keep.elf");
      const r = kernlab(["build", "-o", "keep.elf", "--map", "keep.map", "-T", "echo-kernel.ld", "echo-kernel.asm", "bad.asm"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^bad\.asm:5:\d+: error: .+\n {12}mov eax, \[counter\n {4} +\^/);
      unchanged("keep.elf", before);
      expect(existsSync(join(dir, "keep.map"))).toBe(false);
    });

    it("a link error: the undefined symbol and who references it; exit 1; nothing written", () => {
      writeFileSync(join(dir, "undef.asm"), "bits 32\nsection .text\nglobal kmain2\nextern missing\nkmain2:\n        call missing\n        ret\n");
      const r = kernlab(["build", "-o", "undef.elf", "-T", "echo-kernel.ld", "echo-kernel.asm", "undef.asm"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("undef.o: error: undefined symbol 'missing'\n>>> referenced by undef.o:(.text+0x1)\n");
      expect(existsSync(join(dir, "undef.elf"))).toBe(false);
    });

    it("an error in a shared include is reported once, not once per source", () => {
      writeFileSync(join(dir, "shared.inc"), "section .text\n        mov eax, [oops\n");
      writeFileSync(join(dir, "one.asm"), '%include "shared.inc"\n');
      writeFileSync(join(dir, "two.asm"), '%include "shared.inc"\n');
      const r = kernlab(["build", "-T", "echo-kernel.ld", "one.asm", "two.asm"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^shared\.inc:2:\d+: error: /);
      expect(r.stderr.match(/error:/g)).toHaveLength(1);
    });

    it("a missing input: named, with the others still checked; exit 1", () => {
      const r = kernlab(["build", "-o", "missing.elf", "-T", "echo-kernel.ld", "nosuch.asm", "echo-kernel.asm", "gone.o"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        "nosuch.asm: error: cannot read input 'nosuch.asm': no such file or directory\n" +
        "gone.o: error: cannot read input 'gone.o': no such file or directory\n",
      );
      expect(existsSync(join(dir, "missing.elf"))).toBe(false);
    });

    it("a missing linker script or layout: exit 1", () => {
      expect(kernlab(["build", "-T", "nosuch.ld", "echo-kernel.asm"], dir).stderr).toBe("nosuch.ld: error: cannot read linker script 'nosuch.ld': no such file or directory\n");
      const r = kernlab(["build", "--layout", "nosuch.json", "echo-kernel.asm"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("nosuch.json: error: cannot read layout 'nosuch.json': no such file or directory\n");
    });

    it("usage errors: exit 2 (unknown flag, no inputs with help, --layout with -T)", () => {
      const bogus = kernlab(["build", "--bogus", "echo-kernel.asm"], dir);
      expect([bogus.status, bogus.stderr]).toEqual([2, "kernlab build: unknown option '--bogus' (see --help)\n"]);
      const none = kernlab(["build", "-o", "x.elf"], dir);
      expect(none.status).toBe(2);
      expect(none.stderr).toMatch(/^kernlab build: no input files \(give \.asm sources and\/or \.o objects\)\nusage: kernlab build /);
      const both = kernlab(["build", "--layout", "layout.json", "-T", "echo-kernel.ld", "echo-kernel.asm"], dir);
      expect([both.status, both.stderr]).toEqual([2, "kernlab build: give either --layout or -T, not both\n"]);
    });
  });

  it("--help: exit 0, on stdout", () => {
    const r = kernlab(["build", "--help"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: kernlab build \[options\]/);
  });
});
