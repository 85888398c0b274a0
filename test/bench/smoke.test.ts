/**
 * Smoke run of `npm run bench` (bench/run.ts --smoke: tiny sizes): every workload produces numbers, the JSON has
 * the shape, ratios are kernlab over peer, and a missing peer is said instead of faked. It does not judge
 * speed (no wall-clock assertions); the full bench is `npm run bench`, outside `npm test`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";

interface Timed { median_s: number; min_s: number; max_s: number }
interface Rate { value: number }
interface Row {
  id: string; unit: string; kernlab: Timed | Rate | null;
  peer: ({ name: string } & (Timed | Rate)) | null; ratio: number | null; note?: string;
}
interface BenchJson { machine: Record<string, unknown>; results: Row[] }

const REQUIRED = ["asm-50k", "link-200-nasm", "link-200-gcc", "boot-whole", "boot-fresh-inproc", "boot-warm-16m",
  "sample-verify", "matrix-54-cold", "matrix-54-warm", "guest-cpu", "guest-cpu-default", "ram-read-64m", "gdb-roundtrip",
  "record-overhead", "record-bytes-per-100M", "seek-back-ms", "reverse-stepi-ms"];
/** Which oracle each workload's peer needs (null: the workload has no peer). */
const PEER: Record<string, "nasm" | "ld" | "qemu" | null> = {
  "asm-50k": "nasm", "link-200-nasm": "ld", "link-200-gcc": "ld", "boot-whole": "qemu", "boot-fresh-inproc": null,
  "sample-verify": null, "matrix-54-cold": null, "matrix-54-warm": null, "guest-cpu": "qemu", "guest-cpu-default": "qemu", "ram-read-64m": null,
  "gdb-roundtrip": "qemu", "reverse-stepi-ms": null,
};

const root = new URL("../..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "kernlab-bench-smoke-"));
let json: BenchJson;
let markdown: string;
let status: number | null;
let stderr: string;

beforeAll(() => {
  const r = spawnSync("node", ["--import", "tsx", "bench/run.ts", "--smoke", `--out=${out}`], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  status = r.status;
  stderr = r.stderr;
  json = JSON.parse(readFileSync(join(out, "smoke.json"), "utf8")) as BenchJson;
  markdown = readFileSync(join(out, "smoke.md"), "utf8");
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const isTimed = (s: unknown): s is Timed => typeof s === "object" && s !== null && "median_s" in s;
const positive = (n: unknown) => typeof n === "number" && Number.isFinite(n) && n > 0;

describe("bench/run.ts --smoke", () => {
  it("exits 0 with every workload done", () => {
    expect(stderr).toContain("bench: asm-50k");
    expect(json.results.filter((r) => r.note?.startsWith("failed"))).toEqual([]);
    expect(status).toBe(0);
  });

  it("writes the machine and every required id", () => {
    expect(json.machine).toMatchObject({ cpus: expect.any(Number), node: process.version, smoke: true });
    const ids = json.results.map((r) => r.id);
    for (const id of REQUIRED) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives numbers for kernlab in every row: timed rows ordered min ≤ median ≤ max, rates positive", () => {
    for (const r of json.results) {
      expect(r.kernlab, r.id).not.toBeNull();
      if (isTimed(r.kernlab)) {
        expect([r.kernlab.min_s, r.kernlab.median_s, r.kernlab.max_s].every(positive), r.id).toBe(true);
        expect(r.kernlab.min_s <= r.kernlab.median_s && r.kernlab.median_s <= r.kernlab.max_s, r.id).toBe(true);
        expect(r.unit, r.id).toBe("s");
      } else {
        expect(positive(r.kernlab!.value), r.id).toBe(true);
        expect(["boots/s", "layouts/s", "instr/s", "steps/s", "% of none", "% of unrecorded", "bytes", "ms"], r.id).toContain(r.unit);
      }
    }
    expect(json.results.find((r) => r.id === "boot-warm-16m")!.unit).toBe("boots/s");
  });

  it("states ratios as kernlab over peer, and only where a peer ran", () => {
    for (const r of json.results) {
      if (r.peer === null) { expect(r.ratio, r.id).toBeNull(); continue; }
      expect(typeof r.peer.name, r.id).toBe("string");
      if (isTimed(r.peer) && isTimed(r.kernlab)) {
        expect(r.ratio, r.id).toBeCloseTo(r.kernlab.median_s / r.peer.median_s, 6);
      } else if (!isTimed(r.peer) && !isTimed(r.kernlab)) {
        expect(r.ratio, r.id).toBeCloseTo(r.kernlab!.value / r.peer.value, 6);
      }
    }
  });

  it("runs each peer whose tool is installed and says so when it is not", () => {
    for (const [id, tool] of Object.entries(PEER)) {
      const row = json.results.find((r) => r.id === id)!;
      if (tool === null) { expect(row.peer, id).toBeNull(); continue; }
      if (oracle(tool)) expect(row.peer, id).not.toBeNull();
      else expect(row.note ?? "", id).toMatch(/not installed/);
    }
  });

  it("prints the same rows as a markdown table", () => {
    const lines = markdown.split("\n").filter((l) => l.startsWith("| "));
    expect(lines[0]).toMatch(/^\| workload \| unit \|/);
    for (const r of json.results) expect(lines.some((l) => l.startsWith(`| ${r.id} |`)), r.id).toBe(true);
  });
});
