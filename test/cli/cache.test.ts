// kernlab's caches as a user meets them through bin/kernlab.js: V8's code cache of a command's bundle ships in
// dist/code-cache (a first run uses it); under another V8 (here: other flags) the first run writes the user's
// cache and the next uses it (not rewritten); a damaged or foreign cache only costs a recompile;
// KERNLAB_CACHE=0 reads and writes none; and `kernlab sample` links cached objects into the same kernel.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kernlab, prepareCli, root, scratch } from "./cli";

const hello = join(root, "emulator", "fixtures", "hello.elf");
const dirs: string[] = [];
const cacheDir = () => { const d = scratch("cache"); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
beforeAll(() => prepareCli());

/** The bundle file of a command, from dist/entries.json. */
function bundleOf(command: string): { file: string; codeCache: boolean } {
  return JSON.parse(readFileSync(join(root, "dist", "entries.json"), "utf8")).commands[command];
}
const v8caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8cache"));

describe("V8 code cache of the CLI bundles", () => {
  it("kernlab run: a first run uses the code cache the build shipped (writes none); its output is the same", () => {
    const shipped = readdirSync(join(root, "dist", "code-cache"));
    for (const command of ["nasm", "ld", "run", "inspect"]) {
      expect(shipped).toContainEqual(expect.stringMatching(new RegExp(`^${bundleOf(command).file.replace(/\.cjs$/, "")}\\.node-${process.version.replace(/\./g, "\\.")}-\\w+\\.v8cache$`)));
    }
    const dir = cacheDir();
    const first = kernlab(["run", hello], root, { KERNLAB_CACHE_DIR: dir });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Hello from kernlab");
    expect(readdirSync(dir)).toEqual([]);
    expect(kernlab(["run", hello], root, { KERNLAB_CACHE_DIR: dir, KERNLAB_CACHE: "0" })).toEqual(first); // compiled: no cache at all
  });

  it("under other V8 flags the shipped cache is rejected: the first run writes the user's cache, the second uses it as it is", () => {
    const dir = cacheDir();
    // A V8 flag on Node's command line changes V8's flag hash, as another Node build would.
    const withFlag = () => {
      const r = spawnSync(process.execPath, ["--stack-size=900", join(root, "bin", "kernlab.js"), "run", hello], {
        cwd: root, encoding: "utf8", env: { ...process.env, KERNLAB_CACHE_DIR: dir },
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const first = withFlag();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Hello from kernlab");
    const [cache] = v8caches(dir);
    expect(cache).toMatch(new RegExp(`^${bundleOf("run").file.replace(/\.cjs$/, "")}\\.node-v[\\d.]+-\\w+\\.v8cache$`));
    const before = statSync(join(dir, cache!));
    const second = withFlag();
    expect(second).toEqual(first);
    const after = statSync(join(dir, cache!));
    expect([after.ino, after.mtimeMs, after.size]).toEqual([before.ino, before.mtimeMs, before.size]);
  });

  it("a damaged cache is rejected by V8 and replaced; a cache of an older bundle is removed", () => {
    const dir = cacheDir();
    const env = { KERNLAB_CACHE_DIR: dir };
    const cache = readdirSync(join(root, "dist", "code-cache")).find((f) => f.startsWith(bundleOf("run").file.replace(/\.cjs$/, "")))!;
    const good = readFileSync(join(root, "dist", "code-cache", cache));
    for (const damage of [(b: Buffer) => { b[b.length >> 1] ^= 0x10; }, (b: Buffer) => b.fill(0x5a)]) {
      const bad = Buffer.from(good);
      damage(bad); // one flipped bit in the middle of the compiled code (caught by the checksum), then garbage
      writeFileSync(join(dir, cache), bad);
      writeFileSync(join(dir, cache.replace(/^run-[A-Z0-9]+/, "run-OLDBUILD")), good);
      const r = kernlab(["run", hello], root, env);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("Hello from kernlab");
      expect(v8caches(dir)).toEqual([cache]);
      expect(readFileSync(join(dir, cache)).equals(bad)).toBe(false); // rewritten
    }
  });

  it("KERNLAB_CACHE=0 reads and writes no cache; --help and usage errors write none either", () => {
    const dir = cacheDir();
    expect(kernlab(["run", hello], root, { KERNLAB_CACHE_DIR: dir, KERNLAB_CACHE: "0" }).status).toBe(0);
    expect(kernlab(["run", "--help"], root, { KERNLAB_CACHE_DIR: dir }).status).toBe(0);
    expect(kernlab(["run", "--bogus", hello], root, { KERNLAB_CACHE_DIR: dir }).status).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a bundle that may import() a user's module is loaded by Node (a cached script loses import() in Node 20)", () => {
    expect(bundleOf("run").codeCache).toBe(true);
    expect(bundleOf("build").codeCache).toBe(false); // --layout kernel/layout.ts is imported
    const dir = cacheDir();
    const out = join(dir, "k.elf");
    for (let i = 0; i < 2; i++) {
      const r = kernlab(["build", "-o", out, "--layout", "kernel/layout.ts", "-I", "kernel/", "boot/multiboot.asm",
        ...readdirSync(join(root, "kernel")).filter((f) => f.endsWith(".asm")).map((f) => `kernel/${f}`)], root, { KERNLAB_CACHE_DIR: dir });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });
});

describe("kernlab sample's object cache", () => {
  it("a second run links the first run's objects into the same kernel and proves the same nine facts", () => {
    const dir = cacheDir();
    const run = (env: NodeJS.ProcessEnv) => {
      const r = kernlab(["sample", "--json"], root, env);
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as { ok: boolean; proofs: { pass: boolean; evidence: string[] }[]; objectCache: { hits: number; writes: number; misses: number } | null };
    };
    const cold = run({ KERNLAB_CACHE_DIR: dir });
    expect(cold.objectCache!.hits).toBe(0);
    expect(cold.objectCache!.writes).toBeGreaterThan(10);
    const warm = run({ KERNLAB_CACHE_DIR: dir });
    expect(warm.objectCache).toEqual({ hits: cold.objectCache!.writes, writes: 0, misses: 0 });
    expect(warm.proofs).toEqual(cold.proofs);
    expect(warm.ok).toBe(true);
    const off = run({ KERNLAB_CACHE_DIR: mkdtempSync(join(dir, "off-")), KERNLAB_CACHE: "0" });
    expect(off.objectCache).toBeNull();
    expect(off.proofs).toEqual(cold.proofs);
  });
});
