// COM1: output as bytes, lines (events and async iterator), input (live and queued before start), bounded tail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

describe.skipIf(!canBuild())("serial", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  it("streams bytes and lines; a trailing \\r is dropped from lines", async () => {
    const run = m.boot(kernel("exit42"));
    const chunks: number[] = [];
    const lines: string[] = [];
    run.on("serial", (b) => chunks.push(...b));
    run.on("serial-line", (l) => lines.push(l));
    const r = await run.result;
    expect(new TextDecoder().decode(Uint8Array.from(chunks))).toBe("exiting with 42\r\n");
    expect(lines).toEqual(["exiting with 42"]);
    expect(r.verdict).toEqual({ kind: "exited", code: 42 });
  });

  it("takes input queued before start and echoes it; lines() iterates COM1 to the end of the run", async () => {
    const run = m.boot(kernel("echo"), { serialInput: "hello\nquit\n", timeout: { ms: 5000 } });
    const seen: string[] = [];
    for await (const line of run.lines()) seen.push(line);
    expect(seen).toEqual(["> HELLO", "> QUIT"]);
    expect((await run.result).verdict).toEqual({ kind: "exited", code: 0 });
  });

  it("takes input written while the guest runs (serialWrite after each prompt line)", async () => {
    const run = m.boot(kernel("echo"), { timeout: { ms: 5000 } });
    const seen: string[] = [];
    run.on("serial-line", (l) => {
      seen.push(l);
      if (l === "> ONE") m.serialWrite("quit\n");
    });
    setTimeout(() => m.serialWrite(new TextEncoder().encode("one\n")), 20);
    const r = await run.result;
    expect(seen).toEqual(["> ONE", "> QUIT"]);
    expect(r.verdict.kind).toBe("exited");
  });

  it("keeps a bounded tail but counts every byte", async () => {
    const input = Array.from({ length: 40 }, (_, i) => `line${i}\n`).join("") + "quit\n";
    const r = await m.boot(kernel("echo"), { serialInput: input, serialTailBytes: 32, timeout: { ms: 5000 } }).result;
    const full = Array.from({ length: 40 }, (_, i) => `> LINE${i}\n`).join("") + "> QUIT\n";
    expect(r.serialTotalBytes).toBe(full.length);
    expect(r.serial).toBe(full.slice(-32));
  });
});
