/**
 * Node-only: write an output file so that an error or a kill midway never leaves it half-written.
 * The bytes go to a temporary file beside the target (same file system), are fsynced (unless `durable: false`,
 * as the nasm/ld drop-ins write, like the real tools), then renamed into place. Not for the browser bundle.
 *
 * Temporary files never outlive the command: an error removes its temp file; SIGINT/SIGTERM/SIGHUP during
 * the write are held until the (synchronous) write is done and then remove any temp file left and end the
 * process as the signal would (128 + n; the listeners stay installed once a write happened); a temp file left by a process that no longer exists (kill -9, a power cut) is
 * swept by the next write into the same folder. Temp names: `.<name>.<pid>.<base36 time>.tmp`.
 * An error names the user's file (`cannot write 'out.elf': permission denied`), never the temp file.
 * An output that exists and is not a regular file (a device, a FIFO) is written in place; a symlink is
 * written through (outputTarget).
 */
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;
/** A temp file of a process that is still alive is left alone unless it is this old (a reused pid). */
const STALE_MS = 24 * 3600_000;

const active = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
let listening = false;

function onSignal(sig: (typeof SIGNALS)[number]): void {
  for (const t of active) rmSync(t, { force: true });
  active.clear();
  // Others listening (the web server, the console) decide what the signal does; alone, end as it would.
  if (process.listenerCount(sig) === 1) process.exit(128 + SIGNAL_NUMBERS[sig]);
}
const handlers = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<(typeof SIGNALS)[number], () => void>;

function startListening(): void {
  if (listening) return;
  listening = true;
  for (const s of SIGNALS) process.on(s, handlers[s]);
}


function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temp files of our naming pattern in `dir` whose writer is gone (or that are a day old). */
export function sweepStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile()) continue;
      if (alive(Number(m[1])) && now - st.mtimeMs < STALE_MS) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied", EPERM: "operation not permitted", ENOSPC: "no space left on device", EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system", EISDIR: "is a directory", ENOENT: "no such directory", ENOTDIR: "a component of the path is not a directory",
  EIO: "input/output error", EFBIG: "file too large", ENAMETOOLONG: "file name too long", EXDEV: "cross-device rename",
};

/** The same error, told about `path` (the user's file) instead of the temp file; code and syscall are kept. */
function aboutUserFile(e: unknown, path: string): Error {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== "string") return e instanceof Error ? e : new Error(String(e));
  const out = new Error(`cannot write '${path}': ${REASONS[err.code] ?? err.message.replace(/, \w+ '.*'$/, "")}`) as NodeJS.ErrnoException;
  out.code = err.code;
  out.syscall = err.syscall ?? "write";
  out.path = path;
  if (err.errno !== undefined) out.errno = err.errno;
  return out;
}

/**
 * Where an output goes. An existing output that is not a regular file (`-o /dev/null`, a FIFO, a terminal) is
 * written in place, as nasm and ld open it: renaming a temp file over it would replace the device node (as
 * root, /dev/null itself). A symlink is written through (its target is replaced atomically, the link stays).
 * A directory is an error (EISDIR).
 */
function outputTarget(path: string): { target: string; special: boolean } {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { target: path, special: false };
    throw aboutUserFile(e, path);
  }
  if (st.isDirectory()) throw aboutUserFile(Object.assign(new Error("is a directory"), { code: "EISDIR", syscall: "open" }), path);
  if (!st.isFile()) return { target: path, special: true };
  try {
    return { target: lstatSync(path).isSymbolicLink() ? realpathSync(path) : path, special: false };
  } catch {
    return { target: path, special: false };
  }
}

/** Writes to a device or FIFO in place (no temp file: there is nothing to rename, nothing to take back). */
function writeSpecial(path: string, produce: (write: (chunk: Uint8Array) => void) => boolean): boolean {
  let fd = -1;
  try {
    fd = openSync(path, "w");
  } catch (e) {
    throw aboutUserFile(e, path);
  }
  try {
    return produce((bytes) => {
      try {
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (e) {
        throw aboutUserFile(e, path);
      }
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * `durable: false` skips the fsync: for caches whose entries are checked when read (a crash may lose the
 * newest entry, never show a half-written one under its name).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, opts: { durable?: boolean } = {}): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  writeStreamAtomic(path, (write) => { write(bytes); return true; }, opts);
}

/**
 * As writeFileAtomic, for output made in pieces: `produce` is given a `write` that appends bytes to the
 * temp file and returns whether the file is wanted; when it returns false (the command failed) the temp
 * file is removed and `path` is left as it was. Memory stays the size of one piece.
 */
export function writeStreamAtomic(path: string, produce: (write: (chunk: Uint8Array) => void) => boolean, opts: { durable?: boolean } = {}): boolean {
  const where = outputTarget(path);
  if (where.special) return writeSpecial(path, produce);
  path = where.target;
  const dir = dirname(path);
  sweepStaleTemps(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd = -1;
  startListening();
  active.add(tmp);
  try {
    try {
      fd = openSync(tmp, "w", 0o644);
    } catch (e) {
      throw aboutUserFile(e, path);
    }
    const write = (bytes: Uint8Array) => {
      try {
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (e) {
        throw aboutUserFile(e, path);
      }
    };
    const keep = produce(write);
    try {
      if (keep && opts.durable !== false) fsyncSync(fd);
      closeSync(fd);
      fd = -1;
      if (keep) renameSync(tmp, path);
      else rmSync(tmp, { force: true });
    } catch (e) {
      throw aboutUserFile(e, path);
    }
    return keep;
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    active.delete(tmp);
  }
}
