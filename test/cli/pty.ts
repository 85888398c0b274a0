/**
 * Test helper: run a command line in a real pseudo-terminal (node-pty) as a user would, type into it, and
 * wait for text on the screen. Not a terminal emulator: the "screen" is the raw byte stream, ANSI and all.
 */
import pty from "node-pty";

export interface PtySession {
  /** Everything the terminal has shown so far. */
  readonly output: string;
  write(text: string): void;
  /** Resolves when `pattern` appears in the output after `from` (default: anywhere); rejects after `ms`. */
  waitFor(pattern: string | RegExp, ms?: number, from?: number): Promise<void>;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number>;
  kill(): void;
}

export function spawnPty(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): PtySession {
  const p = pty.spawn(command, args, { cols: 120, rows: 40, cwd, env: env as Record<string, string> });
  let output = "";
  let exitCode: number | null = null;
  const waiters = new Set<() => void>();
  p.onData((d) => {
    output += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number>((resolve) => p.onExit((e) => { exitCode = e.exitCode; resolve(e.exitCode); for (const w of [...waiters]) w(); }));
  return {
    get output() { return output; },
    write(text) { p.write(text); },
    waitFor(pattern, ms = 20_000, from = 0) {
      const found = () => (typeof pattern === "string" ? output.indexOf(pattern, from) >= 0 : pattern.test(output.slice(from)));
      return new Promise<void>((resolve, reject) => {
        if (found()) return resolve();
        const check = () => {
          if (found()) { cleanup(); resolve(); }
          else if (exitCode !== null) { cleanup(); reject(new Error(`process exited (${exitCode}) before ${String(pattern)} appeared; screen:\n${output}`)); }
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${String(pattern)}; screen:\n${output}`)); }, ms);
        const cleanup = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
      });
    },
    exited,
    kill() { try { p.kill(); } catch { /* already gone */ } },
  };
}
