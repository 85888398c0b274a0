// The console as a user meets it, in a real pseudo-terminal: raw mode (keys reach the "guest" one by one,
// Ctrl-C included), Ctrl-A H/M/C/X, and the terminal's mode restored afterwards (stty -g before == after).
// The guest here is the fake line shell of fixtures/fake-console.ts; console-kernel.test.ts boots a real one.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { spawnPty } from "./pty";

const root = join(__dirname, "..", "..");

/** bash prints the tty mode, runs the driver, prints its status and the tty mode again. */
function session(extra = "") {
  const script = `stty -g; echo MODE-BEFORE; node --import tsx test/cli/fixtures/fake-console.ts ${extra}; echo "STATUS=$?"; stty -g; echo MODE-AFTER`;
  return spawnPty("bash", ["--norc", "--noprofile", "-c", script], root, { ...process.env, NO_COLOR: "1" });
}

/** The tty modes: before kernlab, while the console ran, right after attachConsole returned (same process), after exit. */
function modes(output: string) {
  return {
    before: /([0-9a-f:]+)\r?\nMODE-BEFORE/.exec(output)?.[1] ?? "none",
    raw: /MODE-RAW ([0-9a-f:]+)/.exec(output)?.[1] ?? "none",
    inside: /MODE-INSIDE ([0-9a-f:]+)/.exec(output)?.[1] ?? "none",
    after: /([0-9a-f:]+)\r?\nMODE-AFTER/.exec(output)?.[1] ?? "none",
  };
}

describe("kernlab console in a pseudo-terminal (fake guest)", () => {
  it("types to the guest in raw mode, runs host commands, quits with Ctrl-A X and restores the terminal", async () => {
    const t = session();
    try {
      await t.waitFor("> ");
      t.write("hello\r");
      await t.waitFor("hi there");
      t.write("mode\r");
      await t.waitFor(/MODE-RAW [0-9a-f:]+\r/);
      // Raw mode: Ctrl-C is a byte for the guest, not SIGINT for kernlab.
      t.write("\x03");
      await t.waitFor("<^C>");
      t.write("\x01h");
      await t.waitFor("Ctrl-A X   quit");
      t.write("\x01m");
      await t.waitFor(/EIP 0x00100123 {2}ESP 0x00107fe0/);
      t.write("\x01\x01");
      await t.waitFor("<^A>");
      // Ctrl-A C: the monitor prompt (this fake run has no debugger), and back.
      t.write("\x01c");
      await t.waitFor("kernlab monitor (no debugger)");
      t.write("regs\r");
      await t.waitFor("no debugger on this run");
      t.write("\x01c");
      await t.waitFor("[back to the guest]");
      t.write("\x01x");
      await t.waitFor("MODE-AFTER");
      expect(await t.exited).toBe(0);
      expect(t.output).toContain("kernlab: quit (Ctrl-A X)");
      expect(t.output).toContain("STATUS=0");
      const m = modes(t.output);
      expect(m.before).toMatch(/^[0-9a-f]+:/);
      expect(m.raw).not.toBe(m.before); // raw mode was really on while the console ran
      expect(m.inside).toBe(m.before); // restored by the console itself, not only by Node at exit
      expect(m.after).toBe(m.before);
    } finally {
      t.kill();
    }
  });

  it("restores the terminal when kernlab is killed with SIGTERM, exit status 143", async () => {
    const t = session();
    try {
      await t.waitFor("> ");
      t.write("term\r");
      await t.waitFor("MODE-AFTER");
      expect(t.output).toContain("STATUS=143");
      const m = modes(t.output);
      expect(m.inside).toBe(m.before);
      expect(m.after).toBe(m.before);
    } finally {
      t.kill();
    }
  });

  it("ends with the guest's exit code when the guest exits, terminal restored", async () => {
    const t = session();
    try {
      await t.waitFor("> ");
      t.write("exit 7\r");
      await t.waitFor("MODE-AFTER");
      expect(t.output).toContain("kernlab: guest exited with code 7");
      expect(t.output).toContain("STATUS=7");
      const m = modes(t.output);
      expect(m.inside).toBe(m.before);
      expect(m.after).toBe(m.before);
    } finally {
      t.kill();
    }
  });
});
