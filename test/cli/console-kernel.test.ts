// `kernlab run --console` as a user meets it, in a pseudo-terminal: the sample kernel's serial shell
// (kernel/shell.asm, multiboot command line "shell") answers typed commands; Ctrl-A M prints the live
// memory map read from guest RAM by the host, and it agrees with what the guest itself printed; Ctrl-A X
// quits; the terminal's mode is the same after as before (stty -g). The echo kernel (nasm + ld fixture)
// checks that the guest's exit code becomes the exit status without any kernlab toolchain involved.
import { beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSampleKernel } from "../../kernel/build";
import { loadSampleSources } from "../../kernel/sources";
import { oracle } from "../helpers/oracles";
import { buildEchoKernel, prepareCli, root, scratch } from "./cli";
import { spawnPty } from "./pty";

const kernlabJs = join(root, "bin", "kernlab.js");
/** bash: print the tty mode, run kernlab, print its status and the tty mode again. */
const wrapped = (args: string) =>
  `stty -g; echo MODE-BEFORE; node '${kernlabJs}' ${args}; echo "STATUS=$?"; stty -g; echo MODE-AFTER`;
const ttyModes = (output: string) => ({
  before: /([0-9a-f:]+)\r?\nMODE-BEFORE/.exec(output)?.[1] ?? "none",
  after: /([0-9a-f:]+)\r?\nMODE-AFTER/.exec(output)?.[1] ?? "none",
});

describe("kernlab run --console on the sample kernel's shell", () => {
  let elf = "";
  beforeAll(() => {
    prepareCli();
    elf = join(scratch("console-sample"), "sample.elf");
    writeFileSync(elf, buildSampleKernel({ files: loadSampleSources() }).elf);
  });

  it("alloc/free/recurse in the guest, Ctrl-A M from the host agrees with the guest, Ctrl-A X restores the tty", async () => {
    const t = spawnPty("bash", ["--norc", "--noprofile", "-c", wrapped(`run --console --timeout 600s --cmdline shell '${elf}'`)], root, { ...process.env, NO_COLOR: "1" });
    try {
      await t.waitFor("kernlab shell: type 'help'", 60_000);
      await t.waitFor("> ");
      let mark = t.output.length;
      t.write("alloc 100\r");
      await t.waitFor(/kmalloc -> 0x[0-9a-f]{8} \(heap top now 0x[0-9a-f]{8}\)/, 10_000, mark);
      const [, block, top] = /kmalloc -> (0x[0-9a-f]{8}) \(heap top now (0x[0-9a-f]{8})\)/.exec(t.output.slice(mark))!;
      expect(parseInt(top!, 16) - parseInt(block!, 16)).toBeGreaterThanOrEqual(100);
      await t.waitFor("> ", 10_000, mark + 10);

      // The host reads the heap top from guest RAM (the probe record) while the guest is paused.
      mark = t.output.length;
      t.write("\x01m");
      await t.waitFor("CR3 ", 10_000, mark);
      await t.waitFor(/CR3 +0x[0-9a-f]{8} \(paging on\)/, 10_000, mark);
      const map = t.output.slice(mark);
      expect(map).toMatch(new RegExp(`heap top +${top} \\(\\d+ B allocated\\)`));
      expect(map).toMatch(new RegExp(`│ heap ↑ {2}\\(top ${top}\\)`));
      expect(map).toMatch(/│ stack ↓ {2}\(ESP 0x[0-9a-f]{8}, \d+ B used\)/);

      mark = t.output.length;
      t.write("free\r");
      await t.waitFor(`kfree ${block} (heap top now ${block})`, 10_000, mark);
      mark = t.output.length;
      t.write("recurse 3\r");
      await t.waitFor(/depth 3: esp 0x[0-9a-f]{8}/, 10_000, mark);
      // The stack grows down: each nested call's ESP is below the previous one.
      const esps = [...t.output.slice(mark).matchAll(/depth \d: esp (0x[0-9a-f]{8})/g)].map((m) => parseInt(m[1]!, 16));
      expect(esps).toHaveLength(3);
      expect(esps[0]!).toBeGreaterThan(esps[1]!);
      expect(esps[1]!).toBeGreaterThan(esps[2]!);

      t.write("\x01x");
      await t.waitFor("MODE-AFTER", 20_000);
      expect(t.output).toContain("kernlab: quit (Ctrl-A X)");
      expect(t.output).toContain("STATUS=0");
      const m = ttyModes(t.output);
      expect(m.before).toMatch(/^[0-9a-f]+:/);
      expect(m.after).toBe(m.before);
    } finally {
      t.kill();
    }
  });
});

describe.skipIf(!oracle("nasm") || !oracle("ld"))("kernlab run --console on the echo kernel", () => {
  let elf = "";
  beforeAll(() => {
    prepareCli();
    elf = buildEchoKernel(scratch("console-echo"));
  });

  it("the guest's exit code becomes the exit status (shell 'exit' → 3), the tty restored", async () => {
    const t = spawnPty("bash", ["--norc", "--noprofile", "-c", wrapped(`run --console --timeout 600s --cmdline shell '${elf}'`)], root, { ...process.env, NO_COLOR: "1" });
    try {
      await t.waitFor("> ", 30_000);
      t.write("hello\r");
      await t.waitFor("hi there");
      t.write("exit\r");
      await t.waitFor("MODE-AFTER", 20_000);
      expect(t.output).toContain("kernlab: guest exited with code 3");
      expect(t.output).toContain("STATUS=3");
      const m = ttyModes(t.output);
      expect(m.after).toBe(m.before);
    } finally {
      t.kill();
    }
  });
});
