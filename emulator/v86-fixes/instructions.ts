/**
 * Walks the instructions of a WebAssembly function body (Core Specification 5.4): for each one its opcode,
 * where it starts, where its immediates start and where it ends, with the few immediates patches match on
 * (memarg offsets, i32.const values, call targets) decoded. It covers the MVP, sign extension, saturating
 * truncation, bulk memory, reference types, tail calls and fixed-width SIMD (the Rust compiler uses it in
 * memcpy and friends); exception handling is refused (wasm-unsupported): v86.wasm does not use it. It does
 * not validate types.
 */
import { Reader, WasmPatchError } from "./binary";

export const OP_BLOCK = 0x02, OP_LOOP = 0x03, OP_IF = 0x04, OP_END = 0x0b;
export const OP_CALL = 0x10, OP_CALL_INDIRECT = 0x11;
export const OP_LOCAL_GET = 0x20, OP_LOCAL_SET = 0x21, OP_LOCAL_TEE = 0x22, OP_GLOBAL_GET = 0x23, OP_GLOBAL_SET = 0x24;
export const OP_I32_LOAD = 0x28, OP_I32_STORE = 0x36;
export const OP_I32_CONST = 0x41, OP_I32_AND = 0x71, OP_I32_ADD = 0x6a;
export const OP_REF_FUNC = 0xd2;

export interface Instruction {
  /** Opcode byte (0xFC or 0xFD for the prefixed ones: see `sub`). */
  op: number;
  /** Sub-opcode of 0xFC- and 0xFD-prefixed instructions. */
  sub?: number;
  /** Offset of the opcode in the code. */
  at: number;
  /** Offset of the first immediate. */
  immediateAt: number;
  /** Offset just after the instruction. */
  end: number;
  /** Loads and stores: the memarg's static offset. */
  memOffset?: number;
  /** i32.const: its value; call/ref.func/local.*, global.*: the index. */
  value?: number;
}

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/** Call `visit` for every instruction of `code` (a function body's expression, `end` included). */
export function walkInstructions(code: Uint8Array, visit: (ins: Instruction) => void): void {
  const r = new Reader(code);
  while (!r.done) {
    const at = r.pos;
    const op = r.u8();
    const immediateAt = r.pos;
    const ins: Instruction = { op, at, immediateAt, end: 0 };
    if (op === OP_BLOCK || op === OP_LOOP || op === OP_IF) {
      const b = code[r.pos]!;
      if (b === 0x40 || VALTYPES.has(b)) r.pos++;
      else r.skipSigned();
    } else if (op === 0x0c || op === 0x0d) r.u32();
    else if (op === 0x0e) { for (let n = r.u32(); n >= 0; n--) r.u32(); }
    else if (op === OP_CALL || op === 0x12 || op === OP_REF_FUNC) ins.value = r.u32();
    else if (op === OP_CALL_INDIRECT || op === 0x13) { r.u32(); r.u32(); }
    else if (op === 0x1c) { for (let n = r.u32(); n > 0; n--) r.u8(); }
    else if (op >= 0x20 && op <= 0x26) ins.value = r.u32();
    else if (op >= 0x28 && op <= 0x3e) { r.u32(); ins.memOffset = r.u32(); }
    else if (op === 0x3f || op === 0x40) r.u8();
    else if (op === OP_I32_CONST) ins.value = r.s32();
    else if (op === 0x42) r.skipSigned();
    else if (op === 0x43) r.take(4);
    else if (op === 0x44) r.take(8);
    else if (op === 0xd0) r.u8();
    else if (op === 0xfc) {
      const sub = r.u32();
      ins.sub = sub;
      if (sub <= 7) { /* saturating truncations */ }
      else if (sub === 8) { r.u32(); r.u8(); }
      else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) r.u32();
      else if (sub === 10) { r.u8(); r.u8(); }
      else if (sub === 11) r.u8();
      else if (sub === 12 || sub === 14) { r.u32(); r.u32(); }
      else throw new WasmPatchError("wasm-unsupported", `instruction 0xfc ${sub} at offset ${at}`);
    } else if (op === 0xfd) {
      const sub = r.u32();
      ins.sub = sub;
      if (sub <= 11 || sub === 92 || sub === 93) { r.u32(); ins.memOffset = r.u32(); }
      else if (sub === 12 || sub === 13) r.take(16);
      else if (sub >= 21 && sub <= 34) r.u8();
      else if (sub >= 84 && sub <= 91) { r.u32(); ins.memOffset = r.u32(); r.u8(); }
    } else if (op <= 0x01 || op === 0x05 || op === OP_END || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1) {
      // no immediates
    } else throw new WasmPatchError("wasm-unsupported", `instruction 0x${op.toString(16)} at offset ${at}`);
    ins.end = r.pos;
    visit(ins);
  }
}

/** All instructions of `code`, in order. */
export function instructions(code: Uint8Array): Instruction[] {
  const out: Instruction[] = [];
  walkInstructions(code, (i) => out.push(i));
  return out;
}

/** One step of an instruction pattern: the opcode, and the immediates that must match where given. */
export interface InstructionPattern { op: number; value?: number; memOffset?: number }

/**
 * Every place where `pattern` occurs as consecutive instructions of `code`: the matched instructions of each
 * occurrence (the same length as `pattern`).
 */
export function findSequences(code: Uint8Array, pattern: readonly InstructionPattern[]): Instruction[][] {
  const all = instructions(code);
  const out: Instruction[][] = [];
  for (let i = 0; i + pattern.length <= all.length; i++) {
    let ok = true;
    for (let k = 0; k < pattern.length && ok; k++) {
      const p = pattern[k]!, ins = all[i + k]!;
      ok = ins.op === p.op && (p.value === undefined || ins.value === p.value) && (p.memOffset === undefined || ins.memOffset === p.memOffset);
    }
    if (ok) out.push(all.slice(i, i + pattern.length));
  }
  return out;
}
