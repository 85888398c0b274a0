// The console on a real kernel booted in v86, in a pseudo-terminal: type to the echo kernel's shell on
// COM1, read its answers, Ctrl-A M prints the live memory map from guest RAM, Ctrl-A X quits, and the
// terminal's mode is the same after as before (stty -g).
import { beforeAll, describe, expect, it } from "vitest";
import { hex } from "../../core/hex";
import { oracle } from "../helpers/oracles";
import { buildEchoKernel, nmAddress, root, scratch } from "./cli";
import { spawnPty } from "./pty";

describe.skipIf(!oracle("nasm") || !oracle("ld"))("console on a booted kernel", () => {
  let elf = "";
  beforeAll(() => {
    elf = buildEchoKernel(scratch("console"));
  });

  it("shell commands reach the guest, Ctrl-A M draws the live map, Ctrl-A X quits and restores the tty", async () => {
    const script = `stty -g; echo MODE-BEFORE; node --import tsx test/cli/fixtures/boot-console.ts '${elf}' shell; echo "STATUS=$?"; stty -g; echo MODE-AFTER`;
    const t = spawnPty("bash", ["--norc", "--noprofile", "-c", script], root, { ...process.env, NO_COLOR: "1" });
    try {
      await t.waitFor("echo kernel up", 30_000);
      await t.waitFor("> ");
      t.write("hello\r");
      await t.waitFor("hi there");
      let mark = t.output.length;
      t.write("count\r");
      await t.waitFor(/count\r+\n1\r/, 10_000, mark); // the guest incremented its .data counter from 0
      mark = t.output.length;
      t.write("\x01m");
      await t.waitFor("__stack_top", 10_000, mark);
      const map = t.output.slice(mark);
      expect(map).toMatch(/EIP 0x[0-9a-f]{8} {2}ESP 0x[0-9a-f]{8}/);
      expect(map).toMatch(/│ \.text +│ 325 B/);
      expect(map).toContain(`__heap_start    ${hex(nmAddress(elf, "__heap_start"))}`);
      // The guest is waiting in getc, called from shell: ESP is inside the stack region, noted on the map.
      expect(map).toMatch(/stack ↓ {2}\(ESP 0x0011[0-9a-f]{4}, \d+ B used\)/);
      t.write("\x01x");
      await t.waitFor("MODE-AFTER", 20_000);
      expect(t.output).toContain("kernlab: quit (Ctrl-A X)");
      expect(t.output).toContain("STATUS=0");
      const before = /([0-9a-f:]+)\r?\nMODE-BEFORE/.exec(t.output)?.[1];
      const after = /([0-9a-f:]+)\r?\nMODE-AFTER/.exec(t.output)?.[1];
      expect(before).toMatch(/^[0-9a-f]+:/);
      expect(after).toBe(before);
    } finally {
      t.kill();
    }
  });

  it("the guest's exit code becomes the exit status (shell 'exit' → 3)", async () => {
    const script = `node --import tsx test/cli/fixtures/boot-console.ts '${elf}' shell; echo "STATUS=$?"`;
    const t = spawnPty("bash", ["--norc", "--noprofile", "-c", script], root, { ...process.env, NO_COLOR: "1" });
    try {
      await t.waitFor("> ", 30_000);
      t.write("exit\r");
      await t.waitFor("STATUS=", 20_000);
      expect(t.output).toContain("kernlab: guest exited with code 3");
      expect(t.output).toContain("STATUS=3");
    } finally {
      t.kill();
    }
  });
});
