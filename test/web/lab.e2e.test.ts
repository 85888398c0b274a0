// End-to-end: the browser lab in Debian's chromium (playwright-core). Builds web/ into test-output/web/dist
// with scripts/build-web.ts, serves it on port 0 with web/server.ts, and drives the page: the sample kernel is
// built in the page (worker) and booted in v86, the serial banner arrives, the map shows .text at 1 MiB and
// the heap above .bss, an edit with an error is reported at its line, and page load → first serial line is
// measured (median of 5 first visits, each in a fresh browser context, then 5 reloads). Screenshot and timings
// go to test-output/web/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium } from "../helpers/chromium";
import { openLab, outDir } from "./lab-harness";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { LabServer } from "../../web/server";


const BANNER = /kernlab sample kernel/;

interface LabState {
  phase: string;
  firstSerialLineMs: number | null;
  serial: string;
  buildMs: number | null;
  marks: Record<string, number>;
  diagnostics: { text: string; location: { file: string; line: number; column: number } | null }[];
}
const labState = (page: Page) => page.evaluate(() => (globalThis as unknown as { kernlabLab: LabState }).kernlabLab) as Promise<LabState>;

async function waitForBanner(page: Page): Promise<void> {
  await page.waitForFunction((src) => {
    const s = (globalThis as unknown as { kernlabLab?: { serial: string; phase: string } }).kernlabLab;
    return !!s && (new RegExp(src).test(s.serial) || s.phase === "build-failed" || s.phase === "error");
  }, BANNER.source, { timeout: 90_000 });
  const s = await labState(page);
  if (!BANNER.test(s.serial)) {
    throw new Error(`no serial banner; phase ${s.phase}; status: ${await page.textContent("#status")}; diagnostics: ${s.diagnostics.map((d) => d.text).join("; ")}`);
  }
}

describe.skipIf(!haveChromium)("browser lab (chromium)", () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const cspViolations: string[] = []; // web/server.ts sends a strict Content-Security-Policy: the lab must live with it

  beforeAll(async () => {
    const lab = await openLab("dist");
    ({ server, browser } = lab);
    expect(lab.built.files.map((f) => f.path)).toEqual(expect.arrayContaining(["index.html", "main.js", "editor.js", "worker.js", "worker-main.js", "v86.wasm", "iced_x86_bg.wasm"]));
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !url.startsWith("blob:") && !url.startsWith("data:")) foreign.push(url);
    });
    page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("builds the sample kernel in the page, boots it, and draws its memory from guest RAM", { timeout: 180_000 }, async () => {
    await page.goto(server.url);
    await waitForBanner(page);
    // the map is redrawn live; wait until the heap has a top (kmalloc ran)
    await page.waitForSelector('#phys-map .band[data-kind="heap"]', { timeout: 30_000 });
    const bands = await page.$$eval("#phys-map .band", (els) => els.map((e) => ({
      name: (e as HTMLElement).dataset.name!, kind: (e as HTMLElement).dataset.kind!,
      start: parseInt((e as HTMLElement).dataset.start!, 16), end: parseInt((e as HTMLElement).dataset.end!, 16),
      top: (e as HTMLElement).getBoundingClientRect().top,
    })));
    const text = bands.find((b) => b.name === ".text")!;
    expect(text, JSON.stringify(bands)).toBeDefined();
    expect(text.start).toBe(0x00100000);
    const bss = bands.find((b) => b.name === ".bss")!;
    const heap = bands.find((b) => b.kind === "heap")!;
    expect(heap.start).toBeGreaterThanOrEqual(bss.end);
    expect(heap.top).toBeLessThan(bss.top); // drawn above .bss (high addresses at the top)
    expect(bands.find((b) => b.kind === "reserved")!.start).toBe(0);
    // the section table reads RAM: loaded sections equal the file
    const textRow = await page.textContent('#sections tr[data-section=".text"]');
    expect(textRow).toContain("0x00100000");
    expect(textRow).toContain("yes");
    // the inspector shows guest RAM at kmain: its hexdump names the symbol, its disassembly the prologue
    await page.waitForFunction(() => /<kmain>:\n0x00[0-9a-f]{6} +55 +push ebp/.test(document.getElementById("disasm")?.textContent ?? ""), undefined, { timeout: 30_000 });
    expect(await page.textContent("#hexdump")).toMatch(/^physical 0x001[0-9a-f]{5} {2}\(kmain\)/);
    await page.fill("#inspect-input", "kmalloc");
    await page.click("#inspect-form button");
    await page.waitForFunction(() => /^physical 0x001[0-9a-f]{5} {2}\(kmalloc\)/.test(document.getElementById("hexdump")?.textContent ?? ""));
    await page.waitForFunction(() => (document.getElementById("disasm")?.textContent ?? "").startsWith("<kmalloc>:"));
    // the layout checks of any kernel apply to the sample too: its layout's promises (verify's rulesFromLayout)
    await page.click("#check-btn");
    const checks = await page.evaluate(() => (globalThis as unknown as { kernlabLab: { checks: { pass: boolean; results: { rule: string; pass: boolean }[] } } }).kernlabLab.checks);
    expect(checks.results.map((r) => r.rule)).toEqual(expect.arrayContaining(["startsAt(.text, 0x00100000)", "noOverlap()", "sized(stack, 32768)"]));
    expect(checks.results.filter((r) => !r.pass)).toEqual([]);
    expect(await page.isVisible("#proofs-box")).toBe(true); // and its own nine proofs
    // the code editor (its own bundle, loaded after the boot) shows the sample's kernel/main.asm; nothing went wrong
    await page.waitForFunction(() => document.querySelectorAll("#editor .cm-line").length > 10, undefined, { timeout: 30_000 });
    expect(await page.textContent("#editor .cm-content")).toContain("kmain:");
    expect(await page.getAttribute("#status", "data-state"), await page.textContent("#status") ?? "").not.toBe("error");
    await page.screenshot({ path: join(outDir, "lab.png") });
    expect(foreign).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it("shows a build error at its file and line, and clicking it moves the caret there", { timeout: 120_000 }, async () => {
    await page.selectOption("#file-select", "kernel/main.asm");
    const line = await page.evaluate(() => {
      const ed = (globalThis as unknown as { kernlabEditor: { text: string } }).kernlabEditor; // the editor's test hook (web/README.md)
      const lines = ed.text.split("\n");
      const at = lines.findIndex((l) => /^\s*ret\b/.test(l)); // inside a function body
      lines.splice(at, 0, "        mov eax, ebx, ecx"); // no such form of mov
      ed.text = lines.join("\n");
      return at + 1;
    });
    await page.click("#build-btn");
    await page.waitForSelector("#diagnostics li", { timeout: 90_000 });
    const loc = await page.getAttribute("#diagnostics li", "data-location");
    expect(loc).toMatch(new RegExp(`^kernel/main\\.asm:${line}:\\d+$`));
    expect(await page.textContent("#diagnostics li")).toContain(`kernel/main.asm:${line}:`);
    await page.selectOption("#file-select", "kernel/heap.asm");
    await page.click("#diagnostics li");
    expect(await page.inputValue("#file-select")).toBe("kernel/main.asm");
    expect(await page.textContent("#cursor-pos")).toContain(`Ln ${line},`);
    // the error is marked inline on that line (CodeMirror's lint range) and in the lint gutter
    expect(await page.$$eval(".cm-line:has(.cm-lintRange-error)", (els) => els.map((e) => e.textContent))).toEqual(["        mov eax, ebx, ecx"]);
    expect(await page.locator(".cm-lint-marker-error").count()).toBeGreaterThan(0);
    expect(await page.getAttribute("#status", "data-state")).toBe("error");
  });

  it("measures page load → first serial line (median of 5, each in a fresh browser context)", { timeout: 600_000 }, async () => {
    // A newcomer's first visit: each sample opens the lab in a new browser context, so nothing is cached
    // (HTTP cache, V8's and WebAssembly's code caches). The same page reloaded (warm) is measured after it.
    type Sample = { firstSerialLineMs: number; buildMs: number | null; marks: Record<string, number> };
    const measure = async (p: Page): Promise<Sample> => {
      await p.goto(server.url);
      await waitForBanner(p);
      await p.waitForFunction(() => (globalThis as unknown as { kernlabLab: LabState }).kernlabLab.firstSerialLineMs !== null);
      const s = await labState(p);
      return { firstSerialLineMs: s.firstSerialLineMs!, buildMs: s.buildMs, marks: s.marks };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const loadBefore = loadavg()[0]!;
    const cold: Sample[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      const fresh = await context.newPage();
      fresh.on("request", (r) => { if (!r.url().startsWith(server.url) && !/^(blob|data):/.test(r.url())) foreign.push(r.url()); });
      cold.push(await measure(fresh));
      await context.close();
    }
    const warm: Sample[] = [];
    for (let i = 0; i < 5; i++) warm.push(await measure(page));
    const coldMs = cold.map((s) => s.firstSerialLineMs), warmMs = warm.map((s) => s.firstSerialLineMs);
    const timing = {
      medianFirstSerialLineMs: median(coldMs),
      method: "page load (navigation start) → first full COM1 line, headless Chromium, each sample in a fresh browser context (cold caches); the kernel is built in the page's worker and booted in the page",
      warmReloadMedianMs: median(warmMs),
      loadAverage1m: { before: loadBefore, after: loadavg()[0]! },
      cpus: cpus().length,
      samples: cold,
      warmSamples: warm,
    };
    writeFileSync(join(outDir, "timing.json"), JSON.stringify(timing, null, 2) + "\n");
    const list = (xs: number[]) => [...xs].sort((a, b) => a - b).map((v) => v.toFixed(0)).join(", ");
    console.log(`web lab: page load → first serial line: median ${timing.medianFirstSerialLineMs.toFixed(0)} ms of [${list(coldMs)}] (fresh context); ` +
      `reloads ${timing.warmReloadMedianMs.toFixed(0)} ms of [${list(warmMs)}]; load average ${loadBefore.toFixed(2)}`);
    expect(coldMs.every(Number.isFinite)).toBe(true);
    expect(foreign).toEqual([]);
  });
});
