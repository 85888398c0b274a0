// Inputs the long fuzz run (`npm run fuzz`) found, each fixed at its root cause; kept here so they stay fixed.
import { describe, expect, it } from "vitest";
import { formatDiagnostics, KernlabError } from "../../core/diagnostics";
import { link } from "../../toolchain/link/index";
import { parseSnapshot } from "../../verify/snapshot";
import { assemble, assembleOrThrow } from "../../toolchain/asm/index";

function linkError(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof KernlabError) return formatDiagnostics(e.diagnostics, { color: false }); throw e; }
  throw new Error("expected a KernlabError");
}

describe("fuzz regressions", () => {
  it("verify: a snapshot whose sections/heap/stack are not objects is malformed-snapshot (compare threw a TypeError)", () => {
    const base = { format: "kernlab-layout-snapshot/1" };
    for (const [extra, text] of [
      [{ sections: true }, "sections must be a JSON object"],
      [{ symbols: 5 }, "symbols must be a JSON object"],
      [{ heap: { start: "0x1000" } }, "heap.start/end/top must be hex address strings"],
      [{ stack: { bottom: "0x1", top: "0x2", highWater: "x" } }, "stack.bottom/top must be hex address strings, stack.highWater a number"],
    ] as const) {
      let err: unknown = null;
      try { parseSnapshot(JSON.stringify({ ...base, ...extra }), "s.json"); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(KernlabError);
      expect((err as KernlabError).diagnostics[0]!.text).toBe(`s.json: ${text}`);
    }
  });

  // Fixed in toolchain/asm by its engineers (07d9890) after this fuzzer reported them.
  it("assembler: an undefined symbol in a `global name:function (size)` expression is located on the global's line", () => {
    const r = assemble(`section .text\nglobal f:function (x - f)\nf: ret\n`, { file: "a.asm" });
    expect(r.diagnostics.map((d) => [d.text, d.location?.line])).toEqual([["symbol 'x' not defined", 2]]);
  });

  it("assembler: a non-constant `global name:function (size)` expression is located on the global's line", () => {
    const r = assemble(`section .text\nglobal f:function (f)\nf: ret\n`, { file: "a.asm" });
    expect(r.diagnostics.length).toBe(1);
    expect(r.diagnostics[0]!.location?.line).toBe(2);
  });

  it("linker: a self-INCLUDE inside an output section stops at the nesting limit (was a JS stack overflow)", () => {
    const obj = assembleOrThrow(`section .text\nglobal _start\n_start: ret\n`, { file: "a.asm" });
    const text = `SECTIONS\n{\n  .text : { *(.text)\n INCLUDE self.ld }\n}\n`;
    const readFile = (p: string) => (p === "self.ld" ? new TextEncoder().encode("INCLUDE self.ld\n") : null);
    const msg = linkError(() => link([{ name: "a.o", bytes: obj }], { script: { text, file: "k.ld" }, readFile }));
    expect(msg).toMatch(/^self\.ld:1:1: error: INCLUDE nesting too deep at 'self\.ld'/);
  });
});
