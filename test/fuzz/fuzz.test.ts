// The fuzz targets at a small budget (the long run is `npm run fuzz`): any exception other than
// KernlabError from a kernlab API fails the test with fast-check's shrunk counterexample.
import { describe, it } from "vitest";
import fc from "fast-check";
import { assemblerTarget, buildSeeds, elfReaderTarget, linkerTarget, multibootTarget, preprocessorTarget, type Target } from "./targets";

const RUNS = 300;

function property<T>(t: Target<T>, runs = RUNS) {
  it(`${t.name}: ${runs} inputs, no crash`, () => {
    fc.assert(fc.property(t.arbitrary, (x) => { t.check(x); }), { numRuns: runs, seed: 20261125 });
  });
}

describe("fuzz (small budget)", () => {
  const seeds = buildSeeds();
  property(assemblerTarget);
  property(preprocessorTarget);
  property(elfReaderTarget(seeds.objects), 2000);
  property(linkerTarget(seeds.objects));
  property(multibootTarget(seeds.kernels), 2000);
});
