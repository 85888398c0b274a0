// Issue 21, rules 6 and 7: temp files never outlive the command, and write errors name the user's file.
// SIGINT/SIGTERM while a large output is being written (a 60 MB write, signalled the moment its temp file
// appears): no temp file is left and the target is either absent or complete. A temp file of a dead process
// (kill -9) is swept by the next write into the folder.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sweepStaleTemps, writeFileAtomic } from "../../core/fs-atomic";

const dir = mkdtempSync(join(tmpdir(), "kl-temps-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIZE = 60 << 20;

/** A child that writes SIZE bytes to `out` with writeFileAtomic; `signal` is sent when its temp file appears. */
function writeAndSignal(sub: string, signal: "SIGINT" | "SIGTERM"): Promise<{ code: number | null; sig: NodeJS.Signals | null; sent: boolean }> {
  const folder = join(dir, sub);
  mkdirSync(folder);
  const script = `import { writeFileAtomic } from ${JSON.stringify(new URL("../../core/fs-atomic.ts", import.meta.url).pathname)};
    writeFileAtomic(${JSON.stringify(join(folder, "out.elf"))}, new Uint8Array(${SIZE}).fill(7));
    setTimeout(() => {}, 2000);`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: "ignore", cwd: join(__dirname, "..", "..") });
    let sent = false;
    const w = watch(folder, (_e, name) => { if (!sent && name?.endsWith(".tmp")) { sent = child.kill(signal); } });
    child.on("exit", (code, sig) => { w.close(); resolve({ code, sig, sent }); });
  });
}

describe("temp files never outlive the command (rule 7)", () => {
  for (const [i, signal] of (["SIGINT", "SIGTERM", "SIGINT"] as const).entries()) {
    it(`${signal} during a 60 MB write (${i}): no temp file left, the output complete or absent`, async () => {
      const r = await writeAndSignal(`sig${i}`, signal);
      expect(r.sent).toBe(true);
      const names = readdirSync(join(dir, `sig${i}`));
      expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
      if (names.includes("out.elf")) expect(statSync(join(dir, `sig${i}`, "out.elf")).size).toBe(SIZE);
      expect(r.code).toBe(128 + (signal === "SIGINT" ? 2 : 15));
    }, 60_000);
  }

  it("a temp file of a process that is gone is swept by the next write; a live process's is kept", () => {
    const folder = join(dir, "stale");
    mkdirSync(folder);
    const dead = join(folder, ".out.elf.999999999.abc.tmp");
    const mine = join(folder, `.other.${process.pid}.abc.tmp`);
    writeFileSync(dead, "x"); writeFileSync(mine, "y"); writeFileSync(join(folder, ".not-ours.tmp"), "z");
    writeFileAtomic(join(folder, "out.elf"), "new");
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(join(folder, ".not-ours.tmp"))).toBe(true);
    expect(sweepStaleTemps(folder)).toEqual([]);
  });
});

describe("write errors name the user's file (rule 6)", () => {
  it("a missing folder and a directory as output: the user's path, the reason, no temp name", () => {
    expect(() => writeFileAtomic(join(dir, "no-such-dir", "out.elf"), "x")).toThrow(`cannot write '${join(dir, "no-such-dir", "out.elf")}': no such directory`);
    mkdirSync(join(dir, "adir"));
    expect(() => writeFileAtomic(join(dir, "adir"), "x")).toThrow(`cannot write '${join(dir, "adir")}': is a directory`);
    try { writeFileAtomic(join(dir, "adir"), "x"); } catch (e) { expect((e as Error).message).not.toMatch(/\.tmp/); expect((e as NodeJS.ErrnoException).code).toBe("EISDIR"); }
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
