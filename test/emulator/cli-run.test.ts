// `kernlab run` through the real executable (node bin/kernlab.js; run `npm run prepare` after changing CLI
// code): COM1 on stdout, the guest's code or the documented status per verdict, one verdict line on stderr.
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../scripts/cli";
import { command, parseTimeout } from "../../scripts/commands/run";
import { canBuild, kernelPath } from "./kernels";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const kernlab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/kernlab.js"), "run", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** main() of scripts/cli.ts in this process, with stdout/stderr captured. */
async function inProcess(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => { stdout += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk); return true; });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => { stderr += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk); return true; });
  try {
    const status = await main(argv);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("--timeout values", () => {
  it("milliseconds, seconds, or instructions with a suffix", () => {
    expect(parseTimeout("5000")).toEqual({ ms: 5000 });
    expect(parseTimeout("500ms")).toEqual({ ms: 500 });
    expect(parseTimeout("2s")).toEqual({ ms: 2000 });
    expect(parseTimeout("2000000i")).toEqual({ instructions: 2_000_000 });
    expect(parseTimeout("20M")).toEqual({ instructions: 20_000_000 });
    expect(parseTimeout("500Ki")).toEqual({ instructions: 500_000 });
    expect(() => parseTimeout("soon")).toThrow(/expects a time/);
  });
});

describe("kernlab run (placeholder kernel, no native tools)", () => {
  it("streams COM1 and exits 0", () => {
    const r = kernlab("emulator/fixtures/hello.elf");
    expect(r.stdout).toBe("Hello from kernlab's placeholder kernel (emulator/fixtures/hello.elf)\n");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("--json --read --vga: one JSON object with the bytes read from guest RAM", () => {
    const r = kernlab("--json", "--read", "0x100000:12", "emulator/fixtures/hello.elf");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toEqual({ kind: "exited", code: 0 });
    expect(j.exitCode).toBe(0);
    expect(j.serial).toMatch(/^Hello from kernlab/);
    expect(j.registers.cs).toBe(8);
    expect(j.vga).toHaveLength(25);
    // the multiboot header, as loaded at 1 MiB: magic, flags 0, checksum
    expect(j.reads).toEqual([{ address: 0x100000, length: 12, bytes: [0x02, 0xb0, 0xad, 0x1b, 0, 0, 0, 0, 0xfe, 0x4f, 0x52, 0xe4] }]);
  });

  it("a file that is not a kernel: 126 and one line on stderr", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernlab-run-"));
    const junk = join(dir, "junk.bin");
    writeFileSync(junk, "not a kernel at all");
    const r = kernlab(junk);
    expect(r.status).toBe(126);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("kernlab run: cannot load: no multiboot header: magic 0x1badb002 not found 4-byte aligned in the first 19 bytes\n");
    const missing = kernlab(join(dir, "missing.elf"));
    expect(missing.status).toBe(126);
    expect(missing.stderr).toMatch(/cannot read kernel '.*missing\.elf': no such file or directory/);
  });

  it("usage errors exit 2; --help has the status table (in process, through the dispatcher)", async () => {
    const { status, stderr } = await inProcess("run", "--timeout", "soon", "emulator/fixtures/hello.elf");
    expect(status).toBe(2);
    expect(stderr).toBe("kernlab run: option '--timeout' expects a time (5000, 500ms, 5s) or instructions (2000000i, 20M), got 'soon'\n");
    for (const row of ["124   timeout", "125   triple fault", "126   cannot load", "127   halted"]) expect(command.help).toContain(row);
  });
});

describe.skipIf(!canBuild())("kernlab run: each verdict's exit status", () => {
  it.each([
    ["exit42", [], 42, /^$/],
    // The verdict line, then the crash report (registers, the last 32 instructions).
    ["spin", ["--timeout", "300K"], 124, /^kernlab run: timeout after 300000 instructions at eip 0x001000[0-9a-f]{2}; last serial line: "spinning"\nEAX=[\s\S]*last 32 instructions \(oldest first\):\n(  0x0010004[01] _start\.forever.*\n){32}$/],
    ["triple", [], 125, /^kernlab run: triple fault at eip 0x/],
    ["toolarge", ["--memory", "32"], 126, /^kernlab run: cannot load: kernel too large/], // 40 MiB of .bss
    ["halt", [], 127, /^kernlab run: halted at eip 0x/],
  ] as const)("%s → %i", (name, args, status, stderr) => {
    const r = kernlab(...args, kernelPath(name));
    expect(r.stderr).toMatch(stderr);
    expect(r.status).toBe(status);
  });

  it("--module, --checkpoint names on stderr (in process)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kernlab-run-"));
    const mod = join(dir, "mod.bin");
    writeFileSync(mod, "Amodule");
    const r = await inProcess("run", "--module", `${mod},the module`, "--checkpoint", "1=info", kernelPath("modules"));
    expect(r.stderr).toMatch(/^kernlab run: checkpoint 1 \(info\) at eip 0x[0-9a-f]{8} _start\+0x[0-9a-f]+\n$/);
    expect(r.status).toBe(0x41); // 'A', the first byte of the module, read by the guest
  });

  it("--vga frames the text screen; --read prints a hexdump labelled with symbols (in process)", async () => {
    const r = await inProcess("run", "--vga", "--read", "0xb8000:16", kernelPath("vga"));
    expect(r.status).toBe(0);
    const bar = "+" + "-".repeat(80) + "+";
    expect(r.stdout).toBe([
      bar,
      "|" + "Hello from the VGA text screen".padEnd(80) + "|",
      "|" + "".padEnd(80) + "|",
      "|" + "    row two, column four".padEnd(80) + "|",
      bar,
      "0x000b8000  48 07 65 07 6c 07 6c 07  6f 07 20 07 66 07 72 07  |H.e.l.l.o. .f.r.|",
      "",
    ].join("\n"));
  });

  it("--clock virtual: two runs of a timer-driven kernel execute the same instructions; a bad clock is a usage error", async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const r = await inProcess("run", "--clock", "virtual", "--json", kernelPath("ticks"));
      expect(r.status).toBe(7);
      runs.push((JSON.parse(r.stdout) as { instructions: number }).instructions);
    }
    expect(runs[1]).toBe(runs[0]);
    const bad = await inProcess("run", "--clock", "sundial", kernelPath("ticks"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--clock: expected realtime or virtual, got 'sundial'");
  });
});
