// The loader's command-line surface: --loader, --debugcon (stdout, stderr, a file; in --json), an object file
// refused with the advice to link it, and `kernlab inspect` flagging an ESP outside RAM.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../scripts/cli";
import { kernlab as kernlabProcess } from "../cli/cli";
import { buildProbe, canRunProbes, PROBES } from "./harness";

/** `kernlab ARGS` in this process (stdout/stderr captured): a subprocess per run would cost a second each. */
async function kernlab(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const text = (chunk: string | Uint8Array) => (typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("latin1"));
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => { stdout += text(chunk); return true; });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => { stderr += text(chunk); return true; });
  try {
    return { status: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe.skipIf(!canRunProbes())("kernlab run/inspect: loader options", () => {
  const dir = mkdtempSync(join(tmpdir(), "kernlab-loader-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--debugcon stdout interleaves with COM1; stderr and FILE keep them apart; --json keeps both", async () => {
    const k = buildProbe("loader-debugcon").path;
    const e9 = "debugcon: hello from port 0xE9\nsecond line\n";
    const out = await kernlab(["run", "--memory", "4", "--debugcon", "stdout", k]);
    expect(out.status).toBe(0x51);
    expect(out.stdout).toContain(e9);
    expect(out.stdout).toContain("COM1 line\n");
    const err = await kernlab(["run", "--memory", "4", "--debugcon", "stderr", k]);
    expect(err.stdout).toBe("E9READ=000000E9\nCOM1 line\n");
    expect(err.stderr).toBe(e9);
    const file = join(dir, "e9.log");
    const f = await kernlab(["run", "--memory", "4", "--debugcon", file, k]);
    expect(f.stdout).toBe("E9READ=000000E9\nCOM1 line\n");
    expect(readFileSync(file, "latin1")).toBe(e9);
    const json = JSON.parse((await kernlab(["run", "--memory", "4", "--json", k])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ exitCode: 0x51, debugcon: e9, debugconTotalBytes: e9.length, serial: "E9READ=000000E9\nCOM1 line\n", loader: "qemu" });
  });

  it("--debugcon to a file that cannot be opened: exit 1, named, nothing run", async () => {
    const r = await kernlab(["run", "--debugcon", join(dir, "no", "such", "dir", "e9.log"), buildProbe("loader-debugcon").path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kernlab run: --debugcon: cannot open '.*e9\.log' for writing: ENOENT\n$/);
    expect(r.stdout).toBe("");
  });

  it("--loader takes qemu or grub; anything else is a usage error", async () => {
    const k = buildProbe("loader-info").path;
    expect((await kernlab(["run", "--memory", "4", "--loader", "grub", k])).stdout).toContain('LOADER="GRUB 2.06"');
    expect((await kernlab(["run", "--memory", "4", k])).stdout).toContain('LOADER="qemu"');
    const bad = await kernlab(["run", "--loader", "lilo", k]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--loader: expected qemu or grub, got 'lilo'");
  });

  it("an object file (ET_REL) is refused with the advice to link it, not as 'no multiboot header'", async () => {
    const obj = join(dir, "info.o");
    execFileSync("nasm", ["-felf32", "-i", PROBES, join(PROBES, "loader-info.asm"), "-o", obj]);
    const r = kernlabProcess(["run", obj]); // the real binary, once
    expect(r.status).toBe(126);
    expect(r.stderr).toBe("kernlab run: cannot load: this is a relocatable object (ET_REL): link it first (kernlab ld -T linker.ld file.o -o kernel.elf)\n");
    const json = JSON.parse((await kernlab(["run", "--json", obj])).stdout) as { verdict: { kind: string } };
    expect(json.verdict.kind).toBe("not-a-kernel");
  });

  it("kernlab inspect flags an ESP outside RAM", async () => {
    const bad = await kernlab(["inspect", "--memory", "4", buildProbe("loader-espzero").path]);
    expect(bad.status).toBe(0);
    expect(bad.stdout).toMatch(/ESP 0x00000000\n/);
    expect(bad.stdout).toContain("warning: ESP 0x00000000 is outside guest RAM (0x00400000 bytes): the next push writes 0xfffffffc, which is not memory");
    const json = JSON.parse((await kernlab(["inspect", "--memory", "4", "--json", buildProbe("loader-espzero").path])).stdout) as { warnings: string[] };
    expect(json.warnings).toEqual([expect.stringMatching(/^ESP 0x00000000 is outside guest RAM/)]);
    const good = await kernlab(["inspect", "--memory", "4", buildProbe("loader-debugcon").path]);
    expect(good.stdout).not.toContain("warning:");
  });
});
