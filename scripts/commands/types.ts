/** The shape of one kernlab subcommand (scripts/commands/<name>.ts exports `command`). */
export interface Command {
  /** One line for `kernlab --help`. */
  summary: string;
  /** Full `--help` text, ending in a newline. */
  help: string;
  /** Runs with the arguments after the command name; returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A command-line mistake: printed as `kernlab <cmd>: message`, exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly showHelp = false) {
    super(message);
    this.name = "UsageError";
  }
}
