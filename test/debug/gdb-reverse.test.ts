// Real GDB 13 running a NASM kernel backwards: fixtures/reverse-kernel.asm assembled by `kernlab nasm -g -F
// dwarf`, linked by `kernlab ld`, served by startGdbServer with a recording's reverse execution (a Timeline).
// reverse-stepi (registers as GDB showed them one instruction earlier), reverse-continue back to an earlier
// breakpoint hit, a watchpoint run backwards to its writing line, monitor who-wrote, the start of history.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, runMonitor, startGdbServer, symbolTable, type GdbServer, type Machine } from "../../index";
import { reverseDebugging } from "../../replay/reverse";
import { oracle } from "../helpers/oracles";
import { prepareCli, root, scratch } from "../cli/cli";
import { RebootTimeline } from "../replay/reboot-timeline";
import { REVERSE_KERNEL_SOURCE } from "../replay/reverse-kernel";
import { runGdb } from "./gdb-session";

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
  let machine: Machine;
  let t: RebootTimeline;
  let server: GdbServer;
  beforeAll(async () => {
    prepareCli();
    dir = scratch("gdb-reverse");
    const obj = join(dir, "k.o");
    elf = join(dir, "k.elf");
    execFileSync(process.execPath, [kernlabJs, "nasm", "-felf32", "-g", "-F", "dwarf", REVERSE_KERNEL_SOURCE, "-o", obj]);
    execFileSync(process.execPath, [kernlabJs, "ld", "-m", "elf_i386", "-Ttext=0x100000", obj, "-o", elf]);
    const kernel = new Uint8Array(readFileSync(elf));
    machine = await createMachine({ memoryMiB: 4 });
    t = await RebootTimeline.create(machine, kernel, { snapshotEvery: 10 });
    const reverse = reverseDebugging(t, { bounded: true });
    const dbg = t.debug;
    server = await startGdbServer({
      dbg, port: 0, kill: () => undefined, reverse,
      monitor: (line) => runMonitor({ dbg, memory: machine.memory, kernel, where: "gdb", reverse }, line),
    });
  });
  afterAll(async () => { await server?.close(); await t?.close(); machine?.destroy(); });

  it("reverse-stepi, reverse-continue to an earlier breakpoint hit, a watchpoint backwards, who-wrote", async () => {
    const syms = symbolTable(new Uint8Array(readFileSync(elf)));
    const h8 = (n: number) => `0x${n.toString(16)}`;
    const out = await runGdb(dir, elf, server.address.port, [
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
      "delete", "continue",                        // off the end of the recording
      "reverse-stepi", "print $pc",
    ]);
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
    // Off the end: GDB hears the end of the history (not an exit) and can still step back.
    expect(out).toContain("kernlab: end of the recording (exited with code 22");
    expect(out).not.toContain("exited with code 026");
    expect(out).toMatch(/No more reverse-execution history\.\n[^]*No more reverse-execution history\.\n[^]*\$6 = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <_start\+10>/);
  });
});
