// `kernlab replay --gdb` and `kernlab run --record --gdb` as commands: their usage mistakes (exit 2, one
// line), the help, and a session from a protocol client that ends the command (status 0 on detach).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kernlab, prepareCli, root, scratch } from "../cli/cli";
import { RspClient } from "../debug/rsp-client";
import { buildReverseKernel } from "./reverse-kernel";

describe("kernlab replay --gdb", () => {
  let dir = "";
  let recording = "";
  beforeAll(() => {
    prepareCli();
    dir = scratch("replay-gdb");
    const elf = join(dir, "k.elf");
    writeFileSync(elf, buildReverseKernel());
    recording = join(dir, "k.klrec");
    expect(kernlab(["run", "--record", recording, elf]).status).toBe(22);
  });

  it("refuses a malformed address and options it cannot serve with", () => {
    const bad = kernlab(["replay", recording, "--gdb", "host:port"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("option '--gdb' expects [HOST:]PORT (like 1234 or 127.0.0.1:1234), got 'host:port'");
    const json = kernlab(["replay", recording, "--gdb", "0", "--json"]);
    expect(json.status).toBe(2);
    expect(json.stderr).toContain("options '--gdb' and '--json' cannot be combined");
    const help = kernlab(["replay", "--help"]);
    expect(help.stdout).toContain("--gdb [HOST:]PORT");
    expect(help.stdout).toContain("--wait-gdb");
    expect(kernlab(["run", "--help"]).stdout).toContain("GDB may run backwards over what is recorded so far");
  });

  it("serves the recording standing at --until; GDB's detach ends the command with status 0", async () => {
    const proc = spawn(process.execPath, [join(root, "bin", "kernlab.js"), "replay", recording, "--gdb", "127.0.0.1:0", "--wait-gdb", "--until", "20"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const port = await new Promise<number>((resolve, reject) => {
      proc.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); const m = /gdb stub on 127\.0\.0\.1:(\d+)/.exec(stderr); if (m) resolve(Number(m[1])); });
      proc.on("exit", () => reject(new Error(stderr)));
    });
    const exit = new Promise<number | null>((resolve) => proc.on("exit", resolve));
    expect(stderr).toMatch(/waiting for GDB \(gdb: target remote 127\.0\.0\.1:\d+\); 38 instructions recorded/);
    const c = await RspClient.open(port);
    expect(await c.ask("qSupported")).toContain("ReverseStep+;ReverseContinue+");
    const eip20 = await c.ask("p8");
    expect(await c.ask("bs")).toBe("T05thread:1;");
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(await c.ask("p8")).toBe(eip20);
    expect(await c.ask("D")).toBe("OK");
    c.close();
    expect(await exit).toBe(0);
  });
});
