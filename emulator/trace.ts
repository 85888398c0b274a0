/**
 * `--trace exec,int,cpu,pf`: one line per event, like QEMU's -d in_asm,int,cpu (but per instruction, as
 * QEMU prints with -singlestep): exec = each instruction (address, symbol, bytes, NASM text); cpu = the
 * registers before each instruction; int = each exception and interrupt as QEMU's -d int line; pf = page
 * faults only. Installed into exec-control only when asked, so a run without --trace pays nothing.
 */
import type { ExecControl } from "./exec-control";
import { readLinearPrefix } from "./debug";
import { formatException, formatInstruction, formatRegisters, vectorName } from "./fault-report";
import type { FullRegisters, GuestMemory, SymbolTable, TraceEvent, TraceOptions } from "./index";

export const TRACE_EVENTS: readonly TraceEvent[] = ["exec", "int", "cpu", "pf"];

export interface TraceHost {
  registers(): FullRegisters;
  memory: GuestMemory;
  symbols: SymbolTable | null;
}

export function installTrace(exec: ExecControl, opts: TraceOptions, host: TraceHost): void {
  const on = new Set(opts.events);
  const sink = opts.sink;
  const symbols = host.symbols;
  if (on.has("exec") || on.has("cpu")) {
    exec.onInstruction = (eip, at) => {
      // Inside the hook v86 has already stepped EIP past the opcode byte: show the instruction's own EIP.
      if (on.has("cpu")) { const r = host.registers(); sink(`cpu  ${formatRegisters({ ...r, eip: (r.eip - 1) >>> 0 }).join(" ")}`); }
      if (on.has("exec")) sink(`exec ${String(at).padStart(10)} ${formatInstruction(eip, readLinearPrefix(host.memory, host.registers(), eip), symbols)}`);
    };
  }
  if (on.has("int") || on.has("pf")) {
    let n = 0;
    exec.onVector = (v) => {
      if (!on.has("int") && !(v.vector === 14 && !v.software && !v.irq)) return;
      const regs = host.registers();
      const record = { vector: v.vector, name: vectorName(v.vector, v.software), errorCode: v.errorCode, eip: v.eip, cr2: v.vector === 14 ? v.cr2 : null, at: v.at };
      sink(`int  ${formatException(n++, record, { ...regs, cs: v.cs, ss: v.ss, esp: v.esp, cpl: v.cpl }, symbols).trimStart()}`);
    };
  }
}

/** `exec,int` → the events; null names the first unknown one. */
export function parseTraceEvents(text: string): { events: TraceEvent[] } | { unknown: string } {
  const events: TraceEvent[] = [];
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (!(TRACE_EVENTS as readonly string[]).includes(part)) return { unknown: part };
    if (!events.includes(part as TraceEvent)) events.push(part as TraceEvent);
  }
  return { events };
}
