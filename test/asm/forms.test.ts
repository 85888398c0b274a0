// Oracle differential over every instruction form in iced-x86's tables (bits 16 and 32): register,
// memory (every addressing shape) and immediate variants, one nasm run per mode (plus the runs that find
// the lines nasm itself rejects). Every line must encode as nasm encodes it, and the files must match.
import { describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { diffAgainstNasm, dropNasmRejects } from "./helpers/differential";
import { compared, generateFormCorpus } from "./helpers/form-corpus";


describe.skipIf(!oracle("nasm"))("iced-x86 form corpus vs nasm", () => {
  for (const bits of [32, 16] as const) {
    it(`bits ${bits}: every form encodes as nasm encodes it`, () => {
      const g = generateFormCorpus(bits);
      const header = [`bits ${bits}`, "section .text"];
      const kept = dropNasmRejects(g.lines.filter(compared), "elf32", header);
      const source = [...header, ...kept].join("\n") + "\n";
      const r = diffAgainstNasm(source, "elf32", `forms${bits}.asm`);
      console.log(`forms bits ${bits}: ${g.forms} iced forms, ${g.lines.length} lines generated, ${kept.length} compared, ${r.mismatches.length} mismatches, ${r.kernlabErrors.length} kernlab errors`);
      expect(g.forms).toBeGreaterThan(1500);
      expect(kept.length).toBeGreaterThan(7000);
      expect(r.kernlabErrors).toEqual([]);
      expect(r.mismatches.map((m) => `${m.line}: ${m.text.trim()}  nasm=${m.nasm} kernlab=${m.kernlab}`)).toEqual([]);
      expect(r.identicalFile).toBe(true);
    });
  }
});
