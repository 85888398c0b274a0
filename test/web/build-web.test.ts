// scripts/build-web.ts's rewrite of iced-x86's two big enums: the compact form must build the very objects
// the package exports (same keys, values, order, frozen), and anything it does not recognise stays as it is.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compactIcedEnums } from "../../scripts/build-web";

const require = createRequire(import.meta.url);
const icedPath = require.resolve("iced-x86");
const iced = require("iced-x86") as Record<string, unknown>;

/** Runs the compacted source's helper and one enum's line, as the bundle does, and returns that enum. */
function evaluateEnum(src: string, name: string): unknown {
  const lines = src.split("\n");
  const line = lines.find((l) => l.startsWith(`module.exports.${name} = `));
  const module = { exports: {} as Record<string, unknown> };
  new Function("module", `${lines[0]}\n${line}`)(module);
  return module.exports[name];
}

describe("compactIcedEnums", () => {
  it("rewrites Code and Mnemonic into the same frozen objects iced-x86 exports", () => {
    const original = readFileSync(icedPath, "utf8");
    const { src, compacted } = compactIcedEnums(original);
    expect(compacted).toEqual(["Code", "Mnemonic"]);
    expect(src.length).toBeLessThan(original.length - 200_000);
    for (const name of compacted) {
      const rebuilt = evaluateEnum(src, name) as Record<string, unknown>;
      expect(Object.isFrozen(rebuilt)).toBe(true);
      expect(Object.entries(rebuilt)).toEqual(Object.entries(iced[name] as object));
    }
  });

  it("leaves an enum alone unless every entry is NAME:i,\"i\":\"NAME\" counting from 0", () => {
    const entries = (n: number, at: (i: number) => string) => Array.from({ length: n }, (_, i) => at(i)).join(",");
    const good = `module.exports.Big = Object.freeze({ ${entries(800, (i) => `N${i}:${i},"${i}":"N${i}"`)}, });`;
    const skipped = `module.exports.Big = Object.freeze({ ${entries(800, (i) => `N${i}:${i + 1},"${i + 1}":"N${i}"`)}, });`;
    const rewritten = compactIcedEnums(good);
    expect(rewritten.compacted).toEqual(["Big"]);
    expect(Object.entries(evaluateEnum(rewritten.src, "Big") as object)).toEqual(Object.entries(new Function(`const module = { exports: {} }; ${good}; return module.exports.Big;`)()));
    expect(compactIcedEnums(skipped)).toEqual({ src: skipped, compacted: [] });
    const small = `module.exports.Small = Object.freeze({ A:0,"0":"A", });`;
    expect(compactIcedEnums(small)).toEqual({ src: small, compacted: [] });
  });
});
