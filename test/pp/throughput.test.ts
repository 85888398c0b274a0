/**
 * Throughput on a generated file with 10,000 multi-line macro invocations (interrupt-stub style, with
 * %%locals, parameters and single-line macros): the output must equal `nasm -E`'s, and the test prints
 * kernlab's in-process wall time against whole `nasm -E` and `nasm -felf32` processes from the same run.
 * Printed, never asserted: wall-clock figures are not test results.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { preprocessToText } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";
import { oracle } from "../helpers/oracles";

export function generate(invocations: number): string {
  const out = ["bits 32", "section .text", "%define KERNEL_DS 0x10", "extern handler"];
  out.push(
    "%macro STUB 2", "global stub_%1", "stub_%1:", "    push dword %2", "    push dword %1", "    mov eax, %1 * 4 + KERNEL_DS",
    "%%again:", "    dec eax", "    jnz %%again", "    call handler", "    add esp, 8", "    ret", "%endmacro",
  );
  for (let i = 0; i < invocations; i++) out.push(`STUB ${i}, ${(i * 3) & 0xff}`);
  return out.join("\n") + "\n";
}

const work = mkdtempSync(join(tmpdir(), "kernlab-pp-bench-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Wall time of one whole `nasm` process. */
function timeNasm(args: string[]): { seconds: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("nasm", args, { cwd: work, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  expect(r.status, r.stderr).toBe(0);
  return { seconds: wall, stdout: r.stdout };
}

/** 10,000 for the reported figure (KERNLAB_PP_BENCH=1); fewer in the everyday suite to keep it fast. */
const INVOCATIONS = process.env.KERNLAB_PP_BENCH === "1" ? 10_000 : 1_000;

describe.skipIf(!oracle("nasm"))(`throughput: ${INVOCATIONS} macro invocations`, () => {
  it("matches nasm -E and reports the ratio", () => {
    const source = generate(INVOCATIONS);
    writeFileSync(join(work, "gen.asm"), source);
    const nasmE = timeNasm(["-E", "gen.asm"]);
    const nasmObj = timeNasm(["-felf32", "gen.asm", "-o", "gen.o"]);
    const t0 = process.hrtime.bigint();
    const ours = preprocessToText(source, { file: "gen.asm", resolver: mapResolver({}) });
    const kernlab = Number(process.hrtime.bigint() - t0) / 1e9;
    expect(ours.diagnostics).toEqual([]);
    expect(ours.text).toBe(nasmE.stdout);
    const lines = ours.text.split("\n").length;
    console.log(
      `[pp throughput] ${INVOCATIONS} invocations, ${lines} output lines: kernlab ${kernlab.toFixed(3)} s (in-process), ` +
        `nasm -E ${nasmE.seconds.toFixed(3)} s, nasm -felf32 ${nasmObj.seconds.toFixed(3)} s (whole process); ` +
        `ratio kernlab/nasm-E ${(kernlab / nasmE.seconds).toFixed(2)}, kernlab/nasm-felf32 ${(kernlab / nasmObj.seconds).toFixed(2)}`,
    );
  });
});
