/**
 * The lab's debugger panel (issue 17): drives Run.debug (emulator/index.ts Debugger) of the lab's run. At a
 * stop it shows the registers (EFLAGS decoded), the disassembly from EIP's symbol with the symbols, the stack
 * as words, the GDT and IDT; it sets breakpoints (symbol, address, or a click on a disassembly line), write
 * watchpoints and exception catches. Where the kernel has DWARF line tables (toolchain/elf/line-map.ts) the
 * editor shows the exact source line at every stop (opening the project file it is in), a click in the editor's
 * gutter sets a breakpoint on that line (its lowest address; a line without code moves to the next line that
 * has some, as GDB does) and the disassembly is headed by file:line. Without line tables the gutter falls back
 * to labels: the line of the nearest preceding label (the symbol EIP is in), never a claim about the exact
 * line, and a gutter click breaks at the label at or above the line. The toolbar's Pause is this panel's Pause
 * (pause(), cont(), onState), so a pause always shows the registers.
 */
import type { Debugger, FullRegisters, Run, StopReason, SymbolTable } from "../emulator/index";
import type { DisasmLine } from "../toolchain/disasm";
import { sameSourceFile as sameFile, type LineMap, type SourceLine } from "../toolchain/elf/line-map";

export interface DebuggerViewOptions {
  root: HTMLElement;
  /** Disassembles guest bytes (the build worker's iced-x86); a string is an error. */
  disassemble(bytes: Uint8Array, address: number, count: number): Promise<DisasmLine[] | string>;
  /** The running kernel's symbols. */
  symbols(): SymbolTable | null;
  /** The open file's text, for the label-based gutter marks; null when the editor is not loaded. */
  sourceText(): string | null;
  /** The editor caret's 1-based line in sourceText(), for Run to cursor; null when unknown. */
  cursorLine(): number | null;
  /** Shows marks in the editor's gutter (1-based lines). */
  setGutter(current: number | null, breakpoints: number[]): void;
  /** The running kernel's DWARF line tables; null (or empty) when it has none: the label fallback. */
  lines(): LineMap | null;
  /** The project path of the file open in the editor; null when none. */
  sourceName(): string | null;
  /** Opens the project file that is `file` (a line table's name) in the editor; false when the project has none. */
  showSource(file: string): boolean;
  /** The project's path of the file a line table names (gcc names "/home/me/os/echo.c"); null: not in the project. */
  projectPath(file: string): string | null;
  /** The text of a 1-based line of the project file that is `file`, for the disassembly; null when unknown. */
  sourceLineText(file: string, line: number): string | null;
  /** Told when the run stops ("stopped"), goes on ("running") or ends. */
  onState?(state: "running" | "stopped" | "ended"): void;
}

export interface DebuggerView {
  attach(run: Run): void;
  /** BootOptions.debug for the next boot: stopped before the first instruction when "Stop at entry" is ticked. */
  bootOptions(): { startPaused?: boolean };
  /** The toolbar's Pause: stop the run at the next instruction (registers shown at the stop). */
  pause(): void;
  /** The toolbar's Continue: the panel's Continue. */
  cont(): void;
  /** One instruction (the panel's Step). */
  step(): void;
  /** A click in the editor's gutter on a 1-based line of the open file: toggles a breakpoint there. */
  toggleLine(line: number): void;
}

const hex = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");
/** Step line gives up (a stop "after step") after this many instructions: a loop on one line, code without lines. */
export const STEP_LINE_LIMIT = 20_000;
const FLAGS: [number, string][] = [[0, "CF"], [2, "PF"], [4, "AF"], [6, "ZF"], [7, "SF"], [8, "TF"], [9, "IF"], [10, "DF"], [11, "OF"], [14, "NT"], [16, "RF"], [17, "VM"]];
export const EXCEPTIONS = ["#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15",
  "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "22", "23", "24", "25", "26", "27", "28", "29", "#SX", "31"];

export function decodeEflags(v: number): string {
  const on = FLAGS.filter(([bit]) => (v >>> bit) & 1).map(([, n]) => n);
  return `[${on.join(" ")}] IOPL=${(v >>> 12) & 3}`;
}

/** Past this distance from the nearest preceding symbol an address is shown as hex only (a user program's
 *  0x08048022 is not `__kernel_end+0x7e39022`). */
const NEAR = 0x10000;

/** `kmain+0x12` for an address near a symbol, else hex. */
export function named(a: number, symbols: SymbolTable | null): string {
  const s = symbols?.lookup(a);
  return s && s.offset < NEAR ? symbols!.format(a) : hex(a);
}

/** A stop as one line for people. */
export function describeStop(r: StopReason, symbols: SymbolTable | null): string {
  const at = (a: number) => named(a, symbols);
  switch (r.kind) {
    case "step": return "stopped after step";
    case "breakpoint": return `breakpoint ${r.id} at ${at(r.address)}`;
    case "watchpoint": {
      const show = (b: Uint8Array | null) => (b ? Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ") : "?");
      return `watchpoint ${r.id}: ${r.access} of ${at(r.address)} (${r.length} bytes) by the instruction at ${at(r.eip)}: old ${show(r.oldValue)} → new ${show(r.newValue)}`;
    }
    case "vector": return `caught vector ${r.vector} (${EXCEPTIONS[r.vector] ?? "interrupt"})${r.errorCode !== null ? ` error code ${hex(r.errorCode)}` : ""}${r.cr2 !== null ? ` CR2=${hex(r.cr2)}` : ""} at ${at(r.eip)}`;
    case "control-register": return `mov to CR${r.register} = ${hex(r.value)} at ${at(r.eip)}`;
    case "interrupted": return "paused";
    case "ended": return `the run ended (${r.verdict.kind})`;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/**
 * 1-based line of `label:` in a NASM source text, or null. A NASM local label's symbol (`kmalloc.aligned`) is
 * found as `.aligned:` after its parent's line (`kmalloc:`).
 */
export function labelLine(text: string, label: string): number | null {
  const lines = text.split("\n");
  const find = (name: string, from: number) => {
    const re = new RegExp(`^\\s*${name.replace(/[.$?]/g, "\\$&")}\\s*:`);
    for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i;
    return -1;
  };
  const dot = label.indexOf(".", 1);
  if (dot < 0) { const i = find(label, 0); return i < 0 ? null : i + 1; }
  const parent = find(label.slice(0, dot), 0);
  if (parent < 0) return null;
  // the local label belongs to the parent only up to the next non-local label
  const next = lines.findIndex((l, i) => i > parent && /^\s*[A-Za-z_?][\w$#@~?]*\s*:/.test(l));
  const i = find(label.slice(dot), parent + 1);
  return i < 0 || (next >= 0 && i > next) ? null : i + 1;
}

/**
 * The symbol of the nearest label at or above a 1-based line (`kmalloc.aligned` for `.aligned:` under
 * `kmalloc:`), for Run to cursor; null when there is none.
 */
export function labelAbove(text: string, line: number): string | null {
  const lines = text.split("\n");
  let local: string | null = null;
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^\s*(\.?[A-Za-z_?][\w$#@~?.]*)\s*:/.exec(lines[i]!);
    if (!m) continue;
    const name = m[1]!;
    if (name.startsWith("..")) continue;
    if (!name.startsWith(".")) return local ? name + local : name;
    local ??= name;
  }
  return null;
}

export function createDebuggerView(o: DebuggerViewOptions): DebuggerView {
  const { root } = o;
  let dbg: Debugger | null = null;
  /** Each breakpoint's address, its label (a symbol at it) and its source line (a line table's, or the clicked line). */
  const breakpoints = new Map<number, { at: number; label: string | null; source: SourceLine | null }>();
  const watchpoints = new Map<number, { at: number; label: string }>();
  let stepOverBp: number | null = null;
  let busy = false;

  const btn = (id: string, text: string, title: string) => el("button", { id, textContent: text, title, type: "button" });
  const pauseBtn = btn("dbg-pause", "Pause", "stop the guest at the next instruction");
  const stepBtn = btn("dbg-step", "Step", "execute one instruction");
  const overBtn = btn("dbg-over", "Step over", "a call runs to the instruction after it");
  const lineBtn = btn("dbg-step-line", "Step line", `execute instructions until the source line changes (line tables; at most ${STEP_LINE_LIMIT} instructions)`);
  const contBtn = btn("dbg-cont", "Continue", "run until a breakpoint, watchpoint or catch");
  const status = el("span", { id: "dbg-status", className: "dbg-status" });
  const startPaused = el("input", { id: "dbg-start-paused", type: "checkbox" });
  const startLabel = el("label", { title: "the next Boot or Reset stops before the kernel's first instruction" }, startPaused, "Stop at entry");
  const bpInput = el("input", { id: "dbg-bp-input", placeholder: "symbol or address (kmain, 0x00100000)" });
  const runToBtn = btn("dbg-run-to", "Run to", "continue to this symbol or address once (a breakpoint removed at the next stop)");
  const cursorBtn = btn("dbg-run-to-cursor", "Run to cursor", "continue to the label at or above the editor's caret");
  const bpForm = el("form", { id: "dbg-bp-form" }, "Break at ", bpInput, el("button", { textContent: "Add", type: "submit" }), runToBtn, cursorBtn);
  const bpList = el("ul", { id: "dbg-bps", className: "dbg-list" });
  const wpInput = el("input", { id: "dbg-wp-input", placeholder: "symbol or address (4 bytes, write)" });
  const wpForm = el("form", { id: "dbg-wp-form" }, "Watch writes to ", wpInput, el("button", { textContent: "Add", type: "submit" }));
  const wpList = el("ul", { id: "dbg-wps", className: "dbg-list" });
  const regs = el("pre", { id: "dbg-regs" });
  const disasm = el("div", { id: "dbg-disasm", className: "dbg-disasm" });
  const stack = el("pre", { id: "dbg-stack" });
  const tables = el("pre", { id: "dbg-tables" });
  const catches = el("div", { id: "dbg-catch", className: "dbg-catch" });
  for (let v = 0; v < 32; v++) {
    const box = el("input", { type: "checkbox", title: `stop on vector ${v} (${EXCEPTIONS[v]})` });
    box.dataset.vector = String(v);
    box.addEventListener("change", () => dbg?.catchVector(v, box.checked));
    catches.append(el("label", {}, box, `${v} ${EXCEPTIONS[v]}`));
  }
  root.replaceChildren(
    el("h2", { textContent: "Debugger" }),
    el("div", { className: "toolbar" }, pauseBtn, stepBtn, lineBtn, overBtn, contBtn, startLabel, status),
    el("div", { className: "dbg-cols" },
      el("div", {}, el("h3", { textContent: "Registers" }), regs, el("h3", { textContent: "Stack (ESP upward)" }), stack),
      el("div", {}, el("h3", { textContent: "Disassembly (click a line: breakpoint)" }), disasm)),
    bpForm, bpList, wpForm, wpList,
    el("details", { id: "dbg-catch-box" }, el("summary", { textContent: "Catch exceptions (vectors 0-31)" }), catches),
    el("details", { id: "dbg-tables-box" }, el("summary", { textContent: "GDT and IDT" }), tables),
  );
  root.hidden = false;

  const syms = () => o.symbols();
  const at = (a: number) => named(a, syms());
  const resolve = (text: string): number | null => {
    const t = text.trim();
    if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
    if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
    return syms()?.address(t) ?? null;
  };

  function setControls(): void {
    const stopped = !!dbg && dbg.stopped && !ended;
    pauseBtn.disabled = !dbg || stopped || ended;
    stepBtn.disabled = overBtn.disabled = contBtn.disabled = runToBtn.disabled = cursorBtn.disabled = !stopped || busy;
    lineBtn.disabled = !stopped || busy || !lineMap();
  }
  let ended = false;

  function renderLists(): void {
    const item = (text: string, remove: () => void) => {
      const b = el("button", { textContent: "remove", type: "button" });
      b.addEventListener("click", remove);
      return el("li", {}, text + " ", b);
    };
    bpList.replaceChildren(...[...breakpoints].map(([id, b]) => item(`#${id} ${hex(b.at)}${syms()?.lookup(b.at) ? ` ${at(b.at)}` : ""}${b.source ? ` ${shown(b.source)}` : ""}`, () => removeBreakpoint(id))));
    wpList.replaceChildren(...[...watchpoints].map(([id, w]) => item(`#${id} ${w.label} (${hex(w.at)}, 4 bytes, write)`, () => { dbg?.removeWatchpoint(id); watchpoints.delete(id); renderLists(); })));
    renderGutter();
  }

  /** The line tables when they describe some code (else the label fallback). */
  const lineMap = (): LineMap | null => { const m = o.lines(); return m && !m.empty ? m : null; };
  const stoppedAt = (): number | null => (dbg && dbg.stopped && !ended ? dbg.registers().eip : null);
  /** A line table's file as people see it: the project's path when the project has it. */
  const shown = (l: SourceLine) => `${o.projectPath(l.file) ?? l.file}:${l.line}`;
  /** "  file:line" of an address from the line tables, or "". */
  const where = (a: number) => { const l = lineMap()?.lineAt(a); return l ? `  ${shown(l)}` : ""; };

  /** The gutter of the open file: the exact lines from the line tables, else the label fallback. */
  function renderGutter(reveal = false, running = false): void {
    const map = lineMap();
    const eip = running ? null : stoppedAt();
    if (map) {
      const here = eip !== null ? map.lineAt(eip) : null;
      if (here && reveal) o.showSource(here.file); // the editor follows the stop into the file it is in
      root.dataset.line = here ? shown(here) : "";
      const open = o.sourceName();
      if (open === null) return;
      const bpLines = [...breakpoints.values()].flatMap((b) => {
        const src = b.source ?? map.lineAt(b.at);
        return src && sameFile(src.file, open) ? [src.line] : [];
      });
      o.setGutter(here && sameFile(here.file, open) ? here.line : null, bpLines);
      return;
    }
    const text = o.sourceText();
    if (text === null) return;
    const bpLines = [...breakpoints.values()].flatMap((b) => (b.label ? [labelLine(text, b.label)] : [])).filter((l): l is number => l !== null);
    let current: number | null = null;
    if (eip !== null) {
      const s = syms()?.lookup(eip);
      if (s) current = labelLine(text, s.name);
    }
    o.setGutter(current, bpLines);
  }

  function addBreakpoint(addr: number, source: SourceLine | null = null): void {
    if (!dbg) return;
    const s = syms()?.lookup(addr);
    const id = dbg.addBreakpoint(addr);
    breakpoints.set(id, { at: addr, label: s && s.offset === 0 ? s.name : null, source: source ?? lineMap()?.lineAt(addr) ?? null });
    renderLists();
    void renderDisasm();
  }
  function removeBreakpoint(id: number): void {
    dbg?.removeBreakpoint(id);
    breakpoints.delete(id);
    renderLists();
    void renderDisasm();
  }

  /** A gutter click: the line's lowest address (line tables) or the label at or above it (fallback). */
  function toggleLine(line: number): void {
    if (!dbg || ended) { status.textContent = "boot a kernel to set breakpoints"; return; }
    const open = o.sourceName();
    const map = lineMap();
    if (map && open !== null && map.covers(open)) {
      const target = map.addressOf(open, line);
      if (!target) { status.textContent = `no code at or after ${open}:${line}`; return; }
      const existing = [...breakpoints].find(([, b]) => b.at === target.address);
      if (existing) return removeBreakpoint(existing[0]);
      addBreakpoint(target.address, { file: open, line: target.line });
      status.textContent = `breakpoint at ${open}:${target.line} (${at(target.address)})`;
      return;
    }
    const text = o.sourceText();
    const label = text !== null ? labelAbove(text, line) : null;
    const a = label ? syms()?.address(label) ?? null : null;
    if (a === null) { status.textContent = label ? `the label ${label} is not a symbol of the running kernel` : "no line tables, and no label at or above this line"; return; }
    const existing = [...breakpoints].find(([, b]) => b.at === a);
    if (existing) return removeBreakpoint(existing[0]);
    addBreakpoint(a);
  }

  async function renderDisasm(): Promise<void> {
    if (!dbg || !dbg.stopped || ended) return;
    const eip = dbg.registers().eip;
    const s = syms()?.lookup(eip);
    const start = s && s.offset <= 64 ? eip - s.offset : eip;
    let bytes: Uint8Array | null = null;
    for (let n = 128; n >= 16 && !bytes; n >>= 1) bytes = dbg.readVirtual(start, n);
    if (!bytes) { disasm.textContent = `${hex(eip)} is not mapped`; return; }
    const lines = await o.disassemble(bytes, start, 20);
    if (typeof lines === "string") { disasm.textContent = `disassembly failed: ${lines}`; return; }
    const bpAt = new Set([...breakpoints.values()].map((b) => b.at));
    const map = lineMap();
    let lastSource = "";
    disasm.replaceChildren(...lines.flatMap((l) => {
      // with line tables, each new source line heads its instructions: file:line and the line's text
      const src = map?.lineAt(l.address) ?? null;
      const key = src ? shown(src) : "";
      const head: HTMLElement[] = [];
      if (src && key !== lastSource) {
        const text = o.sourceLineText(src.file, src.line);
        head.push(el("div", { className: "dbg-source", textContent: `${key}${text !== null ? `  ${text.trim()}` : ""}` }));
      }
      lastSource = key;
      const row = el("div", { className: "dbg-line" + (l.address === eip ? " dbg-current" : "") + (bpAt.has(l.address) ? " dbg-bp" : "") },
        `${l.address === eip ? "▶" : bpAt.has(l.address) ? "●" : " "} ${hex(l.address)}  ${l.text}${l.target !== null && l.targetSymbol && named(l.target, syms()) !== hex(l.target) ? `  ; ${l.targetSymbol}` : ""}`);
      row.dataset.address = String(l.address);
      row.addEventListener("click", () => {
        const existing = [...breakpoints].find(([, b]) => b.at === l.address);
        if (existing) removeBreakpoint(existing[0]);
        else addBreakpoint(l.address);
      });
      return [...(l.label ? [el("div", { className: "dbg-label", textContent: `<${l.label}>:` })] : []), ...head, row];
    }));
  }

  function renderRegisters(r: FullRegisters): void {
    const g = (n: keyof FullRegisters & string) => `${n.toUpperCase().padEnd(3)} ${hex(r[n] as number)}`;
    regs.textContent = [
      `${g("eax")}  ${g("ebx")}  ${g("ecx")}  ${g("edx")}`,
      `${g("esi")}  ${g("edi")}  ${g("ebp")}  ${g("esp")}`,
      `EIP ${hex(r.eip)}  ${at(r.eip)}${where(r.eip)}`,
      `EFLAGS ${hex(r.eflags)} ${decodeEflags(r.eflags)}`,
      ["cs", "ds", "es", "fs", "gs", "ss"].map((n) => `${n.toUpperCase()} ${(r[n as "cs"] >>> 0).toString(16).padStart(4, "0")}`).join("  ") + `  CPL ${r.cpl}`,
      `CR0 ${hex(r.cr0)}  CR2 ${hex(r.cr2)}  CR3 ${hex(r.cr3)}  CR4 ${hex(r.cr4)}`,
      `GDTR ${hex(r.gdtr.base)}/${r.gdtr.limit.toString(16)}  IDTR ${hex(r.idtr.base)}/${r.idtr.limit.toString(16)}  TR ${r.tr.toString(16).padStart(4, "0")}  LDTR ${r.ldtr.toString(16).padStart(4, "0")}`,
    ].join("\n");
  }

  function renderStack(r: FullRegisters): void {
    const out: string[] = [];
    for (let i = 0; i < 16; i++) {
      const a = (r.esp + 4 * i) >>> 0;
      const b = dbg!.readVirtual(a, 4);
      if (!b) { out.push(`${hex(a)}  (unmapped)`); break; }
      const v = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
      const s = syms()?.lookup(v);
      out.push(`${hex(a)}  ${hex(v)}${s && s.offset < 0x1000 ? `  ${syms()!.format(v)}` : ""}`);
    }
    stack.textContent = out.join("\n");
  }

  function renderTables(r: FullRegisters): void {
    const out = ["GDT  sel   base       limit      access flags"];
    const gdt = dbg!.readVirtual(r.gdtr.base, Math.min(r.gdtr.limit + 1, 256));
    const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
    if (gdt) for (let o = 0; o + 8 <= gdt.length; o += 8) {
      const lo = u32(gdt, o), hi = u32(gdt, o + 4);
      const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
      let limit = (lo & 0xffff) | (hi & 0xf0000);
      if (hi & (1 << 23)) limit = ((limit << 12) | 0xfff) >>> 0;
      const access = (hi >>> 8) & 0xff;
      const kind = !(access & 0x80) ? "not present" : access & 0x10 ? (access & 8 ? "code" : "data") : (access & 0xf) === 9 || (access & 0xf) === 0xb ? "TSS" : "system";
      out.push(`     ${(o).toString(16).padStart(4, "0")}  ${hex(base)} ${hex(limit)} ${access.toString(16).padStart(2, "0")}     ${(hi >>> 20 & 0xf).toString(16)}  ${kind}${access & 0x80 ? ` DPL ${(access >>> 5) & 3}` : ""}`);
    }
    else out.push("     (GDTR base not mapped)");
    out.push("", "IDT  vec  selector:offset         type  DPL");
    const idt = dbg!.readVirtual(r.idtr.base, Math.min(r.idtr.limit + 1, 256 * 8));
    if (idt) for (let o = 0; o + 8 <= idt.length; o += 8) {
      const lo = u32(idt, o), hi = u32(idt, o + 4);
      if (!(hi & 0x8000)) continue;
      const off = ((lo & 0xffff) | (hi & 0xffff0000)) >>> 0;
      const type = (hi >>> 8) & 0x1f;
      out.push(`     ${String(o / 8).padStart(3)}  ${(lo >>> 16).toString(16).padStart(4, "0")}:${hex(off)} ${(type & 7) === 7 ? "trap " : (type & 7) === 6 ? "intr " : "task "} ${(hi >>> 13) & 3}  ${at(off)}`);
    }
    else out.push("     (IDTR base not mapped)");
    tables.textContent = out.join("\n");
  }

  function render(): void {
    setControls();
    if (!dbg || !dbg.stopped || ended) return;
    const r = dbg.registers();
    renderRegisters(r);
    renderStack(r);
    renderTables(r);
    void renderDisasm();
    renderGutter(true);
  }

  async function resume(go: (d: Debugger) => Promise<StopReason>): Promise<void> {
    if (!dbg || busy) return;
    busy = true;
    status.textContent = "running…";
    root.dataset.state = "running";
    o.onState?.("running");
    setControls();
    renderGutter(false, true); // breakpoints stay marked, the current line goes
    try { await go(dbg); } finally { busy = false; setControls(); }
  }

  const pause = () => { if (dbg && !dbg.stopped && !ended) dbg.pause(); };
  const step = () => { if (!stepBtn.disabled) void resume((d) => d.step(1)); };
  const cont = () => { if (!contBtn.disabled) void resume((d) => d.cont()); };
  /** Step line: single steps, shown only at the end, until EIP is on another source line (or a stop that is not a step). */
  let quietSteps = false;
  const stepLine = () => {
    if (lineBtn.disabled) return;
    void resume(async (d) => {
      const map = lineMap()!;
      const from = map.lineAt(d.registers().eip);
      let r: StopReason = { kind: "step" };
      quietSteps = true;
      try {
        for (let i = 0; i < STEP_LINE_LIMIT; i++) {
          r = await d.step(1);
          if (r.kind !== "step") break;
          const now = map.lineAt(d.registers().eip);
          if (now && (!from || now.file !== from.file || now.line !== from.line)) break;
        }
      } finally { quietSteps = false; }
      if (r.kind === "step") stopped(r); // the listener stayed quiet for the steps
      return r;
    });
  };
  lineBtn.addEventListener("click", stepLine);
  pauseBtn.addEventListener("click", pause);
  stepBtn.addEventListener("click", step);
  contBtn.addEventListener("click", cont);
  overBtn.addEventListener("click", () => void resume(async (d) => {
    const eip = d.registers().eip;
    const bytes = d.readVirtual(eip, 16);
    const lines = bytes ? await o.disassemble(bytes, eip, 1) : "unmapped";
    const first = typeof lines === "string" ? null : lines[0];
    if (!first || !/^call\b/.test(first.text)) return d.step(1);
    stepOverBp = d.addBreakpoint(eip + first.bytes.length);
    try { return await d.cont(); } finally { d.removeBreakpoint(stepOverBp); stepOverBp = null; }
  }));
  /** Continue to `addr` once: Step over's temporary breakpoint, reported as a step when it is the one hit. */
  const runTo = (addr: number) => void resume(async (d) => {
    stepOverBp = d.addBreakpoint(addr);
    try { return await d.cont(); } finally { d.removeBreakpoint(stepOverBp); stepOverBp = null; }
  });
  runToBtn.addEventListener("click", () => {
    const a = resolve(bpInput.value);
    if (a === null) { status.textContent = `'${bpInput.value}' is neither an address nor a symbol of the kernel`; return; }
    runTo(a);
  });
  cursorBtn.addEventListener("click", () => {
    const text = o.sourceText(), line = o.cursorLine();
    const map = lineMap(), open = o.sourceName();
    if (map && open !== null && line !== null && map.covers(open)) {
      const target = map.addressOf(open, line);
      if (!target) { status.textContent = `no code at or after ${open}:${line}`; return; }
      return runTo(target.address);
    }
    const label = text !== null && line !== null ? labelAbove(text, line) : null;
    const a = label ? syms()?.address(label) ?? null : null;
    if (a === null) { status.textContent = label ? `the label ${label} is not a symbol of the running kernel` : "no label at or above the caret"; return; }
    runTo(a);
  });
  bpForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const a = resolve(bpInput.value);
    if (a === null) { status.textContent = `'${bpInput.value}' is neither an address nor a symbol of the kernel`; return; }
    addBreakpoint(a);
    bpInput.value = "";
  });
  wpForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const a = resolve(wpInput.value);
    if (a === null || !dbg) { status.textContent = `'${wpInput.value}' is neither an address nor a symbol of the kernel`; return; }
    const id = dbg.addWatchpoint({ start: a, length: 4, access: "write" });
    watchpoints.set(id, { at: a, label: at(a) });
    wpInput.value = "";
    renderLists();
  });

  /** Shows a stop: its reason (with the source line when known), the panels, the gutter; tells the page. */
  function stopped(r: StopReason): void {
    if (r.kind === "ended") ended = true;
    const overDone = r.kind === "breakpoint" && r.id === stepOverBp; // Step over's own breakpoint after the call
    const line = !ended && dbg ? where(dbg.registers().eip).trim() : "";
    status.textContent = (overDone ? `stopped at ${at(r.address)} (a one-time breakpoint)` : describeStop(r, syms())) + (line ? ` [${line}]` : "");
    root.dataset.state = ended ? "ended" : "stopped";
    root.dataset.stop = overDone ? "step" : r.kind;
    render();
    o.onState?.(ended ? "ended" : "stopped");
  }

  return {
    pause, cont, step, toggleLine,
    bootOptions: () => (startPaused.checked ? { startPaused: true } : {}),
    attach(run) {
      dbg = run.debug ?? null;
      breakpoints.clear();
      watchpoints.clear();
      ended = false;
      busy = false;
      for (const box of catches.querySelectorAll("input")) (box as HTMLInputElement).checked = false;
      regs.textContent = stack.textContent = tables.textContent = disasm.textContent = "";
      status.textContent = dbg ? "running" : "no debugger on this run";
      root.dataset.state = "running";
      renderLists();
      setControls();
      if (!dbg) return;
      const mine = dbg;
      mine.on("stop", (r) => {
        if (dbg !== mine || (quietSteps && r.kind === "step")) return;
        stopped(r);
      });
      void mine.ready.then(() => {
        if (dbg !== mine || !mine.stopped || busy) return;
        status.textContent = `stopped at the kernel's first instruction (${at(mine.registers().eip)})`;
        root.dataset.state = "stopped";
        root.dataset.stop = "entry";
        render();
        o.onState?.("stopped");
      });
      void run.result.then(() => { if (dbg === mine) { ended = true; root.dataset.state = "ended"; setControls(); renderGutter(); } }, () => undefined);
    },
  };
}
