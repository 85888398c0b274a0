// The standard macros ship as data (toolchain/asm/preprocess/stdmac-data.ts): it must be exactly what running
// their source (stdmac.ts) through the preprocessor defines. When this fails, run
// `npm run gen:stdmac`.
import { describe, expect, it } from "vitest";
import { Engine } from "../../toolchain/asm/preprocess/engine";
import { decodeStandardDefinitions, encodeStandardDefinitions } from "../../toolchain/asm/preprocess/stdmac-codec";
import { STANDARD_DEFINITIONS } from "../../toolchain/asm/preprocess/stdmac-data";
import { stdmacDataText } from "../../toolchain/asm/preprocess/stdmac-gen";
import { readFileSync } from "node:fs";

describe("stdmac-data.ts", () => {
  it("holds what the standard macros' source defines, macro for macro", () => {
    const fromText = Engine.standardDefinitionsFromText();
    const shipped = decodeStandardDefinitions(STANDARD_DEFINITIONS);
    expect(shipped.smacros.map((m) => m.name)).toEqual(fromText.smacros.map((m) => m.name));
    expect(shipped.mmacros.map((m) => m.name)).toEqual(fromText.mmacros.map((m) => m.name));
    expect(shipped).toStrictEqual(JSON.parse(JSON.stringify(fromText), (k, v) => (k === "max" && v === null ? Infinity : v)));
    expect(shipped.mmacros.find((m) => m.name === "global")!.max).toBe(Infinity);
    expect(fromText.smacros.length).toBeGreaterThan(10);
    expect(fromText.mmacros.length).toBeGreaterThan(20);
    expect(encodeStandardDefinitions(shipped)).toBe(STANDARD_DEFINITIONS);
    expect(readFileSync(new URL("../../toolchain/asm/preprocess/stdmac-data.ts", import.meta.url), "utf8")).toBe(stdmacDataText());
  });
});
