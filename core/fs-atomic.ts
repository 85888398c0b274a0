/**
 * Node-only: write an output file so that an error or a kill midway never leaves it half-written.
 * The bytes go to a temporary file beside the target (same file system), are fsynced, then renamed
 * into place. Not for the browser bundle.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * `durable: false` skips the fsync: for caches whose entries are checked when read (a crash may lose the
 * newest entry, never show a half-written one under its name).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, opts: { durable?: boolean } = {}): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let fd = -1;
  try {
    fd = openSync(tmp, "w", 0o644);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    if (opts.durable !== false) fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
