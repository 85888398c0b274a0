// End-to-end: the lab's timeline (issue 18, "the layout over time") in Debian's chromium. The sample kernel is
// booted with Record on; when it ends the recorded run opens on the timeline (replayed in the page's timeline
// worker). A click on a checkpoint mark and a mouse drag of the slider to the end part of the run each show an
// instant whose instruction count, EIP, heap top, stack depth, map markers and address spaces equal what
// Node reads from guest RAM after running the same kernel the same way for that many instructions (Debugger
// step, machine.memory + registers). Sixty slider positions in one task run two seeks (coalesced).
// Screenshots: test-output/web/timeline-early.png, timeline-late.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { oraclesRequired } from "../helpers/oracles";
import { buildWeb, findRoot } from "../../scripts/build-web";
import { serveLab, type LabServer } from "../../web/server";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { readElf } from "../../toolchain/elf/read";
import { buildMemoryModel, kernelPaddr, STACK_PAINT, type LabMemoryModel } from "../../web/memory-model";
import { recordedBootOptions } from "../../web/reboot-timeline";
import { stackRange } from "../../verify/run";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && oraclesRequired) throw new Error(`chromium is required (KERNLAB_REQUIRE_ORACLES=1) but ${CHROMIUM} is missing`);

const root = findRoot();
const outDir = join(root, "test-output", "web");
const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");

interface Shown { count: number; eip: number; heapTop: string; stackDepth: string; markers: Record<string, string>; spaces: string[] }

describe.skipIf(!haveChromium)("browser lab timeline (chromium)", () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  let machine: Machine;

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const built = await buildWeb({ root, outDir: join(outDir, "dist-timeline") });
    server = await serveLab({ root: built.outDir, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    machine = await createMachine({ memoryMiB: 16 });
  }, 120_000);
  afterAll(async () => {
    machine?.destroy();
    await browser?.close();
    await server?.close();
  });

  /** What the page shows for the instant on the timeline. */
  const shown = (): Promise<Shown> => page.evaluate(() => {
    const v = (id: string) => document.getElementById(id)!.dataset.value ?? "";
    const markers: Record<string, string> = {};
    for (const m of document.querySelectorAll<HTMLElement>("#phys-map .marker")) markers[m.dataset.kind!] = m.dataset.addr!;
    return {
      count: Number(v("tl-count")), eip: Number(v("tl-eip")), heapTop: v("tl-heap"), stackDepth: v("tl-stack"), markers,
      spaces: [...document.querySelectorAll("#spaces h3")].map((h) => h.textContent ?? ""),
    };
  });
  const settled = () => page.waitForFunction(() => {
    const t = document.getElementById("timeline")!;
    return !t.hidden && t.dataset.busy === undefined && t.dataset.shown === (document.getElementById("tl-slider") as HTMLInputElement).value;
  }, undefined, { timeout: 30_000 });

  /** Node's reading of the same run at `count`: boot the page's ELF as the lab records it, step `count` instructions, read RAM. */
  async function expected(elfBytes: Uint8Array, count: number): Promise<{ model: LabMemoryModel; eip: number }> {
    const elf = readElf(elfBytes, "kernel.elf");
    const stack = stackRange(elf)!;
    const paint = [{ start: kernelPaddr(elf, stack.bottom), end: kernelPaddr(elf, stack.top), pattern: STACK_PAINT }];
    const run = machine.boot(elfBytes, { ...recordedBootOptions({ cmdline: null, paint }), debug: { startPaused: true } });
    await run.debug!.ready;
    await run.debug!.step(count);
    expect(run.debug!.instructions()).toBe(count);
    const registers = machine.registers();
    const model = buildMemoryModel({ elf, symbols: symbolTable(elfBytes), memory: machine.memory, registers });
    run.stop();
    await run.result;
    return { model, eip: registers.eip >>> 0 };
  }
  function compare(s: Shown, e: { model: LabMemoryModel; eip: number }, count: number): void {
    expect(s.count).toBe(count);
    expect(hex(s.eip)).toBe(hex(e.eip));
    expect(s.heapTop).toBe(e.model.heap?.top === null || !e.model.heap ? "" : String(e.model.heap.top));
    const st = e.model.stack!;
    expect(s.stackDepth).toBe(st.esp >= st.bottom && st.esp <= st.top ? String(st.top - st.esp) : "");
    expect(s.markers).toEqual(Object.fromEntries(e.model.markers.map((m) => [m.kind, hex(m.addr)])));
    expect(s.spaces).toEqual(e.model.addressSpaces.slice(0, 8).map((a) => `${a.label} (virtual)`));
  }

  it("records the sample's boot, then shows the layout at a checkpoint and late in the run as Node reads it from RAM", async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { phase: string } }).kernlabLab.phase === "ended", undefined, { timeout: 60_000 });
    const elfBytes = new Uint8Array(await page.evaluate(() => [...(globalThis as unknown as { kernlabLab: { elf: Uint8Array } }).kernlabLab.elf]));
    await page.check("#record-box");
    await page.click("#reset-btn");
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { timeline: { frame: unknown } | null } }).kernlabLab.timeline?.frame, undefined, { timeout: 60_000 });
    await settled();
    const end = Number(await page.getAttribute("#timeline", "data-end"));
    const run = await page.evaluate(() => (globalThis as unknown as { kernlabLab: { timeline: { end: number; events: number } } }).kernlabLab.timeline);
    expect(run.end).toBe(end);

    // the same kernel run unrecorded in Node ends at the same instruction
    const plain = machine.boot(elfBytes, { ...recordedBootOptions({ cmdline: null, paint: [] }) });
    expect((await plain.result).instructions).toBe(end);

    const marks = await page.$$eval(".tl-mark", (els) => els.map((e) => ({ kind: (e as HTMLElement).dataset.kind!, at: Number((e as HTMLElement).dataset.at) })));
    expect(marks.filter((m) => m.kind === "checkpoint").length).toBeGreaterThanOrEqual(3);
    expect(marks.filter((m) => m.kind === "exception").length).toBeGreaterThanOrEqual(1); // the sample's heap/stack collision faults
    expect(marks.at(-1)).toEqual({ kind: "exit", at: end });

    // early: the second checkpoint's mark
    const cp = marks.filter((m) => m.kind === "checkpoint")[1]!;
    await page.click(`.tl-mark[data-kind=checkpoint][data-at="${cp.at}"]`);
    await settled();
    const early = await shown();
    compare(early, await expected(elfBytes, cp.at), cp.at);
    await page.screenshot({ path: join(outDir, "timeline-early.png"), fullPage: true });

    // a mouse drag of the slider's thumb from there to 90% of its width
    const box = (await page.locator("#tl-slider").boundingBox())!;
    await page.mouse.move(box.x + 8 + (box.width - 16) * (cp.at / end), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 20 });
    await page.mouse.up();
    await settled();
    const dragged = await shown();
    expect(dragged.count).toBeGreaterThan(end * 0.8);
    compare(dragged, await expected(elfBytes, dragged.count), dragged.count);

    // late: 60 slider positions within one task (a fast drag) run two seeks, the first and the last
    const seeksBefore = Number(await page.getAttribute("#timeline", "data-seeks"));
    const lateAt = end - 1000;
    await page.evaluate(([from, to]) => {
      const slider = document.getElementById("tl-slider") as HTMLInputElement;
      for (let i = 1; i <= 60; i++) {
        slider.value = String(Math.round(from! + ((to! - from!) * i) / 60));
        slider.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }, [cp.at, lateAt]);
    await settled();
    expect(Number(await page.getAttribute("#timeline", "data-seeks")) - seeksBefore).toBe(2);
    const late = await shown();
    compare(late, await expected(elfBytes, lateAt), lateAt);
    expect(late.heapTop).not.toBe(early.heapTop); // the layout changed over time
    await page.screenshot({ path: join(outDir, "timeline-late.png"), fullPage: true });
  });
});
