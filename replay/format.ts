/**
 * The .klrec file (docs/klrec.md): a recorded run, versioned, little-endian, checksummed.
 *
 *   "KLREC\r\n\x1a"  magic (8 bytes)        u16 version (1)   u16 flags (0)
 *   section*         u8 kind, u32 length, payload
 *   end section      kind 0xFF, length 4, u32 CRC-32 of every byte before it
 *
 *   kind 1 header    JSON: KlrecHeader (the boot: loader, cmdline, memory, guestMips, end, verdict, …)
 *   kind 2 kernel    the kernel ELF bytes
 *   kind 3 module    one multiboot module's bytes (in order; cmdlines are in the header)
 *   kind 4 inputs    JSON: InputRecord[] (every input with its instruction count and input point)
 *   kind 5 events    JSON: TimelineEvent[] (checkpoints, exceptions, exit)
 *   kind 6 snapshot  f64 count, u32 raw length, deflate-raw(encodeState(state))
 *
 * readKlrec checks the framing, the CRC and the JSON synchronously and keeps snapshots compressed;
 * decodeSnapshot inflates one. Every refusal is a KernlabError with a named code and the byte offset.
 * This file does no I/O.
 */
import { diagnostic, KernlabError } from "../core/diagnostics";
import { deflateRaw, inflateRaw } from "../core/deflate";
import type { InputRecord, LoaderName, MachineState, Verdict } from "../emulator/index";
import type { TimelineEvent } from "./timeline";

export const KLREC_MAGIC = new Uint8Array([0x4b, 0x4c, 0x52, 0x45, 0x43, 0x0d, 0x0a, 0x1a]); // "KLREC\r\n\x1a"
export const KLREC_VERSION = 1;
const KIND_HEADER = 1, KIND_KERNEL = 2, KIND_MODULE = 3, KIND_INPUTS = 4, KIND_EVENTS = 5, KIND_SNAPSHOT = 6, KIND_END = 0xff;
/** A snapshot inflates to at most this (guest RAM up to 2 GiB changes at most all its pages; the codec adds little). */
const MAX_SNAPSHOT_BYTES = 2 ** 31 + 2 ** 24;

export interface KlrecHeader {
  /** BootOptions as recorded (the parts that shape the run). */
  kernelName: string;
  cmdline: string | null;
  loader: LoaderName | null;
  memoryMiB: number;
  guestMips: number;
  modules: { cmdline: string | null }[];
  checkpointNames: Record<string, string>;
  /** Instruction count at the end of the recording, and how the run ended (null: still running when saved). */
  end: number;
  verdict: Verdict | null;
  snapshotEvery: number;
  /** kernlab's version that recorded it (information only). */
  recordedBy: string;
}

export interface KlrecSnapshot {
  at: number;
  /** Its MachineState, deflate-raw compressed (decodeSnapshot). */
  compressed: Uint8Array;
  rawLength: number;
}

export interface KlrecFile {
  header: KlrecHeader;
  kernel: Uint8Array;
  modules: Uint8Array[];
  inputs: InputRecord[];
  events: TimelineEvent[];
  /** Sorted by count; the first is at 0. Each one's pages are relative to the previous one's. */
  snapshots: KlrecSnapshot[];
}

function fail(code: string, text: string, offset: number | null, file = "<klrec>"): never {
  throw new KernlabError(diagnostic(code, offset === null ? text : `${text} (at byte offset ${offset})`, { file, line: 0, column: 0 }));
}

// ---- CRC-32 (IEEE 802.3, as zlib's) ----
let crcTable: Uint32Array | null = null;
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- writing ----

class Writer {
  private chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void { this.chunks.push(b); this.length += b.length; }
  u8(v: number): void { this.bytes(Uint8Array.of(v)); }
  u16(v: number): void { const b = new Uint8Array(2); new DataView(b.buffer).setUint16(0, v, true); this.bytes(b); }
  u32(v: number): void { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); this.bytes(b); }
  f64(v: number): void { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, v, true); this.bytes(b); }
  str(s: string): void { const b = new TextEncoder().encode(s); this.u32(b.length); this.bytes(b); }
  section(kind: number, payload: Uint8Array): void { this.u8(kind); this.u32(payload.length); this.bytes(payload); }
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) { out.set(c, at); at += c.length; }
    return out;
  }
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

export function encodeKlrec(f: KlrecFile): Uint8Array {
  const w = new Writer();
  w.bytes(KLREC_MAGIC);
  w.u16(KLREC_VERSION);
  w.u16(0);
  w.section(KIND_HEADER, json(f.header));
  w.section(KIND_KERNEL, f.kernel);
  for (const m of f.modules) w.section(KIND_MODULE, m);
  w.section(KIND_INPUTS, json(f.inputs));
  w.section(KIND_EVENTS, json(f.events));
  for (const s of f.snapshots) {
    const p = new Writer();
    p.f64(s.at);
    p.u32(s.rawLength);
    p.bytes(s.compressed);
    w.section(KIND_SNAPSHOT, p.finish());
  }
  const body = w.finish();
  const crc = new Uint8Array(4);
  new DataView(crc.buffer).setUint32(0, crc32(body), true);
  const out = new Uint8Array(body.length + 9);
  out.set(body);
  out[body.length] = KIND_END;
  new DataView(out.buffer).setUint32(body.length + 1, 4, true);
  out.set(crc, body.length + 5);
  return out;
}

// ---- reading ----

/** Parse and check a .klrec file (synchronous: snapshots stay compressed). `file` names it in errors. */
export function readKlrec(bytes: Uint8Array, file = "<klrec>"): KlrecFile {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || !KLREC_MAGIC.every((b, i) => bytes[i] === b)) fail("klrec-not-a-recording", "not a kernlab recording (.klrec): the magic bytes are missing", 0, file);
  const version = dv.getUint16(8, true);
  if (version !== KLREC_VERSION) fail("klrec-version", `unsupported .klrec version ${version} (this kernlab reads version ${KLREC_VERSION})`, 8, file);
  // The end marker and the checksum first: a cut or damaged file is told as such, not by whatever broke first.
  const tail = bytes.length - 9;
  if (tail < 12 || bytes[tail] !== KIND_END || dv.getUint32(tail + 1, true) !== 4) fail("klrec-truncated", "the recording is truncated (or has bytes appended): its end marker is missing", bytes.length, file);
  if (crc32(bytes.subarray(0, tail)) !== dv.getUint32(tail + 5, true)) fail("klrec-checksum", "the recording is damaged: its CRC-32 does not match its contents", tail + 5, file);
  let at = 12;
  let header: KlrecHeader | null = null;
  let kernel: Uint8Array | null = null;
  const modules: Uint8Array[] = [];
  let inputs: InputRecord[] | null = null;
  let events: TimelineEvent[] | null = null;
  const snapshots: KlrecSnapshot[] = [];
  while (at < tail) {
    if (at + 5 > tail) fail("klrec-corrupt", "a section header runs into the end marker", at, file);
    const kind = bytes[at]!;
    const length = dv.getUint32(at + 1, true);
    const start = at + 5;
    if (start + length > tail) fail("klrec-corrupt", `a section of ${length} bytes runs past the end marker`, at, file);
    const payload = bytes.subarray(start, start + length);
    switch (kind) {
      case KIND_HEADER: header = parseJson(payload, at, file, checkHeader); break;
      case KIND_KERNEL: kernel = payload; break;
      case KIND_MODULE: modules.push(payload); break;
      case KIND_INPUTS: inputs = parseJson(payload, at, file, checkInputs); break;
      case KIND_EVENTS: events = parseJson(payload, at, file, checkEvents); break;
      case KIND_SNAPSHOT: {
        if (length < 12) fail("klrec-corrupt", "a snapshot section is too short", at, file);
        const sat = dv.getFloat64(start, true);
        if (!Number.isSafeInteger(sat) || sat < 0 || (snapshots.length > 0 && sat <= snapshots[snapshots.length - 1]!.at)) fail("klrec-corrupt", `snapshot count ${sat} is out of order`, at, file);
        snapshots.push({ at: sat, rawLength: dv.getUint32(start + 8, true), compressed: payload.subarray(12) });
        break;
      }
      default: fail("klrec-corrupt", `unknown section kind ${kind}`, at, file); // (0xFF only at the end)
    }
    at = start + length;
  }
  if (!header) fail("klrec-corrupt", "the header section is missing", null, file);
  if (!kernel) fail("klrec-corrupt", "the kernel section is missing", null, file);
  if (modules.length !== header.modules.length) fail("klrec-corrupt", `the header lists ${header.modules.length} modules, the file holds ${modules.length}`, null, file);
  if (snapshots.length === 0 || snapshots[0]!.at !== 0) fail("klrec-corrupt", "the snapshot at count 0 is missing", null, file);
  if (snapshots[snapshots.length - 1]!.at > header.end) fail("klrec-corrupt", "a snapshot lies past the recorded end", null, file);
  return { header, kernel, modules, inputs: inputs ?? [], events: events ?? [], snapshots };
}

function parseJson<T>(payload: Uint8Array, at: number, file: string, check: (v: unknown) => string | null): T {
  let v: unknown;
  try { v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload)); } catch { fail("klrec-corrupt", "a JSON section does not parse", at, file); }
  const problem = check(v);
  if (problem) fail("klrec-corrupt", problem, at, file);
  return v as T;
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkHeader(v: unknown): string | null {
  if (!isObject(v)) return "the header is not an object";
  if (typeof v["kernelName"] !== "string") return "header.kernelName is not a string";
  if (!isCount(v["memoryMiB"]) || (v["memoryMiB"] as number) < 2 || (v["memoryMiB"] as number) > 2048) return "header.memoryMiB is not 2..2048";
  if (typeof v["guestMips"] !== "number" || !((v["guestMips"] as number) > 0)) return "header.guestMips is not a positive number";
  if (!isCount(v["end"])) return "header.end is not an instruction count";
  if (!Array.isArray(v["modules"])) return "header.modules is not a list";
  if (v["loader"] !== null && v["loader"] !== "qemu" && v["loader"] !== "grub") return "header.loader is not qemu or grub";
  if (!isObject(v["checkpointNames"])) return "header.checkpointNames is not an object";
  if (v["verdict"] !== null && !(isObject(v["verdict"]) && typeof v["verdict"]["kind"] === "string")) return "header.verdict is not a verdict";
  return null;
}

function checkInputs(v: unknown): string | null {
  if (!Array.isArray(v)) return "the inputs are not a list";
  for (const [i, x] of v.entries()) {
    if (!isObject(x) || !isCount(x["at"]) || !isCount(x["n"])) return `input ${i} has no count`;
    const data = x["kind"] === "keys" ? x["codes"] : x["kind"] === "serial" ? x["bytes"] : null;
    if (!Array.isArray(data) || !data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return `input ${i} is not keys or serial bytes`;
  }
  return null;
}

function checkEvents(v: unknown): string | null {
  if (!Array.isArray(v)) return "the events are not a list";
  for (const [i, x] of v.entries()) if (!isObject(x) || !isCount(x["at"]) || typeof x["kind"] !== "string" || typeof x["detail"] !== "string") return `event ${i} is malformed`;
  return null;
}

// ---- machine states ----

/** Compress a MachineState for a snapshot section. */
export async function encodeSnapshot(state: MachineState): Promise<KlrecSnapshot> {
  const raw = encodeState(state);
  return { at: state.at, rawLength: raw.length, compressed: await deflateRaw(raw) };
}

export async function decodeSnapshot(s: KlrecSnapshot, file = "<klrec>"): Promise<MachineState> {
  let raw: Uint8Array;
  try { raw = await inflateRaw(s.compressed, Math.min(s.rawLength, MAX_SNAPSHOT_BYTES)); } catch { fail("klrec-corrupt", `the snapshot at count ${s.at} does not inflate`, null, file); }
  if (raw.length !== s.rawLength) fail("klrec-corrupt", `the snapshot at count ${s.at} inflates to ${raw.length} bytes, not ${s.rawLength}`, null, file);
  return decodeState(raw, s.at, file);
}

/** A state as bytes: the core (tagged values), then the pages of each space. */
export function encodeState(state: MachineState): Uint8Array {
  const w = new Writer();
  w.f64(state.at);
  encodeValue(w, state.core);
  w.u32(state.pages.size);
  for (const [name, pages] of state.pages) {
    w.str(name);
    w.u32(pages.size);
    for (const [index, page] of pages) { w.u32(index); w.u32(page.length); w.bytes(page); }
  }
  return w.finish();
}

export function decodeState(raw: Uint8Array, at: number, file = "<klrec>"): MachineState {
  const r = new Reader(raw, file);
  const stateAt = r.f64();
  if (stateAt !== at) fail("klrec-corrupt", `the snapshot at count ${at} holds a state of count ${stateAt}`, 0, file);
  const core = r.value(0);
  const pages = new Map<string, Map<number, Uint8Array>>();
  for (let n = r.u32(); n > 0; n--) {
    const name = r.str();
    const m = new Map<number, Uint8Array>();
    for (let k = r.u32(); k > 0; k--) {
      const index = r.u32();
      const len = r.u32();
      if (len > 4096) fail("klrec-corrupt", "a page is longer than 4096 bytes", r.at, file);
      m.set(index, r.take(len).slice());
    }
    pages.set(name, m);
  }
  if (r.at !== raw.length) fail("klrec-corrupt", "trailing bytes in a snapshot", r.at, file);
  return { at, pages, core };
}

const T_UNDEF = 0, T_NULL = 1, T_FALSE = 2, T_TRUE = 3, T_NUM = 4, T_STR = 5, T_ARRAY = 6, T_OBJECT = 7, T_TYPED = 8;
const TYPED = [Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigUint64Array, BigInt64Array] as const;

function encodeValue(w: Writer, v: unknown): void {
  if (v === undefined) return w.u8(T_UNDEF);
  if (v === null) return w.u8(T_NULL);
  if (v === false) return w.u8(T_FALSE);
  if (v === true) return w.u8(T_TRUE);
  if (typeof v === "number") { w.u8(T_NUM); return w.f64(v); }
  if (typeof v === "string") { w.u8(T_STR); return w.str(v); }
  if (Array.isArray(v)) { w.u8(T_ARRAY); w.u32(v.length); for (let i = 0; i < v.length; i++) encodeValue(w, v[i]); return; }
  if (ArrayBuffer.isView(v)) {
    const k = TYPED.findIndex((T) => v instanceof T);
    if (k < 0) throw new TypeError("encodeState: unsupported typed array");
    w.u8(T_TYPED); w.u8(k);
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
    w.u32(bytes.length); w.bytes(bytes);
    return;
  }
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    w.u8(T_OBJECT); w.u32(entries.length);
    for (const [k, x] of entries) { w.str(k); encodeValue(w, x); }
    return;
  }
  throw new TypeError(`encodeState: cannot encode a ${typeof v}`);
}

class Reader {
  at = 0;
  private readonly dv: DataView;
  constructor(private readonly b: Uint8Array, private readonly file: string) { this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength); }
  private need(n: number): void { if (this.at + n > this.b.length) fail("klrec-corrupt", "a snapshot ends early", this.at, this.file); }
  u8(): number { this.need(1); return this.b[this.at++]!; }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.at, true); this.at += 4; return v; }
  f64(): number { this.need(8); const v = this.dv.getFloat64(this.at, true); this.at += 8; return v; }
  take(n: number): Uint8Array { this.need(n); const v = this.b.subarray(this.at, this.at + n); this.at += n; return v; }
  str(): string { return new TextDecoder().decode(this.take(this.u32())); }
  value(depth: number): unknown {
    if (depth > 64) fail("klrec-corrupt", "a snapshot nests too deeply", this.at, this.file);
    const tag = this.u8();
    switch (tag) {
      case T_UNDEF: return undefined;
      case T_NULL: return null;
      case T_FALSE: return false;
      case T_TRUE: return true;
      case T_NUM: return this.f64();
      case T_STR: return this.str();
      case T_ARRAY: {
        const n = this.u32();
        if (n > this.b.length - this.at) fail("klrec-corrupt", "an array is longer than the snapshot", this.at, this.file);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
        return out;
      }
      case T_OBJECT: {
        const out: Record<string, unknown> = {};
        for (let n = this.u32(); n > 0; n--) { const k = this.str(); out[k] = this.value(depth + 1); }
        return out;
      }
      case T_TYPED: {
        const T = TYPED[this.u8()];
        if (!T) fail("klrec-corrupt", "unknown typed array", this.at, this.file);
        const bytes = this.take(this.u32()).slice();
        if (bytes.length % T.BYTES_PER_ELEMENT) fail("klrec-corrupt", "typed array length", this.at, this.file);
        return new T(bytes.buffer, 0, bytes.length / T.BYTES_PER_ELEMENT);
      }
      default: fail("klrec-corrupt", `unknown value tag ${tag}`, this.at - 1, this.file);
    }
  }
}
