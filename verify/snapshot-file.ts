/**
 * Snapshot files on disk (Node only): read with validation, write atomically through core/fs-atomic.ts so an
 * error or a kill midway leaves the previous file intact. The format itself is snapshot.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../core/fs-atomic";
import { parseSnapshot, serializeSnapshot, type LayoutSnapshot } from "./snapshot";

/** Read a snapshot file; null when it does not exist. Malformed → KernlabError("malformed-snapshot"). */
export function readSnapshotFile(path: string): LayoutSnapshot | null {
  if (!existsSync(path)) return null;
  return parseSnapshot(readFileSync(path, "utf8"), path);
}

/** Write a snapshot atomically (temp file + rename). */
export function writeSnapshotFile(path: string, snap: LayoutSnapshot): void {
  writeFileAtomic(path, serializeSnapshot(snap));
}
