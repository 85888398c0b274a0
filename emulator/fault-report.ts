/**
 * Crash reports a kernel developer can act on, the way `qemu -d int,cpu_reset` tells them: each exception
 * with its vector name, error code, faulting EIP and CR2 for page faults, then the double fault and the
 * triple fault; the registers; the last instructions executed, disassembled and symbolized.
 *
 * v86 raises the first exception of a chain like a CPU (exec-control records it as it enters
 * call_interrupt_vector), but when delivering it fails on the IDT (limit, gate type, selector) v86 stops
 * with a Rust panic ("Unimplemented: #GP handler") instead of raising #GP, #DF and resetting. The rest of the
 * chain is read here from the guest's IDT with the rules of Intel SDM vol. 3A 6.15 table 6-5 (the ones QEMU's
 * check_exception applies), and marked `inferred`.
 */
import { hex } from "../core/hex";
import { disassemble } from "../toolchain/disasm";
import { readLinear, readLinearPrefix } from "./debug";
import type { ExecControl, RaisedVector } from "./exec-control";
import type { CrashReport, ExceptionRecord, FullRegisters, GuestMemory, SymbolTable, Verdict } from "./index";

const NAMES: Record<number, string> = {
  0: "#DE", 1: "#DB", 2: "NMI", 3: "#BP", 4: "#OF", 5: "#BR", 6: "#UD", 7: "#NM", 8: "#DF", 9: "coprocessor segment overrun",
  10: "#TS", 11: "#NP", 12: "#SS", 13: "#GP", 14: "#PF", 16: "#MF", 17: "#AC", 18: "#MC", 19: "#XM", 20: "#VE",
};
const DF = 8, GP = 13, NP = 11, PF = 14;
/** Exceptions that make a double fault when another contributory one (or a #PF after a #PF) comes during their delivery. */
const CONTRIBUTORY = new Set([0, 10, 11, 12, 13]);
/** Kept in a report: the last instructions (QEMU-style reports show 32; the ring holds 64). */
export const REPORT_INSTRUCTIONS = 32;

export function vectorName(vector: number, software = false): string {
  if (software) return `int ${hex(vector, 2)}`;
  return NAMES[vector] ?? (vector < 32 ? `exception ${vector}` : `interrupt ${hex(vector, 2)}`);
}

function record(v: RaisedVector): ExceptionRecord {
  return { vector: v.vector, name: vectorName(v.vector, v.software), errorCode: v.errorCode, eip: v.eip, cr2: v.vector === PF && !v.software ? v.cr2 : null, at: v.at };
}

/** Why delivering `vector` through the guest's IDT fails (what a CPU raises instead), or null when it would be delivered. */
export function idtFailure(memory: GuestMemory, regs: FullRegisters, vector: number): { vector: number; errorCode: number; cause: string } | null {
  const ext = vector * 8 + 2; // error code: IDT, external event
  if (vector * 8 + 7 > regs.idtr.limit) return { vector: GP, errorCode: ext, cause: `vector ${vector} is beyond the IDT limit ${hex(regs.idtr.limit, 4)}` };
  const gate = readLinear(memory, regs, (regs.idtr.base + vector * 8) >>> 0, 8);
  if (!gate) return { vector: PF, errorCode: 0, cause: `the IDT entry of vector ${vector} is not mapped` };
  const access = gate[5]!;
  const type = access & 0x1f;
  if (type !== 5 && type !== 6 && type !== 7 && type !== 14 && type !== 15) {
    return { vector: GP, errorCode: ext, cause: `the IDT entry of vector ${vector} is not a gate (type ${type})` };
  }
  if (!(access & 0x80)) return { vector: NP, errorCode: ext, cause: `the IDT entry of vector ${vector} is not present` };
  const selector = gate[2]! | (gate[3]! << 8);
  if ((selector & ~3) === 0) return { vector: GP, errorCode: 0, cause: `the IDT entry of vector ${vector} has a null code selector` };
  if (!(selector & 4) && (selector | 7) > regs.gdtr.limit) return { vector: GP, errorCode: selector & 0xfffc, cause: `the code selector ${hex(selector, 4)} of vector ${vector} is beyond the GDT limit` };
  return null;
}

/** A CPU raises #DF when `second` comes while delivering `first` (SDM vol. 3A table 6-5). */
export function isDoubleFault(first: number, second: number): boolean {
  const contributorySecond = CONTRIBUTORY.has(second);
  return (CONTRIBUTORY.has(first) && contributorySecond) || (first === PF && (contributorySecond || second === PF));
}

/**
 * Whether delivering exception `vector` through the guest's IDT ends in a double fault on a CPU: the
 * exceptions the failed deliveries raise, folded with the double-fault rules (a failure that is not a double
 * fault is delivered in turn, and may fail again).
 */
export function deliveryDoubleFaults(memory: GuestMemory, regs: FullRegisters, vector: number): boolean {
  let current = vector;
  for (let guard = 0; guard < 4; guard++) {
    const failure = idtFailure(memory, regs, current);
    if (!failure) return false;
    if (isDoubleFault(current, failure.vector)) return true;
    current = failure.vector;
  }
  return false;
}

/**
 * The exception chain of a triple fault: the exceptions v86 raised while delivering the last one (all raised
 * at the same instruction count), then what the CPU raises when their delivery fails, folded with the
 * double-fault rules, ending at the #DF whose delivery fails (the triple fault).
 */
export function exceptionChain(raised: readonly RaisedVector[], memory: GuestMemory, regs: FullRegisters, detail: string | undefined): { chain: ExceptionRecord[]; triple: boolean; note: string | null; tripleCause?: number } {
  const exceptions = raised.filter((r) => (r.vector < 32 && !r.software && !r.irq) || r.software);
  if (exceptions.length === 0) return { chain: [], triple: true, note: detail ? `v86 stopped: ${detail}` : null };
  const lastSeq = exceptions[exceptions.length - 1]!.seq;
  let start = exceptions.length - 1;
  while (start > 0 && exceptions[start - 1]!.seq === lastSeq) start--;
  const queue = exceptions.slice(start).map(record);
  const chain: ExceptionRecord[] = [];
  let current: ExceptionRecord | null = null;
  let pending: ExceptionRecord = queue.shift()!;
  for (let guard = 0; guard < 16; guard++) {
    if (current) {
      if (current.vector === DF) return { chain, triple: true, note: null, tripleCause: pending.vector };
      if (isDoubleFault(current.vector, pending.vector)) {
        pending = { vector: DF, name: "#DF", errorCode: 0, eip: pending.eip, cr2: null, inferred: true, cause: pending.cause ?? `${pending.name} while delivering ${current.name}`, causeVector: pending.vector, at: pending.at };
      }
    }
    chain.push(pending);
    current = pending;
    const next = queue.shift();
    if (next) { pending = next; continue; }
    const failure = idtFailure(memory, regs, current.vector);
    if (!failure) {
      return { chain, triple: false, note: `a CPU would now run the ${current.name} handler; v86 stopped instead${detail ? ` (${detail})` : ""}` };
    }
    pending = {
      vector: failure.vector, name: vectorName(failure.vector), errorCode: failure.errorCode, eip: current.eip,
      cr2: failure.vector === PF ? current.cr2 : null, inferred: true, cause: failure.cause, at: current.at,
    };
  }
  return { chain, triple: true, note: null };
}

/** The crash report of a run that ended in a triple fault or a timeout. */
/** `jitRan`: v86's JIT ran compiled blocks, which the ring does not see (only interpreted instructions are in it). */
export function crashReport(exec: ExecControl, regs: FullRegisters, memory: GuestMemory, verdict: Verdict, jitRan = false): CrashReport {
  const lastInstructions = exec.ring(REPORT_INSTRUCTIONS).map((eip) => ({ eip, bytes: readLinearPrefix(memory, regs, eip) }));
  const partial = jitRan ? { lastInstructionsPartial: true } : {};
  if (verdict.kind === "triple-fault") {
    const { chain, tripleCause } = exceptionChain(exec.raised, memory, regs, verdict.detail);
    return { exceptions: chain, registers: regs, lastInstructions, ...partial, ...(tripleCause !== undefined ? { tripleFaultCause: tripleCause } : {}) };
  }
  const recent = exec.raised.filter((r) => r.vector < 32 && !r.software && !r.irq).slice(-8).map(record);
  return { exceptions: recent, registers: regs, lastInstructions, ...partial };
}

/** `[--S--P-]`: QEMU's EFLAGS letters (D O S Z A P C). */
function flagLetters(eflags: number): string {
  const bits: [number, string][] = [[0x400, "D"], [0x800, "O"], [0x80, "S"], [0x40, "Z"], [0x10, "A"], [0x4, "P"], [0x1, "C"]];
  return "[" + bits.map(([b, c]) => (eflags & b ? c : "-")).join("") + "]";
}

const h8 = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
const h4 = (v: number) => (v & 0xffff).toString(16).padStart(4, "0");

/** The registers as QEMU's -d cpu prints them (the lines kernlab has: no descriptor caches, no DR/EFER). */
export function formatRegisters(r: FullRegisters): string[] {
  return [
    `EAX=${h8(r.eax)} EBX=${h8(r.ebx)} ECX=${h8(r.ecx)} EDX=${h8(r.edx)}`,
    `ESI=${h8(r.esi)} EDI=${h8(r.edi)} EBP=${h8(r.ebp)} ESP=${h8(r.esp)}`,
    `EIP=${h8(r.eip)} EFL=${h8(r.eflags)} ${flagLetters(r.eflags)} CPL=${r.cpl}`,
    `ES =${h4(r.es)} CS =${h4(r.cs)} SS =${h4(r.ss)} DS =${h4(r.ds)} FS =${h4(r.fs)} GS =${h4(r.gs)} LDT=${h4(r.ldtr)} TR =${h4(r.tr)}`,
    `GDT=     ${h8(r.gdtr.base)} ${h8(r.gdtr.limit)}`,
    `IDT=     ${h8(r.idtr.base)} ${h8(r.idtr.limit)}`,
    `CR0=${h8(r.cr0)} CR2=${h8(r.cr2)} CR3=${h8(r.cr3)} CR4=${h8(r.cr4)}`,
  ];
}

/**
 * One exception as QEMU's -d int prints it, plus its name and symbol:
 * `     0: v=0e e=0002 i=0 cpl=0 IP=0008:00100058 pc=00100058 SP=0010:00104000 CR2=00800000  #PF at fault`.
 */
export function formatException(n: number, e: ExceptionRecord, regs: FullRegisters, symbols?: SymbolTable | null): string {
  const software = e.name.startsWith("int ");
  const tail = e.vector === PF && e.cr2 !== null ? `CR2=${h8(e.cr2)}` : `env->regs[R_EAX]=${h8(regs.eax)}`;
  const where = symbols ? ` at ${symbols.format(e.eip)}` : "";
  const why = e.inferred ? ` (${e.cause ?? "inferred"})` : "";
  return `${String(n).padStart(6)}: v=${e.vector.toString(16).padStart(2, "0")} e=${h4(e.errorCode ?? 0)} i=${software ? 1 : 0} cpl=${regs.cpl} ` +
    `IP=${h4(regs.cs)}:${h8(e.eip)} pc=${h8(e.eip)} SP=${h4(regs.ss)}:${h8(regs.esp)} ${tail}  ${e.name}${where}${why}`;
}

/** The whole report for people (stderr of kernlab run, kernlab inspect). */
export function formatCrashReport(report: CrashReport, verdict: Verdict, symbols?: SymbolTable | null): string {
  const out: string[] = [];
  let previous = -1;
  report.exceptions.forEach((e, i) => {
    // Like QEMU: `int n` is no exception (no check_exception line, and the next one starts a new chain).
    const software = e.name.startsWith("int ");
    if (!software) out.push(`check_exception old: ${previous < 0 ? "0xffffffff" : "0x" + previous.toString(16)} new 0x${(e.vector === DF ? e.causeVector ?? GP : e.vector).toString(16)}`);
    out.push(formatException(i, e, report.registers, symbols));
    previous = software ? -1 : e.vector;
  });
  if (verdict.kind === "triple-fault" && report.exceptions.length > 0 && report.exceptions[report.exceptions.length - 1]!.vector === DF) {
    out.push(`check_exception old: 0x8 new 0x${(report.tripleFaultCause ?? GP).toString(16)}`, "Triple fault");
  }
  out.push(...formatRegisters(report.registers));
  if (report.lastInstructions.length > 0) {
    out.push(`last ${report.lastInstructions.length} instructions (oldest first)` +
      (report.lastInstructionsPartial ? "; v86's JIT ran, and compiled code is not recorded: run with --no-jit or an instruction limit for every one" : "") + ":");
    for (const ins of report.lastInstructions) out.push("  " + formatInstruction(ins.eip, ins.bytes, symbols));
  }
  return out.join("\n") + "\n";
}

/** `0x00100058 fault+0x0       c7 05 00 00 80 00 78 56 34 12   mov dword [0x00800000], 0x12345678`. */
export function formatInstruction(eip: number, bytes: Uint8Array, symbols?: SymbolTable | null): string {
  // Operands are named only near a symbol (a label's "size" is unknown: 0x800000 is not stack_top+0x6fc000).
  const near = symbols ? (a: number) => { const s = symbols.lookup(a); return s && s.offset < 0x1000 ? s : null; } : undefined;
  const line = bytes.length ? disassemble(bytes, eip, { count: 1, ...(near ? { symbols: near } : {}) })[0] : undefined;
  const size = line && !line.invalid ? line.bytes.length : Math.min(bytes.length, 1);
  const hexBytes = Array.from(bytes.subarray(0, size), (b) => b.toString(16).padStart(2, "0")).join(" ");
  const sym = symbols ? symbols.format(eip) : "";
  const text = line ? line.text.trim() + (line.targetSymbol ? `  ; ${line.targetSymbol}` : "") : "(not mapped)";
  return `${hex(eip)} ${sym.padEnd(20)} ${hexBytes.padEnd(30)} ${text}`;
}
