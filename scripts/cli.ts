/**
 * The kernlab command line: a dispatcher only. Each subcommand lives in scripts/commands/<name>.ts and
 * exports `command: Command`; scripts/dispatch.ts runs it and maps what it throws to an exit status
 * (0 ok, 1 failure, 2 usage error; `run` exits with the guest's code or a verdict status).
 */
import { runCommand, version } from "./dispatch";
import type { Command } from "./commands/types";

export { version };

/** Every command, loaded only when it runs (in the bundled CLI each command is its own bundle: scripts/build-cli.mjs). */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  nasm: () => import("./commands/nasm"),
  ld: () => import("./commands/ld"),
  link: () => import("./commands/link"),
  build: () => import("./commands/build"),
  run: () => import("./commands/run"),
  replay: () => import("./commands/replay"),
  inspect: () => import("./commands/inspect"),
  verify: () => import("./commands/verify"),
  web: () => import("./commands/web"),
  sample: () => import("./commands/sample"),
};

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
  // `kernlab help run` is `kernlab run --help`.
  if (name === "help" && rest.length > 0 && commands[rest[0]!]) return main([rest[0]!, "--help"]);
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
  return runCommand(name, command, rest);
}

const isEntry = typeof process !== "undefined" && process.argv[1] !== undefined &&
  /scripts[\\/]cli\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`kernlab: internal error: ${e instanceof Error ? e.stack : String(e)}\n`); process.exitCode = 70; },
  );
}
