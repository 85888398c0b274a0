/**
 * The kernlab command line: a dispatcher only. Each subcommand lives in scripts/commands/<name>.ts and
 * exports `command: Command`. Exit codes: 0 ok, 1 failure (diagnostics printed / verification failed),
 * 2 usage error; `run` exits with the guest's code or a verdict status (see commands/run.ts).
 */
import { formatDiagnostics, isKernlabError } from "../core/diagnostics";
import { UsageError, type Command } from "./commands/types";

const commands: Record<string, () => Promise<{ command: Command }>> = {
  nasm: () => import("./commands/nasm"),
  ld: () => import("./commands/ld"),
  link: () => import("./commands/link"),
  build: () => import("./commands/build"),
  run: () => import("./commands/run"),
  inspect: () => import("./commands/inspect"),
  verify: () => import("./commands/verify"),
  web: () => import("./commands/web"),
  sample: () => import("./commands/sample"),
};

declare const KERNLAB_VERSION: string | undefined;
export const version: string = typeof KERNLAB_VERSION === "string" ? KERNLAB_VERSION : "0.1.0";

async function usage(): Promise<string> {
  const lines = ["usage: kernlab <command> [options]", "", "commands:"];
  for (const [name, load] of Object.entries(commands)) {
    try {
      const { command } = await load();
      lines.push(`  ${name.padEnd(9)} ${command.summary}`);
    } catch {
      lines.push(`  ${name.padEnd(9)} (not available)`);
    }
  }
  lines.push("", "Run 'kernlab <command> --help' for a command's options. 'kernlab --version' prints the version.");
  return lines.join("\n") + "\n";
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(await usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    process.stdout.write(`kernlab ${version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`kernlab: unknown command '${name}'\n` + (await usage()));
    return 2;
  }
  const { command } = await load();
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kernlab ${name}: ${e.message}\n`);
      if (e.showHelp) process.stderr.write(command.help);
      return 2;
    }
    if (isKernlabError(e)) {
      process.stderr.write(formatDiagnostics(e.diagnostics, { color: useColor(process.stderr) }));
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

export function useColor(stream: NodeJS.WriteStream): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR;
}

const isEntry = typeof process !== "undefined" && process.argv[1] !== undefined &&
  /(?:scripts[\\/]cli\.ts|dist[\\/]cli\.m?js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`kernlab: internal error: ${e instanceof Error ? e.stack : String(e)}\n`); process.exitCode = 70; },
  );
}
