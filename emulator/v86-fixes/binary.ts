/**
 * Bytes of the WebAssembly binary format: LEB128 integers, names, a bounds-checked reader, and the error a
 * malformed module or an unfitting patch raises. No module structure here (wasm-module.ts).
 */
/** A malformed module, or a patch that does not fit the module (named code, offset where known). */
export class WasmPatchError extends Error {
  constructor(readonly code: "wasm-malformed" | "wasm-unsupported" | "wasm-no-such-function" | "wasm-pattern-not-found", message: string) {
    super(message);
    this.name = "WasmPatchError";
  }
}

const UTF8 = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

export class Reader {
  constructor(readonly bytes: Uint8Array, public pos = 0, readonly end = bytes.length) {}
  u8(): number {
    if (this.pos >= this.end) throw new WasmPatchError("wasm-malformed", `unexpected end of data at offset ${this.pos}`);
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0, shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
      if (shift > 35) throw new WasmPatchError("wasm-malformed", `LEB128 too long at offset ${this.pos}`);
    }
  }
  /** Signed LEB128 of any width, value discarded (immediates of i32/i64.const). */
  skipSigned(): void { while (this.u8() & 0x80) { /* continuation */ } }
  s32(): number {
    let result = 0, shift = 0, b = 0;
    do { b = this.u8(); result |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80 && shift < 35);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result | 0;
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new WasmPatchError("wasm-malformed", `unexpected end of data at offset ${this.pos}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name(): string { return UTF8.decode(this.take(this.u32())); }
  get done(): boolean { return this.pos >= this.end; }
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

export function encodeName(s: string): number[] {
  const b = UTF8_ENCODER.encode(s);
  return [...uleb(b.length), ...b];
}

/** Concatenate byte chunks. */
export function concat(parts: (Uint8Array | number[])[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

