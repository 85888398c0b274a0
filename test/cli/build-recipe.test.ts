// A project's build recipe (kernlab.json, toolchain/recipe.ts): `kernlab build` with no inputs reads
// ./kernlab.json, `--recipe FILE` reads one elsewhere (paths relative to it); either gives the bytes the
// same build spelled out on the command line gives. A bad recipe is a located error (exit 1), a recipe
// mixed with command-line inputs a usage error (exit 2).
import { describe, expect, it } from "vitest";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseRecipe } from "../../toolchain/recipe";
import { readElf } from "../../toolchain/elf/read";
import { readLinePrograms } from "../../toolchain/elf/dwarf-line";
import { isKernlabError } from "../../core/diagnostics";
import { fixtures, kernlab, prepareCli, scratch } from "./cli";

describe("parseRecipe", () => {
  it("reads sources in order, script or layout, -I/-D, outputs (defaults: kernel.elf)", () => {
    expect(parseRecipe('{"sources":["a.asm","b.o"],"script":"k.ld","define":["X=1"]}')).toEqual({
      sources: ["a.asm", "b.o"], script: "k.ld", include: [], define: ["X=1"], output: "kernel.elf",
    });
  });
  it("refuses what it cannot mean, with code bad-recipe located in the file", () => {
    const fails = (text: string) => {
      try { parseRecipe(text, "p/kernlab.json"); } catch (e) {
        if (!isKernlabError(e)) throw e;
        const d = e.diagnostics[0]!;
        expect(d.code).toBe("bad-recipe");
        expect(d.location?.file).toBe("p/kernlab.json");
        return d.text;
      }
      throw new Error(`accepted: ${text}`);
    };
    expect(fails("{")).toMatch(/not valid JSON/);
    expect(fails("[]")).toMatch(/JSON object/);
    expect(fails('{"sources":[]}')).toMatch(/at least one input/);
    expect(fails('{"sources":["a.asm"],"script":"a.ld","layout":"l.json"}')).toMatch(/either 'script' or 'layout'/);
    expect(fails('{"sources":["a.asm"],"ldflags":"-x"}')).toMatch(/unknown recipe field 'ldflags'/);
    expect(fails('{"sources":[3]}')).toMatch(/'sources' must be an array of non-empty strings/);
    expect(fails('{"sources":["a.asm"],"debug":"gdb"}')).toMatch(/'debug' is "dwarf" or "stabs"/);
    expect(parseRecipe('{"sources":["a.asm"],"debug":"dwarf"}').debug).toBe("dwarf");
  });
});

describe("kernlab build reads kernlab.json", () => {
  it("by default in the current folder and with --recipe elsewhere: the bytes of the spelled-out build", () => {
    prepareCli();
    const dir = scratch("recipe");
    const proj = join(dir, "proj");
    mkdirSync(proj);
    copyFileSync(join(fixtures, "echo-kernel.asm"), join(proj, "echo-kernel.asm"));
    copyFileSync(join(fixtures, "echo-kernel.ld"), join(proj, "echo-kernel.ld"));
    writeFileSync(join(proj, "kernlab.json"), JSON.stringify({ sources: ["echo-kernel.asm"], script: "echo-kernel.ld", output: "out.elf", map: "out.map" }));
    const ref = kernlab(["build", "-T", "echo-kernel.ld", "-o", "ref.elf", "echo-kernel.asm"], proj);
    expect(ref.status, ref.stderr).toBe(0);
    const byDefault = kernlab(["build"], proj);
    expect(byDefault.status, byDefault.stderr).toBe(0);
    expect(readFileSync(join(proj, "out.elf"))).toEqual(readFileSync(join(proj, "ref.elf")));
    expect(existsSync(join(proj, "out.map"))).toBe(true);
    // From another folder the inputs are named proj/… (in diagnostics and the ELF's file symbols), as on the command line.
    const ref2 = kernlab(["build", "-T", "proj/echo-kernel.ld", "-o", "ref2.elf", "proj/echo-kernel.asm"], dir);
    expect(ref2.status, ref2.stderr).toBe(0);
    const named = kernlab(["build", "--recipe", "proj/kernlab.json", "-o", "elsewhere.elf"], dir);
    expect(named.status, named.stderr).toBe(0);
    expect(readFileSync(join(dir, "elsewhere.elf"))).toEqual(readFileSync(join(dir, "ref2.elf")));
  });

  it('"debug": "dwarf" is --debug dwarf: the sources get NASM\'s line tables, in the kernel too', () => {
    prepareCli();
    const proj = scratch("recipe-debug");
    copyFileSync(join(fixtures, "echo-kernel.asm"), join(proj, "echo-kernel.asm"));
    copyFileSync(join(fixtures, "echo-kernel.ld"), join(proj, "echo-kernel.ld"));
    writeFileSync(join(proj, "kernlab.json"), JSON.stringify({ sources: ["echo-kernel.asm"], script: "echo-kernel.ld", output: "dbg.elf", debug: "dwarf" }));
    expect(kernlab(["build"], proj).status).toBe(0);
    const ref = kernlab(["build", "--debug", "dwarf", "-T", "echo-kernel.ld", "-o", "ref.elf", "echo-kernel.asm"], proj);
    expect(ref.status, ref.stderr).toBe(0);
    expect(readFileSync(join(proj, "dbg.elf"))).toEqual(readFileSync(join(proj, "ref.elf")));
    const rows = readLinePrograms(readElf(new Uint8Array(readFileSync(join(proj, "dbg.elf"))))).flatMap((p) => p.rows);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.file === "echo-kernel.asm")).toBe(true);
    expect(kernlab(["build", "--debug", "gdb", "-T", "echo-kernel.ld", "echo-kernel.asm"], proj).status).toBe(2);
  });

  it("a bad recipe: exit 1 with its file named; a recipe with inputs on the command line: exit 2", () => {
    prepareCli();
    const dir = scratch("recipe-bad");
    writeFileSync(join(dir, "kernlab.json"), '{"sources": "boot.asm"}');
    const bad = kernlab(["build"], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("kernlab.json");
    expect(bad.stderr).toContain("'sources' must be an array of non-empty strings");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const mixed = kernlab(["build", "--recipe", "kernlab.json", "boot.asm"], dir);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/--recipe gives the inputs/);
  });
});
