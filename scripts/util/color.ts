/**
 * Terminal colour for the CLI: on only when the stream is a TTY and NO_COLOR is unset (https://no-color.org).
 * Not a theme system: a handful of SGR codes, and every painter is the identity when colour is off.
 */

export interface Painter {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

/** True when `stream` should get colour: a TTY, and NO_COLOR unset or empty. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !env.NO_COLOR;
}

export function painter(enabled: boolean): Painter {
  const sgr = (code: string) => (s: string) => (enabled && s.length > 0 ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {
    enabled,
    bold: sgr("1"),
    dim: sgr("2"),
    red: sgr("31"),
    green: sgr("32"),
    yellow: sgr("33"),
    blue: sgr("34"),
    cyan: sgr("36"),
    magenta: sgr("35"),
  };
}

/** The painter for a stream (process.stdout by default). */
export function paint(stream: { isTTY?: boolean } = process.stdout): Painter {
  return painter(colorEnabled(stream));
}
