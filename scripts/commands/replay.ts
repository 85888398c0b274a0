/**
 * `kernlab replay trace.klrec`: replay a recorded run (`kernlab run --record`) exactly: the same COM1 output
 * to stdout, the same exit status, and a check that the replay reached the recorded end with the recorded
 * verdict. Or stop somewhere (--until COUNT, --checkpoint NAME|ID, --event N) and print where. The replay
 * itself is replay/'s; this file parses options and prints.
 */
import { hex } from "../../core/hex";
import { createMachine, describeVerdict, symbolTable, type Machine, type Verdict } from "../../emulator/index";
import { exitStatusOf } from "../../emulator/verdict";
import { openReplay, type Replay } from "../../replay/replayer";
import { reverseDebugging } from "../../replay/reverse";
import { parseGdbAddress, startGdbServer, type GdbServer } from "../../debug/gdb/server";
import { runMonitor } from "../../debug/gdb/monitor";
import { writeFileSync } from "node:fs";
import { readKlrec } from "../../replay/format";
import { parseInteger } from "../util/args";
import { readBounded } from "../util/files";
import { defineCommand, parseOptions } from "../util/options";
import { printJson } from "../util/json";
import { UsageError, type Command } from "./types";

/** A recording holds the kernel, modules and snapshots: bounded like guest RAM at its largest. */
const MAX_RECORDING_BYTES = 4 * 1024 * 1024 * 1024 - 1;

const spec = defineCommand({
  usage: "kernlab replay [options] trace.klrec",
  about: `Replays a run recorded with 'kernlab run --record' (or BootOptions.record): the recorded kernel boots
again with every input injected at the instruction count where it arrived, so COM1, the screen, every
checkpoint and exception and the end come out exactly as recorded. Without a stop option it plays to the end
and exits with the recorded run's status; a replay that ends differently is an error (exit 1).`,
  options: [
    { name: "until", arg: "COUNT", help: "stop when exactly COUNT instructions have executed (10000, 2M, 0x1000)" },
    { name: "checkpoint", arg: "NAME|ID", help: "stop at the first checkpoint with this name or id" },
    { name: "event", arg: "N", help: "stop at recorded event N (0-based; --events lists them)" },
    { name: "events", help: "list the recorded events (inputs, checkpoints, exceptions, snapshots, exit) and quit" },
    { name: "vga", help: "print the 80x25 VGA text screen where the replay stops" },
    { name: "json", help: "print one JSON object (stoppedAt, verdict, registers, serial, vga) instead; COM1 is not streamed" },
    { name: "gdb", arg: "[HOST:]PORT", help: "serve the recording to GDB on HOST:PORT (HOST default 127.0.0.1; 0 = any free port,\nprinted on stderr): GDB can run it forwards and backwards (reverse-stepi,\nreverse-continue, watch + reverse-continue, monitor who-wrote); ends when GDB goes" },
    { name: "wait-gdb", help: "with --gdb, stand at instruction 0 (or at --until/--checkpoint/--event) until GDB\ncontinues (alone it implies --gdb 127.0.0.1:1234); without it the replay plays to the\nend of the recording and holds there" },
  ],
  epilogue: `exit status:
  the recorded run's status (the guest's exit code, or 124/125/127/130 as kernlab run) when played to the end;
  0 after stopping at --until/--checkpoint/--event or after a --gdb session; 1 for a damaged file or a replay
  that diverged; 2 usage error`,
});

function parseCount(text: string, what: string): number {
  const v = parseInteger(text.replace(/^(\d+)([KMG])$/i, (_, n: string, u: string) => String(Number(n) * { k: 1e3, m: 1e6, g: 1e9 }[u.toLowerCase() as "k" | "m" | "g"])));
  if (v === null || !Number.isSafeInteger(v) || v < 0) throw new UsageError(`option '${what}' expects an instruction count, got '${text}'`);
  return v;
}

export const command: Command = {
  summary: "replay a recorded run exactly (kernlab run --record), or stop in it",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) { process.stdout.write(spec.help); return 0; }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "no recording given" : `expected one recording, got ${positionals.length}`, true);
    const stops = [values.until, values.checkpoint, values.event].filter((v) => v !== undefined).length;
    const gdbAt = values.gdb !== undefined || values["wait-gdb"] ? parseGdbAddress(values.gdb ?? "1234") : null;
    if (values.gdb !== undefined && !gdbAt) throw new UsageError(`option '--gdb' expects [HOST:]PORT (like 1234 or 127.0.0.1:1234), got '${values.gdb}'`);
    if (gdbAt && (values.json || values.events)) throw new UsageError(`options '--gdb' and '--${values.json ? "json" : "events"}' cannot be combined`);
    if (stops > 1) throw new UsageError("give at most one of --until, --checkpoint, --event");
    const path = positionals[0]!;
    const bytes = readBounded(path, "recording", MAX_RECORDING_BYTES);
    const file = readKlrec(bytes, path); // a damaged file is a located KernlabError (exit 1)
    const events = file.events;
    if (values.events) {
      for (const [i, e] of events.entries()) process.stdout.write(`${String(i).padStart(5)}  ${String(e.at).padStart(12)}  ${e.kind.padEnd(10)} ${e.detail}\n`);
      return 0;
    }
    let target: number | null = null;
    if (values.until !== undefined) {
      target = parseCount(values.until, "--until");
      if (target > file.header.end) throw new UsageError(`--until ${target} is past the end of the recording (${file.header.end} instructions)`);
    } else if (values.event !== undefined) {
      const n = parseCount(values.event, "--event");
      const e = events[n];
      if (!e) throw new UsageError(`--event ${n}: the recording has ${events.length} events (0..${events.length - 1})`);
      target = e.at;
    } else if (values.checkpoint !== undefined) {
      const want = values.checkpoint;
      const e = events.find((x) => x.kind === "checkpoint" && (x.detail === want || x.detail.split(" ")[0] === want || x.detail.split(" ").slice(1).join(" ") === want || parseInteger(want) === parseInteger(x.detail.split(" ")[0]!)));
      if (!e) throw new UsageError(`--checkpoint ${want}: no such checkpoint in the recording`);
      target = e.at;
    }

    const machine = await createMachine({ memoryMiB: file.header.memoryMiB, jit: false });
    try {
      const replay = await openReplay(machine, bytes, { file: path });
      if (!values.json && !gdbAt) replay.run.on("serial", (b) => { process.stdout.write(b); });
      const syms = symbolTable(file.kernel);
      if (gdbAt) return await serveGdb(replay, machine, file.kernel, gdbAt, target, !!values["wait-gdb"]);
      if (target !== null) {
        await replay.seek(target);
        const regs = replay.debug.registers();
        if (values.json) {
          printJson({ stoppedAt: replay.position(), end: file.header.end, registers: regs, serial: replay.serial(), vga: machine.vgaText() });
        } else {
          process.stderr.write(`kernlab replay: stopped at instruction ${replay.position()} of ${file.header.end}, eip ${hex(regs.eip)} ${syms.format(regs.eip)}\n`);
          if (values.vga) process.stdout.write(machine.vgaText().join("\n").replace(/\n*$/, "\n"));
        }
        await replay.close();
        return 0;
      }
      const verdict = await replay.playToEnd();
      const recorded: Verdict | null = file.header.verdict;
      const same = recorded === null || JSON.stringify(comparable(verdict)) === JSON.stringify(comparable(recorded));
      if (values.json) {
        printJson({ stoppedAt: replay.position(), end: file.header.end, verdict, recordedVerdict: recorded, identical: same, registers: replay.debug.registers(), serial: replay.serial(), vga: machine.vgaText() });
      } else {
        if (verdict.kind !== "exited") process.stderr.write(`kernlab replay: ${describeVerdict(verdict)}\n`);
        if (values.vga) process.stdout.write(machine.vgaText().join("\n").replace(/\n*$/, "\n"));
        if (!same) process.stderr.write(`kernlab replay: error: the replay diverged: it ended with ${describeVerdict(verdict)} at instruction ${replay.position()}, the recording with ${describeVerdict(recorded!)} at ${file.header.end}\n`);
      }
      await replay.close();
      return same ? exitStatusOf(verdict) : 1;
    } finally {
      machine.destroy();
    }
  },
};

/**
 * --gdb: GDB drives the replay forwards and backwards (replay/reverse.ts through the stub's bs/bc); the
 * command ends when GDB detaches, kills or drops the connection. COM1 goes to stdout once: output the replay
 * produces again after stepping back is not printed twice.
 */
async function serveGdb(replay: Replay, machine: Machine, kernel: Uint8Array, at: { host: string; port: number }, target: number | null, wait: boolean): Promise<number> {
  const furthest = { at: -1 };
  replay.run.on("serial", (b) => {
    const now = replay.position();
    if (now <= furthest.at) return;
    furthest.at = now;
    process.stdout.write(b);
  });
  if (target !== null) await replay.seek(target);
  const dbg = replay.debug;
  const reverse = reverseDebugging(replay, { bounded: true });
  let ended!: () => void;
  const gone = new Promise<void>((resolve) => { ended = resolve; });
  let server: GdbServer;
  try {
    server = await startGdbServer({
      dbg, host: at.host, port: at.port, reverse,
      monitor: (line) => runMonitor({ dbg, memory: machine.memory, kernel, where: "gdb", reverse, writeFile: (p, t) => writeFileSync(p, t) }, line),
      kill: () => ended(),
      log: (line) => process.stderr.write(`kernlab replay: ${line}\n`),
      onDisconnect: () => ended(),
    });
  } catch (e) {
    process.stderr.write(`kernlab replay: --gdb: cannot listen on ${at.host}:${at.port}: ${e instanceof Error ? e.message : String(e)}\n`);
    await replay.close();
    return 1;
  }
  const { host, port } = server.address;
  process.stderr.write(`kernlab replay: gdb stub on ${host}:${port}${wait ? ", waiting for GDB" : ""} (gdb: target remote ${host}:${port}); ${replay.end()} instructions recorded\n`);
  if (!wait) void dbg.cont().catch(() => undefined); // plays to the recorded end and holds there
  await gone;
  await server.close();
  await replay.close();
  return 0;
}

/** A verdict without the parts a replay cannot reproduce from guest state alone (none yet: kept for clarity). */
function comparable(v: Verdict): Verdict { return v; }
