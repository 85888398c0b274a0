/**
 * The link, as a straight list of named passes (mold style). Each pass lives in passes/*.ts; this file only
 * orders them and stops at the boundaries where errors must be reported together.
 *
 *   readInputs+resolveSymbols → allocateCommons → binSections (script/layout → output sections, orphans)
 *   → gcSections → editEhFrames / mergeSections → markDropped → assignAddresses → defineScriptSymbols
 *   → scanRelocations → buildSegments → buildLinkMap → checkLayout (overlaps, regions, multiboot)
 *   → applyRelocations → writeElf | writeBinary
 */
import { diagnostic, KernlabError, type Diagnostic } from "../../core/diagnostics";
import { hex } from "../../core/hex";
import { SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS, STB_LOCAL, STT_FILE, STT_SECTION } from "../elf/elf32";
import type { LinkInput, LinkOptions, LinkResult } from "./index";
import { formatLinkMap, type LinkMap } from "./map";
import { assignAddresses, defineScriptSymbols, markDropped, type Placement } from "./passes/assign";
import { allocateCommons, binSections } from "./passes/bin";
import { checkLayout } from "./passes/check";
import { gcSections } from "./passes/gc";
import { mergeGnuProperties } from "./passes/gnu-property";
import { editEhFrames, mergeSections } from "./passes/merge";
import { applyRelocations, globalAddress, scanRelocations, sectionAddress, symbolDiscarded } from "./passes/relocate";
import { loadOrder } from "./passes/inputs";
import { resolveSymbols } from "./passes/resolve";
import { flagString, newContext, type LinkContext, type ObjectFile, type OutputSection } from "./passes/types";
import { checkPhdrNamesWithoutPhdrs, recordPhdrs } from "./passes/phdrs";
import { assignFileOffsets, buildSegments, PT_GNU_STACK, userSegments, writeBinary, writeElf, type Segment } from "./passes/write";
import type { LinkerScript } from "./script/ast";
import { DEFAULT_SCRIPT } from "./script/default";
import { layoutToScript } from "./script/from-layout";
import { parseLinkerScript } from "./script/parse";

const MAX_SECTION_BYTES = 0x1000_0000;

function checkpoint(ctx: LinkContext): void {
  if (ctx.errors.length) throw new KernlabError([...ctx.errors, ...ctx.warnings]);
}

/** The script the link runs: the user's, the layout lowered, or the default. */
export function scriptFor(options: LinkOptions): LinkerScript {
  const readFile = options.readFile;
  if (options.script) return parseLinkerScript(options.script.text, options.script.file, readFile ? { readFile } : {});
  if (options.layout) return parseLinkerScript(layoutToScript(options.layout), "<layout>");
  return parseLinkerScript(DEFAULT_SCRIPT, "<default script>");
}

export function runLink(inputs: LinkInput[], options: LinkOptions): LinkResult {
  const ctx = newContext();
  const maxPageSize = options.maxPageSize ?? 0x1000;
  const script = scriptFor(options);
  // A user script without ENTRY(): ld looks for `start` (ldmain's entry_symbol_default, not `_start`, which
  // only its built-in script names), quietly, and does not make it an undefined reference.
  const quietEntry = options.entry === undefined && script.entry === null && options.script !== undefined;
  const entryName = options.entry ?? script.entry ?? (options.script ? "start" : options.layout?.entry ?? "_start");
  const oformat = options.oformat ?? (script.outputFormat === "binary" ? "binary" : "elf32");

  const place = { scriptEnd: 0 };
  const items = loadOrder(ctx, inputs, script, options.scriptPosition ?? 0, options.openFile, place);
  checkpoint(ctx);
  // A -T script's assignments enter ld's symbol table where the script stands among the inputs; the built-in
  // script's (no -T) after them all, when its symbols are defined.
  const scriptSymbols = options.script !== undefined ? { at: place.scriptEnd, names: assignedNames(script) } : undefined;
  const { files, symbols } = resolveSymbols(ctx, items, quietEntry ? null : entryName, [...(options.undefinedSymbols ?? []), ...script.externs], scriptSymbols);
  checkpoint(ctx);
  allocateCommons(files, symbols);
  if (options.strip === "debug" || options.strip === "all") {
    for (const f of files) for (const s of f.sections) if (s && !(s.flags & SHF_ALLOC) && /^\.(debug|stab|line|zdebug)/.test(s.name)) s.discarded = true;
  }
  // ELF output merges the inputs' .note.gnu.property into one (or none); a flat binary keeps them as orphans.
  if (oformat !== "binary") mergeGnuProperties(files);
  const binned = binSections(ctx, files, script, oformat);
  const discarded = [...binned.discarded];
  if (options.gcSections) for (const s of gcSections(files, symbols, entryName)) discarded.push(s);
  // ld edits .eh_frame (merges CIEs, drops dead FDEs) only for ELF output: a flat binary gets the inputs as they are.
  if (oformat !== "binary") editEhFrames(files, symbolDiscarded);
  mergeSections(binned.outputs);
  markDropped(binned.statements);

  const sectionStarts: Record<string, number> = { ...(options.sectionStarts ?? {}) };
  // -Ttext moves .text only (the text segment stays at SEGMENT_START("text-segment", …), as in ld 2.40).
  // With PHDRS, SIZEOF_HEADERS counts exactly the script's headers.
  let headersSize = 52 + 32 * (script.phdrs.length || 3);
  let placement: Placement = assignAddresses(ctx, script, binned.statements, symbols, { sectionStarts, maxPageSize, headersSize });
  let outputs = liveOutputs(binned.statements);
  // PT_GNU_STACK: when some input has .note.GNU-stack, or -z [no]execstack decides it.
  const gnuStackAny = files.some((f) => f.gnuStack) || options.execStack !== undefined;
  const execStack = options.execStack ?? files.some((f) => !f.gnuStack || f.execStack);
  const loadHeaders = (!options.script && !options.layout) || /SIZEOF_HEADERS/.test(options.script?.text ?? "");
  const userSegs = script.phdrs.length ? recordPhdrs(script, binned.statements, ctx.errors, ctx.warnings) : null;
  if (!userSegs) checkPhdrNamesWithoutPhdrs(binned.statements, ctx.errors);
  let segments = userSegs ? userSegments(outputs, userSegs, maxPageSize, ctx.errors, ctx.warnings) : buildSegments(outputs, maxPageSize, execStack, gnuStackAny, loadHeaders);
  if (!userSegs && 52 + 32 * segments.length !== headersSize && !options.script && !options.layout) {
    headersSize = 52 + 32 * segments.length;
    placement = assignAddresses(ctx, script, binned.statements, symbols, { sectionStarts, maxPageSize, headersSize });
    outputs = liveOutputs(binned.statements);
    segments = buildSegments(outputs, maxPageSize, execStack, gnuStackAny, loadHeaders);
  }
  checkpoint(ctx);
  defineScriptSymbols(symbols, placement);
  scanRelocations(ctx, files);

  // Entry point.
  const entrySym = symbols.byName.get(entryName);
  let entry = 0;
  if (entrySym && entrySym.state === "defined") entry = globalAddress(entrySym);
  else if (/^(0x[0-9a-f]+|\d+)$/i.test(entryName)) entry = Number(entryName);
  else {
    const text = outputs.find((o) => o.name === ".text");
    entry = text ? text.vaddr : 0;
    if (!quietEntry) ctx.warnings.push(diagnostic("missing-entry", `cannot find entry symbol ${entryName}; defaulting to ${hex(entry)}`, null, [], "warning"));
  }

  // A script can move `.` far inside a loaded section; refuse images no kernel loader could take.
  for (const os of outputs) {
    if (os.type !== SHT_NOBITS && os.size > MAX_SECTION_BYTES) {
      ctx.errors.push(diagnostic("section-too-large", `output section ${os.name} is ${hex(os.size)} bytes of file contents (more than ${hex(MAX_SECTION_BYTES)})`, os.command?.loc ?? null));
    }
  }
  checkpoint(ctx);

  // Buffers with input bytes, data commands and fill.
  const buffers = new Map<OutputSection, Uint8Array>();
  for (const os of outputs) {
    if (os.type === SHT_NOBITS) continue;
    buffers.set(os, fillOutputSection(os));
  }

  if (oformat !== "binary") assignFileOffsets(outputs, segments, maxPageSize);
  const map = buildLinkMap(entry, outputs, segments, files, symbols.list, discarded.map((s) => ({ file: s.file.name, section: s.name })));
  checkLayout(ctx, { outputs, files, placement, layout: options.layout ?? null, oformat, segments, script, multibootCheck: options.multibootCheck ?? "error" });
  applyRelocations(ctx, files, buffers);
  checkpoint(ctx);

  const image = oformat === "binary"
    ? writeBinary(outputs, buffers)
    : writeElf({ sections: outputs, segments, buffers, files, symbols, entry, strip: options.strip ?? "none", discardLocals: options.discardLocals ?? "none", maxPageSize,
      order: binned.statements.flatMap((st) => (st.kind === "output" ? [st.os] : [])) });
  // The text map is rendered on first use: most callers (the verifier, the lab) only need the JSON map.
  let mapText: string | null = null;
  const result = { image, map, warnings: ctx.warnings } as LinkResult;
  Object.defineProperty(result, "mapText", { enumerable: true, get: () => (mapText ??= formatLinkMap(map)) });
  return result;
}

/**
 * An output section's bytes: inputs at their offsets, data commands, and the gaps filled as ld fills them:
 * the FILL in force at the gap or =fill when given, else x86 short NOPs (66 90 … 90) in code sections and zeros elsewhere.
 */
function fillOutputSection(os: OutputSection): Uint8Array {
  const buf = new Uint8Array(os.size);
  const pieces: { at: number; bytes: Uint8Array }[] = [];
  for (const s of os.inputs) if (!s.discarded && s.output === os) pieces.push({ at: s.outOffset, bytes: s.type === SHT_NOBITS ? new Uint8Array(s.size) : s.data.subarray(0, s.size) });
  for (const d of os.dataItems) pieces.push({ at: d.offset, bytes: d.bytes });
  // Gaps ld leaves unfilled are zeros, and the fill after them starts afresh.
  for (const u of os.unfilled) pieces.push({ at: u.from, bytes: new Uint8Array(u.to - u.from) });
  pieces.sort((a, b) => a.at - b.at);
  const code = (os.flags & SHF_EXECINSTR) !== 0;
  const fillAt = (at: number): Uint8Array | null => {
    let f = os.fill;
    for (const c of os.fills) if (c.offset <= at) f = c.bytes;
    return f;
  };
  const fillGap = (from: number, to: number) => {
    if (to <= from) return;
    const fill = fillAt(from);
    if (fill !== null) { for (let i = from; i < to; i++) buf[i] = fill[(i - from) % fill.length]!; return; }
    if (!code) return;
    let i = from;
    for (; i + 2 <= to; i += 2) { buf[i] = 0x66; buf[i + 1] = 0x90; }
    if (i < to) buf[i] = 0x90;
  };
  let cursor = 0;
  for (const p of pieces) {
    fillGap(cursor, p.at);
    buf.set(p.bytes, p.at);
    cursor = Math.max(cursor, p.at + p.bytes.length);
  }
  fillGap(cursor, buf.length);
  return buf;
}

function liveOutputs(statements: { kind: string; os?: OutputSection }[]): OutputSection[] {
  const out: OutputSection[] = [];
  for (const st of statements) if (st.kind === "output" && st.os && !st.os.dropped) out.push(st.os);
  // Section headers follow the statement order (ld's output section list), non-alloc ones included: a script's
  // `.comment 0 : { … }` between loaded sections keeps its place (its bytes still go after the segments).
  return out;
}

function segmentType(t: number): string {
  return t === 1 ? "LOAD" : t === PT_GNU_STACK ? "GNU_STACK" : t === 4 ? "NOTE" : `0x${t.toString(16)}`;
}

/** Pass: the link map (JSON-serialisable), written before checks so a failed link still explains itself. */
function buildLinkMap(
  entry: number, outputs: OutputSection[], segments: Segment[], files: ObjectFile[],
  globals: import("./passes/types").GlobalSymbol[], discarded: { file: string; section: string }[],
): LinkMap {
  const symbols: LinkMap["symbols"] = [];
  for (const f of files) {
    for (const s of f.elf.symbols) {
      if (s.index === 0 || s.bind !== STB_LOCAL || s.type === STT_SECTION || s.type === STT_FILE || s.shndx === 0) continue;
      const sec = s.shndx < 0xff00 ? f.sections[s.shndx] : null;
      if (s.shndx < 0xff00 && (!sec || sec.discarded || !sec.output)) continue;
      symbols.push({ name: s.name, value: sec ? sectionAddress(sec, s.value) : s.value, size: s.size, section: sec?.output?.name ?? null, file: f.name, binding: "local" });
    }
  }
  for (const g of globals) {
    if (g.state !== "defined" || (g.section && (g.section.discarded || !g.section.output))) continue;
    const section = g.scriptDefined ? (g.scriptSection && !g.scriptSection.dropped ? g.scriptSection.name : null) : g.section?.output?.name ?? null;
    symbols.push({ name: g.name, value: globalAddress(g), size: g.size, section, file: g.file?.name ?? "<script>", binding: g.binding });
  }
  return {
    entry,
    outputSections: outputs.map((o) => ({
      name: o.name, vaddr: o.vaddr, paddr: o.paddr, size: o.size, align: o.align, type: o.type === SHT_NOBITS ? "nobits" : "progbits",
      flags: flagString(o.flags),
      inputs: o.inputs.filter((s) => !s.discarded && s.output === o).map((s) => ({ file: s.file.name, section: s.name, vaddr: (o.vaddr + s.outOffset) >>> 0, size: s.size })),
    })),
    segments: segments.map((p) => ({
      type: segmentType(p.type), offset: p.offset, vaddr: p.vaddr, paddr: p.paddr, filesz: p.filesz, memsz: p.memsz,
      flags: (p.flags & 4 ? "R" : "") + (p.flags & 2 ? "W" : "") + (p.flags & 1 ? "E" : ""),
    })),
    symbols,
    discarded,
  };
}

export type { Diagnostic };

/** The symbols a script assigns outright (not PROVIDE), in statement order, inside and outside output sections. */
function assignedNames(script: LinkerScript): string[] {
  const names: string[] = [];
  const add = (c: { kind: string; target?: string; provide?: boolean }) => { if (c.kind === "assign" && c.target !== "." && !c.provide) names.push(c.target!); };
  for (const c of script.commands) {
    if (c.kind === "output") for (const item of c.items) add(item);
    else add(c);
  }
  return names;
}
