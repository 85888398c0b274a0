// Issue 21, round two, rule "never overwrite an input" seen from the other side: an output that exists and is
// not a regular file is written in place as nasm and ld open it. Renaming a temp file over it replaced the
// device node (`kernlab nasm -o /dev/null` run as root turned /dev/null into a regular file). A symlink output
// is written through: the link stays, its target gets the bytes (as open() does for nasm).
import { execFileSync, spawn } from "node:child_process";
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic, writeStreamAtomic } from "../../core/fs-atomic";
import { prepareCli } from "../cli/cli";
import { kernlabBounded } from "./bounded";

let dir: string;
beforeAll(() => {
  prepareCli();
  dir = mkdtempSync(join(tmpdir(), "kl-outputs-"));
  writeFileSync(join(dir, "n.asm"), "nop\nnop\n");
});

/** A character device like /dev/null in the test folder, when this process may make one (root); else null. */
function fakeNull(name: string): string | null {
  const p = join(dir, name);
  try {
    execFileSync("mknod", [p, "c", "1", "3"], { stdio: "ignore" });
    return p;
  } catch {
    return null;
  }
}

describe("outputs that are not regular files (issue 21, round two)", () => {
  it("a character device output stays a device (kernlab nasm, nasm -E, the atomic writers)", async () => {
    const dev = fakeNull("null1");
    if (dev === null) { expect(process.getuid?.()).not.toBe(0); return; } // mknod needs root; so did the defect
    for (const args of [["nasm", "-fbin", "n.asm", "-o", "null1"], ["nasm", "-E", "n.asm", "-o", "null1"]]) {
      const r = await kernlabBounded(args, { cwd: dir });
      expect([r.status, r.stderr], args.join(" ")).toEqual([0, ""]);
      expect(statSync(dev).isCharacterDevice(), args.join(" ")).toBe(true);
    }
    writeFileAtomic(dev, "x");
    expect(writeStreamAtomic(dev, (w) => { w(Uint8Array.of(1)); return true; })).toBe(true);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
  });

  it("a FIFO output gets the bytes through the pipe and stays a FIFO", async () => {
    const fifo = join(dir, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo]);
    const got: Buffer[] = [];
    reader.stdout.on("data", (b: Buffer) => got.push(b));
    const done = new Promise((resolve) => reader.on("close", resolve));
    const r = await kernlabBounded(["nasm", "-fbin", "n.asm", "-o", "out.fifo"], { cwd: dir, ms: 10_000 });
    await done;
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect([...Buffer.concat(got)]).toEqual([0x90, 0x90]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("a symlink output is written through: the link stays, its target has the bytes", async () => {
    writeFileSync(join(dir, "real.bin"), "old");
    symlinkSync("real.bin", join(dir, "link.bin"));
    const r = await kernlabBounded(["nasm", "-fbin", "n.asm", "-o", "link.bin"], { cwd: dir });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(lstatSync(join(dir, "link.bin")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.bin"))).toBe("real.bin");
    expect([...readFileSync(join(dir, "real.bin"))]).toEqual([0x90, 0x90]);
  });
});
