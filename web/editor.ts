/**
 * The lab's code editor: CodeMirror 6 with NASM and GNU ld highlighting (web/nasm-mode.ts) and C
 * (@codemirror/lang-cpp), line numbers, the build's diagnostics as inline markers (@codemirror/lint),
 * find/replace (Ctrl-F, @codemirror/search), undo history per file, and go to definition (F12 or
 * Ctrl/Cmd-click: the page finds it, web/definitions.ts). One editor state per open file, so switching files
 * keeps each file's history and selection. The debugger (issue 17) gets its own gutter through the
 * `debugGutter` compartment (breakpoints, current line), placed left of the line numbers. DOM only; what
 * the files are and what a build says come from main.ts.
 */
import { Compartment, EditorState, RangeSet, type Extension } from "@codemirror/state";
import {
  Decoration, EditorView, crosshairCursor, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars,
  GutterMarker, gutter, keymap, lineNumbers, rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { HighlightStyle, StreamLanguage, bracketMatching, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { cpp } from "@codemirror/lang-cpp";
import { tags as t } from "@lezer/highlight";
import { ldMode, nasmMode } from "./nasm-mode";

export interface EditorDiagnostic {
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
}

export interface EditorEvents {
  /** The open file's text changed (typing, paste, replace). */
  onChange(name: string, text: string): void;
  onCursor(line: number, column: number): void;
  /** F12 or Ctrl/Cmd-click on `word` at `offset` of the open file. */
  onDefinition(word: string, offset: number): void;
  /** A click in the debugger's gutter or on a line number: the 1-based line (a breakpoint toggle). */
  onGutterClick?(line: number): void;
}

export interface LabEditor {
  /** Shows `name` (its saved state when it was open before and `text` is unchanged). */
  open(name: string, text: string, opts?: { readOnly?: boolean }): void;
  /** Forget every file's state (another project). */
  reset(): void;
  text(): string;
  /** Replaces the open file's text as one undoable edit (what a paste does). */
  setText(text: string): void;
  setDiagnostics(list: readonly EditorDiagnostic[]): void;
  goTo(line: number, column: number): void;
  focus(): void;
  readonly view: EditorView;
  /** For the debugger's gutter (issue 17): `view.dispatch({ effects: debugGutter.reconfigure(ext) })`. */
  readonly debugGutter: Compartment;
  /** Shows the debugger's marks in debugGutter: ▶ on `current` (1-based, null for none; scrolled into view and
   *  its line highlighted), ● on each breakpoint line. */
  setDebugMarks(current: number | null, breakpoints: readonly number[]): void;
}

class DebugMark extends GutterMarker {
  /** "spacer": the invisible mark that gives the empty gutter its width. */
  constructor(readonly kind: "current" | "breakpoint" | "both" | "spacer") { super(); }
  override eq(other: DebugMark): boolean { return other.kind === this.kind; }
  override toDOM(): Node {
    const span = document.createElement("span");
    span.className = `cm-debug-${this.kind}`;
    span.textContent = this.kind === "breakpoint" || this.kind === "spacer" ? "●" : "▶";
    return span;
  }
}

const labHighlight = HighlightStyle.define([
  { tag: t.comment, color: "#7b8494", fontStyle: "italic" },
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword], color: "#c678dd" },
  { tag: t.moduleKeyword, color: "#d19a66", fontWeight: "bold" },
  { tag: t.meta, color: "#e5c07b" },
  { tag: [t.string, t.special(t.string)], color: "#98c379" },
  { tag: t.number, color: "#d19a66" },
  { tag: t.labelName, color: "#61afef", fontWeight: "bold" },
  { tag: t.special(t.variableName), color: "#e06c75" },
  { tag: t.typeName, color: "#56b6c2" },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: "#61afef" },
  { tag: [t.processingInstruction, t.macroName], color: "#e5c07b" },
  { tag: t.bracket, color: "#abb2bf" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12px", backgroundColor: "#0f1115", color: "#d8dee9" },
  ".cm-scroller": { fontFamily: "ui-monospace, monospace", lineHeight: "16px" },
  ".cm-gutters": { backgroundColor: "#0f1115", color: "#7b8494", border: "none" },
  ".cm-activeLine": { backgroundColor: "#ffffff08" }, ".cm-activeLineGutter": { backgroundColor: "#ffffff10" },
  "&.cm-focused .cm-cursor": { borderLeftColor: "#fff" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#3e4451 !important" },
  ".cm-panels": { backgroundColor: "#20242b", color: "#d8dee9" },
  ".cm-searchMatch": { backgroundColor: "#e5c07b40" },
  ".cm-tooltip": { backgroundColor: "#20242b", color: "#d8dee9", border: "1px solid #2a2f38" },
  ".cm-debug-gutter .cm-gutterElement": { cursor: "pointer", minWidth: "12px", color: "#e06c75" },
  ".cm-debug-line": { backgroundColor: "#e5c07b33" },
}, { dark: true });

/** The highlighter for a file, by its name. */
function languageFor(name: string): Extension {
  if (/\.(c|h)$/i.test(name)) return cpp();
  if (/\.(ld|lds|x)$/i.test(name)) return StreamLanguage.define(ldMode);
  if (/\.(asm|nasm|s|inc|mac)$/i.test(name)) return StreamLanguage.define(nasmMode);
  return [];
}

const WORD = /[A-Za-z_.?@$][\w.?@$#~]*/;

function wordAt(state: EditorState, pos: number): { word: string; from: number } | null {
  const line = state.doc.lineAt(pos);
  const re = new RegExp(WORD.source, "g");
  for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
    const from = line.from + m.index, to = from + m[0].length;
    if (pos >= from && pos <= to) return { word: m[0], from };
  }
  return null;
}

export function createEditor(parent: HTMLElement, events: EditorEvents): LabEditor {
  const debugGutter = new Compartment();
  const readOnly = new Compartment();
  const states = new Map<string, EditorState>();
  let current = "";
  let silent = false;

  const definition = (view: EditorView, pos: number) => {
    const w = wordAt(view.state, pos);
    if (w) events.onDefinition(w.word, w.from);
    return !!w;
  };

  // the debugger's gutter is always there (a click sets a breakpoint); its marks come in through the compartment
  const gutterClick = { mousedown: (v: EditorView, line: { from: number }) => { events.onGutterClick?.(v.state.doc.lineAt(line.from).number); return true; } };
  const debugMarks = (set: RangeSet<GutterMarker>, lines: Extension = []): Extension => [
    gutter({ class: "cm-debug-gutter", markers: () => set, initialSpacer: () => new DebugMark("spacer"), domEventHandlers: gutterClick }), lines,
  ];
  const extensions = (name: string, ro: boolean): Extension[] => [
    debugGutter.of(debugMarks(RangeSet.empty)),
    lineNumbers({ domEventHandlers: gutterClick }), highlightActiveLineGutter(), lintGutter(),
    highlightSpecialChars(), history(), drawSelection(), EditorState.allowMultipleSelections.of(true),
    rectangularSelection(), crosshairCursor(), highlightActiveLine(), highlightSelectionMatches(), bracketMatching(),
    search({ top: true }), indentUnit.of("    "), EditorState.tabSize.of(8),
    syntaxHighlighting(labHighlight), languageFor(name), theme,
    readOnly.of([EditorState.readOnly.of(ro), EditorView.editable.of(!ro)]),
    keymap.of([
      { key: "F12", run: (v) => definition(v, v.state.selection.main.head) },
      ...searchKeymap, ...historyKeymap, indentWithTab, ...defaultKeymap,
    ]),
    EditorView.domEventHandlers({
      mousedown: (e, v) => {
        if (!(e.ctrlKey || e.metaKey) || e.button !== 0) return false;
        const pos = v.posAtCoords({ x: e.clientX, y: e.clientY });
        if (pos === null) return false;
        e.preventDefault();
        return definition(v, pos);
      },
    }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !silent) events.onChange(current, u.state.doc.toString());
      if (u.docChanged || u.selectionSet || u.focusChanged) {
        const head = u.state.selection.main.head, line = u.state.doc.lineAt(head);
        events.onCursor(line.number, head - line.from + 1);
      }
    }),
  ];

  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions("", true) }) });

  const editor: LabEditor = {
    view,
    debugGutter,
    open(name, text, opts = {}) {
      if (name === current && view.state.doc.toString() === text) return;
      if (current) states.set(current, view.state);
      current = name;
      const saved = states.get(name);
      const ro = opts.readOnly ?? false;
      silent = true;
      view.setState(saved && saved.doc.toString() === text ? saved : EditorState.create({ doc: text, extensions: extensions(name, ro) }));
      silent = false;
      const head = view.state.selection.main.head, line = view.state.doc.lineAt(head);
      events.onCursor(line.number, head - line.from + 1);
    },
    reset() {
      states.clear();
      current = "";
    },
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setDiagnostics(list) {
      const doc = view.state.doc;
      const out: CmDiagnostic[] = list.filter((d) => d.line >= 1 && d.line <= doc.lines).map((d) => {
        const line = doc.line(d.line);
        const from = Math.min(line.to, line.from + Math.max(0, d.column - 1));
        const w = wordAt(view.state, from);
        const to = w && w.from === from ? from + w.word.length : Math.max(from, line.to);
        return { from, to: to > from ? to : Math.min(from + 1, doc.length), severity: d.severity, message: d.message };
      });
      view.dispatch(setDiagnostics(view.state, out));
    },
    goTo(line, column) {
      const doc = view.state.doc;
      const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
      const pos = Math.min(l.to, l.from + Math.max(0, column - 1));
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      view.focus();
    },
    focus: () => view.focus(),
    setDebugMarks(current, breakpoints) {
      const doc = view.state.doc;
      const kinds = new Map<number, DebugMark["kind"]>();
      for (const l of breakpoints) if (l >= 1 && l <= doc.lines) kinds.set(l, "breakpoint");
      if (current !== null && current >= 1 && current <= doc.lines) kinds.set(current, kinds.has(current) ? "both" : "current");
      const marks = [...kinds].sort((a, b) => a[0] - b[0]).map(([l, k]) => new DebugMark(k).range(doc.line(l).from));
      const at = current !== null && current >= 1 && current <= doc.lines ? doc.line(current).from : null;
      const highlight = at !== null ? EditorView.decorations.of(Decoration.set([Decoration.line({ class: "cm-debug-line" }).range(at)])) : [];
      view.dispatch({
        effects: [debugGutter.reconfigure(debugMarks(RangeSet.of(marks), highlight)), ...(at !== null ? [EditorView.scrollIntoView(at, { y: "nearest" })] : [])],
      });
    },
  };
  return editor;
}
