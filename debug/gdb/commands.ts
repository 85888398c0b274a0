/**
 * The GDB remote protocol's packets as a table, in the style of QEMU's later gdbstub: each entry names its
 * prefix, the shape of its parameters and a handler. Adding a packet is adding a row. Handlers only call the
 * public debug API (api.ts → emulator/index.ts); bytes, checksums and acks are framing.ts, the register list
 * is target.ts, `monitor` commands are monitor.ts (reached through StubSession.monitor).
 *
 * Parameter shapes (one character each, literal separators between them):
 *   x   a hex number of at most 8 digits (a u32)          y   the same, optional (may be absent at the end)
 *   s   text up to the next separator of the shape        H   hex pairs to the end, as bytes
 *   B   binary to the end, "}"-escaped (X)                S   text to the end
 * A packet whose parameters do not fit its shape is answered "E22" (EINVAL); an unknown packet gets the
 * empty reply, which tells GDB "not supported". Nothing a peer sends can make a handler throw past
 * handlePacket: a host error becomes "E01".
 */
import { describeVerdict } from "../../emulator/index";
import type { Debugger, FullRegisters, ReverseDebugging, StopReason } from "./api";
import { fromHex, MAX_PACKET, toHex, unescape } from "./framing";
import { G_PACKET_REGISTERS, REGISTERS, TARGET_DOCUMENTS } from "./target";

/** What the connection does with a handler's answer. */
export type Reply =
  | { kind: "text"; text: string; after?: "no-ack" | "close" }
  /** Binary data after a text prefix (qXfer "l"/"m"); the framing escapes it. */
  | { kind: "binary"; prefix: string; data: Uint8Array }
  /** No answer at all (k); `close` ends the connection. */
  | { kind: "none"; after?: "close" };

/**
 * A stop as GDB sees it: the engine's stop reasons, plus the edges of a recording's history (reverse
 * execution reached count 0, or forward execution of a replay reached the recorded end).
 */
export type GdbStop = StopReason | { kind: "history"; edge: "begin" | "end" };

/** A connection's state, as the handlers see it. */
export interface StubSession {
  readonly dbg: Debugger;
  /** Why the target last stopped (`?`); null before the first stop. */
  lastStop: GdbStop | null;
  /** Reverse execution (bs, bc) over a recording; absent: GDB is told it is not supported. */
  readonly reverse?: ReverseDebugging;
  /** Breakpoints and watchpoints this connection inserted: "Z<type>,<addr>,<kind>" → engine id. */
  readonly points: Map<string, number>;
  /** Ends the run (k, vKill). */
  kill(): void;
  /** Runs a `monitor` command line; the text GDB prints. */
  monitor(line: string): Promise<string>;
  /** Console output while the target runs or a monitor command is busy ("O" packets). */
  output(text: string): void;
}

type Arg = number | string | Uint8Array | undefined;

export interface CommandEntry {
  /** The packet name: one letter, or a longer name ended by ":", ",", ";" or the end of the packet. */
  prefix: string;
  /** The parameter shape (see the header); "" = anything after the prefix is ignored. */
  params: string;
  handler(session: StubSession, args: Arg[]): Reply | Promise<Reply>;
  /** The handler resumes the target: Ctrl-C may arrive meanwhile. */
  resumes?: boolean;
}

const text = (t: string, after?: "no-ack" | "close"): Reply => (after ? { kind: "text", text: t, after } : { kind: "text", text: t });
const OK = text("OK");
const EINVAL = text("E22");
const EFAULT = text("E14");
const num = (a: Arg): number => (typeof a === "number" ? a : 0);
const bytesOf = (a: Arg): Uint8Array => (a instanceof Uint8Array ? a : new Uint8Array(0));
const str = (a: Arg): string => (typeof a === "string" ? a : "");

// --- Parameters ----------------------------------------------------------------------------------------

function parseHexNumber(s: string): number | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(s)) return null;
  const digits = s.replace(/^0+(?=.)/, "");
  if (digits.length > 8) return null;
  return parseInt(digits, 16) >>> 0;
}

/** Splits `rest` by the shape; null when it does not fit. */
export function parseParams(shape: string, rest: Uint8Array): Arg[] | null {
  const args: Arg[] = [];
  let pos = 0;
  const latin1 = (a: number, b: number) => { let s = ""; for (let i = a; i < b; i++) s += String.fromCharCode(rest[i]!); return s; };
  for (let i = 0; i < shape.length; i++) {
    const c = shape[i]!;
    if (c === "x" || c === "y" || c === "s") {
      const stop = shape[i + 1];
      let end = pos;
      while (end < rest.length && (stop === undefined || rest[end] !== stop.charCodeAt(0))) end++;
      if (stop !== undefined && end >= rest.length && c !== "y") return null; // the separator must follow
      const field = latin1(pos, end);
      if (c === "s") args.push(field);
      else if (c === "y" && field === "") args.push(undefined);
      else { const n = parseHexNumber(field); if (n === null) return null; args.push(n); }
      pos = end;
    } else if (c === "H") {
      const b = fromHex(latin1(pos, rest.length));
      if (!b) return null;
      args.push(b);
      pos = rest.length;
    } else if (c === "B") {
      const b = unescape(rest.subarray(pos));
      if (!b) return null;
      args.push(b);
      pos = rest.length;
    } else if (c === "S") {
      args.push(latin1(pos, rest.length));
      pos = rest.length;
    } else {
      // A literal separator; an optional field at the end may leave it out.
      if (pos >= rest.length && shape[i + 1] === "y") { args.push(undefined); i++; continue; }
      if (rest[pos] !== c.charCodeAt(0)) return null;
      pos++;
    }
  }
  return shape === "" || pos === rest.length ? args : null;
}

// --- Registers -----------------------------------------------------------------------------------------

function registerBytes(regs: FullRegisters, n: number): string {
  const r = REGISTERS[n]!;
  if (r.field === null) return "xx".repeat(r.bits / 8); // unavailable (x87)
  const v = regs[r.field];
  return toHex(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
}

function le32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

// --- Stop replies --------------------------------------------------------------------------------------

/** GDB's signal numbers (gdb/signals.def; the low ones equal Linux's). */
export const SIGNAL = { SIGINT: 2, SIGILL: 4, SIGTRAP: 5, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11, SIGALRM: 14 } as const;

/** The signal a caught exception vector stops with: #PF/#GP/#SS/#NP → SIGSEGV, #DE → SIGFPE, #UD → SIGILL. */
export function vectorSignal(vector: number): number {
  if (vector === 14 || vector === 13 || vector === 12 || vector === 11 || vector === 10) return SIGNAL.SIGSEGV;
  if (vector === 0 || vector === 16 || vector === 19) return SIGNAL.SIGFPE;
  if (vector === 6) return SIGNAL.SIGILL;
  return SIGNAL.SIGTRAP;
}

const h2 = (n: number) => n.toString(16).padStart(2, "0");

/** The stop reply for a stop reason (also the answer to `?`): T, W or X. */
export function stopReply(r: GdbStop | null, hardware = false): string {
  if (r === null) return `T${h2(SIGNAL.SIGTRAP)}thread:1;`;
  switch (r.kind) {
    // GDB prints "No more reverse-execution history." and stops (remote.c: the `replaylog` stop reason).
    case "history": return `T${h2(SIGNAL.SIGTRAP)}thread:1;replaylog:${r.edge};`;
    case "step": return `T${h2(SIGNAL.SIGTRAP)}thread:1;`;
    case "breakpoint": return `T${h2(SIGNAL.SIGTRAP)}thread:1;${hardware ? "hwbreak" : "swbreak"}:;`;
    case "watchpoint": {
      const key = r.access === "write" ? "watch" : r.access === "read" ? "rwatch" : "awatch";
      return `T${h2(SIGNAL.SIGTRAP)}thread:1;${key}:${(r.address >>> 0).toString(16)};`;
    }
    // An IRQ or `int n` is no fault of the program, whatever its vector (an unremapped PIC puts IRQs at 8-15).
    case "vector": return `T${h2(r.source === "exception" ? vectorSignal(r.vector) : SIGNAL.SIGTRAP)}thread:1;`;
    case "control-register": return `T${h2(SIGNAL.SIGTRAP)}thread:1;`;
    case "interrupted": return `T${h2(SIGNAL.SIGINT)}thread:1;`;
    case "ended": {
      const v = r.verdict;
      if (v.kind === "exited") return `W${h2(v.code & 0xff)}`;
      if (v.kind === "triple-fault") return `X${h2(SIGNAL.SIGSEGV)}`;
      if (v.kind === "timeout") return `X${h2(SIGNAL.SIGALRM)}`;
      return `X${h2(SIGNAL.SIGKILL)}`;
    }
  }
}

/** A line GDB prints before the stop, for stops it would otherwise not explain. */
export function stopNote(r: GdbStop): string | null {
  if (r.kind === "vector") {
    return `kernlab: caught ${r.source === "irq" ? "IRQ " : r.source === "software" ? "int " : ""}vector ${r.vector}${r.errorCode !== null ? ` error code 0x${r.errorCode.toString(16)}` : ""}${r.cr2 !== null ? ` CR2=0x${(r.cr2 >>> 0).toString(16).padStart(8, "0")}` : ""}\n`;
  }
  if (r.kind === "control-register") return `kernlab: CR${r.register} written: 0x${(r.value >>> 0).toString(16).padStart(8, "0")}\n`;
  if (r.kind === "ended") return `kernlab: ${describeVerdict(r.verdict)}\n`;
  return null;
}

async function resume(session: StubSession, how: "step" | "cont"): Promise<Reply> {
  const r = how === "step" ? await session.dbg.step(1) : await session.dbg.cont();
  // A replay ends where its recording ends: that is the end of the history, not of the inferior, and
  // GDB may still step back from there (as rr and QEMU's replay report it).
  if (r.kind === "ended" && session.reverse?.bounded) {
    session.output(`kernlab: end of the recording (${describeVerdict(r.verdict)} at instruction ${session.reverse.position()})\n`);
    return report(session, { kind: "history", edge: "end" });
  }
  return report(session, r);
}

function report(session: StubSession, r: GdbStop): Reply {
  session.lastStop = r;
  const note = stopNote(r);
  if (note) session.output(note);
  return text(stopReply(r, isHardware(session, r)));
}

/** bs / bc: run backwards over the recording to the previous instruction, or the previous breakpoint or watchpoint hit. */
async function reverseResume(session: StubSession, how: "step" | "cont"): Promise<Reply> {
  const rev = session.reverse;
  if (!rev) return text(""); // not supported: GDB was not offered ReverseStep+/ReverseContinue+
  const r = how === "step" ? await rev.reverseStep() : await rev.reverseContinue();
  return report(session, r.kind === "history-begin" ? { kind: "history", edge: "begin" } : r);
}

/** A breakpoint stop from a Z1 (hardware) breakpoint: reported as hwbreak, Z0's as swbreak. */
function isHardware(session: StubSession, r: GdbStop | null): boolean {
  if (r?.kind !== "breakpoint") return false;
  for (const [key, id] of session.points) if (id === r.id) return key.startsWith("1,");
  return false;
}

/** vCont;ACTION[:THREAD]…: the first action for thread 1 (or all threads) decides. */
function vCont(session: StubSession, actions: string): Promise<Reply> | Reply {
  for (const part of actions.split(";")) {
    if (part === "") continue;
    const [action, thread] = part.split(":");
    if (thread !== undefined && thread !== "1" && thread !== "-1" && thread !== "p1.1" && thread !== "p1.-1") continue;
    const a = action![0];
    if (a === "s" || a === "S") return resume(session, "step");
    if (a === "c" || a === "C") return resume(session, "cont");
    if (a === "t") return OK; // stop: we are stopped already in all-stop mode
    return EINVAL;
  }
  return EINVAL;
}

// --- Breakpoints and watchpoints -----------------------------------------------------------------------

const WATCH_ACCESS = { 2: "write", 3: "read", 4: "access" } as const;

function insertPoint(session: StubSession, type: number, addr: number, kind: number): Reply {
  const key = `${type},${addr},${kind}`;
  if (session.points.has(key)) return OK;
  if (type === 0 || type === 1) {
    session.points.set(key, session.dbg.addBreakpoint(addr));
    return OK;
  }
  if (type >= 2 && type <= 4) {
    if (kind < 1 || kind > 4096) return EINVAL;
    session.points.set(key, session.dbg.addWatchpoint({ start: addr, length: kind, access: WATCH_ACCESS[type as 2 | 3 | 4] }));
    return OK;
  }
  return text(""); // other types: not supported
}

function removePoint(session: StubSession, type: number, addr: number, kind: number): Reply {
  const key = `${type},${addr},${kind}`;
  const id = session.points.get(key);
  if (type > 4) return text("");
  if (id === undefined) return OK; // removing what is not there is not an error for GDB
  session.points.delete(key);
  if (type <= 1) session.dbg.removeBreakpoint(id);
  else session.dbg.removeWatchpoint(id);
  return OK;
}

/** Removes every point this connection inserted (detach, disconnect). */
export function removeAllPoints(session: StubSession): void {
  for (const [key, id] of session.points) {
    if (key.startsWith("0,") || key.startsWith("1,")) session.dbg.removeBreakpoint(id);
    else session.dbg.removeWatchpoint(id);
  }
  session.points.clear();
}

// --- Memory --------------------------------------------------------------------------------------------

/** Reads as much of [addr, addr+len) as is mapped, page by page; null when the first byte is not. */
function readMemory(dbg: Debugger, addr: number, len: number): Uint8Array | null {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const a = (addr + done) >>> 0;
    const chunk = Math.min(len - done, 0x1000 - (a & 0xfff));
    const b = dbg.readVirtual(a, chunk);
    if (!b) break;
    out.set(b, done);
    done += chunk;
  }
  return done === 0 && len > 0 ? null : out.subarray(0, done);
}

// --- The table -----------------------------------------------------------------------------------------

export const SUPPORTED = `PacketSize=${MAX_PACKET.toString(16)};qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+`;
/** Added to qSupported's answer when the stub serves a recording (startGdbServer's `reverse`). */
export const REVERSE_SUPPORTED = "ReverseStep+;ReverseContinue+";

export const COMMANDS: readonly CommandEntry[] = [
  { prefix: "?", params: "", handler: (s) => text(stopReply(s.lastStop, isHardware(s, s.lastStop))) },
  { prefix: "qSupported", params: "", handler: (s) => text(s.reverse ? `${SUPPORTED};${REVERSE_SUPPORTED}` : SUPPORTED) },
  { prefix: "QStartNoAckMode", params: "", handler: () => text("OK", "no-ack") },
  {
    prefix: "qXfer:features:read", params: "s:x,x", handler: (_s, [annex, off, len]) => {
      const doc = TARGET_DOCUMENTS[str(annex)];
      if (doc === undefined) return text("E00");
      const data = new TextEncoder().encode(doc);
      const start = Math.min(num(off), data.length);
      const piece = data.subarray(start, start + Math.min(num(len), MAX_PACKET / 2));
      return { kind: "binary", prefix: start + piece.length >= data.length ? "l" : "m", data: piece };
    },
  },
  { prefix: "qAttached", params: "", handler: () => text("1") },
  { prefix: "qC", params: "", handler: () => text("QC1") },
  { prefix: "qfThreadInfo", params: "", handler: () => text("m1") },
  { prefix: "qsThreadInfo", params: "", handler: () => text("l") },
  { prefix: "qSymbol", params: "", handler: () => OK },
  { prefix: "qRcmd", params: "H", handler: async (s, [cmd]) => {
    const out = await s.monitor(new TextDecoder("latin1").decode(bytesOf(cmd)));
    return text(out === "" ? "OK" : toHex(new TextEncoder().encode(out)));
  } },
  { prefix: "vMustReplyEmpty", params: "", handler: () => text("") },
  { prefix: "vCont?", params: "", handler: () => text("vCont;c;C;s;S;t") },
  { prefix: "vCont", params: "S", resumes: true, handler: (s, [actions]) => vCont(s, str(actions)) },
  { prefix: "vKill", params: "", handler: (s) => { s.kill(); return text("OK", "close"); } },
  { prefix: "H", params: "", handler: () => OK },
  { prefix: "T", params: "", handler: () => OK },
  {
    prefix: "g", params: "", handler: (s) => {
      const regs = s.dbg.registers();
      let out = "";
      for (let n = 0; n < G_PACKET_REGISTERS; n++) out += registerBytes(regs, n);
      return text(out);
    },
  },
  {
    prefix: "G", params: "H", handler: (s, [data]) => {
      const b = bytesOf(data);
      if (b.length < G_PACKET_REGISTERS * 4) return EINVAL;
      const regs = s.dbg.registers();
      for (let n = 0; n < G_PACKET_REGISTERS; n++) {
        const field = REGISTERS[n]!.field!;
        const v = le32(b, n * 4);
        if (regs[field] !== v) s.dbg.setRegister(field, v);
      }
      return OK;
    },
  },
  {
    prefix: "p", params: "x", handler: (s, [n]) => {
      if (num(n) >= REGISTERS.length) return EINVAL;
      return text(registerBytes(s.dbg.registers(), num(n)));
    },
  },
  {
    prefix: "P", params: "x=H", handler: (s, [n, data]) => {
      const r = REGISTERS[num(n)];
      const b = bytesOf(data);
      if (!r || b.length !== r.bits / 8) return EINVAL;
      if (r.field === null) return OK; // x87 is not modelled: accept and ignore, as GDB writes all of a frame
      s.dbg.setRegister(r.field, le32(b, 0));
      return OK;
    },
  },
  {
    prefix: "m", params: "x,x", handler: (s, [addr, len]) => {
      if (num(len) > MAX_PACKET / 2) return EINVAL;
      const b = readMemory(s.dbg, num(addr), num(len));
      return b ? text(toHex(b)) : EFAULT;
    },
  },
  { prefix: "M", params: "x,x:H", handler: (s, [addr, len, data]) => writeMemory(s, num(addr), num(len), bytesOf(data)) },
  { prefix: "X", params: "x,x:B", handler: (s, [addr, len, data]) => writeMemory(s, num(addr), num(len), bytesOf(data)) },
  { prefix: "Z", params: "x,x,x", handler: (s, [t, addr, kind]) => insertPoint(s, num(t), num(addr), num(kind)) },
  { prefix: "z", params: "x,x,x", handler: (s, [t, addr, kind]) => removePoint(s, num(t), num(addr), num(kind)) },
  // c [addr] / s [addr]: resuming at another address is `set $pc` first, as GDB itself does.
  { prefix: "c", params: "y", resumes: true, handler: (s, [addr]) => { if (addr !== undefined) s.dbg.setRegister("eip", num(addr)); return resume(s, "cont"); } },
  { prefix: "s", params: "y", resumes: true, handler: (s, [addr]) => { if (addr !== undefined) s.dbg.setRegister("eip", num(addr)); return resume(s, "step"); } },
  { prefix: "C", params: "", resumes: true, handler: (s) => resume(s, "cont") },
  { prefix: "bs", params: "", resumes: true, handler: (s) => reverseResume(s, "step") },
  { prefix: "bc", params: "", resumes: true, handler: (s) => reverseResume(s, "cont") },
  { prefix: "S", params: "", resumes: true, handler: (s) => resume(s, "step") },
  { prefix: "k", params: "", handler: (s) => { s.kill(); return { kind: "none", after: "close" }; } },
  {
    prefix: "D", params: "", handler: (s) => {
      removeAllPoints(s);
      return text("OK", "close"); // the server resumes the guest once the connection is gone
    },
  },
];

function writeMemory(s: StubSession, addr: number, len: number, data: Uint8Array): Reply {
  if (data.length !== len) return EINVAL;
  if (len === 0) return OK;
  return s.dbg.writeVirtual(addr, data) ? OK : EFAULT;
}

const SEPARATORS = new Set([0x3a, 0x2c, 0x3b]); // ":" "," ";"

/** The table entry for a packet and where its parameters start; null for an unknown packet. */
export function findCommand(payload: Uint8Array, table: readonly CommandEntry[] = COMMANDS): { entry: CommandEntry; rest: Uint8Array } | null {
  if (payload.length === 0) return null;
  const first = payload[0]!;
  for (const entry of table) {
    const p = entry.prefix;
    if (p.length === 1) {
      if (first === p.charCodeAt(0) && first !== 0x71 && first !== 0x51 && first !== 0x76) return { entry, rest: payload.subarray(1) }; // not q/Q/v
      continue;
    }
    if (payload.length < p.length) continue;
    let match = true;
    for (let i = 0; i < p.length; i++) if (payload[i] !== p.charCodeAt(i)) { match = false; break; }
    if (!match) continue;
    if (payload.length === p.length) return { entry, rest: payload.subarray(p.length) };
    if (SEPARATORS.has(payload[p.length]!) && !p.endsWith("?")) return { entry, rest: payload.subarray(p.length + 1) };
  }
  return null;
}

/** One packet's answer. Never throws: a malformed packet is E22, an unknown one the empty reply, a host error E01. */
export async function handlePacket(session: StubSession, payload: Uint8Array, table: readonly CommandEntry[] = COMMANDS): Promise<Reply> {
  const found = findCommand(payload, table);
  if (!found) return text("");
  const args = parseParams(found.entry.params, found.rest);
  if (!args) return EINVAL;
  try {
    return await found.entry.handler(session, args);
  } catch {
    // No "O" packet here: outside a resume or qRcmd GDB would take it for the reply.
    return text("E01");
  }
}
