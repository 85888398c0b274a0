// End-to-end: the lab's debugger panel (web/debugger-view.ts) in Debian's chromium. The sample kernel boots
// with the debugger attached; "Stop at entry" and Reset stop it before its first instruction; a breakpoint on
// kmain (typed in the panel) is hit with EIP = kmain's address from the ELF's symbol table (read here, in
// Node, from the same build); a step moves EIP off kmain and the register panel shows it; a write watchpoint
// on the sample's alloc_log global hits with the writing instruction's EIP; a click on a call line sets a
// breakpoint and Step over stops after the call; a catch of vector 14 stops at the colliding process's #PF; the
// GDT table decodes the kernel code segment. Screenshot: test-output/web/debugger.png. Then a NASM project built
// in the page with DWARF line tables (test/web/fixtures/lines): a click in the editor's gutter sets a breakpoint
// on that source line (at the address objdump decodes for it), Continue stops there with that exact line
// highlighted, Step highlights the next one, Step line runs a line's instructions, Run to cursor goes to the
// caret's line; the toolbar's Pause/Continue drive the same debugger. Last, the vga-echo project with its C
// object built by gcc -m32 -g: a stop in kmain shows echo.c's line (addr2line's), Step line the next C line.
// Screenshot: test-output/web/debugger-lines.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium } from "../helpers/chromium";
import { openLab, outDir, root } from "./lab-harness";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { hasOracle } from "../helpers/oracles";
import type { LabServer } from "../../web/server";
import { buildSampleKernel } from "../../kernel/build";
import { loadSampleSources } from "../../kernel/sources";
import { symbolTable } from "../../emulator/symbols";


const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");

describe.skipIf(!haveChromium)("browser lab debugger (chromium)", () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser } = await openLab("dist"));
    page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const status = () => page.textContent("#dbg-status");
  const waitStop = (kind: string) =>
    page.waitForFunction((k) => document.getElementById("debug-panel")?.dataset.state === "stopped" && document.getElementById("debug-panel")?.dataset.stop === k, kind, { timeout: 30_000 });

  it("stops at entry, breaks on kmain, steps, steps over a call, runs to the cursor, catches a write and a #PF", async () => {
    const { elf } = buildSampleKernel({ files: loadSampleSources() });
    const symbols = symbolTable(elf);
    const kmain = symbols.address("kmain")!;
    const allocLog = symbols.address("alloc_log")!;
    expect(kmain).toBeGreaterThan(0);

    await page.goto(server.url);
    await page.waitForFunction(() => /kernlab sample kernel/.test((globalThis as unknown as { kernlabLab: { serial: string } }).kernlabLab.serial), undefined, { timeout: 60_000 });
    await page.check("#dbg-start-paused");
    await page.click("#reset-btn");
    await waitStop("entry");
    expect(await status()).toMatch(/first instruction/);

    await page.fill("#dbg-bp-input", "kmain");
    await page.click("#dbg-bp-form button[type=submit]");
    expect(await page.textContent("#dbg-bps")).toContain("kmain");
    await page.click("#dbg-cont");
    await waitStop("breakpoint");
    expect(await status()).toContain(`at kmain`);
    const regs = (await page.textContent("#dbg-regs"))!;
    expect(regs).toContain(`EIP ${hex(kmain)}  kmain`);
    await page.waitForSelector("#dbg-disasm .dbg-current");
    expect(await page.textContent("#dbg-disasm .dbg-current")).toContain(hex(kmain));
    // the editor (kernel/main.asm is open) marks the kmain: line, a breakpoint and the current label at once
    await page.waitForSelector("#editor .cm-debug-gutter .cm-debug-both", { timeout: 30_000 });
    const kmainLine = (await page.evaluate(() => (globalThis as unknown as { kernlabEditor: { text: string } }).kernlabEditor.text)).split("\n").findIndex((l) => /^kmain:/.test(l)) + 1;
    const markTop = await page.$eval("#editor .cm-debug-gutter .cm-debug-both", (e) => e.getBoundingClientRect().top);
    const lineTop = await page.$$eval("#editor .cm-lineNumbers .cm-gutterElement", (els, n) => els.find((e) => e.textContent === String(n))?.getBoundingClientRect().top ?? -1, kmainLine);
    expect(Math.abs(markTop - lineTop)).toBeLessThan(4);

    await page.click("#dbg-step");
    await page.waitForFunction((k) => document.getElementById("debug-panel")?.dataset.stop === "step" && !(document.getElementById("dbg-regs")?.textContent ?? "").includes(k), `EIP ${hex(kmain)} `, { timeout: 30_000 });
    const eip = /EIP (0x[0-9a-f]{8})/.exec((await page.textContent("#dbg-regs"))!)![1]!;
    expect(parseInt(eip, 16)).toBeGreaterThan(kmain);
    expect(parseInt(eip, 16)).toBeLessThan(kmain + 16);
    expect(await page.textContent("#dbg-regs")).toMatch(/EFLAGS 0x[0-9a-f]{8} \[.*\] IOPL=0/);
    expect(await page.textContent("#dbg-regs")).toMatch(/CR0 0x[0-9a-f]{8}/);

    // a click on a `call` line of the disassembly sets a breakpoint there; Step over stops after the call
    const call = await page.$$eval("#dbg-disasm .dbg-line", (rows) => {
      const r = rows.find((e) => /\bcall\b/.test(e.textContent ?? ""));
      return r ? { address: Number((r as HTMLElement).dataset.address), next: Number(((r.nextElementSibling ?? r) as HTMLElement).dataset.address) } : null;
    });
    expect(call).not.toBeNull();
    await page.click(`#dbg-disasm .dbg-line[data-address="${call!.address}"]`);
    await page.waitForSelector(`#dbg-disasm .dbg-line.dbg-bp[data-address="${call!.address}"]`);
    expect(await page.textContent("#dbg-bps")).toContain(hex(call!.address).slice(2));
    await page.click("#dbg-cont");
    await page.waitForFunction((a) => document.getElementById("debug-panel")?.dataset.stop === "breakpoint" && (document.getElementById("dbg-regs")?.textContent ?? "").includes(`EIP ${a}`), hex(call!.address), { timeout: 30_000 });
    await page.click("#dbg-over");
    await page.waitForFunction(() => document.getElementById("debug-panel")?.dataset.stop === "step" && /one-time breakpoint/.test(document.getElementById("dbg-status")?.textContent ?? ""), undefined, { timeout: 30_000 });
    expect(await page.textContent("#dbg-regs")).toContain(`EIP ${hex(call!.next)}`);

    // Run to cursor: the caret on kernel/main.asm's `.magic_ok:` line runs to kmain.magic_ok
    const magicOk = symbols.address("kmain.magic_ok")!;
    expect(magicOk).toBeGreaterThan(kmain);
    await page.locator("#editor .cm-line", { hasText: /^\.magic_ok:\s*$/ }).click();
    await page.click("#dbg-run-to-cursor");
    await page.waitForFunction((a) => (document.getElementById("dbg-regs")?.textContent ?? "").includes(`EIP ${a}`), hex(magicOk), { timeout: 30_000 });
    expect(await status()).toBe(`stopped at kmain.magic_ok (a one-time breakpoint)`);

    await page.fill("#dbg-wp-input", "alloc_log");
    await page.click("#dbg-wp-form button[type=submit]");
    await page.click("#dbg-cont");
    await waitStop("watchpoint");
    const hit = (await status())!;
    expect(hit).toMatch(new RegExp(`watchpoint \\d+: write of alloc_log \\(4 bytes\\) by the instruction at (kmalloc[\\w.]*)\\+0x[0-9a-f]+: old 00 00 00 00 → new ([0-9a-f]{2} ){3}[0-9a-f]{2}$`));
    expect(hit).not.toMatch(/new 00 00 00 00$/);

    // EIP is in heap.asm's kmalloc now: main.asm keeps only its breakpoint mark
    await page.waitForFunction(() => !document.querySelector("#editor .cm-debug-both") && !!document.querySelector("#editor .cm-debug-breakpoint"));
    // catch #PF (vector 14): the sample's colliding process faults, and the stop names it
    await page.click("#dbg-catch-box summary");
    await page.check('#dbg-catch input[data-vector="14"]');
    await page.click("#dbg-cont");
    await waitStop("vector");
    expect(await status()).toMatch(/^caught vector 14 \(#PF\) error code 0x[0-9a-f]{8} CR2=0x[0-9a-f]{8} at /);
    expect(await status()).toMatch(/ at 0x0804[0-9a-f]{4}$/); // a user address far from every kernel symbol stays hex
    await page.click("#dbg-tables-box summary");
    expect(await page.textContent("#dbg-tables")).toMatch(/0008 +0x00000000 0xffffffff 9[ab] .* code DPL 0/);
    await page.screenshot({ path: join(outDir, "debugger.png"), fullPage: true });

    // Reset while stopped: the old run ends, the new one (no entry stop) prints its banner again
    const boots = await page.evaluate(() => (globalThis as unknown as { kernlabLab: { boots: number } }).kernlabLab.boots);
    await page.uncheck("#dbg-start-paused");
    await page.click("#reset-btn");
    await page.waitForFunction((b) => {
      const s = (globalThis as unknown as { kernlabLab: { boots: number; serial: string } }).kernlabLab;
      return s.boots === b + 1 && /kernlab sample kernel/.test(s.serial);
    }, boots, { timeout: 30_000 });
    expect(await page.getAttribute("#debug-panel", "data-state")).not.toBe("stopped");
    expect(await page.textContent("#dbg-bps")).toBe("");
  }, 60_000);

  it("with DWARF line tables: a gutter click breaks on that exact line, the stop and a step highlight the exact lines", async () => {
    // test/web/fixtures/lines: boot.asm built in the page with "debug": "dwarf" (kernlab.json); the line numbers
    // are the source's, the addresses the line table's as objdump decodes it from the CLI's build of the same recipe
    const dir = join(root, "test", "web", "fixtures", "lines");
    const src = readFileSync(join(dir, "boot.asm"), "utf8").split("\n");
    const lineOf = (re: RegExp) => src.findIndex((l) => re.test(l)) + 1;
    const [movEsp, comment, add, store] = [lineOf(/^\s+mov esp, stack_top/), lineOf(/a comment: no code/), lineOf(/^\s+add eax, ebx/), lineOf(/^\s+mov \[result\], eax/)];
    const [times, movEcx, inc, jmp] = [lineOf(/^\s+times 3 inc edx/), lineOf(/^\s+mov ecx, edx/), lineOf(/^\s+inc ecx/), lineOf(/^\s+jmp \.spin/)];
    const tmp = mkdtempSync(join(tmpdir(), "kl-lines-"));
    const built = spawnSync(process.execPath, [join(root, "bin", "kernlab.js"), "build", "--recipe", join(dir, "kernlab.json"), "-o", join(tmp, "k.elf")]);
    expect(built.status, built.stderr.toString()).toBe(0);
    const addressOf = (line: number) => {
      const row = execFileSync("objdump", ["--dwarf=decodedline", join(tmp, "k.elf")]).toString().split("\n").find((l) => new RegExp(`boot\\.asm\\s+${line}\\s`).test(l));
      return parseInt(/\s(0x[0-9a-f]+)\s/.exec(row ?? "")?.[1] ?? "-1", 16);
    };

    await page.check("#dbg-start-paused");
    await page.setInputFiles("#folder-input", dir);
    await page.waitForFunction(() => document.getElementById("debug-panel")?.dataset.stop === "entry" && document.getElementById("debug-panel")?.dataset.state === "stopped", undefined, { timeout: 60_000 });
    expect(await page.textContent("#pause-btn")).toBe("Continue"); // the toolbar knows the run is stopped
    await page.click("#editor"); // loads the code editor now
    await page.waitForSelector("#editor .cm-debug-gutter .cm-debug-current", { timeout: 30_000 });
    expect(await page.getAttribute("#debug-panel", "data-line")).toBe(`boot.asm:${movEsp}`);

    const top = (sel: string) => page.$eval(sel, (e) => e.getBoundingClientRect().top);
    const lineTop = (n: number) => page.$$eval("#editor .cm-lineNumbers .cm-gutterElement", (els, k) => els.find((e) => e.textContent === String(k))?.getBoundingClientRect().top ?? -1, n);
    // a click in the debugger's gutter beside the comment line: no code there, so the breakpoint goes to the next line that has some
    const gutter = await page.$eval("#editor .cm-debug-gutter", (e) => { const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2 }; });
    await page.mouse.click(gutter.x, (await lineTop(comment)) + 6);
    await page.waitForSelector("#editor .cm-debug-breakpoint");
    expect(Math.abs((await top("#editor .cm-debug-breakpoint")) - (await lineTop(add)))).toBeLessThan(4);
    expect(await page.textContent("#dbg-bps")).toContain(`${hex(addressOf(add))}`);
    expect(await page.textContent("#dbg-bps")).toContain(`boot.asm:${add}`);

    await page.click("#dbg-cont");
    await waitStop("breakpoint");
    expect(await page.getAttribute("#debug-panel", "data-line")).toBe(`boot.asm:${add}`);
    expect(await page.textContent("#dbg-regs")).toContain(`EIP ${hex(addressOf(add))}`);
    await page.waitForSelector("#editor .cm-debug-both");
    expect(Math.abs((await top("#editor .cm-debug-both")) - (await lineTop(add)))).toBeLessThan(4);
    expect(Math.abs((await top("#editor .cm-debug-line")) - (await lineTop(add)))).toBeLessThan(4);
    expect(await page.textContent("#dbg-disasm")).toContain(`boot.asm:${add}  add eax, ebx`);
    expect(await page.textContent("#dbg-status")).toContain(`[boot.asm:${add}]`);
    expect(await page.textContent("#dbg-regs")).toContain(`boot.asm:${add}`);

    await page.click("#dbg-step");
    await page.waitForFunction((want) => document.getElementById("debug-panel")?.dataset.line === want, `boot.asm:${store}`, { timeout: 30_000 });
    expect(await page.textContent("#dbg-regs")).toContain(`EIP ${hex(addressOf(store))}`);
    await page.waitForFunction((t) => Math.abs((document.querySelector("#editor .cm-debug-current")?.getBoundingClientRect().top ?? -99) - t) < 4, await lineTop(store));
    expect(Math.abs((await top("#editor .cm-debug-breakpoint")) - (await lineTop(add)))).toBeLessThan(4); // the breakpoint stays
    await page.screenshot({ path: join(outDir, "debugger-lines.png"), fullPage: true });

    // Step (one instruction) onto the `times 3` line, then Step line: its three instructions run, EDX = 3
    const edxBefore = parseInt(/EDX (0x[0-9a-f]{8})/.exec((await page.textContent("#dbg-regs"))!)![1]!, 16);
    await page.click("#dbg-step");
    await page.waitForFunction((want) => document.getElementById("debug-panel")?.dataset.line === want, `boot.asm:${times}`, { timeout: 30_000 });
    await page.click("#dbg-step-line");
    await page.waitForFunction((want) => document.getElementById("debug-panel")?.dataset.line === want, `boot.asm:${movEcx}`, { timeout: 30_000 });
    expect(await page.textContent("#dbg-regs")).toContain(`EDX ${hex(edxBefore + 3)}`);
    expect(await page.textContent("#dbg-regs")).toContain(`EIP ${hex(addressOf(movEcx))}`);
    // Run to cursor with line tables: the caret's line, not the label above it
    await page.locator("#editor .cm-line", { hasText: /^\s*jmp \.spin/ }).click();
    await page.click("#dbg-run-to-cursor");
    await page.waitForFunction((want) => document.getElementById("debug-panel")?.dataset.line === want, `boot.asm:${jmp}`, { timeout: 30_000 });
    expect(await page.textContent("#dbg-regs")).toContain(`EIP ${hex(addressOf(jmp))}`);

    // the toolbar's Continue is the debugger's; its Pause stops in the debugger with the registers shown
    await page.click("#pause-btn");
    await page.waitForFunction(() => document.getElementById("debug-panel")?.dataset.state === "running");
    await page.click("#pause-btn");
    await waitStop("interrupted");
    const eip = parseInt(/EIP (0x[0-9a-f]{8})/.exec((await page.textContent("#dbg-regs"))!)![1]!, 16);
    expect([addressOf(inc), addressOf(jmp)]).toContain(eip); // in the .spin loop
    expect([`boot.asm:${inc}`, `boot.asm:${jmp}`]).toContain(await page.getAttribute("#debug-panel", "data-line"));
    await page.uncheck("#dbg-start-paused");
  }, 90_000);

  it.skipIf(!hasOracle("gcc-m32") || !hasOracle("addr2line"))("a gcc -m32 -g object in the project: a stop in C shows its .c line, Step line goes to the next C line", async () => {
    // test/web/fixtures/vga-echo with echo.o from gcc -m32 -g -O0 (DWARF 5, its file named by an absolute path)
    const tmp = mkdtempSync(join(tmpdir(), "kl-lines-c-"));
    const project = join(tmp, "vga-echo");
    cpSync(join(root, "test", "web", "fixtures", "vga-echo"), project, { recursive: true });
    execFileSync("gcc", ["-m32", "-ffreestanding", "-O0", "-g", "-fno-pic", "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-c", "echo.c", "-o", "echo.o"], { cwd: project });
    const built = spawnSync(process.execPath, [join(root, "bin", "kernlab.js"), "build", "-o", "../k.elf"], { cwd: project });
    expect(built.status, built.stderr.toString()).toBe(0);
    const lineOf = (addr: number) => Number(/echo\.c:(\d+)/.exec(execFileSync("addr2line", ["-e", join(tmp, "k.elf"), hex(addr)]).toString())?.[1] ?? -1);
    const kmain = symbolTable(new Uint8Array(readFileSync(join(tmp, "k.elf")))).address("kmain")!;

    await page.check("#dbg-start-paused");
    await page.setInputFiles("#folder-input", project);
    await page.waitForFunction(() => document.getElementById("debug-panel")?.dataset.stop === "entry", undefined, { timeout: 60_000 });
    await page.fill("#dbg-bp-input", "kmain");
    await page.click("#dbg-bp-form button[type=submit]");
    await page.click("#dbg-cont");
    await waitStop("breakpoint");
    expect(await page.getAttribute("#debug-panel", "data-line")).toBe(`echo.c:${lineOf(kmain)}`);
    expect(await page.inputValue("#file-select")).toBe("echo.c"); // the editor followed the stop into the C file
    await page.waitForSelector("#editor .cm-debug-both");
    await page.click("#dbg-step-line");
    await page.waitForFunction((k) => document.getElementById("debug-panel")?.dataset.state === "stopped" && document.getElementById("debug-panel")?.dataset.line !== k, `echo.c:${lineOf(kmain)}`, { timeout: 30_000 });
    const eip = parseInt(/EIP (0x[0-9a-f]{8})/.exec((await page.textContent("#dbg-regs"))!)![1]!, 16);
    expect(await page.getAttribute("#debug-panel", "data-line")).toBe(`echo.c:${lineOf(eip)}`);
    expect(lineOf(eip)).toBeGreaterThan(lineOf(kmain));
    await page.screenshot({ path: join(outDir, "debugger-lines-c.png"), fullPage: true });
    await page.uncheck("#dbg-start-paused");
  }, 90_000);
});
