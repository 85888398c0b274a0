/**
 * Command-line parsing for kernlab's own commands: Node's `util.parseArgs`, with its errors turned into
 * UsageError (exit 2) and the numbers kernel people type (`0x100000`, `1M`, `64K`, `4096`) parsed one way.
 * Not for the nasm/ld drop-ins, whose odd flags need their own table-driven scanners.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../commands/types";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with `--help` handled by the caller and parse errors as UsageError. */
export function parseCommandLine<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Node's messages end with advice about '--' that does not apply to kernlab; keep the first sentence.
    const first = message.replace(/\. To specify a positional argument.*$/s, "").replace(/\s+$/, "");
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1) + " (see --help)", false);
  }
}

/**
 * An integer as kernel people write it: decimal, `0x` hex, `0b` binary, optional K/M/G (KiB/MiB/GiB)
 * suffix. Returns null when `text` is not such a number.
 */
export function parseInteger(text: string): number | null {
  const m = /^\s*(0x[0-9a-f_]+|0b[01_]+|[0-9][0-9_]*)\s*([kmg](?:ib)?)?\s*$/i.exec(text);
  if (!m) return null;
  const digits = m[1]!.replace(/_/g, "");
  let n = digits.toLowerCase().startsWith("0x") ? parseInt(digits.slice(2), 16)
    : digits.toLowerCase().startsWith("0b") ? parseInt(digits.slice(2), 2)
    : parseInt(digits, 10);
  const unit = m[2]?.[0]?.toLowerCase();
  if (unit === "k") n *= 1024;
  else if (unit === "m") n *= 1024 * 1024;
  else if (unit === "g") n *= 1024 * 1024 * 1024;
  return Number.isSafeInteger(n) ? n : null;
}

/** parseInteger for an option value; a bad value is a UsageError naming the option. */
export function integerOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = parseInteger(text);
  if (n === null) throw new UsageError(`option '${name}' expects a number (like 4096, 0x1000 or 4K), got '${text}'`);
  return n;
}

/**
 * `--timeout` as every kernlab command that boots reads it (the grammar of `kernlab run`): wall time as
 * `5000` / `500ms` / `5s`, or a deterministic guest-instruction count as `2000000i` / `500K` / `20M` / `1G`
 * (K/M/G = 10^3/10^6/10^9). Note `20M` is instructions, not minutes.
 */
export function timeoutOption(name: string, text: string | undefined, fallback: { ms?: number; instructions?: number }): { ms?: number; instructions?: number } {
  if (text === undefined) return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|i|k|m|g)?\s*(i)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`option '${name}' expects a time (5000, 500ms, 5s) or instructions (2000000i, 20M), got '${text}'`);
  const value = parseFloat(m[1]!);
  const unit = (m[2] ?? "").toLowerCase();
  if ((unit === "" && !m[3]) || unit === "ms") return { ms: Math.round(value) };
  if (unit === "s") return { ms: Math.round(value * 1000) };
  const scale = unit === "k" ? 1e3 : unit === "m" ? 1e6 : unit === "g" ? 1e9 : 1;
  return { instructions: Math.round(value * scale) };
}
