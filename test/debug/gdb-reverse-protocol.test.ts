// The stub's reverse execution at the packet level: `bs`/`bc`, the qSupported features, the `replaylog`
// stop replies at both edges of a recording's history, and `monitor who-wrote`, over a real engine standing
// on a Timeline (the reboot-and-step one of test/replay/) and checked against a forward run's registers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { assembleOrThrow, createMachine, link, runMonitor, startGdbServer, symbolTable, type GdbServer, type Machine, type SymbolTable } from "../../index";
import { cpuKernel, KERNEL_LD } from "../../bench/kernels";
import { reverseDebugging } from "../../replay/reverse";
import { openReplay } from "../../replay/replayer";
import type { Timeline } from "../../replay/timeline";
import { RebootTimeline } from "../replay/reboot-timeline";
import { buildReverseKernel } from "../replay/reverse-kernel";
import { RspClient } from "./rsp-client";
import { FakeDebugger } from "./fake-debugger";

const le = (v: number) => Buffer.from(Uint32Array.of(v >>> 0).buffer).toString("hex");
const monitorText = (hex: string) => Buffer.from(hex, "hex").toString();
const rcmd = (line: string) => `qRcmd,${Buffer.from(line).toString("hex")}`;

describe("gdb stub: reverse execution packets", () => {
  let machine: Machine;
  let kernel: Uint8Array;
  let syms: SymbolTable;
  let server: GdbServer | null = null;
  let c: RspClient | null = null;
  let t: (Timeline & { close(): Promise<unknown> }) | null = null;
  beforeAll(async () => {
    kernel = buildReverseKernel();
    syms = symbolTable(kernel);
    machine = await createMachine({ memoryMiB: 4 });
  });
  afterEach(async () => { c?.close(); c = null; await server?.close(); server = null; await t?.close(); t = null; });
  afterAll(() => machine?.destroy());

  /** Serves the kernel's history: the reboot-and-step Timeline, or a replay of its recording (replay/replayer.ts). */
  async function serve(bounded: boolean, kind: "reboot" | "replay" = "reboot"): Promise<RspClient> {
    if (kind === "reboot") t = await RebootTimeline.create(machine, kernel, { snapshotEvery: 9 });
    else {
      const rec = machine.boot(kernel, { record: true, timeout: { instructions: 10_000 } });
      await rec.result;
      t = await openReplay(machine, await rec.recording!.bytes());
    }
    const reverse = reverseDebugging(t, { bounded });
    const dbg = t.debug;
    server = await startGdbServer({
      dbg, port: 0, kill: () => undefined, reverse,
      monitor: (line) => runMonitor({ dbg, memory: machine.memory, kernel, where: "gdb", reverse }, line),
    });
    c = await RspClient.open(server.address.port);
    return c;
  }
  const a = (name: string) => syms.address(name)!;

  it("offers ReverseStep+ and ReverseContinue+ only when serving a recording; bs/bc are unsupported otherwise", async () => {
    server = await startGdbServer({ dbg: new FakeDebugger(), port: 0, kill: () => undefined, monitor: async () => "" });
    c = await RspClient.open(server.address.port);
    expect(await c.ask("qSupported:swbreak+")).not.toContain("Reverse");
    expect(await c.ask("bs")).toBe("");
    expect(await c.ask("bc")).toBe("");
    c.close(); await server.close();
    const r = await serve(true);
    expect(await r.ask("qSupported:swbreak+")).toMatch(/;ReverseStep\+;ReverseContinue\+$/);
  });

  it.each(["reboot", "replay"] as const)("bs steps back one instruction; bc returns to the previous breakpoint hit; both stop at the start of history (%s)", async (kind) => {
    const r = await serve(true, kind);
    expect(await r.ask("bs")).toBe("T05thread:1;replaylog:begin;");
    expect(await r.ask(`Z0,${a("bump").toString(16)},1`)).toBe("OK");
    expect(await r.ask("c")).toBe("T05thread:1;swbreak:;");
    const first = t!.position();
    expect(await r.ask("c")).toBe("T05thread:1;swbreak:;");
    const g = await r.ask("g");
    expect(await r.ask("s")).toBe("T05thread:1;");
    expect(await r.ask("s")).toBe("T05thread:1;");
    const g2 = await r.ask("g");
    expect(await r.ask("bs")).toBe("T05thread:1;");
    expect(await r.ask("bs")).toBe("T05thread:1;");
    expect(await r.ask("g")).toBe(g); // every general register as at the second hit
    expect(await r.ask("s")).toBe("T05thread:1;");
    expect(await r.ask("s")).toBe("T05thread:1;");
    expect(await r.ask("g")).toBe(g2); // and forward again to the same state
    expect(await r.ask("bc")).toBe("T05thread:1;swbreak:;");
    expect(await r.ask("bc")).toBe("T05thread:1;swbreak:;");
    expect(t!.position()).toBe(first);
    expect(await r.ask("p8")).toBe(le(a("bump")));
    expect(await r.ask("bc")).toBe("T05thread:1;replaylog:begin;");
    expect(t!.position()).toBe(0);
    expect(await r.ask("?")).toBe("T05thread:1;replaylog:begin;");
    expect(await r.ask("p8")).toBe(le(a("_start")));
  });

  it.each(["reboot", "replay"] as const)("bc stops at the writer of a watched word; a replay's end is replaylog:end, and GDB may step back from it (%s)", async (kind) => {
    const r = await serve(true, kind);
    expect(await r.ask(`Z2,${a("counter").toString(16)},4`)).toBe("OK");
    const out: string[] = [];
    let stops = 0;
    for (;;) {
      r.send("c");
      const reply = await r.stop(out);
      if (reply !== `T05thread:1;watch:${a("counter").toString(16)};`) { expect(reply).toBe("T05thread:1;replaylog:end;"); break; }
      stops++;
    }
    expect(stops).toBe(5);
    expect(out.join("")).toContain("kernlab: end of the recording (exited with code 22");
    expect(t!.position()).toBe(t!.end());
    r.send("c");
    expect(await r.stop()).toBe("T05thread:1;replaylog:end;");
    expect(await r.ask("bc")).toBe(`T05thread:1;watch:${a("counter").toString(16)};`);
    expect(await r.ask("p8")).toBe(le(a("store"))); // before the last write: 14 still in counter
    expect(await r.ask(`m${a("counter").toString(16)},4`)).toBe(le(14));
    expect(await r.ask(`z2,${a("counter").toString(16)},4`)).toBe("OK");
    const at = t!.position();
    const who = monitorText(await r.ask(rcmd("who-wrote counter")));
    expect(who).toMatch(new RegExp(`^0x${a("counter").toString(16).padStart(8, "0")}\\+4 last written before instruction ${at} by instruction \\d+:\n`));
    expect(who).toContain(`  0x${a("store").toString(16).padStart(8, "0")} store: mov [0x${a("counter").toString(16)}], eax\n`);
    expect(who).toContain("  old: 0c 00 00 00\n  new: 0e 00 00 00\n");
    expect(t!.position()).toBe(at); // the question does not move GDB's inferior
    expect(monitorText(await r.ask(rcmd("who-wrote stack 8")))).toMatch(/^0x[0-9a-f]{8}\+8: not written between instruction 0 and \d+ \(as the loader left it\)\n$/);
    expect(monitorText(await r.ask(rcmd("who-wrote counter 0")))).toBe("who-wrote: LEN must be 1 to 4096, got '0'\n");
  });

  it("Ctrl-C stops a reverse-continue under way where its scan stands (SIGINT)", async () => {
    // A 4 M-instruction loop and a watchpoint nothing triggers: bc would scan back to instruction 0.
    const image = link([{ name: "k.o", bytes: assembleOrThrow(cpuKernel(500_000), { file: "cpu.asm" }) }], { script: { text: KERNEL_LD, file: "k.ld" } }).image;
    const rec = machine.boot(image, { record: true, timeout: { instructions: 5_000_000 } });
    await rec.result;
    const replay = await openReplay(machine, await rec.recording!.bytes());
    t = replay;
    server = await startGdbServer({ dbg: replay.debug, port: 0, kill: () => undefined, monitor: async () => "", reverse: reverseDebugging(replay, { bounded: true }) });
    c = await RspClient.open(server.address.port);
    c.send("c");
    expect(await c.stop()).toBe("T05thread:1;replaylog:end;");
    expect(await c.ask("Z2,300000,4")).toBe("OK");
    c.send("bc");
    // Ctrl-C once the scan is under way (the machine has left the end), as a user's would come.
    while (replay.position() === replay.end()) await new Promise((r) => setTimeout(r, 2));
    c.raw("\x03");
    expect(await c.reply(30_000)).toBe("T02thread:1;");
    expect(replay.position()).toBeGreaterThan(0);
    expect(replay.position()).toBeLessThan(replay.end());
    expect(await c.ask("s")).toBe("T05thread:1;"); // and it goes on from there
  });

  it("a live recording's end is the guest's: W with the exit code", async () => {
    const r = await serve(false);
    const out: string[] = [];
    r.send("c");
    expect(await r.stop(out)).toBe("W16");
    expect(out).toEqual(["kernlab: exited with code 22\n"]);
  });

  it("monitor who-wrote without a recording says what it needs", async () => {
    const dbg = new FakeDebugger();
    const text = await runMonitor({ dbg, memory: machine.memory, where: "console" }, "who-wrote 0x1000");
    expect(text).toBe("who-wrote needs a recording: kernlab run --record FILE --gdb PORT, or kernlab replay FILE --gdb PORT\n");
  });
});
