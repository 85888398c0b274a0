// `kernlab run` input options through the real executable (node bin/kernlab.js; `npm run prepare` after
// changing CLI code), against qemu-system-i386 -kernel where QEMU can do the same: --keys typed at power-on,
// --expect/--send and --expect/--send-serial pairs, --expect that never matches (verdict expect-timeout, 124),
// and piped stdin feeding COM1 as `qemu -serial stdio` does.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildProbe, canRunProbes, runQemu } from "./harness";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const kernlab = (args: string[], input = "") => {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/kernlab.js"), "run", ...args], { cwd: ROOT, encoding: "latin1", timeout: 60_000, input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe.skipIf(!canRunProbes())("kernlab run input options", () => {
  it("--keys reaches an interrupt-driven keyboard kernel (typed once IRQ 1 is unmasked)", () => {
    const r = kernlab(["--keys", "hello 42\\n", buildProbe("keyboard-irq").path]);
    expect(r.stdout).toBe("ready\nhello 42\nbye\n");
    expect(r.status).toBe(0x31);
  });

  it("--expect TEXT --send KEYS types after the text appears", () => {
    const r = kernlab(["--expect", "ready", "--send", "hello 42\\n", buildProbe("keyboard-poll").path]);
    expect(r.stdout).toBe("ready\nhello 42\nbye\n");
    expect(r.status).toBe(0x32);
  });

  it("--expect that never appears: exit 124 and the verdict line names the text", () => {
    const r = kernlab(["--expect", "login:", "--expect-timeout", "300ms", "--send", "x", buildProbe("keyboard-poll").path]);
    expect(r.status).toBe(124);
    expect(r.stdout).toBe("ready\n");
    expect(r.stderr).toMatch(/^kernlab run: expected text never appeared: "login:" \(waited 0\.\d s/);
  });

  it("piped stdin feeds COM1 as qemu -serial stdio does; --expect/--send-serial does the same", async () => {
    const probe = buildProbe("serial-echo");
    const qemu = await runQemu(probe.path, { stdin: "abc 12\n" });
    expect(qemu.serial).toBe("ready\nabc 12\nbye\n");
    const piped = kernlab([probe.path], "abc 12\n");
    expect(piped.stdout).toBe(qemu.serial);
    expect(piped.status).toBe(qemu.exitCode);
    const scripted = kernlab(["--expect", "ready", "--send-serial", "abc 12\\n", probe.path]);
    expect(scripted.stdout).toBe(qemu.serial);
  });
});
