// The loader's command-line surface: --loader, --debugcon (stdout, stderr, a file; in --json), an object file
// refused with the advice to link it, and `kernlab inspect` flagging an ESP outside RAM.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { kernlab } from "../cli/cli";
import { buildProbe, canRunProbes, PROBES } from "./harness";

describe.skipIf(!canRunProbes())("kernlab run/inspect: loader options", () => {
  const dir = mkdtempSync(join(tmpdir(), "kernlab-loader-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--debugcon stdout interleaves with COM1; stderr and FILE keep them apart; --json keeps both", () => {
    const k = buildProbe("loader-debugcon").path;
    const e9 = "debugcon: hello from port 0xE9\nsecond line\n";
    const out = kernlab(["run", "--memory", "4", "--debugcon", "stdout", k]);
    expect(out.status).toBe(0x51);
    expect(out.stdout).toContain(e9);
    expect(out.stdout).toContain("COM1 line\n");
    const err = kernlab(["run", "--memory", "4", "--debugcon", "stderr", k]);
    expect(err.stdout).toBe("E9READ=000000E9\nCOM1 line\n");
    expect(err.stderr).toBe(e9);
    const file = join(dir, "e9.log");
    const f = kernlab(["run", "--memory", "4", "--debugcon", file, k]);
    expect(f.stdout).toBe("E9READ=000000E9\nCOM1 line\n");
    expect(readFileSync(file, "latin1")).toBe(e9);
    const json = JSON.parse(kernlab(["run", "--memory", "4", "--json", k]).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ exitCode: 0x51, debugcon: e9, debugconTotalBytes: e9.length, serial: "E9READ=000000E9\nCOM1 line\n", loader: "qemu" });
  });

  it("--debugcon to a file that cannot be opened: exit 1, named, nothing run", () => {
    const r = kernlab(["run", "--debugcon", join(dir, "no", "such", "dir", "e9.log"), buildProbe("loader-debugcon").path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kernlab run: --debugcon: cannot open '.*e9\.log' for writing: ENOENT\n$/);
    expect(r.stdout).toBe("");
  });

  it("--loader takes qemu or grub; anything else is a usage error", () => {
    const k = buildProbe("loader-info").path;
    expect(kernlab(["run", "--memory", "4", "--loader", "grub", k]).stdout).toContain('LOADER="GRUB 2.06"');
    expect(kernlab(["run", "--memory", "4", k]).stdout).toContain('LOADER="qemu"');
    const bad = kernlab(["run", "--loader", "lilo", k]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--loader: expected qemu or grub, got 'lilo'");
  });

  it("an object file (ET_REL) is refused with the advice to link it, not as 'no multiboot header'", () => {
    const obj = join(dir, "info.o");
    execFileSync("nasm", ["-felf32", "-i", PROBES, join(PROBES, "loader-info.asm"), "-o", obj]);
    const r = kernlab(["run", obj]);
    expect(r.status).toBe(126);
    expect(r.stderr).toBe("kernlab run: cannot load: this is a relocatable object (ET_REL): link it first (kernlab ld -T linker.ld file.o -o kernel.elf)\n");
    const json = JSON.parse(kernlab(["run", "--json", obj]).stdout) as { verdict: { kind: string } };
    expect(json.verdict.kind).toBe("not-a-kernel");
  });

  it("kernlab inspect flags an ESP outside RAM", () => {
    const bad = kernlab(["inspect", "--memory", "4", buildProbe("loader-espzero").path]);
    expect(bad.status).toBe(0);
    expect(bad.stdout).toMatch(/ESP 0x00000000\n/);
    expect(bad.stdout).toContain("warning: ESP 0x00000000 is outside guest RAM (0x00400000 bytes): the next push writes 0xfffffffc, which is not memory");
    const json = JSON.parse(kernlab(["inspect", "--memory", "4", "--json", buildProbe("loader-espzero").path]).stdout) as { warnings: string[] };
    expect(json.warnings).toEqual([expect.stringMatching(/^ESP 0x00000000 is outside guest RAM/)]);
    const good = kernlab(["inspect", "--memory", "4", buildProbe("loader-debugcon").path]);
    expect(good.stdout).not.toContain("warning:");
  });
});
