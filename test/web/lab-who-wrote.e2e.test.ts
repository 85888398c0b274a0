// End-to-end: "Who wrote this?" in the lab (issue 18) in Debian's chromium. The reverse-execution kernel
// (test/replay/fixtures/reverse-kernel.asm: `store` writes counter five times, `result` is written once at the
// end) is recorded in Node and opened on the lab's timeline. With the slider at the recording's end, the
// inspector's address (the symbol typed, then its hexdump row clicked) is asked about: the instruction count,
// EIP, symbol, old and new bytes the page shows equal replay/reverse.ts's whoWrote over the same recording in
// Node (openReplay), and "seek there" / "after" stand the timeline just before and just after that write.
// Then the timeline's own field asks about `result` before it was written: "nothing wrote it", as in Node;
// two questions sent in one task: the second one's answer is what the panel shows.
// Screenshot: test-output/web/who-wrote.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium } from "../helpers/chromium";
import { openLab, outDir } from "./lab-harness";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { LabServer } from "../../web/server";
import { symbolTable, type Machine } from "../../emulator/index";
import { createMachine } from "../../replay/machine";
import { openReplay } from "../../replay/index";
import { whoWrote, type WriteRecord } from "../../replay/reverse";
import { buildReverseKernel } from "../replay/reverse-kernel";


const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");
const bytes = (b: Uint8Array | null) => (b ? Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ") : "–");

interface Answer { state: string; text: string; at: string; eip: string; symbol: string; old: string; new: string }

describe.skipIf(!haveChromium)("browser lab: who wrote this? (chromium)", () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  let machine: Machine;

  beforeAll(async () => {
    ({ server, browser } = await openLab("dist-who"));
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    machine = await createMachine({ memoryMiB: 4 });
  }, 120_000);
  afterAll(async () => {
    machine?.destroy();
    await browser?.close();
    await server?.close();
  });

  const settled = () => page.waitForFunction(() => {
    const t = document.getElementById("timeline")!;
    return !t.hidden && t.dataset.busy === undefined && t.dataset.shown === (document.getElementById("tl-slider") as HTMLInputElement).value;
  }, undefined, { timeout: 30_000 });
  const answered = () => page.waitForFunction(() => /^(found|none|error)$/.test(document.getElementById("tl-who-answer")!.dataset.state ?? ""), undefined, { timeout: 30_000 });
  const answer = (): Promise<Answer> => page.evaluate(() => {
    const o = document.getElementById("tl-who-answer")!;
    const d = o.dataset;
    return { state: d.state ?? "", text: o.textContent ?? "", at: d.at ?? "", eip: d.eip ?? "", symbol: d.symbol ?? "", old: d.old ?? "", new: d.new ?? "" };
  });
  const shown = () => page.evaluate(() => ({
    count: Number(document.getElementById("tl-count")!.dataset.value), eip: Number(document.getElementById("tl-eip")!.dataset.value),
  }));

  it("answers as whoWrote does in Node, from the inspector and from the timeline's field, and seeks to the write", async () => {
    const kernel = buildReverseKernel();
    const symbols = symbolTable(kernel);
    const counter = symbols.address("counter")!, result = symbols.address("result")!;
    const run = machine.boot(kernel, { record: true, timeout: { instructions: 10_000 } });
    expect((await run.result).verdict).toEqual({ kind: "exited", code: 22 });
    const klrec = await run.recording!.bytes();
    const path = join(outDir, "who-wrote.klrec");
    writeFileSync(path, klrec);
    const replay = await openReplay(machine, klrec);
    const end = replay.end();

    await page.goto(server.url);
    // the page boots its sample kernel first (a boot closes the timeline): open the recording after it
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { phase: string } }).kernlabLab.phase === "ended", undefined, { timeout: 60_000 });
    await page.setInputFiles("#klrec-input", path);
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: { timeline: { name: string; frame: unknown } | null } }).kernlabLab.timeline?.name === "who-wrote.klrec", undefined, { timeout: 60_000 });
    await settled();
    expect(Number(await page.getAttribute("#timeline", "data-end"))).toBe(end);

    // late: the slider at the recording's end
    await page.focus("#tl-slider");
    await page.keyboard.press("End");
    await settled();
    expect((await shown()).count).toBe(end);

    // the inspector: the symbol typed and inspected, its hexdump row clicked, then "Who wrote this?"
    await page.fill("#inspect-input", "counter");
    await page.press("#inspect-input", "Enter");
    await page.waitForFunction((n) => (document.getElementById("hexdump")!.textContent ?? "").includes(`at instruction ${n}`), end, { timeout: 30_000 });
    await page.fill("#inspect-input", "");
    await page.click(`#hexdump span[data-addr="${hex(counter)}"]`);
    expect(await page.inputValue("#inspect-input")).toBe(hex(counter));
    await page.click("#who-btn");
    await answered();
    const a = await answer();

    const w: WriteRecord | null = await whoWrote(replay, counter, 4, { at: end, physical: true, symbols });
    expect(w).not.toBeNull();
    // what really ran: the fifth store of `store` made counter 15 (5+4+3+2+1) from 14
    expect(w!.symbol).toBe("store");
    expect([...w!.oldValue!]).toEqual([14, 0, 0, 0]);
    expect([...w!.newValue!]).toEqual([15, 0, 0, 0]);
    expect(a).toEqual({
      state: "found", at: String(w!.at), eip: String(w!.eip), symbol: w!.symbol, old: bytes(w!.oldValue), new: bytes(w!.newValue),
      text: `${hex(counter)} (4 bytes) before instruction ${end}: written at instruction ${w!.at} by ${hex(w!.eip)} store, 0e 00 00 00 → 0f 00 00 00`,
    });
    expect(await page.inputValue("#tl-who-addr")).toBe(hex(counter));
    await page.screenshot({ path: join(outDir, "who-wrote.png"), fullPage: true });

    // seek there: just before the write (EIP = the writer, as Node's replay stands there); after: one later
    await page.click("#tl-who-before");
    await settled();
    await replay.seek(w!.at);
    expect(await shown()).toEqual({ count: w!.at, eip: machine.registers().eip >>> 0 });
    expect((await shown()).eip).toBe(w!.eip);
    await page.click("#tl-who-after");
    await settled();
    expect((await shown()).count).toBe(w!.at + 1);

    // the timeline's field: `result` (1 byte) is written only after the loop: nothing wrote it before this instant
    await page.fill("#tl-who-addr", "result");
    await page.fill("#tl-who-len", "1");
    await page.click("#tl-who-btn");
    await answered();
    const none = await whoWrote(replay, result, 1, { at: w!.at + 1, physical: true, symbols });
    expect(none).toBeNull();
    expect(await answer()).toMatchObject({ state: "none", at: "", text: `${hex(result)} before instruction ${w!.at + 1}: nothing wrote it since the start of the recording` });
    expect(await page.isDisabled("#tl-who-before")).toBe(true);

    // two questions in one task: the newer one aborts the older if it still runs (the worker answers it "cancelled"); the newer one's answer is shown
    const cancelled = () => page.evaluate(() => Number(document.getElementById("timeline")!.dataset.whoCancelled ?? 0));
    expect(await cancelled()).toBe(0);
    await page.evaluate(() => {
      const f = document.querySelector<HTMLFormElement>("#timeline form.tl-who")!;
      (document.getElementById("tl-who-len") as HTMLInputElement).value = "4";
      (document.getElementById("tl-who-addr") as HTMLInputElement).value = "result";
      f.requestSubmit();
      (document.getElementById("tl-who-addr") as HTMLInputElement).value = "counter";
      f.requestSubmit();
    });
    await answered();
    expect(await answer()).toMatchObject({ state: "found", at: String(w!.at), eip: String(w!.eip) });
    // the older one was cancelled, unless the worker answered it before the newer arrived (a whoWrote over this
    // 38-instruction recording takes a few ms): either way it is never shown over the newer one
    expect(await cancelled()).toBeLessThanOrEqual(1);
    await replay.close();
  });
});
