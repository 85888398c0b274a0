// End-to-end: the browser lab with a kernel of the user's own (issue 20), in Debian's chromium
// (playwright-core). The project is test/web/fixtures/vga-echo: a NASM entry, a C object compiled here by
// gcc -m32 (the oracle: a prebuilt object the lab links as it is), its own GNU ld script and a kernlab.json.
// The folder is opened in the page, built in the page's worker (the ELF must equal `kernlab build`'s, and a
// source error must read as the CLI's), booted; its VGA text appears in colour, typing into the screen
// reaches the guest's PS/2 keyboard and comes back on screen and COM1; the layout checks (verify's rules)
// run, a snapshot is frozen, an edit that moves .data is rebuilt with Ctrl-B and the diff says so; the
// project survives a reload (IndexedDB), a share link reproduces it, "Download" gives it back, a dropped
// .tar opens; nothing overlaps at 1280x720 and 1920x1080 and a narrow window stacks the panes.
// Screenshots of each state go to test-output/web/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium } from "../helpers/chromium";
import { openLab, outDir, root } from "./lab-harness";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { formatDiagnostics, type Diagnostic } from "../../core/diagnostics";
import { oracle } from "../helpers/oracles";
import type { LabServer } from "../../web/server";
import { readTar, writeTar } from "../../web/archive";
import { kernelPath } from "../emulator/kernels";

const canRun = haveChromium && oracle("gcc-m32") && oracle("nasm") && oracle("ld");

const BANNER = "vga-echo: type here";

interface Lab {
  phase: string; serial: string; vgaText: string; boots: number; project: string | null; elf: Record<string, number> | null;
  diagnostics: Diagnostic[];
  checks: { pass: boolean; results: { rule: string; pass: boolean; message: string }[]; diff: string | null } | null;
}
const lab = (page: Page) => page.evaluate(() => {
  const s = (globalThis as unknown as { kernlabLab: Lab }).kernlabLab;
  return { ...s, model: null };
}) as Promise<Lab>;
/** The open file's text in the editor (CodeMirror), through the page's test hook; setting it is one edit. */
const editorText = (page: Page) => page.evaluate(() => (globalThis as unknown as { kernlabEditor: { text: string } }).kernlabEditor.text);
const setEditorText = (page: Page, text: string) => page.evaluate((t) => { (globalThis as unknown as { kernlabEditor: { text: string } }).kernlabEditor.text = t; }, text);
const elfOf = (s: Lab) => new Uint8Array(Object.values(s.elf ?? {}));
const cli = (args: string[], cwd: string) => {
  try {
    return { status: 0, stderr: execFileSync(process.execPath, [join(root, "bin", "kernlab.js"), ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] }).toString() };
  } catch (e) {
    const x = e as { status: number; stderr: Buffer };
    return { status: x.status, stderr: x.stderr.toString() };
  }
};

/**
 * Waits until the screen of a boot after the first `since` boots shows `text` (or the page gave up), then
 * fails with what the page says.
 */
async function waitForScreen(page: Page, text: string, since = 0, timeout = 90_000): Promise<void> {
  await page.waitForFunction(([t, n]) => {
    const s = (globalThis as unknown as { kernlabLab?: Lab }).kernlabLab;
    return !!s && s.boots > (n as number) && (s.vgaText.includes(t as string) || s.phase === "build-failed" || s.phase === "error");
  }, [text, since] as const, { timeout });
  const s = await lab(page);
  if (!s.vgaText.includes(text)) throw new Error(`no '${text}' on the VGA screen; phase ${s.phase}; status: ${await page.textContent("#status")}; diagnostics: ${s.diagnostics.map((d) => d.text).join("; ")}`);
}

/** Boxes of the page's main parts: none may overlap another, none may reach past the window's right edge. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
    const panes = ["#source-pane", "#run-pane", "#map-pane"].map((s) => ({ s, r: box(s) }));
    for (let i = 0; i < panes.length; i++) {
      for (let j = i + 1; j < panes.length; j++) {
        const a = panes[i]!.r, b = panes[j]!.r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) problems.push(`${panes[i]!.s} overlaps ${panes[j]!.s}`);
      }
    }
    for (const el of document.querySelectorAll("header button, header label, .toolbar > *, #vga, #terminal, h2")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > document.documentElement.clientWidth + 1) problems.push(`${el.id || el.tagName} ends at ${r.right}px, past the window`);
      const pane = el.closest("section");
      if (pane && r.right > pane.getBoundingClientRect().right + 1) problems.push(`${el.id || el.textContent?.slice(0, 20)} is clipped by its pane`);
    }
    for (const p of document.querySelectorAll("section")) if (p.scrollWidth > p.clientWidth + 1) problems.push(`${p.id} scrolls sideways (${p.scrollWidth} > ${p.clientWidth})`);
    // the header's controls do not overlap each other
    const items = [...document.querySelectorAll("header > *, #project-bar > *")].map((e) => ({ e, r: e.getBoundingClientRect() })).filter((x) => x.r.width > 0);
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!, b = items[j]!;
        if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
        if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) problems.push(`header: ${a.e.id || a.e.textContent} overlaps ${b.e.id || b.e.textContent}`);
      }
    }
    return problems;
  });
}

describe.skipIf(!canRun)("browser lab: your own kernel (chromium)", () => {
  let server: LabServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let project: string;
  let cliElf: Uint8Array;
  const foreign: string[] = [];

  beforeAll(async () => {
    // The project folder as a user has it: sources, script, recipe, and echo.o from gcc -m32.
    const tmp = mkdtempSync(join(tmpdir(), "kl-lab-project-"));
    project = join(tmp, "vga-echo");
    cpSync(join(root, "test", "web", "fixtures", "vga-echo"), project, { recursive: true });
    execFileSync("gcc", ["-m32", "-ffreestanding", "-O2", "-fno-pic", "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-c", "echo.c", "-o", "echo.o"], { cwd: project });
    const ref = cli(["build", "-o", "../cli.elf"], project); // reads ./kernlab.json
    expect(ref.status, ref.stderr).toBe(0);
    cliElf = new Uint8Array(readFileSync(join(tmp, "cli.elf")));
    ({ server, browser } = await openLab("dist-project", ["--disable-quic"]));
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    page = await context.newPage();
    page.on("request", (r) => { if (!r.url().startsWith(server.url) && !/^(blob|data):/.test(r.url())) foreign.push(r.url()); });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens a folder (NASM + a gcc object + an ld script), builds it as the CLI does, and shows its VGA text in colour", { timeout: 180_000 }, async () => {
    await page.goto(`${server.url}?noboot`);
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: Lab }).kernlabLab.phase === "ready");
    await page.setInputFiles("#folder-input", project);
    await waitForScreen(page, BANNER);
    const s = await lab(page);
    expect(s.project).toBe("vga-echo");
    expect(Buffer.from(elfOf(s)).equals(Buffer.from(cliElf))).toBe(true); // the page's ELF is the CLI's, byte for byte
    expect(s.serial).toContain(BANNER);
    expect(await page.textContent("#project-name")).toContain("kernlab.json");
    // colours from the attribute bytes: the banner is yellow (14) on blue (1), the prompt light green (10)
    expect(await page.$$eval("#vga span.f14.b1", (els) => els.map((e) => e.textContent))).toContain(BANNER);
    expect(await page.$$eval("#vga span.f10", (els) => els.map((e) => e.textContent))).toContain(">");
    expect(await page.$$eval("#vga > div", (els) => els.length)).toBe(25);
    expect(await page.isVisible("#proofs-box")).toBe(false); // the sample's nine proofs are the sample's only
    await page.screenshot({ path: join(outDir, "project-vga-1280x720.png") });
  });

  it("typing into the focused screen reaches the guest's keyboard: the echo comes back on screen and COM1; the text is selectable", { timeout: 60_000 }, async () => {
    await page.click("#vga");
    await page.keyboard.type("hello lab");
    await waitForScreen(page, "> hello lab", 0, 30_000);
    expect((await lab(page)).serial).toContain("hello lab");
    // typing elsewhere (the editor) does not reach the guest
    await page.focus("#editor .cm-content");
    await page.keyboard.press("ArrowDown");
    await page.click("#vga");
    await page.keyboard.press("KeyX");
    await waitForScreen(page, "> hello labx", 0, 30_000);
    // the screen is text: select it all and read the selection, as a user copies a panic message
    const selected = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("vga")!);
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString();
    });
    expect(selected).toContain(BANNER);
    expect(selected).toContain("> hello labx");
    await page.screenshot({ path: join(outDir, "project-typed.png") });
    // the lab's shortcuts stay the lab's while the screen has focus: Ctrl-. pauses (in the debugger: its registers
    // are shown at once) and continues, Ctrl-Enter boots
    const phaseIs = (p: string) => page.waitForFunction((want) => (globalThis as unknown as { kernlabLab: { phase: string } }).kernlabLab.phase === want, p, { timeout: 10_000 });
    await page.keyboard.press("Control+Period");
    await phaseIs("paused");
    expect(await page.getAttribute("#debug-panel", "data-stop")).toBe("interrupted");
    expect(await page.textContent("#dbg-regs")).toMatch(/EIP 0x[0-9a-f]{8}/);
    expect(await page.textContent("#pause-btn")).toBe("Continue");
    await page.keyboard.press("Control+Period");
    await phaseIs("running");
    expect(await page.getAttribute("#debug-panel", "data-state")).toBe("running");
    const boots = (await lab(page)).boots;
    await page.keyboard.press("Control+Enter");
    await waitForScreen(page, BANNER, boots);
    expect((await lab(page)).vgaText).not.toContain("hello"); // a fresh boot
  });

  it("checks the layout with verify's rules, freezes a snapshot, and after an edit that moves .data (Ctrl-B) shows the diff", { timeout: 180_000 }, async () => {
    await page.click("#check-btn");
    let s = await lab(page);
    expect(s.checks?.results.map((r) => [r.rule, r.pass])).toEqual([["noOverlap()", true], ["matchesFile(.text, .rodata)", true]]);
    expect(await page.inputValue("#rules")).toContain('"rule": "noOverlap"');
    // a rule of the user's, by its CLI name: .data at the address it is linked to now
    const dataAt = await page.getAttribute('#sections tr[data-section=".data"] td:nth-child(3)', "textContent") ?? await page.textContent('#sections tr[data-section=".data"] td:nth-child(3)');
    expect(dataAt).toBe("0x00102000");
    await page.click("#rules-box summary");
    await page.fill("#rules", JSON.stringify([{ rule: "noOverlap", args: [] }, { rule: "startsAt", args: [".data", "0x00102000"] }, { rule: "stackHighWater", args: [{ atMost: "4 KiB" }] }]));
    await page.click("#freeze-btn");
    s = await lab(page);
    expect(s.checks?.results.map((r) => r.pass)).toEqual([true, true, true]);
    expect(s.checks?.diff).toBe("snapshot: matches");
    await page.locator("#checks").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, "project-checks.png") });

    // move .data: 5000 more bytes of code in .text push .rodata and .data a page up; rebuild and boot with Ctrl-B
    await page.selectOption("#file-select", "boot.asm");
    await setEditorText(page, (await editorText(page)).replace("    jmp .hang\n", "    jmp .hang\n    times 5000 nop\n"));
    const boots = (await lab(page)).boots;
    await page.focus("#editor .cm-content");
    await page.keyboard.press("Control+b");
    await waitForScreen(page, BANNER, boots);
    await page.click("#check-btn");
    s = await lab(page);
    expect(s.checks?.pass).toBe(false);
    expect(s.checks?.results.find((r) => r.rule.startsWith("startsAt"))).toMatchObject({ pass: false });
    expect(s.checks?.diff).toMatch(/snapshot: differs/);
    expect(s.checks?.diff).toMatch(/\.data moved 0x00102000 -> 0x00103000 \(\+4096\)/);
    expect(await page.textContent("#snapshot-diff")).toContain(".data moved");
    await page.locator("#snapshot-diff").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, "project-snapshot-diff.png") });
  });

  it("the editor: file tree, NASM/C/ld highlighting, go to definition (F12, Ctrl-click), find and replace", { timeout: 60_000 }, async () => {
    expect(await page.$$eval("#file-tree .file", (els) => els.map((e) => (e as HTMLElement).dataset.path))).toEqual(["boot.asm", "echo.c", "echo.o", "kernlab.json", "link.ld"]);
    await page.click('#file-tree .file[data-path="boot.asm"]');
    expect(await page.inputValue("#file-select")).toBe("boot.asm");
    // highlighted: a NASM line is several styled tokens, a comment is one
    const colours = async (lineText: string) => {
      // the highlighter runs after the view is drawn: wait for the line's tokens
      await page.waitForFunction((t) => [...document.querySelectorAll(".cm-line")].some((e) => e.textContent === t && e.querySelector("span")), lineText);
      return page.$$eval(".cm-line", (els, t) => {
        const line = els.find((e) => e.textContent === t)!;
        return [...line.querySelectorAll("span")].map((s) => `${s.textContent}=${getComputedStyle(s).color}`);
      }, lineText);
    };
    const movLine = await colours("    mov esp, stack_top");
    expect(new Set(movLine.map((x) => x.split("=")[1])).size).toBeGreaterThanOrEqual(2);
    // go to definition: F12 on `kmain` in boot.asm opens echo.c at `void kmain(void)`
    await page.locator(".cm-line", { hasText: "call kmain" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("F12");
    expect(await page.inputValue("#file-select")).toBe("echo.c");
    const kmainLine = (await editorText(page)).split("\n").findIndex((l) => l.startsWith("void kmain(void)")) + 1;
    expect(await page.textContent("#cursor-pos")).toContain(`echo.c  Ln ${kmainLine}, Col 6`);
    expect((await colours("void kmain(void) {")).length).toBeGreaterThanOrEqual(2); // C is highlighted too
    // Ctrl-click on `banner` (echo.c's extern) goes to its label in boot.asm
    const at = await page.evaluate(() => {
      // the screen position of the word `banner` in `for (const char *s = banner; …`
      const line = [...document.querySelectorAll(".cm-line")].find((e) => e.textContent!.includes("*s = banner"))!;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf("banner");
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i + 2);
        r.setEnd(n, i + 3);
        const box = r.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
      throw new Error("no 'banner' on the line");
    });
    await page.keyboard.down("Control");
    await page.mouse.click(at.x, at.y);
    await page.keyboard.up("Control");
    expect(await page.inputValue("#file-select")).toBe("boot.asm");
    expect(await page.textContent("#cursor-pos")).toMatch(/boot\.asm {2}Ln 11, Col 1$/);
    await page.click('#file-tree .file[data-path="link.ld"]');
    expect(new Set((await colours("ENTRY(_start)")).map((x) => x.split("=")[1])).size).toBeGreaterThanOrEqual(2);
    // find and replace (Ctrl-F), then undo
    await page.click('#file-tree .file[data-path="boot.asm"]');
    await page.focus("#editor .cm-content");
    await page.keyboard.press("Control+f");
    await page.fill(".cm-search input[name=search]", "boots");
    await page.fill(".cm-search input[name=replace]", "starts");
    await page.click(".cm-search button[name=replaceAll]");
    expect(await editorText(page)).toMatch(/global banner, starts\nbanner: .*\nstarts: {2}dd 1/);
    await page.screenshot({ path: join(outDir, "project-editor.png") });
    await page.focus("#editor .cm-content");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+z");
    expect(await editorText(page)).toContain("global banner, boots\n");
  });

  it("a source error reads as the CLI's (same diagnostics), at its file and line", { timeout: 120_000 }, async () => {
    await page.selectOption("#file-select", "boot.asm");
    const source = await editorText(page);
    await setEditorText(page, source.replace("    mov esp, stack_top\n", "    mov esp, stack_top, 3\n"));
    await page.click("#build-btn");
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: Lab }).kernlabLab.phase === "build-failed", undefined, { timeout: 60_000 });
    const s = await lab(page);
    const broken = mkdtempSync(join(tmpdir(), "kl-lab-broken-"));
    cpSync(project, broken, { recursive: true });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(broken, "boot.asm"), await editorText(page));
    const r = cli(["build"], broken);
    expect(r.status).toBe(1);
    expect(formatDiagnostics(s.diagnostics)).toBe(r.stderr);
    expect(await page.getAttribute("#diagnostics li", "data-location")).toMatch(/^boot\.asm:\d+:\d+$/);
    expect(await page.$$eval(".cm-line:has(.cm-lintRange-error)", (els) => els.map((e) => e.textContent))).toEqual(["    mov esp, stack_top, 3"]);
    await setEditorText(page, source); // back to the edited, working source
    const boots = (await lab(page)).boots;
    await page.click("#build-btn");
    await waitForScreen(page, BANNER, boots);
  });

  it("remembers the project across a reload (IndexedDB): the edit and the frozen snapshot", { timeout: 120_000 }, async () => {
    await page.goto(server.url); // not reload(): the first visit was ?noboot
    await waitForScreen(page, BANNER);
    const s = await lab(page);
    expect(s.project).toBe("vga-echo");
    await page.selectOption("#file-select", "boot.asm");
    expect(await editorText(page)).toContain("times 5000 nop");
    await page.click("#check-btn");
    expect((await lab(page)).checks?.diff).toMatch(/\.data moved 0x00102000 -> 0x00103000/);
  });

  it("Download gives back the sources, the recipe and the built ELF; Share makes a link that rebuilds the same kernel elsewhere", { timeout: 180_000 }, async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-btn")]);
    const tarPath = join(outDir, "project-download.tar");
    await download.saveAs(tarPath);
    const entries = new Map(readTar(new Uint8Array(readFileSync(tarPath))).map((e) => [e.path, e.data]));
    expect([...entries.keys()].sort()).toEqual(["vga-echo/boot.asm", "vga-echo/echo.c", "vga-echo/echo.o", "vga-echo/kernel.elf", "vga-echo/kernlab.json", "vga-echo/link.ld"]);
    expect(new TextDecoder().decode(entries.get("vga-echo/boot.asm"))).toContain("times 5000 nop");
    expect(Buffer.from(entries.get("vga-echo/echo.o")!).equals(readFileSync(join(project, "echo.o")))).toBe(true);
    const built = elfOf(await lab(page));
    expect(Buffer.from(entries.get("vga-echo/kernel.elf")!).equals(Buffer.from(built))).toBe(true);

    await page.click("#share-btn");
    await page.waitForFunction(() => location.hash.startsWith("#project="));
    // The status follows the clipboard write (asynchronous): wait for it rather than read it once.
    await page.waitForFunction(() => /share link ready .*nothing was sent anywhere/.test(document.querySelector("#status")?.textContent ?? ""), undefined, { timeout: 10_000 });
    const link = page.url();
    expect(link.length).toBeLessThan(100_000);
    const other = await browser.newContext({ viewport: { width: 1280, height: 720 } }); // no IndexedDB of its own
    const p2 = await other.newPage();
    p2.on("request", (r) => { if (!r.url().startsWith(server.url) && !/^(blob|data):/.test(r.url())) foreign.push(r.url()); });
    await p2.goto(link);
    await waitForScreen(p2, BANNER);
    const s2 = await lab(p2);
    expect(s2.project).toBe("vga-echo");
    expect(Buffer.from(elfOf(s2)).equals(Buffer.from(built))).toBe(true);
    await other.close();
  });

  it("a dropped .tar opens as the project", { timeout: 120_000 }, async () => {
    const files = ["boot.asm", "echo.o", "link.ld"].map((f) => ({ path: `dropped/${f}`, data: new Uint8Array(readFileSync(join(project, f))) }));
    const tar = Array.from(writeTar(files));
    const boots = (await lab(page)).boots;
    await page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], "dropped.tar"));
      window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, tar);
    await page.waitForFunction(() => (globalThis as unknown as { kernlabLab: Lab }).kernlabLab.project === "dropped", undefined, { timeout: 30_000 });
    await waitForScreen(page, BANNER, boots);
    // no kernlab.json: the recipe is guessed (boot.asm has the multiboot header, then the objects; the one script)
    expect(await page.textContent("#project-name")).toMatch(/2 inputs, link\.ld \(guessed/);
    expect(Buffer.from(elfOf(await lab(page))).equals(Buffer.from(cliElf))).toBe(true);
  });

  it("a kernel that switches to a Bochs VBE linear framebuffer is shown as graphics (Load ELF…)", { timeout: 60_000 }, async () => {
    const boots = (await lab(page)).boots;
    await page.setInputFiles("#elf-input", kernelPath("vbe")); // test/emulator/fixtures/vbe.asm: four colour bands
    await page.waitForFunction((n) => {
      const s = (globalThis as unknown as { kernlabLab: Lab & { vgaMode: string } }).kernlabLab;
      return s.boots > n && s.vgaMode !== "text";
    }, boots, { timeout: 30_000 });
    expect(await page.isVisible("#vga-canvas")).toBe(true);
    expect(await page.isVisible("#vga")).toBe(false);
    expect(await page.textContent("#vga-mode")).toBe("VGA graphics 320x200, 32 bpp (linear framebuffer)");
    const pixels = await page.evaluate(() => {
      const c = document.getElementById("vga-canvas") as HTMLCanvasElement;
      const ctx = c.getContext("2d")!;
      return [25, 75, 125, 175].map((y) => [...ctx.getImageData(100, y, 1, 1).data]);
    });
    expect(pixels).toEqual([[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [255, 255, 255, 255]]);
    await page.screenshot({ path: join(outDir, "vbe-graphics.png") });
  });

  it("a kernel that programs the VGA registers for mode 13h is shown with its DAC palette (Load ELF…)", { timeout: 60_000 }, async () => {
    const boots = (await lab(page)).boots;
    // test/emulator/fixtures/mode13h.asm: bands of colours 1-4 (DAC red, green, blue, (21, 42, 63)), colour 2 at (0, 0), 4 at (319, 199)
    await page.setInputFiles("#elf-input", kernelPath("mode13h"));
    await page.waitForFunction((n) => {
      const s = (globalThis as unknown as { kernlabLab: Lab & { vgaMode: string } }).kernlabLab;
      return s.boots > n && s.phase === "ended" && s.vgaMode !== "text";
    }, boots, { timeout: 30_000 });
    expect(await page.isVisible("#vga-canvas")).toBe(true);
    expect(await page.textContent("#vga-mode")).toBe("VGA graphics 320x200, 256 colours (VGA mode 13h, DAC palette)");
    const pixels = await page.evaluate(() => {
      const ctx = (document.getElementById("vga-canvas") as HTMLCanvasElement).getContext("2d")!;
      return [[0, 0], [1, 0], [100, 25], [100, 75], [100, 125], [100, 175], [319, 199]].map(([x, y]) => [...ctx.getImageData(x!, y!, 1, 1).data]);
    });
    // 6-bit DAC values as v86 widens them to 8 bits (v << 2, low bit repeated): 63 → 255, 21 → 87, 42 → 168
    expect(pixels).toEqual([[0, 255, 0, 255], [255, 0, 0, 255], [255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [87, 168, 255, 255], [87, 168, 255, 255]]);
    await page.screenshot({ path: join(outDir, "vga-mode13h.png") });
  });

  it("lays out without overlap or clipping at 1280x720 and 1920x1080, and stacks the panes in a narrow window", { timeout: 60_000 }, async () => {
    for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(300);
      expect(await layoutProblems(page), `${w}x${h}`).toEqual([]);
      expect(await page.getAttribute("#status", "data-state"), await page.textContent("#status") ?? "").not.toBe("error");
      await page.screenshot({ path: join(outDir, `layout-${w}x${h}.png`) });
    }
    await page.setViewportSize({ width: 800, height: 900 });
    await page.waitForTimeout(300);
    expect(await layoutProblems(page), "800x900").toEqual([]);
    const tops = await page.$$eval("main > section", (els) => els.map((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; }));
    expect(tops[1]!.top).toBeGreaterThanOrEqual(tops[0]!.bottom - 1);
    expect(tops[2]!.top).toBeGreaterThanOrEqual(tops[1]!.bottom - 1);
    await page.screenshot({ path: join(outDir, "layout-800-stacked.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(foreign).toEqual([]);
  });
});
