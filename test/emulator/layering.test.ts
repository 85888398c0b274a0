// The emulator is the engine: nothing under emulator/ imports the layers built on the Machine API (replay/,
// debug/, scripts/, web/, verify/, kernel/, bench/). BootOptions.record reaches the recorder only through the
// Recorder hook a machine is made with (MachinePlugins): the emulator's createMachine alone refuses it, a
// recorder plugged in is called with the boot and fed by the time-travel driver.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, type Machine, type MachineState, type Recorder, type TimeTravelControl, type Verdict } from "../../emulator/index";
import { canBuild, kernel } from "./kernels";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ABOVE = ["replay", "debug", "scripts", "web", "verify", "kernel", "bench"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);
}

/** Relative specifiers of a file's static imports, re-exports and dynamic imports, resolved from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|[\s;])(?:import|export)\b[^"';]*?\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)|^\s*import\s*"([^"]+)"/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? "");
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(ROOT, resolve(dirname(file), s)).split(sep).join("/"));
}

describe("emulator/ is the bottom layer", () => {
  const files = sources(join(ROOT, "emulator"));

  it("finds the imports it checks (machine.ts's own)", () => {
    const machine = importsOf(join(ROOT, "emulator", "machine.ts"));
    expect(machine).toContain("core/hex");
    expect(machine).toContain("emulator/v86-adapter");
  });

  it("no file under emulator/ imports replay/, debug/, scripts/, web/, verify/, kernel/ or bench/", () => {
    const upward = files.flatMap((f) => importsOf(f).filter((i) => ABOVE.includes(i.split("/")[0]!)).map((i) => `${relative(ROOT, f)} -> ${i}`));
    expect(files.length).toBeGreaterThan(20);
    expect(upward).toEqual([]);
  });
});

describe.skipIf(!canBuild())("BootOptions.record through the Recorder hook", () => {
  let bare: Machine;
  beforeAll(async () => { bare = await createMachine({ memoryMiB: 4 }); });
  afterAll(() => bare?.destroy());

  it("the emulator's createMachine has no recorder: a recorded boot throws, and the machine still boots", async () => {
    expect(() => bare.boot(kernel("exit42"), { record: true })).toThrow(/BootOptions\.record needs a machine with a recorder/);
    expect((await bare.boot(kernel("exit42")).result).verdict).toEqual({ kind: "exited", code: 42 });
  });

  it("a plugged-in recorder gets the boot, feeds on the driver's hooks and hears the end; Run.recording is it", async () => {
    const seen: { memoryBytes?: number; snapshotEvery?: number; ticks: number[]; states: MachineState[]; events: string[]; end?: [Verdict, number] } = { ticks: [], states: [], events: [] };
    const recorder: Recorder = (k, opts, memoryBytes) => {
      seen.memoryBytes = memoryBytes;
      seen.snapshotEvery = typeof opts.record === "object" ? opts.record.snapshotEvery : undefined;
      let control: (() => TimeTravelControl) | null = null;
      return {
        hooks(c) {
          control = c;
          return {
            onTick: (at) => { seen.ticks.push(at); seen.states.push(c().saveState()); },
            onEvent: (e) => { seen.events.push(`${e.kind} ${e.detail}`); },
          };
        },
        finish(verdict, at) { seen.end = [verdict, at]; },
        end: () => seen.end?.[1] ?? control?.().position() ?? 0,
        bytes: () => Promise.resolve(Uint8Array.from(k.subarray(0, 4))),
      };
    };
    const m = await createMachine({ memoryMiB: 4 }, { recorder });
    try {
      const k = kernel("exit42");
      const run = m.boot(k, { record: { snapshotEvery: 200_000 } });
      const result = await run.result;
      expect(result.verdict).toEqual({ kind: "exited", code: 42 });
      expect(seen.memoryBytes).toBe(4 * 1024 * 1024);
      expect(seen.snapshotEvery).toBe(200_000);
      expect(seen.ticks[0]).toBe(0);
      expect(seen.states[0]!.at).toBe(0);
      expect(seen.events).toEqual([expect.stringMatching(/^exit /)]);
      expect(seen.end).toEqual([result.verdict, result.instructions]);
      expect(run.timeTravel).toBeDefined();
      expect(run.recording!.end()).toBe(result.instructions);
      expect(await run.recording!.bytes()).toEqual(k.subarray(0, 4));
    } finally {
      m.destroy();
    }
  });
});
