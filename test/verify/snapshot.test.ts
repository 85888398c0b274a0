// Snapshots: stable text, create/compare/update through files, the readable diff lines, tolerances.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isKernlabError } from "../../core/diagnostics";
import { compareSnapshot, globToRegExp } from "../../verify/diff";
import { parseSnapshot, serializeSnapshot, takeSnapshot } from "../../verify/snapshot";
import { readSnapshotFile, writeSnapshotFile } from "../../verify/snapshot-file";
import { seedReport } from "./helpers/synthetic";

type R = ReturnType<typeof seedReport>;
const bent = (f: (r: R) => void) => { const r = seedReport(); f(r); return r; };
const sec = (r: R, n: string) => r.sections.find((s) => s.name === n)!;

describe("snapshot format", () => {
  it("is sorted, hex-addressed JSON with a trailing newline, identical for identical reports", () => {
    const text = serializeSnapshot(takeSnapshot(seedReport(), { symbols: ["kmain"] }));
    expect(text).toBe(serializeSnapshot(takeSnapshot(seedReport(), { symbols: ["kmain"] })));
    expect(text.endsWith("}\n")).toBe(true);
    const o = JSON.parse(text);
    expect(Object.keys(o)).toEqual(["entry", "format", "heap", "sections", "stack", "symbols"]);
    expect(o.sections[".data"]).toEqual({ align: 4096, flags: "WA", paddr: "0x00103000", size: 512, vaddr: "0x00103000" });
    expect(o.symbols).toEqual({ kmain: "0x00100020" });
    expect(o.stack).toEqual({ bottom: "0x00117000", highWater: 512, top: "0x0011b000" });
    expect(text).toContain('  "entry": "0x0010000c",\n');
  });

  it("takes only the chosen facts", () => {
    const s = takeSnapshot(seedReport(), { sections: [".text"], symbols: false, heap: false, highWater: false, entry: false });
    expect(s).toEqual({ format: "kernlab-layout-snapshot/1", sections: { ".text": { vaddr: "0x00100000", paddr: "0x00100000", size: 6144, align: 4096, flags: "AX" } },
      stack: { bottom: "0x00117000", top: "0x0011b000" } });
  });

  it("rejects malformed files with the file name and the field", () => {
    const fail = (text: string) => { try { parseSnapshot(text, "layout.json"); } catch (e) { if (isKernlabError(e)) return e.diagnostics[0]!; throw e; } throw new Error("accepted"); };
    expect(fail("{").text).toMatch(/^layout.json: not valid JSON/);
    expect(fail('{"format":"x"}').text).toBe('layout.json: format must be "kernlab-layout-snapshot/1", got "x"');
    expect(fail('{"format":"kernlab-layout-snapshot/1","symbols":{"kmain":4}}').text).toBe("layout.json: symbols.kmain must be a hex address string");
    expect(fail('{"format":"kernlab-layout-snapshot/1","tolerances":{"stack/highWater":"lots"}}').code).toBe("malformed-snapshot");
  });
});

describe("diff text", () => {
  const base = takeSnapshot(seedReport(), { symbols: ["kmain"] });

  it("identical snapshots: pass, no text", () => {
    expect(compareSnapshot(base, takeSnapshot(seedReport(), { symbols: ["kmain"] }))).toEqual({ pass: true, changes: [], text: "" });
  });

  it("says what moved, grew, and rose, in words", () => {
    const now = takeSnapshot(bent((r) => {
      sec(r, ".data").vaddr = 0x104000; sec(r, ".data").paddr = 0x104000;
      sec(r, ".bss").size += 512;
      r.symbols.kmain = 0x100040;
      r.stack!.highWater = 0x200 + 1229;
      sec(r, ".text").flags = "WAX";
      sec(r, ".rodata").align = 16;
    }), { symbols: ["kmain"] });
    const c = compareSnapshot(base, now);
    expect(c.pass).toBe(false);
    expect(c.text).toBe([
      ".bss grew by 512 bytes",
      ".data moved 0x00103000 -> 0x00104000 (+4096)",
      ".rodata alignment changed 4096 -> 16",
      ".text flags changed AX -> WAX",
      "stack high-water rose 1.2 KiB",
      "symbol kmain moved 0x00100020 -> 0x00100040 (+32)",
    ].join("\n") + "\n");
    expect(c.changes.find((x) => x.path === "sections/.data/vaddr")).toMatchObject({ before: "0x00103000", after: "0x00104000", delta: 4096, tolerated: false });
    // Only the load address moved: said as such.
    const lma = compareSnapshot(base, takeSnapshot(bent((r) => { sec(r, ".data").paddr = 0x203000; }), { symbols: ["kmain"] }));
    expect(lma.text).toBe(".data load address moved 0x00103000 -> 0x00203000 (+1048576)\n");
  });

  it("shrinking, falling, new and gone", () => {
    const now = takeSnapshot(bent((r) => {
      sec(r, ".bss").size -= 0x100;
      r.stack!.highWater = 0x100;
      r.sections = r.sections.filter((s) => s.name !== ".rodata");
      r.sections.push({ ...sec(r, ".data"), name: ".init", vaddr: 0x120000, paddr: 0x120000, size: 64 });
      r.heap!.end = 0x118000;
      r.kernel.entry = 0x100010;
    }), { symbols: ["kmain"] });
    expect(compareSnapshot(base, now).text).toBe([
      "entry point moved 0x0010000c -> 0x00100010 (+4)",
      ".bss shrank by 256 bytes",
      "new section .init at 0x00120000 (64 bytes)",
      "section .rodata is gone (was at 0x00102000, 256 bytes)",
      "heap end moved 0x00117000 -> 0x00118000 (+4096)",
      "stack high-water fell 256 B",
    ].join("\n") + "\n");
  });

  it("tolerances: within a bound passes and is reported as tolerated; beyond it fails; the most specific glob wins", () => {
    const tol = takeSnapshot(seedReport(), { symbols: ["kmain"], tolerances: { "stack/highWater": "1 KiB", "symbols/*": 64, "sections/*/size": "any", "sections/.bss/size": 16 } });
    const drift = takeSnapshot(bent((r) => { r.stack!.highWater = 0x200 + 1000; r.symbols.kmain = 0x100020 + 48; sec(r, ".text").size += 999; }), { symbols: ["kmain"] });
    const c = compareSnapshot(tol, drift);
    expect(c.pass).toBe(true);
    expect(c.text).toBe([
      ".text grew by 999 bytes (within tolerance any)",
      "stack high-water rose 1000 B (within tolerance ±1024)",
      "symbol kmain moved 0x00100020 -> 0x00100050 (+48) (within tolerance ±64)",
    ].join("\n") + "\n");
    const beyond = takeSnapshot(bent((r) => { r.stack!.highWater = 0x200 + 2000; sec(r, ".bss").size += 32; }), { symbols: ["kmain"] });
    const d = compareSnapshot(tol, beyond);
    expect(d.pass).toBe(false);
    expect(d.text).toBe(".bss grew by 32 bytes\nstack high-water rose 2 KiB\n");
    // Per-call tolerances override the file's.
    expect(compareSnapshot(tol, beyond, { tolerances: { "stack/highWater": 4096, "sections/.bss/size": 32 } }).pass).toBe(true);
    expect(globToRegExp("sections/*/size").test("sections/.bss/size")).toBe(true);
    expect(globToRegExp("sections/*").test("sections/.bss/size")).toBe(false);
    expect(globToRegExp("sections/**").test("sections/.bss/size")).toBe(true);
  });
});

describe("snapshot files", () => {
  it("create, compare, update atomically, keep the previous file on a failed write", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernlab-snap-"));
    const file = join(dir, "layout.json");
    expect(readSnapshotFile(file)).toBeNull();
    writeSnapshotFile(file, takeSnapshot(seedReport()));
    const first = readFileSync(file, "utf8");
    expect(compareSnapshot(readSnapshotFile(file)!, takeSnapshot(seedReport())).pass).toBe(true);
    const moved = takeSnapshot(bent((r) => { sec(r, ".bss").size += 512; }));
    expect(compareSnapshot(readSnapshotFile(file)!, moved).text).toBe(".bss grew by 512 bytes\n");
    writeSnapshotFile(file, moved);
    expect(compareSnapshot(readSnapshotFile(file)!, moved).pass).toBe(true);
    expect(readFileSync(file, "utf8")).not.toBe(first);
    expect(readdirSync(dir)).toEqual(["layout.json"]);
    // A write that cannot complete (target is a directory) leaves no temp file and the old file intact.
    expect(() => writeSnapshotFile(dir, moved)).toThrow();
    expect(readdirSync(dir)).toEqual(["layout.json"]);
    writeFileSync(file, "{ broken");
    expect(() => readSnapshotFile(file)).toThrow(/layout.json: not valid JSON/);
  });
});
