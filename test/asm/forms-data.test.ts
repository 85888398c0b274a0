// The form index ships as data (toolchain/asm/forms-data.ts): it must be exactly what iced-x86's tables give,
// for the installed iced-x86. When this fails, run `node --import tsx scripts/gen-forms.ts`.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { FORMS_DATA, FORMS_ICED_VERSION } from "../../toolchain/asm/forms-data";
import { buildFormsFromIced, formsDataText, indexLineStarts, parseFormsData, searchLineStarts } from "../../toolchain/asm/forms";

describe("forms-data.ts", () => {
  it("was generated from the installed iced-x86 and equals the index built from its tables", () => {
    const icedVersion = (createRequire(import.meta.url)("iced-x86/package.json") as { version: string }).version;
    expect(FORMS_ICED_VERSION).toBe(icedVersion);
    const fromIced = buildFormsFromIced();
    const shipped = parseFormsData(FORMS_DATA);
    expect([...shipped.keys()]).toEqual([...fromIced.keys()]);
    for (const [name, list] of fromIced) expect(shipped.get(name), name).toEqual(list);
    expect(formsDataText(shipped, icedVersion)).toBe(formsDataText(fromIced, icedVersion));
    expect(fromIced.get("mov")!.length).toBeGreaterThan(20);
  });

  it("a name's lines are found the same by searching the text as by the index of names", () => {
    const indexed = indexLineStarts();
    expect(indexed.size).toBeGreaterThan(1000);
    for (const [name, starts] of indexed) expect(searchLineStarts(name), name).toEqual(starts);
    for (const miss of ["start", "_start", ".next", "movx", "ad", "dd", ""]) expect(searchLineStarts(miss), miss).toBeUndefined();
  });
});
