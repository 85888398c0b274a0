/**
 * The lab page's controller: wires the editor, the build worker (web/worker.ts), the v86 machine
 * (emulator/index.ts), the serial terminal (xterm.js), the memory map (web/memory-model.ts +
 * web/map-view.ts), the inspector (hexdump + disassembly), the debugger panel (web/debugger-view.ts), and the
 * section and proof tables.
 * On load it builds the sample kernel in the worker and boots it, so a newcomer sees it run at once.
 * Every failure is shown in the page (#status, #diagnostics, #verdict), never only in the console.
 * It holds no layout arithmetic (map-geometry.ts) and no knowledge of a kernel's internals (memory-model.ts).
 */
import { Terminal } from "@xterm/xterm";
import { kernelSources } from "kernlab:kernel-sources";
import { formatDiagnostics, type Diagnostic } from "../core/diagnostics";
import { bytes as byteCount, hex } from "../core/hex";
import { readElf, type ElfFile } from "../toolchain/elf/read";
import { readLinePrograms } from "../toolchain/elf/dwarf-line";
import { LineMap, sameSourceFile } from "../toolchain/elf/line-map";
import { describeVerdict, symbolTable, type Machine, type Run, type SymbolTable } from "../emulator/index";
import { createMachine } from "../replay/machine";
import { hexdump } from "../core/hexdump";
import { buildMemoryModel, entryEvidence, kernelPaddr, STACK_PAINT, type EntryEvidence, type LabMemoryModel } from "./memory-model";
import { drawStrip } from "./map-view";
import { proofsFor, type ProofRow } from "./proofs";
import { captureLimit, CHECKPOINTS, elfSymbols, type SampleRun } from "../kernel/run";
import { captureRam, frozenMemory, VGA_WINDOW } from "../kernel/ram";
import { proveSample } from "../kernel/proofs";
import { kernelConstants, sampleLayout } from "../kernel/layout";
import type { DisasmLine, WorkerReady, WorkerRequest, WorkerResponse, WorkerTiming } from "./protocol";
import { compileWasm } from "./wasm-fetch";
import { vgaView } from "./vga-view";
import type { EditorDiagnostic, EditorEvents, LabEditor } from "./editor";
import { createDebuggerView } from "./debugger-view";
import { findDefinition } from "./definitions";
import { isTextFile, normalizeFiles, projectRecipe, recipeText, type Project } from "./project";
import { isTar, isZip, readTar, readZip, writeTar, type ArchiveEntry } from "./archive";
import { projectFromFragment, shareFragment } from "./share";
import { clearStored, loadStored, saveStored } from "./store";
import { defaultRuleSpecs, freeze, layoutReport, rulesFromText, runChecks, thaw, type CheckOutcome } from "./checks";
import { captureRanges, entryCaptureRanges, stackRange } from "../verify/run";
import type { MachineState, PaintSpec } from "../verify/report";
import { defineLayout, type Layout, type LayoutSpec } from "../toolchain/link/index";
import { RECIPE_FILE } from "../toolchain/recipe";
import { vgaPlainText, VGA_TEXT_BASE, VGA_TEXT_BYTES } from "./vga-text";
import { framebufferRgba } from "./framebuffer";
import { createTimelineView, type TimelineInput } from "./timeline-view";
import { provideSetImmediate } from "./immediate";
import type { TimelineFrame } from "./timeline-frame";
import type { OpenedTimeline, TimelineRequest, TimelineResponse } from "./timeline-protocol";

// ---- scheduling ---------------------------------------------------------------------------------------------
// setImmediate on a MessageChannel (web/immediate.ts): with setTimeout(0) the guest would get a third of the CPU.
// ?yield=timeout keeps the browser's own setTimeout, to measure the difference.
if (new URLSearchParams(location.search).get("yield") !== "timeout") provideSetImmediate();

// ---- page state, also exposed for the end-to-end test as window.kernlabLab ----------------------------------
interface LabState {
  phase: "loading" | "ready" | "building" | "build-failed" | "booting" | "running" | "paused" | "ended" | "error";
  /** ms since navigation start when the first full serial line arrived (the lab's headline figure). */
  firstSerialLineMs: number | null;
  serial: string;
  buildMs: number | null;
  model: LabMemoryModel | null;
  diagnostics: Diagnostic[];
  /** ms since navigation start of each step of the first build and boot (toolchain ready, v86 ready, …). */
  marks: Record<string, number>;
  /** The VGA text screen as last drawn, as plain text (trailing blanks dropped). */
  vgaText: string;
  /** "text", or the graphics mode shown ("320x200x32"). */
  vgaMode: string;
  /** The open project's name; null for the bundled sample kernel. */
  project: string | null;
  /** The last layout check (rules and snapshot comparison), as drawn. */
  checks: { pass: boolean; results: { rule: string; pass: boolean; message: string }[]; diff: string | null } | null;
  /** The last ELF built in the page (for the test that compares it with the CLI's). */
  elf: Uint8Array | null;
  /** Boots so far (each build-and-boot, Boot, Reset). */
  boots: number;
  /** The recorded run open on the timeline (web/timeline-view.ts) and what it shows; null when none is open. */
  timeline: { name: string; end: number; events: number; frame: Omit<TimelineFrame, "model" | "vgaText"> | null } | null;
}
const state: LabState = { phase: "loading", firstSerialLineMs: null, serial: "", buildMs: null, model: null, diagnostics: [], marks: {}, vgaText: "", vgaMode: "text",
  project: null, checks: null, elf: null, boots: 0, timeline: null };
const mark = (name: string) => { state.marks[name] ??= Math.round(performance.now()); };
(globalThis as unknown as { kernlabLab: LabState }).kernlabLab = state;
mark("main-start");

const $ = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page is missing #${id}`);
  return e as T;
};
const ui = {
  status: $("status"), fileSelect: $<HTMLSelectElement>("file-select"), editor: $("editor"), fileTree: $("file-tree"), filesBox: $<HTMLDetailsElement>("files-box"),
  cursor: $("cursor-pos"), diagnostics: $("diagnostics"), build: $<HTMLButtonElement>("build-btn"),
  elfInput: $<HTMLInputElement>("elf-input"), boot: $<HTMLButtonElement>("boot-btn"), pause: $<HTMLButtonElement>("pause-btn"),
  reset: $<HTMLButtonElement>("reset-btn"), verdict: $("verdict"), terminal: $("terminal"),
  record: $<HTMLInputElement>("record-box"), recordOpen: $<HTMLButtonElement>("record-open-btn"), klrecInput: $<HTMLInputElement>("klrec-input"), timeline: $("timeline"),
  shell: $<HTMLInputElement>("shell-box"), proofsSource: $("proofs-source"),
  inspectForm: $<HTMLFormElement>("inspect-form"), inspectInput: $<HTMLInputElement>("inspect-input"), whoBtn: $<HTMLButtonElement>("who-btn"),
  hexdump: $("hexdump"), disasm: $("disasm"), linkmap: $("linkmap"), linkmapBox: $<HTMLDetailsElement>("linkmap-box"), physMap: $("phys-map"), spaces: $("spaces"),
  sections: $("sections").querySelector("tbody")!, proofs: $("proofs").querySelector("tbody")!,
  vga: $("vga"), vgaCanvas: $<HTMLCanvasElement>("vga-canvas"), vgaMode: $("vga-mode"), folderInput: $<HTMLInputElement>("folder-input"), filesInput: $<HTMLInputElement>("files-input"),
  sampleBtn: $<HTMLButtonElement>("sample-btn"), downloadBtn: $<HTMLButtonElement>("download-btn"), shareBtn: $<HTMLButtonElement>("share-btn"),
  projectName: $("project-name"), dropHint: $("drop-hint"), proofsBox: $("proofs-box"),
  checkBtn: $<HTMLButtonElement>("check-btn"), freezeBtn: $<HTMLButtonElement>("freeze-btn"), checksVerdict: $("checks-verdict"),
  checksSource: $("checks-source"), rules: $<HTMLTextAreaElement>("rules"), checks: $("checks").querySelector("tbody")!, snapshotDiff: $("snapshot-diff"),
};

function setStatus(text: string, kind: "busy" | "ok" | "error" = "busy"): void {
  ui.status.textContent = text;
  ui.status.dataset.state = kind;
}
function setPhase(p: LabState["phase"]): void {
  state.phase = p;
  document.body.dataset.phase = p;
  ui.pause.disabled = !(p === "running" || p === "paused");
  ui.recordOpen.disabled = !(run?.recording && (p === "running" || p === "paused" || p === "ended"));
  ui.pause.textContent = p === "paused" ? "Continue" : "Pause";
  ui.reset.disabled = !(p === "running" || p === "paused" || p === "ended");
  ui.build.disabled = p === "loading" || p === "building";
  ui.boot.disabled = kernel === null || p === "loading" || p === "building";
  ui.checkBtn.disabled = ui.freezeBtn.disabled = !(machine && kernel && (p === "running" || p === "paused" || p === "ended"));
}
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
// (A ResizeObserver whose callback resizes something reports a harmless "loop completed" error: not the user's business.)
window.addEventListener("error", (e) => { if (!/^ResizeObserver loop/.test(e.message)) setStatus(`error: ${e.message}`, "error"); });
window.addEventListener("unhandledrejection", (e) => setStatus(`error: ${errorText(e.reason)}`, "error"));

// ---- the build worker -------------------------------------------------------------------------------------
// index.html starts the worker before this bundle is even parsed; a page without that script starts it here.
const early = (globalThis as { kernlabWorker?: { worker: Worker; queued: Event[] } }).kernlabWorker;
const worker = early?.worker ?? new Worker(new URL("worker.js", location.href), { type: "module" });
let nextId = 1;
const waiting = new Map<number, (r: WorkerResponse) => void>();
let resolveReady!: (r: WorkerReady) => void;
const workerReady = new Promise<WorkerReady>((ok) => (resolveReady = ok));
worker.onmessage = (e: MessageEvent<WorkerResponse | WorkerReady | WorkerTiming>) => {
  const m = e.data;
  if (m.kind === "ready" || m.kind === "load-failed") return resolveReady(m);
  if (m.kind === "timing") {
    for (const [name, epochMs] of Object.entries(m.marks)) state.marks[name] ??= Math.round(epochMs - performance.timeOrigin);
    return;
  }
  const done = waiting.get(m.id);
  waiting.delete(m.id);
  done?.(m);
};
worker.onerror = (e) => resolveReady({ kind: "load-failed", message: e.message || "the build worker failed to start" });
for (const e of early?.queued.splice(0) ?? []) {
  if (e instanceof MessageEvent) worker.onmessage(e as MessageEvent<WorkerResponse | WorkerReady | WorkerTiming>);
  else worker.onerror(e instanceof ErrorEvent ? e : new ErrorEvent("error", { message: "the build worker failed to start" }));
}
type Req = WorkerRequest extends infer R ? R extends { id: number } ? Omit<R, "id"> : never : never;
function ask(req: Req, transfer: Transferable[] = []): Promise<WorkerResponse> {
  const id = nextId++;
  return new Promise((ok) => {
    waiting.set(id, ok);
    worker.postMessage({ ...req, id } as WorkerRequest, transfer);
  });
}

/** Guest RAM of the lab's machine: the sample report's machine size (kernel/run.ts). */
const RAM_MIB = 16;

// ---- the machine ------------------------------------------------------------------------------------------
const v86Module: Promise<WebAssembly.Module> = (async () => {
  const early = (window as { kernlabV86?: Promise<WebAssembly.Module | null> }).kernlabV86; // started by index.html
  const wasmModule = (early && (await early)) || (await compileWasm(new URL("v86.wasm", location.href)));
  mark("v86-compiled");
  return wasmModule;
})();
const machineReady: Promise<Machine> = (async () => {
  const wasmModule = await v86Module;
  const m = await createMachine({ memoryMiB: RAM_MIB, wasmModule });
  mark("machine-ready");
  return m;
})();
machineReady.catch(() => { /* reported when a boot awaits it */ });
let machine: Machine | null = null;
let run: Run | null = null;
/** The kernel booted next; `lines`: its DWARF line tables (null: none, or unreadable: the debugger uses labels). */
let kernel: { bytes: Uint8Array; elf: ElfFile; symbols: SymbolTable; name: string; lines: LineMap | null } | null = null;
let entry: EntryEvidence | null = null;
/** The sample report's nine proofs (kernel/proofs.ts) once a run has ended; until then the live ones. */
let reportProofs: ProofRow[] | null = null;
/** The open project (null: the bundled sample kernel) and the layout its recipe names, if any. */
let project: { name: string } | null = null;
let projectLayout: Layout | null = null;
/** The stack painted at this boot and the machine state at the kernel's first checkpoint (for the checks). */
let bootPaint: PaintSpec | null = null;
let entryState: MachineState | null = null;
/** The frozen layout snapshot's JSON text (verify/snapshot.ts), compared at every check. */
let frozenSnapshot: string | null = null;

let termWritten = false;
const term = new Terminal({ convertEol: true, fontSize: 12, rows: 16, cols: 80, scrollback: 5000, theme: { background: "#000000" } });
term.open(ui.terminal);
term.onData((data) => machine?.serialWrite(data));
// 80 columns fit the pane: the font follows the terminal box's width (xterm measures cells from the font).
new ResizeObserver(() => requestAnimationFrame(() => {
  const size = Math.max(7, Math.min(13, Math.floor(((ui.terminal.clientWidth - 6) / 80 / 0.61) * 2) / 2));
  if (term.options.fontSize !== size) term.options.fontSize = size;
})).observe(ui.terminal);

// ---- the VGA text screen: redrawn from guest RAM while the guest runs; typing into it is the PS/2 keyboard --
const vga = vgaView(ui.vga, (codes) => machine?.sendScancodes(codes), (e) => isShortcut(e) !== null);
// The graphics view takes the same keys (vgaView's handlers on the canvas; it draws nothing there).
vgaView(ui.vgaCanvas, (codes) => machine?.sendScancodes(codes), (e) => isShortcut(e) !== null);
let lastFrame: Uint8Array | null = null;
let lastPalette: Uint8Array | null = null;
const same = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined) => a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));
/** A graphics mode when the guest switched to one (Bochs VBE's linear framebuffer, VGA mode 13h): the canvas; else the text screen. */
function drawGraphics(): boolean {
  const fb = machine?.vgaFramebuffer() ?? null;
  const mode = fb ? `${fb.width}x${fb.height}x${fb.bpp}${fb.source === "vga" ? " vga" : ""}` : "text";
  if (mode !== state.vgaMode) {
    state.vgaMode = mode;
    const graphics = fb !== null;
    const focused = document.activeElement === ui.vga || document.activeElement === ui.vgaCanvas;
    ui.vgaCanvas.hidden = !graphics;
    ui.vga.hidden = graphics;
    if (focused) (graphics ? ui.vgaCanvas : ui.vga).focus({ preventScroll: true }); // typing goes on
    ui.vgaMode.textContent = !fb ? "VGA text" : fb.source === "vga"
      ? `VGA graphics ${fb.width}x${fb.height}, ${fb.bpp === 8 ? "256 colours" : `${fb.bpp} bpp`} (VGA ${fb.width === 320 && fb.height === 200 ? "mode 13h" : "registers"}, DAC palette)`
      : `VGA graphics ${fb.width}x${fb.height}, ${fb.bpp} bpp (linear framebuffer${fb.palette ? ", DAC palette" : ""})`;
    lastFrame = null;
  }
  if (!fb) return false;
  if (same(lastFrame, fb.bytes) && same(lastPalette, fb.palette)) return true;
  lastFrame = fb.bytes;
  lastPalette = fb.palette ?? null;
  const rgba = framebufferRgba(fb);
  if (!rgba) { ui.vgaMode.textContent = `VGA graphics ${mode}: ${fb.bpp} bpp is not shown`; return true; }
  ui.vgaCanvas.width = fb.width;
  ui.vgaCanvas.height = fb.height;
  ui.vgaCanvas.getContext("2d")!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, fb.width, fb.height), 0, 0);
  return true;
}
function drawVga(): void {
  if (!machine || timeline.opened) return; // the timeline shows its instant's screen
  if (drawGraphics()) return;
  const cells = machine.memory.bytes(VGA_TEXT_BASE, VGA_TEXT_BYTES);
  vga.draw(cells);
  state.vgaText = vgaPlainText(cells);
}
setInterval(() => { if (state.phase === "running") drawVga(); }, 100);

// ---- editor -----------------------------------------------------------------------------------------------
// The text files of the open project (the sample's sources, or the user's project), edited in place; its
// binary files (prebuilt .o/.a) are kept as they are and shown as a note.
let files: Record<string, string> = { ...kernelSources };
let binaries: Record<string, Uint8Array> = {};
let current = "";
let cursorLine: number | null = null;
const editor = lazyEditor(ui.editor, {
  onChange(name, text) {
    if (files[name] === undefined) return;
    files[name] = text;
    scheduleSave();
  },
  onCursor(line, column) { cursorLine = line; ui.cursor.textContent = `${current}  Ln ${line}, Col ${column}`; },
  onDefinition(word, offset) {
    const d = findDefinition(files, word, current, offset);
    if (d) goTo(d.file, d.line, d.column);
    else setStatus(`no definition of '${word}' found in the project's sources`, "error");
  },
  onGutterClick: (line) => debugView.toggleLine(line),
});
/**
 * The editor until CodeMirror (editor.js, its own bundle) is loaded: it keeps what the page asked for (the
 * open file, diagnostics, a caret move) and shows the file as plain text; the real editor takes over with
 * the same state. The bundle is imported once the first kernel has booted, so it never delays the boot.
 */
function lazyEditor(parent: HTMLElement, events: EditorEvents): LabEditor & { load(): void } {
  let real: LabEditor | null = null;
  let loading = false;
  let open: { name: string; text: string; readOnly: boolean } = { name: "", text: "", readOnly: true };
  let diags: readonly EditorDiagnostic[] = [];
  let caret: [number, number] | null = null;
  let marks: [number | null, readonly number[]] | null = null;
  const pre = document.createElement("pre");
  pre.className = "editor-placeholder";
  parent.append(pre);
  const stub = {
    get view() { if (!real) throw new Error("the editor is not loaded yet"); return real.view; },
    get debugGutter() { if (!real) throw new Error("the editor is not loaded yet"); return real.debugGutter; },
    load() {
      if (loading) return;
      loading = true;
      import("./editor.js").then((m: { createEditor: (p: HTMLElement, e: EditorEvents) => LabEditor }) => {
        pre.remove();
        real = m.createEditor(parent, events);
        real.open(open.name, open.text, { readOnly: open.readOnly });
        real.setDiagnostics(diags);
        if (caret) real.goTo(...caret);
        if (marks) real.setDebugMarks(...marks);
        mark("editor-ready");
      }, (e: unknown) => setStatus(`the code editor failed to load: ${errorText(e)}`, "error"));
    },
    open(name: string, text: string, opts: { readOnly?: boolean } = {}) {
      open = { name, text, readOnly: opts.readOnly ?? false };
      if (real) return real.open(name, text, opts);
      pre.textContent = text;
      events.onCursor(1, 1);
    },
    reset() { real?.reset(); },
    text: () => (real ? real.text() : open.text),
    setText(text: string) {
      if (real) return real.setText(text);
      open.text = text;
      pre.textContent = text;
      events.onChange(open.name, text);
    },
    setDiagnostics(list: readonly EditorDiagnostic[]) { diags = list; real?.setDiagnostics(list); },
    goTo(line: number, column: number) { caret = [line, column]; if (real) real.goTo(line, column); else this.load(); },
    focus() { real?.focus(); },
    setDebugMarks(current: number | null, breakpoints: readonly number[]) { marks = [current, breakpoints]; real?.setDebugMarks(current, breakpoints); },
  };
  return stub;
}

// For the end-to-end tests: the open file's text, read and replaced as an edit (web/README.md).
(globalThis as unknown as { kernlabEditor: { text: string } }).kernlabEditor = {
  get text() { return editor.text(); },
  set text(v: string) { editor.setText(v); },
};
// Load the code editor once the first kernel is running (or a little later when none boots), or when wanted.
setTimeout(() => editor.load(), 4000);
ui.editor.addEventListener("pointerdown", () => editor.load(), { once: true });

function openFile(name: string): void {
  current = name;
  ui.fileSelect.value = name;
  const bin = binaries[name];
  editor.open(name, bin !== undefined ? `(${name}: ${byteCount(bin.length)}, a binary input linked as it is; it is not edited here)` : files[name] ?? "", { readOnly: bin !== undefined });
  for (const li of ui.fileTree.querySelectorAll<HTMLElement>(".file")) li.setAttribute("aria-current", String(li.dataset.path === name));
  applyDiagnostics();
}

/** The project's files as a tree of folders (each file a click target). */
function drawTree(names: string[]): void {
  const root: HTMLElement[] = [];
  const folders = new Map<string, HTMLUListElement>();
  const folder = (path: string): { append(...n: Node[]): void } => {
    if (path === "") return { append: (...n: Node[]) => root.push(...(n as HTMLElement[])) };
    let ul = folders.get(path);
    if (!ul) {
      const li = document.createElement("li");
      li.className = "folder";
      li.textContent = path.slice(path.lastIndexOf("/", path.length - 2) + 1);
      ul = document.createElement("ul");
      li.append(ul);
      folders.set(path, ul);
      const parent = path.slice(0, path.lastIndexOf("/", path.length - 2) + 1);
      folder(parent).append(li);
    }
    return ul;
  };
  for (const name of names) {
    const li = document.createElement("li");
    li.className = "file";
    li.dataset.path = name;
    li.dataset.type = binaries[name] ? "binary" : "text";
    li.textContent = name.slice(name.lastIndexOf("/") + 1);
    li.title = name;
    li.addEventListener("click", () => openFile(name));
    folder(name.slice(0, name.lastIndexOf("/") + 1)).append(li);
  }
  ui.fileTree.replaceChildren(...root);
}

/** Fills the file list from `files` and `binaries` and opens the first source. */
function listFiles(first?: string): void {
  current = "";
  editor.reset();
  const names = [...new Set([...Object.keys(files), ...Object.keys(binaries)])].sort();
  ui.fileSelect.replaceChildren(...names.map((n) => new Option(n, n)));
  drawTree(names);
  const pick = first ?? names.find((f) => /\.(asm|s|nasm)$/i.test(f)) ?? names[0];
  if (pick) openFile(pick);
}

/** The build's diagnostics for the open file, as inline markers; files with errors are marked in the tree. */
function applyDiagnostics(): void {
  const mine = state.diagnostics.filter((d) => d.location && sameFile(d.location.file, current));
  editor.setDiagnostics(mine.map((d) => ({ line: d.location!.line, column: d.location!.column, severity: d.severity === "error" ? "error" : "warning", message: d.text })));
  for (const li of ui.fileTree.querySelectorAll<HTMLElement>(".file")) {
    const has = state.diagnostics.some((d) => d.severity === "error" && d.location && sameFile(d.location.file, li.dataset.path!));
    if (has) li.dataset.diag = "error"; else delete li.dataset.diag;
  }
}
const sameFile = (a: string, b: string) => a === b || a.endsWith("/" + b) || b.endsWith("/" + a);
ui.fileSelect.addEventListener("change", () => openFile(ui.fileSelect.value));
const sampleFirstFile = () => ["kernel/main.asm", "kernel/kmain.asm"].find((f) => files[f] !== undefined) ?? Object.keys(files).find((f) => f.startsWith("kernel/") && f.endsWith(".asm")) ?? Object.keys(files)[0];
listFiles(sampleFirstFile());

/** Moves the caret to file:line:col and scrolls it into view. */
function goTo(file: string, line: number, column: number): void {
  const name = files[file] !== undefined ? file : Object.keys(files).find((f) => sameFile(f, file));
  if (!name) return;
  if (name !== current) openFile(name);
  editor.goTo(line, column);
}

function showDiagnostics(list: Diagnostic[]): void {
  if (list.length === 0 && state.diagnostics.length === 0) return; // nothing shown, nothing to show
  state.diagnostics = list;
  ui.diagnostics.replaceChildren();
  for (const d of list) {
    const li = document.createElement("li");
    li.className = d.severity;
    li.textContent = formatDiagnostics([d]).trimEnd();
    if (d.location) {
      const loc = d.location;
      li.dataset.location = `${loc.file}:${loc.line}:${loc.column}`;
      li.addEventListener("click", () => goTo(loc.file, loc.line, loc.column));
    }
    ui.diagnostics.append(li);
  }
  applyDiagnostics();
}

// ---- build and boot ---------------------------------------------------------------------------------------
async function build(): Promise<boolean> {
  setPhase("building");
  setStatus("building the kernel in the page (kernlab assembler + linker)…");
  let r: WorkerResponse;
  if (project) {
    void saveProject(); // what is built is what a reload finds
    const p = currentProject();
    let recipe;
    try {
      ({ recipe } = projectRecipe(p));
      projectLayout = loadProjectLayout(p, recipe.layout);
    } catch (e) {
      const list = (e as { diagnostics?: Diagnostic[] }).diagnostics;
      showDiagnostics(list ?? []);
      setPhase("build-failed");
      setStatus(`cannot build ${project.name}: ${list ? list.map((d) => d.text).join("; ") : errorText(e)}`, "error");
      return false;
    }
    r = await ask({ kind: "build-project", files: p.files, recipe });
  } else r = await ask({ kind: "build", files: { ...files } });
  if (r.kind === "error") {
    setPhase("build-failed");
    setStatus(`build failed: ${r.message}`, "error");
    return false;
  }
  if (r.kind !== "build") return false;
  state.buildMs = r.ms;
  mark("built");
  if (!r.ok) {
    showDiagnostics(r.diagnostics);
    editor.load();
    setPhase("build-failed");
    const n = r.diagnostics.filter((d) => d.severity === "error").length;
    setStatus(`build failed: ${n} error${n === 1 ? "" : "s"} (click one to go to its line)`, "error");
    return false;
  }
  showDiagnostics(r.warnings ?? []);
  state.elf = r.elf.slice();
  setKernel(r.elf, project ? `${project.name} (built in the page)` : "sample kernel (built in the page)");
  setLinkMap(r.mapText ?? "");
  setPhase("ready");
  setStatus(`built in ${Math.round(r.ms)} ms: ${byteCount(r.elf.length)} ELF`, "ok");
  return true;
}

/** The link map's text goes into the page when its box is first opened (it is closed while the kernel boots). */
let linkMapText = "";
function setLinkMap(text: string): void {
  linkMapText = text;
  ui.linkmap.textContent = ui.linkmapBox.open ? text : "";
}
ui.linkmapBox.addEventListener("toggle", () => { if (ui.linkmapBox.open && !ui.linkmap.textContent) ui.linkmap.textContent = linkMapText; });

function setKernel(bytes: Uint8Array, name: string): void {
  const elf = readElf(bytes, name);
  let lines: LineMap | null = null;
  try { lines = new LineMap(readLinePrograms(elf)); } catch { /* a malformed .debug_line: labels, as without one */ }
  kernel = { bytes, elf, symbols: symbolTable(bytes), name, lines: lines && !lines.empty ? lines : null };
  renderSections(null);
}

async function boot(): Promise<void> {
  if (!kernel) return;
  run?.stop();
  setPhase("booting");
  setStatus(`booting ${kernel.name} in v86…`);
  try {
    machine ??= await machineReady;
  } catch (e) {
    setPhase("error");
    setStatus(`cannot start v86: ${errorText(e)}`, "error");
    return;
  }
  if (termWritten) { term.reset(); termWritten = false; }
  if (timeline.opened) { timeline.close(); state.timeline = null; ui.whoBtn.hidden = true; } // a new run: the maps are live again
  state.boots++;
  state.serial = "";
  vga.clear();
  state.vgaText = "";
  ui.hexdump.textContent = "";
  ui.disasm.textContent = "";
  ui.verdict.textContent = "";
  const { elf, symbols } = kernel;
  const paint: PaintSpec[] = [];
  // The stack verify reports (__stack_bottom/__stack_top, or Bare Bones' stack_bottom/stack_top), painted
  // before entry so its high-water mark can be read.
  const stack = stackRange(elf);
  if (stack) paint.push({ start: kernelPaddr(elf, stack.bottom), end: kernelPaddr(elf, stack.top), pattern: STACK_PAINT });
  bootPaint = paint[0] ?? null;
  entryState = null;
  const entryRanges = entryCaptureRanges(elf, bootPaint ?? undefined);
  entry = null;
  reportProofs = null;
  const k = kernel;
  // The sample kernel (it has a probe record) gets the report's checkpoints: frozen RAM copies for kernel/proofs.ts.
  const isSample = symbols.address("kernlab_probe") !== null;
  ui.proofsBox.hidden = !isSample;
  const sampleSymbols = elfSymbols(elf);
  const snapshots: SampleRun["checkpoints"] = {};
  // Record: the run is recorded (BootOptions.record: the virtual clock, every instruction counted, inputs logged
  // at their counts, snapshots), and opens on the timeline as a .klrec when it ends.
  const cmdline = ui.shell.checked ? "shell" : null;
  const recorded = ui.record.checked;
  mark("boot");
  const thisRun = machine.boot(kernel.bytes, {
    timeout: { ms: 24 * 3600 * 1000 }, paint, debug: debugView.bootOptions(),
    ...(recorded ? { record: true } : {}),
    checkpointNames: CHECKPOINTS,
    ...(cmdline !== null ? { cmdline } : {}),
    onCheckpoint: (cp) => {
      mark(`checkpoint-${cp.id}`);
      // the first checkpoint is the kernel's entry (the sample kernel reports CP_ENTRY from _start)
      entryState ??= { registers: { ...cp.registers }, memory: captureRanges(cp.memory, entryRanges) };
      entry ??= entryEvidence(k.elf, cp.memory, `checkpoint ${cp.id}${cp.name ? ` (${cp.name})` : ""}`);
      const name = CHECKPOINTS[cp.id as keyof typeof CHECKPOINTS];
      if (isSample && name) {
        // Only what the proofs read (kernel/run.ts, captureLimit): the kernel and the frames in use, not all RAM.
        const t0 = performance.now();
        const limit = captureLimit(cp.memory, sampleSymbols);
        const hole = limit > VGA_WINDOW.start ? VGA_WINDOW : null;
        snapshots[name] = { registers: cp.registers, memory: frozenMemory(captureRam(cp.memory, limit), cp.memory.size, hole), at: cp.at };
        state.marks[`copy-${cp.id}-ms`] ??= Math.round(performance.now() - t0);
        state.marks[`copy-${cp.id}-kib`] ??= limit >> 10;
      }
    },
  });
  run = thisRun;
  debugView.attach(thisRun);
  thisRun.on("serial", (data) => {
    term.write(data);
    termWritten = true;
    state.serial += String.fromCharCode(...data);
    if (state.serial.length > 1 << 20) state.serial = state.serial.slice(-(1 << 19));
  });
  let lines = 0;
  thisRun.on("serial-line", () => {
    if (state.firstSerialLineMs === null) { state.firstSerialLineMs = performance.now(); mark("first-serial-line"); setTimeout(() => editor.load(), 50); }
    if (lines++ > 0 || run !== thisRun) return;
    // The first drawing waits for the first line, so the page's layout work does not delay the guest's start;
    // a kernel that prints nothing is drawn by the periodic refresh.
    refresh();
    if (!ui.hexdump.textContent) inspectEntry();
  });
  setPhase("running");
  setStatus(`running ${kernel.name}`, "ok");
  thisRun.result.then((r) => {
    if (run !== thisRun) return;
    setPhase("ended");
    mark("run-ended");
    if (!ui.hexdump.textContent) inspectEntry();
    state.marks["guest-wall-ms"] ??= Math.round(r.wallMs);
    ui.verdict.textContent = describeVerdict(r.verdict);
    if (isSample && machine) {
      const sampleRun: SampleRun = {
        elf, layout: sampleLayout, constants: kernelConstants(sampleLayout), symbols: sampleSymbols, checkpoints: snapshots,
        verdict: r.verdict, serial: r.serial, paint: paint[0] ?? { start: 0, end: 0, pattern: STACK_PAINT },
        memoryBytes: machine.memoryBytes, wallMs: r.wallMs, instructions: r.instructions,
      };
      reportProofs = proveSample(sampleRun).map((p) => ({ number: p.number, name: p.name, pass: p.pass, evidence: [...p.failures, ...p.evidence].join("\n") }));
    }
    setStatus(`guest ended: ${describeVerdict(r.verdict)}`, r.verdict.kind === "exited" && r.verdict.code === 0 ? "ok" : "error");
    refresh();
    drawVga();
    if (recorded && r.verdict.kind !== "stopped") void openLiveRecording();
  }, (e: unknown) => {
    setPhase("error");
    setStatus(`run failed: ${errorText(e)}`, "error");
  });
}

const buildAndBoot = async () => { if (await build()) await boot(); };
/** Pause is the debugger's pause (registers shown at the stop); Continue is its continue. A run without a
 *  debugger (none today: every lab boot has one) pauses the machine. */
const togglePause = () => {
  if (!machine) return;
  if (run?.debug) {
    if (state.phase === "running") debugView.pause();
    else if (state.phase === "paused") debugView.cont();
    return;
  }
  if (state.phase === "running") { machine.pause(); setPhase("paused"); setStatus("paused", "ok"); refresh(); drawVga(); }
  else if (state.phase === "paused") { machine.resume(); setPhase("running"); setStatus("running", "ok"); }
};
/** The debugger's stops and resumptions are the page's paused and running phases. */
function debugState(s: "running" | "stopped" | "ended"): void {
  if (s === "stopped" && (state.phase === "running" || state.phase === "booting")) {
    setPhase("paused");
    setStatus(`paused: ${$("dbg-status").textContent ?? ""}`, "ok");
    refresh();
    drawVga();
  } else if (s === "running" && state.phase === "paused") {
    setPhase("running");
    setStatus(`running ${kernel?.name ?? ""}`, "ok");
  }
}
ui.build.addEventListener("click", () => void buildAndBoot());
ui.boot.addEventListener("click", () => void boot());
ui.reset.addEventListener("click", () => void boot());
ui.pause.addEventListener("click", togglePause);

// ---- keyboard shortcuts: Ctrl-B build (and boot), Ctrl-Enter boot, Ctrl-. pause/continue, Ctrl-, step -------
function isShortcut(e: KeyboardEvent): (() => void) | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.code === "KeyB") return () => { if (!ui.build.disabled) void buildAndBoot(); };
  if (e.code === "Enter") return () => { if (!ui.boot.disabled) void boot(); };
  if (e.code === "Period") return togglePause;
  if (e.code === "Comma") return () => debugView.step();
  return null;
}
window.addEventListener("keydown", (e) => {
  const action = isShortcut(e);
  if (!action) return;
  e.preventDefault();
  e.stopPropagation(); // the editor's own keymap (Ctrl-Enter) does not see it
  action();
}, { capture: true });
ui.elfInput.addEventListener("change", async () => {
  const file = ui.elfInput.files?.[0];
  if (!file) return;
  try {
    setKernel(new Uint8Array(await file.arrayBuffer()), file.name);
    setLinkMap(`(${file.name} was loaded from disk: no link map)`);
    showDiagnostics([]);
    await boot();
  } catch (e) {
    setStatus(`${file.name}: ${errorText(e)}`, "error");
  }
  ui.elfInput.value = "";
});

// ---- memory map, sections, proofs -------------------------------------------------------------------------
function refresh(): void {
  if (!machine || !kernel || timeline.opened) return; // the timeline shows its own instant
  let model: LabMemoryModel;
  try {
    model = buildMemoryModel({ elf: kernel.elf, symbols: kernel.symbols, memory: machine.memory, registers: machine.registers() });
  } catch (e) {
    setStatus(`cannot read the guest's memory map: ${errorText(e)}`, "error");
    return;
  }
  drawModel(model, (a) => void inspect(a));
  renderSections(model);
  ui.proofsSource.textContent = reportProofs ? "the sample report (kernel/proofs.ts) from this run's checkpoints" : "live, from guest RAM now";
  if (!ui.proofsBox.hidden) renderProofs(reportProofs ?? proofsFor(model, kernel.elf, entry));
}
setInterval(() => { if (state.phase === "running") refresh(); }, 300);

/** The physical map and the address spaces of a memory model (the live guest's, or the timeline's instant). */
function drawModel(model: LabMemoryModel, onPick?: (addr: number) => void): void {
  state.model = model;
  const frames = model.addressSpaces.flatMap((s) => s.frames);
  drawStrip(ui.physMap, model.regions, model.ramSize, { height: 560, addressLabels: true, markers: model.markers, frames, ...(onPick ? { onPick } : {}) });
  ui.spaces.replaceChildren();
  for (const space of model.addressSpaces.slice(0, 8)) {
    const box = document.createElement("div");
    box.className = "space";
    const h = document.createElement("h3");
    h.textContent = `${space.label} (virtual)`;
    const strip = document.createElement("div");
    strip.className = "map";
    box.append(h, strip);
    ui.spaces.append(box);
    drawStrip(strip, space.regions, 2 ** 32, { height: 260, gapName: "unmapped" });
  }
}

function renderSections(model: LabMemoryModel | null): void {
  ui.sections.replaceChildren();
  const rows = model?.sections ?? [];
  for (const s of rows) {
    const tr = document.createElement("tr");
    tr.dataset.section = s.name;
    const ok = s.ramMatchesFile;
    for (const [text, cls] of [[s.name, ""], [hex(s.vaddr), ""], [hex(s.paddr), ""], [byteCount(s.size), ""], [s.flags, ""],
      [ok === null ? "–" : ok ? "yes" : "changed", ok === null ? "" : ok ? "pass" : "fail"]] as const) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    tr.addEventListener("click", () => void inspect(s.paddr));
    ui.sections.append(tr);
  }
}

function renderProofs(rows: ProofRow[]): void {
  ui.proofs.replaceChildren();
  for (const p of rows) {
    const tr = document.createElement("tr");
    tr.dataset.pass = String(p.pass);
    for (const [text, cls] of [[String(p.number), ""], [p.name, ""], [p.pass ? "pass" : "FAIL", p.pass ? "pass" : "fail"], [p.evidence, ""]]) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    ui.proofs.append(tr);
  }
}

/** Something to look at before the first click, once the kernel is in RAM: kmain, else the ELF entry point. */
function inspectEntry(): void {
  if (!kernel) return;
  void inspect(kernelPaddr(kernel.elf, kernel.symbols.address("kmain") ?? kernel.elf.entry));
}

// ---- debugger panel (web/debugger-view.ts) ---------------------------------------------------------------
const debugView = createDebuggerView({
  root: $("debug-panel"),
  symbols: () => kernel?.symbols ?? null,
  async disassemble(bytes, address, count) {
    const r = await ask({ kind: "disassemble", bytes, address, count, kernel: kernel?.bytes ?? null });
    return r.kind === "disassemble" ? r.lines : r.kind === "error" ? r.message : "unexpected reply";
  },
  sourceText: () => editor.text(),
  cursorLine: () => cursorLine,
  setGutter: (current, breakpoints) => editor.setDebugMarks(current, breakpoints),
  lines: () => kernel?.lines ?? null,
  sourceName: () => (current && files[current] !== undefined ? current : null),
  showSource(file) {
    if (current && sameSourceFile(current, file)) return true;
    const name = Object.keys(files).find((f) => sameSourceFile(f, file));
    if (!name) return false;
    openFile(name);
    return true;
  },
  projectPath: (file) => Object.keys(files).find((f) => sameSourceFile(f, file)) ?? null,
  sourceLineText(file, line) {
    const name = Object.keys(files).find((f) => sameSourceFile(f, file));
    return name ? files[name]!.split("\n")[line - 1] ?? null : null;
  },
  onState: debugState,
});

// ---- the timeline over a recorded run (web/timeline-view.ts; replayed in web/timeline-worker.ts) ------------
let timelineWorker: Worker | null = null;
let timelineNext = 1;
const timelineWaiting = new Map<number, (r: TimelineResponse) => void>();
/** The timeline worker, started (and given v86's compiled module) at the first recording opened. */
function askTimeline(req: TimelineRequest extends infer R ? R extends { id: number } ? Omit<R, "id"> : never : never): Promise<TimelineResponse> {
  if (!timelineWorker) {
    const w = new Worker(new URL("timeline-worker.js", location.href), { type: "module" });
    w.onmessage = (e: MessageEvent<TimelineResponse>) => { const done = timelineWaiting.get(e.data.id); timelineWaiting.delete(e.data.id); done?.(e.data); };
    w.onerror = (e) => {
      for (const [id, done] of timelineWaiting) done({ id, kind: "error", message: e.message || "the timeline worker failed" });
      timelineWaiting.clear();
    };
    timelineWorker = w;
    const id = timelineNext++;
    const init = v86Module.then((wasm) => w.postMessage({ id, kind: "init", wasm } satisfies TimelineRequest));
    init.catch((e: unknown) => setStatus(`cannot start v86 for the timeline: ${errorText(e)}`, "error"));
  }
  const w = timelineWorker, id = timelineNext++;
  return new Promise((ok) => {
    timelineWaiting.set(id, ok);
    // after "init" (v86Module resolves once: the init message is posted first)
    void v86Module.then(() => w.postMessage({ ...req, id } as TimelineRequest));
  });
}
const timeline = createTimelineView({
  root: ui.timeline,
  source: {
    async open(input, name) {
      const r = await askTimeline({ kind: "open", bytes: input.klrec, name });
      if (r.kind === "opened") return r.timeline;
      throw new Error(r.kind === "error" ? r.message : `unexpected reply ${r.kind}`);
    },
    async seek(count) {
      const r = await askTimeline({ kind: "seek", count });
      if (r.kind === "frame") return r.frame;
      throw new Error(r.kind === "error" ? r.message : `unexpected reply ${r.kind}`);
    },
    async whoWrote(addr, length, at) {
      const r = await askTimeline({ kind: "who-wrote", addr, length, at });
      if (r.kind === "who-wrote") return r.answer;
      if (r.kind === "cancelled") return null;
      throw new Error(r.kind === "error" ? r.message : `unexpected reply ${r.kind}`);
    },
  },
  parseAddress: (text) => parseAddress(text),
  draw(frame: TimelineFrame, opened: OpenedTimeline) {
    const { model, vgaText, ...rest } = frame;
    state.timeline = { name: opened.name, end: opened.end, events: opened.events.length, frame: rest };
    drawModel(model, (a) => void inspect(a));
    renderSections(model);
    ui.whoBtn.hidden = false;
    // the screen as it was (text mode: a graphics mode of the live run gives way to the text view meanwhile)
    if (vgaText) {
      ui.vgaCanvas.hidden = true;
      ui.vga.hidden = false;
      ui.vgaMode.textContent = `VGA text at instruction ${rest.count}`;
      state.vgaMode = "timeline";
      vga.draw(vgaText);
      state.vgaText = vgaPlainText(vgaText);
    }
  },
  status: setStatus,
});
ui.timeline.querySelector("#tl-close")?.addEventListener("click", () => { state.timeline = null; ui.whoBtn.hidden = true; refresh(); drawVga(); });

/** Opens a recorded run on the timeline: the maps show its instants (a live run goes on, undrawn, until Close). */
async function openRecording(input: TimelineInput, name: string): Promise<void> {
  const before = state.timeline;
  if (!(await timeline.open(input, name))) state.timeline = timeline.opened ? before : null;
}
/** What the page's recorded run (Record) has recorded so far, or all of it once it ended, on the timeline. */
async function openLiveRecording(): Promise<void> {
  const rec = run?.recording;
  if (!rec || !kernel) return;
  const name = `${kernel.name.replace(/ \(built in the page\)$/, "").replace(/\.elf$/i, "").replace(/[^\w.-]+/g, "-")}.klrec`;
  let bytes: Uint8Array;
  try { bytes = await rec.bytes(); } catch (e) { setStatus(`the recording cannot be saved: ${errorText(e)}`, "error"); return; }
  await openRecording({ klrec: bytes }, name);
}
ui.recordOpen.addEventListener("click", () => void openLiveRecording());
async function openKlrec(file: File): Promise<void> {
  try {
    await openRecording({ klrec: new Uint8Array(await file.arrayBuffer()) }, file.name);
  } catch (e) { setStatus(`cannot open ${file.name}: ${errorText(e)}`, "error"); }
}
ui.klrecInput.addEventListener("change", async () => {
  const file = ui.klrecInput.files?.[0];
  ui.klrecInput.value = "";
  if (file) await openKlrec(file);
});

// ---- inspector --------------------------------------------------------------------------------------------
function parseAddress(text: string): number | null {
  const t = text.trim();
  if (/^(0x)?[0-9a-f]+$/i.test(t) && (/^0x/i.test(t) || /[a-f]/i.test(t) === false)) return /^0x/i.test(t) ? parseInt(t, 16) : parseInt(t, 10);
  const k = timeline.opened ? timelineKernel(timeline.opened) : kernel;
  if (!k) return null;
  const v = k.symbols.address(t);
  return v === null ? null : kernelPaddr(k.elf, v);
}

/** The kernel of the recording open on the timeline (its symbols name what the inspector shows). */
const timelineKernels = new WeakMap<OpenedTimeline, { bytes: Uint8Array; elf: ElfFile; symbols: SymbolTable }>();
function timelineKernel(t: OpenedTimeline): { bytes: Uint8Array; elf: ElfFile; symbols: SymbolTable } {
  let k = timelineKernels.get(t);
  if (!k) { k = { bytes: t.kernel, elf: readElf(t.kernel, t.name), symbols: symbolTable(t.kernel) }; timelineKernels.set(t, k); }
  return k;
}

/** Hexdump and disassembly at a physical address: of the live guest, or of the instant on the timeline. */
async function inspect(addr: number): Promise<void> {
  const tl = timeline.opened;
  if (!machine && !tl) return;
  const k = tl ? timelineKernel(tl) : kernel;
  const ramSize = tl ? tl.ramBytes : machine!.memory.size;
  ui.inspectInput.value = hex(addr);
  const size = Math.max(0, Math.min(256, ramSize - addr));
  if (size === 0) { ui.hexdump.textContent = `${hex(addr)} is outside guest RAM (${byteCount(ramSize)})`; ui.disasm.textContent = ""; return; }
  let data: Uint8Array, when = "";
  if (tl) {
    const got = await askTimeline({ kind: "read", addr, length: size });
    if (got.kind !== "bytes" || !got.bytes) { ui.hexdump.textContent = got.kind === "error" ? got.message : `${hex(addr)} cannot be read`; ui.disasm.textContent = ""; return; }
    data = got.bytes;
    when = ` at instruction ${got.at}`;
  } else data = machine!.memory.bytes(addr, size);
  const label = k ? (a: number) => { const s = k.symbols.lookup(a); return s && s.offset === 0 ? s.name : null; } : undefined;
  const where = k?.symbols.format(addr) ?? hex(addr);
  // one span per row, its address in data-addr (a click puts it in the address field: "Who wrote this?")
  ui.hexdump.replaceChildren(`physical ${hex(addr)}  (${where})${when}\n`, ...hexdump(data, addr, label ? { label } : {}).split(/(?<=\n)/).map((line) => {
    const row = document.createElement("span");
    row.textContent = line;
    row.dataset.addr = line.slice(0, 10);
    return row;
  }));
  const r = await ask({ kind: "disassemble", bytes: data, address: addr, count: 24, kernel: k?.bytes ?? null });
  if (r.kind === "disassemble") ui.disasm.textContent = formatLines(r.lines);
  else if (r.kind === "error") ui.disasm.textContent = `disassembly failed: ${r.message}`;
}
function formatLines(lines: DisasmLine[]): string {
  return lines.map((l) => `${l.label ? `<${l.label}>:\n` : ""}${hex(l.address)}  ${Array.from(l.bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ").padEnd(24)}${l.text}${l.targetSymbol ? `  ; ${l.targetSymbol}` : ""}`).join("\n");
}
// "Who wrote this?" for the inspector's address (typed, or a clicked map band or hexdump row), on the timeline.
ui.whoBtn.addEventListener("click", () => {
  const a = parseAddress(ui.inspectInput.value);
  if (a === null) { ui.hexdump.textContent = `'${ui.inspectInput.value}' is neither an address nor a symbol of the kernel`; ui.disasm.textContent = ""; return; }
  void timeline.whoWrote(a);
});
ui.hexdump.addEventListener("click", (e) => {
  const row = (e.target as HTMLElement).closest<HTMLElement>("[data-addr]");
  if (row?.dataset.addr) ui.inspectInput.value = row.dataset.addr;
});
ui.inspectForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const a = parseAddress(ui.inspectInput.value);
  if (a === null) { ui.hexdump.textContent = `'${ui.inspectInput.value}' is neither an address nor a symbol of the kernel`; ui.disasm.textContent = ""; return; }
  void inspect(a);
});


// ---- projects: open (folder, archive, drop, share link), remember (IndexedDB), download, share ------------------
const enc = new TextEncoder();
function currentProject(): Project {
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) out[k] = enc.encode(v);
  for (const [k, v] of Object.entries(binaries)) out[k] = v;
  return { name: project?.name ?? "sample", files: out };
}

/** The project's kernlab.layout.json (or the one its recipe names) as a Layout, for the build and the checks. */
function loadProjectLayout(p: Project, path: string | undefined): Layout | null {
  if (!path || !p.files[path] || !/\.json$/i.test(path)) return null;
  try {
    return defineLayout(JSON.parse(new TextDecoder().decode(p.files[path])) as LayoutSpec);
  } catch {
    return null; // the worker's build reports it, located
  }
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** Edits are remembered half a second after the last keystroke. */
function scheduleSave(): void {
  if (!project) return;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { saveTimer = null; void saveProject(); }, 500);
}
async function saveProject(): Promise<void> {
  if (!project) return;
  await saveStored({ project: currentProject(), snapshot: frozenSnapshot, rules: ui.rules.value || null });
}

/** Shows a project in the page (files, rules, snapshot) without building it. */
function showProject(p: Project, stored: { snapshot: string | null; rules: string | null } = { snapshot: null, rules: null }): void {
  project = { name: p.name };
  state.project = p.name;
  files = {};
  binaries = {};
  for (const [path, data] of Object.entries(p.files)) {
    if (isTextFile(path)) files[path] = new TextDecoder().decode(data);
    else binaries[path] = data;
  }
  frozenSnapshot = stored.snapshot;
  ui.filesBox.open = true;
  ui.rules.value = stored.rules ?? "";
  ui.projectName.textContent = p.name;
  showDiagnostics([]);
  clearChecks();
  let first: string | undefined;
  try {
    const { recipe, guessed } = projectRecipe(p);
    first = recipe.sources.find((f) => files[f] !== undefined);
    ui.projectName.textContent = `${p.name}: ${recipe.sources.length} inputs, ${recipe.script ?? recipe.layout ?? "the default layout"}${guessed ? ` (guessed: no ${RECIPE_FILE})` : ` (${RECIPE_FILE})`}`;
  } catch { /* build() reports it */ }
  listFiles(first);
}

/** Opens files as the project (replacing the one open), remembers it, builds and boots it. */
async function openProject(entries: ArchiveEntry[], fallbackName: string): Promise<void> {
  const { name, files: normalized } = normalizeFiles(entries);
  if (Object.keys(normalized).length === 0) { setStatus(`${fallbackName}: no files to open`, "error"); return; }
  const p: Project = { name: name ?? fallbackName, files: normalized };
  showProject(p);
  await saveProject();
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  await buildAndBoot();
}

/** Entries of dropped or picked files: archives are unpacked, anything else is a file of the project. */
async function entriesOf(list: { path: string; file: File }[]): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  for (const { path, file } of list) {
    const data = new Uint8Array(await file.arrayBuffer());
    if (list.length === 1 && isTar(data)) out.push(...readTar(data));
    else if (list.length === 1 && isZip(data)) out.push(...(await readZip(data)));
    else out.push({ path, data });
  }
  return out;
}
const archiveName = (f: File) => f.name.replace(/\.(zip|tar|tgz)$/i, "");

ui.folderInput.addEventListener("change", async () => {
  const picked = [...(ui.folderInput.files ?? [])];
  ui.folderInput.value = "";
  if (!picked.length) return;
  const root = picked[0]!.webkitRelativePath.split("/")[0] || "project";
  try {
    await openProject(await entriesOf(picked.map((f) => ({ path: f.webkitRelativePath || f.name, file: f }))), root);
  } catch (e) { setStatus(`cannot open ${root}: ${errorText(e)}`, "error"); }
});
ui.filesInput.addEventListener("change", async () => {
  const picked = [...(ui.filesInput.files ?? [])];
  ui.filesInput.value = "";
  if (!picked.length) return;
  try {
    await openProject(await entriesOf(picked.map((f) => ({ path: f.name, file: f }))), picked.length === 1 ? archiveName(picked[0]!) : "project");
  } catch (e) { setStatus(`cannot open ${picked[0]!.name}: ${errorText(e)}`, "error"); }
});
// "Open folder…" uses the File System Access API where the browser has it (the input is the fallback).
ui.folderInput.parentElement!.addEventListener("click", async (e) => {
  const picker = (window as { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
  if (!picker || e.target === ui.folderInput) return;
  e.preventDefault();
  try {
    const dir = await picker();
    const list: { path: string; file: File }[] = [];
    const walk = async (d: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, h] of (d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (h.kind === "file") list.push({ path: prefix + name, file: await (h as FileSystemFileHandle).getFile() });
        else if (!name.startsWith(".")) await walk(h as FileSystemDirectoryHandle, prefix + name + "/");
      }
    };
    await walk(dir, dir.name + "/");
    await openProject(await entriesOf(list), dir.name);
  } catch (err) {
    if ((err as { name?: string }).name !== "AbortError") setStatus(`cannot open the folder: ${errorText(err)}`, "error");
  }
});

// Drag and drop: a folder (walked through the entries API), an archive, or loose files.
async function droppedFiles(dt: DataTransfer): Promise<{ list: { path: string; file: File }[]; name: string }> {
  const list: { path: string; file: File }[] = [];
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.length && entries.every((x) => x !== null)) {
    const fileOf = (f: FileSystemFileEntry) => new Promise<File>((ok, no) => f.file(ok, no));
    const readAll = async (d: FileSystemDirectoryEntry) => {
      const reader = d.createReader(), out: FileSystemEntry[] = [];
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((ok, no) => reader.readEntries(ok, no));
        if (!batch.length) return out;
        out.push(...batch);
      }
    };
    const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
      if (e.isFile) list.push({ path: prefix + e.name, file: await fileOf(e as FileSystemFileEntry) });
      else if (!e.name.startsWith(".")) for (const c of await readAll(e as FileSystemDirectoryEntry)) await walk(c, prefix + e.name + "/");
    };
    for (const e of entries) await walk(e!, "");
    return { list, name: entries.length === 1 ? entries[0]!.name.replace(/\.(zip|tar)$/i, "") : "project" };
  }
  for (const f of dt.files) list.push({ path: f.name, file: f });
  return { list, name: dt.files.length === 1 ? archiveName(dt.files[0]!) : "project" };
}
window.addEventListener("dragover", (e) => {
  if (!e.dataTransfer?.types.includes("Files")) return;
  e.preventDefault();
  ui.dropHint.hidden = false;
});
window.addEventListener("dragleave", (e) => { if (!e.relatedTarget) ui.dropHint.hidden = true; });
window.addEventListener("drop", async (e) => {
  ui.dropHint.hidden = true;
  // text dragged within the page (the editor handles its own drops) is not a project
  if (e.defaultPrevented || !e.dataTransfer?.types.includes("Files")) return;
  e.preventDefault();
  const klrec = [...e.dataTransfer.files].find((f) => /\.klrec$/i.test(f.name));
  if (klrec && e.dataTransfer.files.length === 1) { await openKlrec(klrec); return; } // a recorded run: the timeline
  try {
    const { list, name } = await droppedFiles(e.dataTransfer);
    await openProject(await entriesOf(list), name);
  } catch (err) { setStatus(`cannot open what was dropped: ${errorText(err)}`, "error"); }
});

ui.sampleBtn.addEventListener("click", async () => {
  project = null;
  projectLayout = null;
  state.project = null;
  files = { ...kernelSources };
  binaries = {};
  frozenSnapshot = null;
  ui.rules.value = "";
  ui.projectName.textContent = "";
  clearChecks();
  showDiagnostics([]);
  listFiles(sampleFirstFile());
  await clearStored();
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  await buildAndBoot();
});

function saveAs(name: string, data: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
/** The project's files (with its recipe, written out when it was guessed) and the built ELF, as one .tar. */
ui.downloadBtn.addEventListener("click", () => {
  const p = currentProject();
  const entries: ArchiveEntry[] = Object.entries(p.files).map(([path, data]) => ({ path: `${p.name}/${path}`, data }));
  let output = "kernel.elf";
  if (project) {
    try {
      const { recipe, guessed } = projectRecipe(p);
      output = recipe.output;
      if (guessed) entries.push({ path: `${p.name}/${RECIPE_FILE}`, data: enc.encode(recipeText(recipe)) });
    } catch { /* no recipe: sources only */ }
  }
  if (state.elf) entries.push({ path: `${p.name}/${output}`, data: state.elf });
  saveAs(`${p.name}.tar`, writeTar(entries));
});
ui.shareBtn.addEventListener("click", async () => {
  if (!project) { setStatus("open a project to share it (every copy of the lab has the sample kernel)", "error"); return; }
  try {
    const fragment = await shareFragment(currentProject());
    history.replaceState(null, "", location.pathname + location.search + fragment);
    const link = location.href;
    try { await navigator.clipboard.writeText(link); } catch { /* not allowed: the address bar has it */ }
    setStatus(`share link ready (${fragment.length} characters, in the address bar${navigator.clipboard ? " and the clipboard" : ""}); nothing was sent anywhere`, "ok");
  } catch (e) {
    setStatus(`cannot share: ${errorText(e)}`, "error");
  }
});

// ---- layout checks (verify's report, rules and snapshots, on the page's machine) ---------------------------
function clearChecks(): void {
  state.checks = null;
  ui.checks.replaceChildren();
  ui.snapshotDiff.textContent = "";
  ui.checksVerdict.textContent = "";
  ui.checksSource.textContent = frozenSnapshot ? "a snapshot is frozen: checks compare with it" : "";
}

function checkNow(): CheckOutcome | null {
  if (!machine || !kernel) return null;
  const report = layoutReport({
    elf: kernel.elf, fileName: kernel.name, now: { registers: machine.registers(), memory: machine.memory },
    entry: entryState, paint: bootPaint, layout: project ? projectLayout : sampleLayout,
  });
  if (!ui.rules.value.trim()) ui.rules.value = JSON.stringify(defaultRuleSpecs(report, project ? projectLayout : sampleLayout), null, 1).replace(/\n\s+(?=[\]"0-9])/g, " ") + "\n";
  let specs;
  try {
    specs = rulesFromText(ui.rules.value);
  } catch (e) {
    ui.checksVerdict.textContent = `rules: ${errorText(e)}`;
    ui.rules.closest("details")!.open = true;
    return null;
  }
  let frozen = null;
  try { frozen = frozenSnapshot ? thaw(frozenSnapshot) : null; } catch (e) { ui.checksVerdict.textContent = `snapshot: ${errorText(e)}`; }
  const outcome = runChecks(report, specs, frozen);
  ui.checks.replaceChildren();
  for (const r of outcome.results) {
    const tr = document.createElement("tr");
    tr.dataset.pass = String(r.pass);
    for (const [text, cls] of [[r.rule, ""], [r.pass ? "pass" : "FAIL", r.pass ? "pass" : "fail"], [[r.message, ...(r.pass ? [] : r.evidence)].join("\n"), ""]]) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    ui.checks.append(tr);
  }
  const c = outcome.comparison;
  const diff = c === null ? null : c.changes.length === 0 ? "snapshot: matches" : `snapshot: ${c.pass ? "matches within tolerances" : "differs"}\n${c.text.replace(/^/gm, "  ").trimEnd()}`;
  ui.snapshotDiff.textContent = diff ?? "";
  if (c) ui.snapshotDiff.dataset.pass = String(c.pass);
  const failed = outcome.results.filter((r) => !r.pass).length;
  const when = state.phase === "ended" ? "at the end of the run" : "now";
  ui.checksVerdict.textContent = `${outcome.pass ? "ok" : "FAILED"}: ${outcome.results.length - failed}/${outcome.results.length} rules hold ${when}${c ? (c.pass ? ", snapshot matches" : `, ${c.changes.filter((x) => !x.tolerated).length} snapshot changes`) : ""}`;
  ui.checksVerdict.className = outcome.pass ? "pass" : "fail";
  state.checks = { pass: outcome.pass, results: outcome.results.map(({ rule, pass, message }) => ({ rule, pass, message })), diff };
  void saveProject();
  return outcome;
}
ui.checkBtn.addEventListener("click", () => void checkNow());
ui.freezeBtn.addEventListener("click", () => {
  if (!machine || !kernel) return;
  const report = layoutReport({
    elf: kernel.elf, fileName: kernel.name, now: { registers: machine.registers(), memory: machine.memory },
    entry: entryState, paint: bootPaint, layout: project ? projectLayout : sampleLayout,
  });
  frozenSnapshot = freeze(report);
  ui.checksSource.textContent = "a snapshot is frozen: checks compare with it";
  checkNow();
});
ui.rules.addEventListener("input", scheduleSave);

// ---- start: build the sample kernel and boot it -----------------------------------------------------------
// IndexedDB is read while the toolchain loads (a first visit finds nothing there).
const storedLab = location.hash ? Promise.resolve(null) : loadStored();
(async () => {
  setStatus("loading the toolchain (iced-x86) and v86…");
  const ready = await workerReady;
  mark("toolchain-ready");
  if (ready.kind === "load-failed") {
    setPhase("error");
    setStatus(`the in-page toolchain failed to load: ${ready.message}`, "error");
    return;
  }
  setPhase("ready");
  // A shared link's project, else the project remembered from the last visit, else the sample kernel.
  try {
    const shared = await projectFromFragment(location.hash);
    if (shared) showProject(shared);
    else {
      const stored = await storedLab;
      if (stored) showProject(stored.project, stored);
    }
  } catch (e) {
    setStatus(`cannot open the shared project: ${errorText(e)}`, "error");
  }
  if (Object.keys(files).length === 0) { setStatus("no kernel sources were bundled; load an ELF", "error"); return; }
  if (new URLSearchParams(location.search).has("noboot")) { setStatus("ready", "ok"); editor.load(); return; }
  if (await build()) await boot();
})();
