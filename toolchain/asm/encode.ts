/**
 * Instruction encoding: matches resolved operands against iced-x86's forms (forms.ts), applies NASM's
 * choices (shortest form, sign-extended imm8, moffs, "r/m, reg" direction, operand size from BITS),
 * and encodes each candidate with encode-legacy.ts (iced-x86's Encoder for what that does not cover: VEX,
 * lock/rep), reporting where relocatable fields lie. Relative branches
 * (jmp/jcc/call/loop to a label) are encoded by hand here because the pass engine resizes them every
 * pass. Not operand parsing (parse.ts) nor relocation policy (assembler.ts).
 */
import { REG_TERM, type Value } from "./expr";
import { formsFor, type Form } from "./forms";
import { encodeLegacy, operandPattern, type Encoding, type Operand } from "./encode-legacy";
import { Encoder, Instruction, MemoryOperand, OpCodeOperandKind as K, Register } from "./iced";
import { registerInfo, type RegInfo } from "./registers";

export interface ROperand {
  kind: "reg" | "mem" | "imm" | "far";
  col: number;
  len: number;
  size: number;
  strict: boolean;
  branch: "" | "short" | "near" | "far";
  reg?: RegInfo;
  /** imm value, far offset, or memory displacement (register terms removed). */
  value?: Value;
  segValue?: Value;
  base?: Register;
  index?: Register;
  scale?: number;
  seg?: Register;
  dispSize?: number;
  to?: boolean;
}

export interface Fixup { offset: number; size: number; value: Value }
export interface Encoded {
  bytes: Uint8Array;
  fixups: Fixup[];
  /** NASM's number-overflow warning texts for the absolute immediates (see withOverflow). */
  overflow?: string[];
  /** How many fields NASM writes the instruction as (one warning each in a nobits section); default 1. */
  fields?: number;
}

const LEGACY_PREFIXES = new Set([0xf0, 0xf2, 0xf3, 0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x9b]);

export const SIZE_NAME: Record<number, string> = { 1: "byte", 2: "word", 4: "dword", 8: "qword" };

/** NASM's overflow_general: a `width`-byte field holds -2^(8·width) … 2^(8·width)-1 (signed or unsigned). */
export function overflowsGeneral(n: bigint, width: number): boolean {
  const bits = BigInt(width * 8);
  return n > (1n << bits) - 1n || n < -(1n << bits);
}

export class EncodeError extends Error {
  constructor(message: string, readonly operand = -1, readonly code = "invalid-operands") { super(message); }
}

const encoders = new Map<number, Encoder>();
function encoder(bits: number): Encoder {
  let e = encoders.get(bits);
  if (!e) encoders.set(bits, (e = new Encoder(bits)));
  return e;
}

/** Optimisation level as NASM keeps it: -O0 → -1, -O1 → 0, -Ox → 2. */
export type OptLevel = -1 | 0 | 2;

// ------------------------------------------------------------------ memory operands

/** Splits `[terms]` into base/index/scale and a displacement value (NASM's rules). */
export function splitAddress(v: Value, bits: number): { base: Register; index: Register; scale: number; disp: Value } | string {
  const regs = v.terms.filter((t) => t.id >= REG_TERM).map((t) => ({ reg: (t.id - REG_TERM) as Register, k: Number(t.k) }));
  const disp: Value = { n: v.n, terms: v.terms.filter((t) => t.id < REG_TERM), unknown: v.unknown };
  let base = Register.None, index = Register.None, scale = 1;
  for (const r of regs) {
    const info = registerInfo(r.reg);
    if (info.cls !== "gpr16" && info.cls !== "gpr32") return `register '${info.name}' cannot be used in an address`;
  }
  if (regs.length > 2) return "too many registers in address";
  if (regs.length === 1) {
    const r = regs[0]!;
    if (r.k === 1) base = r.reg;
    else if (r.k === 2 || r.k === 4 || r.k === 8) {
      if (r.k === 2) { base = r.reg; index = r.reg; } else { index = r.reg; scale = r.k; }
    } else if (r.k === 3 || r.k === 5 || r.k === 9) { base = r.reg; index = r.reg; scale = r.k - 1; }
    else return `invalid scale ${r.k} in address`;
  } else if (regs.length === 2) {
    let [a, b] = regs as [{ reg: Register; k: number }, { reg: Register; k: number }];
    if (a.k !== 1 && b.k === 1) [a, b] = [b, a];
    if (a.k !== 1 || ![1, 2, 4, 8].includes(b.k)) return "invalid effective address";
    base = a.reg; index = b.reg; scale = b.k;
    if (index === Register.ESP && scale === 1) { [base, index] = [index, base]; }
  }
  if (index === Register.ESP) return "esp cannot be used as an index register";
  const all = [base, index].filter((r) => r !== Register.None).map((r) => registerInfo(r));
  if (all.length && all.some((r) => r.cls !== all[0]!.cls)) return "mixed 16- and 32-bit registers in address";
  if (all.length && all[0]!.cls === "gpr16") {
    // 16-bit addressing: base bx|bp, index si|di
    const isB = (r: Register) => r === Register.BX || r === Register.BP;
    const isI = (r: Register) => r === Register.SI || r === Register.DI;
    if (scale !== 1) return "scaled index in 16-bit address";
    if (index !== Register.None && isB(index) && (base === Register.None || isI(base))) [base, index] = [index, base];
    if (base !== Register.None && !isB(base) && !(index === Register.None && isI(base))) return "invalid 16-bit effective address";
    if (index !== Register.None && !isI(index)) return "invalid 16-bit effective address";
  }
  void bits;
  return { base, index, scale, disp };
}

// ------------------------------------------------------------------ matching

const SIZE_OF_KIND: Partial<Record<number, number>> = {
  [K.r8_or_mem]: 1, [K.r16_or_mem]: 2, [K.r32_or_mem]: 4, [K.r8_reg]: 1, [K.r8_opcode]: 1, [K.r16_reg]: 2,
  [K.r16_reg_mem]: 2, [K.r16_rm]: 2, [K.r16_opcode]: 2, [K.r32_reg]: 4, [K.r32_reg_mem]: 4, [K.r32_rm]: 4,
  [K.r32_opcode]: 4, [K.r32_vvvv]: 4, [K.mm_or_mem]: 8, [K.xmm_or_mem]: 16, [K.ymm_or_mem]: 32,
};
const IMPLICIT = new Set<number>([K.seg_rSI, K.es_rDI, K.seg_rDI, K.seg_rBX_al]);
const BRANCH = new Set<number>([K.br16_1, K.br32_1, K.br64_1, K.br16_2, K.br32_4, K.br64_4, K.farbr2_2, K.farbr4_2,
  K.xbegin_2, K.xbegin_4, K.brdisp_2, K.brdisp_4]);
const MEM_KINDS = new Set<number>([K.mem, K.mem_offs, K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r32_or_mem_mpx,
  K.mm_or_mem, K.xmm_or_mem, K.ymm_or_mem, K.mem_mpx, K.mem_mib, K.sibmem]);
const IMM_SIZE: Partial<Record<number, number>> = { [K.imm8]: 1, [K.imm16]: 2, [K.imm32]: 4, [K.imm8sex16]: 2, [K.imm8sex32]: 4, [K.imm8_const_1]: 1 };

function regMatches(kind: number, r: RegInfo): boolean {
  switch (kind) {
    case K.r8_or_mem: case K.r8_reg: case K.r8_opcode: return r.cls === "gpr8";
    case K.r16_or_mem: case K.r16_reg: case K.r16_reg_mem: case K.r16_rm: case K.r16_opcode: return r.cls === "gpr16";
    case K.r32_or_mem: case K.r32_reg: case K.r32_reg_mem: case K.r32_rm: case K.r32_opcode: case K.r32_vvvv: case K.r32_or_mem_mpx: return r.cls === "gpr32";
    case K.seg_reg: return r.cls === "seg";
    case K.cr_reg: return r.cls === "cr";
    case K.dr_reg: return r.cls === "dr";
    case K.tr_reg: return r.cls === "tr";
    case K.mm_reg: case K.mm_rm: case K.mm_or_mem: return r.cls === "mm";
    case K.xmm_reg: case K.xmm_rm: case K.xmm_vvvv: case K.xmm_or_mem: case K.xmm_is4: case K.xmm_is5: return r.cls === "xmm";
    case K.ymm_reg: case K.ymm_rm: case K.ymm_vvvv: case K.ymm_or_mem: case K.ymm_is4: case K.ymm_is5: return r.cls === "ymm";
    case K.es: return r.reg === Register.ES;
    case K.cs: return r.reg === Register.CS;
    case K.ss: return r.reg === Register.SS;
    case K.ds: return r.reg === Register.DS;
    case K.fs: return r.reg === Register.FS;
    case K.gs: return r.reg === Register.GS;
    case K.al: return r.reg === Register.AL;
    case K.cl: return r.reg === Register.CL;
    case K.ax: return r.reg === Register.AX;
    case K.dx: return r.reg === Register.DX;
    case K.eax: return r.reg === Register.EAX;
    case K.st0: return r.reg === Register.ST0;
    case K.sti_opcode: return r.cls === "st";
  }
  return false;
}

function fitsS8(n: bigint, width: number): boolean {
  const w = BigInt(width * 8);
  const m = BigInt.asUintN(Number(w), n + 128n);
  return m <= 255n;
}

function operandMatches(kind: number, o: ROperand, form: Form, opt: OptLevel): boolean {
  if (o.kind === "reg") return regMatches(kind, o.reg!);
  if (o.kind === "mem") {
    if (!MEM_KINDS.has(kind)) return false;
    if (kind === K.mem_offs && (o.base !== Register.None || o.index !== Register.None)) return false;
    const ms = form.memSize || (SIZE_OF_KIND[kind] ?? 0);
    if (o.size && ms && kind !== K.mem_offs && o.size !== ms && !(kind === K.mem && ![1, 2, 4, 8, 10, 16, 32].includes(ms))) return false;
    if (o.size && kind === K.mem_offs && form.memSize && o.size !== form.memSize) return false;
    if ((form.name === "jmp" || form.name === "call") && form.farMem !== (o.branch === "far")) return false;
    return true;
  }
  if (o.kind === "imm") {
    const v = o.value!;
    const reloc = v.terms.length > 0;
    switch (kind) {
      case K.imm8_const_1: return !reloc && !v.unknown && v.n === 1n && !o.strict;
      case K.imm8sex16: case K.imm8sex32: {
        if (reloc || (opt < 0 && o.size !== 1)) return false;
        const w = kind === K.imm8sex16 ? 2 : 4;
        if (o.strict && o.size !== 1) return false;
        if (o.size && o.size !== 1 && o.size !== w) return false;
        // An explicit `byte` takes the sign-extended form whatever the value: NASM truncates it and warns.
        return v.unknown || fitsS8(v.n, w) || o.size === 1;
      }
      case K.imm8: case K.imm16: case K.imm32: {
        const w = IMM_SIZE[kind]!;
        if (o.size && o.size !== w && !(kind === K.imm8 && form.ops.length > 1 && o.size !== 1 && !o.strict && isImm8Only(form))) return false;
        return true;
      }
    }
    return false;
  }
  return false;
}

/** Forms like `shl r/m32, imm8`, `in al, imm8`, `enter imm16, imm8`: the imm8 is not the operand size. */
function isImm8Only(form: Form): boolean {
  return form.ops.some((k) => SIZE_OF_KIND[k] !== undefined && SIZE_OF_KIND[k] !== 1);
}

// ------------------------------------------------------------------ building instructions

/** A memory operand's fields as the encoders take them: NASM's displacement size choice made here. */
function memFields(o: ROperand, bits: number): Extract<Operand, { kind: "mem" }> {
  const base = o.base ?? Register.None, index = o.index ?? Register.None;
  const sixteen = (base !== Register.None && registerInfo(base).cls === "gpr16") || (index !== Register.None && registerInfo(index).cls === "gpr16")
    || (base === Register.None && index === Register.None && bits === 16);
  const full = sixteen ? 2 : 4;
  const v = o.value!;
  const n = sixteen ? BigInt.asUintN(16, v.n) : BigInt.asUintN(32, v.n);
  let ds: number;
  if (base === Register.None) ds = full;
  else if (o.dispSize === 1) ds = 1;
  else if (o.dispSize === 2 || o.dispSize === 4) ds = full;
  else if (v.terms.length || v.unknown) ds = full;
  else {
    const sn = sixteen ? BigInt.asIntN(16, v.n) : BigInt.asIntN(32, v.n);
    if (sn === 0n && base !== Register.EBP && base !== Register.BP) ds = 0;
    else if (sn >= -128n && sn <= 127n) ds = 1;
    else ds = full;
  }
  if (ds === 0 && n !== 0n) ds = 1;
  const displ = ds === 1 ? BigInt.asIntN(sixteen ? 16 : 32, v.n) : n;
  return { kind: "mem", base, index, scale: o.scale ?? 1, displ, displSize: ds, seg: o.seg ?? Register.None };
}

function immValue(kind: number, v: Value): number {
  switch (kind) {
    case K.imm8sex16: case K.imm8sex32: return Number(BigInt.asIntN(8, v.n));
    case K.imm8: case K.imm8_const_1: return Number(BigInt.asUintN(8, v.n));
    case K.imm16: return Number(BigInt.asUintN(16, v.n));
    default: return Number(BigInt.asUintN(32, v.n));
  }
}

/** The operands as both encoders take them. */
function operandsFor(form: Form, ops: ROperand[], bits: number): Operand[] {
  return ops.map((o, i): Operand => o.kind === "reg" ? { kind: "reg", reg: o.reg!.reg }
    : o.kind === "mem" ? memFields(o, bits) : { kind: "imm", value: immValue(form.ops[i]!, o.value!) });
}

/** iced-x86's Instruction for `form` and `ops` (through its typed constructors); throws when it cannot be built. */
function build(form: Form, ops: readonly Operand[]): Instruction {
  const args = ops.map((o) => o.kind === "reg" ? o.reg : o.kind === "imm" ? o.value
    : new MemoryOperand(o.base, o.index, o.scale, o.displ, o.displSize, false, o.seg));
  const c = form.code;
  const a = args as never[];
  switch (operandPattern(ops)) {
    case "": return Instruction.create(c);
    case "R": return Instruction.createReg(c, a[0]);
    case "M": return Instruction.createMem(c, a[0]);
    case "U": return Instruction.createU32(c, a[0]);
    case "I": return Instruction.createI32(c, a[0]);
    case "RI": return Instruction.createRegI32(c, a[0], a[1]);
    case "MI": return Instruction.createMemI32(c, a[0], a[1]);
    case "IU": case "UI": case "II": return Instruction.createI32I32(c, a[0], a[1]);
    case "RRI": return Instruction.createRegRegI32(c, a[0], a[1], a[2]);
    case "RMI": return Instruction.createRegMemI32(c, a[0], a[1], a[2]);
    case "MRI": return Instruction.createMemRegI32(c, a[0], a[1], a[2]);
    case "RRRI": return Instruction.createRegRegRegI32(c, a[0], a[1], a[2], a[3]);
    case "RRMI": return Instruction.createRegRegMemI32(c, a[0], a[1], a[2], a[3]);
    case "RR": return Instruction.createRegReg(c, a[0], a[1]);
    case "RM": return Instruction.createRegMem(c, a[0], a[1]);
    case "MR": return Instruction.createMemReg(c, a[0], a[1]);
    case "RU": return Instruction.createRegU32(c, a[0], a[1]);
    case "MU": return Instruction.createMemU32(c, a[0], a[1]);
    case "UR": return Instruction.createU32Reg(c, a[0], a[1]);
    case "UU": return Instruction.createU32U32(c, a[0], a[1]);
    case "RRR": return Instruction.createRegRegReg(c, a[0], a[1], a[2]);
    case "RRM": return Instruction.createRegRegMem(c, a[0], a[1], a[2]);
    case "RRU": return Instruction.createRegRegU32(c, a[0], a[1], a[2]);
    case "RMU": return Instruction.createRegMemU32(c, a[0], a[1], a[2]);
    case "MRU": return Instruction.createMemRegU32(c, a[0], a[1], a[2]);
    case "MRR": return Instruction.createMemRegReg(c, a[0], a[1], a[2]);
    case "RMR": return Instruction.createRegMemReg(c, a[0], a[1], a[2]);
    case "RRRR": return Instruction.createRegRegRegReg(c, a[0], a[1], a[2], a[3]);
    case "RRRM": return Instruction.createRegRegRegMem(c, a[0], a[1], a[2], a[3]);
    case "RRMR": return Instruction.createRegRegMemReg(c, a[0], a[1], a[2], a[3]);
    case "RRRU": return Instruction.createRegRegRegU32(c, a[0], a[1], a[2], a[3]);
    case "RRMU": return Instruction.createRegRegMemU32(c, a[0], a[1], a[2], a[3]);
  }
  throw new EncodeError("unsupported operand combination");
}

/**
 * `form` with `ops` encoded by iced-x86's Encoder (lock/rep from `prefixes`), or null when it refuses. The path for
 * what encode-legacy.ts does not cover, and its oracle in test/asm/encode-legacy.test.ts.
 */
export function encodeWithIced(form: Form, ops: readonly Operand[], bits: number, prefixes: readonly string[] = []): Encoding | null {
  let ins: Instruction;
  try { ins = build(form, ops); } catch { return null; }
  try {
    if (prefixes.includes("lock")) ins.hasLockPrefix = true;
    if (prefixes.some((p) => p === "rep" || p === "repe" || p === "repz")) ins.hasRepePrefix = true;
    if (prefixes.some((p) => p === "repne" || p === "repnz")) ins.hasRepnePrefix = true;
    const e = encoder(bits);
    try {
      e.encode(ins, 0n);
    } catch {
      e.takeBuffer();
      return null;
    }
    const bytes = e.takeBuffer();
    const co = e.getConstantOffsets();
    const enc: Encoding = {
      bytes, displOffset: co.hasDisplacement ? co.displacementOffset : 0, displSize: co.hasDisplacement ? co.displacementSize : 0,
      immOffset: co.hasImmediate ? co.immediateOffset : 0, immSize: co.hasImmediate ? co.immediateSize : 0,
      imm2Offset: co.hasImmediate2 ? co.immediateOffset2 : 0, imm2Size: co.hasImmediate2 ? co.immediateSize2 : 0,
    };
    co.free();
    return enc;
  } finally {
    ins.free();
  }
}

interface Attempt { form: Form; bytes: Uint8Array; fixups: Fixup[]; fields: number }

const ICED_ONLY_PREFIXES = new Set(["lock", "rep", "repe", "repz", "repne", "repnz"]);

function tryEncode(form: Form, ops: ROperand[], bits: number, prefixes: string[]): Attempt | null {
  const operands = operandsFor(form, ops, bits);
  let enc = prefixes.some((p) => ICED_ONLY_PREFIXES.has(p)) ? undefined : encodeLegacy(form, operands, bits);
  if (enc === undefined) enc = encodeWithIced(form, operands, bits, prefixes);
  if (!enc) return null;
  const { bytes } = enc;
  const fixups: Fixup[] = [];
  ops.forEach((o, i) => {
    if (o.kind === "mem" && o.value && (o.value.terms.length || o.value.unknown)) {
      if (enc.displSize) fixups.push({ offset: enc.displOffset, size: enc.displSize, value: o.value });
    } else if (o.kind === "imm" && (o.value!.terms.length || o.value!.unknown)) {
      const second = ops.slice(0, i).some((p) => p.kind === "imm");
      if (second && enc.imm2Size) fixups.push({ offset: enc.imm2Offset, size: enc.imm2Size, value: o.value! });
      else if (enc.immSize) fixups.push({ offset: enc.immOffset, size: enc.immSize, value: o.value! });
    }
  });
  // NASM writes an instruction as fields (each prefix, the opcode, ModRM+SIB, displacement, each immediate).
  let prefixCount = 0;
  while (prefixCount < bytes.length && LEGACY_PREFIXES.has(bytes[prefixCount]!)) prefixCount++;
  const opcodeLen = bytes[prefixCount] !== 0x0f ? 1 : bytes[prefixCount + 1] === 0x38 || bytes[prefixCount + 1] === 0x3a ? 3 : 2;
  const firstField = Math.min(enc.displSize ? enc.displOffset : bytes.length, enc.immSize ? enc.immOffset : bytes.length);
  const fields = prefixCount + 1 + (firstField > prefixCount + opcodeLen ? 1 : 0) + (enc.displSize ? 1 : 0) + (enc.immSize ? 1 : 0) + (enc.imm2Size ? 1 : 0);
  return { form, bytes, fixups, fields };
}

const NO_O16 = new Set(["lldt", "ltr", "verr", "verw", "lmsw", "arpl"]);
const DEFAULT_SIZE_MNEMONICS = new Set(["push", "pop", "call", "jmp"]);

/** Encodes a non-branch instruction. Throws EncodeError when no form matches. */
export function encodeInstruction(mnemonic: string, prefixes: string[], ops: ROperand[], bits: number, opt: OptLevel): Encoded {
  const str = encodeString(mnemonic, prefixes, ops, bits);
  if (str) return str;
  let list = formsFor(mnemonic);
  if (!list.length) throw new EncodeError(`unknown instruction '${mnemonic}'`, -1, "unknown-instruction");
  // NASM: `mov sreg, r16/r32` never takes an operand-size prefix (8E /r), so use the BITS-sized register.
  if (opt > 0 && mnemonic === "mov" && ops.length === 2 && ops[0]!.kind === "reg" && ops[0]!.reg!.cls === "seg" && ops[1]!.kind === "reg"
    && (ops[1]!.reg!.cls === "gpr16" || ops[1]!.reg!.cls === "gpr32")) {
    const r = ops[1]!.reg!;
    const reg = ((bits === 32 ? Register.EAX : Register.AX) + r.num) as Register;
    ops = [ops[0]!, { ...ops[1]!, reg: registerInfo(reg) }];
  }
  // Selector/MSW loads take no operand-size prefix for a 16-bit register in 32-bit code (NASM: `lldt r/m16`).
  if (opt > 0 && bits === 32 && NO_O16.has(mnemonic) && ops.every((o) => o.kind !== "reg" || o.reg!.cls === "gpr16")) {
    ops = ops.map((o) => (o.kind === "reg" ? { ...o, reg: registerInfo((Register.EAX + o.reg!.num) as Register) } : o));
  }
  if (mnemonic === "imul" && ops.length === 2 && ops[1]!.kind === "imm") ops = [ops[0]!, ops[0]!, ops[1]!];
  let variants: ROperand[][] = [ops];
  if (mnemonic === "xchg" && ops.length === 2) {
    const swapped = [ops[1]!, ops[0]!];
    // NASM encodes `xchg reg, reg` with the first register in ModRM.reg; iced's form is r/m, reg.
    variants = ops[0]!.kind === "reg" && ops[1]!.kind === "reg" && ops[0]!.reg!.reg !== Register.EAX && ops[0]!.reg!.reg !== Register.AX ? [swapped, ops] : [ops, swapped];
  }
  if (mnemonic.startsWith("f")) {
    if (ops.length === 0) variants.push([stReg(1)], [stReg(1), stReg(0)]);
    if (ops.length === 1 && ops[0]!.kind === "reg" && ops[0]!.reg!.cls === "st") variants.push(ops[0]!.to ? [ops[0]!, stReg(0)] : [stReg(0), ops[0]!]);
  }
  const modeOk = (f: Form) => (bits === 16 ? f.mode16 : f.mode32);
  list = list.filter((f) => modeOk(f) && !f.ops.some((k) => BRANCH.has(k) || IMPLICIT.has(k)));
  let lastError = "";
  let overall: Attempt | null = null;
  let overallOps: ROperand[] = ops;
  for (const vops of variants) {
    const cands = list.filter((f) => f.ops.length === vops.length && vops.every((o, i) => operandMatches(f.ops[i]!, o, f, opt)));
    if (!cands.length) continue;
    let pick = cands;
    // Operand size: o16/o32 prefix, else BITS.
    const want = prefixes.includes("o16") ? 16 : prefixes.includes("o32") ? 32 : bits;
    if (pick.some((f) => f.operandSize === want) && pick.some((f) => f.operandSize !== want && f.operandSize !== 0)) {
      pick = pick.filter((f) => f.operandSize === want || f.operandSize === 0);
    }
    // Size of an unsized memory operand must be implied.
    const memIdx = vops.findIndex((o) => o.kind === "mem" && !o.size);
    if (memIdx >= 0 && !vops.some((o) => o.kind === "reg" && o.reg!.cls.startsWith("gpr"))) {
      const sizes = new Set(pick.map((f) => f.memSize || SIZE_OF_KIND[f.ops[memIdx]!]));
      if (sizes.size > 1 && !DEFAULT_SIZE_MNEMONICS.has(mnemonic)) {
        const immSized = vops.some((o) => o.kind === "imm" && o.size);
        if (!immSized) throw new EncodeError("operation size not specified", memIdx, "size-not-specified");
      }
    }
    let best: Attempt | null = null;
    for (const f of pick) {
      const a = tryEncode(f, vops, bits, prefixes);
      if (!a) { lastError = "invalid combination of opcode and operands"; continue; }
      if (!best || a.bytes.length < best.bytes.length || (a.bytes.length === best.bytes.length && prefer(a.form, best.form))) best = a;
    }
    if (best && mnemonic !== "xchg") return withOverflow(withRawPrefixes(best, prefixes, bits), best.form, vops, list, opt, bits, prefixes);
    if (best && (!overall || best.bytes.length < overall.bytes.length)) { overall = best; overallOps = vops; }
  }
  if (overall) return withOverflow(withRawPrefixes(overall, prefixes, bits), overall.form, overallOps, list, opt, bits, prefixes);
  throw new EncodeError(lastError || "invalid combination of opcode and operands");
}

/**
 * NASM's number-overflow warnings for the chosen form's absolute immediates, in its words: a sign-extended
 * byte out of range is a "signed byte value"; a full-width immediate is "data" when written as it is, and
 * a "value" when NASM first tried a sign-extended byte form for it (optimising, not `strict`).
 */
function withOverflow(enc: Encoded, form: Form, ops: ROperand[], list: Form[], opt: OptLevel, bits: number, prefixes: string[]): Encoded {
  let out: string[] | undefined;
  // An absolute address alone ([0x100000000]) must fit the address size.
  for (const o of ops) {
    if (o.kind !== "mem" || (o.base ?? Register.None) !== Register.None || (o.index ?? Register.None) !== Register.None) continue;
    if (!o.value || o.value.terms.length || o.value.unknown) continue;
    const w = (bits === 16) !== prefixes.includes(bits === 16 ? "a32" : "a16") ? 2 : 4;
    if (overflowsGeneral(o.value.n, w)) (out ??= []).push(`${SIZE_NAME[w]} data exceeds bounds`);
  }
  ops.forEach((o, i) => {
    if (o.kind !== "imm" || o.value!.terms.length || o.value!.unknown) return;
    const kind = form.ops[i]!, n = o.value!.n;
    if (kind === K.imm8sex16 || kind === K.imm8sex32) {
      const w = kind === K.imm8sex16 ? 2 : 4;
      const um = kind === K.imm8sex16 ? 0xffffn : 0xffff_ffffn;
      const uv = BigInt.asUintN(64, n);
      // NASM tries the byte form on the value truncated to the operand size, and says so.
      if (o.size !== 1 && overflowsGeneral(n, w)) (out ??= []).push(`${SIZE_NAME[w]} value exceeds bounds`);
      else if (uv > 127n && uv < BigInt.asUintN(64, -128n) && (uv < um - 127n || uv > um)) (out ??= []).push("signed byte value exceeds bounds");
      return;
    }
    const w = kind === K.imm8 ? 1 : kind === K.imm16 ? 2 : kind === K.imm32 ? 4 : 0;
    if (!w || !overflowsGeneral(n, w)) return;
    const triedByte = w > 1 && opt >= 0 && !o.strict && list.some((f) => f.ops.length === ops.length
      && (f.ops[i] === K.imm8sex16 || f.ops[i] === K.imm8sex32) && ops.every((p, j) => j === i || operandMatches(f.ops[j]!, p, f, opt)));
    (out ??= []).push(`${SIZE_NAME[w]} ${triedByte ? "value" : "data"} exceeds bounds`);
  });
  return out ? { ...enc, overflow: out } : enc;
}

function stReg(n: number): ROperand {
  const r = registerInfo((Register.ST0 + n) as Register);
  return { kind: "reg", col: 0, len: 0, size: 0, strict: false, branch: "", reg: r };
}

const SIMD = new Set<number>([K.mm_or_mem, K.xmm_or_mem, K.ymm_or_mem, K.mm_reg, K.xmm_reg, K.ymm_reg, K.mm_rm, K.xmm_rm, K.ymm_rm]);

function prefer(a: Form, b: Form): boolean {
  // NASM's tables list SIMD loads (reg, r/m) first but integer ALU forms as (r/m, reg).
  if (SIMD.has(a.ops[0] ?? -1) || SIMD.has(b.ops[0] ?? -1)) return a.order < b.order;
  const rmA = MEM_KINDS.has(a.ops[0] ?? -1) ? 1 : 0, rmB = MEM_KINDS.has(b.ops[0] ?? -1) ? 1 : 0;
  if (rmA !== rmB) return rmA > rmB;
  return a.order < b.order;
}

function withRawPrefixes(a: Attempt, prefixes: string[], bits: number): Encoded {
  const raw: number[] = [];
  if (prefixes.includes("a16") && bits === 32) raw.push(0x67);
  if (prefixes.includes("a32") && bits === 16) raw.push(0x67);
  if (prefixes.includes("wait")) raw.unshift(0x9b);
  if (!raw.length) return { bytes: a.bytes, fixups: a.fixups, fields: a.fields };
  const bytes = new Uint8Array(raw.length + a.bytes.length);
  bytes.set(raw); bytes.set(a.bytes, raw.length);
  return { bytes, fixups: a.fixups.map((f) => ({ ...f, offset: f.offset + raw.length })), fields: a.fields + raw.length };
}

// ------------------------------------------------------------------ string instructions

const STRING_OPS: Record<string, [number, number]> = {
  movs: [0xa4, 0], cmps: [0xa6, 0], stos: [0xaa, 0], lods: [0xac, 0], scas: [0xae, 0], ins: [0x6c, 0], outs: [0x6e, 0],
};

function encodeString(mnemonic: string, prefixes: string[], ops: ROperand[], bits: number): Encoded | null {
  if (mnemonic === "xlatb" || (mnemonic === "xlat" && ops.length === 0)) return { bytes: prefixBytes(prefixes, bits, 0, [0xd7]), fixups: [] };
  if (ops.length) return null;
  const m = /^(movs|cmps|stos|lods|scas|ins|outs)([bwd])$/.exec(mnemonic);
  if (!m) return null;
  const [op] = STRING_OPS[m[1]!]!;
  const size = { b: 1, w: 2, d: 4 }[m[2] as "b"];
  const opcode = size === 1 ? op : op + 1;
  return { bytes: prefixBytes(prefixes, bits, size, [opcode]), fixups: [] };
}

function prefixBytes(prefixes: string[], bits: number, size: number, body: number[]): Uint8Array {
  // NASM's prefix slots, in the order it writes them: rep/repne, lock, operand size, address size.
  const out: number[] = [];
  if (prefixes.some((p) => p === "repne" || p === "repnz")) out.push(0xf2);
  if (prefixes.some((p) => p === "rep" || p === "repe" || p === "repz")) out.push(0xf3);
  if (prefixes.includes("lock")) out.push(0xf0);
  if ((size === 2 && bits === 32) || (size === 4 && bits === 16)) out.push(0x66);
  if ((prefixes.includes("a16") && bits === 32) || (prefixes.includes("a32") && bits === 16)) out.push(0x67);
  return new Uint8Array([...out, ...body]);
}

// ------------------------------------------------------------------ relative branches

const CC: Record<string, number> = {
  o: 0, no: 1, b: 2, c: 2, nae: 2, ae: 3, nb: 3, nc: 3, e: 4, z: 4, ne: 5, nz: 5, be: 6, na: 6, a: 7, nbe: 7,
  s: 8, ns: 9, p: 10, pe: 10, np: 11, po: 11, l: 12, nge: 12, ge: 13, nl: 13, le: 14, ng: 14, g: 15, nle: 15,
};

export interface BranchShape {
  /** Short form bytes before the rel8 (e.g. [0xEB]); null when there is no short form. */
  short: number[] | null;
  /** Near form bytes before the rel16/32; null when there is none (loop, jcxz). */
  near: number[] | null;
  /** Size of the near displacement (2 or 4). */
  nearSize: number;
  isCall: boolean;
}

/** Relative-branch shape for a mnemonic, or null when it is not one. */
export function branchShape(mnemonic: string, bits: number, size: number, prefixes: string[]): BranchShape | null {
  const osz = size === 2 || size === 4 ? size * 8 : prefixes.includes("o16") ? 16 : prefixes.includes("o32") ? 32 : bits;
  const o66 = osz !== bits ? [0x66] : [];
  const nearSize = osz === 16 ? 2 : 4;
  if (mnemonic === "jmp") return { short: [0xeb], near: [...o66, 0xe9], nearSize, isCall: false };
  if (mnemonic === "call") return { short: null, near: [...o66, 0xe8], nearSize, isCall: true };
  const loops: Record<string, number> = { loop: 0xe2, loope: 0xe1, loopz: 0xe1, loopne: 0xe0, loopnz: 0xe0, jcxz: 0xe3, jecxz: 0xe3 };
  if (mnemonic in loops) {
    const asz = mnemonic === "jcxz" ? 16 : mnemonic === "jecxz" ? 32 : prefixes.includes("a16") ? 16 : prefixes.includes("a32") ? 32 : bits;
    return { short: [...(asz !== bits ? [0x67] : []), loops[mnemonic]!], near: null, nearSize, isCall: false };
  }
  if (mnemonic.startsWith("j")) {
    const cc = CC[mnemonic.slice(1)];
    if (cc === undefined) return null;
    return { short: [0x70 + cc], near: [...o66, 0x0f, 0x80 + cc], nearSize, isCall: false };
  }
  return null;
}
