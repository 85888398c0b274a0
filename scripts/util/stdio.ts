/**
 * What a command does when its standard output or error cannot be written. A reader that went away
 * (`kernlab run k.elf | head -1`: EPIPE) ends the command quietly with status 141, as nasm and QEMU end when
 * SIGPIPE kills them (128 + 13); any other failure (`> /dev/full`: ENOSPC, EIO) is one line on standard
 * error and status 74 (EX_IOERR), so output lost is never a silent success. Never a stack trace.
 */

/** Status of a command whose standard output's reader went away. */
export const EXIT_BROKEN_PIPE = 141;
/** Status of a command whose output could not be written (disk full, I/O error). */
export const EXIT_OUTPUT_ERROR = 74;

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EIO: "input/output error",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EBADF: "bad file descriptor",
};

let installed = false;
let reported = false;

function fail(command: string, which: string, e: NodeJS.ErrnoException): number {
  if (e.code === "EPIPE" || e.code === "ECONNRESET") return EXIT_BROKEN_PIPE;
  if (which === "standard output" && !reported) {
    reported = true;
    try {
      process.stderr.write(`kernlab ${command}: cannot write ${which}: ${REASONS[e.code ?? ""] ?? e.message} (${e.code ?? "error"})\n`);
    } catch {
      // standard error is gone too
    }
  }
  return EXIT_OUTPUT_ERROR;
}

/**
 * The exit status for a command that returned `status`: EXIT_BROKEN_PIPE or EXIT_OUTPUT_ERROR when a write to
 * standard output already failed (a file's write fails synchronously, before its 'error' event is emitted:
 * the command may have finished meanwhile), else `status`.
 */
export function finalStatus(command: string, status: number): number {
  const e = (process.stdout as unknown as { errored?: NodeJS.ErrnoException | null }).errored;
  return e ? fail(command, "standard output", e) : status;
}

/** Installs the handlers once per process (each command bundle calls it through scripts/dispatch.ts). */
export function guardStandardStreams(command: string): void {
  if (installed) return;
  installed = true;
  const onError = (which: "standard output" | "standard error") => (e: NodeJS.ErrnoException) => {
    process.exit(fail(command, which, e));
  };
  process.stdout.on("error", onError("standard output"));
  process.stderr.on("error", onError("standard error"));
}
