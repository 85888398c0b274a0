/**
 * The warm reset's shortcut for port-driven devices (emulator/v86-adapter.ts, PORT_DRIVEN: the floppy and DMA
 * controllers and the parallel port are compared only after the guest touched their ports) keeps reset
 * faithful: a device the previous guest changed through its ports is back at power-on state for the next one.
 * Lives with the benches because the shortcut exists for boot-warm-16m.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine } from "../../emulator/index";
import { asmKernel } from "../emulator/asm-kernel";

/** A kernel whose _start runs `body` (test/emulator/asm-kernel.ts: kernel-common.inc's header, kernlab's asm and ld). */
const kernel = (body: string) => asmKernel(`global _start\n_start:\n${body}`);

/** Exit code = a byte read from `port` (after writing `value` there when given). */
const probe = (port: number, value?: number) => kernel(
  `    mov dx, ${port}\n` + (value === undefined ? "" : `    mov al, ${value}\n    out dx, al\n`) + "    in al, dx\n    out 0xF4, al\n");

let m: Machine;
beforeAll(async () => { m = await createMachine({ memoryMiB: 4 }); });
afterAll(() => m.destroy());

async function exitCode(image: Uint8Array): Promise<number> {
  const r = await m.boot(image).result;
  if (r.verdict.kind !== "exited") throw new Error(`expected an exit, got ${r.verdict.kind}`);
  return r.verdict.code;
}

describe("warm reset of port-driven devices", () => {
  it("restores the parallel port's data register the previous guest wrote", async () => {
    const read = probe(0x378);
    const powerOn = await exitCode(read);
    expect(await exitCode(probe(0x378, 0xa5))).toBe(0xa5);
    expect(await exitCode(read)).toBe(powerOn);
    expect(await exitCode(read)).toBe(powerOn);
  });

  it("restores a port the very first boot of a machine wrote (before tracking starts)", async () => {
    const fresh = await createMachine({ memoryMiB: 4 });
    try {
      const run = async (image: Uint8Array) => { const r = await fresh.boot(image).result; return r.verdict.kind === "exited" ? r.verdict.code : -1; };
      const powerOn = await exitCode(probe(0x378));
      expect(await run(probe(0x378, 0x3c))).toBe(0x3c); // the fresh machine's first boot changes the data register
      expect(await run(probe(0x378))).toBe(powerOn);
    } finally {
      fresh.destroy();
    }
  });

  it("restores the DMA controller's page register (port 0x81) after a guest set it", async () => {
    const read = probe(0x81);
    const powerOn = await exitCode(read);
    expect(await exitCode(probe(0x81, 0x5a))).toBe(0x5a);
    expect(await exitCode(read)).toBe(powerOn);
  });
});
