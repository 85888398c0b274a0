// End-to-end: the lab's timeline (issue 18, "the layout over time") in Debian's chromium, over the replay core
// (replay/: .klrec, openReplay). The sample kernel is booted with Record on; when it ends the recording opens on
// the timeline (replayed in the page's timeline worker) and Save .klrec hands it out. A click on a checkpoint
// mark, a mouse drag of the slider, and 60 slider positions sent in one task (two seeks run: coalesced) each
// show an instant whose instruction count, EIP, heap top, stack depth, map markers and address spaces equal
// what Node reads from guest RAM (machine.memory, registers) after the API's Timeline (openReplay of the same
// file) seeks to that count; a click on the heap band dumps that instant's RAM. The shell, recorded with Record, gets "alloc 8192" typed into COM1; Timeline opens
// the run so far (it goes on): the input is marked, and the instants before it and at the end (heap top 8 KiB
// higher) are checked the same way. Then a .klrec made by the CLI (`kernlab run --record`, 128 MiB of RAM) is opened
// with the file input and checked the same way at its last exception; a truncated copy dropped on the page is
// refused with the format's error and the open recording stays usable. Last, a timer kernel's recording: the VGA
// text screen at two instants equals what Node's replay has in VGA memory there. Screenshots: test-output/web/timeline-early.png,
// timeline-late.png, timeline-cli.png, timeline-1280x720.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium } from "../helpers/chromium";
import { openLab, outDir, root } from "./lab-harness";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { LabServer } from "../../web/server";
import { symbolTable, type Machine } from "../../emulator/index";
import { createMachine } from "../../replay/machine";
import { readElf } from "../../toolchain/elf/read";
import { buildMemoryModel, kernelPaddr, STACK_PAINT, type LabMemoryModel } from "../../web/memory-model";
import { openReplay, readKlrec, type Replay } from "../../replay/index";
import { stackRange } from "../../verify/run";
import { vgaPlainText, VGA_TEXT_BASE, VGA_TEXT_BYTES } from "../../web/vga-text";
import { ttKernel } from "../replay/kernels";
import { markPositions } from "../../web/timeline-view";
import { hexdump } from "../../core/hexdump";


const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");

interface Shown { count: number; eip: number; heapTop: string; stackDepth: string; markers: Record<string, string>; spaces: string[] }

describe.skipIf(!haveChromium)("browser lab timeline (chromium)", () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  let machine: Machine;
  let big: Machine;

  beforeAll(async () => {
    ({ server, browser } = await openLab("dist-timeline"));
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    [machine, big] = await Promise.all([createMachine({ memoryMiB: 16 }), createMachine({ memoryMiB: 128 })]);
  }, 120_000);
  afterAll(async () => {
    machine?.destroy();
    big?.destroy();
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
  const marksOf = () => page.$$eval(".tl-mark", (els) => els.map((e) => ({ kind: (e as HTMLElement).dataset.kind!, at: Number((e as HTMLElement).dataset.at) })));

  /** The API's reading at `count`: the Timeline of the same recording seeks there; the model is read from the machine's RAM. */
  async function expected(replay: Replay, m: Machine, elfBytes: Uint8Array, count: number): Promise<{ model: LabMemoryModel; eip: number }> {
    await replay.seek(count);
    expect(replay.position()).toBe(count);
    const registers = m.registers();
    return { model: buildMemoryModel({ elf: readElf(elfBytes, "kernel.elf"), symbols: symbolTable(elfBytes), memory: m.memory, registers }), eip: registers.eip >>> 0 };
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
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#tl-save")]);
    expect(download.suggestedFilename()).toMatch(/\.klrec$/);
    const klrec = new Uint8Array(readFileSync((await download.path())!));
    const file = readKlrec(klrec);
    expect(file.header.end).toBe(end);
    expect(file.kernel).toEqual(elfBytes);

    // the same kernel recorded in Node ends at the same instruction (the page's run is the API's run)
    const elf = readElf(elfBytes, "kernel.elf");
    const stack = stackRange(elf)!;
    const paint = [{ start: kernelPaddr(elf, stack.bottom), end: kernelPaddr(elf, stack.top), pattern: STACK_PAINT }];
    expect((await machine.boot(elfBytes, { record: true, paint }).result).instructions).toBe(end);
    const replay = await openReplay(machine, klrec);
    expect(replay.end()).toBe(end);

    const marks = await marksOf();
    expect(marks).toEqual(markPositions(replay.events(), replay.end()).map(({ mark }) => ({ kind: mark.kind, at: mark.at })));
    expect(marks.filter((m) => m.kind === "checkpoint").length).toBeGreaterThanOrEqual(3);
    expect(marks.some((m) => m.kind === "exception")).toBe(true); // the sample's heap/stack collision faults
    expect(marks.at(-1)).toEqual({ kind: "exit", at: end });

    // early: the second checkpoint's mark
    const cp = marks.filter((m) => m.kind === "checkpoint")[1]!;
    await page.click(`.tl-mark[data-kind=checkpoint][data-at="${cp.at}"]`);
    await settled();
    const early = await shown();
    compare(early, await expected(replay, machine, elfBytes, cp.at), cp.at);
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
    compare(dragged, await expected(replay, machine, elfBytes, dragged.count), dragged.count);

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
    compare(late, await expected(replay, machine, elfBytes, lateAt), lateAt);
    expect(late.heapTop).not.toBe(early.heapTop); // the layout changed over time
    // a click on the heap band: the inspector dumps guest RAM of this instant (Node's replay stands there too)
    await page.click("#phys-map .band[data-kind=heap]");
    await page.waitForFunction((n) => (document.getElementById("hexdump")!.textContent ?? "").includes(`at instruction ${n}`), lateAt, { timeout: 30_000 });
    const heapStart = parseInt((await page.getAttribute("#phys-map .band[data-kind=heap]", "data-start"))!, 16);
    const dump = (await page.textContent("#hexdump"))!;
    expect(dump.split("\n")[1]).toBe(`${hexdump(machine.memory.bytes(heapStart, 16), heapStart).split("\n")[0]}  <__heap_start>`);
    await page.screenshot({ path: join(outDir, "timeline-late.png"), fullPage: true });
    await replay.close();
  });

  it("Timeline opens a recorded run that goes on (the shell): input typed on COM1 is marked and replayed", async () => {
    const elfBytes = new Uint8Array(await page.evaluate(() => [...(globalThis as unknown as { kernlabLab: { elf: Uint8Array } }).kernlabLab.elf]));
    await page.check("#record-box");
    await page.check("#shell-box");
    await page.click("#reset-btn");
    const serial = () => page.evaluate(() => (globalThis as unknown as { kernlabLab: { serial: string } }).kernlabLab.serial);
    await page.waitForFunction(() => /kernlab shell[\s\S]*> $/.test((globalThis as unknown as { kernlabLab: { serial: string } }).kernlabLab.serial), undefined, { timeout: 60_000 });
    await page.click("#terminal");
    await page.keyboard.type("alloc 8192\r");
    await page.waitForFunction(() => /alloc 8192[\s\S]*> $/.test((globalThis as unknown as { kernlabLab: { serial: string } }).kernlabLab.serial), undefined, { timeout: 30_000 });
    expect(await serial()).toMatch(/alloc 8192/);
    await page.click("#record-open-btn");
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { timeline: { name: string; frame: unknown } | null } }).kernlabLab.timeline?.frame, undefined, { timeout: 60_000 });
    await settled();
    expect(await page.evaluate(() => (globalThis as unknown as { kernlabLab: { phase: string } }).kernlabLab.phase)).toBe("running"); // the shell goes on
    const marks = await marksOf();
    const typed = marks.filter((m) => m.kind === "serial-in");
    expect(typed.length).toBeGreaterThanOrEqual(1);
    const end = Number(await page.getAttribute("#timeline", "data-end"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#tl-save")]);
    const replay = await openReplay(machine, new Uint8Array(readFileSync((await download.path())!)));
    expect(replay.end()).toBe(end);
    // just before the first byte typed, and at the end (after the alloc): the heap top moved, as Node's replay says
    const first = typed[0]!.at - 1;
    await page.evaluate((n) => { const sl = document.getElementById("tl-slider") as HTMLInputElement; sl.value = String(n); sl.dispatchEvent(new Event("input")); }, first);
    await settled();
    const a = await shown();
    compare(a, await expected(replay, machine, elfBytes, first), first);
    await page.focus("#tl-slider");
    await page.keyboard.press("End");
    await settled();
    const b = await shown();
    compare(b, await expected(replay, machine, elfBytes, end), end);
    expect(Number(b.heapTop) - Number(a.heapTop)).toBeGreaterThanOrEqual(8192);
    await replay.close();
    await page.uncheck("#shell-box");
    await page.click("#tl-close");
  });

  it("opens a .klrec made by kernlab run --record with the file input, refuses a truncated one", async () => {
    const elfBytes = new Uint8Array(await page.evaluate(() => [...(globalThis as unknown as { kernlabLab: { elf: Uint8Array } }).kernlabLab.elf]));
    const elfPath = join(outDir, "timeline-sample.elf"), klrecPath = join(outDir, "timeline-cli.klrec"), badPath = join(outDir, "timeline-truncated.klrec");
    writeFileSync(elfPath, elfBytes);
    rmSync(klrecPath, { force: true });
    const cli = spawnSync(process.execPath, [join(root, "bin/kernlab.js"), "run", "--record", klrecPath, elfPath], { cwd: root, encoding: "latin1", timeout: 60_000 });
    expect(cli.status, cli.stderr).toBe(0);
    const klrec = new Uint8Array(readFileSync(klrecPath));
    const file = readKlrec(klrec);
    expect(file.header.memoryMiB).toBe(128); // the CLI's default RAM, as QEMU's

    await page.setInputFiles("#klrec-input", klrecPath);
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { timeline: { name: string; frame: unknown } | null } }).kernlabLab.timeline?.name === "timeline-cli.klrec", undefined, { timeout: 60_000 });
    await settled();
    expect(Number(await page.getAttribute("#timeline", "data-end"))).toBe(file.header.end);
    const replay = await openReplay(big, klrec);
    const marks = await marksOf();
    expect(marks).toEqual(markPositions(replay.events(), replay.end()).map(({ mark }) => ({ kind: mark.kind, at: mark.at })));
    const last = marks.filter((m) => m.kind === "exception").at(-1)!;
    // the keyboard's End puts the slider at the run's end; "◀ event" goes back to the exit, then to the last exception
    await page.focus("#tl-slider");
    await page.keyboard.press("End");
    await settled();
    expect((await shown()).count).toBe(file.header.end);
    const before = marks.filter((m) => m.at < file.header.end).at(-1)!;
    await page.click("#tl-prev");
    await settled();
    expect((await shown()).count).toBe(before.at);
    if (before.at !== last.at) { await page.click("#tl-prev"); await settled(); }
    const s = await shown();
    compare(s, await expected(replay, big, elfBytes, last.at), last.at);
    await page.screenshot({ path: join(outDir, "timeline-cli.png"), fullPage: true });
    await replay.close();

    // a truncated copy dropped on the page (a drop of one .klrec goes to the timeline, not to the projects)
    const bad = klrec.subarray(0, Math.floor(klrec.length / 2));
    writeFileSync(badPath, bad);
    const dt = await page.evaluateHandle((bytes) => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(bytes)], "timeline-truncated.klrec"));
      return d;
    }, [...bad]);
    await page.dispatchEvent("body", "drop", { dataTransfer: dt });
    await page.waitForFunction(() => /timeline-truncated\.klrec:/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 30_000 });
    expect(await page.getAttribute("#status", "data-state")).toBe("error");
    // the same words as the CLI's refusal of the same file
    const refused = spawnSync(process.execPath, [join(root, "bin/kernlab.js"), "replay", "timeline-truncated.klrec"], { cwd: outDir, encoding: "latin1", timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(await page.textContent("#status")).toBe(refused.stderr.trim());
    // what was open stays open and usable
    await page.click("#tl-next");
    await settled();
    expect((await shown()).count).toBe(marks.find((m) => m.at > last.at)!.at);

    // at 1280x720 the timeline fits its pane: nothing clipped sideways, the buttons and readouts inside it
    await page.setViewportSize({ width: 1280, height: 720 });
    const fit = await page.evaluate(() => {
      const t = document.getElementById("timeline")!, box = t.getBoundingClientRect();
      const inside = [...t.querySelectorAll("button:not(.tl-mark), output, input")].every((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1;
      });
      return { clipped: t.scrollWidth > t.clientWidth, inside, slider: document.getElementById("tl-slider")!.getBoundingClientRect().width };
    });
    expect(fit).toEqual({ clipped: false, inside: true, slider: expect.any(Number) });
    expect(fit.slider).toBeGreaterThan(200);
    await page.screenshot({ path: join(outDir, "timeline-1280x720.png") });
  });

  it("the VGA text screen follows the slider (a timer kernel that prints a digit per tick)", async () => {
    const rec = machine.boot(ttKernel("tt-timer"), { record: true });
    await rec.result;
    const bytes = await rec.recording!.bytes();
    const path = join(outDir, "timeline-timer.klrec");
    writeFileSync(path, bytes);
    await page.setInputFiles("#klrec-input", path);
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { timeline: { name: string } | null } }).kernlabLab.timeline?.name === "timeline-timer.klrec", undefined, { timeout: 60_000 });
    await settled();
    const replay = await openReplay(machine, bytes);
    const screens: string[] = [];
    for (const n of [Math.floor(replay.end() / 4), replay.end()]) {
      await page.evaluate((c) => { const sl = document.getElementById("tl-slider") as HTMLInputElement; sl.value = String(c); sl.dispatchEvent(new Event("input")); }, n);
      await settled();
      await replay.seek(n);
      const text = await page.evaluate(() => (globalThis as unknown as { kernlabLab: { vgaText: string } }).kernlabLab.vgaText);
      expect(text).toBe(vgaPlainText(machine.memory.bytes(VGA_TEXT_BASE, VGA_TEXT_BYTES)));
      expect(await page.textContent("#vga-mode")).toBe(`VGA text at instruction ${n}`);
      screens.push(text);
    }
    expect(screens[0]).not.toBe(screens[1]); // more digits by the end
    expect(screens[1]).toMatch(/[0-7]{40}/);
    await replay.close();
  });
});
