/**
 * Monitor commands, as QEMU's human monitor gives them, as a table shared by GDB's `monitor …` (qRcmd) and
 * `kernlab run --console`'s Ctrl-A C prompt. Each command reads the stopped machine through the public debug
 * API and returns text. `catch`/`uncatch` set what stops the guest (both places); `stop`, `cont`, `step`,
 * `break`, `delete` and `regs` are the console's only, since under GDB it is GDB that drives execution.
 *
 *   info registers   general, segment (selector + descriptor read from the GDT), EFLAGS, CR0-CR4, GDTR, IDTR, TR
 *   info mem         mapped virtual ranges with their protection (emulator/mmu.ts's page walker)
 *   info tlb         the same walk, one line per run of pages with its physical address
 *   info gdt / idt   the descriptor tables decoded
 *   xp /Nfu ADDR     N units of physical memory (f: x d u; u: b h w g), as QEMU's xp
 *   x  /Nfu ADDR     the same through the guest's paging (virtual)
 *   layout           the layout report (verify/) drawn from the live machine
 *   checkpoint FILE  the layout snapshot (kernlab verify --snapshot's file format) of this moment
 *   catch V / uncatch V   stop before vector V is delivered (pf, gp, 14, 0x21…; cr: control-register writes)
 *   who-wrote ADDR [LEN]  the last instruction that wrote [ADDR, ADDR+LEN) before now (a recording only:
 *                    replay/reverse.ts's whoWrote, a write watchpoint run backwards)
 */
import { hex } from "../../core/hex";
import { symbolTable, walkPageTables, type GuestMemory, type Mapping, type SymbolTable } from "../../emulator/index";
import { buildLayoutReport, reportRegions } from "../../verify/report";
import { drawMemoryMap } from "../../core/memory-map";
import { serializeSnapshot, takeSnapshot } from "../../verify/snapshot";
import { disassemble } from "../../toolchain/disasm";
import type { Debugger, FullRegisters, ReverseDebugging, StopReason, WriteRecord } from "./api";

export interface MonitorContext {
  readonly dbg: Debugger;
  /** The machine's physical memory (Machine.memory), read while the machine is stopped. */
  readonly memory: GuestMemory;
  /** The kernel ELF: symbols, the layout report. */
  readonly kernel?: Uint8Array;
  /** Where the command was typed: GDB's `monitor` or the console's prompt. */
  readonly where: "gdb" | "console";
  /** Writes a file (checkpoint FILE); absent where there is no file system. */
  writeFile?(path: string, text: string): void;
  /** Console: a background `cont` stopped (breakpoint, Ctrl-A C stop). */
  onStop?(r: StopReason): void;
  /** The recording's reverse execution (who-wrote); absent for a run that is not recorded. */
  readonly reverse?: ReverseDebugging;
}

export interface MonitorCommand {
  /** One or two words: "info registers", "xp". */
  name: string;
  usage: string;
  help: string;
  consoleOnly?: boolean;
  run(ctx: MonitorContext, args: string[]): string | Promise<string>;
}

/** A monitor user's mistake: printed as the command's output, never thrown past runMonitor. */
class MonitorError extends Error {}

const h8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

function symbolsOf(ctx: MonitorContext): SymbolTable {
  return symbolTable(ctx.kernel ?? new Uint8Array(0));
}

/** number = 0xHEX | DECIMAL | $register | symbol, with an optional +/- offset. */
export function parseAddress(ctx: MonitorContext, text: string): number {
  const m = /^(.+?)(?:([+-])(0x[0-9a-f]+|\d+))?$/i.exec(text.trim());
  if (!m) throw new MonitorError(`expected an address, got '${text}'`);
  const base = m[1]!;
  let v: number | null = null;
  if (/^0x[0-9a-f]+$/i.test(base)) v = parseInt(base.slice(2), 16);
  else if (/^\d+$/.test(base)) v = parseInt(base, 10);
  else if (base.startsWith("$")) {
    const regs = ctx.dbg.registers() as unknown as Record<string, unknown>;
    const r = regs[base.slice(1).toLowerCase()];
    if (typeof r === "number") v = r;
  } else v = symbolsOf(ctx).address(base);
  if (v === null || !Number.isFinite(v) || v > 0xffffffff) throw new MonitorError(`unknown address '${base}'`);
  const off = m[3] ? (m[3].startsWith("0x") ? parseInt(m[3].slice(2), 16) : parseInt(m[3], 10)) : 0;
  return (m[2] === "-" ? v - off : v + off) >>> 0;
}

// --- Registers -----------------------------------------------------------------------------------------

/** EFLAGS as QEMU prints it: O D S Z A P C, "-" when clear. */
export function eflagsLetters(eflags: number): string {
  const bits: [number, string][] = [[11, "O"], [10, "D"], [7, "S"], [6, "Z"], [4, "A"], [2, "P"], [0, "C"]];
  return bits.map(([b, c]) => ((eflags >>> b) & 1 ? c : "-")).join("");
}

interface Descriptor { base: number; limit: number; flags: number; present: boolean }

function descriptorAt(ctx: MonitorContext, tableBase: number, tableLimit: number, selector: number): Descriptor | null {
  const index = selector & ~7;
  if (selector & 4 || index === 0 || index + 7 > tableLimit) return null; // LDT selectors and the null selector
  const b = ctx.dbg.readVirtual((tableBase + index) >>> 0, 8);
  return b ? decodeDescriptor(b) : null;
}

export function decodeDescriptor(b: Uint8Array): Descriptor {
  const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
  let limit = ((lo & 0xffff) | (hi & 0x000f0000)) >>> 0;
  if (hi & 0x00800000) limit = ((limit << 12) | 0xfff) >>> 0; // G: 4 KiB granularity
  return { base, limit, flags: (hi & 0x00ffff00) >>> 0, present: !!(hi & 0x8000) };
}

export function formatRegisters(ctx: MonitorContext, r: FullRegisters): string {
  const seg = (name: string, sel: number) => {
    const d = descriptorAt(ctx, r.gdtr.base, r.gdtr.limit, sel);
    return `${name.padEnd(3)}=${sel.toString(16).padStart(4, "0")} ${d ? `${h8(d.base)} ${h8(d.limit)} ${h8(d.flags)}` : "-------- -------- --------"}`;
  };
  const syms = symbolsOf(ctx);
  return [
    `EAX=${h8(r.eax)} EBX=${h8(r.ebx)} ECX=${h8(r.ecx)} EDX=${h8(r.edx)}`,
    `ESI=${h8(r.esi)} EDI=${h8(r.edi)} EBP=${h8(r.ebp)} ESP=${h8(r.esp)}`,
    `EIP=${h8(r.eip)} EFL=${h8(r.eflags)} [${eflagsLetters(r.eflags)}] CPL=${r.cs & 3} IF=${(r.eflags >>> 9) & 1}   ${syms.format(r.eip)}`,
    seg("ES", r.es), seg("CS", r.cs), seg("SS", r.ss), seg("DS", r.ds), seg("FS", r.fs), seg("GS", r.gs),
    seg("LDT", r.ldtr ?? 0), seg("TR", r.tr),
    `GDT=     ${h8(r.gdtr.base)} ${h8(r.gdtr.limit)}`,
    `IDT=     ${h8(r.idtr.base)} ${h8(r.idtr.limit)}`,
    `CR0=${h8(r.cr0)} CR2=${h8(r.cr2)} CR3=${h8(r.cr3)} CR4=${h8(r.cr4)}`,
  ].join("\n") + "\n";
}

/** One line: the registers a person looks at first. */
export function shortRegisters(ctx: MonitorContext, r: FullRegisters): string {
  return `EIP=${h8(r.eip)} ${symbolsOf(ctx).format(r.eip)}  EAX=${h8(r.eax)} EBX=${h8(r.ebx)} ECX=${h8(r.ecx)} EDX=${h8(r.edx)}\n` +
    `ESP=${h8(r.esp)} EBP=${h8(r.ebp)} ESI=${h8(r.esi)} EDI=${h8(r.edi)} EFL=${h8(r.eflags)} [${eflagsLetters(r.eflags)}] CR3=${h8(r.cr3)}\n`;
}

// --- Paging --------------------------------------------------------------------------------------------

function mappings(ctx: MonitorContext): Mapping[] | string {
  const r = ctx.dbg.registers();
  if (!(r.cr0 & 0x80000000)) return "PG disabled\n";
  return walkPageTables(ctx.memory, r.cr3);
}

const prot = (m: Mapping) => `${m.user ? "u" : "-"}r${m.writable ? "w" : "-"}`;

export function formatMem(list: Mapping[]): string {
  return list.map((m) => `${h8(m.vaddr)}-${h8(m.vaddr + m.size)} ${h8(m.size)} ${prot(m)}${m.problem ? `  (${m.problem})` : ""}\n`).join("");
}

export function formatTlb(list: Mapping[]): string {
  return list.map((m) => {
    const pages = m.large ? `${m.size / 0x400000} x 4M` : `${m.size / 0x1000} x 4K`;
    return `${h8(m.vaddr)}: ${h8(m.paddr)} ${pages.padStart(10)} ${m.large ? "PS" : "--"} ${m.user ? "U" : "-"}${m.writable ? "W" : "-"}P${m.problem ? `  (${m.problem})` : ""}\n`;
  }).join("");
}

// --- Descriptor tables ---------------------------------------------------------------------------------

const SYSTEM_TYPES: Record<number, string> = { 1: "TSS16 avl", 2: "LDT", 3: "TSS16 busy", 4: "call16", 5: "task gate", 6: "int16", 7: "trap16", 9: "TSS32 avl", 11: "TSS32 busy", 12: "call32", 14: "int32", 15: "trap32" };

export function formatGdt(ctx: MonitorContext): string {
  const r = ctx.dbg.registers();
  const count = Math.min(Math.floor((r.gdtr.limit + 1) / 8), 8192);
  const raw = ctx.dbg.readVirtual(r.gdtr.base, count * 8);
  if (!raw) return `GDT at ${hex(r.gdtr.base)} is not mapped\n`;
  const lines = [`GDT=${h8(r.gdtr.base)} limit ${h8(r.gdtr.limit)} (${count} entries)`];
  for (let i = 0; i < count; i++) {
    const b = raw.subarray(i * 8, i * 8 + 8);
    if (b.every((x) => x === 0)) { if (i === 0) lines.push("[0x00] null"); continue; }
    const d = decodeDescriptor(b);
    const access = b[5]!;
    const dpl = (access >>> 5) & 3;
    const s = !!(access & 0x10);
    const what = s
      ? access & 0x08
        ? `code ${b[6]! & 0x40 ? "32" : "16"}-bit${access & 0x04 ? " conforming" : ""}${access & 0x02 ? " readable" : ""}`
        : `data ${b[6]! & 0x40 ? "32" : "16"}-bit${access & 0x02 ? " writable" : " read-only"}${access & 0x04 ? " expand-down" : ""}`
      : SYSTEM_TYPES[access & 0x0f] ?? `system type ${access & 0x0f}`;
    lines.push(`[0x${(i * 8).toString(16).padStart(2, "0")}] base ${h8(d.base)} limit ${h8(d.limit)} DPL${dpl} ${d.present ? "P " : "NP"} ${what}`);
  }
  return lines.join("\n") + "\n";
}

export function formatIdt(ctx: MonitorContext): string {
  const r = ctx.dbg.registers();
  const count = Math.min(Math.floor((r.idtr.limit + 1) / 8), 256);
  const raw = ctx.dbg.readVirtual(r.idtr.base, count * 8);
  if (!raw) return `IDT at ${hex(r.idtr.base)} is not mapped\n`;
  const syms = symbolsOf(ctx);
  const lines = [`IDT=${h8(r.idtr.base)} limit ${h8(r.idtr.limit)} (${count} vectors)`];
  for (let v = 0; v < count; v++) {
    const b = raw.subarray(v * 8, v * 8 + 8);
    const access = b[5]!;
    if (!(access & 0x80)) continue; // not present
    const selector = b[2]! | (b[3]! << 8);
    const offset = (b[0]! | (b[1]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    const type = SYSTEM_TYPES[access & 0x0f] ?? `type ${access & 0x0f}`;
    lines.push(`[${String(v).padStart(3)}] ${selector.toString(16).padStart(4, "0")}:${h8(offset)} ${type.padEnd(9)} DPL${(access >>> 5) & 3}  ${syms.format(offset)}`);
  }
  if (lines.length === 1) lines.push("(no present gates)");
  return lines.join("\n") + "\n";
}

// --- Memory dumps --------------------------------------------------------------------------------------

/** xp/x arguments: "/Nfu" then ADDR (QEMU's syntax; defaults 1, x, w). */
function parseDumpArgs(ctx: MonitorContext, args: string[]): { count: number; format: string; unit: number; addr: number } {
  let spec = "";
  let rest = args;
  if (rest[0]?.startsWith("/")) { spec = rest[0].slice(1); rest = rest.slice(1); }
  const m = /^(\d*)([xduc]?)([bhwg]?)$/.exec(spec);
  if (!m || rest.length !== 1) throw new MonitorError("usage: xp /Nfu ADDR (N count, f format x|d|u|c, u unit b|h|w|g)");
  const count = m[1] ? parseInt(m[1], 10) : 1;
  if (count < 1 || count > 4096) throw new MonitorError(`count ${count}: expected 1 to 4096`);
  const unit = { b: 1, h: 2, w: 4, g: 8, "": 4 }[m[3] as "b" | "h" | "w" | "g" | ""];
  return { count, format: m[2] || "x", unit: m[2] === "c" ? 1 : unit, addr: parseAddress(ctx, rest[0]!) };
}

export function formatDump(addr: number, bytes: Uint8Array, unit: number, format: string): string {
  const perLine = format === "c" ? 16 : 16 / unit;
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine * unit) {
    const cells: string[] = [];
    for (let j = i; j < Math.min(bytes.length, i + perLine * unit); j += unit) {
      let v = 0n;
      for (let k = unit - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[j + k]!);
      if (format === "c") { const c = Number(v); cells.push(c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : "."); continue; }
      if (format === "x") cells.push("0x" + v.toString(16).padStart(unit * 2, "0"));
      else if (format === "u") cells.push(v.toString());
      else { const bits = BigInt(unit * 8); const signed = v >= 1n << (bits - 1n) ? v - (1n << bits) : v; cells.push(signed.toString()); }
    }
    lines.push(`${h8(addr + i)}: ${cells.join(format === "c" ? "" : " ")}`);
  }
  return lines.join("\n") + "\n";
}

function dump(ctx: MonitorContext, args: string[], physical: boolean): string {
  const { count, format, unit, addr } = parseDumpArgs(ctx, args);
  const length = count * unit;
  const bytes = physical ? ctx.dbg.readPhysical(addr, length) : ctx.dbg.readVirtual(addr, length);
  if (!bytes) return physical ? `${hex(addr)}+${length} is outside guest RAM\n` : `Cannot access memory at address ${hex(addr)}\n`;
  return formatDump(addr, bytes, unit, format);
}

// --- Layout --------------------------------------------------------------------------------------------

function layoutReport(ctx: MonitorContext) {
  if (!ctx.kernel) throw new MonitorError("no kernel ELF: the layout report needs the kernel's sections");
  return buildLayoutReport({ elf: ctx.kernel, snapshot: { registers: ctx.dbg.registers(), memory: ctx.memory } });
}

// --- The table -----------------------------------------------------------------------------------------

function describeStop(ctx: MonitorContext, r: StopReason): string {
  const syms = symbolsOf(ctx);
  const at = () => { const eip = ctx.dbg.registers().eip; return `${hex(eip)} ${syms.format(eip)}`; };
  switch (r.kind) {
    case "step": return `stopped at ${at()}\n`;
    case "breakpoint": return `breakpoint ${r.id} at ${at()}\n`;
    case "watchpoint": return `watchpoint ${r.id} (${r.access} ${hex(r.address)}+${r.length}) by ${hex(r.eip)} ${syms.format(r.eip)}; now at ${at()}\n`;
    case "vector": return `vector ${r.vector}${r.errorCode !== null ? ` error ${hex(r.errorCode)}` : ""}${r.cr2 !== null ? ` CR2=${hex(r.cr2)}` : ""} at ${at()}\n`;
    case "control-register": return `CR${r.register} <- ${hex(r.value)} at ${at()}\n`;
    case "interrupted": return `stopped at ${at()}\n`;
    case "ended": return `the run ended (${r.verdict.kind})\n`;
  }
}
export { describeStop };

const VECTOR_NAMES: Record<string, number> = { de: 0, db: 1, nmi: 2, bp: 3, of: 4, br: 5, ud: 6, nm: 7, df: 8, ts: 10, np: 11, ss: 12, gp: 13, pf: 14, mf: 16, ac: 17, mc: 18, xm: 19 };

function catchArgs(args: string[], on: boolean, ctx: MonitorContext): string {
  if (args.length === 0) throw new MonitorError("usage: catch VECTOR|pf|gp|df|ud|…|cr");
  const done: string[] = [];
  for (const a of args) {
    const name = a.toLowerCase().replace(/^#/, "");
    if (name === "cr") { ctx.dbg.catchControlRegisterWrites(on); done.push("control register writes"); continue; }
    const v = VECTOR_NAMES[name] ?? (/^(0x[0-9a-f]+|\d+)$/i.test(name) ? Number(name) : NaN);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new MonitorError(`unknown vector '${a}'`);
    ctx.dbg.catchVector(v, on);
    done.push(`vector ${v}`);
  }
  return `${on ? "catching" : "not catching"} ${done.join(", ")}\n`;
}

// --- Who wrote this? -----------------------------------------------------------------------------------

const hexBytes = (b: Uint8Array | null) => (b ? Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ") : "(unmapped)");

export function formatWrite(ctx: MonitorContext, addr: number, length: number, w: WriteRecord): string {
  const syms = symbolsOf(ctx);
  const line = w.instruction.length ? disassemble(w.instruction, w.eip, { count: 1 })[0] : undefined;
  const insn = line && !line.invalid ? line.text.trim() : "(instruction not readable)";
  return `${hex(addr)}+${length} last written before instruction ${ctx.reverse!.position()} by instruction ${w.at}:\n` +
    `  ${hex(w.eip)} ${syms.format(w.eip)}: ${insn}\n` +
    `  old: ${hexBytes(w.oldValue)}\n  new: ${hexBytes(w.newValue)}\n`;
}

async function whoWroteCommand(ctx: MonitorContext, args: string[]): Promise<string> {
  if (args.length < 1 || args.length > 2) throw new MonitorError("usage: who-wrote ADDR [LEN]");
  if (!ctx.reverse) throw new MonitorError("who-wrote needs a recording: kernlab run --record FILE --gdb PORT, or kernlab replay FILE --gdb PORT");
  if (!ctx.dbg.stopped) throw new MonitorError("the guest is running: stop it first");
  const addr = parseAddress(ctx, args[0]!);
  const length = args[1] === undefined ? 4 : Number(args[1]);
  if (!Number.isInteger(length) || length < 1 || length > 4096) throw new MonitorError(`who-wrote: LEN must be 1 to 4096, got '${args[1]}'`);
  const w = await ctx.reverse.whoWrote(addr, length);
  if (!w) return `${hex(addr)}+${length}: not written between instruction 0 and ${ctx.reverse.position()} (as the loader left it)\n`;
  return formatWrite(ctx, addr, length, w);
}

export const MONITOR_COMMANDS: readonly MonitorCommand[] = [
  { name: "help", usage: "help", help: "list the commands", run: (ctx) => monitorHelp(ctx.where) },
  { name: "info registers", usage: "info registers", help: "all registers: general, segments, EFLAGS, CR0-CR4, GDTR, IDTR, TR", run: (ctx) => formatRegisters(ctx, ctx.dbg.registers()) },
  { name: "info mem", usage: "info mem", help: "mapped virtual ranges and their protection (the guest's page tables)", run: (ctx) => { const m = mappings(ctx); return typeof m === "string" ? m : formatMem(m) || "no present mappings\n"; } },
  { name: "info tlb", usage: "info tlb", help: "virtual → physical, one line per run of pages", run: (ctx) => { const m = mappings(ctx); return typeof m === "string" ? m : formatTlb(m) || "no present mappings\n"; } },
  { name: "info gdt", usage: "info gdt", help: "the GDT decoded", run: (ctx) => formatGdt(ctx) },
  { name: "info idt", usage: "info idt", help: "the IDT's present gates, symbolized", run: (ctx) => formatIdt(ctx) },
  { name: "xp", usage: "xp /Nfu ADDR", help: "physical memory (f: x d u c, u: b h w g)", run: (ctx, a) => dump(ctx, a, true) },
  { name: "x", usage: "x /Nfu ADDR", help: "virtual memory through the guest's paging", run: (ctx, a) => dump(ctx, a, false) },
  { name: "layout", usage: "layout", help: "the layout report of the live kernel (sections, heap, stack, free memory)", run: (ctx) => drawMemoryMap(reportRegions(layoutReport(ctx))).replace(/\n?$/, "\n") },
  {
    name: "checkpoint", usage: "checkpoint [FILE]", help: "the layout snapshot of this moment (kernlab verify --snapshot format), to FILE or printed",
    run: (ctx, a) => {
      const text = serializeSnapshot(takeSnapshot(layoutReport(ctx)));
      if (a.length === 0) return text;
      if (!ctx.writeFile) throw new MonitorError("checkpoint FILE: no file system here");
      ctx.writeFile(a[0]!, text);
      return `layout snapshot written to ${a[0]}\n`;
    },
  },
  { name: "catch", usage: "catch VECTOR…|cr", help: "stop before exception/interrupt VECTOR is delivered (pf, gp, df, 14, 0x20…), or on CR writes", run: (ctx, a) => catchArgs(a, true, ctx) },
  { name: "uncatch", usage: "uncatch VECTOR…|cr", help: "undo catch", run: (ctx, a) => catchArgs(a, false, ctx) },
  { name: "who-wrote", usage: "who-wrote ADDR [LEN]", help: "the last instruction that wrote ADDR..ADDR+LEN-1 (LEN default 4) before now (recordings)", run: (ctx, a) => whoWroteCommand(ctx, a) },
  { name: "regs", usage: "regs", help: "the main registers on two lines", consoleOnly: true, run: (ctx) => shortRegisters(ctx, ctx.dbg.registers()) },
  {
    name: "stop", usage: "stop", help: "pause the guest", consoleOnly: true,
    run: (ctx) => { if (!ctx.dbg.stopped) ctx.dbg.pause(); return ""; },
  },
  {
    name: "cont", usage: "cont", help: "resume the guest (a breakpoint or `stop` pauses it again)", consoleOnly: true,
    run: (ctx) => {
      if (!ctx.dbg.stopped) return "already running\n";
      void ctx.dbg.cont().then((r) => ctx.onStop?.(r), () => undefined);
      return "";
    },
  },
  {
    name: "step", usage: "step [N]", help: "execute N instructions (default 1)", consoleOnly: true,
    run: async (ctx, a) => {
      const n = a[0] === undefined ? 1 : Number(a[0]);
      if (!Number.isInteger(n) || n < 1) throw new MonitorError(`step: expected a count, got '${a[0]}'`);
      if (!ctx.dbg.stopped) throw new MonitorError("the guest is running: stop it first");
      const r = await ctx.dbg.step(n);
      return describeStop(ctx, r);
    },
  },
  {
    name: "break", usage: "break SYM|ADDR", help: "a breakpoint before the instruction at SYM or ADDR", consoleOnly: true,
    run: (ctx, a) => {
      if (a.length !== 1) throw new MonitorError("usage: break SYM|ADDR");
      const addr = parseAddress(ctx, a[0]!);
      return `breakpoint ${ctx.dbg.addBreakpoint(addr)} at ${hex(addr)} ${symbolsOf(ctx).format(addr)}\n`;
    },
  },
  {
    name: "delete", usage: "delete ID", help: "remove breakpoint ID", consoleOnly: true,
    run: (ctx, a) => {
      const id = Number(a[0]);
      if (!Number.isInteger(id)) throw new MonitorError("usage: delete ID");
      ctx.dbg.removeBreakpoint(id);
      return "";
    },
  },
];

export function monitorHelp(where: "gdb" | "console"): string {
  const list = MONITOR_COMMANDS.filter((c) => where === "console" || !c.consoleOnly);
  const w = Math.max(...list.map((c) => c.usage.length));
  return list.map((c) => `${c.usage.padEnd(w)}  ${c.help}\n`).join("");
}

/** Runs one command line; the text to show. Mistakes and unknown commands are text too, never thrown. */
export async function runMonitor(ctx: MonitorContext, line: string): Promise<string> {
  const words = line.trim().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return "";
  // "info registers" also as "info reg", "i r" is GDB's, not QEMU's: accept unambiguous prefixes of the second word.
  const candidates = MONITOR_COMMANDS.filter((c) => ctx.where === "console" || !c.consoleOnly);
  let cmd: MonitorCommand | undefined;
  let args: string[] = [];
  for (const c of candidates) {
    const parts = c.name.split(" ");
    if (parts.length === 2 && words[0] === parts[0] && words[1] !== undefined && parts[1]!.startsWith(words[1]) && words[1].length >= 1) {
      cmd = c; args = words.slice(2); break;
    }
    if (parts.length === 1 && words[0] === c.name) { cmd = c; args = words.slice(1); break; }
  }
  // "xp/8xw 0x1000": QEMU lets the format touch the command.
  if (!cmd) {
    const m = /^(xp|x)(\/.*)$/.exec(words[0]!);
    const c = m ? candidates.find((k) => k.name === m[1]) : undefined;
    if (c && m) { cmd = c; args = [m[2]!, ...words.slice(1)]; }
  }
  if (!cmd) return `unknown command: '${line.trim()}' (try 'help')\n`;
  try {
    return await cmd.run(ctx, args);
  } catch (e) {
    if (e instanceof MonitorError) return `${e.message}\n`;
    return `error: ${e instanceof Error ? e.message : String(e)}\n`;
  }
}
