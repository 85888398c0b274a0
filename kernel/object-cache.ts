/**
 * The sample kernel's assembled objects kept on disk between runs of `kernlab sample` (Node only): a Map that
 * buildSampleKernel (kernel/build.ts) reads and fills through get/set, one file per object in a cache folder.
 * Not the build, and not the in-memory cache the browser lab keeps: persistence under a strict key only.
 *
 * The file of an object is named by the SHA-256 of
 *   - the kernlab build id (the content hash of the CLI bundle: any change to kernlab's code, the assembler's
 *     included, changes it; see scripts/build-cli.mjs),
 *   - every input file's path and complete text, and the complete generated layout.inc,
 *   - build.ts's own key for the object (the source's path and text, each include, the layout lines it uses).
 * So one changed byte in any source, include or the layout, or another kernlab, is a miss: a stale object is
 * never returned. A file is written whole or not at all (temporary file, then rename), and it records the
 * SHA-256 of its bytes: a file that does not read back whole is a miss too. The folder keeps the most recently
 * written MAX_ENTRIES objects.
 */
import { createHash } from "node:crypto";
import { writeFileAtomic } from "../core/fs-atomic";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SampleObject } from "./build";

const FORMAT = "kernlab-sample-object-1";
const MAX_ENTRIES = 200;

export interface DiskObjectCacheOptions {
  /** The folder (created on the first write). */
  dir: string;
  /** Identifies the kernlab that assembles (the CLI bundle's content hash). */
  buildId: string;
  /** Every input of the build by path, as passed to buildSampleKernel. */
  files: Record<string, string>;
  /** The generated layout.inc text of the layout the build uses. */
  layoutInc: string;
}

/** What one file holds before the object's bytes: a JSON line. */
interface Header { format: string; name: string; source: string; objectName: string; size: number; sha256: string }

const sha256 = (...parts: (string | Uint8Array)[]): string => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

export class DiskObjectCache extends Map<string, SampleObject> {
  /** Objects read from disk, objects written, and keys looked for and not found, in this process. */
  readonly stats = { hits: 0, writes: 0, misses: 0 };
  private readonly dir: string;
  private readonly salt: string;

  constructor(opts: DiskObjectCacheOptions) {
    super();
    this.dir = opts.dir;
    const inputs = Object.keys(opts.files).sort().flatMap((path) => [path, "\0", opts.files[path]!, "\0"]);
    this.salt = sha256(FORMAT, "\0", opts.buildId, "\0", ...inputs, "layout.inc\0", opts.layoutInc);
  }

  private fileName(key: string): string {
    return sha256(this.salt, "\0", key);
  }

  override get(key: string): SampleObject | undefined {
    const known = super.get(key);
    if (known) return known;
    const name = this.fileName(key);
    const object = this.read(name);
    if (!object) { this.stats.misses++; return undefined; }
    this.stats.hits++;
    super.set(key, object);
    return object;
  }

  override set(key: string, object: SampleObject): this {
    super.set(key, object);
    try {
      this.write(this.fileName(key), object);
      this.stats.writes++;
    } catch {
      // A read-only or full disk: this run keeps its objects in memory, the next one assembles again.
    }
    return this;
  }

  private read(name: string): SampleObject | undefined {
    let data: Buffer;
    try {
      // bounded: an entry that is not a regular file (a FIFO, /dev/zero) or is implausibly large is a miss
      const path = join(this.dir, `${name}.o`);
      const st = statSync(path);
      if (!st.isFile() || st.size > 1 << 30) return undefined;
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    const newline = data.indexOf(10);
    if (newline < 0) return undefined;
    let header: Header;
    try {
      header = JSON.parse(data.subarray(0, newline).toString("utf8")) as Header;
    } catch {
      return undefined;
    }
    const bytes = new Uint8Array(data.subarray(newline + 1));
    if (header.format !== FORMAT || header.name !== name || header.size !== bytes.length || header.sha256 !== sha256(bytes)) return undefined;
    return { source: header.source, name: header.objectName, bytes };
  }

  private write(name: string, object: SampleObject): void {
    const header: Header = { format: FORMAT, name, source: object.source, objectName: object.name, size: object.bytes.length, sha256: sha256(object.bytes) };
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${name}.o`);
    writeFileAtomic(path, Buffer.concat([Buffer.from(JSON.stringify(header) + "\n", "utf8"), object.bytes]), { durable: false });
    if (this.stats.writes === 0) this.prune();
  }

  /** Keep the MAX_ENTRIES most recently written objects (once per process, at its first write). */
  private prune(): void {
    const entries = readdirSync(this.dir).filter((f) => f.endsWith(".o")).map((f) => {
      try { return { f, t: statSync(join(this.dir, f)).mtimeMs }; } catch { return null; }
    }).filter((e): e is { f: string; t: number } => e !== null);
    if (entries.length <= MAX_ENTRIES) return;
    entries.sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(MAX_ENTRIES)) rmSync(join(this.dir, f), { force: true });
  }
}
