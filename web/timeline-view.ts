/**
 * The lab's timeline over a recorded run (issue 18, "the layout over time"): a slider from instruction 0 to
 * the recording's end, the recording's checkpoints, exceptions, inputs and exit marked on it, and the count,
 * EIP (with its symbol), heap top and stack depth at the position shown. Moving the slider asks the timeline
 * worker to seek there (web/seek-queue.ts coalesces: while a seek runs only the latest position waits) and
 * hands each frame to the page, which redraws its memory maps from it. "Who wrote this?" (an address or
 * symbol and a length, here or from the page's inspector) asks the worker for the last write to those
 * physical bytes before the slider's count and shows the instruction count, the writer's EIP and symbol, the
 * old and new bytes, with buttons that seek to the instants just before and just after that write.
 * DOM and wiring only: what a frame holds is web/timeline-frame.ts, the replay is web/timeline-worker.ts.
 */
import { bytes as byteCount, hex } from "../core/hex";
import { symbolTable } from "../emulator/symbols";
import { seekQueue, type SeekQueue } from "./seek-queue";
import type { TimelineFrame, TimelineMark } from "./timeline-frame";
import type { OpenedTimeline, WhoWroteAnswer } from "./timeline-protocol";
/** A recording to open: a .klrec file's bytes (the Record box's, or a file opened or dropped). */
export type TimelineInput = { klrec: Uint8Array };

/** Where the page's timeline comes from: the timeline worker (web/main.ts), or a fake in a test. */
export interface TimelineSource {
  open(input: TimelineInput, name: string): Promise<OpenedTimeline>;
  seek(count: number): Promise<TimelineFrame>;
  /** The last write to physical [addr, addr+length) before instruction `at`; null when a newer question replaced it. */
  whoWrote(addr: number, length: number, at: number): Promise<WhoWroteAnswer | null>;
}

export interface TimelineViewOptions {
  root: HTMLElement;
  source: TimelineSource;
  /** Redraw the page's maps from a frame (the physical map, the address spaces, the sections). */
  draw(frame: TimelineFrame, opened: OpenedTimeline): void;
  status(text: string, kind: "busy" | "ok" | "error"): void;
  /** An address or a kernel symbol typed in the who-wrote field, as a physical address (null: neither). */
  parseAddress(text: string): number | null;
}

export interface TimelineView {
  /** Opens a recording and shows its first instant; false (and the reason in the status line) when it cannot. */
  open(input: TimelineInput, name: string): Promise<boolean>;
  /** Moves the slider to `count` and seeks there (coalesced with other moves). */
  seek(count: number): void;
  readonly opened: OpenedTimeline | null;
  /** The frame drawn last. */
  readonly frame: TimelineFrame | null;
  /**
   * "Who wrote this?" for physical [addr, addr+length) (length: the panel's field, default 4) before the
   * instruction shown; the answer appears in the panel. A newer question cancels this one.
   */
  whoWrote(addr: number, length?: number): Promise<void>;
  /** Resolves once no seek runs or waits. */
  idle(): Promise<void>;
  close(): void;
}

/**
 * Marks of a timeline as fractions of its length, one per event (snapshots are not marked), but at most one
 * per kind in each of `buckets` equal slices of the run: a run with 100,000 page faults gets at most that many
 * marks of them (the first of each slice), not a DOM node per fault. ◀/▶ event still visit every event.
 */
export function markPositions(events: readonly TimelineMark[], end: number, buckets = 1000): { mark: TimelineMark; at: number }[] {
  const seen = new Set<string>();
  const out: { mark: TimelineMark; at: number }[] = [];
  for (const mark of events) {
    if (mark.kind === "snapshot") continue;
    const at = end > 0 ? Math.min(1, Math.max(0, mark.at / end)) : 0;
    const key = `${mark.kind} ${Math.floor(at * buckets)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ mark, at });
  }
  return out;
}

/** "05 00 00 00"; "–" for bytes that were unmapped. */
export function byteList(b: Uint8Array | null): string {
  return b ? Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ") : "–";
}

/** The who-wrote answer as the panel prints it (symbol: the writer's, when the kernel has one covering it). */
export function describeWrite(a: WhoWroteAnswer): string {
  const what = `${hex(a.addr)}${a.length === 1 ? "" : ` (${a.length} bytes)`} before instruction ${groupDigits(a.at)}`;
  const w = a.write;
  if (!w) return `${what}: nothing wrote it since the start of the recording`;
  return `${what}: written at instruction ${groupDigits(w.at)} by ${hex(w.eip)}${w.symbol ? ` ${w.symbol}` : ""}, ${byteList(w.oldValue)} → ${byteList(w.newValue)}`;
}

/** "1,234,567" */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The next (dir 1) or previous (dir -1) event's count from `count`, skipping snapshots; null when none. */
export function adjacentEvent(events: readonly TimelineMark[], count: number, dir: 1 | -1): number | null {
  const at = events.filter((e) => e.kind !== "snapshot").map((e) => e.at);
  const pick = dir > 0 ? at.filter((a) => a > count).sort((a, b) => a - b)[0] : at.filter((a) => a < count).sort((a, b) => b - a)[0];
  return pick ?? null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

export function createTimelineView(opts: TimelineViewOptions): TimelineView {
  const { root, source } = opts;
  const title = el("span", { id: "tl-name" });
  const prev = el("button", { id: "tl-prev", title: "previous event" }, "◀ event");
  const next = el("button", { id: "tl-next", title: "next event" }, "event ▶");
  const save = el("button", { id: "tl-save", title: "download the recording (.klrec): `kernlab replay FILE` replays it" }, "Save .klrec");
  const close = el("button", { id: "tl-close", title: "leave the timeline" }, "Close");
  const slider = el("input", { id: "tl-slider", type: "range", min: "0", max: "0", step: "1", value: "0", "aria-label": "instruction count" });
  const marks = el("div", { id: "tl-marks" });
  const track = el("div", { class: "tl-track" });
  track.append(marks, slider);
  const read = (id: string, label: string) => {
    const v = el("output", { id });
    const box = el("span", { class: "tl-read" }, label + " ");
    box.append(v);
    return { box, v };
  };
  const count = read("tl-count", "instruction"), eip = read("tl-eip", "EIP"), heap = read("tl-heap", "heap top"), stack = read("tl-stack", "stack depth"), spaces = read("tl-spaces", "address spaces");
  const bar = el("div", { class: "toolbar" });
  bar.append(el("strong", {}, "Timeline"), title, prev, next, save, close);
  const reads = el("div", { class: "tl-reads" });
  reads.append(count.box, eip.box, heap.box, stack.box, spaces.box);
  const whoAddr = el("input", { id: "tl-who-addr", placeholder: "physical address or symbol", "aria-label": "who wrote: address or symbol", size: "18" });
  const whoLen = el("input", { id: "tl-who-len", type: "number", min: "1", max: "4096", value: "4", "aria-label": "who wrote: length in bytes" });
  const whoAsk = el("button", { id: "tl-who-btn", type: "submit", title: "the last instruction that wrote these bytes before the instant shown (a write watchpoint run backwards)" }, "Who wrote this?");
  const whoForm = el("form", { class: "tl-who" });
  const whoAnswer = el("output", { id: "tl-who-answer" });
  const whoBefore = el("button", { id: "tl-who-before", type: "button", title: "stand just before the writing instruction (the old bytes)", disabled: "" }, "seek there");
  const whoAfter = el("button", { id: "tl-who-after", type: "button", title: "stand just after it (the new bytes)", disabled: "" }, "after ▶");
  whoForm.append(whoAddr, whoLen, whoAsk, whoAnswer, whoBefore, whoAfter);
  root.replaceChildren(bar, track, reads, whoForm);
  root.hidden = true;

  let opened: OpenedTimeline | null = null;
  let recording: Uint8Array | null = null;
  let frame: TimelineFrame | null = null;
  let symbols: ReturnType<typeof symbolTable> | null = null;
  let generation = 0;
  let queue: SeekQueue<TimelineFrame> | null = null;
  let asked = 0;
  let written: number | null = null;

  const answer = (text: string, state: "idle" | "busy" | "found" | "none" | "error", a: WhoWroteAnswer | null = null) => {
    whoAnswer.textContent = text;
    whoAnswer.dataset.state = state;
    for (const k of ["at", "eip", "symbol", "old", "new"]) delete whoAnswer.dataset[k];
    const w = a?.write ?? null;
    written = w ? w.at : null;
    whoBefore.disabled = whoAfter.disabled = w === null;
    if (!w) return;
    Object.assign(whoAnswer.dataset, { at: String(w.at), eip: String(w.eip), symbol: w.symbol ?? "", old: byteList(w.oldValue), new: byteList(w.newValue) });
  };

  const show = (f: TimelineFrame) => {
    if (!opened) return;
    frame = f;
    root.dataset.shown = String(f.count);
    count.v.textContent = `${groupDigits(f.count)} / ${groupDigits(opened.end)}`;
    count.v.dataset.value = String(f.count);
    eip.v.dataset.value = String(f.eip);
    eip.v.textContent = `${hex(f.eip)}${symbols ? `  ${symbols.format(f.eip)}` : ""}`;
    heap.v.textContent = f.heapTop === null ? "–" : hex(f.heapTop);
    heap.v.dataset.value = f.heapTop === null ? "" : String(f.heapTop);
    stack.v.textContent = f.stackDepth === null ? "–" : `${byteCount(f.stackDepth)} (ESP ${hex(f.model.stack?.esp ?? 0)})`;
    stack.v.dataset.value = f.stackDepth === null ? "" : String(f.stackDepth);
    spaces.v.textContent = String(f.model.addressSpaces.length);
    opts.draw(f, opened);
  };

  const makeQueue = (gen: number) => seekQueue<TimelineFrame>(
    (n) => { root.dataset.busy = "true"; root.dataset.seeks = String(Number(root.dataset.seeks ?? 0) + 1); return source.seek(n); },
    (f) => { if (gen === generation) show(f); },
    (e, n) => { if (gen === generation) opts.status(`cannot stand at instruction ${groupDigits(n)}: ${e instanceof Error ? e.message : String(e)}`, "error"); },
  );
  const settle = () => { void queue?.idle().then(() => { if (!queue?.busy) delete root.dataset.busy; }); };

  const view: TimelineView = {
    async open(input, name) {
      const gen = ++generation;
      opts.status(`opening ${name}…`, "busy");
      let t: OpenedTimeline;
      try {
        t = await source.open(input, name);
      } catch (e) {
        if (gen !== generation) return false;
        const message = e instanceof Error ? e.message : String(e);
        opts.status(message.startsWith(`${name}: `) ? message : `${name}: ${message}`, "error");
        if (opened) queue = makeQueue(gen); // the worker keeps what was open: it stays usable
        return false;
      }
      if (gen !== generation) return false;
      opened = t;
      recording = input.klrec;
      asked++;
      answer("", "idle");
      frame = null;
      try { symbols = symbolTable(t.kernel); } catch { symbols = null; }
      queue = makeQueue(gen);
      title.textContent = `${t.name}: ${groupDigits(t.end)} instructions, ${t.events.filter((e) => e.kind !== "snapshot").length} events, ${t.snapshots.length} snapshots`;
      slider.max = String(t.end);
      slider.value = "0";
      marks.replaceChildren();
      for (const { mark, at } of markPositions(t.events, t.end)) {
        const m = el("button", { class: "tl-mark", "data-kind": mark.kind, "data-at": String(mark.at), title: `${mark.kind} at ${groupDigits(mark.at)}: ${mark.detail}` });
        m.style.left = `${at * 100}%`;
        m.addEventListener("click", () => view.seek(mark.at));
        marks.append(m);
      }
      root.hidden = false;
      root.dataset.end = String(t.end);
      opts.status(`${t.name}: recorded run open on the timeline (${groupDigits(t.end)} instructions)`, "ok");
      view.seek(0);
      await view.idle();
      return true;
    },
    seek(n) {
      if (!queue || !opened) return;
      const c = Math.max(0, Math.min(opened.end, Math.round(n)));
      root.dataset.requests = String(Number(root.dataset.requests ?? 0) + 1); // requests vs seeks run: the coalescing
      slider.value = String(c);
      queue.request(c);
      settle();
    },
    async whoWrote(addr, length) {
      if (!opened) return;
      const n = length ?? Math.round(Number(whoLen.value) || 4);
      if (!Number.isInteger(n) || n < 1 || n > 4096) { answer(`the length must be 1 to 4096 bytes, not '${whoLen.value}'`, "error"); return; }
      whoAddr.value = hex(addr);
      whoLen.value = String(n);
      const at = Number(slider.value), gen = generation, ask = ++asked;
      answer(`who wrote ${hex(addr)} before instruction ${groupDigits(at)}? replaying backwards…`, "busy");
      try {
        const a = await source.whoWrote(addr >>> 0, n, at);
        if (!a) root.dataset.whoCancelled = String(Number(root.dataset.whoCancelled ?? 0) + 1); // replaced by a newer question
        if (a && gen === generation && ask === asked) answer(describeWrite(a), a.write ? "found" : "none", a);
      } catch (e) {
        if (gen === generation && ask === asked) answer(`who wrote ${hex(addr)}: ${e instanceof Error ? e.message : String(e)}`, "error");
      }
    },
    get opened() { return opened; },
    get frame() { return frame; },
    idle: () => queue?.idle() ?? Promise.resolve(),
    close() {
      generation++;
      opened = null;
      queue = null;
      root.hidden = true;
    },
  };
  // "input" fires on every pixel of a drag: each one only replaces the waiting request.
  slider.addEventListener("input", () => view.seek(Number(slider.value)));
  prev.addEventListener("click", () => { const a = opened && frame ? adjacentEvent(opened.events, frame.count, -1) : null; if (a !== null) view.seek(a); });
  next.addEventListener("click", () => { const a = opened && frame ? adjacentEvent(opened.events, frame.count, 1) : null; if (a !== null) view.seek(a); });
  close.addEventListener("click", () => view.close());
  whoForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const a = opts.parseAddress(whoAddr.value);
    if (a === null) { answer(`'${whoAddr.value}' is neither an address nor a symbol of the recorded kernel`, "error"); return; }
    void view.whoWrote(a);
  });
  whoBefore.addEventListener("click", () => { if (written !== null) view.seek(written); });
  whoAfter.addEventListener("click", () => { if (written !== null) view.seek(written + 1); });
  save.addEventListener("click", () => {
    if (!recording || !opened) return;
    const url = URL.createObjectURL(new Blob([recording as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
    const a = el("a", { href: url, download: opened.name.endsWith(".klrec") ? opened.name : `${opened.name}.klrec` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return view;
}
