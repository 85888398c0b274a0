/**
 * Generates the differential form corpus from iced-x86's opcode tables: for every legacy/VEX form usable
 * in the given mode, one NASM source line per operand variant (register, memory with every addressing
 * shape, small and large immediates). Lines NASM itself rejects are dropped by the test (one nasm run
 * reports them all). Not the comparison (forms.test.ts).
 */
import { Code, CodeExt, MemorySizeExt, Mnemonic, OpCodeOperandKind as K } from "../../../toolchain/asm/iced";

const SIZE_WORD: Record<number, string> = { 1: "byte", 2: "word", 4: "dword", 8: "qword", 10: "tword", 16: "oword", 32: "yword" };

function memVariants(bits: number, size: number, kind: number): string[] {
  const kw = SIZE_WORD[size] ? SIZE_WORD[size] + " " : "";
  if (kind === K.mem_offs) return [`${kw}[0x1234]`];
  const addrs = bits === 32
    ? ["[ebx]", "[esp+8]", "[ebp-8]", "[eax+ecx*4+0x100]", "[0x12345]", "[edi+esi]", "[ebx*2]", "[es:esi+0x7f]"]
    : ["[bx]", "[bp+4]", "[bx+si+0x200]", "[di-2]", "[0x1234]", "[eax+4]", "[ss:bp+di]"];
  return addrs.map((a) => kw + a);
}

function regFor(kind: number, bits: number): string[] | null {
  void bits;
  switch (kind) {
    case K.r8_reg: case K.r8_opcode: return ["cl", "bh"];
    case K.r16_reg: case K.r16_reg_mem: case K.r16_rm: case K.r16_opcode: return ["dx", "si"];
    case K.r32_reg: case K.r32_reg_mem: case K.r32_rm: case K.r32_opcode: case K.r32_vvvv: return ["edx", "edi"];
    case K.seg_reg: return ["ds", "es"];
    case K.cr_reg: return ["cr0", "cr3"];
    case K.dr_reg: return ["dr1", "dr7"];
    case K.tr_reg: return null;
    case K.es: return ["es"]; case K.cs: return ["cs"]; case K.ss: return ["ss"]; case K.ds: return ["ds"]; case K.fs: return ["fs"]; case K.gs: return ["gs"];
    case K.al: return ["al"]; case K.cl: return ["cl"]; case K.ax: return ["ax"]; case K.dx: return ["dx"]; case K.eax: return ["eax"];
    case K.st0: return ["st0"]; case K.sti_opcode: return ["st3"];
    case K.mm_reg: case K.mm_rm: return ["mm2"];
    case K.xmm_reg: case K.xmm_rm: case K.xmm_vvvv: case K.xmm_is4: return ["xmm1", "xmm6"];
    case K.ymm_reg: case K.ymm_rm: case K.ymm_vvvv: case K.ymm_is4: return ["ymm2"];
  }
  return null;
}

function variantsFor(kind: number, bits: number, memSize: number): string[] | null {
  const r = regFor(kind, bits);
  if (r) return r;
  switch (kind) {
    case K.r8_or_mem: return ["ah", ...memVariants(bits, 1, kind)];
    case K.r16_or_mem: return ["bp", ...memVariants(bits, 2, kind)];
    case K.r32_or_mem: return ["esi", ...memVariants(bits, 4, kind)];
    case K.mm_or_mem: return ["mm3", ...memVariants(bits, memSize, kind).slice(0, 3)];
    case K.xmm_or_mem: return ["xmm5", ...memVariants(bits, memSize, kind).slice(0, 3)];
    case K.ymm_or_mem: return ["ymm5", ...memVariants(bits, memSize, kind).slice(0, 2)];
    case K.mem: return memVariants(bits, memSize, kind).slice(0, 4);
    case K.mem_offs: return memVariants(bits, memSize, kind);
    case K.imm8: return ["0x12", "0xfe"];
    case K.imm8_const_1: return ["1"];
    case K.imm8sex16: case K.imm8sex32: return ["-3", "0x7f"];
    case K.imm16: return ["0x1234", "5"];
    case K.imm32: return ["0x12345678", "-200", "7"];
  }
  return null;
}

/** One NASM line per form variant for `bits`, deduplicated; also the form count covered. */
export function generateFormCorpus(bits: 16 | 32, limitPerForm = 6): { lines: string[]; forms: number } {
  const seen = new Set<string>();
  const lines: string[] = [];
  let forms = 0;
  const count = Object.keys(Code).filter((k) => !/^\d+$/.test(k)).length;
  for (let c = 1; c < count; c++) {
    const oc = CodeExt.opCode(c as Code);
    try {
      if (!oc.isInstruction || !(bits === 16 ? oc.mode16 : oc.mode32) || (oc.encoding !== 0 && oc.encoding !== 1)) continue;
      const mn = (Mnemonic[oc.mnemonic] ?? "").toLowerCase();
      if (!mn) continue;
      const memSize = MemorySizeExt.size(oc.memorySize);
      const per: string[][] = [];
      let ok = true;
      for (let i = 0; i < oc.opCount; i++) {
        const v = variantsFor(oc.opKind(i), bits, memSize);
        if (!v) { ok = false; break; }
        per.push(v);
      }
      if (!ok) continue;
      forms++;
      // Cartesian product, capped: vary one operand at a time around the first choice.
      const combos: string[][] = [per.map((v) => v[0]!)];
      per.forEach((v, i) => v.slice(1).forEach((alt) => { const c2 = combos[0]!.slice(); c2[i] = alt; combos.push(c2); }));
      for (const combo of combos.slice(0, limitPerForm)) {
        const line = `    ${mn} ${combo.join(", ")}`.trimEnd();
        if (seen.has(line)) continue;
        seen.add(line);
        lines.push(line);
      }
    } finally {
      oc.free();
    }
  }
  return { lines, forms };
}

/**
 * Mnemonics left out, with the reason: NASM does not know them (it takes the word as a label), or NASM
 * 2.16 picks an encoding kernel code never relies on (EVEX for AVX-VNNI/IFMA, 67h on ENQCMD,
 * odd prefixes on CET 16-bit forms, PTWRITE without F3).
 */
export const EXOTIC = new Set([
  "fnsetpm", "fsetpm", "frstpm", "mcommit", "rdpru", "storeall", "loadall", "cl1invmb", "invlpgb", "tlbsync", "vmgexit",
  "altinst", "undoc", "ftstp", "frint2", "frichop", "frinear", "tdcall", "ccs_hash", "ccs_encrypt", "rdudbg", "wrudbg",
  "xsha512", "xstore_alt", "xsha512_alt", "vpdpbusd", "vpdpbusds", "vpdpwssd", "vpdpwssds", "vpmadd52luq", "vpmadd52huq",
  "vcvtneps2bf16", "ptwrite", "enqcmd", "enqcmds", "movdir64b", "insertq", "extrq", "rdshr", "wrshr", "wrussd", "wrssd",
  "rdsspd", "incsspd",
]);

/** Single lines left out: `pop cs` (8086-only 0F, which nasm emits without the o16 iced adds). */
export const EXOTIC_LINES = new Set(["pop cs"]);

/** True when a generated line takes part in the differential and round-trip tests. */
export function compared(line: string): boolean {
  const t = line.trim();
  return !EXOTIC.has(t.split(/\s+/)[0]!) && !EXOTIC_LINES.has(t);
}
