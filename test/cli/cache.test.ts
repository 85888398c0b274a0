// kernlab's caches as a user meets them through bin/kernlab.js: V8's code cache of a command's bundle is
// written by the first run and used (not rewritten) by the next; a damaged or foreign cache only costs a
// recompile; KERNLAB_CACHE=0 writes nothing; and `kernlab sample` links cached objects into the same kernel.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
  it("kernlab run: the first run writes the cache, the second uses it as it is; the output is the same", () => {
    const dir = cacheDir();
    const env = { KERNLAB_CACHE_DIR: dir };
    const first = kernlab(["run", hello], root, env);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Hello from kernlab");
    const [cache] = v8caches(dir);
    expect(cache).toMatch(new RegExp(`^${bundleOf("run").file.replace(/\.cjs$/, "")}\\.node-v[\\d.]+-\\w+\\.v8cache$`));
    const before = statSync(join(dir, cache!));
    const second = kernlab(["run", hello], root, env);
    expect(second).toEqual(first);
    const after = statSync(join(dir, cache!));
    expect([after.ino, after.mtimeMs, after.size]).toEqual([before.ino, before.mtimeMs, before.size]);
  });

  it("a damaged cache is rejected by V8 and replaced; a cache of an older bundle is removed", () => {
    const dir = cacheDir();
    const env = { KERNLAB_CACHE_DIR: dir };
    expect(kernlab(["run", hello], root, env).status).toBe(0);
    const [cache] = v8caches(dir);
    const good = readFileSync(join(dir, cache!));
    for (const damage of [(b: Buffer) => { b[b.length >> 1] ^= 0x10; }, (b: Buffer) => b.fill(0x5a)]) {
      const bad = Buffer.from(good);
      damage(bad); // one flipped bit in the middle of the compiled code (caught by the checksum), then garbage
      writeFileSync(join(dir, cache!), bad);
      writeFileSync(join(dir, cache!.replace(/^run-[A-Z0-9]+/, "run-OLDBUILD")), good);
      const r = kernlab(["run", hello], root, env);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("Hello from kernlab");
      expect(v8caches(dir)).toEqual([cache]);
      expect(readFileSync(join(dir, cache!)).equals(bad)).toBe(false); // rewritten
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
