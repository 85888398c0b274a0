/**
 * A one-line progress indicator on stderr for long work ("assembling kernel/entry.asm…"), redrawn in place.
 * Shown only when stderr is a TTY, so pipes, CI logs and tests see nothing. Not a logger: done() erases it.
 */

export interface Progress {
  /** Replace the progress text. */
  update(text: string): void;
  /** Erase the line; call on every exit path (success or failure). */
  done(): void;
}

const silent: Progress = { update() {}, done() {} };

export function progress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (!stream.isTTY || env.CI) return silent;
  let shown = false;
  const width = Math.max(20, (stream.columns ?? 80) - 1);
  return {
    update(text: string) {
      const line = text.length > width ? text.slice(0, width - 1) + "…" : text;
      stream.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
