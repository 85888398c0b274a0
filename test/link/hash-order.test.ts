/**
 * Oracle differential: the order of global symbols in .symtab (and of COMMON allocation) follows GNU ld's
 * symbol hash table, which grows past 3/4 full (4051 buckets, then 4093, 8191, 16381 …, rehashing each time).
 * Objects with thousands of globals are generated directly as ELF; kernlab's output must equal ld's byte for
 * byte, and its .symtab must hold the globals in ld's order.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLdArgs, prepareLd } from "../../scripts/commands/ld";
import { readElf } from "../../toolchain/elf/read";
import { bfdHash, bfdTraversal, higherPrime } from "../../toolchain/link/passes/bfd-hash";
import { link } from "../../toolchain/link/index";
import { oracle } from "../helpers/oracles";
import { relocatableWithSymbols, type GenSymbol } from "./elf-gen";

function linkBoth(dir: string, argv: string[]): { ours: Uint8Array; theirs: Buffer } {
  execFileSync("ld", ["-m", "elf_i386", ...argv, "-o", "ld.out"], { cwd: dir });
  const { inputs, options } = prepareLd(parseLdArgs(argv), dir);
  return { ours: link(inputs, options).image, theirs: readFileSync(join(dir, "ld.out")) };
}

function globalNames(image: Uint8Array): string[] {
  return readElf(image, "out").symbols.filter((s) => s.bind !== 0).map((s) => s.name);
}

describe("BFD hash table model", () => {
  it("grows to the next listed prime", () => {
    expect([4051, 4093, 8191, 16381].map(higherPrime)).toEqual([4093, 8191, 16381, 32749]);
    expect(higherPrime(4294967291)).toBe(0);
  });
  it("keeps insertion order reversed within a bucket before any growth, and changes it after", () => {
    const few = ["a", "b", "c"];
    expect(new Set(bfdTraversal(few, (x) => x))).toEqual(new Set(few));
    const many = Array.from({ length: 3100 }, (_, i) => `s${i}`);
    expect(bfdTraversal(many, (x) => x)).toHaveLength(3100);
    expect(bfdTraversal(many.slice(0, 3038), (x) => x).join()).not.toBe(bfdTraversal(many.slice(0, 3039), (x) => x).slice(0, 3038).join());
  });
});

describe.skipIf(!oracle("ld"))("global symbol order with thousands of globals (against GNU ld 2.40)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kernlab-hash-"));
    writeFileSync(join(dir, "t.ld"), "ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { __text_start = .; *(.text) PROVIDE(__unused = .); } .data : { *(.data) } __end = .; }\n");
  });

  it.each([3000, 3039, 10000, 50000])("%i globals in one object: output equals ld's", (n) => {
    const symbols: GenSymbol[] = Array.from({ length: n }, (_, i) => ({ name: i === 0 ? "_start" : `sym_${i}`, kind: "defined" }));
    writeFileSync(join(dir, "g.o"), relocatableWithSymbols(symbols));
    const { ours, theirs } = linkBoth(dir, ["-Ttext=0x100000", "g.o"]);
    expect(globalNames(ours)).toEqual(globalNames(theirs));
    expect(Buffer.from(ours).equals(theirs), "output equals ld's byte for byte").toBe(true);
  });

  it("next to the growth thresholds, with the built-in script and with a -T script (every entry counts)", () => {
    // Growth at the 3,039th entry (4051 buckets) and the 3,070th (4093): links just around both, where one
    // entry more or less in kernlab's model (script symbols, ld's own _GLOBAL_OFFSET_TABLE_) changes the order.
    const differing: string[] = [];
    for (const argv of [["-Ttext=0x100000"], ["-T", "t.ld"]]) {
      for (const n of [3033, 3034, 3035, 3036, 3037, 3038, 3039, 3064, 3065, 3066, 3067, 3068, 3069, 3070]) {
        const a: GenSymbol[] = Array.from({ length: n }, (_, i) => ({ name: i === 0 ? "_start" : `s${i}`, kind: i % 7 === 3 ? "undefined" : "defined" }));
        writeFileSync(join(dir, "a.o"), relocatableWithSymbols(a));
        writeFileSync(join(dir, "b.o"), relocatableWithSymbols(a.filter((s) => s.kind === "undefined").map((s) => ({ name: s.name, kind: "defined" }))));
        const { ours, theirs } = linkBoth(dir, [...argv, "a.o", "b.o"]);
        if (!Buffer.from(ours).equals(theirs)) differing.push(`${argv.join(" ")} with ${n}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it("a -T script's symbols enter the table where the script stands on the command line", () => {
    // Object symbols that share a bucket (of 4051) with each script symbol: their order in .symtab shows
    // whether ld entered the script's symbols before or after the object's.
    const bucket = (name: string) => { const h = bfdHash(name); return ((h.hi % 4051) * 2 ** 32 + h.lo) % 4051; };
    const sharing = (target: string) => { const out: string[] = []; for (let i = 0; out.length < 2; i++) if (bucket(`c${i}`) === bucket(target)) out.push(`c${i}`); return out; };
    writeFileSync(join(dir, "c.o"), relocatableWithSymbols(["_start", ...sharing("__text_start"), ...sharing("__end")].map((name) => ({ name, kind: "defined" }))));
    for (const argv of [["-T", "t.ld", "c.o"], ["c.o", "-T", "t.ld"]]) {
      const { ours, theirs } = linkBoth(dir, argv);
      expect(globalNames(ours), argv.join(" ")).toEqual(globalNames(theirs));
      expect(Buffer.from(ours).equals(theirs)).toBe(true);
    }
  });

  it("references, definitions and COMMON symbols across objects (table grows while reading the second)", () => {
    // a.o: _start, 2,000 undefined references and 3,000 COMMON symbols; b.o defines the references and 6,000 more.
    const refs = Array.from({ length: 2000 }, (_, i) => `ref_${i}`);
    const a: GenSymbol[] = [{ name: "_start", kind: "defined" }, ...refs.map((name) => ({ name, kind: "undefined" as const })),
      ...Array.from({ length: 3000 }, (_, i) => ({ name: `com_${i}`, kind: "common" as const }))];
    const b: GenSymbol[] = [...Array.from({ length: 6000 }, (_, i) => ({ name: `def_${i}`, kind: "defined" as const })), ...refs.map((name) => ({ name, kind: "defined" as const }))];
    writeFileSync(join(dir, "a.o"), relocatableWithSymbols(a));
    writeFileSync(join(dir, "b.o"), relocatableWithSymbols(b));
    writeFileSync(join(dir, "k.ld"), "ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .bss : { *(.bss) *(COMMON) } }\n");
    const { ours, theirs } = linkBoth(dir, ["-T", "k.ld", "a.o", "b.o"]);
    expect(globalNames(ours)).toEqual(globalNames(theirs));
    expect(Buffer.from(ours).equals(theirs), "output equals ld's byte for byte").toBe(true);
  });
});
