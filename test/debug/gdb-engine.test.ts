// The stub on the real engine, in-process and without any installed tool: kernlab assembles and links
// fixtures/nasm-kernel.asm, a Machine boots it paused, startGdbServer serves its Run.debug, and a protocol
// client checks each answer against the machine's own registers and RAM.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleOrThrow, createMachine, link, runMonitor, startGdbServer, symbolTable, type GdbServer, type Machine, type Run } from "../../index";
import { RspClient } from "./rsp-client";

const le = (v: number) => Buffer.from(Uint32Array.of(v >>> 0).buffer).toString("hex");
const SCRIPT = "ENTRY(_start)\nSECTIONS {\n . = 1M;\n .text : { *(.text) }\n .data : { *(.data) }\n .bss : { *(.bss) }\n}\n";

describe("gdb stub on the real engine", () => {
  let machine: Machine;
  let run: Run;
  let server: GdbServer;
  let c: RspClient;
  let syms: ReturnType<typeof symbolTable>;
  beforeAll(async () => {
    const src = readFileSync(join(__dirname, "fixtures", "nasm-kernel.asm"), "utf8");
    const obj = assembleOrThrow(src, { file: "nasm-kernel.asm" });
    const { image } = link([{ name: "k.o", bytes: obj }], { script: { text: SCRIPT, file: "k.ld" } });
    syms = symbolTable(image);
    machine = await createMachine({ memoryMiB: 8 });
    run = machine.boot(image, { debug: { startPaused: true }, timeout: { instructions: 1_000_000 } });
    const dbg = run.debug!;
    await dbg.ready;
    server = await startGdbServer({ dbg, port: 0, kill: () => run.stop(),
      monitor: (line) => runMonitor({ dbg, memory: machine.memory, kernel: image, where: "gdb" }, line) });
    c = await RspClient.open(server.address.port);
  });
  afterAll(async () => { c?.close(); await server?.close(); machine?.destroy(); });

  it("stops at the entry, runs to a Z0 breakpoint, steps, reads and writes registers and memory, watches, exits", async () => {
    const start = syms.address("_start")!, kmain = syms.address("kmain")!, add3 = syms.address("add3")!, counter = syms.address("counter")!;
    expect(await c.ask("?")).toBe("T05thread:1;");
    expect((await c.ask("g")).slice(64, 72)).toBe(le(start)); // eip is register 8
    expect(await c.ask(`Z0,${kmain.toString(16)},1`)).toBe("OK");
    expect(await c.ask("vCont;c")).toBe("T05thread:1;swbreak:;");
    expect(await c.ask("p8")).toBe(le(kmain));
    // The return address on the stack, read through m, is the instruction after `call kmain`.
    const esp = Buffer.from(await c.ask("p4"), "hex").readUInt32LE(0);
    expect(await c.ask(`m${esp.toString(16)},4`)).toBe(le(start + 10)); // mov esp, imm32 (5) + call rel32 (5)
    expect(await c.ask("vCont;s:1")).toBe("T05thread:1;");
    expect(await c.ask("p0")).toBe(le(1)); // mov eax, 1 executed
    expect(await c.ask("P3=00000000")).toBe("OK"); // ebx (register 3) := 0 before mov ebx, 2 runs
    expect(await c.ask("s")).toBe("T05thread:1;");
    expect(machine.registers().ebx).toBe(2);
    expect(await c.ask(`z0,${kmain.toString(16)},1`)).toBe("OK");
    expect(await c.ask(`Z2,${counter.toString(16)},4`)).toBe("OK");
    expect(await c.ask("c")).toBe(`T05thread:1;watch:${counter.toString(16)};`);
    expect(await c.ask(`m${counter.toString(16)},4`)).toBe(le(6));
    expect(machine.memory.u32(counter)).toBe(6);
    // Write guest RAM through M, and the engine sees it: bias 30 → 100, so the exit code is 106.
    const bias = syms.address("bias")!;
    expect(await c.ask(`M${bias.toString(16)},4:${le(100)}`)).toBe("OK");
    expect(machine.memory.u32(bias)).toBe(100);
    expect(add3).toBeGreaterThan(kmain);
    const mon = Buffer.from(await c.ask(`qRcmd,${Buffer.from("xp /1xw " + bias).toString("hex")}`), "hex").toString();
    expect(mon).toBe(`${bias.toString(16).padStart(8, "0")}: 0x00000064\n`);
    expect(await c.ask(`z2,${counter.toString(16)},4`)).toBe("OK");
  });

  it("the run's exit reaches GDB as W with the exit code", async () => {
    const out: string[] = [];
    c.send("c");
    expect(await c.stop(out)).toBe("W6a"); // 6 + 100
    expect(out.join("")).toContain("exited with code 106");
    expect((await run.result).verdict).toEqual({ kind: "exited", code: 106 });
  });
});
