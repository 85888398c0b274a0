/**
 * `kernlab run kernel.elf`: boot a multiboot kernel headless in v86, stream COM1 to stdout and exit with the
 * guest's exit code (the byte written to port 0xF4) or a documented status for any other verdict. The
 * command only parses options and prints; booting and verdicts are emulator/'s job. `--console` hands the
 * terminal to scripts/console.ts (attachConsole).
 */
import { formatDiagnostics, isKernlabError } from "../../core/diagnostics";
import { hex } from "../../core/hex";
import {
  checkMultiboot, createMachine, multibootWarnings, describeVerdict, symbolTable,
  type BootOptions, type Checkpoint, type RunResult, type Verdict,
} from "../../emulator/index";
import { exitStatusOf } from "../../emulator/verdict";
import { parseInteger, timeoutOption } from "../util/args";
import { defineCommand, parseOptions } from "../util/options";
import { readInput } from "../util/files";
import { hexdump } from "../util/hexdump";
import { printJson } from "../util/json";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab run [options] kernel.elf",
  about: `Boots a multiboot v1 kernel (ELF32, or the a.out-kludge header) headless in v86, streams COM1 to stdout,
and exits with the guest's exit code: the byte the kernel writes to I/O port 0xF4 (out 0xF4, al). QEMU's
isa-debug-exit device on the same port reports (code << 1) | 1 instead; kernlab reports the code itself.`,
  options: [
    { name: "timeout", arg: "T", help: "end the run after T: 5000 or 5000ms or 5s (wall time, default 10s),\nor guest instructions with a suffix: 2000000i, 500K, 20M, 1G (K/M/G = 10^3/10^6/10^9;\ninstruction limits are deterministic)" },
    { name: "memory", arg: "MIB", help: "guest RAM in MiB (default 32)" },
    { name: "vga", help: "print the 80x25 VGA text screen when the run ends" },
    { name: "read", arg: "ADDR:LEN", multiple: true, help: "hexdump LEN bytes of guest physical memory at ADDR when the run ends (repeatable;\nnumbers like 0x100000, 4096, 4K)" },
    { name: "json", help: "print one JSON object instead (verdict, exitStatus, exitCode, serial, registers,\nvga, reads, checkpoints, instructions, wallMs); COM1 is not streamed" },
    { name: "module", arg: "FILE[,CMD]", multiple: true, help: "load FILE as a multiboot module with command line CMD (repeatable)" },
    { name: "cmdline", arg: "STR", help: "the kernel command line (multiboot info)" },
    { name: "keys", arg: "STR", help: "type STR on the PS/2 keyboard after boot (\"\\n\" is Enter)" },
    { name: "serial-input", arg: "STR", help: "queue STR into COM1 before the first instruction" },
    { name: "checkpoint", arg: "ID=NAME", multiple: true, help: "name a checkpoint id (the guest writes ID to port 0x5F0); each checkpoint is\nreported on stderr (repeatable)" },
    { name: "jit", help: "enable v86's JIT (faster long runs, slower start)" },
    { name: "clock", arg: "C", help: "guest time for the PIT and RTC: realtime (default: host wall time, as QEMU) or\nvirtual (from the instruction count, hlt waits skipped: timer interrupts land at\nthe same instructions on every run, like QEMU's -icount; --timeout ms is guest time)" },
    { name: "console", help: "attach the terminal to COM1 interactively (Ctrl-A X quits)" },
  ],
  epilogue: `exit status:
  N     the guest exited with code N (out 0xF4, al)
  124   timeout (the last EIP and serial line are printed on stderr)
  125   triple fault
  126   cannot load: no multiboot header, kernel too large for RAM, or the file cannot be read
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
    const memoryMiB = values.memory === undefined ? 32 : parseInteger(values.memory);
    if (memoryMiB === null || !Number.isInteger(memoryMiB) || memoryMiB < 2 || memoryMiB > 2048) {
      throw new UsageError(`option '--memory' expects MiB from 2 to 2048, got '${values.memory}'`);
    }
    // An interactive console runs until the user quits (Ctrl-A X) unless a timeout is given.
    const timeout = values.timeout !== undefined ? parseTimeout(values.timeout)
      : values.console ? { ms: Number.POSITIVE_INFINITY } : { ms: 10_000 };
    const clock = values.clock ?? "realtime";
    if (clock !== "realtime" && clock !== "virtual") throw new UsageError(`--clock: expected realtime or virtual, got '${clock}'`);
    const reads = (values.read ?? []).map(parseRead);
    // Known before the boot: a range outside guest RAM is a usage mistake, not a line mixed into COM1's output.
    for (const r of reads) {
      if (r.address + r.length > memoryMiB * 1024 * 1024) {
        throw new UsageError(`--read ${hex(r.address)}:${r.length} is outside guest RAM (${hex(memoryMiB * 1024 * 1024)} bytes; --memory ${memoryMiB})`);
      }
    }
    const names: Record<number, string> = Object.fromEntries((values.checkpoint ?? []).map(parseCheckpointName));

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
    const early = checkMultiboot(kernel, memoryMiB * 1024 * 1024);
    if (early) return cannotLoad(describeVerdict(early), json, early);
    for (const w of multibootWarnings(kernel, memoryMiB * 1024 * 1024)) process.stderr.write(`kernlab run: warning: ${w}\n`);

    const machine = await createMachine({ memoryMiB, jit: !!values.jit });
    const syms = symbolTable(kernel);
    const opts: BootOptions = {
      timeout, modules, checkpointNames: names, clock,
      ...(values.cmdline !== undefined ? { cmdline: values.cmdline } : {}),
      ...(values["serial-input"] !== undefined ? { serialInput: unescape(values["serial-input"]) } : {}),
      serialTailBytes: json ? 1 << 20 : 64 * 1024,
    };
    if (!json && !values.console) {
      opts.onCheckpoint = (cp: Checkpoint) => {
        process.stderr.write(`kernlab run: checkpoint ${cp.id}${cp.name ? ` (${cp.name})` : ""} at eip ${hex(cp.registers.eip)} ${syms.format(cp.registers.eip)}\n`);
      };
    }
    // Interactive mode lives in scripts/console.ts (it reports its own verdict line). Load it before the
    // boot starts, so the console is listening before the guest's first byte.
    const attachConsole = values.console ? (await import("../console")).attachConsole : null;
    const run = machine.boot(kernel, opts);
    if (values.keys !== undefined) machine.sendKeys(unescape(values.keys));

    try {
      if (attachConsole) return await attachConsole(machine, run, { kernel });
      if (!json) run.on("serial", (bytes) => { process.stdout.write(bytes); });
      const result = await run.result;
      const status = exitStatusOf(result.verdict);
      if (json) {
        printJson(report(result, status, machine.vgaText(), reads.map((r) => ({ ...r, bytes: readGuest(machine.memory, r) }))));
        return status;
      }
      if (result.verdict.kind !== "exited") process.stderr.write(`kernlab run: ${describeVerdict(result.verdict)}\n`);
      if (values.vga) process.stdout.write(frameScreen(machine.vgaText()));
      for (const r of reads) {
        const bytes = readGuest(machine.memory, r);
        process.stdout.write(bytes ? hexdump(bytes, r.address, { label: (a) => { const s = syms.lookup(a); return s && s.offset === 0 ? s.name : null; } })
          : `kernlab run: --read ${hex(r.address)}:${r.length} is outside guest RAM (${hex(machine.memoryBytes)} bytes)\n`);
      }
      return status;
    } finally {
      machine.destroy();
    }
  },
};

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
    registers: result.registers,
    vga,
    reads,
    checkpoints: result.checkpoints,
    instructions: result.instructions,
    wallMs: Math.round(result.wallMs * 1000) / 1000,
  };
}
