/**
 * Command options as data: one table per command gives both the parser (Node's `util.parseArgs`, through
 * parseCommandLine) and the `--help` text, so the help cannot drift from what the parser accepts. Not for the
 * nasm/ld drop-ins, whose odd flags (`-felf32`, `-Ttext=…`) have their own table-driven scanners.
 *
 *   const spec = defineCommand({ usage: "kernlab run [options] kernel.elf", about: "…",
 *     options: [{ name: "timeout", arg: "T", help: "end the run after T" }, …], epilogue: "exit status: …" });
 *   const { values, positionals } = parseOptions(argv, spec);   // values.timeout: string | undefined
 *   spec.help                                                    // the formatted --help text
 */
import { parseCommandLine } from "./args";

/** One option: `--name ARG` (a string) or `--name` (a flag); `help` may hold several lines. */
export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in the help (`T`, `FILE`); an option without one is a boolean flag. */
  readonly arg?: string;
  /** Repeatable: the values arrive as an array, in command-line order. */
  readonly multiple?: boolean;
  /** The help text; "\n" starts a continuation line, aligned under the first. */
  readonly help: string;
}

export interface CommandSpec<O extends readonly OptionSpec[]> {
  /** Usage lines without the leading "usage: " (several lines for several forms). */
  readonly usage: string;
  /** A paragraph saying what the command does (may be empty). */
  readonly about: string;
  readonly options: O;
  /** Text after the option list (exit statuses, examples). */
  readonly epilogue?: string;
}

/** The parsed value type of one option. */
type ValueOf<S extends OptionSpec> =
  S extends { arg: string } ? (S extends { multiple: true } ? string[] : string) : boolean;

/** The values object parseOptions returns for a table. */
export type OptionValues<O extends readonly OptionSpec[]> = {
  [S in O[number] as S["name"]]?: ValueOf<S>;
};

export interface DefinedCommand<O extends readonly OptionSpec[]> extends CommandSpec<O> {
  /** The `--help` text, generated from the table. */
  readonly help: string;
}

const HELP_COLUMN = 24;
/** `-h, --help` is in every table; commands do not list it themselves. */
const HELP_OPTION = { name: "help", short: "h", help: "show this help" } as const;

/** A command's option table with its help text; `--help`/`-h` is added. */
export function defineCommand<const O extends readonly OptionSpec[]>(spec: CommandSpec<O>): DefinedCommand<readonly [...O, typeof HELP_OPTION]> {
  const options = [...spec.options, HELP_OPTION] as const;
  const full = { ...spec, options };
  return { ...full, help: formatHelp(full) };
}

/** The help text: usage, about, one entry per option, the epilogue. */
export function formatHelp(spec: CommandSpec<readonly OptionSpec[]>): string {
  const usage = spec.usage.split("\n").map((line, i) => (i === 0 ? "usage: " : "       ") + line).join("\n");
  const parts = [usage + "\n"];
  if (spec.about) parts.push("\n" + spec.about.replace(/\n*$/, "\n"));
  parts.push("\noptions:\n");
  for (const o of spec.options) {
    const flag = (o.short ? `-${o.short}, ` : "") + `--${o.name}` + (o.arg ? ` ${o.arg}` : "");
    const lines = o.help.split("\n");
    const head = `  ${flag}`;
    const pad = head.length + 2 > HELP_COLUMN ? `${head}\n${" ".repeat(HELP_COLUMN)}` : head.padEnd(HELP_COLUMN);
    parts.push(pad + lines[0] + "\n");
    for (const more of lines.slice(1)) parts.push(" ".repeat(HELP_COLUMN) + more + "\n");
  }
  if (spec.epilogue) parts.push("\n" + spec.epilogue.replace(/\n*$/, "\n"));
  return parts.join("");
}

/** Parses argv with the table (unknown options and missing values are UsageErrors, exit 2). */
export function parseOptions<O extends readonly OptionSpec[]>(argv: string[], spec: CommandSpec<O>): { values: OptionValues<O>; positionals: string[] } {
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const o of spec.options) {
    config[o.name] = { type: o.arg ? "string" : "boolean", ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  const { values, positionals } = parseCommandLine(argv, config);
  return { values: values as OptionValues<O>, positionals };
}
