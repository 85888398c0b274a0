/**
 * Snapshot files on disk (Node only): read with validation, write atomically through core/fs-atomic.ts so an
 * error or a kill midway leaves the previous file intact. The format itself is snapshot.ts.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { diagnostic, KernlabError } from "../core/diagnostics";
import { writeFileAtomic } from "../core/fs-atomic";
import { parseSnapshot, serializeSnapshot, type LayoutSnapshot } from "./snapshot";

/** Read a snapshot file; null when it does not exist. Malformed → KernlabError("malformed-snapshot"). */
export function readSnapshotFile(path: string): LayoutSnapshot | null {
  if (!existsSync(path)) return null;
  return parseSnapshot(new TextDecoder().decode(readSnapshotBytes(path)), path);
}

/** The most a snapshot file may hold (a text format: a layout report, not RAM). */
export const SNAPSHOT_LIMIT = 64 << 20;

/** A snapshot's bytes, bounded: a device, FIFO or directory is refused, and so is a file over SNAPSHOT_LIMIT. */
function readSnapshotBytes(path: string): Uint8Array {
  const refuse = (why: string) => new KernlabError(diagnostic("malformed-snapshot", `cannot read snapshot '${path}': ${why}`, { file: path, line: 0, column: 0 }));
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO opens without waiting, then is refused
  } catch (e) {
    throw refuse((e as Error).message);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw refuse(st.isDirectory() ? "is a directory" : "not a regular file");
    if (st.size > SNAPSHOT_LIMIT) throw refuse(`${st.size} bytes, more than the ${SNAPSHOT_LIMIT}-byte limit`);
    const buf = new Uint8Array(st.size);
    let n = 0;
    while (n < buf.length) { const got = readSync(fd, buf, n, buf.length - n, null); if (got === 0) break; n += got; }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Write a snapshot atomically (temp file + rename). */
export function writeSnapshotFile(path: string, snap: LayoutSnapshot): void {
  writeFileAtomic(path, serializeSnapshot(snap));
}
