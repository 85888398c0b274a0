// The on-disk object cache of `kernlab sample` (kernel/object-cache.ts): a build from cached objects is the
// same kernel, byte for byte, as a build that assembles everything; any change to a source, an include, the
// layout or the kernlab build is a miss; a damaged file is a miss, never an object.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSampleKernel, sourcesOf, type SampleObject } from "../../kernel/build";
import { kernelConstants, sampleLayout } from "../../kernel/layout";
import { generateLayoutInc } from "../../kernel/layout-inc";
import { DiskObjectCache } from "../../kernel/object-cache";
import { edit, sources } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "kernlab-object-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layoutInc = generateLayoutInc(sampleLayout, kernelConstants(sampleLayout));
const cache = (files: Record<string, string> = sources, over: { buildId?: string; layoutInc?: string } = {}) =>
  new DiskObjectCache({ dir, buildId: over.buildId ?? "TESTBUILD1", files, layoutInc: over.layoutInc ?? layoutInc });
const objectFiles = () => readdirSync(dir).filter((f) => f.endsWith(".o"));
const count = sourcesOf(sources).length;
/** The keys kernel/build.ts asked for, recorded as it stores its objects. */
const keys: string[] = [];
class Recording extends DiskObjectCache {
  override set(key: string, object: SampleObject): this {
    keys.push(key);
    return super.set(key, object);
  }
}

describe("DiskObjectCache", () => {
  const reference = buildSampleKernel({ files: sources }).elf;

  it("writes every object once, and a second process (a new cache on the same folder) assembles nothing", () => {
    const first = new Recording({ dir, buildId: "TESTBUILD1", files: sources, layoutInc });
    expect(Buffer.compare(buildSampleKernel({ files: sources, objectCache: first }).elf, reference)).toBe(0);
    expect(first.stats).toEqual({ hits: 0, writes: count, misses: count });
    expect(objectFiles()).toHaveLength(count);

    const second = cache();
    expect(Buffer.compare(buildSampleKernel({ files: sources, objectCache: second }).elf, reference)).toBe(0);
    expect(second.stats).toEqual({ hits: count, writes: 0, misses: 0 });
  });

  it("misses on any other input: a comment in one source, another kernlab build, another layout.inc", () => {
    expect(keys).toHaveLength(count);
    for (const key of keys) expect(cache().get(key)?.bytes.length).toBeGreaterThan(0);
    const edited = edit("kernel/heap.asm", "\n", "\n; a comment changes the text, so the key\n");
    for (const c of [cache(edited), cache(sources, { buildId: "TESTBUILD2" }), cache(sources, { layoutInc: layoutInc + "\n" })]) {
      for (const key of keys) expect(c.get(key)).toBeUndefined();
    }
    const rebuilt = cache(edited);
    buildSampleKernel({ files: edited, objectCache: rebuilt });
    expect(rebuilt.stats.hits).toBe(0);
    expect(rebuilt.stats.writes).toBe(count);
  });

  it("a damaged or truncated file is a miss and is assembled again", () => {
    const fresh = mkdtempSync(join(tmpdir(), "kernlab-object-cache-damaged-"));
    try {
      const make = () => new DiskObjectCache({ dir: fresh, buildId: "TESTBUILD1", files: sources, layoutInc });
      buildSampleKernel({ files: sources, objectCache: make() });
      const [a, b] = readdirSync(fresh).filter((f) => f.endsWith(".o"));
      const bytes = readFileSync(join(fresh, a!));
      bytes[bytes.length - 1] ^= 0xff; // one bit of the object, after the header
      writeFileSync(join(fresh, a!), bytes);
      const whole = readFileSync(join(fresh, b!));
      writeFileSync(join(fresh, b!), whole.subarray(0, whole.length - 3));
      const again = make();
      expect(Buffer.compare(buildSampleKernel({ files: sources, objectCache: again }).elf, reference)).toBe(0);
      expect(again.stats).toEqual({ hits: count - 2, writes: 2, misses: 2 });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
