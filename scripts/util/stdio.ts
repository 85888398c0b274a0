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

/** The standard streams Node has made so far (guardStandardStreams notes them): a command that never wrote one never made it. */
const made: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {};

/**
 * The exit status for a command that returned `status`: EXIT_BROKEN_PIPE or EXIT_OUTPUT_ERROR when a write to
 * standard output already failed (a file's write fails synchronously, before its 'error' event is emitted:
 * the command may have finished meanwhile), else `status`.
 */
export function finalStatus(command: string, status: number): number {
  const e = (made.stdout as unknown as { errored?: NodeJS.ErrnoException | null } | undefined)?.errored;
  return e ? fail(command, "standard output", e) : status;
}

/**
 * Installs the handlers once per process (each command bundle calls it through scripts/dispatch.ts), on each
 * stream when Node makes it: process.stdout and process.stderr are made on first use, and making them costs
 * a one-shot command ~2.5 ms (Node loads its stream and net modules), which `kernlab nasm` writing nothing
 * need not pay.
 */
export function guardStandardStreams(command: string): void {
  if (installed) return;
  installed = true;
  const onError = (which: "standard output" | "standard error") => (e: NodeJS.ErrnoException) => {
    process.exit(fail(command, which, e));
  };
  whenMade("stdout", (s) => { made.stdout = s; s.on("error", onError("standard output")); });
  whenMade("stderr", (s) => { made.stderr = s; s.on("error", onError("standard error")); });
}

/** Calls `then` with process[name] when it is first read (Node's getter makes the stream then), or now. */
function whenMade(name: "stdout" | "stderr", then: (stream: NodeJS.WriteStream) => void): void {
  const own = Object.getOwnPropertyDescriptor(process, name);
  const get = own?.get;
  if (!own || !get || !own.configurable) { then(process[name]); return; }
  let seen = false;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable ?? true,
    get() {
      const stream = get.call(process) as NodeJS.WriteStream;
      if (!seen) { seen = true; then(stream); }
      return stream;
    },
  });
}
