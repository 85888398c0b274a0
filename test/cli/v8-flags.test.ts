// bin/kernlab.js sets V8 flags only around the operation that needs them (a code cache read or made, v86's
// and iced-x86's WebAssembly compiled) and puts them back: V8's cachedDataVersionTag (a hash of V8's version
// and flags) at the end of a command equals a plain Node's, so Node's own modules keep loading from Node's
// built-in code cache. A preload (-r) reports the tag at exit; it changes no flag itself.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { prepareCli, root, scratch } from "./cli";

const dir = scratch("v8flags");
const preload = join(dir, "tag.cjs");
beforeAll(() => {
  prepareCli();
  writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, '\\nV8TAG ' + require('v8').cachedDataVersionTag() + '\\n'));\n");
  writeFileSync(join(dir, "a.asm"), "bits 32\nsection .text\nglobal start\nstart:\n    mov eax, 1\n    ret\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tagAfter(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; tag: string | undefined } {
  const r = spawnSync(process.execPath, ["-r", preload, join(root, "bin", "kernlab.js"), ...args], {
    cwd: dir, encoding: "utf8", env: { ...process.env, KERNLAB_CACHE_DIR: join(dir, "cache"), ...env },
  });
  return { status: r.status, tag: /V8TAG (\d+)/.exec(r.stderr)?.[1] };
}

describe("V8 flags", () => {
  const plain = spawnSync(process.execPath, ["-p", "require('v8').cachedDataVersionTag()"], { encoding: "utf8" }).stdout.trim();

  it("are back to Node's defaults when kernlab nasm, ld and run end (first run and cached)", () => {
    expect(plain).toMatch(/^\d+$/);
    for (let round = 0; round < 2; round++) {
      expect(tagAfter(["nasm", "-felf32", "a.asm", "-o", "a.o"])).toEqual({ status: 0, tag: plain });
      expect(tagAfter(["ld", "-e", "start", "a.o", "-o", "a.elf"])).toEqual({ status: 0, tag: plain });
      expect(tagAfter(["run", join(root, "emulator", "fixtures", "hello.elf")])).toEqual({ status: 0, tag: plain });
    }
    // and with no code cache at all (the bundle compiled, then a cache made under the same flags)
    expect(tagAfter(["nasm", "-felf32", "a.asm", "-o", "a.o"], { KERNLAB_CACHE: "0" })).toEqual({ status: 0, tag: plain });
  });
});
