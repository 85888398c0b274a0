// Issue 21, rules 4 and 5: no internal errors on deep or long expressions (assembler and linker scripts),
// forward equ chains converge as in NASM, and NASM's --limit-NAME options with NASM's defaults.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble, assembleOrThrow, DEFAULT_ASM_LIMITS } from "../../toolchain/asm/index";
import { link } from "../../toolchain/link/index";
import { readElf } from "../../toolchain/elf/read";
import { hasOracle } from "../helpers/oracles";
import { parseNasmArgs } from "../../scripts/commands/nasm";

const bin = (src: string, limits = {}) => assemble(src, { file: "e.asm", format: "bin", limits });
const errorsOf = (r: ReturnType<typeof bin>) => r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.text}`);
const nested = (n: number, inner: string) => "(".repeat(n) + inner + ")".repeat(n);
const sum = (n: number) => Array.from({ length: n }, () => "1").join("+");
const chain = (n: number) => Array.from({ length: n }, (_, i) => `e${i} equ e${i + 1}`).join("\n") + `\ne${n} equ 5\ndd e0\n`;

function nasmBin(src: string): { status: number | null; bytes: number[] } {
  const dir = mkdtempSync(join(tmpdir(), "kl-expr-"));
  writeFileSync(join(dir, "e.asm"), src);
  const r = spawnSync("nasm", ["-fbin", "e.asm", "-o", "e.bin"], { cwd: dir });
  return { status: r.status, bytes: r.status === 0 ? [...readFileSync(join(dir, "e.bin"))] : [] };
}

describe("assembler expressions (rule 4)", () => {
  it("500 nested parentheses assemble (as in NASM); 8,000 too", () => {
    expect([...bin(`dd ${nested(500, "1")}\n`).output!]).toEqual([1, 0, 0, 0]);
    expect([...bin(`dd ${nested(8000, "7")}\n`).output!]).toEqual([7, 0, 0, 0]);
  });

  it("a 10,000-term sum is NASM's located 'expression too long', not a RangeError; 8,000 terms assemble", () => {
    const r = bin(`dd ${sum(10_000)}\n`);
    expect(errorsOf(r)).toEqual(["expression-too-long: expression too long"]);
    expect(r.diagnostics[0]!.location).toMatchObject({ file: "e.asm", line: 1 });
    expect([...bin(`dd ${sum(8000)}\n`).output!]).toEqual([0x40, 0x1f, 0, 0]);
  });

  it("a forward equ chain of 1,000 symbols converges; one of 1,005 is NASM's error, located", () => {
    expect([...bin(chain(1000)).output!]).toEqual([5, 0, 0, 0]);
    const r = bin(chain(1005));
    expect(errorsOf(r)[0]).toMatch(/^phase-error: unable to find valid values for all labels after \d+ passes; stalled for 1001, giving up/);
    expect(r.diagnostics[0]!.location?.file).toBe("e.asm");
  });

  it.runIf(hasOracle("nasm"))("nasm agrees on each case", () => {
    expect(nasmBin(`dd ${nested(500, "1")}\n`)).toEqual({ status: 0, bytes: [1, 0, 0, 0] });
    expect(nasmBin(`dd ${sum(10_000)}\n`).status).toBe(1);
    expect(nasmBin(chain(1000))).toEqual({ status: 0, bytes: [5, 0, 0, 0] });
    expect(nasmBin(chain(1005)).status).toBe(1);
  });

  it("property: random expressions of + - * ~ ! and parentheses evaluate as the same expression in JS (64-bit)", () => {
    const leaf = fc.integer({ min: 0, max: 1000 }).map((n) => ({ src: String(n), v: BigInt(n) }));
    const expr = fc.letrec<{ e: { src: string; v: bigint } }>((tie) => ({
      e: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf,
        fc.tuple(tie("e"), fc.constantFrom("+", "-", "*"), tie("e")).map(([a, op, b]) => ({ src: `(${a.src} ${op} ${b.src})`, v: op === "+" ? a.v + b.v : op === "-" ? a.v - b.v : a.v * b.v })),
        tie("e").map((a) => ({ src: `-(${a.src})`, v: -a.v })),
        tie("e").map((a) => ({ src: `~${"(" + a.src + ")"}`, v: ~a.v }))),
    })).e;
    fc.assert(fc.property(expr, (x) => {
      const out = bin(`dq ${x.src}\n`).output!;
      const got = new DataView(out.buffer, out.byteOffset).getBigUint64(0, true);
      expect(got).toBe(BigInt.asUintN(64, x.v));
    }), { numRuns: 300 });
  });
});

describe("linker-script expressions (rule 4)", () => {
  const obj = assembleOrThrow("global _start\nsection .text\n_start: ret\n", { file: "a.asm" });
  const textAddr = (script: string) => {
    const elf = readElf(link([{ name: "a.o", bytes: obj }], { script: { text: script, file: "s.ld" } }).image);
    return elf.sections.find((s) => s.name === ".text")!.addr;
  };
  it("450 and 9,000 nested parentheses, and a 10,000-term sum, link (as with ld)", () => {
    expect(textAddr(`SECTIONS { . = ${nested(450, "0x100000")}; .text : { *(.text) } }`)).toBe(0x100000);
    expect(textAddr(`SECTIONS { . = ${nested(9000, "0x200000")}; .text : { *(.text) } }`)).toBe(0x200000);
    expect(textAddr(`SECTIONS { . = 0x100000 + ${sum(10_000)}; .text : { *(.text) } }`)).toBe(0x100000 + 10_000);
  });

  it.runIf(hasOracle("ld"))("ld places .text at the same addresses", () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-ldexpr-"));
    writeFileSync(join(dir, "a.o"), obj);
    for (const [i, expr] of [nested(450, "0x100000"), `0x100000 + ${sum(10_000)}`, "1 ? 0x300000 : 0x400000"].entries()) {
      const script = `SECTIONS { . = ${expr}; .text : { *(.text) } }`;
      writeFileSync(join(dir, `s${i}.ld`), script);
      execFileSync("ld", ["-m", "elf_i386", "-T", `s${i}.ld`, "a.o", "-o", `o${i}`], { cwd: dir, stdio: "ignore" });
      const ldAddr = readElf(new Uint8Array(readFileSync(join(dir, `o${i}`)))).sections.find((s) => s.name === ".text")!.addr;
      expect(textAddr(script), expr.slice(0, 40)).toBe(ldAddr);
    }
  });
});

describe("NASM's --limit-NAME options (rule 5)", () => {
  it("defaults are NASM 2.16's", () => {
    expect(DEFAULT_ASM_LIMITS).toMatchObject({ stalledPasses: 1000, macroLevels: 10_000, macroTokens: 10_000_000, rep: 1_000_000, eval: 8192, lines: 2_000_000_000 });
  });

  it("kernlab nasm parses --limit-NAME N, --limit-NAME=N and 'unlimited'; an unknown name is a warning", () => {
    const a = parseNasmArgs(["--limit-eval", "100", "--limit-rep=5", "--limit-passes", "unlimited", "--limit-foo", "3", "x.asm"]);
    expect(a.limits).toEqual({ eval: 100, rep: 5, passes: Number.MAX_SAFE_INTEGER });
    expect(a.notes).toEqual(["unknown limit: `foo'"]);
  });

  it("each limit applies: eval, rep, macro-levels, stalled-passes", () => {
    expect(errorsOf(bin(`dd ${nested(100, "1")}\n`, { eval: 50 }))).toEqual(["expression-too-long: expression too long"]);
    expect(errorsOf(bin("%rep 6\nnop\n%endrep\n", { rep: 5 }))[0]).toMatch(/rep/);
    expect(errorsOf(bin("%rmacro R 1\n  R %1+1\n%endmacro\nR 0\n", { macroLevels: 30 }))[0]).toBe("macro-recursion: macro `R' nested more than 30 levels deep (recursive macro?)");
    expect(errorsOf(bin(chain(20), { stalledPasses: 5 }))[0]).toMatch(/stalled for 6, giving up/);
  });
});
