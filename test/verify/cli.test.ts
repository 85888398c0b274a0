// `kernlab verify`: exit 0 when rules and snapshot hold, 1 with the readable diff when not, 2 on usage mistakes.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { oracle } from "../helpers/oracles";
import { main } from "../../scripts/cli";
import { buildFixture } from "./helpers/fixture";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { defineLayout, link } from "../../toolchain/link/index";

/** Runs `kernlab verify` in-process; `ci` sets the CI variable for the call (default: unset, a developer's machine). */
async function cliWith(ci: string | undefined, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = process.env.CI;
  if (ci === undefined) delete process.env.CI; else process.env.CI = ci;
  try {
    return await cliRun(argv);
  } finally {
    if (saved === undefined) delete process.env.CI; else process.env.CI = saved;
  }
}
const cli = (...argv: string[]) => cliWith(undefined, ...argv);

async function cliRun(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    const code = await main(["verify", ...argv]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe.skipIf(!oracle("nasm") || !oracle("ld"))("kernlab verify", () => {
  let dir: string;
  const kernel = () => join(dir, "kernel.elf");
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kernlab-verify-cli-"));
    writeFileSync(kernel(), buildFixture());
  });
  afterEach(() => vi.restoreAllMocks());

  it("usage mistakes exit 2", async () => {
    expect((await cli()).code).toBe(2);
    expect(await cli(kernel(), "--update")).toMatchObject({ code: 2, err: "kernlab verify: --update needs --snapshot FILE\n" });
    expect((await cli(kernel(), "--layout", "a.json", "--rules", "b.json")).err).toBe("kernlab verify: give either --layout or --rules, not both\n");
    expect((await cli(kernel(), "--bogus")).code).toBe(2);
    expect((await cli("--help")).out).toMatch(/^usage: kernlab verify KERNEL.elf/);
  });

  it("under CI a missing snapshot fails and is not written, as vitest's toMatchSnapshot does; --update writes it", async () => {
    const snap = join(dir, "missing.json");
    const r = await cliWith("true", kernel(), "--snapshot", snap);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`snapshot ${snap} is missing; under CI`);
    expect(r.out).toContain("verify: FAILED (snapshot missing)");
    expect(readdirSync(dir)).not.toContain("missing.json");
    expect((await cliWith("false", kernel(), "--snapshot", snap)).code).toBe(0);   // CI=false is no CI
    expect(readdirSync(dir)).toContain("missing.json");
    const again = join(dir, "again.json");
    expect((await cliWith("1", kernel(), "--snapshot", again, "--update")).code).toBe(0);
    expect(readdirSync(dir)).toContain("again.json");
  });

  it("a guest exiting with a code other than 0 fails the default rules unless --allow-exit-code", async () => {
    const src = "bits 32\nsection .multiboot\nalign 4\ndd 0x1BADB002, 0, -0x1BADB002\nsection .text\nglobal _start\n_start:\n  mov al, 3\n  out 0xF4, al\n  hlt\n";
    const layout = defineLayout({ base: 0x100000, sections: [{ name: ".text", input: ["*(.multiboot)", "*(.text)"], align: 0x1000 }] });
    writeFileSync(kernel(), link([{ name: "exit3.o", bytes: assembleOrThrow(src, { file: "exit3.asm" }) }], { layout }).image);
    const r = await cli(kernel());
    expect(r.out).toContain("✗ exitsWith(0): exited with code 3, expected 0");
    expect(r.code).toBe(1);
    const allowed = await cli(kernel(), "--allow-exit-code");
    expect(allowed.out).not.toContain("exitsWith");
    expect(allowed.code).toBe(0);
    // The same default rules on the matrix's worker threads.
    const twice = join(dir, "exit3-copy.elf");
    writeFileSync(twice, readFileSync(kernel()));
    expect((await cli(kernel(), twice, "--workers", "1")).code).toBe(1);
    expect((await cli(kernel(), twice, "--workers", "1", "--allow-exit-code")).code).toBe(0);
  });

  it("snapshot: written on first run, matched on the next, the diff and exit 1 when the layout moves, --update accepts it", async () => {
    const snap = join(dir, "layout.json");
    const first = await cli(kernel(), "--snapshot", snap, "--symbol", "kmain");
    expect(first.code).toBe(0);
    expect(first.out).toContain(`wrote snapshot ${snap}\n`);
    expect(first.out).toContain("verify: ok (3 rules hold, snapshot written)");
    expect((await cli(kernel(), "--snapshot", snap)).out).toContain(`snapshot ${snap}: matches\n`);

    // Relink with .data and .rodata swapped and a bigger heap: the layout moved.
    writeFileSync(kernel(), buildFixture({ order: [".data", ".rodata", ".bss"], heapSize: 0x20000 }));
    const moved = await cli(kernel(), "--snapshot", snap);
    expect(moved.code).toBe(1);
    expect(moved.out).toContain([
      `snapshot ${snap}: differs`,
      "  .data moved 0x00102000 -> 0x00101000 (-4096)",
      "  .rodata moved 0x00101000 -> 0x00102000 (+4096)",
      "  heap end moved 0x00117000 -> 0x00127000 (+65536)",
      "  stack bottom moved 0x00117000 -> 0x00127000 (+65536)",
      "  stack top moved 0x0011b000 -> 0x0012b000 (+65536)",
      "  symbol __data_end moved 0x0010200c -> 0x0010100c (-4096)",
    ].join("\n"));
    expect(moved.out).toMatch(/verify: FAILED \(\d+ snapshot changes\)\n$/);
    const before = readFileSync(snap, "utf8");
    expect((await cli(kernel(), "--snapshot", snap, "--update")).out).toContain(`updated snapshot ${snap}`);
    expect(readFileSync(snap, "utf8")).not.toBe(before);
    expect((await cli(kernel(), "--snapshot", snap)).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["kernel.elf", "layout.json"]);
  });

  it("tolerances from the command line let a fact drift", async () => {
    const snap = join(dir, "layout.json");
    await cli(kernel(), "--snapshot", snap);
    writeFileSync(kernel(), buildFixture({ heapSize: 0x11000 }));
    const r = await cli(kernel(), "--snapshot", snap, "--tolerance", "heap/end=4K", "--tolerance", "stack/*=4K", "--tolerance", "symbols/**=4K");
    expect(r.out).toContain("heap end moved 0x00117000 -> 0x00118000 (+4096) (within tolerance ±4096)");
    expect(r.code).toBe(0);
  });

  it("--rules FILE (JSON): failing rules print their message and evidence, exit 1; --json is data", async () => {
    const rules = join(dir, "rules.json");
    writeFileSync(rules, JSON.stringify({
      rules: [{ rule: "startsAt", args: [".text", "0x100000"] }, { rule: "stackHighWater", args: [{ atMost: "256" }] }, { rule: "heapGrowsUp", args: [] }],
      report: { heap: { topSymbol: "heap_top" } },
    }));
    const r = await cli(kernel(), "--rules", rules);
    expect(r.code).toBe(1);
    expect(r.out).toContain("✓ startsAt(.text, 0x00100000): .text starts at 0x00100000\n");
    expect(r.out).toContain("✗ stackHighWater(atMost 256 B): stack high-water 520 B exceeds 256 B by 264 B\n    deepest use 520 bytes below 0x0011b000\n");
    expect(r.out).toContain("✓ heapGrowsUp(): heap grew up by 4.2 KiB to 0x001080c0\n");
    expect(r.out).toContain("verify: FAILED (1 of 3 rules failed)");
    const j = await cli(kernel(), "--rules", rules, "--json");
    const data = JSON.parse(j.out);
    expect(data.pass).toBe(false);
    expect(data.verdict).toEqual({ kind: "exited", code: 0 });
    expect(data.rules.map((x: { pass: boolean }) => x.pass)).toEqual([true, false, true]);
    expect(data.report.stack.highWater).toBe(520);
    writeFileSync(rules, '[{"rule":"startsAt","args":[".text"]}]');
    expect(await cli(kernel(), "--rules", rules)).toMatchObject({ code: 1, err: `${rules}: error: rules[0]: startsAt address: expected a number, "0x…" or "N KiB/MiB", got undefined\n` });
  });

  it("--rules FILE (module) with a custom rule", async () => {
    const rules = join(dir, "rules.mjs");
    const verifyRules = new URL("../../verify/rules.ts", import.meta.url).href;
    writeFileSync(rules, `import { rule, noOverlap } from ${JSON.stringify(verifyRules)};
export const rules = [noOverlap(), rule("text below 4 KiB", (r) => r.sections[0].size < 4096 || "text is " + r.sections[0].size)];
export const report = { symbols: ["kmain"] };\n`);
    const r = await cli(kernel(), "--rules", rules);
    expect(r.out).toContain("✓ text below 4 KiB: text below 4 KiB holds\n");
    expect(r.code).toBe(0);
  });

  it("--layout FILE: the layout's promises are the rules", async () => {
    const layout = join(dir, "layout.json");
    const spec = (heap: number) => ({ base: 0x100000, sections: [
      { name: ".text", input: ["*(.text)"], align: 4096 }, { name: ".rodata", input: ["*(.rodata)"], align: 4096 },
      { name: ".data", input: ["*(.data)"], align: 4096 }, { name: ".bss", input: ["*(.bss)"], align: 4096 }],
      heap: { size: heap, align: 4096 }, stack: { size: 0x4000, align: 16 } });
    writeFileSync(layout, JSON.stringify(spec(0x10000)));
    const ok = await cli(kernel(), "--layout", layout);
    expect(ok.out).toContain("verify: ok (11 rules hold)");
    writeFileSync(layout, JSON.stringify(spec(0x8000)));
    const bad = await cli(kernel(), "--layout", layout);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("✗ sized(heap, 32768): heap is 65536 bytes, expected 32768\n");
  });

  it("--map draws the memory map the run found", async () => {
    const r = await cli(kernel(), "--map");
    expect(r.out).toMatch(/^0x02000000 ┌─+┐$/m);
    expect(r.out).toMatch(/│ stack ↓  \(ESP 0x0011b000\) +│ 16 KiB/);
    expect(r.out).toMatch(/│ heap ↑ +│ 64 KiB/);
    expect(r.out).toMatch(/^0x00000000 └/m);
  });

  it("a kernel that cannot run fails with its verdict, no rules judged", async () => {
    const bytes = new Uint8Array(readFileSync(kernel()));
    bytes[44] = 0; bytes[45] = 0; // e_phnum = 0: no PT_LOAD segment to load
    writeFileSync(kernel(), bytes);
    const r = await cli(kernel());
    expect(r.code).toBe(1);
    expect(r.out).toContain("error: the kernel did not run (no-multiboot-header); its layout cannot be verified\n");
    expect(r.out).not.toContain("✓");
    expect(r.out).toMatch(/verify: FAILED \(kernel did not run\)\n$/);
  });

  it("a missing kernel is a located error, exit 1", async () => {
    expect(await cli(join(dir, "nope.elf"))).toMatchObject({ code: 1, err: `${join(dir, "nope.elf")}: error: cannot read kernel '${join(dir, "nope.elf")}': no such file or directory\n` });
  });

  it("several kernels: one matrix on worker threads, a summary table, exit 1 naming the kernel that failed", async () => {
    const high = join(dir, "high.elf"), broken = join(dir, "broken.elf"), rules = join(dir, "rules.json"), mod = join(dir, "rules.mjs");
    writeFileSync(high, buildFixture({ base: 0x200000 }));
    writeFileSync(broken, new Uint8Array(64));
    writeFileSync(rules, JSON.stringify([{ rule: "startsAt", args: [".text", "0x100000"] }, { rule: "exitsWith", args: [0] }]));
    writeFileSync(mod, "export const rules = [];\n");
    const ok = await cli(kernel(), kernel(), "--rules", rules, "--workers", "2");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^kernel +verdict +rules +build +boot +check +first failure\n/);
    expect(ok.out).toMatch(/\n2\/2 kernels pass; 2 verified in [0-9.]+ s \([0-9.]+\/s\)\nverify: ok\n$/);
    const bad = await cli(kernel(), high, broken, "--rules", rules);
    expect(bad.code).toBe(1);
    const rows = bad.out.split("\n");
    expect(rows[1]).toMatch(/^…?[^ ]*kernel\.elf +exit 0 +2\/2 /);
    expect(rows[2]).toMatch(/^…?[^ ]*high\.elf +exit 0 +1\/2 .* startsAt\(\.text, 0x00100000\): \.text starts at 0x00200000, expected 0x00100000/);
    expect(rows[3]).toMatch(/^…?[^ ]*broken\.elf +error +0\/0 .* e_ident: not an ELF file \(bad magic\)$/);
    expect(bad.out).toContain("verify: FAILED (2 of 3 kernels)");
    const json = await cli(kernel(), high, "--rules", rules, "--json");
    const data = JSON.parse(json.out) as { pass: boolean; jobs: { name: string; pass: boolean }[] };
    expect([data.pass, data.jobs.map((j) => [j.name, j.pass])]).toEqual([false, [[kernel(), true], [high, false]]]);
    expect(await cli(kernel(), high, "--snapshot", join(dir, "s.json"))).toMatchObject({ code: 2, err: "kernlab verify: --snapshot works on one kernel at a time, got 2\n" });
    expect((await cli(kernel(), "--workers", "2")).err).toBe("kernlab verify: --workers is for several kernels\n");
    const m = await cli(kernel(), high, "--rules", mod);
    expect(m.code).toBe(2);
    expect(m.err).toContain("with several kernels the rules must be a JSON file");
  });
});
