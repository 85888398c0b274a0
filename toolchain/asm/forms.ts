/**
 * The instruction-form index: mnemonic → every legacy/VEX form usable in 16- or 32-bit code, with operand kinds,
 * operand size and memory size, as iced-x86's opcode tables (Code → OpCodeInfo) describe them. Plus NASM's
 * spellings that iced names differently (pusha, jz, sal…). The index ships as data (forms-data.ts, written by
 * scripts/gen-forms.ts from buildFormsFromIced and checked against it by a test), so a cold assembler does not
 * rebuild it from ~5,000 OpCodeInfo objects. Not matching or encoding (encode.ts).
 */
import { Code, CodeExt, MemorySize, MemorySizeExt, Mnemonic } from "./iced";
import { FORMS_DATA } from "./forms-data";

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
  /** How a legacy (non-VEX) form is laid out, for encode-legacy.ts; null for a VEX form (iced-x86 encodes those). */
  legacy: LegacyOpcode | null;
}

/** A legacy form's opcode as iced-x86's OpCodeInfo describes it. */
export interface LegacyOpcode {
  /** Opcode map: 0 one-byte, 1 0F, 2 0F 38, 3 0F 3A. */
  table: number;
  /** iced's MandatoryPrefix: 0 none, 1 NP (none, and no other allowed), 2 66, 3 F3, 4 F2. */
  mandatoryPrefix: number;
  /** The opcode, one byte or (opCodeLength 2) two, e.g. D9 E8 for fld1. */
  opCode: number;
  opCodeLength: number;
  /** ModRM.reg fixed by the opcode (/digit), else -1. */
  groupIndex: number;
  /** ModRM.rm fixed by the opcode (with mod 11), else -1. */
  rmGroupIndex: number;
  /** A 9B (fwait) byte comes first. */
  fwait: boolean;
  /** Address size the form implies (16 or 32), else 0. */
  addressSize: number;
}

/** Forms parsed so far, by iced mnemonic name (formsNamed). */
const index = new Map<string, Form[]>();

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

/** The index from iced-x86's tables (what forms-data.ts holds; scripts/gen-forms.ts and its test use this). */
export function buildFormsFromIced(): Map<string, Form[]> {
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
      const legacy: LegacyOpcode | null = enc !== 0 ? null : {
        table: oc.table, mandatoryPrefix: oc.mandatoryPrefix, opCode: oc.opCode, opCodeLength: oc.opCodeLength,
        groupIndex: oc.isGroup ? oc.groupIndex : -1, rmGroupIndex: oc.isRmGroup ? oc.rmGroupIndex : -1, fwait: oc.fwait,
        addressSize: oc.addressSize,
      };
      const form: Form = {
        code: c as Code, name, ops, operandSize: oc.operandSize, memSize: MemorySizeExt.size(ms),
        farMem: memorySizeName(ms).startsWith("SegPtr"), mode16: oc.mode16, mode32: oc.mode32, order: c, legacy,
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

const FLAG_FAR = 1, FLAG_16 = 2, FLAG_32 = 4;

/**
 * A legacy opcode as one word: map digit, mandatory-prefix digit, the opcode in hex (2 digits, or 4 for a
 * two-byte one), then `/g` (group), `rN` (rm group), `aN` (address size), `w` (fwait) when present. "-" for VEX.
 */
function legacyWord(l: LegacyOpcode | null): string {
  if (!l) return "-";
  return `${l.table}${l.mandatoryPrefix}${l.opCode.toString(16).padStart(l.opCodeLength * 2, "0")}` +
    (l.groupIndex >= 0 ? `/${l.groupIndex}` : "") + (l.rmGroupIndex >= 0 ? `r${l.rmGroupIndex}` : "") +
    (l.addressSize ? `a${l.addressSize}` : "") + (l.fwait ? "w" : "");
}

function parseLegacyWord(w: string): LegacyOpcode | null {
  if (w === "-") return null;
  const m = /^(\d)(\d)([0-9a-f]{2}|[0-9a-f]{4})(?:\/(\d))?(?:r(\d))?(?:a(\d+))?(w)?$/.exec(w);
  if (!m) throw new Error(`forms-data: bad opcode word '${w}'`);
  return {
    table: Number(m[1]), mandatoryPrefix: Number(m[2]), opCode: parseInt(m[3]!, 16), opCodeLength: m[3]!.length / 2,
    groupIndex: m[4] === undefined ? -1 : Number(m[4]), rmGroupIndex: m[5] === undefined ? -1 : Number(m[5]),
    addressSize: m[6] === undefined ? 0 : Number(m[6]), fwait: m[7] !== undefined,
  };
}

/** forms-data.ts's text: one line per form, `name code operandSize memSize flags opcode op.op.op`, in index order. */
export function formsDataText(map: Map<string, Form[]>, icedVersion: string): string {
  const lines: string[] = [];
  for (const list of map.values()) {
    for (const f of list) {
      const flags = (f.farMem ? FLAG_FAR : 0) | (f.mode16 ? FLAG_16 : 0) | (f.mode32 ? FLAG_32 : 0);
      lines.push(`${f.name} ${f.code} ${f.operandSize} ${f.memSize} ${flags} ${legacyWord(f.legacy)} ${f.ops.join(".")}`);
    }
  }
  return `// GENERATED by scripts/gen-forms.ts from iced-x86 ${icedVersion}: the assembler's form index (toolchain/asm/forms.ts).\n` +
    "// Do not edit; test/asm/forms-data.test.ts checks it against iced-x86.\n" +
    `export const FORMS_ICED_VERSION = ${JSON.stringify(icedVersion)};\n` +
    `export const FORMS_DATA = ${JSON.stringify(lines.join("\n"))};\n`;
}

/** Parse forms-data.ts's lines back into the index (the order of codes is iced's, so `order` is the code). */
export function parseFormsData(text: string): Map<string, Form[]> {
  const map = new Map<string, Form[]>();
  for (const line of text.split("\n")) {
    const form = parseFormLine(line);
    let list = map.get(form.name);
    if (!list) map.set(form.name, (list = []));
    list.push(form);
  }
  return map;
}

function parseFormLine(line: string): Form {
  const [name, code, operandSize, memSize, flags, opcode, ops] = line.split(" ") as [string, string, string, string, string, string, string | undefined];
  const c = Number(code), fl = Number(flags);
  return {
    code: c as Code, name, ops: ops ? ops.split(".").map(Number) : [], operandSize: Number(operandSize), memSize: Number(memSize),
    farMem: (fl & FLAG_FAR) !== 0, mode16: (fl & FLAG_16) !== 0, mode32: (fl & FLAG_32) !== 0, order: c,
    legacy: parseLegacyWord(opcode),
  };
}

/**
 * Where each name's lines start in FORMS_DATA (one pass over the text, no Form objects), made once a source
 * has asked for enough names: a one-shot `kernlab nasm` of a small file finds its few mnemonics by searching
 * the text (FORMS_DATA holds each name's lines together) and parses only their forms (all ~4,000 cost ~2.5 ms
 * cold, the index of names ~1 ms).
 */
let lineStarts: Map<string, number[]> | null = null;
/** Names looked up by searching the text so far; past SEARCHES_BEFORE_INDEX, lineStarts is made. */
let searches = 0;
const SEARCHES_BEFORE_INDEX = 64;

export function indexLineStarts(): Map<string, number[]> {
  const starts = new Map<string, number[]>();
  for (let pos = 0; pos < FORMS_DATA.length;) {
    const space = FORMS_DATA.indexOf(" ", pos);
    const n = FORMS_DATA.slice(pos, space);
    const list = starts.get(n);
    if (list) list.push(pos); else starts.set(n, [pos]);
    const nl = FORMS_DATA.indexOf("\n", space);
    pos = nl < 0 ? FORMS_DATA.length : nl + 1;
  }
  return starts;
}

/** The starts of `name`'s lines, found by searching the text (they are consecutive). */
export function searchLineStarts(name: string): number[] | undefined {
  const head = `${name} `;
  let at = FORMS_DATA.startsWith(head) ? 0 : FORMS_DATA.indexOf(`\n${head}`);
  if (at < 0) return undefined;
  if (at > 0) at += 1;
  const starts: number[] = [];
  while (at >= 0 && at < FORMS_DATA.length && FORMS_DATA.startsWith(head, at)) {
    starts.push(at);
    const nl = FORMS_DATA.indexOf("\n", at);
    at = nl < 0 ? -1 : nl + 1;
  }
  return starts;
}

function formsNamed(name: string): Form[] | undefined {
  const done = index.get(name);
  if (done) return done;
  if (!lineStarts && ++searches > SEARCHES_BEFORE_INDEX) lineStarts = indexLineStarts();
  const starts = lineStarts ? lineStarts.get(name) : searchLineStarts(name);
  if (!starts) return undefined;
  const list = starts.map((s) => { const nl = FORMS_DATA.indexOf("\n", s); return parseFormLine(FORMS_DATA.slice(s, nl < 0 ? undefined : nl)); });
  index.set(name, list);
  return list;
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
  for (const n of icedNames(nasm)) { const f = formsNamed(n); if (f) out.push(...f); }
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
