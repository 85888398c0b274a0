// Oracle differential: every test/asm/corpus/*.asm assembled by kernlab and by nasm at -O0, -O1 and -Ox.
// Sections, symbols and relocations must match (through toolchain/elf/read.ts), then whole files byte for byte.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { diffAgainstNasm } from "./helpers/differential";
import { cookObject } from "./helpers/elf-compare";

const dir = join(__dirname, "corpus");
const BIN = new Set(["boot-sector.asm", "sections-bin.asm"]);
const files = readdirSync(dir).filter((f) => f.endsWith(".asm")).sort();

describe.skipIf(!oracle("nasm"))("corpus vs nasm", () => {
  it("has the kernel corpus files", () => {
    expect(files).toEqual(expect.arrayContaining(["boot-sector.asm", "branches.asm", "directives.asm", "multiboot-kernel.asm", "sections-bin.asm"]));
  });
  for (const file of files) {
    for (const opt of [0, 1, "x"] as const) {
      it(`${file} -O${opt}`, () => {
        const format = BIN.has(file) ? "bin" : "elf32";
        const r = diffAgainstNasm(readFileSync(join(dir, file), "utf8"), format, file, opt);
        expect(r.kernlabErrors).toEqual([]);
        if (!r.identicalFile) {
          // Say which source lines differ before failing on the whole file.
          expect(r.mismatches.map((m) => `${file}:${m.line}: ${m.text.trim()}  nasm=${m.nasm} kernlab=${m.kernlab}`)).toEqual([]);
          if (format === "elf32") expect(cookObject(r.kernlabBytes!, "kernlab")).toEqual(cookObject(r.nasmBytes, "nasm"));
        }
        expect(r.identicalFile).toBe(true);
      });
    }
  }
});
