/**
 * The legacy (non-VEX) instruction encoder: lays out one chosen form (forms.ts) with its operands as iced-x86's
 * Encoder does, byte for byte, and refuses what it refuses. It exists for start-up: `kernlab nasm` on a small
 * file would otherwise load and compile iced-x86's glue and WebAssembly (about half its own time) to encode a
 * handful of instructions. It covers the operand kinds of ordinary 16/32-bit code (general, segment, control,
 * debug, test, x87, MMX and SSE registers, ModRM memory in 16- and 32-bit addressing, moffs, immediates) and
 * answers "not mine" for the rest (VEX, MPX, implicit-memory kinds, lock/rep prefixes), which iced-x86 encodes.
 * test/asm/encode-legacy.test.ts compares it with iced-x86 on every legacy form. Not form selection nor NASM's
 * choices (encode.ts).
 */
import type { Form } from "./forms";
import { OpCodeOperandKind as K, Register } from "./iced";

/** An operand as the matcher resolved it (encode.ts): what iced-x86's Instruction would be built from. */
export type Operand =
  | { kind: "reg"; reg: Register }
  | { kind: "mem"; base: Register; index: Register; scale: number; displ: bigint; displSize: number; seg: Register }
  /** Signed for the sign-extended kinds, else unsigned, already cut to the field's width. */
  | { kind: "imm"; value: number };

/** An encoded instruction and where its displacement and immediates lie (iced's ConstantOffsets). Sizes 0 when absent. */
export interface Encoding {
  bytes: Uint8Array;
  displOffset: number;
  displSize: number;
  immOffset: number;
  immSize: number;
  imm2Offset: number;
  imm2Size: number;
}

const enum Role { Rm, RmMem, RmReg, Reg, Embed, Sti, Fixed, Imm8, Imm8One, Imm16, Imm32, Moffs }
interface Rule { role: Role; lo: Register; count: number }

const rules = new Map<number, Rule>();
function rule(kinds: number[], role: Role, lo: Register = Register.None, count = 8): void {
  for (const k of kinds) rules.set(k, { role, lo, count });
}
rule([K.r8_or_mem], Role.Rm, Register.AL);
rule([K.r16_or_mem], Role.Rm, Register.AX);
rule([K.r32_or_mem], Role.Rm, Register.EAX);
rule([K.mm_or_mem], Role.Rm, Register.MM0);
rule([K.xmm_or_mem], Role.Rm, Register.XMM0);
rule([K.mem], Role.RmMem);
rule([K.r16_rm], Role.RmReg, Register.AX);
rule([K.r32_rm], Role.RmReg, Register.EAX);
rule([K.mm_rm], Role.RmReg, Register.MM0);
rule([K.xmm_rm], Role.RmReg, Register.XMM0);
rule([K.r8_reg], Role.Reg, Register.AL);
rule([K.r16_reg], Role.Reg, Register.AX);
rule([K.r32_reg], Role.Reg, Register.EAX);
rule([K.seg_reg], Role.Reg, Register.ES, 6);
rule([K.mm_reg], Role.Reg, Register.MM0);
rule([K.xmm_reg], Role.Reg, Register.XMM0);
rule([K.cr_reg], Role.Reg, Register.CR0);
rule([K.dr_reg], Role.Reg, Register.DR0);
rule([K.tr_reg], Role.Reg, Register.TR0);
rule([K.r8_opcode], Role.Embed, Register.AL);
rule([K.r16_opcode], Role.Embed, Register.AX);
rule([K.r32_opcode], Role.Embed, Register.EAX);
rule([K.sti_opcode], Role.Sti, Register.ST0);
for (const [k, r] of [[K.es, Register.ES], [K.cs, Register.CS], [K.ss, Register.SS], [K.ds, Register.DS], [K.fs, Register.FS],
  [K.gs, Register.GS], [K.al, Register.AL], [K.cl, Register.CL], [K.ax, Register.AX], [K.dx, Register.DX], [K.eax, Register.EAX],
  [K.st0, Register.ST0]] as const) rule([k], Role.Fixed, r, 1);
rule([K.imm8, K.imm8sex16, K.imm8sex32], Role.Imm8);
rule([K.imm8_const_1], Role.Imm8One);
rule([K.imm16], Role.Imm16);
rule([K.imm32], Role.Imm32);
rule([K.mem_offs], Role.Moffs);

/** The operand kinds this encoder covers (a form with any other kind goes to iced-x86). */
export const LEGACY_KINDS: ReadonlySet<number> = new Set(rules.keys());

/** Operand patterns iced-x86's Instruction.create* take (encode.ts builds with those); others it cannot build. */
export const BUILDABLE_PATTERNS = new Set(["", "R", "M", "U", "I", "RI", "MI", "IU", "UI", "II", "RRI", "RMI", "MRI", "RRRI", "RRMI",
  "RR", "RM", "MR", "RU", "MU", "UR", "UU", "RRR", "RRM", "RRU", "RMU", "MRU", "MRR", "RMR", "RRRR", "RRRM", "RRMR", "RRRU", "RRMU"]);

/** The letters of BUILDABLE_PATTERNS for these operands. */
export function operandPattern(ops: readonly Operand[]): string {
  let p = "";
  for (const o of ops) p += o.kind === "reg" ? "R" : o.kind === "mem" ? "M" : o.value < 0 ? "I" : "U";
  return p;
}

const SEGMENT_PREFIX = new Map<Register, number>([[Register.ES, 0x26], [Register.CS, 0x2e], [Register.SS, 0x36], [Register.DS, 0x3e],
  [Register.FS, 0x64], [Register.GS, 0x65]]);
const MANDATORY_PREFIX = [0, 0, 0x66, 0xf3, 0xf2];
const TABLE_BYTES = [[], [0x0f], [0x0f, 0x38], [0x0f, 0x3a]];
const MAX_LENGTH = 15;

function inRange(r: Register, lo: Register, count: number): boolean {
  return r >= lo && r < lo + count;
}

/** The address size (in bytes) of a memory operand's registers: 2, 4, 0 when it has none, -1 for anything else. */
function registerAddressSize(r: Register): number {
  if (r === Register.None) return 0;
  if (inRange(r, Register.AX, 8)) return 2;
  if (inRange(r, Register.EAX, 8)) return 4;
  return -1;
}

/**
 * Encodes `ops` in `form` for BITS `bits`. Returns null where iced-x86's Encoder refuses the combination, and
 * undefined where this encoder does not cover the form or operands (the caller asks iced-x86).
 */
export function encodeLegacy(form: Form, ops: readonly Operand[], bits: number): Encoding | null | undefined {
  const op = form.legacy;
  if (!op || (bits !== 16 && bits !== 32) || ops.length !== form.ops.length) return undefined;
  if (!BUILDABLE_PATTERNS.has(operandPattern(ops))) return null;
  let p66 = false, p67 = false;
  let modrm = 0, hasModrm = false, sib = -1;
  let displ = 0, displSize = 0, hasDispl = false;
  let imm = 0, immSize = 0, imm2 = 0, imm2Size = 0;
  let opCode = op.opCode;
  let seg = Register.None;
  if (op.groupIndex >= 0) { hasModrm = true; modrm = op.groupIndex << 3; }
  if (op.rmGroupIndex >= 0) { hasModrm = true; modrm |= op.rmGroupIndex | 0xc0; }
  if (form.operandSize === 16) p66 = bits !== 16;
  else if (form.operandSize === 32) p66 = bits !== 32;
  else if (form.operandSize !== 0) return undefined;
  if (op.addressSize === 16) p67 = bits !== 16;
  else if (op.addressSize === 32) p67 = bits !== 32;
  else if (op.addressSize !== 0) return undefined;

  /** ModRM (and SIB, displacement) for a memory operand; false when iced refuses it. */
  const memory = (m: Extract<Operand, { kind: "mem" }>): boolean | undefined => {
    if (m.scale !== 1 && m.scale !== 2 && m.scale !== 4 && m.scale !== 8) return undefined;
    const scaleBits = m.scale === 1 ? 0 : m.scale === 2 ? 1 : m.scale === 4 ? 2 : 3;
    const bs = registerAddressSize(m.base), is = registerAddressSize(m.index);
    if (bs < 0 || is < 0) return undefined;
    const regSize = bs | is;
    const addrSize = regSize !== 0 ? regSize : m.displSize >= 2 ? m.displSize : bits / 8;
    if (addrSize !== 2 && addrSize !== 4) return false;
    if (addrSize * 8 !== bits) p67 = true;
    seg = m.seg;
    const d64 = BigInt.asIntN(64, m.displ);
    const d32 = Number(BigInt.asUintN(32, m.displ));
    if (addrSize === 2) return memory16(m, d64, d32);
    return memory32(m, scaleBits, d64, d32);
  };
  const memory16 = (m: Extract<Operand, { kind: "mem" }>, d64: bigint, d32: number): boolean => {
    const { base, index } = m;
    let rm: number;
    if (base === Register.BX && index === Register.SI) rm = 0;
    else if (base === Register.BX && index === Register.DI) rm = 1;
    else if (base === Register.BP && index === Register.SI) rm = 2;
    else if (base === Register.BP && index === Register.DI) rm = 3;
    else if (base === Register.SI && index === Register.None) rm = 4;
    else if (base === Register.DI && index === Register.None) rm = 5;
    else if (base === Register.BP && index === Register.None) rm = 6;
    else if (base === Register.BX && index === Register.None) rm = 7;
    else if (base === Register.None && index === Register.None) {
      modrm |= 6;
      displSize = 2;
      if (BigInt.asUintN(64, m.displ) > 0xffffn) return false;
      displ = d32;
      return true;
    } else return false;
    modrm |= rm;
    if (d64 < -0x8000n || d64 > 0xffffn) return false;
    displ = d32;
    let size = m.displSize;
    if (size === 0 && base === Register.BP && index === Register.None) {
      size = 1;
      if (displ !== 0) return false;
    }
    if (size === 1) {
      const s16 = (displ << 16) >> 16;
      if (s16 >= -128 && s16 <= 127) displ = s16; else size = 2;
    }
    if (size === 0) return displ === 0;
    if (size === 1) { modrm |= 0x40; displSize = 1; return true; }
    if (size === 2) { modrm |= 0x80; displSize = 2; return true; }
    return false;
  };
  const memory32 = (m: Extract<Operand, { kind: "mem" }>, scaleBits: number, d64: bigint, d32: number): boolean => {
    const { base, index } = m;
    let size = m.displSize;
    if (size !== 0 && size !== 1 && size !== 4 && size !== 8) return false;
    if (d64 < -0x8000_0000n || d64 > 0xffff_ffffn) return false;
    displ = d32;
    if (base === Register.None && index === Register.None) {
      if (scaleBits !== 0) { modrm |= 4; sib = 0x25 | (scaleBits << 6); } else modrm |= 5;
      displSize = 4;
      return true;
    }
    const baseNum = base === Register.None ? -1 : base - Register.EAX;
    const indexNum = index === Register.None ? -1 : index - Register.EAX;
    if (size === 0 && (baseNum & 7) === 5) {
      size = 1;
      if (displ !== 0) return false;
    }
    if (size === 1) {
      const s32 = displ | 0;
      if (s32 >= -128 && s32 <= 127) displ = s32; else size = 4;
    }
    if (base === Register.None) displSize = 4;
    else if (size === 1) { modrm |= 0x40; displSize = 1; }
    else if (size === 4) { modrm |= 0x80; displSize = 4; }
    else if (size === 0) { if (displ !== 0) return false; }
    else return false;
    if (index === Register.None && (baseNum & 7) !== 4 && scaleBits === 0) {
      modrm |= baseNum & 7;
    } else {
      modrm |= 4;
      if (index === Register.ESP) return false;
      sib = (scaleBits << 6) | (baseNum < 0 ? 5 : baseNum & 7) | (indexNum < 0 ? 0x20 : (indexNum & 7) << 3);
    }
    return true;
  };

  for (let i = 0; i < ops.length; i++) {
    const r = rules.get(form.ops[i]!);
    if (!r) return undefined;
    const o = ops[i]!;
    switch (r.role) {
      case Role.Rm: case Role.RmMem: case Role.RmReg: {
        hasModrm = true;
        if (o.kind === "reg") {
          if (r.role === Role.RmMem || !inRange(o.reg, r.lo, r.count)) return null;
          modrm |= 0xc0 | (o.reg - r.lo);
        } else if (o.kind === "mem") {
          if (r.role === Role.RmReg) return null;
          const ok = memory(o);
          if (ok === undefined) return undefined;
          if (!ok) return null;
        } else return null;
        break;
      }
      case Role.Reg:
        if (o.kind !== "reg") return null;
        // CR8–CR15 take an F0 prefix in 16/32-bit code (iced's OpModRM_regF0): not here.
        if (r.lo === Register.CR0 && inRange(o.reg, Register.CR0 + 8, 8)) return undefined;
        if (!inRange(o.reg, r.lo, r.count)) return null;
        hasModrm = true;
        modrm |= (o.reg - r.lo) << 3;
        break;
      case Role.Embed: case Role.Sti:
        if (o.kind !== "reg" || !inRange(o.reg, r.lo, r.count)) return null;
        opCode |= o.reg - r.lo;
        break;
      case Role.Fixed:
        if (o.kind !== "reg" || o.reg !== r.lo) return null;
        break;
      case Role.Imm8:
        if (o.kind !== "imm") return null;
        if (immSize === 1 || immSize === 2) { imm2 = o.value & 0xff; imm2Size = 1; } else { imm = o.value & 0xff; immSize = 1; }
        break;
      case Role.Imm8One:
        if (o.kind !== "imm" || (o.value & 0xff) !== 1) return null;
        break;
      case Role.Imm16:
        if (o.kind !== "imm") return null;
        imm = o.value & 0xffff; immSize = 2;
        break;
      case Role.Imm32:
        if (o.kind !== "imm") return null;
        imm = o.value >>> 0; immSize = 4;
        break;
      case Role.Moffs: {
        if (o.kind !== "mem") return null;
        hasDispl = true;
        if (o.base !== Register.None || o.index !== Register.None || o.scale !== 1) return null;
        const u = BigInt.asUintN(64, o.displ);
        if (o.displSize === 2) { if (bits === 32) p67 = true; if (u > 0xffffn) return null; }
        else if (o.displSize === 4) { if (bits === 16) p67 = true; if (u > 0xffff_ffffn) return null; }
        else return null;
        displSize = o.displSize;
        displ = Number(BigInt.asUintN(32, o.displ));
        seg = o.seg;
        break;
      }
    }
  }

  const out: number[] = [];
  if (op.fwait) out.push(0x9b);
  if (seg !== Register.None) {
    const b = SEGMENT_PREFIX.get(seg);
    if (b === undefined) return undefined;
    out.push(b);
  }
  if (p66) out.push(0x66);
  if (p67) out.push(0x67);
  const mp = MANDATORY_PREFIX[op.mandatoryPrefix] ?? 0;
  if (mp) out.push(mp);
  out.push(...TABLE_BYTES[op.table]!);
  if (op.opCodeLength === 2) out.push((opCode >> 8) & 0xff);
  out.push(opCode & 0xff);
  if (hasModrm) {
    out.push(modrm);
    if (sib >= 0) out.push(sib);
  }
  let displOffset = 0;
  if ((hasModrm || hasDispl) && displSize) {
    displOffset = out.length;
    for (let k = 0; k < displSize; k++) out.push((displ >>> (8 * k)) & 0xff);
  }
  const immOffset = immSize ? out.length : 0;
  for (let k = 0; k < immSize; k++) out.push((imm >>> (8 * k)) & 0xff);
  const imm2Offset = imm2Size ? out.length : 0;
  if (imm2Size) out.push(imm2);
  if (out.length > MAX_LENGTH) return null;
  return { bytes: Uint8Array.from(out), displOffset, displSize, immOffset, immSize, imm2Offset, imm2Size };
}
