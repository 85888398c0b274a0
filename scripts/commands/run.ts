/**
 * `kernlab run kernel.elf`: boot a Multiboot (1 or 2) kernel headless in v86, stream COM1 to stdout and exit with the
 * guest's exit code (the byte written to port 0xF4) or a documented status for any other verdict. The
 * command only parses options and prints; booting and verdicts are emulator/'s job. `--console` hands the
 * terminal to scripts/console.ts (attachConsole).
 */
import { closeSync, fstatSync, openSync, statSync, writeFileSync, writeSync } from "node:fs";
import { formatDiagnostics, isKernlabError } from "../../core/diagnostics";
import { hex } from "../../core/hex";
import {
  checkMultiboot, multibootWarnings, describeVerdict, symbolTable,
  type BootOptions, type Checkpoint, type InputStep, type RunResult, type TraceEvent, type Verdict,
} from "../../emulator/index";
import { DEFAULT_MEMORY_MIB } from "../../emulator/machine";
import { exitStatusOf } from "../../emulator/verdict";
import { formatCrashReport } from "../../emulator/fault-report";
import { parseTraceEvents } from "../../emulator/trace";
import { parseInteger, timeoutOption } from "../util/args";
import { defineCommand, parseOptions } from "../util/options";
import { readInput, refuseOverwrite } from "../util/files";
import { writeFileAtomic } from "../../core/fs-atomic";
import { hexdump } from "../../core/hexdump";
import { printJson } from "../util/json";
import { UsageError, type Command } from "./types";
import { parseGdbAddress, startGdbServer, type GdbServer } from "../../debug/gdb/server";
import { runMonitor } from "../../debug/gdb/monitor";
import { liveReverseDebugging, liveTimeline } from "../../replay/live";
import { createMachine } from "../../replay/machine";
import { debuggerOf } from "../../debug/attach";

const spec = defineCommand({
  usage: "kernlab run [options] kernel.elf",
  about: `Boots a Multiboot or Multiboot 2 kernel (ELF32, or a flat image with the a.out kludge / address tag)
headless in v86, as qemu-system-i386 -kernel (or GRUB) would, streams COM1 to stdout, and exits with the
guest's exit code: the byte the kernel writes to I/O port 0xF4 (out 0xF4, al). QEMU's isa-debug-exit device
on the same port reports (code << 1) | 1 instead; kernlab reports the code itself.`,
  options: [
    { name: "timeout", arg: "T", help: "end the run after T: 5000 or 5000ms or 5s (wall time, default 10s),\nor guest instructions with a suffix: 2000000i, 500K, 20M, 1G (K/M/G = 10^3/10^6/10^9;\ninstruction limits are deterministic)" },
    { name: "memory", arg: "MIB", help: "guest RAM in MiB (default 128, as QEMU's)" },
    { name: "loader", arg: "L", help: "whose boot state the kernel gets: qemu (default: exactly qemu-system-i386 -kernel's\nregisters, GDT, multiboot info and memory map) or grub (GRUB 2.06: ESP 0x7FF00, ELF section\nheaders, framebuffer info); a Multiboot 2 kernel always boots as GRUB's multiboot2 does" },
    { name: "debugcon", arg: "TO", help: "where port 0xE9 output (the debug console, QEMU's -debugcon) goes: stdout, stderr\nor a FILE (default: kept for --json only)" },
    { name: "vga", help: "print the 80x25 VGA text screen when the run ends" },
    { name: "read", arg: "ADDR:LEN", multiple: true, help: "hexdump LEN bytes of guest physical memory at ADDR when the run ends (repeatable;\nnumbers like 0x100000, 4096, 4K)" },
    { name: "json", help: "print one JSON object instead (verdict, exitStatus, exitCode, serial, debugcon, loader,\nregisters, vga, reads, checkpoints, instructions, wallMs, crash); COM1 is not streamed" },
    { name: "module", arg: "FILE[,CMD]", multiple: true, help: "load FILE as a multiboot module with command line CMD (repeatable)" },
    { name: "cmdline", arg: "STR", help: "the kernel command line (multiboot info)" },
    { name: "keys", arg: "STR", help: "type STR on the PS/2 keyboard once the kernel can take keys (IRQ 1 unmasked with\ninterrupts on, or the kernel reads port 0x60/0x64); \"\\n\" is Enter" },
    { name: "expect", arg: "TEXT", multiple: true, help: "wait until TEXT appears on COM1 or the VGA text screen, then do the --send or\n--send-serial that follows it (repeatable, in order; TEXT never appearing ends the\nrun: verdict expect-timeout, exit status 124)" },
    { name: "send", arg: "KEYS", multiple: true, help: "type KEYS on the PS/2 keyboard after the preceding --expect (repeatable)" },
    { name: "send-serial", arg: "STR", multiple: true, help: "write STR to COM1 after the preceding --expect (repeatable)" },
    { name: "expect-timeout", arg: "T", help: "how long each --expect waits (default 10s; guest time under --clock virtual)" },
    { name: "serial-input", arg: "STR", help: "queue STR into COM1 before the first instruction (without --console, piped\nstdin also goes to COM1, as with qemu -serial stdio)" },
    { name: "checkpoint", arg: "ID=NAME", multiple: true, help: "name a checkpoint id (the guest writes ID to port 0x5F0); each checkpoint is\nreported on stderr (repeatable)" },
    { name: "jit", help: "v86's x86-to-wasm JIT from the first instruction (default: the interpreter first,\nthe JIT switched on by itself after 1M guest instructions)" },
    { name: "no-jit", help: "v86's interpreter only, never the JIT" },
    { name: "clock", arg: "C", help: "guest time for the PIT and RTC: realtime (default: host wall time, as QEMU) or\nvirtual (from the instruction count, hlt waits skipped: timer interrupts land at\nthe same instructions on every run, like QEMU's -icount; --timeout ms is guest time)" },
    { name: "console", help: "attach the terminal to COM1 interactively (Ctrl-A X quits, Ctrl-A C opens the\nmonitor prompt)" },
    { name: "gdb", arg: "[HOST:]PORT", help: "serve GDB's remote protocol on HOST:PORT (HOST default 127.0.0.1; 0 = any free\nport, printed on stderr), like qemu -gdb tcp:HOST:PORT; no default timeout" },
    { name: "wait-gdb", help: "stop before the first instruction until GDB continues, like qemu -S (alone it\nimplies --gdb 127.0.0.1:1234, like qemu -s -S)" },
    { name: "trace", arg: "EVENTS", help: "trace events, one line each, like qemu -d in_asm,int,cpu: exec (each instruction,\nsymbolized), int (each exception and interrupt), cpu (registers before each\ninstruction), pf (page faults only); comma-separated, to stderr or --trace-file" },
    { name: "trace-file", arg: "F", help: "write the --trace lines to F instead of stderr" },
    { name: "record", arg: "FILE", help: "record the run into FILE (.klrec: kernel, inputs with their instruction counts,\nsnapshots) for `kernlab replay`; implies --clock virtual and the interpreter; with --gdb,\nGDB may run backwards over what is recorded so far (reverse-stepi, reverse-continue)" },
  ],
  epilogue: `exit status:
  N     the guest exited with code N (out 0xF4, al)
  124   timeout (the last EIP and serial line are printed on stderr), or an --expect text
        that never appeared (verdict expect-timeout)
  125   triple fault
  126   cannot load: no multiboot header, an object file (ET_REL), kernel too large for RAM, or
        the file cannot be read
  127   halted (cli; hlt: nothing can wake the CPU)
  130   stopped by the host
  70    emulator error: v86 itself failed (evidence on stderr; not the guest's verdict)
  74    standard output could not be written (full disk); 141: its reader went away
  2     usage error`,
});

/** A --timeout value as BootOptions.timeout (the grammar every command shares: scripts/util/args.ts). */
export function parseTimeout(text: string): { ms?: number; instructions?: number } {
  return timeoutOption("--timeout", text, {});
}

function parseRead(text: string): { address: number; length: number } {
  const i = text.lastIndexOf(":");
  const address = i > 0 ? parseInteger(text.slice(0, i)) : null;
  const length = i > 0 ? parseInteger(text.slice(i + 1)) : null;
  if (address === null || length === null || length <= 0) throw new UsageError(`option '--read' expects ADDR:LEN (like 0x100000:64), got '${text}'`);
  return { address, length };
}

function parseCheckpointName(text: string): [number, string] {
  const i = text.indexOf("=");
  const id = i > 0 ? parseInteger(text.slice(0, i)) : null;
  if (id === null || i === text.length - 1) throw new UsageError(`option '--checkpoint' expects ID=NAME (like 1=after-paging), got '${text}'`);
  return [id, text.slice(i + 1)];
}

/** Escapes a user may type in --keys / --serial-input: \\n, \\r, \\t, \\\\. */
function unescape(s: string): string {
  return s.replace(/\\([nrt\\])/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : "\\"));
}

/**
 * The expect script from the command line, in the order given: each --expect starts a step, each --send or
 * --send-serial ends one (a send with no --expect before it goes at once).
 */
function inputScript(argv: string[], timeoutMs: number | undefined): InputStep[] {
  const steps: InputStep[] = [];
  let open: InputStep | null = null;
  const NAMES = ["--expect", "--send", "--send-serial"];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!NAMES.includes(name)) {
      // Skip the value of options that take one, so a value that looks like --send is not read as one.
      if (arg.startsWith("--") && eq < 0 && VALUE_OPTIONS.has(arg.slice(2))) i++;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i] ?? "";
    if (name === "--expect") {
      if (open) steps.push(open);
      open = { expect: unescape(value), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
      continue;
    }
    const step: InputStep = open ?? {};
    if (name === "--send") step.keys = unescape(value);
    else step.serial = unescape(value);
    steps.push(step);
    open = null;
  }
  if (open) steps.push(open);
  return steps;
}

const VALUE_OPTIONS: ReadonlySet<string> = new Set(spec.options.filter((o) => "arg" in o && o.arg).map((o) => o.name));

function cannotLoad(messageLine: string, json: boolean, verdict: Verdict | null): number {
  if (json) printJson({ verdict, exitStatus: 126, exitCode: null, error: messageLine });
  else process.stderr.write(`kernlab run: ${messageLine}\n`);
  return 126;
}

export const command: Command = {
  summary: "boot a kernel in v86; COM1 to stdout; exit with the guest's code",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) { process.stdout.write(spec.help); return 0; }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "no kernel given" : `expected one kernel, got ${positionals.length}`, true);
    const json = !!values.json;
    if (values.jit && values["no-jit"]) throw new UsageError("options '--jit' and '--no-jit' contradict each other");
    const memoryMiB = values.memory === undefined ? DEFAULT_MEMORY_MIB : parseInteger(values.memory);
    if (memoryMiB === null || !Number.isInteger(memoryMiB) || memoryMiB < 2 || memoryMiB > 2048) {
      throw new UsageError(`option '--memory' expects MiB from 2 to 2048, got '${values.memory}'`);
    }
    const gdbAt = values.gdb !== undefined || values["wait-gdb"] ? parseGdbAddress(values.gdb ?? "1234") : null;
    if (values.gdb !== undefined && !gdbAt) throw new UsageError(`option '--gdb' expects [HOST:]PORT (like 1234 or 127.0.0.1:1234), got '${values.gdb}'`);
    // An interactive console or a debugger runs until the user quits unless a timeout is given.
    const timeout = values.timeout !== undefined ? parseTimeout(values.timeout)
      : values.console || gdbAt ? { ms: Number.POSITIVE_INFINITY } : { ms: 10_000 };
    const loader = values.loader ?? "qemu";
    if (loader !== "qemu" && loader !== "grub") throw new UsageError(`--loader: expected qemu or grub, got '${loader}'`);
    const debugconTo = values.debugcon;
    if (debugconTo === "") throw new UsageError("--debugcon: expected stdout, stderr or a file name");
    const clock = values.clock ?? "realtime";
    if (clock !== "realtime" && clock !== "virtual") throw new UsageError(`--clock: expected realtime or virtual, got '${clock}'`);
    const reads = (values.read ?? []).map(parseRead);
    let traceEvents: TraceEvent[] | null = null;
    if (values.trace !== undefined) {
      const parsed = parseTraceEvents(values.trace);
      if ("unknown" in parsed) throw new UsageError(`option '--trace' expects events from exec,int,cpu,pf, got '${parsed.unknown}'`);
      traceEvents = parsed.events;
    }
    if (values["trace-file"] !== undefined && traceEvents === null) throw new UsageError("option '--trace-file' needs --trace");
    // Known before the boot: a range outside guest RAM is a usage mistake, not a line mixed into COM1's output.
    for (const r of reads) {
      if (r.address + r.length > memoryMiB * 1024 * 1024) {
        throw new UsageError(`--read ${hex(r.address)}:${r.length} is outside guest RAM (${hex(memoryMiB * 1024 * 1024)} bytes; --memory ${memoryMiB})`);
      }
    }
    const expectTimeout = values["expect-timeout"] === undefined ? undefined : timeoutOption("--expect-timeout", values["expect-timeout"], {});
    if (expectTimeout && expectTimeout.ms === undefined) throw new UsageError(`option '--expect-timeout' expects a time (5000, 500ms, 5s), got '${values["expect-timeout"]}'`);
    const script = inputScript(argv, expectTimeout?.ms);
    const names: Record<number, string> = Object.fromEntries((values.checkpoint ?? []).map(parseCheckpointName));
    const recordTo = values.record;
    if (recordTo !== undefined) {
      if (recordTo === "") throw new UsageError("option '--record' expects a file name");
      if (values.jit) throw new UsageError("options '--record' and '--jit' contradict each other (a recording runs in the interpreter)");
      if (values.clock === "realtime") throw new UsageError("options '--record' and '--clock realtime' contradict each other (a recording runs on the virtual clock)");
      refuseOverwrite([positionals[0]!, ...(values.module ?? []).map((m) => (m.indexOf(",") < 0 ? m : m.slice(0, m.indexOf(","))))], [recordTo]);
    }

    // The files: an unreadable kernel or module cannot be loaded (126), like a kernel without a header.
    const path = positionals[0]!;
    let kernel: Uint8Array;
    const modules: { data: Uint8Array; cmdline?: string }[] = [];
    try {
      kernel = readInput(path, "kernel", memoryMiB * 1024 * 1024); // bounded by guest RAM: a larger file cannot be loaded
      for (const spec of values.module ?? []) {
        const comma = spec.indexOf(",");
        const file = comma < 0 ? spec : spec.slice(0, comma);
        modules.push({ data: readInput(file, "module", memoryMiB * 1024 * 1024), cmdline: comma < 0 ? file : spec.slice(comma + 1) });
      }
    } catch (e) {
      if (!isKernlabError(e)) throw e;
      if (json) return cannotLoad(e.message, true, null);
      process.stderr.write(formatDiagnostics(e.diagnostics));
      return 126;
    }
    const early = checkMultiboot(kernel, memoryMiB * 1024 * 1024, loader);
    if (early) return cannotLoad(describeVerdict(early), json, early);
    for (const w of multibootWarnings(kernel, memoryMiB * 1024 * 1024)) process.stderr.write(`kernlab run: warning: ${w}\n`);

    let traceFd: number | null = null;
    if (traceEvents && values["trace-file"] !== undefined) {
      try {
        traceFd = openSync(values["trace-file"], "w");
      } catch (e) {
        process.stderr.write(`kernlab run: cannot write the trace file ${values["trace-file"]}: ${(e as Error).message}\n`);
        return 1;
      }
    }
    const machine = await createMachine({ memoryMiB, jit: values.jit ? true : values["no-jit"] ? false : "auto" });
    const syms = symbolTable(kernel);
    const opts: BootOptions = {
      timeout, modules, checkpointNames: names, clock: recordTo !== undefined ? "virtual" : clock, loader, kernelName: path,
      ...(recordTo !== undefined ? { record: true } : {}),
      ...(values.cmdline !== undefined ? { cmdline: values.cmdline } : {}),
      ...(values["serial-input"] !== undefined ? { serialInput: unescape(values["serial-input"]) } : {}),
      ...(values.keys !== undefined ? { keys: unescape(values.keys) } : {}),
      ...(script.length > 0 ? { script } : {}),
      serialTailBytes: json ? 1 << 20 : 64 * 1024,
      // With --gdb the guest waits for the stub to listen; without --wait-gdb it then runs on at once.
      ...(gdbAt || values.console ? { debug: { startPaused: !!gdbAt } } : {}),
    };
    if (traceEvents) {
      const fd = traceFd;
      opts.trace = { events: traceEvents, symbols: syms, sink: fd === null ? (line) => { process.stderr.write(line + "\n"); } : (line) => { writeSync(fd, line + "\n"); } };
    }
    if (!json && !values.console) {
      opts.onCheckpoint = (cp: Checkpoint) => {
        process.stderr.write(`kernlab run: checkpoint ${cp.id}${cp.name ? ` (${cp.name})` : ""} at eip ${hex(cp.registers.eip)} ${syms.format(cp.registers.eip)}\n`);
      };
    }
    // Interactive mode lives in scripts/console.ts (it reports its own verdict line). Load it before the
    // boot starts, so the console is listening before the guest's first byte.
    const attachConsole = values.console ? (await import("../console")).attachConsole : null;
    // The debug console's destination is opened before the boot: a file that cannot be written stops the run.
    let debugconFd: number | null = null;
    if (debugconTo !== undefined && debugconTo !== "stdout" && debugconTo !== "stderr") {
      try {
        debugconFd = openSync(debugconTo, "w");
      } catch (e) {
        process.stderr.write(`kernlab run: --debugcon: cannot open '${debugconTo}' for writing: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        machine.destroy();
        return 1;
      }
    }
    const run = machine.boot(kernel, opts);
    if (debugconTo === "stdout" && !json) run.on("debugcon", (bytes) => { process.stdout.write(bytes); });
    else if (debugconTo === "stderr") run.on("debugcon", (bytes) => { process.stderr.write(bytes); });
    else if (debugconFd !== null) { const fd = debugconFd; run.on("debugcon", (bytes) => { writeSync(fd, bytes); }); }
    const stopStdin = values.console ? null : pipeStdinToSerial(machine);
    let gdb: GdbServer | null = null;
    // The console attaches at once (it must hear the guest's first byte); the stub waits for the kernel to load.
    const runDebug = gdbAt ? await debuggerOf(run) : values.console ? run.debug ?? null : null;
    // --record with --gdb/--console: GDB (or the prompt's who-wrote) may step back over what is recorded so
    // far, through a replay of it on a second machine (replay/live.ts); the live run is never moved back.
    const live = recordTo !== undefined && runDebug && run.recording ? liveTimeline(run, machine, () => createMachine({ memoryMiB, jit: false }), syms) : null;
    const reverse = live ? liveReverseDebugging(live) : undefined;
    const dbg = gdbAt && runDebug ? live?.debug ?? runDebug : null;
    if (gdbAt && dbg) {
      try {
        gdb = await startGdbServer({
          dbg, host: gdbAt.host, port: gdbAt.port, ...(reverse ? { reverse } : {}),
          monitor: (line) => runMonitor({ dbg, memory: live?.memory() ?? machine.memory, kernel, where: "gdb", writeFile: (p, t) => writeFileSync(p, t), ...(reverse ? { reverse } : {}) }, line),
          kill: () => run.stop(),
          log: (line) => process.stderr.write(`kernlab run: ${line}\n`),
        });
      } catch (e) {
        machine.destroy();
        process.stderr.write(`kernlab run: --gdb: cannot listen on ${gdbAt.host}:${gdbAt.port}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      }
      const { host, port } = gdb.address;
      process.stderr.write(`kernlab run: gdb stub on ${host}:${port}${values["wait-gdb"] ? ", waiting for GDB" : ""} (gdb: target remote ${host}:${port})\n`);
      if (!values["wait-gdb"]) void dbg.cont().catch(() => undefined);
    }

    try {
      const saveRecording = async (instructions: number) => {
        if (recordTo === undefined || !run.recording) return;
        const bytes = await run.recording.bytes();
        writeFileAtomic(recordTo, bytes);
        process.stderr.write(`kernlab run: recorded ${instructions} instructions to ${recordTo} (${bytes.length} bytes)\n`);
      };
      if (attachConsole) {
        const status = await attachConsole(machine, run, { kernel, ...(reverse ? { reverse } : {}) });
        await saveRecording((await run.result).instructions);
        return status;
      }
      if (!json) run.on("serial", (bytes) => { process.stdout.write(bytes); });
      const result = await run.result;
      const status = exitStatusOf(result.verdict);
      await saveRecording(result.instructions);
      if (json) {
        printJson(report(result, status, machine.vgaText(), reads.map((r) => ({ ...r, bytes: readGuest(machine.memory, r) }))));
        return status;
      }
      if (result.verdict.kind !== "exited") process.stderr.write(`kernlab run: ${describeVerdict(result.verdict)}\n`);
      if (result.crash) process.stderr.write(formatCrashReport(result.crash, result.verdict, syms));
      if (values.vga) process.stdout.write(frameScreen(machine.vgaText()));
      for (const r of reads) {
        const bytes = readGuest(machine.memory, r);
        process.stdout.write(bytes ? hexdump(bytes, r.address, { label: (a) => { const s = syms.lookup(a); return s && s.offset === 0 ? s.name : null; } })
          : `kernlab run: --read ${hex(r.address)}:${r.length} is outside guest RAM (${hex(machine.memoryBytes)} bytes)\n`);
      }
      return status;
    } finally {
      stopStdin?.();
      if (debugconFd !== null) closeSync(debugconFd);
      await gdb?.close();
      await live?.close();
      machine.destroy();
      if (traceFd !== null) closeSync(traceFd);
    }
  },
};

/**
 * Without --console, stdin that is not a terminal (a pipe, a file) goes to COM1 as it arrives, as
 * `qemu -serial stdio` does. Returns the function that stops reading (the run is over). Stdin that is
 * /dev/null (CI runners, `</dev/null`, spawned with stdin ignored) or closed has nothing to give: no stream
 * is made for it (making process.stdin costs ~2 ms of a one-shot run: Node loads its stream modules).
 */
function pipeStdinToSerial(machine: { serialWrite(data: Uint8Array): void }): (() => void) | null {
  if (stdinIsEmpty()) return null;
  const stdin = process.stdin;
  if (stdin.isTTY) return null;
  const onData = (chunk: Buffer) => machine.serialWrite(new Uint8Array(chunk));
  try {
    stdin.on("data", onData);
    stdin.on("error", () => undefined);
  } catch {
    return null; // no usable stdin (closed descriptor)
  }
  return () => {
    stdin.off("data", onData);
    stdin.pause();
  };
}

/** Whether descriptor 0 is closed or is the null device (the same device number as /dev/null). */
function stdinIsEmpty(): boolean {
  let st;
  try {
    st = fstatSync(0);
  } catch {
    return true; // closed
  }
  if (process.platform === "win32" || !st.isCharacterDevice()) return false;
  try {
    return st.rdev === statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

function readGuest(memory: { size: number; bytes(a: number, l: number): Uint8Array }, r: { address: number; length: number }): Uint8Array | null {
  return r.address + r.length <= memory.size ? memory.bytes(r.address, r.length) : null;
}

function frameScreen(lines: string[]): string {
  let last = lines.length;
  while (last > 0 && lines[last - 1] === "") last--;
  const bar = "+" + "-".repeat(80) + "+\n";
  return bar + lines.slice(0, Math.max(last, 1)).map((l) => "|" + l.padEnd(80) + "|\n").join("") + bar;
}

function report(result: RunResult, status: number, vga: string[], reads: { address: number; length: number; bytes: Uint8Array | null }[]) {
  return {
    verdict: result.verdict,
    description: describeVerdict(result.verdict),
    exitStatus: status,
    exitCode: result.verdict.kind === "exited" ? result.verdict.code : null,
    serial: result.serial,
    serialTotalBytes: result.serialTotalBytes,
    debugcon: result.debugcon,
    debugconTotalBytes: result.debugconTotalBytes,
    loader: result.loader,
    registers: result.registers,
    vga,
    reads,
    checkpoints: result.checkpoints,
    instructions: result.instructions,
    wallMs: Math.round(result.wallMs * 1000) / 1000,
    ...(result.crash ? { crash: result.crash } : {}),
  };
}
