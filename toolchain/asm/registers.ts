/**
 * x86 register names as NASM spells them, mapped to iced-x86 Register values with their class and
 * size. Only registers usable in 16/32-bit code. Not operand parsing (operands.ts).
 */
import { Register } from "./iced";

export type RegClass = "gpr8" | "gpr16" | "gpr32" | "seg" | "cr" | "dr" | "tr" | "st" | "mm" | "xmm" | "ymm";

export interface RegInfo { name: string; reg: Register; cls: RegClass; size: number; num: number }

const table = new Map<string, RegInfo>();
function add(names: string[], cls: RegClass, size: number, first: Register): void {
  names.forEach((name, num) => table.set(name, { name, reg: (first + num) as Register, cls, size, num }));
}
add(["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"], "gpr8", 1, Register.AL);
add(["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"], "gpr16", 2, Register.AX);
add(["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"], "gpr32", 4, Register.EAX);
add(["es", "cs", "ss", "ds", "fs", "gs"], "seg", 2, Register.ES);
add(["cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"], "cr", 4, Register.CR0);
add(["dr0", "dr1", "dr2", "dr3", "dr4", "dr5", "dr6", "dr7"], "dr", 4, Register.DR0);
add(["tr0", "tr1", "tr2", "tr3", "tr4", "tr5", "tr6", "tr7"], "tr", 4, Register.TR0);
add(["st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7"], "st", 10, Register.ST0);
add(["mm0", "mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "mm7"], "mm", 8, Register.MM0);
add(["xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"], "xmm", 16, Register.XMM0);
add(["ymm0", "ymm1", "ymm2", "ymm3", "ymm4", "ymm5", "ymm6", "ymm7"], "ymm", 32, Register.YMM0);
table.set("st", table.get("st0")!);

/** Register by name (any case), or undefined. */
export function lookupRegister(name: string): RegInfo | undefined {
  return table.get(name.toLowerCase());
}

const byReg = new Map<Register, RegInfo>();
for (const r of table.values()) if (!byReg.has(r.reg)) byReg.set(r.reg, r);
export function registerInfo(reg: Register): RegInfo {
  return byReg.get(reg)!;
}
