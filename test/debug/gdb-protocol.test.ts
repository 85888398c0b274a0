// The GDB stub over TCP against a fake Debugger (test/debug/fake-debugger.ts): every packet family GDB uses
// on an i386 target, checked against what the fake's state really is. Real GDB sessions are gdb-*.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { gdbStreamArbitrary } from "../fuzz/targets";
import { startGdbServer, parseGdbAddress, type GdbServer } from "../../debug/gdb/server";
import { runMonitor } from "../../debug/gdb/monitor";
import { REGISTERS } from "../../debug/gdb/target";
import { FakeDebugger } from "./fake-debugger";
import { RspClient } from "./rsp-client";
import type { GuestMemory } from "../../emulator/index";

const le = (v: number) => Buffer.from(Uint32Array.of(v).buffer).toString("hex");

function fakeMemory(dbg: FakeDebugger): GuestMemory {
  const dv = () => new DataView(dbg.ram.buffer);
  return {
    size: dbg.ram.length, u8: (a) => dbg.ram[a]!, u16: (a) => dv().getUint16(a, true), u32: (a) => dv().getUint32(a, true),
    bytes: (a, n) => dbg.ram.slice(a, a + n), cstring: () => "", write: (a, d) => dbg.ram.set(d, a), writeU32: (a, v) => dv().setUint32(a, v, true),
    virt: () => { throw new Error("no paging"); },
  };
}

let server: GdbServer | null = null;
let client: RspClient | null = null;
afterEach(async () => { client?.close(); client = null; await server?.close(); server = null; });

async function open(dbg = new FakeDebugger()) {
  let killed = 0;
  server = await startGdbServer({
    dbg, port: 0,
    monitor: (line) => runMonitor({ dbg, memory: fakeMemory(dbg), where: "gdb" }, line),
    kill: () => { killed++; },
  });
  client = await RspClient.open(server.address.port);
  return { dbg, c: client, killed: () => killed };
}

describe("gdb stub protocol", () => {
  it("listens on 127.0.0.1 by default; --gdb takes [HOST:]PORT", async () => {
    const { c } = await open();
    expect(server!.address.host).toBe("127.0.0.1");
    expect(await c.ask("?")).toBe("T05thread:1;");
    expect(parseGdbAddress("1234")).toEqual({ host: "127.0.0.1", port: 1234 });
    expect(parseGdbAddress("0.0.0.0:99")).toEqual({ host: "0.0.0.0", port: 99 });
    expect(parseGdbAddress("[::1]:99")).toEqual({ host: "::1", port: 99 });
    expect(parseGdbAddress("70000")).toBeNull();
    expect(parseGdbAddress("x")).toBeNull();
  });

  it("qSupported, no-ack mode, target description", async () => {
    const { c } = await open();
    const sup = await c.ask("qSupported:multiprocess+;swbreak+;xmlRegisters=i386");
    expect(sup).toContain("PacketSize=4000");
    expect(sup).toContain("qXfer:features:read+");
    expect(sup).toContain("QStartNoAckMode+");
    expect(c.acks).toBe(1);
    expect(await c.ask("QStartNoAckMode")).toBe("OK");
    c.noAck = true;
    // From here neither side acks: the next reply comes without "+".
    c.send("qXfer:features:read:target.xml:0,3fff");
    const xml = await c.reply();
    expect(c.acks).toBe(2);
    expect(c.pending()).toBe("");
    expect(xml[0]).toBe("l");
    expect(xml).toContain("<architecture>i386</architecture>");
    expect(xml).toContain('<feature name="org.gnu.gdb.i386.core">');
    expect(xml.match(/<reg /g)?.length).toBe(REGISTERS.length);
    expect(xml).toContain('<reg name="cr3" bitsize="32" type="uint32" regnum="34" group="system"/>');
    // Paged reads: the document comes back in pieces "m…" then "l…".
    const first = await c.ask("qXfer:features:read:target.xml:0,10");
    expect(first).toBe("m" + xml.slice(1, 17));
    expect(await c.ask("qXfer:features:read:nope.xml:0,10")).toBe("E00");
  });

  it("g/G/p/P read and write the registers in GDB's i386 order", async () => {
    const { dbg, c } = await open();
    const g = await c.ask("g");
    expect(g).toBe([0x11, 0x33, 0x44, 0x22, 0x8000, 0x77, 0x55, 0x66, 0x1000, 0x202, 8, 0x10, 0x10, 0x10, 0x10, 0x10].map(le).join(""));
    expect(await c.ask("p8")).toBe(le(0x1000));
    expect(await c.ask("p10")).toBe("x".repeat(20)); // st0: unavailable
  });

  it("p/P on the control registers and the G packet", async () => {
    const { dbg, c } = await open();
    const cr0 = REGISTERS.findIndex((r) => r.name === "cr0");
    expect(await c.ask(`p${cr0.toString(16)}`)).toBe(le(0x11));
    expect(await c.ask(`P${(cr0 + 2).toString(16)}=00301000`)).toBe("OK");
    expect(dbg.regs.cr3).toBe(0x103000);
    expect(await c.ask("P0=efbeadde")).toBe("OK");
    expect(dbg.regs.eax).toBe(0xdeadbeef);
    expect(await c.ask("P0=ef")).toBe("E22");
    expect(await c.ask("p99")).toBe("E22");
    const g = await c.ask("g");
    const changed = le(1) + g.slice(8);
    expect(await c.ask("G" + changed)).toBe("OK");
    expect(dbg.regs.eax).toBe(1);
    expect(await c.ask("G00")).toBe("E22");
  });

  it("m/M/X memory, partial reads at the end of memory, E14 when nothing is readable", async () => {
    const { dbg, c } = await open();
    dbg.ram.set([1, 2, 3, 4], 0x3000);
    expect(await c.ask("m3000,4")).toBe("01020304");
    expect(await c.ask("M3000,2:abcd")).toBe("OK");
    expect([...dbg.ram.subarray(0x3000, 0x3002)]).toEqual([0xab, 0xcd]);
    c.send("X3004,4:}\x03}\x04}]}\x0a"); // # $ } * escaped
    expect(await c.reply()).toBe("OK");
    expect([...dbg.ram.subarray(0x3004, 0x3008)]).toEqual([0x23, 0x24, 0x7d, 0x2a]);
    expect(await c.ask("X3000,0:")).toBe("OK"); // GDB's probe for X support
    expect(await c.ask("mfffe,4")).toBe("0000"); // the mapped part
    expect(await c.ask("m20000,4")).toBe("E14");
    expect(await c.ask("M3000,3:abcd")).toBe("E22");
    expect(await c.ask("m3000")).toBe("E22");
  });

  it("Z0 then c stops at the breakpoint with swbreak; z0 removes it; s steps one instruction", async () => {
    const { dbg, c } = await open();
    expect(await c.ask("Z0,1010,1")).toBe("OK");
    expect([...dbg.breakpoints.values()]).toEqual([0x1010]);
    expect(await c.ask("c")).toBe("T05thread:1;swbreak:;");
    expect(dbg.regs.eip).toBe(0x1010);
    expect(await c.ask("?")).toBe("T05thread:1;swbreak:;");
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(dbg.regs.eip).toBe(0x1011);
    expect(await c.ask("vCont;s:1")).toBe("T05thread:1;");
    expect(dbg.regs.eip).toBe(0x1012);
    expect(await c.ask("vCont?")).toContain("vCont;c;C;s;S");
    expect(await c.ask("z0,1010,1")).toBe("OK");
    expect(dbg.breakpoints.size).toBe(0);
    expect(await c.ask("Z1,1020,1")).toBe("OK"); // hardware: the same engine breakpoint, reported as hwbreak
    expect(await c.ask("vCont;c")).toBe("T05thread:1;hwbreak:;");
    expect(dbg.regs.eip).toBe(0x1020);
    expect(await c.ask("Z9,0,0")).toBe(""); // unknown type: unsupported
  });

  it("Z2 write watchpoint reports watch:ADDR", async () => {
    const { dbg, c } = await open();
    expect(await c.ask(`Z2,${dbg.counter.toString(16)},4`)).toBe("OK");
    expect(await c.ask("c")).toBe(`T05thread:1;watch:${dbg.counter.toString(16)};`);
    expect(dbg.regs.eip).toBe(dbg.writeAt + 1);
    expect(await c.ask(`z2,${dbg.counter.toString(16)},4`)).toBe("OK");
    expect(dbg.watchpoints.size).toBe(0);
    expect(await c.ask(`Z4,${dbg.counter.toString(16)},4`)).toBe("OK");
    expect([...dbg.watchpoints.values()][0]?.access).toBe("access");
  });

  it("Ctrl-C interrupts a running guest with SIGINT", async () => {
    const { dbg, c } = await open();
    dbg.endAt = -1; // spins forever
    c.send("c");
    await new Promise((r) => setTimeout(r, 50));
    expect(dbg.stopped).toBe(false);
    c.raw("\x03");
    expect(await c.stop()).toBe("T02thread:1;");
    expect(dbg.stopped).toBe(true);
  });

  it("the guest's exit is W with the exit code, preceded by an O line saying why", async () => {
    const { c } = await open();
    const out: string[] = [];
    c.send("c");
    expect(await c.stop(out)).toBe("W03");
    expect(out.join("")).toContain("exited with code 3");
  });

  it("monitor commands come back hex-encoded", async () => {
    const { c } = await open();
    const hexCmd = Buffer.from("info registers").toString("hex");
    const out = Buffer.from(await c.ask(`qRcmd,${hexCmd}`), "hex").toString();
    expect(out).toContain("EAX=00000011 EBX=00000022");
    expect(out).toContain("CS =0008 00000000 ffffffff 00cf9a00");
    expect(out).toContain("GDT=     00000100 00000017");
    const idt = Buffer.from(await c.ask(`qRcmd,${Buffer.from("info idt").toString("hex")}`), "hex").toString();
    expect(idt).toMatch(/\[ 14\] 0008:00001234 int32 +DPL0/);
    const bad = Buffer.from(await c.ask(`qRcmd,${Buffer.from("stop").toString("hex")}`), "hex").toString();
    expect(bad).toContain("unknown command"); // console-only commands are not GDB's
  });

  it("malformed and unknown packets get E22 or the empty reply, and the stub keeps answering", async () => {
    const { c } = await open();
    expect(await c.ask("mzz,4")).toBe("E22");
    expect(await c.ask("Z0")).toBe("E22");
    expect(await c.ask("vFile:setfs:0")).toBe("");
    expect(await c.ask("qTStatus")).toBe("");
    c.raw("$g#00"); // bad checksum: NAK, no reply
    for (let i = 0; i < 100 && c.pending() === ""; i++) await new Promise((r) => setTimeout(r, 20));
    expect(c.pending()).toBe("-");
    c.raw("garbage\x7f\xff");
    expect(await c.ask("qC")).toBe("QC1");
  });

  it("k kills the run and closes; D detaches, removes our breakpoints and resumes", async () => {
    const { dbg, c, killed } = await open();
    c.send("k");
    await new Promise((r) => c.socket.once("close", r));
    expect(killed()).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    client = await RspClient.open(server!.address.port);
    expect(await client.ask("Z0,1fff,1")).toBe("OK");
    expect(await client.ask("D")).toBe("OK");
    await new Promise((r) => client!.socket.once("close", r));
    await new Promise((r) => setTimeout(r, 300));
    expect(dbg.breakpoints.size).toBe(0);
    expect(dbg.stopped).toBe(true); // it ran on to its end
    expect(dbg.regs.eip).toBe(dbg.endAt);
  });

  it("attaching to a running guest stops it (as QEMU does) and reports SIGTRAP", async () => {
    const dbg = new FakeDebugger();
    dbg.endAt = -1;
    const running = dbg.cont();
    expect(dbg.stopped).toBe(false);
    const { c } = await open(dbg);
    expect(await c.ask("?")).toBe("T05thread:1;");
    expect(dbg.stopped).toBe(true);
    expect(await running).toEqual({ kind: "interrupted" });
    const eip = dbg.regs.eip;
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(dbg.regs.eip).toBe(eip + 1);
  });

  it("a second GDB is turned away while one is attached", async () => {
    const { c } = await open();
    const other = await RspClient.open(server!.address.port);
    await new Promise((r) => other.socket.once("close", r));
    expect(await c.ask("qC")).toBe("QC1");
  });
});

describe("gdb stub under hostile input", () => {
  it("a live server survives random packet streams and still answers", async () => {
    const dbg = new FakeDebugger();
    const { c } = await open(dbg);
    client = c;
    await fc.assert(fc.asyncProperty(gdbStreamArbitrary, async (stream) => {
      client!.socket.write(stream);
      // Whatever state the stream left the framing in, this ends it and asks once more.
      client!.raw("\x00\x00\x00$qC#b4");
      try {
        for (;;) if ((await client!.stop()) === "QC1") break;
      } catch {
        // k, vKill or D closed the connection: a new one must be accepted and answer.
        await new Promise((r) => setTimeout(r, 20));
        client!.close();
        client = await RspClient.open(server!.address.port);
        expect(await client.ask("qC")).toBe("QC1");
      }
    }), { numRuns: 150, seed: 20261207 });
  });
});
