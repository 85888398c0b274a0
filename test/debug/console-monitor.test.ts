// `kernlab run --console`'s monitor prompt (Ctrl-A C) on a real guest in a pseudo-terminal: a small echo
// kernel (fixtures/echo.asm, nasm + kernlab ld) polls COM1; the prompt reads registers, stops the guest, sets a
// breakpoint on a symbol, steps, continues; the breakpoint then stops the guest when it echoes a key.
import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { oracle } from "../helpers/oracles";
import { execFileSync } from "node:child_process";
import { prepareCli, root, scratch } from "../cli/cli";
import { spawnPty } from "../cli/pty";

describe.runIf(oracle("nasm"))("kernlab run --console: the Ctrl-A C monitor", () => {
  let elf = "";
  beforeAll(() => {
    prepareCli();
    const dir = scratch("console-monitor");
    execFileSync("nasm", ["-felf32", join(__dirname, "fixtures", "echo.asm"), "-o", join(dir, "echo.o")]);
    elf = join(dir, "echo.elf");
    execFileSync(process.execPath, [join(root, "bin", "kernlab.js"), "ld", "-m", "elf_i386", "-Ttext=0x100000", join(dir, "echo.o"), "-o", elf]);
  });

  it("info registers, stop, break SYM, step N, cont, a breakpoint hit while typing, delete, quit", async () => {
    const t = spawnPty(process.execPath, [join(root, "bin", "kernlab.js"), "run", "--console", "--timeout", "600s", elf], root, { ...process.env, NO_COLOR: "1" });
    try {
      await t.waitFor("r> ", 30_000);
      let mark = t.output.length;
      t.write("\x01c");
      await t.waitFor("(kernlab) ", 10_000, mark);
      t.write("info registers\r");
      await t.waitFor(/CR0=00000011 CR2=00000000 CR3=00000000 CR4=00000000/, 10_000, mark);
      expect(t.output.slice(mark)).toMatch(/CS =0008 00000000 ffffffff 00cf9a00/);
      mark = t.output.length;
      t.write("stop\r");
      await t.waitFor(/stopped at 0x[0-9a-f]{8} getc/, 10_000, mark); // polling COM1's LSR
      mark = t.output.length;
      t.write("break putc\r");
      await t.waitFor(/breakpoint 1 at 0x[0-9a-f]{8} putc/, 10_000, mark);
      mark = t.output.length;
      t.write("step 3\r");
      await t.waitFor(/stopped at 0x[0-9a-f]{8} getc/, 10_000, mark);
      mark = t.output.length;
      t.write("regs\r");
      await t.waitFor(/EIP=[0-9a-f]{8} getc\S* {2}EAX=/, 10_000, mark);
      t.write("cont\r");
      t.write("\x01c");
      await t.waitFor("[back to the guest]", 10_000, mark);
      // The guest echoes a typed key through putc: the breakpoint stops it first.
      mark = t.output.length;
      t.write("h");
      await t.waitFor(/\[kernlab\] breakpoint 1 at 0x[0-9a-f]{8} putc/, 10_000, mark);
      t.write("\x01c");
      await t.waitFor("(kernlab) ", 10_000, mark);
      t.write("delete 1\r");
      t.write("cont\r");
      t.write("\x01c");
      mark = t.output.length;
      t.write("ello");
      await t.waitFor("ello", 10_000, mark);
      t.write("q");
      expect(await t.exited).toBe(5);
      expect(t.output).toContain("guest exited with code 5");
    } finally {
      t.kill();
    }
  });
});
