/**
 * The interactive serial console of `kernlab run --console`: the user's terminal attached to the guest's
 * COM1 in raw mode, as `qemu -serial stdio` does. Keystrokes go to the guest byte for byte (Ctrl-C too),
 * guest output goes to the terminal, and Ctrl-A starts a host command:
 *
 *   Ctrl-A X   quit (the run is stopped, the terminal restored, exit status 0)
 *   Ctrl-A H   help (also Ctrl-A ?)
 *   Ctrl-A M   the live memory map, drawn from the host side while the guest is paused (inspect-style)
 *   Ctrl-A C   the monitor prompt, as QEMU's Ctrl-A C: GDB's `monitor` commands (debug/gdb/monitor.ts) plus
 *              stop, cont, step N, break SYM, delete ID, regs; Ctrl-A C again returns to the guest
 *   Ctrl-A Ctrl-A  send a literal Ctrl-A to the guest
 *
 * The terminal mode is restored on every way out: quit, guest exit, signals, errors, process exit.
 * Not the emulator (it only uses Machine/Run) and not `run`'s option parsing (scripts/commands/run.ts).
 */
import { hex } from "../core/hex";
import type { Machine, Run, RunResult } from "../emulator/index";
import { describeVerdict, symbolTable } from "../emulator/index";
import { exitStatusOf } from "../emulator/verdict";
import { readElf } from "../toolchain/elf/read";
import { drawMemoryMap } from "../core/memory-map";
import { colorEnabled } from "./util/color";
import { formatProcesses, kernelView, liveHeapTop, liveProcesses } from "./util/memory-view";
import { writeFileSync } from "node:fs";
import type { Debugger, StopReason } from "../emulator/index";
import { describeStop, runMonitor, type MonitorContext } from "../debug/gdb/monitor";
import type { ReverseDebugging } from "../debug/gdb/api";

export const MONITOR_PROMPT = "(kernlab) ";

/**
 * The monitor prompt's line editor: printable bytes echo, Backspace erases, Ctrl-U or Ctrl-C clears the
 * line, Enter hands the line over. Returns what to echo and the finished lines.
 */
export class LineEditor {
  private line = "";
  feed(bytes: Uint8Array): { echo: string; lines: string[] } {
    let echo = "";
    const lines: string[] = [];
    for (const b of bytes) {
      if (b === 0x0d || b === 0x0a) { lines.push(this.line); this.line = ""; echo += "\n"; continue; }
      if (b === 0x7f || b === 0x08) { if (this.line) { this.line = this.line.slice(0, -1); echo += "\b \b"; } continue; }
      if (b === 0x15 || b === 0x03) { echo += "\b \b".repeat(this.line.length); this.line = ""; continue; }
      if (b >= 0x20 && b < 0x7f) { this.line += String.fromCharCode(b); echo += String.fromCharCode(b); }
    }
    return { echo, lines };
  }
}

/** The escape byte: Ctrl-A, as in QEMU. */
export const ESCAPE = 0x01;

export const CONSOLE_HELP = [
  "kernlab console: your keys go to the guest's COM1. Host commands start with Ctrl-A:",
  "  Ctrl-A X   quit (stop the guest, restore the terminal)",
  "  Ctrl-A H   this help (also Ctrl-A ?)",
  "  Ctrl-A M   memory map of the running kernel, read from guest RAM (the guest pauses meanwhile)",
  "  Ctrl-A C   monitor prompt (info registers, info tlb, xp, stop, cont, step N, break SYM, help…);",
  "             Ctrl-A C again returns to the guest",
  "  Ctrl-A Ctrl-A  send a literal Ctrl-A to the guest",
].join("\n") + "\n";

export type ConsoleAction =
  | { kind: "guest"; bytes: Uint8Array }
  | { kind: "quit" }
  | { kind: "help" }
  | { kind: "map" }
  | { kind: "monitor" };

/**
 * Splits typed bytes into guest input and host commands. Stateful across chunks: Ctrl-A at the end of one
 * read and X at the start of the next still quit. Unknown Ctrl-A commands are dropped, as in QEMU.
 */
export class EscapeScanner {
  private pending = false;

  feed(chunk: Uint8Array): ConsoleAction[] {
    const actions: ConsoleAction[] = [];
    let run: number[] = [];
    const flush = () => {
      if (run.length) actions.push({ kind: "guest", bytes: Uint8Array.from(run) });
      run = [];
    };
    for (const b of chunk) {
      if (this.pending) {
        this.pending = false;
        const key = b >= 0x41 && b <= 0x5a ? b + 0x20 : b; // case-insensitive letters
        if (key === 0x78 /* x */) { flush(); actions.push({ kind: "quit" }); return actions; }
        if (key === 0x68 /* h */ || key === 0x3f /* ? */) { flush(); actions.push({ kind: "help" }); continue; }
        if (key === 0x6d /* m */) { flush(); actions.push({ kind: "map" }); continue; }
        if (key === 0x63 /* c */) { flush(); actions.push({ kind: "monitor" }); continue; }
        if (b === ESCAPE) { run.push(ESCAPE); continue; }
        continue;
      }
      if (b === ESCAPE) { this.pending = true; continue; }
      run.push(b);
    }
    flush();
    return actions;
  }
}

export interface ConsoleOptions {
  /** The kernel ELF (for Ctrl-A M: sections and boundary symbols). Without it, M shows registers only. */
  kernel?: Uint8Array;
  /** Default process.stdin / process.stdout / process.stderr. */
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  messages?: NodeJS.WriteStream;
  /** Print the one-line banner and the closing verdict line on `messages` (default true). */
  announce?: boolean;
  /** A recorded run's reverse execution: the prompt's `who-wrote` (run --record --console). */
  reverse?: ReverseDebugging;
}

/**
 * Text for the terminal in raw mode. Node's raw mode (libuv) keeps the tty's output processing (ONLCR), so
 * "\n" already reaches the screen as CR LF; this only normalises stray "\r\n" so nothing doubles.
 */
function crlf(s: string): string {
  return s.replace(/\r\n/g, "\n");
}

/** The Ctrl-A M picture: registers, the seed's map with live ESP and heap top, the boundary facts. */
export function liveMemoryMap(machine: Machine, kernel: Uint8Array | undefined, color: boolean): string {
  const regs = machine.registers();
  const lines: string[] = [
    `EIP ${hex(regs.eip)}  ESP ${hex(regs.esp)}  EBP ${hex(regs.ebp)}  CR3 ${hex(regs.cr3)}  paging ${regs.cr0 & 0x80000000 ? "on" : "off"}`,
  ];
  if (kernel) {
    try {
      const elf = readElf(kernel, "kernel");
      const syms = symbolTable(kernel);
      const view = kernelView(elf, syms, machine.memoryBytes, regs, liveHeapTop(elf, syms, machine.memory));
      lines.push(drawMemoryMap(view.regions, { color }).trimEnd());
      const w = Math.max(0, ...view.facts.map((f) => f.label.length));
      for (const f of view.facts) lines.push(`  ${f.label.padEnd(w)}  ${f.value}`);
      const processes = liveProcesses(elf, syms, machine.memory);
      if (processes.length) lines.push("processes:", formatProcesses(processes).trimEnd());
    } catch (e) {
      lines.push(`(no map: ${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return lines.join("\n") + "\n";
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_NUMBER: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Attach the terminal to COM1 until the guest's run ends or the user quits. Resolves with the exit status
 * for `kernlab run`: 0 after Ctrl-A X, 128+n after signal n, otherwise the verdict's status (the guest's
 * own exit code for `exited`).
 */
export async function attachConsole(machine: Machine, run: Run, opts: ConsoleOptions = {}): Promise<number> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const messages = opts.messages ?? process.stderr;
  const announce = opts.announce ?? true;
  const color = colorEnabled(output);
  const scanner = new EscapeScanner();
  let status: number | null = null; // decided by the host (quit or signal) before the verdict arrives

  const wasRaw = input.isTTY ? input.isRaw : false;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    input.off("data", onData);
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off("exit", restore);
    try {
      if (input.isTTY) input.setRawMode(wasRaw);
    } catch {
      // The terminal may already be gone (SIGHUP); nothing left to restore.
    }
    input.pause();
  };
  const stop = (code: number) => {
    if (status === null) status = code;
    restore();
    run.stop();
  };
  // The monitor prompt (Ctrl-A C). Commands run one after another; guest output waits while the prompt is open.
  const dbg: Debugger | null = run.debug ?? null;
  const editor = new LineEditor();
  let prompt = false; // the prompt is shown (guest output is held)
  let typingToPrompt = false; // keys go to the prompt's line editor
  let held: Uint8Array[] = [];
  let chain: Promise<void> = Promise.resolve();
  let busy = false; // a command is running: it reports its own stops
  let transient = false; // paused only to read state: that stop is not news
  const stopWaiters: (() => void)[] = [];
  const monitorCtx: MonitorContext | null = dbg
    ? { dbg, memory: machine.memory, ...(opts.kernel ? { kernel: opts.kernel } : {}), ...(opts.reverse ? { reverse: opts.reverse } : {}), where: "console", writeFile: (path, text) => writeFileSync(path, text) }
    : null;
  dbg?.on("stop", (r: StopReason) => {
    for (const w of stopWaiters.splice(0)) w();
    if (busy || transient || r.kind === "ended" || restored || !monitorCtx) return;
    output.write(crlf(`\n[kernlab] ${describeStop(monitorCtx, r)}`) + (prompt ? MONITOR_PROMPT : ""));
  });
  /** Runs fn with the guest stopped; a guest that was running runs on afterwards. */
  const withStopped = async (d: Debugger, fn: () => Promise<string>): Promise<string> => {
    if (d.stopped) return fn();
    transient = true;
    try {
      await new Promise<void>((resolve) => { stopWaiters.push(resolve); d.pause(); });
      return await fn();
    } finally {
      if (d.stopped) void d.cont().catch(() => undefined);
      transient = false;
    }
  };
  const execute = async (line: string): Promise<string> => {
    if (!monitorCtx || !dbg) return "no debugger on this run: the monitor needs a run booted with BootOptions.debug\n";
    const word = line.trim().split(/\s+/)[0] ?? "";
    if (word === "stop") {
      if (!dbg.stopped) await new Promise<void>((resolve) => { stopWaiters.push(resolve); dbg.pause(); });
      return describeStop(monitorCtx, { kind: "interrupted" });
    }
    if (word === "" || word === "stop" || word === "cont" || word === "step" || word === "help") return runMonitor(monitorCtx, line);
    return withStopped(dbg, () => runMonitor(monitorCtx, line));
  };
  const enqueue = (line: string) => {
    chain = chain.then(async () => {
      busy = true;
      let out: string;
      try {
        out = await execute(line);
      } catch (e) {
        out = `error: ${e instanceof Error ? e.message : String(e)}\n`;
      } finally {
        busy = false;
      }
      if (!restored) output.write(crlf(out) + (prompt ? MONITOR_PROMPT : ""));
    });
  };
  const togglePrompt = () => {
    prompt = !prompt;
    if (prompt) {
      output.write(crlf(`\nkernlab monitor (${dbg ? "help lists the commands" : "no debugger"}); Ctrl-A C returns to the guest\n`) + MONITOR_PROMPT);
      return;
    }
    output.write(crlf(`\n[back to the guest]${dbg?.stopped ? " (it is stopped: cont at the monitor resumes it)" : ""}\n`));
    for (const b of held) output.write(b);
    held = [];
  };

  const onSignal = (signal: NodeJS.Signals) => stop(128 + (SIGNAL_NUMBER[signal as (typeof SIGNALS)[number]] ?? 0));
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
    try {
      for (const action of scanner.feed(bytes)) {
        switch (action.kind) {
          case "guest":
            if (typingToPrompt) {
              const { echo, lines } = editor.feed(action.bytes);
              if (echo) output.write(crlf(echo));
              for (const line of lines) enqueue(line);
            } else {
              machine.serialWrite(action.bytes);
            }
            break;
          case "monitor":
            // After the commands typed before it, so "cont" then Ctrl-A C leaves a running guest.
            typingToPrompt = !typingToPrompt; // keys after Ctrl-A C in the same read already go to the prompt
            chain = chain.then(togglePrompt);
            break;
          case "help":
            output.write(crlf("\n" + CONSOLE_HELP));
            break;
          case "map":
            machine.pause();
            try {
              output.write(crlf("\n" + liveMemoryMap(machine, opts.kernel, color)));
            } finally {
              machine.resume();
            }
            break;
          case "quit":
            stop(0);
            return;
        }
      }
    } catch (e) {
      // A host-side failure must not leave the terminal raw: restore, stop, report.
      messages.write(crlf(`\nkernlab: console error: ${e instanceof Error ? e.message : String(e)}\n`));
      stop(70);
    }
  };

  run.on("serial", (bytes) => {
    if (restored) return;
    if (prompt) { if (held.length < 4096) held.push(bytes); return; }
    output.write(bytes);
  });
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("exit", restore);
  if (input.isTTY) input.setRawMode(true);
  input.on("data", onData);
  input.resume();
  if (announce) messages.write(crlf("kernlab: console on COM1; Ctrl-A H for help, Ctrl-A X to quit\n"));

  let result: RunResult;
  try {
    result = await run.result;
  } finally {
    restore();
  }
  if (announce) {
    const how = status === 0 ? "quit (Ctrl-A X)" : `guest ${describeVerdict(result.verdict)}`;
    messages.write(`\nkernlab: ${how}\n`);
  }
  return status ?? exitStatusOf(result.verdict);
}
