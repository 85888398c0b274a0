/**
 * A small WebAssembly binary reader and rewriter, enough to patch v86.wasm at load time: the module as a list
 * of sections (kept as raw bytes), the function index space with the names from the "name" custom section,
 * function bodies (read, replace, splice), and additions that shift index spaces (function imports), which
 * renumber every reference (call, ref.func, exports, element segments, start, names).
 * It is not a validator or a disassembler for people (see instructions.ts for the instruction walker), and it
 * knows nothing about v86: the fixes in this folder use it.
 *
 * Binary format: WebAssembly Core Specification 1.0+, chapter 5 (module = magic, version, section*; section =
 * id u8, size u32 LEB128, contents). Unchanged sections are written back byte for byte.
 */
import { concat, encodeName, Reader, sleb, uleb, WasmPatchError } from "./binary";
import { walkInstructions, OP_CALL, OP_REF_FUNC } from "./instructions";

export { WasmPatchError } from "./binary";

export const SECTION = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8,
  element: 9, code: 10, data: 11, dataCount: 12,
} as const;

export const EXTERN = { func: 0, table: 1, memory: 2, global: 3 } as const;

export type ValType = number; // 0x7F i32, 0x7E i64, 0x7D f32, 0x7C f64, 0x70 funcref, 0x6F externref
export const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;

export interface FuncType { params: ValType[]; results: ValType[] }

// ---- The module -----------------------------------------------------------------------------------------------

export interface Section { id: number; /** custom sections only */ name?: string; payload: Uint8Array }

interface Import { module: string; field: string; kind: number; /** raw descriptor bytes after the kind */ desc: Uint8Array; typeIndex?: number }

/** One function body: local declarations (raw bytes, including their count) and the instructions (ending with `end`). */
export interface FunctionBody { locals: Uint8Array; code: Uint8Array }

export class WasmModule {
  readonly sections: Section[];
  private bodies: BodyRange[] | null = null;
  private codePayload: Uint8Array | null = null;
  private bodiesChanged = false;
  private namesCache: Map<number, string> | null = null;

  private constructor(sections: Section[]) { this.sections = sections; }

  static parse(bytes: Uint8Array): WasmModule {
    const r = new Reader(bytes);
    const magic = r.take(8);
    if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d || magic[4] !== 1) {
      throw new WasmPatchError("wasm-malformed", "not a WebAssembly 1.0 module (bad magic or version)");
    }
    const sections: Section[] = [];
    while (!r.done) {
      const id = r.u8();
      const size = r.u32();
      const payload = r.take(size);
      if (id === SECTION.custom) {
        const sr = new Reader(payload);
        const name = sr.name();
        sections.push({ id, name, payload });
      } else sections.push({ id, payload });
    }
    return new WasmModule(sections);
  }

  encode(): Uint8Array {
    this.flushBodies();
    const parts: (Uint8Array | number[])[] = [[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]];
    for (const s of this.sections) parts.push([s.id, ...uleb(s.payload.length)], s.payload);
    return concat(parts);
  }

  section(id: number, name?: string): Section | undefined {
    return this.sections.find((s) => s.id === id && (name === undefined || s.name === name));
  }

  /** Put a section in its place (custom sections go last), replacing one with the same id (and name). */
  setSection(id: number, payload: Uint8Array, name?: string): void {
    const i = this.sections.findIndex((s) => s.id === id && (name === undefined || s.name === name));
    const section: Section = name === undefined ? { id, payload } : { id, name, payload };
    if (i >= 0) { this.sections[i] = section; return; }
    if (id === SECTION.custom) { this.sections.push(section); return; }
    // Known sections are ordered by id, except dataCount (12) which sits before code (10).
    const order = (x: number) => (x === SECTION.dataCount ? 9.5 : x);
    let at = this.sections.findIndex((s) => s.id !== SECTION.custom && order(s.id) > order(id));
    if (at < 0) at = this.sections.length;
    this.sections.splice(at, 0, section);
  }

  // ---- types ----

  types(): FuncType[] {
    const s = this.section(SECTION.type);
    if (!s) return [];
    const r = new Reader(s.payload);
    const out: FuncType[] = [];
    for (let n = r.u32(); n > 0; n--) {
      if (r.u8() !== 0x60) throw new WasmPatchError("wasm-unsupported", "type section entry is not a function type");
      const params = [...r.take(r.u32())];
      const results = [...r.take(r.u32())];
      out.push({ params, results });
    }
    return out;
  }

  /** The index of a function type, added to the type section when missing. */
  typeIndex(t: FuncType): number {
    const types = this.types();
    const i = types.findIndex((x) => sameList(x.params, t.params) && sameList(x.results, t.results));
    if (i >= 0) return i;
    types.push(t);
    const parts: number[] = [...uleb(types.length)];
    for (const x of types) parts.push(0x60, ...uleb(x.params.length), ...x.params, ...uleb(x.results.length), ...x.results);
    this.setSection(SECTION.type, Uint8Array.from(parts));
    return types.length - 1;
  }

  // ---- imports and the function index space ----

  private imports(): Import[] {
    const s = this.section(SECTION.import);
    if (!s) return [];
    const r = new Reader(s.payload);
    const out: Import[] = [];
    for (let n = r.u32(); n > 0; n--) {
      const module = r.name(), field = r.name(), kind = r.u8();
      const start = r.pos;
      let typeIndex: number | undefined;
      if (kind === EXTERN.func) typeIndex = r.u32();
      else if (kind === EXTERN.table) { r.u8(); skipLimits(r); }
      else if (kind === EXTERN.memory) skipLimits(r);
      else if (kind === EXTERN.global) { r.u8(); r.u8(); }
      else throw new WasmPatchError("wasm-unsupported", `import kind ${kind}`);
      const imp: Import = { module, field, kind, desc: s.payload.slice(start, r.pos) };
      if (typeIndex !== undefined) imp.typeIndex = typeIndex;
      out.push(imp);
    }
    return out;
  }

  /** Number of imported functions (defined function i has index importedFunctionCount() + i). */
  importedFunctionCount(): number { return this.imports().filter((i) => i.kind === EXTERN.func).length; }

  /** Type indices of the defined functions (the function section). */
  private definedFunctionTypes(): number[] {
    const s = this.section(SECTION.function);
    if (!s) return [];
    const r = new Reader(s.payload);
    const out: number[] = [];
    for (let n = r.u32(); n > 0; n--) out.push(r.u32());
    return out;
  }

  /** The type of function `index` (imported or defined). */
  functionType(index: number): FuncType {
    const types = this.types();
    const imported = this.imports().filter((i) => i.kind === EXTERN.func);
    const t = index < imported.length ? imported[index]!.typeIndex! : this.definedFunctionTypes()[index - imported.length];
    if (t === undefined) throw new WasmPatchError("wasm-no-such-function", `no function with index ${index}`);
    return types[t]!;
  }

  /** Function names from the name section (subsection 1), by function index. */
  functionNames(): Map<number, string> {
    if (this.namesCache) return this.namesCache;
    const names = new Map<number, string>();
    const s = this.section(SECTION.custom, "name");
    if (s) {
      const r = new Reader(s.payload);
      r.name();
      while (!r.done) {
        const id = r.u8(), size = r.u32(), end = r.pos + size;
        if (id === 1) {
          const sr = new Reader(s.payload, r.pos, end);
          for (let n = sr.u32(); n > 0; n--) { const idx = sr.u32(); names.set(idx, sr.name()); }
        }
        r.pos = end;
      }
    }
    this.namesCache = names;
    return names;
  }

  /** The index of the function called `name` in the name section; throws wasm-no-such-function. */
  functionIndex(name: string): number {
    const want = UTF8_ENCODE.encode(name);
    const found = this.scanFunctionNames((bytes, at, len) => len === want.length && sameBytesAt(bytes, at, len, want, 0));
    if (found.length === 0) throw new WasmPatchError("wasm-no-such-function", `v86.wasm has no function named ${name}`);
    return found[0]!.index;
  }

  /**
   * Functions whose name ends with `suffix`, found by comparing bytes (decoding all 3,500 names of v86.wasm
   * costs more than a boot's worth of milliseconds).
   */
  functionsEndingWith(suffix: string): { index: number; name: string }[] {
    const want = UTF8_ENCODE.encode(suffix);
    return this.scanFunctionNames((bytes, at, len) => len >= want.length && sameBytesAt(bytes, at + len - want.length, want.length, want, 0));
  }

  private scanFunctionNames(test: (bytes: Uint8Array, at: number, len: number) => boolean): { index: number; name: string }[] {
    const out: { index: number; name: string }[] = [];
    const s = this.section(SECTION.custom, "name");
    if (!s) return out;
    const r = new Reader(s.payload);
    r.name();
    while (!r.done) {
      const id = r.u8(), size = r.u32(), end = r.pos + size;
      if (id === 1) {
        const sr = new Reader(s.payload, r.pos, end);
        for (let n = sr.u32(); n > 0; n--) {
          const index = sr.u32(), len = sr.u32();
          if (test(s.payload, sr.pos, len)) out.push({ index, name: UTF8_DECODE.decode(s.payload.subarray(sr.pos, sr.pos + len)) });
          sr.pos += len;
        }
      }
      r.pos = end;
    }
    return out;
  }

  /** Indices of the functions whose name satisfies `test` (Rust names are mangled in some builds). */
  findFunctions(test: (name: string) => boolean): number[] {
    const out: number[] = [];
    for (const [i, n] of this.functionNames()) if (test(n)) out.push(i);
    return out;
  }

  // ---- function bodies ----

  /**
   * The code section's bodies as byte ranges of its payload; edited bodies are kept apart (`edited`), so
   * writing the module back copies the untouched runs of bodies in a few large pieces.
   */
  private loadBodies(): BodyRange[] {
    if (this.bodies) return this.bodies;
    const s = this.section(SECTION.code);
    const out: BodyRange[] = [];
    if (s) {
      const r = new Reader(s.payload);
      for (let n = r.u32(); n > 0; n--) {
        const headerAt = r.pos;
        const size = r.u32();
        out.push({ headerAt, start: r.pos, end: r.pos + size });
        r.pos += size;
      }
      this.codePayload = s.payload;
    }
    this.bodies = out;
    return out;
  }

  private readBody(range: BodyRange): FunctionBody {
    if (range.edited) return range.edited;
    const payload = this.codePayload!;
    const br = new Reader(payload, range.start, range.end);
    for (let groups = br.u32(); groups > 0; groups--) { br.u32(); br.u8(); }
    return { locals: payload.subarray(range.start, br.pos), code: payload.subarray(br.pos, range.end) };
  }

  private definedIndex(index: number): number {
    const d = index - this.importedFunctionCount();
    if (d < 0 || d >= this.loadBodies().length) throw new WasmPatchError("wasm-no-such-function", `function ${index} is not defined in this module`);
    return d;
  }

  /** The body of defined function `index` (a view: copy before keeping it across edits). */
  body(index: number): FunctionBody { return this.readBody(this.loadBodies()[this.definedIndex(index)]!); }

  /** Replace the body of defined function `index` (its type stays: the new code must fit it). */
  setBody(index: number, body: FunctionBody): void {
    this.loadBodies()[this.definedIndex(index)]!.edited = body;
    this.bodiesChanged = true;
  }

  /**
   * Edit the instructions of function `index`: each splice removes `remove` bytes at `at` (an offset into
   * body(index).code, at an instruction boundary) and inserts `insert`. Splices must not overlap. Branch
   * depths are structural in WebAssembly, so straight-line code inserted between instructions keeps them valid.
   */
  spliceCode(index: number, splices: { at: number; remove?: number; insert: Uint8Array | number[] }[]): void {
    const b = this.body(index);
    const sorted = [...splices].sort((x, y) => x.at - y.at);
    const parts: (Uint8Array | number[])[] = [];
    let pos = 0;
    for (const s of sorted) {
      if (s.at < pos) throw new WasmPatchError("wasm-unsupported", "overlapping code splices");
      parts.push(b.code.subarray(pos, s.at), s.insert);
      pos = s.at + (s.remove ?? 0);
    }
    parts.push(b.code.subarray(pos));
    this.setBody(index, { locals: b.locals, code: concat(parts) });
  }

  /** Add a defined function at the end of the index space (no renumbering). Returns its index. */
  addFunction(type: FuncType, body: FunctionBody): number {
    const typeIdx = this.typeIndex(type);
    const types = this.definedFunctionTypes();
    types.push(typeIdx);
    this.setSection(SECTION.function, Uint8Array.from([...uleb(types.length), ...types.flatMap((t) => uleb(t))]));
    const bodies = this.loadBodies();
    bodies.push({ headerAt: 0, start: 0, end: 0, edited: body });
    this.bodiesChanged = true;
    return this.importedFunctionCount() + bodies.length - 1;
  }

  /**
   * Import a host function (for hooks: `call $hook` inserted into a body). The new import becomes the last
   * imported function, so every defined function's index grows by one: calls, ref.func, exports, element
   * segments, the start function and the name section are renumbered. Returns the new function's index.
   */
  addFunctionImport(module: string, field: string, type: FuncType): number {
    const typeIdx = this.typeIndex(type);
    const imports = this.imports();
    const at = imports.filter((i) => i.kind === EXTERN.func).length;
    const renumber = (i: number) => (i >= at ? i + 1 : i);
    this.renumberFunctions(renumber);
    imports.push({ module, field, kind: EXTERN.func, desc: Uint8Array.from(uleb(typeIdx)), typeIndex: typeIdx });
    const parts: (Uint8Array | number[])[] = [uleb(imports.length)];
    for (const i of imports) parts.push(encodeName(i.module), encodeName(i.field), [i.kind], i.desc);
    this.setSection(SECTION.import, concat(parts));
    const names = new Map<number, string>();
    for (const [i, n] of this.functionNames()) names.set(renumber(i), n);
    names.set(at, `${module}.${field}`);
    this.namesCache = names;
    this.writeFunctionNames(names);
    return at;
  }

  /** Add a mutable global of type i32 or i64 at the end of the global index space (no renumbering). */
  addGlobal(type: typeof I32 | typeof I64, initial: number): number {
    const s = this.section(SECTION.global);
    const imported = this.imports().filter((i) => i.kind === EXTERN.global).length;
    let count = 0;
    let rest: Uint8Array = new Uint8Array(0);
    if (s) { const r = new Reader(s.payload); count = r.u32(); rest = s.payload.subarray(r.pos); }
    const init = [type === I32 ? 0x41 : 0x42, ...sleb(initial), 0x0b];
    this.setSection(SECTION.global, concat([uleb(count + 1), rest, [type, 1], init]));
    return imported + count;
  }

  /** Export a function or global under `name`. */
  addExport(name: string, kind: number, index: number): void {
    const s = this.section(SECTION.export);
    let count = 0;
    let rest: Uint8Array = new Uint8Array(0);
    if (s) { const r = new Reader(s.payload); count = r.u32(); rest = s.payload.subarray(r.pos); }
    this.setSection(SECTION.export, concat([uleb(count + 1), rest, encodeName(name), [kind], uleb(index)]));
  }

  /** Add (or replace) a custom section. */
  setCustomSection(name: string, data: Uint8Array): void {
    this.setSection(SECTION.custom, concat([encodeName(name), data]), name);
  }

  /** Remove the custom sections whose names `drop` accepts (names, DWARF: what only debuggers and profilers read). */
  removeCustomSections(drop: (name: string) => boolean): void {
    for (let i = this.sections.length - 1; i >= 0; i--) {
      const s = this.sections[i]!;
      if (s.id === SECTION.custom && drop(s.name ?? "")) {
        this.sections.splice(i, 1);
        if (s.name === "name") this.namesCache = null;
      }
    }
  }

  /** The data of a custom section (after its name), or null. */
  customSection(name: string): Uint8Array | null {
    const s = this.section(SECTION.custom, name);
    if (!s) return null;
    const r = new Reader(s.payload);
    r.name();
    return s.payload.subarray(r.pos);
  }

  // ---- renumbering ----

  private renumberFunctions(map: (i: number) => number): void {
    // Bodies: call and ref.func immediates.
    const bodies = this.loadBodies();
    for (let b = 0; b < bodies.length; b++) {
      const body = this.readBody(bodies[b]!);
      const splices: { at: number; remove: number; insert: number[] }[] = [];
      walkInstructions(body.code, (ins) => {
        if (ins.op === OP_CALL || ins.op === OP_REF_FUNC) {
          const r = new Reader(body.code, ins.immediateAt);
          const idx = r.u32();
          splices.push({ at: ins.immediateAt, remove: r.pos - ins.immediateAt, insert: uleb(map(idx)) });
        }
      });
      if (splices.length) {
        const parts: (Uint8Array | number[])[] = [];
        let pos = 0;
        for (const s of splices) { parts.push(body.code.subarray(pos, s.at), s.insert); pos = s.at + s.remove; }
        parts.push(body.code.subarray(pos));
        bodies[b]!.edited = { locals: body.locals, code: concat(parts) };
        this.bodiesChanged = true;
      }
    }
    // Exports.
    const ex = this.section(SECTION.export);
    if (ex) {
      const r = new Reader(ex.payload);
      const parts: (Uint8Array | number[])[] = [];
      const n = r.u32();
      parts.push(uleb(n));
      for (let k = 0; k < n; k++) {
        const name = r.take(r.u32());
        const kind = r.u8();
        const idx = r.u32();
        parts.push(uleb(name.length), name, [kind], uleb(kind === EXTERN.func ? map(idx) : idx));
      }
      this.setSection(SECTION.export, concat(parts));
    }
    // Start.
    const st = this.section(SECTION.start);
    if (st) this.setSection(SECTION.start, Uint8Array.from(uleb(map(new Reader(st.payload).u32()))));
    // Element segments (the MVP and bulk-memory encodings that list function indices).
    const el = this.section(SECTION.element);
    if (el) {
      const r = new Reader(el.payload);
      const parts: (Uint8Array | number[])[] = [];
      const n = r.u32();
      parts.push(uleb(n));
      for (let k = 0; k < n; k++) {
        const start = r.pos;
        const flags = r.u32();
        if (flags === 0 || flags === 2 || flags === 4 || flags === 6) {
          if (flags === 2 || flags === 6) r.u32(); // table index
          skipConstExpr(r);
        }
        if (flags === 1 || flags === 2 || flags === 3) r.u8(); // elemkind
        if (flags === 5 || flags === 6 || flags === 7) r.u8(); // reftype
        parts.push(el.payload.subarray(start, r.pos));
        const count = r.u32();
        parts.push(uleb(count));
        for (let e = 0; e < count; e++) {
          if (flags < 4) parts.push(uleb(map(r.u32())));
          else {
            // An expression per element: ref.func f end, or ref.null t end.
            const op = r.u8();
            if (op === OP_REF_FUNC) { parts.push([op], uleb(map(r.u32()))); }
            else if (op === 0xd0) { parts.push([op, r.u8()]); }
            else throw new WasmPatchError("wasm-unsupported", `element expression opcode 0x${op.toString(16)}`);
            if (r.u8() !== 0x0b) throw new WasmPatchError("wasm-unsupported", "element expression longer than one instruction");
            parts.push([0x0b]);
          }
        }
      }
      this.setSection(SECTION.element, concat(parts));
    }
    // Local names (subsection 2) are keyed by function index too.
    this.renumberLocalNames(map);
  }

  private nameSubsections(): { id: number; data: Uint8Array }[] {
    const s = this.section(SECTION.custom, "name");
    if (!s) return [];
    const r = new Reader(s.payload);
    r.name();
    const out: { id: number; data: Uint8Array }[] = [];
    while (!r.done) { const id = r.u8(); out.push({ id, data: r.take(r.u32()) }); }
    return out;
  }

  private writeNameSubsections(subs: { id: number; data: Uint8Array }[]): void {
    const parts: (Uint8Array | number[])[] = [encodeName("name")];
    for (const s of subs) parts.push([s.id], uleb(s.data.length), s.data);
    this.setSection(SECTION.custom, concat(parts), "name");
  }

  private writeFunctionNames(names: Map<number, string>): void {
    const sorted = [...names].sort((a, b) => a[0] - b[0]);
    const data = concat([uleb(sorted.length), ...sorted.map(([i, n]) => [...uleb(i), ...encodeName(n)])]);
    const subs = this.nameSubsections().filter((s) => s.id !== 1);
    subs.push({ id: 1, data });
    subs.sort((a, b) => a.id - b.id);
    this.writeNameSubsections(subs);
  }

  private renumberLocalNames(map: (i: number) => number): void {
    const subs = this.nameSubsections();
    const local = subs.find((s) => s.id === 2);
    if (!local) return;
    const r = new Reader(local.data);
    const parts: (Uint8Array | number[])[] = [];
    const n = r.u32();
    parts.push(uleb(n));
    for (let k = 0; k < n; k++) {
      parts.push(uleb(map(r.u32())));
      const start = r.pos;
      for (let m = r.u32(); m > 0; m--) { r.u32(); r.take(r.u32()); }
      parts.push(local.data.subarray(start, r.pos));
    }
    local.data = concat(parts);
    this.writeNameSubsections(subs);
  }

  private flushBodies(): void {
    if (!this.bodies || !this.bodiesChanged) return;
    const payload = this.codePayload;
    const parts: (Uint8Array | number[])[] = [uleb(this.bodies.length)];
    let runStart = -1, runEnd = -1; // a run of untouched bodies, copied as one piece
    const flushRun = () => { if (runStart >= 0) parts.push(payload!.subarray(runStart, runEnd)); runStart = -1; };
    for (const b of this.bodies) {
      if (!b.edited) {
        if (runStart < 0) runStart = b.headerAt;
        runEnd = b.end;
        continue;
      }
      flushRun();
      parts.push(uleb(b.edited.locals.length + b.edited.code.length), b.edited.locals, b.edited.code);
    }
    flushRun();
    this.setSection(SECTION.code, concat(parts));
    this.bodiesChanged = false;
    this.bodies = null; // ranges now refer to the new payload: read again on demand
    this.codePayload = null;
  }
}

/** A function body in the code section: its size's offset, its bytes' range, or its replacement. */
interface BodyRange { headerAt: number; start: number; end: number; edited?: FunctionBody }

const UTF8_ENCODE = new TextEncoder();
const UTF8_DECODE = new TextDecoder();

/** bytes[at, at+len) equals want[from, from+len). */
function sameBytesAt(bytes: Uint8Array, at: number, len: number, want: Uint8Array | number[], from: number): boolean {
  if (from < 0 || from + len > want.length) return false;
  for (let i = 0; i < len; i++) if (bytes[at + i] !== want[from + i]) return false;
  return true;
}

function sameList(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function skipLimits(r: Reader): void {
  const flags = r.u8();
  r.u32();
  if (flags & 1) r.u32();
}

/** Skip a constant expression (up to and including its `end`). */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42) r.skipSigned();
    else if (op === 0x43) r.take(4);
    else if (op === 0x44) r.take(8);
    else if (op === 0x23 || op === OP_REF_FUNC) r.u32();
    else if (op === 0xd0) r.u8();
    else throw new WasmPatchError("wasm-unsupported", `constant expression opcode 0x${op.toString(16)}`);
  }
}
