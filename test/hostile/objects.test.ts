// Issue 21, rule 1: malformed objects and placements that ld refuses are errors naming the file and the
// field, never a link that exits 0 with wrong output. Each object is made here by kernlab's assembler and
// then damaged in one header field; ld (when installed) must refuse the same file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KernlabError } from "../../core/diagnostics";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { defineLayout, link, type LinkInput } from "../../toolchain/link/index";
import { hasOracle, oracle } from "../helpers/oracles";

const A = assembleOrThrow("global _start\nextern helper\nsection .text\n_start: call helper\nnot_helper: ret\nsection .bss\nbuf: resb 16\n", { file: "a.asm" });
const B = assembleOrThrow("global helper\nsection .text\nhelper: ret\n", { file: "b.asm" });

const FIELD = { name: 0, type: 4, flags: 8, addr: 12, offset: 16, size: 20, link: 24, info: 28, addralign: 32, entsize: 36 } as const;

function shdrIndex(obj: Uint8Array, name: string): number {
  const dv = new DataView(obj.buffer, obj.byteOffset, obj.byteLength);
  const shoff = dv.getUint32(32, true), shnum = dv.getUint16(48, true), shstrndx = dv.getUint16(50, true);
  const strOff = dv.getUint32(shoff + shstrndx * 40 + 16, true);
  for (let i = 0; i < shnum; i++) {
    let n = "", p = strOff + dv.getUint32(shoff + i * 40, true);
    while (obj[p]) n += String.fromCharCode(obj[p++]!);
    if (n === name) return i;
  }
  throw new Error(`no section ${name}`);
}

/** A copy of `obj` with one field of one section header set to `value`. */
function patched(obj: Uint8Array, section: string | number, field: keyof typeof FIELD, value: number): Uint8Array {
  const out = obj.slice();
  const dv = new DataView(out.buffer);
  const i = typeof section === "number" ? section : shdrIndex(obj, section);
  dv.setUint32(dv.getUint32(32, true) + i * 40 + FIELD[field], value >>> 0, true);
  return out;
}

const layout = defineLayout({ sections: [{ name: ".text", input: ["*(.text)"] }, { name: ".bss", input: ["*(.bss)"] }] });

function linkError(inputs: LinkInput[], opts: Parameters<typeof link>[1] = { layout }): string {
  try {
    link(inputs, opts);
  } catch (e) {
    if (!(e instanceof KernlabError)) throw e;
    return e.diagnostics.map((d) => `${d.code}: ${d.text}`).join("\n");
  }
  throw new Error("the link succeeded");
}

/** ld's exit status on the same inputs (linked with -Ttext, as the layout does). */
function ldStatus(files: Record<string, Uint8Array>, extra: string[] = []): number | null {
  const dir = mkdtempSync(join(tmpdir(), "kl-obj-"));
  for (const [n, b] of Object.entries(files)) writeFileSync(join(dir, n), b);
  return spawnSync("ld", ["-m", "elf_i386", ...extra, ...Object.keys(files), "-o", "out"], { cwd: dir }).status;
}

const cases: { name: string; obj: () => Uint8Array; error: RegExp }[] = [
  { name: ".rel.text sh_info names no section", obj: () => patched(A, ".rel.text", "info", 99), error: /a\.o: section \d+ \(\.rel\.text\) sh_info: 99 is not a section index/ },
  { name: ".rel.text sh_info names .shstrtab", obj: () => patched(A, ".rel.text", "info", shdrIndex(A, ".shstrtab")), error: /sh_info: section \d+ \(\.shstrtab\) cannot take relocations/ },
  { name: "SHT_GROUP with junk (.text retyped)", obj: () => patched(A, ".text", "type", 17), error: /section \d+ \(\.text\) sh_entsize\/sh_size: a group section has 4-byte entries/ },
  { name: ".symtab sh_link is itself", obj: () => patched(A, ".symtab", "link", shdrIndex(A, ".symtab")), error: /a\.o: \.symtab sh_link: section \d+ \(\.symtab\) is not a string table/ },
  { name: "NOBITS of 0xFFFFFFF0 bytes", obj: () => patched(A, ".bss", "size", 0xfffffff0), error: /section-wraps: section \.bss VMA wraps around address space/ },
];

describe("malformed objects (rule 1)", () => {
  for (const c of cases) {
    it(`${c.name}: an error naming the file and field`, () => {
      expect(linkError([{ name: "a.o", bytes: c.obj() }, { name: "b.o", bytes: B }])).toMatch(c.error);
    });
  }

  it.runIf(oracle("ld"))("ld refuses every one of them too (and links the undamaged pair)", () => {
    expect(ldStatus({ "a.o": A, "b.o": B })).toBe(0);
    for (const c of cases) expect(ldStatus({ "a.o": c.obj(), "b.o": B }), c.name).toBe(1);
  });

  it("a script `. = 0xFFFFFFF0` before sections: ld's 'VMA wraps around address space'", () => {
    const script = { text: "SECTIONS { . = 0xFFFFFFF0; .text : { *(.text) } .bss : { *(.bss) } }\n", file: "wrap.ld" };
    expect(linkError([{ name: "a.o", bytes: A }, { name: "b.o", bytes: B }], { script })).toBe(
      "section-wraps: section .text VMA wraps around address space");
    if (hasOracle("ld")) {
      const dir = mkdtempSync(join(tmpdir(), "kl-wrap-"));
      writeFileSync(join(dir, "wrap.ld"), script.text); writeFileSync(join(dir, "a.o"), A); writeFileSync(join(dir, "b.o"), B);
      const r = spawnSync("ld", ["-m", "elf_i386", "-T", "wrap.ld", "a.o", "b.o", "-o", "out"], { cwd: dir, encoding: "utf8" });
      expect(r.stderr).toContain("section .text VMA wraps around address space");
    }
  });

  it("a layout heap or stack that passes 4 GiB is an error, not __heap_end below __heap_start", () => {
    const sections = [{ name: ".text", input: ["*(.text)"] }, { name: ".bss", input: ["*(.bss)"] }];
    const inputs = [{ name: "a.o", bytes: A }, { name: "b.o", bytes: B }];
    expect(linkError(inputs, { layout: defineLayout({ sections, heap: { size: 0xfff0_0000 } }) })).toMatch(/^layout-wraps: layout heap of 0xfff00000 bytes starting at 0x[0-9a-f]{8} wraps around address space/);
    expect(linkError(inputs, { layout: defineLayout({ sections, heap: { size: 0x1000 }, stack: { size: 0xffff_f000 } }) })).toMatch(/^layout-wraps: layout stack of 0xfffff000/);
  });

  it("property: any one section-header word changed: the link succeeds or fails with a KernlabError", () => {
    const shnum = new DataView(A.buffer, A.byteOffset).getUint16(48, true);
    fc.assert(fc.property(fc.integer({ min: 0, max: shnum - 1 }), fc.constantFrom(...(Object.keys(FIELD) as (keyof typeof FIELD)[])), fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(0xffffffff, 0x7fffffff, 0xfffffff0, 0x80000000)), (i, f, v) => {
      try { link([{ name: "a.o", bytes: patched(A, i, f, v) }, { name: "b.o", bytes: B }], { layout }); } catch (e) { if (!(e instanceof KernlabError)) throw e; }
    }), { numRuns: 400 });
  });
});
