// --trace and the crash report in `kernlab run` (issue 17 "The terminal", issue 15 items 7 and 8): exec lines
// are the instructions executed, int lines are QEMU's -d int lines; a 1-instruction limit runs one
// instruction; a triple fault prints the chain, the registers and the last instructions; --json carries them.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../scripts/cli";
import { canBuild, kernelPath } from "./kernels";

async function inProcess(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => { stdout += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk); return true; });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => { stderr += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk); return true; });
  try {
    return { status: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe.skipIf(!canBuild())("kernlab run --trace and crash reports", () => {
  it("--timeout 1i runs exactly one instruction and reports it", async () => {
    const r = await inProcess("run", "--memory", "16", "--timeout", "1i", "--json", kernelPath("exit-at"));
    expect(r.status).toBe(124);
    const j = JSON.parse(r.stdout) as { instructions: number; crash: { lastInstructions: { eip: number }[] } };
    expect(j.instructions).toBe(1);
    expect(j.crash.lastInstructions.map((i) => i.eip)).toEqual([0x100030]);
  });

  it("--trace exec,int to a file: one exec line per instruction, one int line per vector", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "kernlab-trace-")), "trace.txt");
    const r = await inProcess("run", "--memory", "16", "--json", "--trace", "exec,int", "--trace-file", file, kernelPath("pf-handler"));
    expect(r.status).toBe(3);
    const instructions = (JSON.parse(r.stdout) as { instructions: number }).instructions;
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const exec = lines.filter((l) => l.startsWith("exec"));
    expect(exec).toHaveLength(instructions);
    expect(exec[0]).toMatch(/^exec +0 0x00100030 _start +bc [0-9a-f ]+ mov esp, 0x[0-9a-f]+ +; stack_top$/);
    const ints = lines.filter((l) => l.startsWith("int"));
    // cpu lines: the registers before each instruction, EIP the instruction's own.
    const cpuRun = await inProcess("run", "--memory", "16", "--timeout", "2i", "--trace", "cpu", kernelPath("exit-at"));
    expect(cpuRun.stderr.split("\n").filter((l) => l.startsWith("cpu")).map((l) => /EIP=([0-9a-f]{8})/.exec(l)![1])).toEqual(["00100030", "00100035"]);
    expect(ints).toHaveLength(2);
    expect(ints[0]).toMatch(/v=80 e=0000 i=1 .* int 0x80 at /);
    expect(ints[1]).toMatch(/v=0e e=0002 i=0 cpl=0 IP=0008:[0-9a-f]{8} .* CR2=00800000 +#PF at fault$/);
  });

  it("a triple fault prints the chain, the registers and the last instructions on stderr; bad events are usage errors", async () => {
    const r = await inProcess("run", "--memory", "16", kernelPath("pf-triple"));
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/v=0e e=0002 .* CR2=00800000 +#PF at fault\n/);
    expect(r.stderr).toMatch(/v=08 e=0000 .* #DF at fault \(vector 14 is beyond the IDT limit 0x0000\)\n/);
    expect(r.stderr).toContain("Triple fault\nEAX=");
    expect(r.stderr).toMatch(/last 11 instructions \(oldest first\):\n/);
    expect(r.stderr).toMatch(/0x00100058 fault +c7 05 00 00 80 00 78 56 34 12 +mov dword \[0x800000\], 0x12345678/);
    const bad = await inProcess("run", "--trace", "exec,bogus", kernelPath("pf-triple"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'bogus'");
  });
});
