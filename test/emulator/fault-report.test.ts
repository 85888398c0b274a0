// Crash reports (issue 15 item 8) against QEMU: each kernel triple-faults under `qemu-system-i386 -kernel
// -d int,cpu_reset` and under kernlab; the exception lines (vector, error code, CPL, CS:EIP, SS:ESP, CR2 or
// EAX) and the "Triple fault" line must be the same. kernlab's lines carry a name and symbol after them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, describeVerdict, symbolTable, type Machine } from "../../emulator/index";
import { formatCrashReport } from "../../emulator/fault-report";
import { oracle } from "../helpers/oracles";
import { canBuild, kernel, kernelPath } from "./kernels";

const LINE = /^\s*\d+: v=[0-9a-f]{2} e=[0-9a-f]{4} i=\d cpl=\d IP=[0-9a-f]{4}:[0-9a-f]{8} pc=[0-9a-f]{8} SP=[0-9a-f]{4}:[0-9a-f]{8} (?:CR2|env->regs\[R_EAX\])=[0-9a-f]{8}/;

/** The exception lines of a -d int log (up to the QEMU fields), check_exception lines and "Triple fault". */
function chainLines(log: string): string[] {
  const out: string[] = [];
  for (const line of log.split("\n")) {
    const m = LINE.exec(line);
    if (m) out.push(m[0].trim());
    else if (line.startsWith("check_exception") || line === "Triple fault") out.push(line.trim());
  }
  return out;
}

function qemuLog(elf: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kernlab-fault-"));
  try {
    const log = join(dir, "int.log");
    execFileSync("qemu-system-i386", ["-kernel", elf, "-display", "none", "-serial", "null", "-no-reboot", "-m", "128", "-d", "int,cpu_reset", "-D", log], { timeout: 20_000 });
    // The BIOS takes interrupts in real mode before the kernel runs: start at the first one in the kernel's
    // code segment (0x0008), with the check_exception line just before it.
    const lines = readFileSync(log, "utf8").split("\n");
    const first = lines.findIndex((l) => LINE.test(l) && l.includes("IP=0008:"));
    if (first < 0) return "";
    return lines.slice(lines[first - 1]?.startsWith("check_exception") ? first - 1 : first).join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!canBuild())("crash report: the exception chain", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine(); });
  afterAll(() => m?.destroy());

  it("#PF -> #DF -> triple fault: CR2, the faulting EIP, the registers, the last instructions", async () => {
    const elf = kernel("pf-triple");
    const syms = symbolTable(elf);
    const r = await m.boot(elf, {}).result;
    expect(r.verdict).toMatchObject({ kind: "triple-fault", eip: syms.address("fault") });
    const chain = r.crash!.exceptions;
    expect(chain.map((e) => [e.name, e.errorCode, e.eip, e.cr2])).toEqual([
      ["#PF", 2, syms.address("fault"), 0x800000],
      ["#DF", 0, syms.address("fault"), null],
    ]);
    expect(chain[1]!.inferred).toBe(true);
    expect(r.verdict.kind === "triple-fault" && r.verdict.chain).toEqual(chain);
    expect(r.crash!.registers.cr2).toBe(0x800000);
    const last = r.crash!.lastInstructions;
    expect(last[last.length - 1]!.eip).toBe(syms.address("fault"));
    expect(last).toHaveLength(11); // every instruction of this kernel, the faulting one last
    expect(describeVerdict(r.verdict)).toBe("triple fault at eip 0x00100058: #PF (error 0x0002, cr2 0x00800000) -> #DF -> triple fault");
    const text = formatCrashReport(r.crash!, r.verdict, syms);
    expect(text).toContain("#PF at fault");
    expect(text).toMatch(/0x00100058 fault\s+c7 05 00 00 80 00 78 56 34 12\s+mov dword \[0x800000\], 0x12345678/);
  });

  it.skipIf(!oracle("qemu"))("the same exception and check_exception lines as qemu -d int,cpu_reset for #PF, #GP, int3 and #NP triple faults", async () => {
    for (const name of ["pf-triple", "gp-triple", "triple", "np-triple"]) {
      const elf = kernel(name);
      const r = await m.boot(elf, {}).result;
      expect(r.verdict.kind).toBe("triple-fault");
      const ours = chainLines(formatCrashReport(r.crash!, r.verdict, symbolTable(elf)));
      const qemu = chainLines(qemuLog(kernelPath(name)));
      expect(ours, name).toEqual(qemu);
      expect(ours[ours.length - 1]).toBe("Triple fault");
    }
  });
});
