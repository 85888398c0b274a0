/**
 * Which memory an instruction is about to read and write: its bytes decoded with iced-x86's instruction
 * info (explicit operands and the implicit ones: push/pop, call/ret, string instructions' first element),
 * addresses computed from the registers as they are now. Used by watchpoints (exec-control),
 * which v86 gives no hook for (v86 has no hook on its memory writes either). Flat segments are assumed unless a
 * segment base is given.
 */
import { Decoder, InstructionInfoFactory, MemorySizeExt, Mnemonic, OpAccess, OpKind, Register } from "../toolchain/asm/iced";

export interface MemoryAccess { address: number; size: number; read: boolean; write: boolean }

const GPR: Partial<Record<number, number>> = {
  [Register.EAX]: 0, [Register.ECX]: 1, [Register.EDX]: 2, [Register.EBX]: 3,
  [Register.ESP]: 4, [Register.EBP]: 5, [Register.ESI]: 6, [Register.EDI]: 7,
  [Register.AX]: 0, [Register.CX]: 1, [Register.DX]: 2, [Register.BX]: 3,
  [Register.SP]: 4, [Register.BP]: 5, [Register.SI]: 6, [Register.DI]: 7,
};
/** iced segment register → v86's segment index (ES CS SS DS FS GS). */
const SEGMENT: Partial<Record<number, number>> = { [Register.ES]: 0, [Register.CS]: 1, [Register.SS]: 2, [Register.DS]: 3, [Register.FS]: 4, [Register.GS]: 5 };

let factory: InstructionInfoFactory | null = null;

/** One memory operand of a decoded instruction, its address still to compute from the registers. */
export interface AccessTemplate {
  /** General register index (EAX=0..EDI=7) of the base and index, -1 for none. */
  base: number;
  index: number;
  scale: number;
  displacement: number;
  size: number;
  /** v86's segment index (ES CS SS DS FS GS), -1 for none. */
  segment: number;
  read: boolean;
  write: boolean;
  /**
   * bt/bts/btr/btc with a register bit offset: that register (EAX=0..EDI=7) and the operand size in bits. The
   * operand it reaches is the word or dword at the address plus (offset ÷ size, rounded down) × its size, the
   * offset signed, as a CPU (and QEMU) accesses it; an immediate offset stays within the operand.
   */
  bitOffset?: { reg: number; bits: 16 | 32 };
}

/** An instruction's bytes and memory operands, decoded once (exec-control caches these per address). */
export interface DecodedAccesses {
  /** The instruction's bytes (its length). */
  bytes: Uint8Array;
  bitness: 16 | 32;
  templates: AccessTemplate[];
  /** A string instruction (movs, stos, lods, cmps, scas, ins, outs): its operands are one element at ESI/EDI;
   *  the span it really touched is known from ESI/EDI after it ran (rep prefixes, direction flag). */
  string: boolean;
  rep: boolean;
}

/** Decode the instruction at the start of `bytes` (at linear `eip`); null when the bytes are not an instruction. */
export function decodeAccesses(bytes: Uint8Array, eip: number, bitness: 16 | 32): DecodedAccesses | null {
  if (bytes.length === 0) return null;
  const decoder = new Decoder(bitness, bytes, 0);
  decoder.ip = BigInt(eip >>> 0);
  const instr = decoder.decode();
  try {
    if (instr.isInvalid) return null;
    factory ??= new InstructionInfoFactory();
    const info = factory.info(instr);
    const templates: AccessTemplate[] = [];
    try {
      for (const m of info.usedMemory() as { access: OpAccess; base: Register; index: Register; scale: number; displacement: bigint; memorySize: number; segment: Register; free(): void }[]) {
        try {
          const base = m.base === Register.None ? -1 : GPR[m.base] ?? null;
          const index = m.index === Register.None ? -1 : GPR[m.index] ?? null;
          if (base === null || index === null) continue;
          const a = m.access;
          const read = a === OpAccess.Read || a === OpAccess.CondRead || a === OpAccess.ReadWrite || a === OpAccess.ReadCondWrite;
          const write = a === OpAccess.Write || a === OpAccess.CondWrite || a === OpAccess.ReadWrite || a === OpAccess.ReadCondWrite;
          if (!read && !write) continue;
          templates.push({
            base, index, scale: m.scale, displacement: Number(BigInt.asIntN(32, m.displacement)), size: Math.max(1, MemorySizeExt.size(m.memorySize)),
            segment: SEGMENT[m.segment] ?? -1, read, write,
          });
        } finally {
          m.free();
        }
      }
    } finally {
      info.free();
    }
    const bitTest = instr.mnemonic === Mnemonic.Bt || instr.mnemonic === Mnemonic.Bts || instr.mnemonic === Mnemonic.Btr || instr.mnemonic === Mnemonic.Btc;
    if (bitTest && instr.op0Kind === OpKind.Memory && instr.op1Kind === OpKind.Register && templates.length === 1) {
      const r = instr.op1Register, reg = GPR[r];
      if (reg !== undefined) templates[0]!.bitOffset = { reg, bits: r >= Register.EAX && r <= Register.EDI ? 32 : 16 };
    }
    return { bytes: bytes.slice(0, instr.length), bitness, templates, string: instr.isStringInstruction, rep: instr.hasRepPrefix || instr.hasRepePrefix || instr.hasRepnePrefix };
  } finally {
    instr.free();
    decoder.free();
  }
}

/** The linear address of a template with the registers as they are now. */
export function accessAddress(t: AccessTemplate, bitness: 16 | 32, reg: (i: number) => number, segmentBase: (i: number) => number): number {
  let offset = ((t.base < 0 ? 0 : reg(t.base)) + (t.index < 0 ? 0 : reg(t.index) * t.scale) + t.displacement) >>> 0;
  if (t.bitOffset) {
    const v = reg(t.bitOffset.reg);
    offset = (offset + (t.bitOffset.bits === 32 ? ((v | 0) >> 5) * 4 : (((v << 16) >> 16) >> 4) * 2)) >>> 0;
  }
  if (bitness === 16) offset &= 0xffff;
  return (offset + (t.segment < 0 ? 0 : segmentBase(t.segment))) >>> 0;
}

/** The accesses of the instruction in `bytes` (at linear `eip`); `reg(i)` reads general register i (EAX=0..EDI=7), `segmentBase(i)` a segment's base. */
export function memoryAccesses(bytes: Uint8Array, eip: number, bitness: 16 | 32, reg: (i: number) => number, segmentBase: (i: number) => number): MemoryAccess[] {
  const d = decodeAccesses(bytes, eip, bitness);
  if (!d) return [];
  return d.templates.map((t) => ({ address: accessAddress(t, bitness, reg, segmentBase), size: t.size, read: t.read, write: t.write }));
}
