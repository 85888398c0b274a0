/**
 * The instruction-form index, built lazily once from iced-x86's opcode tables (Code → OpCodeInfo):
 * mnemonic → every legacy/VEX form usable in 16- or 32-bit code, with operand kinds, operand size and
 * memory size. Plus NASM's spellings that iced names differently (pusha, jz, sal…). Not matching or
 * encoding (encode.ts).
 */
import { Code, CodeExt, MemorySize, MemorySizeExt, Mnemonic } from "./iced";

export interface Form {
  code: Code;
  name: string;
  ops: number[];
  operandSize: number;
  /** Memory operand size in bytes (0 when none or unsized). */
  memSize: number;
  /** m16:16 / m16:32 far pointer in memory. */
  farMem: boolean;
  mode16: boolean;
  mode32: boolean;
  /** Position in iced's table (lower first on ties). */
  order: number;
}

let index: Map<string, Form[]> | null = null;

const CC_ALIASES: Record<string, string[]> = {
  e: ["z"], ne: ["nz"], b: ["c", "nae"], ae: ["nb", "nc"], be: ["na"], a: ["nbe"], l: ["nge"], ge: ["nl"],
  le: ["ng"], g: ["nle"], p: ["pe"], np: ["po"], s: [], ns: [], o: [], no: [],
};

/** NASM mnemonic → iced mnemonic names whose forms it may use. */
const NAME_ALIASES: Record<string, string[]> = {
  pusha: ["pusha", "pushad"], popa: ["popa", "popad"], pushaw: ["pusha"], popaw: ["popa"],
  pushf: ["pushf", "pushfd"], popf: ["popf", "popfd"], pushfw: ["pushf"], popfw: ["popf"],
  iret: ["iret", "iretd"], iretw: ["iret"], retn: ["ret"], sal: ["shl"], xlat: ["xlatb"], icebp: ["int1"],
  fwait: ["wait"], retfw: ["retf"], retfd: ["retf"], movsx: ["movsx"], movzx: ["movzx"],
};

function memorySizeName(m: MemorySize): string { return MemorySize[m] ?? ""; }

function build(): Map<string, Form[]> {
  const map = new Map<string, Form[]>();
  const count = Object.keys(Code).filter((k) => !/^\d+$/.test(k)).length;
  for (let c = 1; c < count; c++) {
    const oc = CodeExt.opCode(c as Code);
    try {
      if (!oc.isInstruction || (!oc.mode16 && !oc.mode32)) continue;
      const enc = oc.encoding; // 0 legacy, 1 VEX
      if (enc !== 0 && enc !== 1) continue;
      const name = (Mnemonic[oc.mnemonic] ?? "").toLowerCase();
      if (!name) continue;
      // 486 A-step CMPXCHG (0F A6/A7) and similar relics NASM never emits.
      if (/486/.test(Code[c as Code] ?? "")) continue;
      const ops: number[] = [];
      for (let i = 0; i < oc.opCount; i++) ops.push(oc.opKind(i));
      const ms = oc.memorySize;
      const form: Form = {
        code: c as Code, name, ops, operandSize: oc.operandSize, memSize: MemorySizeExt.size(ms),
        farMem: memorySizeName(ms).startsWith("SegPtr"), mode16: oc.mode16, mode32: oc.mode32, order: c,
      };
      let list = map.get(name);
      if (!list) map.set(name, (list = []));
      list.push(form);
    } finally {
      oc.free();
    }
  }
  return map;
}

function forms(): Map<string, Form[]> {
  return (index ??= build());
}

/** Every iced mnemonic name that the NASM mnemonic may use. */
export function icedNames(nasm: string): string[] {
  const a = NAME_ALIASES[nasm];
  if (a) return a;
  for (const p of ["j", "set", "cmov"]) {
    if (!nasm.startsWith(p)) continue;
    const cc = nasm.slice(p.length);
    for (const [canon, al] of Object.entries(CC_ALIASES)) if (al.includes(cc)) return [p + canon];
  }
  return [nasm];
}

/** Forms for a NASM mnemonic (after alias mapping); empty when unknown. */
export function formsFor(nasm: string): Form[] {
  const out: Form[] = [];
  for (const n of icedNames(nasm)) { const f = forms().get(n); if (f) out.push(...f); }
  return out;
}

const EXTRA = new Set(["jmp", "call", "loop", "loope", "loopz", "loopne", "loopnz", "jcxz", "jecxz", "xlatb", "xlat",
  "movsb", "movsw", "movsd", "cmpsb", "cmpsw", "cmpsd", "scasb", "scasw", "scasd", "lodsb", "lodsw", "lodsd",
  "stosb", "stosw", "stosd", "insb", "insw", "insd", "outsb", "outsw", "outsd"]);

/** True when the parser should treat the word as an instruction mnemonic. */
export function isMnemonic(word: string): boolean {
  if (EXTRA.has(word)) return true;
  return formsFor(word).length > 0;
}
