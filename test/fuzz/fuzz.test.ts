// The fuzz targets at a small budget (the long run is `npm run fuzz`): any exception other than
// KernlabError from a kernlab API fails the test with fast-check's shrunk counterexample. Also: every
// preprocessor bomb at the DEFAULT limits ends in one located error (the fuzz targets lower the limits).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assemble } from "../../toolchain/asm/index";
import { assemblerTarget, buildSeeds, dwarfLineSeeds, dwarfLineTarget, elfReaderTarget, fuzzResolver, gdbPacketTarget, HOSTILE_PP, klrecTarget, linkerTarget, multibootTarget, preprocessorTarget, snapshotFileTarget, snapshotTarget, webRequestTarget, type Target } from "./targets";

function property<T>(t: Target<T>, runs: number) {
  it(`${t.name}: ${runs} inputs, no crash`, () => {
    fc.assert(fc.property(t.arbitrary, (x) => { t.check(x); }), { numRuns: runs, seed: 20261125 });
  });
}

describe("fuzz (small budget)", () => {
  const seeds = buildSeeds();
  property(assemblerTarget, 300);
  property(preprocessorTarget, 300);
  property(elfReaderTarget([...seeds.objects, ...seeds.kernels]), 2000);
  property(dwarfLineTarget(dwarfLineSeeds()), 2000);
  property(linkerTarget(seeds.objects), 500);
  property(multibootTarget(seeds.kernels), 2000);
  property(snapshotTarget, 2000);
  property(gdbPacketTarget, 2000);
  property(snapshotFileTarget, 300);
  property(webRequestTarget, 2000);
  property(klrecTarget, 2000);
});

describe("preprocessor bombs at the default limits", () => {
  for (const src of HOSTILE_PP) {
    it(JSON.stringify(src.split("\n")[0]), () => {
      const r = assemble(src, { file: "bomb.asm", resolver: fuzzResolver() });
      expect(r.output).toBeNull();
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) expect(d.location?.line ?? 0).toBeGreaterThanOrEqual(1);
    });
  }
});
