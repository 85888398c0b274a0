// Real GDB 13 running a NASM kernel backwards: fixtures/reverse-kernel.asm assembled by `kernlab nasm -g -F
// dwarf`, linked by `kernlab ld`, recorded by `kernlab run --record`, served by `kernlab replay --gdb
// --wait-gdb`: reverse-stepi (registers as GDB showed them one instruction earlier), reverse-continue back to
// earlier breakpoint hits and to the start of history, a watchpoint run backwards to its writing line, monitor
// who-wrote, off the end of the recording. Then `kernlab run --record --gdb`: back and forth over a live run.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { symbolTable } from "../../index";
import { oracle } from "../helpers/oracles";
import { prepareCli, root, scratch } from "../cli/cli";
import { REVERSE_KERNEL_SOURCE } from "../replay/reverse-kernel";
import { buildGdbKernel, line, runGdb, serveGdb } from "./gdb-session";

const kernlabJs = join(root, "bin", "kernlab.js");
const lineOf = (name: string) => readFileSync(REVERSE_KERNEL_SOURCE, "utf8").split("\n").findIndex((l) => l.endsWith(`; LINE:${name}`)) + 1;

/** `info registers` lines for the general registers and EIP, as GDB printed them after `marker`. */
function registersAfter(out: string, marker: string): string[] {
  const lines = out.split("\n");
  const i = lines.findIndex((l) => l.includes(marker));
  return lines.slice(i + 1).filter((l) => /^(eax|ecx|edx|ebx|esp|ebp|esi|edi|eip|eflags)\s/.test(l)).slice(0, 10);
}

describe.runIf(oracle("gdb"))("real GDB: reverse execution over a recording", () => {
  let dir = "";
  let elf = "";
  let recording = "";
  beforeAll(() => {
    prepareCli();
    dir = scratch("gdb-reverse");
    const obj = join(dir, "k.o");
    elf = join(dir, "k.elf");
    recording = join(dir, "k.klrec");
    execFileSync(process.execPath, [kernlabJs, "nasm", "-felf32", "-g", "-F", "dwarf", REVERSE_KERNEL_SOURCE, "-o", obj]);
    execFileSync(process.execPath, [kernlabJs, "ld", "-m", "elf_i386", "-Ttext=0x100000", obj, "-o", elf]);
    try {
      execFileSync(process.execPath, [kernlabJs, "run", "--record", recording, elf], { stdio: "ignore" });
    } catch (e) {
      expect((e as { status: number }).status).toBe(22); // 15 + 7: the guest's exit code
    }
    expect(existsSync(recording)).toBe(true);
  });

  it("reverse-stepi, reverse-continue to an earlier breakpoint hit, a watchpoint backwards, who-wrote", async () => {
    const syms = symbolTable(new Uint8Array(readFileSync(elf)));
    const h8 = (n: number) => `0x${n.toString(16)}`;
    const stub = await serveGdb(["replay", recording, "--gdb", "127.0.0.1:0", "--wait-gdb"]);
    const out = await runGdb(dir, elf, stub.port, [
      "break bump", "continue", "continue",
      "print $ecx",                                // 4: the second call
      "stepi", "echo ==before-step\\n", "info registers", "stepi",
      "reverse-stepi", "echo ==after-reverse\\n", "info registers",
      "reverse-continue", "print $ecx",            // the entry of this call: 4
      "reverse-continue", "print $ecx",            // back at the first hit: 5
      "reverse-continue",                          // nothing earlier: the start of history
      "print $pc",
      "delete", "watch *(int *)&counter", "continue", "continue", "continue",
      "reverse-continue",                          // undoes the third write
      "print *(int *)&counter",
      "monitor who-wrote counter",
      "delete",
      "reverse-step", "reverse-step", "reverse-step", // source lines backwards: add, bump, out into the caller's call line
      "reverse-next",                              // the loop line of the iteration before
      "continue",                                  // off the end of the recording
      "reverse-stepi", "print $pc",
    ]);
    const { status, stdout } = await stub.exit;
    expect(status).toBe(0);
    expect(stdout).toBe(""); // the kernel writes nothing to COM1
    const at = (s: string) => { const i = out.indexOf(s); expect(i, `GDB output lacks: ${s}\n${out}`).toBeGreaterThanOrEqual(0); return i; };
    let i = at(`Breakpoint 1, bump () at ${REVERSE_KERNEL_SOURCE}:${lineOf("bump")}`);
    i = out.indexOf("Breakpoint 1, bump ()", i + 1);
    expect(out.slice(i)).toMatch(/^Breakpoint 1, bump \(\)[^]*?\$1 = 4\n/);
    // reverse-stepi: every register GDB shows equals what it showed one instruction earlier.
    const before = registersAfter(out, "==before-step");
    const after = registersAfter(out, "==after-reverse");
    expect(before).toHaveLength(10);
    expect(before.find((l) => l.startsWith("eip"))).toContain(h8(syms.address("bump")! + 5)); // after mov eax, [counter]
    expect(after).toEqual(before);
    // reverse-continue: the first hit of the breakpoint, then GDB's end of history.
    expect(out).toMatch(/==after-reverse[^]*?\nBreakpoint 1, bump \(\)[^]*?\n\$2 = 4\n+Breakpoint 1, bump \(\)[^]*?\n\$3 = 5\n/);
    at("\nNo more reverse-execution history.\n");
    expect(out).toMatch(new RegExp(`No more reverse-execution history\\.\\n[^]*?\\$4 = \\(void \\(\\*\\)\\(\\)\\) ${h8(syms.address("_start")!)} <_start>`));
    // The watchpoint, forward three writes (0 → 5 → 9 → 12), then backwards over the last one.
    at("Old value = 9\nNew value = 12\n");
    expect(out).toMatch(new RegExp(`\\nHardware watchpoint 2: \\*\\(int \\*\\)&counter\\n\\nOld value = 12\\nNew value = 9\\n[^]*?${lineOf("store")}\\t\\s*mov \\[counter\\], eax`));
    expect(out).toContain("$5 = 9\n");
    expect(out).toMatch(new RegExp(`${h8(syms.address("counter")!).replace("0x", "0x0*")}\\+4 last written before instruction \\d+ by instruction \\d+:\\n  0x0*${syms.address("store")!.toString(16)} store: mov \\[0x${syms.address("counter")!.toString(16)}\\], eax\\n  old: 05 00 00 00\\n  new: 09 00 00 00\\n`));
    // reverse-step and reverse-next by source line.
    expect(out).toMatch(new RegExp(`new: 09 00 00 00\\n${lineOf("add")}\\t\\s*add eax, ecx[^\\n]*\\n${lineOf("bump")}\\t[^\\n]*\\n[^\\n]*\\n?${lineOf("call")}\\t\\s*call bump[^\\n]*\\n${lineOf("loop")}\\t\\s*loop again`));
    // Off the end: GDB hears the end of the history (not an exit) and can still step back.
    expect(out).toContain("kernlab: end of the recording (exited with code 22");
    expect(out).not.toContain("exited with code 026");
    expect(out).toMatch(/No more reverse-execution history\.\n[^]*No more reverse-execution history\.\n[^]*\$6 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <_start\+10>/);
  });

  it("kernlab run --record --gdb: back over what is recorded so far, forward again into the live run, the exit", async () => {
    const live = join(dir, "live.klrec");
    const stub = await serveGdb(["run", "--record", live, "--gdb", "127.0.0.1:0", "--wait-gdb", elf]);
    const out = await runGdb(dir, elf, stub.port, [
      "break bump", "continue", "continue", "print $ecx",   // the second call: 4
      "reverse-continue", "print $ecx",                     // back in the history: the first call, 5
      "reverse-stepi", "print $pc",                         // the call instruction in kmain
      "continue", "print $ecx",                             // forward through the history: the first call again, 5
      "continue", "print $ecx",                             // the second call, where the live run stands: 4
      "continue", "print $ecx",                             // on in the live run: the third call, 3
      "delete", "continue",
    ]);
    const { status } = await stub.exit;
    expect(out).toMatch(/\$1 = 4\n[^]*?\nBreakpoint 1, bump \(\)[^]*?\n\$2 = 5\n/);
    expect(out).toMatch(new RegExp(`\\$3 = \\(void \\(\\*\\)\\(\\)\\) 0x[0-9a-f]+ <again>`));
    expect(out).toMatch(/\$3 = [^]*?\nBreakpoint 1, bump \(\)[^]*?\n\$4 = 5\n+Breakpoint 1, bump \(\)[^]*?\n\$5 = 4\n+Breakpoint 1, bump \(\)[^]*?\n\$6 = 3\n/);
    expect(out).toContain("[Inferior 1 (Remote target) exited with code 026]");
    expect(status).toBe(22);
    expect(existsSync(live)).toBe(true);
  });

  it.runIf(oracle("gcc-m32") && oracle("nasm"))("a gcc -m32 -g kernel: reverse-finish, reverse-next by C lines, a global watched backwards", async () => {
    const celf = buildGdbKernel(dir);
    const rec = join(dir, "c.klrec");
    try { execFileSync(process.execPath, [kernlabJs, "run", "--record", rec, celf], { stdio: "ignore" }); } catch { /* the guest exits with 9 */ }
    const stub = await serveGdb(["replay", rec, "--gdb", "127.0.0.1:0", "--wait-gdb"]);
    const out = await runGdb(dir, celf, stub.port, [
      "break bump", "continue", "delete", "next",
      "reverse-finish",                     // back out of bump to its call in kmain
      "reverse-next",                       // the line before the call
      "watch counter", "continue", "reverse-continue", "print counter",
    ]);
    expect((await stub.exit).status).toBe(0);
    expect(out).toMatch(new RegExp(`\\n${line("write-counter") + 1}\\t}\\nkmain \\(\\) at [^\\n]*kernel\\.c:${line("call-bump")}\\n${line("call-bump")}\\t[^\\n]*\\n${line("second")}\\t`));
    expect(out).toMatch(new RegExp(`Old value = 1\\nNew value = 0\\nbump \\(\\) at [^\\n]*kernel\\.c:${line("write-counter")}\\n[^]*\\$1 = 0\\n`));
  });
});
