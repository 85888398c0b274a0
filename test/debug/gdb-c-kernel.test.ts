// Real GDB 13 against `kernlab run --gdb --wait-gdb` on a C kernel (gcc -m32 -g, linked by kernlab ld): the
// session a kernel developer runs with QEMU's gdbstub, and the SAME script against qemu-system-i386 -S -gdb
// as the oracle: from the first breakpoint on, GDB must print the same lines for both (source lines,
// values, the rwatch/watch/awatch stops with their values and lines, the backtrace through the #PF handler, the
// stack words). Only the first stop differs: QEMU starts in the BIOS (0xfff0), kernlab at the kernel's entry.
import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { prepareCli, scratch } from "../cli/cli";
import { buildGdbKernel, line, runGdb, startKernlab, startQemu } from "./gdb-session";

const ready = oracle("gdb") && oracle("gcc-m32") && oracle("nasm");

const SESSION = [
  "break kmain", "continue", "rwatch origin.y", "continue", "delete 2", "next", "print origin", "print b",
  "watch counter", "continue", "delete",
  "break page_fault_handler", "continue", "bt",
  "info registers eip", "x/8xw $esp",
  "awatch faults", "continue", "delete",
  "echo @@MONITOR\\n", "monitor info tlb", "kill",
];

/** GDB's lines from the first breakpoint to the monitor marker. */
function body(transcript: string): string[] {
  const lines = transcript.split("\n");
  const from = lines.findIndex((l) => l.startsWith("Breakpoint 1, kmain"));
  const to = lines.indexOf("@@MONITOR");
  return lines.slice(from, to);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

describe.runIf(ready)("real GDB on a C kernel", () => {
  let dir = "";
  let elf = "";
  beforeAll(() => {
    prepareCli();
    dir = scratch("gdb");
    elf = buildGdbKernel(dir);
  });

  it("break kmain, next, print a struct, watch a global, bt through the #PF handler, x/8xw $esp, monitor, kill", async () => {
    const stub = await startKernlab(elf);
    const out = await runGdb(dir, elf, stub.port, SESSION);
    const { status, stderr } = await stub.exit;
    const b = body(out);
    expect(out).toMatch(/^_start \(\) at .*boot\.asm:\d+$/m); // --wait-gdb: stopped before the first instruction
    expect(b[0]).toMatch(new RegExp(`^Breakpoint 1, kmain \\(\\) at .*kernel\\.c:${line("first")}$`));
    // rwatch: the read of origin.y on the second line stops there, with the value read.
    const r = b.indexOf("Value = 4");
    expect(r).toBeGreaterThan(0);
    expect(b[r + 1]).toMatch(new RegExp(`^kmain \\(\\) at .*kernel\\.c:${line("second")}$`));
    expect(b).toContain(`${line("call-bump")}\t  bump();                /* LINE:call-bump */`);
    expect(b).toContain(`$1 = {x = 3, y = 4, name = 0x101000 "origin"}`);
    expect(b).toContain("$2 = 7");
    // The watchpoint: GDB reads old and new value and shows the line after the writing instruction.
    const w = b.indexOf("Old value = 0");
    expect(w).toBeGreaterThan(0);
    expect(b[w + 1]).toBe("New value = 1");
    expect(b[w + 2]).toMatch(new RegExp(`^bump \\(\\) at .*kernel\\.c:${line("write-counter") + 1}$`));
    // bt from inside the C handler, through the interrupt frame, back into kmain at the faulting line.
    expect(b.join("\n")).toMatch(new RegExp([
      `#0  page_fault_handler \\(cr2=8388608, error=2\\) at .*kernel\\.c:${line("in-handler")}`,
      `#1  0x[0-9a-f]+ in isr_page_fault \\(frame=0x[0-9a-f]+, error=2\\) at .*kernel\\.c:\\d+`,
      `#2  0x[0-9a-f]+ in kmain \\(\\) at .*kernel\\.c:${line("fault")}`,
      `#3  0x[0-9a-f]+ in _start \\(\\) at .*boot\\.asm:\\d+`].join("\n")));
    expect(b.join("\n")).toMatch(/^eip +0x[0-9a-f]+ +0x[0-9a-f]+ <page_fault_handler\+\d+>$/m);
    expect(b.filter((l) => /^0x[0-9a-f]+:\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}$/.test(l))).toHaveLength(2);
    // awatch on faults: the handler's faults++ reads it (0) and writes it (1).
    expect(b.join("\n")).toMatch(/Hardware access \(read\/write\) watchpoint \d+: faults\n\n(Value = 0|Old value = 0\nNew value = 1)\n/);
    // monitor info tlb: the identity-mapped first 4 MiB (the 8 MiB page was mapped to 3 MiB by the handler only after).
    expect(out).toMatch(/^00000000: 00000000 +1024 x 4K -- -WP$/m);
    expect(out).toContain("[Inferior 1 (Remote target) killed]");
    expect(stderr).toContain("gdb connected");
    expect(status).toBe(130); // killed from GDB: the run ends "stopped by the host"
  });

  it.runIf(oracle("qemu"))("prints the same session as against QEMU's gdbstub (oracle)", async () => {
    const stub = await startKernlab(elf);
    const ours = body(await runGdb(dir, elf, stub.port, SESSION));
    await stub.exit;
    const port = await freePort();
    const qemu = startQemu(elf, port);
    const theirs = body(await runGdb(dir, elf, port, SESSION, { retryConnect: true }));
    qemu.proc.kill();
    await qemu.exit;
    expect(theirs.length).toBeGreaterThan(20);
    expect(ours).toEqual(theirs);
  });

  it("monitor catch pf stops with SIGSEGV; Ctrl-C stops a spinning guest with SIGINT; GDB sees the exit code; info registers has CR0-CR4", async () => {
    const stub = await startKernlab(elf);
    const out = await runGdb(dir, elf, stub.port, [
      "break kmain", "continue", "delete",
      "monitor catch pf", "continue", "monitor uncatch pf",
      "set var spin_mode = 1", "echo @@SPIN\\n", "continue",
      "print release", "info registers", "monitor info registers", "set var release = 1", "continue",
    ], { interruptAfter: "@@SPIN", delayMs: 1000 });
    const { status } = await stub.exit;
    // A caught #PF stops before delivery, at the faulting instruction, as SIGSEGV.
    expect(out).toContain("catching vector 14");
    expect(out).toContain("kernlab: caught vector 14 error code 0x2 CR2=0x00800000");
    expect(out).toMatch(new RegExp(`Program received signal SIGSEGV, Segmentation fault\\.\\n0x[0-9a-f]+ in kmain \\(\\) at .*kernel\\.c:${line("fault")}`));
    expect(out).toContain("Program received signal SIGINT, Interrupt.");
    expect(out).toMatch(new RegExp(`in kmain \\(\\) at .*kernel\\.c:${line("spin") - 1}`));
    expect(out).toContain("$1 = 0");
    expect(out).toMatch(/^cr0 +0x80000011 +2147483665$/m); // PG | ET | PE, set by the kernel
    expect(out).toMatch(/^cr3 +0x[0-9a-f]+/m);
    expect(out).toMatch(/^cs +0x8 +8$/m);
    expect(out).toMatch(/^CR0=80000011 CR2=00800000 CR3=[0-9a-f]{8} CR4=00000000$/m); // monitor: CR2 from the #PF
    expect(out).toMatch(/^CS =0008 00000000 ffffffff 00cf9a00$/m);
    expect(out).toContain("[Inferior 1 (Remote target) exited with code 011]"); // 9, printed in octal by GDB
    expect(status).toBe(9);
  });

  it("a triple fault ends the session with an X packet: GDB says the program terminated with SIGSEGV", async () => {
    const stub = await startKernlab(elf);
    // A not-present #PF gate: the kernel's own page fault becomes #NP → #DF (no gate) → triple fault.
    const out = await runGdb(dir, elf, stub.port, ["break enable_paging", "continue", "set var idt[14].type = 0", "continue"]);
    const { status, stderr } = await stub.exit;
    expect(out).toMatch(/kernlab: triple fault at eip 0x[0-9a-f]{8}/);
    expect(out).toContain("Program terminated with signal SIGSEGV, Segmentation fault.");
    expect(stderr).toContain("triple fault");
    expect(status).toBe(125);
  });
});
