// The start-up patches of v86's JavaScript (emulator/v86-fixes/libv86-startup.mjs), which the CLI bundle is
// built with: each fits the installed libv86.js exactly once, and a v86 machine made from the patched code
// shares one frozen entry among the ports no device claimed (v86 as shipped makes 65,536 objects), while
// claimed ports and the PCI bus's ports have their own and unclaimed ports still read 0xFF.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LIBV86_PATCHES, patchLibV86 } from "../../../emulator/v86-fixes/libv86-startup.mjs";

const require = createRequire(import.meta.url);
const libv86 = require.resolve("v86/build/libv86.js");
const wasm = require.resolve("v86/build/v86.wasm");
const dir = mkdtempSync(join(tmpdir(), "kernlab-libv86-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Port { read8(port: number): number }
interface Io { ports: Port[]; port_read8(port: number): number }
interface Emulator { v86: { cpu: { io: Io } }; add_listener(e: string, fn: () => void): void; destroy(): void }

/** A v86 machine (16 MiB, not started) from libv86.js's text `code`; its I/O bus. */
async function ioOf(code: string, name: string): Promise<{ io: Io; done: () => void }> {
  const file = join(dir, name);
  writeFileSync(file, code);
  const { V86 } = require(file) as { V86: new (o: object) => Emulator };
  const emulator = new V86({
    wasm_fn: async (imports: WebAssembly.Imports) => (await WebAssembly.instantiate(readFileSync(wasm), imports)).instance.exports,
    memory_size: 16 << 20, vga_memory_size: 256 * 1024, autostart: false, disable_speaker: true, disable_mouse: true, disable_keyboard: true, acpi: false, log_level: 0,
  });
  await new Promise<void>((resolve) => emulator.add_listener("emulator-loaded", () => resolve()));
  return { io: emulator.v86.cpu.io, done: () => emulator.destroy() };
}

describe("libv86 start-up patches", () => {
  const original = readFileSync(libv86, "utf8");

  it("each fits the installed libv86.js exactly once (the build refuses another v86)", () => {
    for (const [from] of LIBV86_PATCHES) expect(original.split(from).length, from).toBe(2);
    expect(() => patchLibV86(libv86, original.replace(LIBV86_PATCHES[0]![0], ""))).toThrow(/not there exactly once/);
  });

  it("unclaimed ports share one frozen entry and still read 0xFF; claimed ports have their own", async () => {
    const patched = await ioOf(patchLibV86(libv86, original), "patched.cjs");
    const shipped = await ioOf(original, "shipped.cjs");
    try {
      const distinct = (io: Io) => new Set(io.ports).size;
      expect(distinct(shipped.io)).toBe(65536);
      expect(distinct(patched.io)).toBeLessThan(2000);
      const empty = patched.io.ports[0x1234]!;
      expect(Object.isFrozen(empty)).toBe(true);
      expect(patched.io.ports[0x3f8]).not.toBe(empty); // COM1, claimed by the UART
      for (const port of [0x1234, 0x3f8 + 5, 0x60, 0x64, 0x21, 0xe9]) expect(patched.io.port_read8(port), port.toString(16)).toBe(shipped.io.port_read8(port));
    } finally { patched.done(); shipped.done(); }
  });
});
