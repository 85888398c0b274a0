// `kernlab web` as a user runs it: a child process that prints the URL on stdout, serves the folder, and
// exits cleanly on SIGTERM; usage mistakes exit 2.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRoot } from "../../scripts/build-web";
import { command } from "../../scripts/commands/web";
import { UsageError } from "../../scripts/commands/types";

const root = findRoot();
const cli = ["--import", "tsx", join(root, "scripts", "cli.ts"), "web"];

describe("kernlab web", () => {
  it("prints the URL of a free port (--port 0), serves the lab folder, stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kernlab-web-cmd-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>kernlab lab</title>");
    const child = spawn(process.execPath, [...cli, "--port", "0", "--dir", dir], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = "", err = "";
        child.stdout.on("data", (d: Buffer) => { out += d; if (out.includes("\n")) ok(out.split("\n")[0]!); });
        child.stderr.on("data", (d: Buffer) => { err += d; });
        child.on("exit", (code) => fail(new Error(`kernlab web exited ${code}: ${err}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(Number(new URL(url).port)).toBeGreaterThan(0);
      expect(await (await fetch(url)).text()).toContain("<title>kernlab lab</title>");
      const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports usage mistakes as UsageError (the dispatcher prints them and exits 2)", async () => {
    await expect(command.run(["--port", "99999"])).rejects.toThrow(new UsageError("--port must be 0..65535, got '99999'"));
    await expect(command.run(["--bogus"])).rejects.toBeInstanceOf(UsageError);
  });
});
