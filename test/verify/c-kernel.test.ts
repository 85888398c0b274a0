// examples/c-kernel: the Bare Bones C kernel built with the user's toolchain (gcc -m32, nasm, GNU ld via its
// Makefile), verified from guest RAM by its rules file and its committed snapshot, through the API, the
// matchers and `kernlab verify`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { oracle } from "../helpers/oracles";
import { main } from "../../scripts/cli";
import { runAndReport } from "../../verify/run";
import { ruleFromSpec, type RuleSpec } from "../../verify/rules";
import "../../verify/matchers";

const EXAMPLE = fileURLToPath(new URL("../../examples/c-kernel/", import.meta.url));

describe.skipIf(!oracle("gcc-m32") || !oracle("nasm") || !oracle("ld"))("examples/c-kernel", () => {
  let elfPath = "";
  beforeAll(() => {
    const build = mkdtempSync(join(tmpdir(), "kernlab-c-kernel-"));
    execFileSync("make", ["-s", "-C", EXAMPLE, `BUILD=${build}`], { stdio: "pipe" });
    elfPath = join(build, "kernel.elf");
  });

  it("keeps every rule of layout.rules.json and matches layout.snapshot.json (API + matchers)", async () => {
    const spec = JSON.parse(readFileSync(join(EXAMPLE, "layout.rules.json"), "utf8")) as { rules: RuleSpec[] };
    const { report } = await runAndReport(new Uint8Array(readFileSync(elfPath)), { fileName: "kernel.elf", heap: { topSymbol: "heap_top" }, symbols: ["kernel_main"] });
    expect(report.run.verdict).toEqual({ kind: "exited", code: 0 });
    expect(report.run.checkpoints).toEqual([1, 2]);
    expect(report.heap?.top).toBe(0x108000 + 4 * 32); // four 32-byte task structs from __heap_start
    expect(report.stack?.source).toBe("symbols stack_bottom/stack_top");
    expect(report).toSatisfyLayoutRules(spec.rules.map(ruleFromSpec));
    expect(report).toMatchLayoutSnapshot(join(EXAMPLE, "layout.snapshot.json"));
  });

  it("`kernlab verify` with the example's rules and snapshot exits 0", async () => {
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    let code: number;
    try {
      code = await main(["verify", elfPath, "--rules", join(EXAMPLE, "layout.rules.json"), "--snapshot", join(EXAMPLE, "layout.snapshot.json")]);
    } finally {
      spy.mockRestore();
    }
    expect(out).toContain("verify: ok (14 rules hold, snapshot matches)");
    expect(code).toBe(0);
  });
});
