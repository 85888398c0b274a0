/**
 * Which memory an instruction is about to read and write: its bytes decoded with iced-x86's instruction
 * info (explicit operands and the implicit ones: push/pop, call/ret, string instructions' first element),
 * addresses computed from the registers as they are now. Used by read and access watchpoints (exec-control),
 * which v86 gives no hook for. Flat segments are assumed unless a segment base is given.
 */
import { Decoder, InstructionInfoFactory, MemorySizeExt, OpAccess, Register } from "../toolchain/asm/iced";

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

/** The accesses of the instruction in `bytes` (at linear `eip`); `reg(i)` reads general register i (EAX=0..EDI=7), `segmentBase(i)` a segment's base. */
export function memoryAccesses(bytes: Uint8Array, eip: number, bitness: 16 | 32, reg: (i: number) => number, segmentBase: (i: number) => number): MemoryAccess[] {
  if (bytes.length === 0) return [];
  const decoder = new Decoder(bitness, bytes, 0);
  decoder.ip = BigInt(eip >>> 0);
  const instr = decoder.decode();
  const out: MemoryAccess[] = [];
  try {
    if (instr.isInvalid) return out;
    factory ??= new InstructionInfoFactory();
    const info = factory.info(instr);
    try {
      for (const m of info.usedMemory() as { access: OpAccess; base: Register; index: Register; scale: number; displacement: bigint; memorySize: number; segment: Register; free(): void }[]) {
        try {
          const base = m.base === Register.None ? 0 : GPR[m.base] === undefined ? null : reg(GPR[m.base]!);
          const index = m.index === Register.None ? 0 : GPR[m.index] === undefined ? null : reg(GPR[m.index]!);
          if (base === null || index === null) continue;
          let offset = (base + index * m.scale + Number(BigInt.asIntN(32, m.displacement))) >>> 0;
          if (bitness === 16) offset &= 0xffff;
          const seg = SEGMENT[m.segment];
          const address = (offset + (seg === undefined ? 0 : segmentBase(seg))) >>> 0;
          const a = m.access;
          const read = a === OpAccess.Read || a === OpAccess.CondRead || a === OpAccess.ReadWrite || a === OpAccess.ReadCondWrite;
          const write = a === OpAccess.Write || a === OpAccess.CondWrite || a === OpAccess.ReadWrite || a === OpAccess.ReadCondWrite;
          if (read || write) out.push({ address, size: Math.max(1, MemorySizeExt.size(m.memorySize)), read, write });
        } finally {
          m.free();
        }
      }
    } finally {
      info.free();
    }
  } finally {
    instr.free();
    decoder.free();
  }
  return out;
}
