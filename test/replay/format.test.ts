// The .klrec reader refuses damaged, truncated, foreign and future files with a named, located error (never
// a crash), and a state survives encode → decode exactly.
import { describe, expect, it } from "vitest";
import { KernlabError } from "../../core/diagnostics";
import { decodeSnapshot, encodeKlrec, encodeSnapshot, readKlrec, type KlrecFile } from "../../replay/format";
import type { MachineState } from "../../emulator/index";

function sample(): KlrecFile {
  return {
    header: { kernelName: "k", cmdline: null, loader: null, memoryMiB: 16, guestMips: 100, modules: [], checkpointNames: { 1: "one" }, end: 1000, verdict: { kind: "exited", code: 3 }, snapshotEvery: 1_000_000, recordedBy: "test" },
    kernel: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]),
    modules: [],
    inputs: [{ at: 10, n: 0, kind: "keys", codes: [0x1e, 0x9e] }, { at: 500, n: 1, kind: "serial", bytes: [65] }],
    events: [{ at: 10, kind: "key", detail: "1e 9e" }],
    snapshots: [{ at: 0, rawLength: 3, compressed: new Uint8Array([1, 2, 3]) }],
  };
}

function codeOf(fn: () => unknown): string {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(KernlabError);
    const d = (e as KernlabError).diagnostics[0]!;
    expect(d.location?.file).toBe("t.klrec");
    return d.code;
  }
  return "accepted";
}

describe(".klrec reader", () => {
  const good = encodeKlrec(sample());

  it("reads back what it wrote", () => {
    const f = readKlrec(good, "t.klrec");
    expect(f.header).toEqual(sample().header);
    expect(f.inputs).toEqual(sample().inputs);
    expect(f.snapshots[0]!.at).toBe(0);
  });

  it("names what is wrong: magic, version, truncation, checksum, bytes appended", () => {
    expect(codeOf(() => readKlrec(new TextEncoder().encode("\x7fELF not a recording"), "t.klrec"))).toBe("klrec-not-a-recording");
    const future = good.slice(); future[8] = 9;
    expect(codeOf(() => readKlrec(future, "t.klrec"))).toBe("klrec-version");
    for (const cut of [12, 40, good.length - 20, good.length - 1]) expect(codeOf(() => readKlrec(good.subarray(0, cut), "t.klrec"))).toBe("klrec-truncated");
    const flipped = good.slice(); flipped[60] ^= 0x40;
    expect(codeOf(() => readKlrec(flipped, "t.klrec"))).toBe("klrec-checksum");
    const longer = new Uint8Array(good.length + 3); longer.set(good);
    expect(codeOf(() => readKlrec(longer, "t.klrec"))).toBe("klrec-truncated");
  });

  it("a state round-trips through a compressed snapshot; a damaged snapshot is klrec-corrupt", async () => {
    const state: MachineState = {
      at: 42,
      pages: new Map([["ram", new Map([[3, new Uint8Array(4096).fill(7)]])], ["vga", new Map()]]),
      core: { a: [1, null, undefined, true, "x", new Int32Array([-1, 2]), new Float64Array([0.5])], b: { c: new Uint8Array([9]) } },
    };
    const snap = await encodeSnapshot(state);
    const back = await decodeSnapshot(snap);
    expect(back.at).toBe(42);
    expect(back.pages.get("ram")!.get(3)).toEqual(new Uint8Array(4096).fill(7));
    expect(back.core).toEqual(state.core);
    const broken = { ...snap, compressed: snap.compressed.slice(0, 5) };
    await expect(decodeSnapshot(broken, "t.klrec")).rejects.toMatchObject({ diagnostics: [{ code: "klrec-corrupt" }] });
  });
});
