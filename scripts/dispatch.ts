/**
 * Running one kernlab command and turning what it throws into an exit status: the part of the dispatcher
 * that every command bundle carries (scripts/build-cli.mjs makes one bundle per command, each calling
 * runCommand). Choosing the command by name is scripts/cli.ts. Exit codes: 0 ok, 1 failure (diagnostics
 * printed / verification failed), 2 usage error; `run` exits with the guest's code or a verdict status.
 */
import { formatDiagnostics, isKernlabError } from "../core/diagnostics";
import { UsageError, type Command } from "./commands/types";
import { colorEnabled } from "./util/color";
import { finalStatus, guardStandardStreams } from "./util/stdio";

declare const KERNLAB_VERSION: string | undefined;
export const version: string = typeof KERNLAB_VERSION === "string" ? KERNLAB_VERSION : "0.1.0";

/** Runs `command` with the arguments after its name; user mistakes become messages and exit codes. */
export async function runCommand(name: string, command: Command, argv: string[]): Promise<number> {
  guardStandardStreams(name);
  return finalStatus(name, await runGuarded(name, command, argv));
}

async function runGuarded(name: string, command: Command, argv: string[]): Promise<number> {
  try {
    return await command.run(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kernlab ${name}: ${e.message}\n`);
      if (e.showHelp) process.stderr.write(command.help);
      return 2;
    }
    if (isKernlabError(e)) {
      process.stderr.write(formatDiagnostics(e.diagnostics, { color: colorEnabled(process.stderr) }));
      return 1;
    }
    // The file system refusing a read or write (EACCES, EISDIR, ENOSPC…) is the user's environment, not a
    // kernlab defect: one line naming the path, exit 1, no stack trace.
    if (isSystemError(e)) {
      process.stderr.write(`kernlab ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";
}
