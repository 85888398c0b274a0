// Where the patched v86.wasm comes from: every loader gets kernlab's v86 fixes (emulator/v86-fixes/). The CLI
// build ships it (dist/v86-fixed.wasm, keyed by the v86.wasm it was made from) and bin/kernlab.js compiles it
// early; without it the CLI keeps the module it patched in its cache folder; an early compile of anything else
// (v86.wasm as shipped, a stale or broken cache file) is not used. The browser loader patches too.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { nodeWasmBytes, nodeWasmModule, useNodeWasmModule } from "../../emulator/wasm-node";
import { browserWasmModule } from "../../emulator/wasm-browser";
import { appliedV86Fixes, APPLIED_SECTION, V86_FIXES } from "../../emulator/v86-fixes/index";
import { buildProbe, canRunProbes } from "../boot/harness";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kernlab-v86-fixed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every registered fix, in order (the section lists them joined by ","). */
const ALL = V86_FIXES.map((f) => f.id);
const fixesIn = (m: WebAssembly.Module) => WebAssembly.Module.customSections(m, APPLIED_SECTION).map((b) => new TextDecoder().decode(b));

describe("the patched v86.wasm", () => {
  it("Node: an early compile of v86.wasm as shipped is replaced by the patched module, which is cached on disk", async () => {
    useNodeWasmModule(WebAssembly.compile(nodeWasmBytes()), { dir, buildId: "test-build" });
    const m = await nodeWasmModule();
    expect(fixesIn(m)).toEqual([ALL.join(",")]);
    const cached = readFileSync(join(dir, "v86-fixed.wasm"));
    expect(appliedV86Fixes(cached)).toEqual(ALL);
  });

  it("browser: browserWasmModule patches the bytes it is given", async () => {
    expect(fixesIn(await browserWasmModule(nodeWasmBytes()))).toEqual([ALL.join(",")]);
    expect(fixesIn(await browserWasmModule(nodeWasmBytes(), { except: ALL }))).toEqual([]);
  });

  it("the CLI build ships the patched module, keyed by the v86.wasm it was made from", () => {
    const shipped = readFileSync(join(ROOT, "dist", "v86-fixed.wasm"));
    expect(appliedV86Fixes(shipped)).toEqual(ALL);
    const key = WebAssembly.Module.customSections(new WebAssembly.Module(shipped), "kernlab.v86-fixes-key").map((b) => new TextDecoder().decode(b));
    expect(key).toEqual([`prebuilt ${nodeWasmBytes().length}`]);
  });

  it.skipIf(!canRunProbes())("kernlab run: the CR3 probe passes from the shipped module, with no cache file and with a broken one", () => {
    const cache = join(dir, "cli");
    const run = () => spawnSync(process.execPath, [join(ROOT, "bin/kernlab.js"), "run", buildProbe("paging-cr3").path],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, KERNLAB_CACHE_DIR: cache } }).status;
    expect(run()).toBe(0x21);
    expect(existsSync(join(cache, "v86-fixed.wasm"))).toBe(false);   // the shipped module needed no patching
    expect(run()).toBe(0x21);
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, "v86-fixed.wasm"), "not wasm");
    expect(run()).toBe(0x21);
  });
});
