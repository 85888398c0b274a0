// The sample kernel's sources: the probe record's field order in kernel/probe.ts matches `struc probe`
// (and task, alloc_entry, device) in kernel/defs.inc; layout.inc is generated from kernel/layout.ts and
// never kept on disk; and kernlab's assembler turns every source into the same section bytes as NASM.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { includes, kernelConstants, sampleLayout } from "../../kernel/layout";
import { generateLayoutInc, LAYOUT_INC } from "../../kernel/layout-inc";
import { INCLUDE_PATHS, SAMPLE_SOURCES } from "../../kernel/manifest";
import { ALLOC_FIELDS, DEVICE_FIELDS, PROBE_FIELDS, TASK_FIELDS } from "../../kernel/probe";
import { assemble } from "../../toolchain/asm/index";
import { mapResolver } from "../../toolchain/asm/source";
import { readElf } from "../../toolchain/elf/read";
import { oracle } from "../helpers/oracles";
import { sources } from "./helpers";

const root = join(import.meta.dirname, "..", "..");

/** Field names of `struc name` in defs.inc, each expanded to one name per dword (`resd 3` → name1..3). */
function strucFields(name: string): string[] {
  const text = sources["kernel/defs.inc"]!;
  const body = new RegExp(`^struc ${name}\\n([\\s\\S]*?)^endstruc`, "m").exec(text);
  if (!body) throw new Error(`no struc ${name} in defs.inc`);
  const out: string[] = [];
  for (const m of body[1]!.matchAll(/^\s*\.(\w+):\s*resd\s+(\d+)/gm)) {
    const n = Number(m[2]);
    if (n === 1) out.push(m[1]!);
    else for (let i = 1; i <= n; i++) out.push(`${m[1]}${i}`);
  }
  return out;
}

describe("the sample kernel's sources", () => {
  it("probe.ts reads the records in the order defs.inc declares them", () => {
    expect([...PROBE_FIELDS]).toEqual(strucFields("probe"));
    expect([...TASK_FIELDS]).toEqual(strucFields("task"));
    expect([...ALLOC_FIELDS]).toEqual(strucFields("alloc_entry"));
    expect([...DEVICE_FIELDS]).toEqual(strucFields("device"));
  });

  it("layout.inc is generated from the layout, never kept in the tree", () => {
    const inc = generateLayoutInc(sampleLayout, kernelConstants(sampleLayout));
    const c = kernelConstants(sampleLayout);
    expect(c.KERNEL_BASE).toBe(0x0010_0000);
    for (const [name, value] of Object.entries(c)) expect(inc).toMatch(new RegExp(`^${name} +equ 0x${(value as number).toString(16).padStart(8, "0")}$`, "m"));
    expect(sources["kernel/defs.inc"]).toContain('%include "layout.inc"');
    expect(includes()).toEqual({ "layout.inc": inc }); // what `kernlab build --layout kernel/layout.ts` gets
    expect(existsSync(join(root, LAYOUT_INC))).toBe(false);
    // A different layout gives different numbers.
    expect(generateLayoutInc({ ...sampleLayout, heap: { size: 0x2000, align: 0x1000 } }, kernelConstants({ ...sampleLayout, heap: { size: 0x2000, align: 0x1000 } }))).toMatch(/^HEAP_SIZE +equ 0x00002000$/m);
  });

  it.skipIf(!oracle("nasm"))("kernlab's assembler produces NASM's section bytes for every source", () => {
    const files: Record<string, string> = { ...sources, [LAYOUT_INC]: generateLayoutInc(sampleLayout, kernelConstants(sampleLayout)) };
    const dir = mkdtempSync(join(tmpdir(), "kernlab-kernel-nasm-"));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      for (const src of SAMPLE_SOURCES) {
        const ours = assemble(files[src]!, { file: src, format: "elf32", includePaths: INCLUDE_PATHS, resolver: mapResolver(files) });
        expect(ours.diagnostics.filter((d) => d.severity === "error"), src).toEqual([]);
        execFileSync("nasm", ["-felf32", ...INCLUDE_PATHS.map((p) => `-I${p}`), "-o", "out.o", src], { cwd: dir });
        const mine = readElf(ours.output!, src), ref = readElf(new Uint8Array(readFileSync(join(dir, "out.o"))), "nasm");
        for (const s of ref.sections.filter((x) => [".text", ".rodata", ".data", ".bss", ".multiboot"].includes(x.name))) {
          const m = mine.sections.find((x) => x.name === s.name);
          expect(m, `${src} ${s.name}`).toBeDefined();
          expect(m!.size, `${src} ${s.name} size`).toBe(s.size);
          if (s.type !== 8) expect(Buffer.from(m!.data).equals(Buffer.from(s.data)), `${src} ${s.name} bytes`).toBe(true);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
