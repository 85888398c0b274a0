// Defects found by the fuzzer in toolchain/asm. The crashes and the TIMES hang it found (`db 1,`, a reservation or
// TIMES count beyond 4 GiB) are fixed; their tests are in test/asm/limits.test.ts.
import { describe, expect, it } from "vitest";
import { preprocess } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";

describe("preprocessor limits (toolchain/asm)", () => {
  // The default totalLines limit (2,000,000) stops a nested %rep bomb within seconds; with a lower limit the
  // same check answers at once, as the case below shows with 200,000 lines.
  it("a nested %rep bomb stops at the line limit with a located error (limit lowered)", () => {
    const r = preprocess(`%rep 100000\n%rep 100000\nnop\n%endrep\n%endrep\n`, { file: "b.asm", resolver: mapResolver({}), limits: { totalLines: 200_000 } });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.text)).toEqual(["preprocessor line limit reached (200000 lines): runaway %rep or macro?"]);
    expect(errors[0]!.location?.line).toBeGreaterThanOrEqual(1);
  });
});
