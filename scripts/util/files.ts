/**
 * Reading the files a user names on the command line: a missing or unreadable file becomes a located
 * Diagnostic (`kernel.asm: error: no such file`), never a stack trace; and the Node include resolver that
 * lets the assembler read %include/incbin files from disk. Writing is core/fs-atomic.ts, not here.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { diagnostic, KernlabError, type Diagnostic } from "../../core/diagnostics";
import { decodeSourceFile, type IncludeResolver } from "../../toolchain/asm/source";

function reason(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  if (code === "ENOTDIR") return "a component of the path is not a directory";
  if (code === "ELOOP") return "too many levels of symbolic links";
  return e instanceof Error ? e.message : String(e);
}

/** The diagnostic for a file that cannot be read. */
export function unreadable(path: string, e: unknown, what = "file"): Diagnostic {
  return diagnostic("file-not-found", `cannot read ${what} '${path}': ${reason(e)}`, { file: path, line: 0, column: 0 });
}

/**
 * The most kernlab reads of each kind of file (bytes). Every read is bounded: a file larger than its limit is
 * refused before it is read, and a read stops at the limit if the file grows meanwhile.
 * - source: V8's longest string (a source is text in memory); nasm has no limit of its own.
 * - object: an ELF object, archive or incbin file: 1 GiB (an assembled section is at most 256 MiB of bytes).
 * - kernel, module: the guest RAM of the run (`kernlab run --memory`), or 2 GiB, the most --memory allows.
 * - script, rules, snapshot: 64 MiB (text formats; a snapshot holds RAM as hex).
 */
export const READ_LIMITS = {
  source: 0x1fff_ffe8,
  object: 1 << 30,
  kernel: 2 ** 31,
  script: 64 << 20,
} as const;

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Bytes of a file, bounded: directories, devices (/dev/zero, /dev/urandom), FIFOs and sockets are refused
 * without being opened (opening a FIFO would wait for a writer), and a file longer than `limit` is refused.
 * Throws KernlabError naming the file; a missing file is code "file-not-found".
 */
export function readBounded(path: string, what: string, limit: number): Uint8Array {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new KernlabError(unreadable(path, e, what));
  }
  const at = { file: path, line: 0, column: 0 };
  if (st.isDirectory()) throw new KernlabError(diagnostic("not-a-file", `cannot read ${what} '${path}': is a directory`, at));
  if (!st.isFile()) throw new KernlabError(diagnostic("not-a-file", `cannot read ${what} '${path}': ${kindOf(st)}, not a regular file`, at));
  const tooLarge = (size: string) => new KernlabError(diagnostic("file-too-large", `${what} '${path}' is ${size} bytes, more than kernlab reads (${limit} bytes)`, at));
  if (st.size > limit) throw tooLarge(String(st.size));
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK); // never waits (a FIFO swapped in after the stat)
  } catch (e) {
    throw new KernlabError(unreadable(path, e, what));
  }
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) throw new KernlabError(diagnostic("not-a-file", `cannot read ${what} '${path}': ${kindOf(fst)}, not a regular file`, at));
    const size = fst.size;
    if (size > limit) throw tooLarge(String(size));
    let buf = new Uint8Array(Math.max(size, 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > limit) throw tooLarge(`more than ${limit}`);
        const bigger = new Uint8Array(Math.min(buf.length * 2, limit + 1));
        bigger.set(buf);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return n === buf.length ? buf : buf.slice(0, n);
  } catch (e) {
    if (e instanceof KernlabError) throw e;
    throw new KernlabError(unreadable(path, e, what));
  } finally {
    closeSync(fd);
  }
}

/** Bytes of a file the user named, or a KernlabError naming it (bounded: readBounded). */
export function readInput(path: string, what = "file", limit: number = what === "kernel" || what === "module" ? READ_LIMITS.kernel : READ_LIMITS.object): Uint8Array {
  return readBounded(path, what, limit);
}

/** readBounded, or null when the file does not exist (include resolvers: nasm tries each -I prefix). */
function readIfExists(path: string, what: string, limit: number): Uint8Array | null {
  try {
    return readBounded(path, what, limit);
  } catch (e) {
    if (e instanceof KernlabError && e.diagnostics[0]?.code === "file-not-found" && /no such file|not a directory/.test(e.diagnostics[0].text)) return null;
    throw e;
  }
}

/**
 * True when both paths name the same existing file (same device and inode: `./s.asm`, a symlink or a hard
 * link to the input are the input). Used to refuse writing an output over an input, as nasm and ld do.
 */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a), y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** ld's refusal when an output would replace an input: `input file 'a.o' is the same as output file`. */
export function refuseOverwrite(inputs: readonly string[], outputs: readonly string[]): void {
  const problems: Diagnostic[] = [];
  for (const out of outputs) {
    const hit = inputs.find((i) => sameFile(i, out));
    if (hit !== undefined) problems.push(diagnostic("overwrite-input", `input file '${hit}' is the same as output file${out === hit ? "" : ` '${out}'`}`, { file: hit, line: 0, column: 0 }));
  }
  if (problems.length) throw new KernlabError(problems);
}

/** Reads %include / incbin paths from disk, relative to the current directory as NASM does. */
export const fsResolver: IncludeResolver = {
  readText(path) {
    const bytes = readIfExists(path, "include file", READ_LIMITS.source);
    return bytes === null ? null : decodeSourceFile(bytes);
  },
  readBinary(path) {
    return readIfExists(path, "incbin file", READ_LIMITS.object);
  },
};
