/**
 * Reading the files a user names on the command line: a missing or unreadable file becomes a located
 * Diagnostic (`kernel.asm: error: no such file`), never a stack trace; and the Node include resolver that
 * lets the assembler read %include/incbin files from disk. Writing is core/fs-atomic.ts, not here.
 */
import { readFileSync, statSync } from "node:fs";
import { diagnostic, KernlabError, type Diagnostic } from "../../core/diagnostics";
import { decodeSourceFile, type IncludeResolver } from "../../toolchain/asm/source";

function reason(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(e);
}

/** The diagnostic for a file that cannot be read. */
export function unreadable(path: string, e: unknown, what = "file"): Diagnostic {
  return diagnostic("file-not-found", `cannot read ${what} '${path}': ${reason(e)}`, { file: path, line: 0, column: 0 });
}

/** Bytes of a file the user named, or a KernlabError naming it. */
export function readInput(path: string, what = "file"): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new KernlabError(unreadable(path, e, what));
  }
}

/** Reads %include / incbin paths from disk, relative to the current directory as NASM does. */
export const fsResolver: IncludeResolver = {
  readText(path) {
    try {
      return decodeSourceFile(readFileSync(path));
    } catch {
      return null;
    }
  },
  readBinary(path) {
    try {
      return new Uint8Array(readFileSync(path));
    } catch {
      return null;
    }
  },
};
