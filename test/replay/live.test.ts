// replay/live.ts through the GDB stub: a run being recorded (BootOptions.record) stepped back over what it
// has recorded so far, then forward again into the live run, which carries on from where it stood. The hand-
// over edges are checked: a breakpoint at exactly the live count, a write by the last recorded instruction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, runMonitor, startGdbServer, symbolTable, type GdbServer, type Machine, type Run, type SymbolTable } from "../../index";
import { liveReverseDebugging, liveTimeline, type LiveTimeline } from "../../replay/live";
import { RspClient } from "../debug/rsp-client";
import { buildReverseKernel } from "./reverse-kernel";

const le = (v: number) => Buffer.from(Uint32Array.of(v >>> 0).buffer).toString("hex");
const rcmd = (line: string) => `qRcmd,${Buffer.from(line).toString("hex")}`;

describe("reverse execution over a live recording (run --record --gdb)", () => {
  let machine: Machine;
  let run: Run;
  let t: LiveTimeline;
  let server: GdbServer;
  let c: RspClient;
  let syms: SymbolTable;
  const a = (name: string) => syms.address(name)!;
  beforeAll(async () => {
    const kernel = buildReverseKernel();
    syms = symbolTable(kernel);
    machine = await createMachine({ memoryMiB: 4 });
    run = machine.boot(kernel, { record: true, debug: { startPaused: true }, timeout: { instructions: 10_000 } });
    await run.debug!.ready;
    t = liveTimeline(run, machine, () => createMachine({ memoryMiB: 4 }), syms);
    const reverse = liveReverseDebugging(t);
    const dbg = t.debug;
    server = await startGdbServer({ dbg, port: 0, kill: () => run.stop(), reverse,
      monitor: (line) => runMonitor({ dbg, memory: t.memory(), kernel, where: "gdb", reverse }, line) });
    c = await RspClient.open(server.address.port);
  });
  afterAll(async () => { c?.close(); await server?.close(); await t?.close(); machine?.destroy(); });

  it("steps back into the recorded history and forward again into the live run", async () => {
    expect(await c.ask("qSupported")).toContain("ReverseStep+;ReverseContinue+");
    expect(await c.ask(`Z0,${a("bump").toString(16)},1`)).toBe("OK");
    expect(await c.ask("c")).toBe("T05thread:1;swbreak:;");
    const hit1 = t.position();
    expect(await c.ask("c")).toBe("T05thread:1;swbreak:;");
    const hit2 = t.position();
    const g2 = await c.ask("g");
    expect(await c.ask("s")).toBe("T05thread:1;");
    const g2s = await c.ask("g");
    expect(await c.ask("s")).toBe("T05thread:1;");
    const g2ss = await c.ask("g");
    expect(t.inHistory()).toBe(false);
    // Back: into the history (a replay of the recording so far).
    expect(await c.ask("bs")).toBe("T05thread:1;");
    expect(t.inHistory()).toBe(true);
    expect(await c.ask("g")).toBe(g2s);
    expect(await c.ask("bs")).toBe("T05thread:1;");
    expect(await c.ask("g")).toBe(g2);
    expect(await c.ask("M0,4:00000000")).toBe("E14"); // the history is not to be changed
    // The monitor reads the machine standing there: the history's RAM (counter 5 here), not the live run's (9).
    expect(Buffer.from(await c.ask(rcmd(`xp /1dw ${a("counter")}`)), "hex").toString()).toMatch(/: 5\n$/);
    // Forward: the history replays up to the live count, then the live run goes on.
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(t.inHistory()).toBe(false);
    expect(await c.ask("g")).toBe(g2ss);
    expect(await c.ask("bc")).toBe("T05thread:1;swbreak:;");
    expect(t.position()).toBe(hit2);
    expect(await c.ask("bc")).toBe("T05thread:1;swbreak:;");
    expect(t.position()).toBe(hit1);
    expect(await c.ask("c")).toBe("T05thread:1;swbreak:;"); // hit 2, in the history
    expect(t.position()).toBe(hit2);
    expect(t.inHistory()).toBe(true);
    expect(await c.ask("c")).toBe("T05thread:1;swbreak:;"); // hit 3: handed over to the live run
    expect(t.inHistory()).toBe(false);
    expect(await c.ask("p1")).toBe(le(3)); // ecx
    const hit3 = t.position();
    // A breakpoint at exactly the live count is seen when coming back to it from the history.
    expect(await c.ask("bc")).toBe("T05thread:1;swbreak:;");
    expect(t.position()).toBe(hit2);
    expect(await c.ask("c")).toBe("T05thread:1;swbreak:;");
    expect(t.position()).toBe(hit3);
    expect(t.inHistory()).toBe(false);
    expect(await c.ask(`z0,${a("bump").toString(16)},1`)).toBe("OK");
  });

  it("watchpoints across the hand-over, who-wrote in the live run, and the guest's exit", async () => {
    const watch = `T05thread:1;watch:${a("counter").toString(16)};`;
    expect(await c.ask(`Z2,${a("counter").toString(16)},4`)).toBe("OK");
    expect(await c.ask("bc")).toBe(watch); // the write of 9, in the history
    expect(await c.ask("p8")).toBe(le(a("store")));
    expect(await c.ask(`m${a("counter").toString(16)},4`)).toBe(le(5));
    expect(await c.ask("c")).toBe(watch); // the store runs again: 9, still in the history
    expect(t.inHistory()).toBe(true);
    expect(await c.ask(`m${a("counter").toString(16)},4`)).toBe(le(9));
    expect(await c.ask("c")).toBe(watch); // into the live run: the write of 12
    expect(t.inHistory()).toBe(false);
    expect(await c.ask(`m${a("counter").toString(16)},4`)).toBe(le(12));
    const live = t.position();
    // The write just before the live count: seen at the hand-over.
    expect(await c.ask("bc")).toBe(watch);
    expect(t.position()).toBe(live - 1);
    expect(await c.ask(`m${a("counter").toString(16)},4`)).toBe(le(9));
    expect(await c.ask("c")).toBe(watch);
    expect(t.position()).toBe(live);
    expect(t.inHistory()).toBe(false);
    expect(await c.ask(`z2,${a("counter").toString(16)},4`)).toBe("OK");
    const who = Buffer.from(await c.ask(rcmd("who-wrote counter")), "hex").toString();
    expect(who).toContain("  old: 09 00 00 00\n  new: 0c 00 00 00\n");
    expect(t.position()).toBe(live);
    expect(t.inHistory()).toBe(false);
    const out: string[] = [];
    c.send("c");
    expect(await c.stop(out)).toBe("W16");
    expect((await run.result).verdict).toEqual({ kind: "exited", code: 22 });
  });
});
