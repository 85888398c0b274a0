import {
  drawMemoryMap
} from "./chunk-TGBMR3OT.js";
import {
  serializeSnapshot,
  takeSnapshot
} from "./chunk-P2XS6POQ.js";
import {
  CHECKPOINT_PORT,
  EXIT_PORT,
  PageFaultError,
  buildLayoutReport,
  checkMultiboot,
  createMachine,
  decodeSnapshot,
  describeVerdict,
  readKlrec,
  reportRegions,
  symbolTable,
  walkPageTables
} from "./chunk-77UGSOJI.js";
import "./chunk-3FAEH6UQ.js";
import {
  assemble,
  assembleOrThrow,
  buildSampleKernel,
  formatLinkMap,
  layoutToScript,
  link,
  mapResolver,
  sampleLayout
} from "./chunk-J4BCDQL7.js";
import {
  boundarySymbols,
  defineLayout
} from "./chunk-22XTJQOG.js";
import {
  initAssembler,
  readElf
} from "./chunk-ROIHUBHY.js";
import {
  KernlabError,
  diagnostic,
  formatDiagnostics,
  hex
} from "./chunk-SL2PM32D.js";

// replay/replayer.ts
var NEAR_TARGET = 2e4;
var DENSE_EVERY = 1e6;
async function openReplay(machine, bytes, opts = {}) {
  const fileName = opts.file ?? "<klrec>";
  const file = readKlrec(bytes, fileName);
  const h = file.header;
  if (machine.memoryBytes !== h.memoryMiB * 1024 * 1024) {
    throw new KernlabError(diagnostic("klrec-memory", `the recording was made with ${h.memoryMiB} MiB of guest RAM; this machine has ${machine.memoryBytes / (1024 * 1024)} MiB`, { file: fileName, line: 0, column: 0 }));
  }
  const denseEvery = opts.denseEvery ?? DENSE_EVERY;
  const byPoint = /* @__PURE__ */ new Map();
  for (const i of file.inputs) {
    const key = `${i.at}:${i.n}`;
    const list = byPoint.get(key) ?? [];
    list.push(i);
    byPoint.set(key, list);
  }
  const nodes = [];
  let parent = null;
  for (const [i, s] of file.snapshots.entries()) {
    const node = { at: s.at, state: null, fileIndex: i, parent };
    nodes.push(node);
    parent = node;
  }
  let sync = null;
  let control = null;
  let seeking = false;
  const met = [];
  const recorded = h.verdict ?? { kind: "stopped" };
  const insert = (node) => {
    let i = nodes.length;
    while (i > 0 && nodes[i - 1].at > node.at) i--;
    nodes.splice(i, 0, node);
  };
  const lastAtOrBefore = (count) => {
    let best = nodes[0];
    for (const n of nodes) if (n.at <= count && n.at >= best.at) best = n;
    return best;
  };
  const bootOpts = {
    kernelName: h.kernelName,
    ...h.cmdline !== null ? { cmdline: h.cmdline } : {},
    ...h.loader !== null ? { loader: h.loader } : {},
    modules: file.modules.map((data, i) => ({ data, ...h.modules[i]?.cmdline != null ? { cmdline: h.modules[i].cmdline } : {} })),
    guestMips: h.guestMips,
    checkpointNames: Object.fromEntries(Object.entries(h.checkpointNames).map(([k, v]) => [Number(k), v])),
    debug: { startPaused: true },
    serialTailBytes: 1 << 20,
    timeTravel: {
      inputsAt: (at, n) => byPoint.get(`${at}:${n}`) ?? [],
      end: { at: h.end, verdict: recorded },
      onEvent: (e) => {
        met.push(e);
      },
      onTick: (at) => {
        if (!control || denseEvery <= 0 || seeking === false) return;
        const last = lastAtOrBefore(at);
        if (at - last.at < denseEvery) return;
        const next = nodes.find((n) => n.at > last.at);
        if (next && next.at - at < denseEvery / 2) return;
        save();
      }
    }
  };
  const run = machine.boot(file.kernel, bootOpts);
  const debug = run.debug;
  await debug.ready;
  control = run.timeTravel;
  async function stateOf(node) {
    if (!node.state) node.state = await decodeSnapshot(file.snapshots[node.fileIndex], fileName);
    return node.state;
  }
  async function pagesBetween(from, to) {
    const toPath = [];
    for (let n = to; n; n = n.parent) toPath.push(n);
    const fromPath = [];
    for (let n = from; n; n = n.parent) fromPath.push(n);
    const fromSet = new Set(fromPath);
    const lca = toPath.find((n) => fromSet.has(n)) ?? null;
    const touched = /* @__PURE__ */ new Map();
    const mark = async (n) => {
      for (const [space, pages] of (await stateOf(n)).pages) {
        const set = touched.get(space) ?? /* @__PURE__ */ new Set();
        for (const index of pages.keys()) set.add(index);
        touched.set(space, set);
      }
    };
    for (const n of toPath) {
      if (n === lca) break;
      await mark(n);
    }
    for (const n of fromPath) {
      if (n === lca) break;
      await mark(n);
    }
    const out = /* @__PURE__ */ new Map();
    for (const [space, set] of touched) {
      const m = /* @__PURE__ */ new Map();
      for (const index of set) {
        let page;
        for (const n of toPath) {
          page = (await stateOf(n)).pages.get(space)?.get(index);
          if (page) break;
        }
        m.set(index, page ?? new Uint8Array(4096));
      }
      out.set(space, m);
    }
    return out;
  }
  async function restore(node) {
    const pages = await pagesBetween(sync, node);
    const state = await stateOf(node);
    try {
      control.restoreState(state, pages);
    } catch (e) {
      throw new KernlabError(diagnostic("klrec-corrupt", `the snapshot at count ${node.at} does not fit this machine (${e instanceof Error ? e.message : String(e)})`, { file: fileName, line: 0, column: 0 }));
    }
    sync = node;
  }
  function save() {
    const state = control.saveState();
    const node = { at: state.at, state, fileIndex: null, parent: sync };
    sync = node;
    const same = nodes.findIndex((n) => n.at === node.at);
    if (same < 0) insert(node);
    return node;
  }
  let serialText = "";
  run.on("serial", (b) => {
    serialText += String.fromCharCode(...b);
  });
  await restore(nodes[0]);
  const runTo = async (count) => {
    seeking = true;
    try {
      return await control.runTo(count);
    } finally {
      seeking = false;
    }
  };
  const timeline = {
    file,
    run,
    debug,
    recordedVerdict: h.verdict,
    position: () => control.position(),
    end: () => h.end,
    snapshots: () => nodes.map((n) => n.at),
    events: () => file.events,
    async seek(count) {
      if (!Number.isSafeInteger(count) || count < 0 || count > h.end) throw new RangeError(`seek: ${count} is outside the recording (0..${h.end})`);
      const pos = control.position();
      const base = lastAtOrBefore(count);
      if (!(pos <= count && pos >= base.at)) await restore(base);
      const from = control.position();
      if (count - from > NEAR_TARGET * 2) {
        await runTo(count - NEAR_TARGET);
        if (control.position() === count - NEAR_TARGET) save();
      }
      const r = await runTo(count);
      if (control.position() !== count) {
        const why = r.kind === "ended" ? `the replay ended (${r.verdict.kind}) at instruction ${control.position()}` : `the replay stopped at instruction ${control.position()} (${r.kind})`;
        throw new KernlabError(diagnostic("replay-diverged", `cannot stand at instruction ${count}: ${why}; the recording ends at ${h.end}`, { file: fileName, line: 0, column: 0 }));
      }
    },
    async playToEnd() {
      const r = await runTo(h.end);
      if (r.kind === "ended") return r.verdict;
      return await replayVerdict() ?? recorded;
    },
    serial: () => serialText,
    replayedEvents: () => met,
    async close() {
      run.stop();
      return run.result;
    }
  };
  async function replayVerdict() {
    const r = await debug.step(1);
    return r.kind === "ended" ? r.verdict : null;
  }
  return timeline;
}

// debug/gdb/server.ts
import { createServer } from "node:net";

// debug/gdb/framing.ts
var MAX_PACKET = 16384;
var INTERRUPT = 3;
var DOLLAR = 36;
var HASH = 35;
var BRACE = 125;
var STAR = 42;
var PLUS = 43;
var MINUS = 45;
function hexValue(b) {
  if (b >= 48 && b <= 57) return b - 48;
  if (b >= 97 && b <= 102) return b - 87;
  if (b >= 65 && b <= 70) return b - 55;
  return -1;
}
function checksum(bytes) {
  let sum = 0;
  for (const b of bytes) sum = sum + b & 255;
  return sum;
}
var Framer = class {
  constructor(write) {
    this.write = write;
  }
  write;
  /** After QStartNoAckMode: neither side sends or expects `+`/`-`. */
  noAck = false;
  state = "idle";
  buffer = new Uint8Array(256);
  length = 0;
  overflow = false;
  check = 0;
  lastSent = null;
  feed(chunk) {
    const events = [];
    for (const b of chunk) {
      switch (this.state) {
        case "idle":
          if (b === DOLLAR) {
            this.state = "payload";
            this.length = 0;
            this.overflow = false;
          } else if (b === INTERRUPT) events.push({ kind: "interrupt" });
          else if (b === MINUS && !this.noAck) {
            if (this.lastSent) this.write(this.lastSent);
            events.push({ kind: "nak" });
          }
          break;
        case "payload":
          if (b === HASH) {
            this.state = "check1";
            break;
          }
          if (b === DOLLAR) {
            this.length = 0;
            this.overflow = false;
            break;
          }
          this.push(b);
          break;
        case "check1": {
          const v = hexValue(b);
          this.check = v < 0 ? -1 : v << 4;
          this.state = "check2";
          break;
        }
        case "check2": {
          const v = hexValue(b);
          this.state = "idle";
          const payload = this.buffer.slice(0, this.length);
          if (this.overflow) {
            this.nak();
            events.push({ kind: "dropped", reason: "too-long" });
            break;
          }
          if (!this.noAck && (this.check < 0 || v < 0 || (this.check | v) !== checksum(payload))) {
            this.nak();
            events.push({ kind: "dropped", reason: "checksum" });
            break;
          }
          if (!this.noAck) this.write(Uint8Array.of(PLUS));
          events.push({ kind: "packet", payload });
          break;
        }
      }
    }
    return events;
  }
  /** Frames and writes one packet (payload already escaped/encoded by encodeText or encodeBinary). */
  send(payload) {
    const sum = checksum(payload);
    const out = new Uint8Array(payload.length + 4);
    out[0] = DOLLAR;
    out.set(payload, 1);
    out[payload.length + 1] = HASH;
    out[payload.length + 2] = HEX_DIGITS.charCodeAt(sum >> 4);
    out[payload.length + 3] = HEX_DIGITS.charCodeAt(sum & 15);
    this.lastSent = this.noAck ? null : out;
    this.write(out);
  }
  nak() {
    if (!this.noAck) this.write(Uint8Array.of(MINUS));
  }
  push(b) {
    if (this.length >= MAX_PACKET) {
      this.overflow = true;
      return;
    }
    if (this.length === this.buffer.length) {
      const bigger = new Uint8Array(Math.min(this.buffer.length * 2, MAX_PACKET));
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = b;
  }
};
var HEX_DIGITS = "0123456789abcdef";
function encodeText(text2) {
  const out = [];
  let i = 0;
  while (i < text2.length) {
    const c = text2.charCodeAt(i);
    if (c === DOLLAR || c === HASH || c === BRACE || c === STAR || c > 126) throw new Error(`text reply holds a character that needs escaping: ${JSON.stringify(text2.slice(i, i + 8))}`);
    let run = 1;
    while (i + run < text2.length && text2.charCodeAt(i + run) === c && run < 98) run++;
    let repeats = run - 1;
    if (repeats === 6 || repeats === 7) repeats = 5;
    out.push(c);
    if (repeats >= 3) {
      out.push(STAR, repeats + 29);
      i += repeats + 1;
    } else {
      i += 1;
    }
  }
  return Uint8Array.from(out);
}
function encodeBinary(prefix, data) {
  const out = [];
  for (let i = 0; i < prefix.length; i++) out.push(prefix.charCodeAt(i));
  for (const b of data) {
    if (b === DOLLAR || b === HASH || b === BRACE || b === STAR) out.push(BRACE, b ^ 32);
    else out.push(b);
  }
  return Uint8Array.from(out);
}
function unescape(data) {
  const out = new Uint8Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === BRACE) {
      if (i + 1 >= data.length) return null;
      out[n++] = data[++i] ^ 32;
    } else {
      out[n++] = b;
    }
  }
  return out.slice(0, n);
}
function toHex(bytes) {
  let s = "";
  for (const b of bytes) s += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  return s;
}
function fromHex(text2) {
  if (text2.length % 2 !== 0) return null;
  const out = new Uint8Array(text2.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text2.charCodeAt(2 * i)), lo = hexValue(text2.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = hi << 4 | lo;
  }
  return out;
}

// debug/gdb/target.ts
var gp = (name, type = "int32") => ({ name, bits: 32, type, field: name, feature: "core" });
var x87 = (name, bits) => ({ name, bits, type: bits === 80 ? "i387_ext" : "int32", group: "float", field: null, feature: "core" });
var sys = (name) => ({ name, bits: 32, type: "uint32", group: "system", field: name, feature: "sys" });
var REGISTERS = [
  gp("eax"),
  gp("ecx"),
  gp("edx"),
  gp("ebx"),
  gp("esp", "data_ptr"),
  gp("ebp", "data_ptr"),
  gp("esi"),
  gp("edi"),
  gp("eip", "code_ptr"),
  gp("eflags", "i386_eflags"),
  gp("cs"),
  gp("ss"),
  gp("ds"),
  gp("es"),
  gp("fs"),
  gp("gs"),
  ...["st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7"].map((n) => x87(n, 80)),
  ...["fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"].map((n) => x87(n, 32)),
  sys("cr0"),
  sys("cr2"),
  sys("cr3"),
  sys("cr4")
];
var G_PACKET_REGISTERS = 16;
var EFLAGS_TYPE = `  <flags id="i386_eflags" size="4">
    <field name="CF" start="0" end="0"/>
    <field name="" start="1" end="1"/>
    <field name="PF" start="2" end="2"/>
    <field name="AF" start="4" end="4"/>
    <field name="ZF" start="6" end="6"/>
    <field name="SF" start="7" end="7"/>
    <field name="TF" start="8" end="8"/>
    <field name="IF" start="9" end="9"/>
    <field name="DF" start="10" end="10"/>
    <field name="OF" start="11" end="11"/>
    <field name="NT" start="14" end="14"/>
    <field name="RF" start="16" end="16"/>
    <field name="VM" start="17" end="17"/>
    <field name="AC" start="18" end="18"/>
    <field name="VIF" start="19" end="19"/>
    <field name="VIP" start="20" end="20"/>
    <field name="ID" start="21" end="21"/>
  </flags>
`;
function regXml(r, n) {
  return `  <reg name="${r.name}" bitsize="${r.bits}" type="${r.type}" regnum="${n}"${r.group ? ` group="${r.group}"` : ""}/>
`;
}
function featureXml(name, feature, extra = "") {
  const regs = REGISTERS.map((r, n) => r.feature === feature ? regXml(r, n) : "").join("");
  return `<feature name="${name}">
${extra}${regs}</feature>
`;
}
var TARGET_DOCUMENTS = {
  "target.xml": `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>i386</architecture>
${featureXml("org.gnu.gdb.i386.core", "core", EFLAGS_TYPE)}${featureXml("org.kernlab.i386.sys", "sys")}</target>
`
};

// debug/gdb/commands.ts
var text = (t, after) => after ? { kind: "text", text: t, after } : { kind: "text", text: t };
var OK = text("OK");
var EINVAL = text("E22");
var EFAULT = text("E14");
var num = (a) => typeof a === "number" ? a : 0;
var bytesOf = (a) => a instanceof Uint8Array ? a : new Uint8Array(0);
var str = (a) => typeof a === "string" ? a : "";
function parseHexNumber(s) {
  if (!/^[0-9a-fA-F]{1,16}$/.test(s)) return null;
  const digits = s.replace(/^0+(?=.)/, "");
  if (digits.length > 8) return null;
  return parseInt(digits, 16) >>> 0;
}
function parseParams(shape, rest) {
  const args = [];
  let pos = 0;
  const latin1 = (a, b) => {
    let s = "";
    for (let i = a; i < b; i++) s += String.fromCharCode(rest[i]);
    return s;
  };
  for (let i = 0; i < shape.length; i++) {
    const c = shape[i];
    if (c === "x" || c === "y" || c === "s") {
      const stop = shape[i + 1];
      let end = pos;
      while (end < rest.length && (stop === void 0 || rest[end] !== stop.charCodeAt(0))) end++;
      if (stop !== void 0 && end >= rest.length && c !== "y") return null;
      const field = latin1(pos, end);
      if (c === "s") args.push(field);
      else if (c === "y" && field === "") args.push(void 0);
      else {
        const n = parseHexNumber(field);
        if (n === null) return null;
        args.push(n);
      }
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
      if (pos >= rest.length && shape[i + 1] === "y") {
        args.push(void 0);
        i++;
        continue;
      }
      if (rest[pos] !== c.charCodeAt(0)) return null;
      pos++;
    }
  }
  return shape === "" || pos === rest.length ? args : null;
}
function registerBytes(regs, n) {
  const r = REGISTERS[n];
  if (r.field === null) return "xx".repeat(r.bits / 8);
  const v = regs[r.field];
  return toHex(Uint8Array.of(v & 255, v >>> 8 & 255, v >>> 16 & 255, v >>> 24 & 255));
}
function le32(b, at) {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}
var SIGNAL = { SIGINT: 2, SIGILL: 4, SIGTRAP: 5, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11, SIGALRM: 14 };
function vectorSignal(vector) {
  if (vector === 14 || vector === 13 || vector === 12 || vector === 11 || vector === 10) return SIGNAL.SIGSEGV;
  if (vector === 0 || vector === 16 || vector === 19) return SIGNAL.SIGFPE;
  if (vector === 6) return SIGNAL.SIGILL;
  return SIGNAL.SIGTRAP;
}
var h2 = (n) => n.toString(16).padStart(2, "0");
function stopReply(r, hardware = false) {
  if (r === null) return `T${h2(SIGNAL.SIGTRAP)}thread:1;`;
  switch (r.kind) {
    case "step":
      return `T${h2(SIGNAL.SIGTRAP)}thread:1;`;
    case "breakpoint":
      return `T${h2(SIGNAL.SIGTRAP)}thread:1;${hardware ? "hwbreak" : "swbreak"}:;`;
    case "watchpoint": {
      const key = r.access === "write" ? "watch" : r.access === "read" ? "rwatch" : "awatch";
      return `T${h2(SIGNAL.SIGTRAP)}thread:1;${key}:${(r.address >>> 0).toString(16)};`;
    }
    case "vector":
      return `T${h2(vectorSignal(r.vector))}thread:1;`;
    case "control-register":
      return `T${h2(SIGNAL.SIGTRAP)}thread:1;`;
    case "interrupted":
      return `T${h2(SIGNAL.SIGINT)}thread:1;`;
    case "ended": {
      const v = r.verdict;
      if (v.kind === "exited") return `W${h2(v.code & 255)}`;
      if (v.kind === "triple-fault") return `X${h2(SIGNAL.SIGSEGV)}`;
      if (v.kind === "timeout") return `X${h2(SIGNAL.SIGALRM)}`;
      return `X${h2(SIGNAL.SIGKILL)}`;
    }
  }
}
function stopNote(r) {
  if (r.kind === "vector") {
    return `kernlab: caught vector ${r.vector}${r.errorCode !== null ? ` error code 0x${r.errorCode.toString(16)}` : ""}${r.cr2 !== null ? ` CR2=0x${(r.cr2 >>> 0).toString(16).padStart(8, "0")}` : ""}
`;
  }
  if (r.kind === "control-register") return `kernlab: CR${r.register} written: 0x${(r.value >>> 0).toString(16).padStart(8, "0")}
`;
  if (r.kind === "ended") return `kernlab: ${describeVerdict(r.verdict)}
`;
  return null;
}
async function resume(session, how) {
  const r = how === "step" ? await session.dbg.step(1) : await session.dbg.cont();
  session.lastStop = r;
  const note = stopNote(r);
  if (note) session.output(note);
  return text(stopReply(r, isHardware(session, r)));
}
function isHardware(session, r) {
  if (r?.kind !== "breakpoint") return false;
  for (const [key, id] of session.points) if (id === r.id) return key.startsWith("1,");
  return false;
}
function vCont(session, actions) {
  for (const part of actions.split(";")) {
    if (part === "") continue;
    const [action, thread] = part.split(":");
    if (thread !== void 0 && thread !== "1" && thread !== "-1" && thread !== "p1.1" && thread !== "p1.-1") continue;
    const a = action[0];
    if (a === "s" || a === "S") return resume(session, "step");
    if (a === "c" || a === "C") return resume(session, "cont");
    if (a === "t") return OK;
    return EINVAL;
  }
  return EINVAL;
}
var WATCH_ACCESS = { 2: "write", 3: "read", 4: "access" };
function insertPoint(session, type, addr, kind) {
  const key = `${type},${addr},${kind}`;
  if (session.points.has(key)) return OK;
  if (type === 0 || type === 1) {
    session.points.set(key, session.dbg.addBreakpoint(addr));
    return OK;
  }
  if (type >= 2 && type <= 4) {
    if (kind < 1 || kind > 4096) return EINVAL;
    session.points.set(key, session.dbg.addWatchpoint({ start: addr, length: kind, access: WATCH_ACCESS[type] }));
    return OK;
  }
  return text("");
}
function removePoint(session, type, addr, kind) {
  const key = `${type},${addr},${kind}`;
  const id = session.points.get(key);
  if (type > 4) return text("");
  if (id === void 0) return OK;
  session.points.delete(key);
  if (type <= 1) session.dbg.removeBreakpoint(id);
  else session.dbg.removeWatchpoint(id);
  return OK;
}
function removeAllPoints(session) {
  for (const [key, id] of session.points) {
    if (key.startsWith("0,") || key.startsWith("1,")) session.dbg.removeBreakpoint(id);
    else session.dbg.removeWatchpoint(id);
  }
  session.points.clear();
}
function readMemory(dbg, addr, len) {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const a = addr + done >>> 0;
    const chunk = Math.min(len - done, 4096 - (a & 4095));
    const b = dbg.readVirtual(a, chunk);
    if (!b) break;
    out.set(b, done);
    done += chunk;
  }
  return done === 0 && len > 0 ? null : out.subarray(0, done);
}
var SUPPORTED = `PacketSize=${MAX_PACKET.toString(16)};qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+`;
var COMMANDS = [
  { prefix: "?", params: "", handler: (s) => text(stopReply(s.lastStop, isHardware(s, s.lastStop))) },
  { prefix: "qSupported", params: "", handler: () => text(SUPPORTED) },
  { prefix: "QStartNoAckMode", params: "", handler: () => text("OK", "no-ack") },
  {
    prefix: "qXfer:features:read",
    params: "s:x,x",
    handler: (_s, [annex, off, len]) => {
      const doc = TARGET_DOCUMENTS[str(annex)];
      if (doc === void 0) return text("E00");
      const data = new TextEncoder().encode(doc);
      const start = Math.min(num(off), data.length);
      const piece = data.subarray(start, start + Math.min(num(len), MAX_PACKET / 2));
      return { kind: "binary", prefix: start + piece.length >= data.length ? "l" : "m", data: piece };
    }
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
  { prefix: "vKill", params: "", handler: (s) => {
    s.kill();
    return text("OK", "close");
  } },
  { prefix: "H", params: "", handler: () => OK },
  { prefix: "T", params: "", handler: () => OK },
  {
    prefix: "g",
    params: "",
    handler: (s) => {
      const regs = s.dbg.registers();
      let out = "";
      for (let n = 0; n < G_PACKET_REGISTERS; n++) out += registerBytes(regs, n);
      return text(out);
    }
  },
  {
    prefix: "G",
    params: "H",
    handler: (s, [data]) => {
      const b = bytesOf(data);
      if (b.length < G_PACKET_REGISTERS * 4) return EINVAL;
      const regs = s.dbg.registers();
      for (let n = 0; n < G_PACKET_REGISTERS; n++) {
        const field = REGISTERS[n].field;
        const v = le32(b, n * 4);
        if (regs[field] !== v) s.dbg.setRegister(field, v);
      }
      return OK;
    }
  },
  {
    prefix: "p",
    params: "x",
    handler: (s, [n]) => {
      if (num(n) >= REGISTERS.length) return EINVAL;
      return text(registerBytes(s.dbg.registers(), num(n)));
    }
  },
  {
    prefix: "P",
    params: "x=H",
    handler: (s, [n, data]) => {
      const r = REGISTERS[num(n)];
      const b = bytesOf(data);
      if (!r || b.length !== r.bits / 8) return EINVAL;
      if (r.field === null) return OK;
      s.dbg.setRegister(r.field, le32(b, 0));
      return OK;
    }
  },
  {
    prefix: "m",
    params: "x,x",
    handler: (s, [addr, len]) => {
      if (num(len) > MAX_PACKET / 2) return EINVAL;
      const b = readMemory(s.dbg, num(addr), num(len));
      return b ? text(toHex(b)) : EFAULT;
    }
  },
  { prefix: "M", params: "x,x:H", handler: (s, [addr, len, data]) => writeMemory(s, num(addr), num(len), bytesOf(data)) },
  { prefix: "X", params: "x,x:B", handler: (s, [addr, len, data]) => writeMemory(s, num(addr), num(len), bytesOf(data)) },
  { prefix: "Z", params: "x,x,x", handler: (s, [t, addr, kind]) => insertPoint(s, num(t), num(addr), num(kind)) },
  { prefix: "z", params: "x,x,x", handler: (s, [t, addr, kind]) => removePoint(s, num(t), num(addr), num(kind)) },
  // c [addr] / s [addr]: resuming at another address is `set $pc` first, as GDB itself does.
  { prefix: "c", params: "y", resumes: true, handler: (s, [addr]) => {
    if (addr !== void 0) s.dbg.setRegister("eip", num(addr));
    return resume(s, "cont");
  } },
  { prefix: "s", params: "y", resumes: true, handler: (s, [addr]) => {
    if (addr !== void 0) s.dbg.setRegister("eip", num(addr));
    return resume(s, "step");
  } },
  { prefix: "C", params: "", resumes: true, handler: (s) => resume(s, "cont") },
  { prefix: "S", params: "", resumes: true, handler: (s) => resume(s, "step") },
  { prefix: "k", params: "", handler: (s) => {
    s.kill();
    return { kind: "none", after: "close" };
  } },
  {
    prefix: "D",
    params: "",
    handler: (s) => {
      removeAllPoints(s);
      return text("OK", "close");
    }
  }
];
function writeMemory(s, addr, len, data) {
  if (data.length !== len) return EINVAL;
  if (len === 0) return OK;
  return s.dbg.writeVirtual(addr, data) ? OK : EFAULT;
}
var SEPARATORS = /* @__PURE__ */ new Set([58, 44, 59]);
function findCommand(payload, table = COMMANDS) {
  if (payload.length === 0) return null;
  const first = payload[0];
  for (const entry of table) {
    const p = entry.prefix;
    if (p.length === 1) {
      if (first === p.charCodeAt(0) && first !== 113 && first !== 81 && first !== 118) return { entry, rest: payload.subarray(1) };
      continue;
    }
    if (payload.length < p.length) continue;
    let match = true;
    for (let i = 0; i < p.length; i++) if (payload[i] !== p.charCodeAt(i)) {
      match = false;
      break;
    }
    if (!match) continue;
    if (payload.length === p.length) return { entry, rest: payload.subarray(p.length) };
    if (SEPARATORS.has(payload[p.length]) && !p.endsWith("?")) return { entry, rest: payload.subarray(p.length + 1) };
  }
  return null;
}
async function handlePacket(session, payload, table = COMMANDS) {
  const found = findCommand(payload, table);
  if (!found) return text("");
  const args = parseParams(found.entry.params, found.rest);
  if (!args) return EINVAL;
  try {
    return await found.entry.handler(session, args);
  } catch {
    return text("E01");
  }
}

// debug/gdb/server.ts
function parseGdbAddress(text2) {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(text2);
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65535) return null;
  let host = m[1] ?? "127.0.0.1";
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "") host = "127.0.0.1";
  return { host, port };
}
async function startGdbServer(opts) {
  const host = opts.host ?? "127.0.0.1";
  let active = null;
  let lastStop = null;
  const inflight = /* @__PURE__ */ new Set();
  const stopWaiters = [];
  opts.dbg.on("stop", () => {
    for (const w of stopWaiters.splice(0)) w();
  });
  const sockets = /* @__PURE__ */ new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (active) {
      socket.destroy();
      return;
    }
    active = socket;
    serve(socket, opts, () => lastStop, (r) => {
      lastStop = r;
    }, inflight, stopWaiters).finally(() => {
      if (active === socket) active = null;
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const a = server.address();
  return {
    address: { host: a.address, port: a.port },
    close: async () => {
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 1e3))]);
      await new Promise((resolve) => {
        for (const s of sockets) s.end();
        const cut = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 1e3);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
      });
    }
  };
}
var RESUMING = /^([cCsS]|vCont;)/;
async function serve(socket, opts, getStop, setStop, inflight, stopWaiters) {
  const { dbg } = opts;
  socket.setNoDelay(true);
  let closed = false;
  const write = (b) => {
    if (!closed) socket.write(b);
  };
  const framer = new Framer(write);
  let resuming = false;
  let killed = false;
  const session = {
    dbg,
    lastStop: getStop(),
    points: /* @__PURE__ */ new Map(),
    kill: () => {
      killed = true;
      opts.kill();
    },
    monitor: (line) => opts.monitor(line),
    output: (text2) => framer.send(encodeText("O" + toHex(new TextEncoder().encode(text2))))
  };
  opts.log?.(`gdb connected from ${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`);
  if (!dbg.stopped) session.lastStop = null;
  const ready = dbg.stopped ? Promise.resolve() : new Promise((resolve) => {
    stopWaiters.push(resolve);
    dbg.pause();
  });
  const queue = [];
  let wake = null;
  let after = null;
  socket.on("data", (chunk) => {
    for (const ev of framer.feed(new Uint8Array(chunk))) {
      if (ev.kind === "packet") queue.push(ev.payload);
      else if (ev.kind === "interrupt" && resuming && !dbg.stopped) dbg.pause();
    }
    wake?.();
  });
  socket.on("close", () => {
    closed = true;
    wake?.();
  });
  socket.on("error", () => {
    closed = true;
    wake?.();
  });
  await ready;
  while (!closed && after === null) {
    const payload = queue.shift();
    if (!payload) {
      await new Promise((r) => {
        wake = r;
      });
      wake = null;
      continue;
    }
    resuming = RESUMING.test(String.fromCharCode(...payload.subarray(0, 6)));
    const answered = handlePacket(session, payload).then((r) => {
      if (r.kind === "text") framer.send(encodeText(r.text));
      else if (r.kind === "binary") framer.send(encodeBinary(r.prefix, r.data));
      return r;
    });
    inflight.add(answered);
    let reply;
    try {
      reply = await answered;
    } finally {
      inflight.delete(answered);
      resuming = false;
    }
    if (session.lastStop) setStop(session.lastStop);
    if (reply.kind === "text" && reply.after === "no-ack") framer.noAck = true;
    if (reply.kind !== "binary" && reply.after === "close") after = "close";
    if (reply.kind === "text" && session.lastStop?.kind === "ended" && /^[WX]/.test(reply.text)) after = "close";
  }
  removeAllPoints(session);
  if (!closed) socket.end();
  const last = session.lastStop;
  if (last?.kind !== "ended" && dbg.stopped && !killed) void dbg.cont().catch(() => void 0);
  opts.log?.("gdb disconnected");
}

// debug/gdb/monitor.ts
var MonitorError = class extends Error {
};
var h8 = (n) => (n >>> 0).toString(16).padStart(8, "0");
function symbolsOf(ctx) {
  return symbolTable(ctx.kernel ?? new Uint8Array(0));
}
function parseAddress(ctx, text2) {
  const m = /^(.+?)(?:([+-])(0x[0-9a-f]+|\d+))?$/i.exec(text2.trim());
  if (!m) throw new MonitorError(`expected an address, got '${text2}'`);
  const base = m[1];
  let v = null;
  if (/^0x[0-9a-f]+$/i.test(base)) v = parseInt(base.slice(2), 16);
  else if (/^\d+$/.test(base)) v = parseInt(base, 10);
  else if (base.startsWith("$")) {
    const regs = ctx.dbg.registers();
    const r = regs[base.slice(1).toLowerCase()];
    if (typeof r === "number") v = r;
  } else v = symbolsOf(ctx).address(base);
  if (v === null || !Number.isFinite(v) || v > 4294967295) throw new MonitorError(`unknown address '${base}'`);
  const off = m[3] ? m[3].startsWith("0x") ? parseInt(m[3].slice(2), 16) : parseInt(m[3], 10) : 0;
  return (m[2] === "-" ? v - off : v + off) >>> 0;
}
function eflagsLetters(eflags) {
  const bits = [[11, "O"], [10, "D"], [7, "S"], [6, "Z"], [4, "A"], [2, "P"], [0, "C"]];
  return bits.map(([b, c]) => eflags >>> b & 1 ? c : "-").join("");
}
function descriptorAt(ctx, tableBase, tableLimit, selector) {
  const index = selector & ~7;
  if (selector & 4 || index === 0 || index + 7 > tableLimit) return null;
  const b = ctx.dbg.readVirtual(tableBase + index >>> 0, 8);
  return b ? decodeDescriptor(b) : null;
}
function decodeDescriptor(b) {
  const lo = (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0;
  const hi = (b[4] | b[5] << 8 | b[6] << 16 | b[7] << 24) >>> 0;
  const base = (lo >>> 16 | (hi & 255) << 16 | hi & 4278190080) >>> 0;
  let limit = (lo & 65535 | hi & 983040) >>> 0;
  if (hi & 8388608) limit = (limit << 12 | 4095) >>> 0;
  return { base, limit, flags: (hi & 16776960) >>> 0, present: !!(hi & 32768) };
}
function formatRegisters(ctx, r) {
  const seg = (name, sel) => {
    const d = descriptorAt(ctx, r.gdtr.base, r.gdtr.limit, sel);
    return `${name.padEnd(3)}=${sel.toString(16).padStart(4, "0")} ${d ? `${h8(d.base)} ${h8(d.limit)} ${h8(d.flags)}` : "-------- -------- --------"}`;
  };
  const syms = symbolsOf(ctx);
  return [
    `EAX=${h8(r.eax)} EBX=${h8(r.ebx)} ECX=${h8(r.ecx)} EDX=${h8(r.edx)}`,
    `ESI=${h8(r.esi)} EDI=${h8(r.edi)} EBP=${h8(r.ebp)} ESP=${h8(r.esp)}`,
    `EIP=${h8(r.eip)} EFL=${h8(r.eflags)} [${eflagsLetters(r.eflags)}] CPL=${r.cs & 3} IF=${r.eflags >>> 9 & 1}   ${syms.format(r.eip)}`,
    seg("ES", r.es),
    seg("CS", r.cs),
    seg("SS", r.ss),
    seg("DS", r.ds),
    seg("FS", r.fs),
    seg("GS", r.gs),
    seg("LDT", r.ldtr ?? 0),
    seg("TR", r.tr),
    `GDT=     ${h8(r.gdtr.base)} ${h8(r.gdtr.limit)}`,
    `IDT=     ${h8(r.idtr.base)} ${h8(r.idtr.limit)}`,
    `CR0=${h8(r.cr0)} CR2=${h8(r.cr2)} CR3=${h8(r.cr3)} CR4=${h8(r.cr4)}`
  ].join("\n") + "\n";
}
function shortRegisters(ctx, r) {
  return `EIP=${h8(r.eip)} ${symbolsOf(ctx).format(r.eip)}  EAX=${h8(r.eax)} EBX=${h8(r.ebx)} ECX=${h8(r.ecx)} EDX=${h8(r.edx)}
ESP=${h8(r.esp)} EBP=${h8(r.ebp)} ESI=${h8(r.esi)} EDI=${h8(r.edi)} EFL=${h8(r.eflags)} [${eflagsLetters(r.eflags)}] CR3=${h8(r.cr3)}
`;
}
function mappings(ctx) {
  const r = ctx.dbg.registers();
  if (!(r.cr0 & 2147483648)) return "PG disabled\n";
  return walkPageTables(ctx.memory, r.cr3);
}
var prot = (m) => `${m.user ? "u" : "-"}r${m.writable ? "w" : "-"}`;
function formatMem(list) {
  return list.map((m) => `${h8(m.vaddr)}-${h8(m.vaddr + m.size)} ${h8(m.size)} ${prot(m)}${m.problem ? `  (${m.problem})` : ""}
`).join("");
}
function formatTlb(list) {
  return list.map((m) => {
    const pages = m.large ? `${m.size / 4194304} x 4M` : `${m.size / 4096} x 4K`;
    return `${h8(m.vaddr)}: ${h8(m.paddr)} ${pages.padStart(10)} ${m.large ? "PS" : "--"} ${m.user ? "U" : "-"}${m.writable ? "W" : "-"}P${m.problem ? `  (${m.problem})` : ""}
`;
  }).join("");
}
var SYSTEM_TYPES = { 1: "TSS16 avl", 2: "LDT", 3: "TSS16 busy", 4: "call16", 5: "task gate", 6: "int16", 7: "trap16", 9: "TSS32 avl", 11: "TSS32 busy", 12: "call32", 14: "int32", 15: "trap32" };
function formatGdt(ctx) {
  const r = ctx.dbg.registers();
  const count = Math.min(Math.floor((r.gdtr.limit + 1) / 8), 8192);
  const raw = ctx.dbg.readVirtual(r.gdtr.base, count * 8);
  if (!raw) return `GDT at ${hex(r.gdtr.base)} is not mapped
`;
  const lines = [`GDT=${h8(r.gdtr.base)} limit ${h8(r.gdtr.limit)} (${count} entries)`];
  for (let i = 0; i < count; i++) {
    const b = raw.subarray(i * 8, i * 8 + 8);
    if (b.every((x) => x === 0)) {
      if (i === 0) lines.push("[0x00] null");
      continue;
    }
    const d = decodeDescriptor(b);
    const access = b[5];
    const dpl = access >>> 5 & 3;
    const s = !!(access & 16);
    const what = s ? access & 8 ? `code ${b[6] & 64 ? "32" : "16"}-bit${access & 4 ? " conforming" : ""}${access & 2 ? " readable" : ""}` : `data ${b[6] & 64 ? "32" : "16"}-bit${access & 2 ? " writable" : " read-only"}${access & 4 ? " expand-down" : ""}` : SYSTEM_TYPES[access & 15] ?? `system type ${access & 15}`;
    lines.push(`[0x${(i * 8).toString(16).padStart(2, "0")}] base ${h8(d.base)} limit ${h8(d.limit)} DPL${dpl} ${d.present ? "P " : "NP"} ${what}`);
  }
  return lines.join("\n") + "\n";
}
function formatIdt(ctx) {
  const r = ctx.dbg.registers();
  const count = Math.min(Math.floor((r.idtr.limit + 1) / 8), 256);
  const raw = ctx.dbg.readVirtual(r.idtr.base, count * 8);
  if (!raw) return `IDT at ${hex(r.idtr.base)} is not mapped
`;
  const syms = symbolsOf(ctx);
  const lines = [`IDT=${h8(r.idtr.base)} limit ${h8(r.idtr.limit)} (${count} vectors)`];
  for (let v = 0; v < count; v++) {
    const b = raw.subarray(v * 8, v * 8 + 8);
    const access = b[5];
    if (!(access & 128)) continue;
    const selector = b[2] | b[3] << 8;
    const offset = (b[0] | b[1] << 8 | b[6] << 16 | b[7] << 24) >>> 0;
    const type = SYSTEM_TYPES[access & 15] ?? `type ${access & 15}`;
    lines.push(`[${String(v).padStart(3)}] ${selector.toString(16).padStart(4, "0")}:${h8(offset)} ${type.padEnd(9)} DPL${access >>> 5 & 3}  ${syms.format(offset)}`);
  }
  if (lines.length === 1) lines.push("(no present gates)");
  return lines.join("\n") + "\n";
}
function parseDumpArgs(ctx, args) {
  let spec = "";
  let rest = args;
  if (rest[0]?.startsWith("/")) {
    spec = rest[0].slice(1);
    rest = rest.slice(1);
  }
  const m = /^(\d*)([xduc]?)([bhwg]?)$/.exec(spec);
  if (!m || rest.length !== 1) throw new MonitorError("usage: xp /Nfu ADDR (N count, f format x|d|u|c, u unit b|h|w|g)");
  const count = m[1] ? parseInt(m[1], 10) : 1;
  if (count < 1 || count > 4096) throw new MonitorError(`count ${count}: expected 1 to 4096`);
  const unit = { b: 1, h: 2, w: 4, g: 8, "": 4 }[m[3]];
  return { count, format: m[2] || "x", unit: m[2] === "c" ? 1 : unit, addr: parseAddress(ctx, rest[0]) };
}
function formatDump(addr, bytes, unit, format) {
  const perLine = format === "c" ? 16 : 16 / unit;
  const lines = [];
  for (let i = 0; i < bytes.length; i += perLine * unit) {
    const cells = [];
    for (let j = i; j < Math.min(bytes.length, i + perLine * unit); j += unit) {
      let v = 0n;
      for (let k = unit - 1; k >= 0; k--) v = v << 8n | BigInt(bytes[j + k]);
      if (format === "c") {
        const c = Number(v);
        cells.push(c >= 32 && c < 127 ? String.fromCharCode(c) : ".");
        continue;
      }
      if (format === "x") cells.push("0x" + v.toString(16).padStart(unit * 2, "0"));
      else if (format === "u") cells.push(v.toString());
      else {
        const bits = BigInt(unit * 8);
        const signed = v >= 1n << bits - 1n ? v - (1n << bits) : v;
        cells.push(signed.toString());
      }
    }
    lines.push(`${h8(addr + i)}: ${cells.join(format === "c" ? "" : " ")}`);
  }
  return lines.join("\n") + "\n";
}
function dump(ctx, args, physical) {
  const { count, format, unit, addr } = parseDumpArgs(ctx, args);
  const length = count * unit;
  const bytes = physical ? ctx.dbg.readPhysical(addr, length) : ctx.dbg.readVirtual(addr, length);
  if (!bytes) return physical ? `${hex(addr)}+${length} is outside guest RAM
` : `Cannot access memory at address ${hex(addr)}
`;
  return formatDump(addr, bytes, unit, format);
}
function layoutReport(ctx) {
  if (!ctx.kernel) throw new MonitorError("no kernel ELF: the layout report needs the kernel's sections");
  return buildLayoutReport({ elf: ctx.kernel, snapshot: { registers: ctx.dbg.registers(), memory: ctx.memory } });
}
function describeStop(ctx, r) {
  const syms = symbolsOf(ctx);
  const at = () => {
    const eip = ctx.dbg.registers().eip;
    return `${hex(eip)} ${syms.format(eip)}`;
  };
  switch (r.kind) {
    case "step":
      return `stopped at ${at()}
`;
    case "breakpoint":
      return `breakpoint ${r.id} at ${at()}
`;
    case "watchpoint":
      return `watchpoint ${r.id} (${r.access} ${hex(r.address)}+${r.length}) by ${hex(r.eip)} ${syms.format(r.eip)}; now at ${at()}
`;
    case "vector":
      return `vector ${r.vector}${r.errorCode !== null ? ` error ${hex(r.errorCode)}` : ""}${r.cr2 !== null ? ` CR2=${hex(r.cr2)}` : ""} at ${at()}
`;
    case "control-register":
      return `CR${r.register} <- ${hex(r.value)} at ${at()}
`;
    case "interrupted":
      return `stopped at ${at()}
`;
    case "ended":
      return `the run ended (${r.verdict.kind})
`;
  }
}
var VECTOR_NAMES = { de: 0, db: 1, nmi: 2, bp: 3, of: 4, br: 5, ud: 6, nm: 7, df: 8, ts: 10, np: 11, ss: 12, gp: 13, pf: 14, mf: 16, ac: 17, mc: 18, xm: 19 };
function catchArgs(args, on, ctx) {
  if (args.length === 0) throw new MonitorError("usage: catch VECTOR|pf|gp|df|ud|\u2026|cr");
  const done = [];
  for (const a of args) {
    const name = a.toLowerCase().replace(/^#/, "");
    if (name === "cr") {
      ctx.dbg.catchControlRegisterWrites(on);
      done.push("control register writes");
      continue;
    }
    const v = VECTOR_NAMES[name] ?? (/^(0x[0-9a-f]+|\d+)$/i.test(name) ? Number(name) : NaN);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new MonitorError(`unknown vector '${a}'`);
    ctx.dbg.catchVector(v, on);
    done.push(`vector ${v}`);
  }
  return `${on ? "catching" : "not catching"} ${done.join(", ")}
`;
}
var MONITOR_COMMANDS = [
  { name: "help", usage: "help", help: "list the commands", run: (ctx) => monitorHelp(ctx.where) },
  { name: "info registers", usage: "info registers", help: "all registers: general, segments, EFLAGS, CR0-CR4, GDTR, IDTR, TR", run: (ctx) => formatRegisters(ctx, ctx.dbg.registers()) },
  { name: "info mem", usage: "info mem", help: "mapped virtual ranges and their protection (the guest's page tables)", run: (ctx) => {
    const m = mappings(ctx);
    return typeof m === "string" ? m : formatMem(m) || "no present mappings\n";
  } },
  { name: "info tlb", usage: "info tlb", help: "virtual \u2192 physical, one line per run of pages", run: (ctx) => {
    const m = mappings(ctx);
    return typeof m === "string" ? m : formatTlb(m) || "no present mappings\n";
  } },
  { name: "info gdt", usage: "info gdt", help: "the GDT decoded", run: (ctx) => formatGdt(ctx) },
  { name: "info idt", usage: "info idt", help: "the IDT's present gates, symbolized", run: (ctx) => formatIdt(ctx) },
  { name: "xp", usage: "xp /Nfu ADDR", help: "physical memory (f: x d u c, u: b h w g)", run: (ctx, a) => dump(ctx, a, true) },
  { name: "x", usage: "x /Nfu ADDR", help: "virtual memory through the guest's paging", run: (ctx, a) => dump(ctx, a, false) },
  { name: "layout", usage: "layout", help: "the layout report of the live kernel (sections, heap, stack, free memory)", run: (ctx) => drawMemoryMap(reportRegions(layoutReport(ctx))).replace(/\n?$/, "\n") },
  {
    name: "checkpoint",
    usage: "checkpoint [FILE]",
    help: "the layout snapshot of this moment (kernlab verify --snapshot format), to FILE or printed",
    run: (ctx, a) => {
      const text2 = serializeSnapshot(takeSnapshot(layoutReport(ctx)));
      if (a.length === 0) return text2;
      if (!ctx.writeFile) throw new MonitorError("checkpoint FILE: no file system here");
      ctx.writeFile(a[0], text2);
      return `layout snapshot written to ${a[0]}
`;
    }
  },
  { name: "catch", usage: "catch VECTOR\u2026|cr", help: "stop before exception/interrupt VECTOR is delivered (pf, gp, df, 14, 0x20\u2026), or on CR writes", run: (ctx, a) => catchArgs(a, true, ctx) },
  { name: "uncatch", usage: "uncatch VECTOR\u2026|cr", help: "undo catch", run: (ctx, a) => catchArgs(a, false, ctx) },
  { name: "regs", usage: "regs", help: "the main registers on two lines", consoleOnly: true, run: (ctx) => shortRegisters(ctx, ctx.dbg.registers()) },
  {
    name: "stop",
    usage: "stop",
    help: "pause the guest",
    consoleOnly: true,
    run: (ctx) => {
      if (!ctx.dbg.stopped) ctx.dbg.pause();
      return "";
    }
  },
  {
    name: "cont",
    usage: "cont",
    help: "resume the guest (a breakpoint or `stop` pauses it again)",
    consoleOnly: true,
    run: (ctx) => {
      if (!ctx.dbg.stopped) return "already running\n";
      void ctx.dbg.cont().then((r) => ctx.onStop?.(r), () => void 0);
      return "";
    }
  },
  {
    name: "step",
    usage: "step [N]",
    help: "execute N instructions (default 1)",
    consoleOnly: true,
    run: async (ctx, a) => {
      const n = a[0] === void 0 ? 1 : Number(a[0]);
      if (!Number.isInteger(n) || n < 1) throw new MonitorError(`step: expected a count, got '${a[0]}'`);
      if (!ctx.dbg.stopped) throw new MonitorError("the guest is running: stop it first");
      const r = await ctx.dbg.step(n);
      return describeStop(ctx, r);
    }
  },
  {
    name: "break",
    usage: "break SYM|ADDR",
    help: "a breakpoint before the instruction at SYM or ADDR",
    consoleOnly: true,
    run: (ctx, a) => {
      if (a.length !== 1) throw new MonitorError("usage: break SYM|ADDR");
      const addr = parseAddress(ctx, a[0]);
      return `breakpoint ${ctx.dbg.addBreakpoint(addr)} at ${hex(addr)} ${symbolsOf(ctx).format(addr)}
`;
    }
  },
  {
    name: "delete",
    usage: "delete ID",
    help: "remove breakpoint ID",
    consoleOnly: true,
    run: (ctx, a) => {
      const id = Number(a[0]);
      if (!Number.isInteger(id)) throw new MonitorError("usage: delete ID");
      ctx.dbg.removeBreakpoint(id);
      return "";
    }
  }
];
function monitorHelp(where) {
  const list = MONITOR_COMMANDS.filter((c) => where === "console" || !c.consoleOnly);
  const w = Math.max(...list.map((c) => c.usage.length));
  return list.map((c) => `${c.usage.padEnd(w)}  ${c.help}
`).join("");
}
async function runMonitor(ctx, line) {
  const words = line.trim().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return "";
  const candidates = MONITOR_COMMANDS.filter((c) => ctx.where === "console" || !c.consoleOnly);
  let cmd;
  let args = [];
  for (const c of candidates) {
    const parts = c.name.split(" ");
    if (parts.length === 2 && words[0] === parts[0] && words[1] !== void 0 && parts[1].startsWith(words[1]) && words[1].length >= 1) {
      cmd = c;
      args = words.slice(2);
      break;
    }
    if (parts.length === 1 && words[0] === c.name) {
      cmd = c;
      args = words.slice(1);
      break;
    }
  }
  if (!cmd) {
    const m = /^(xp|x)(\/.*)$/.exec(words[0]);
    const c = m ? candidates.find((k) => k.name === m[1]) : void 0;
    if (c && m) {
      cmd = c;
      args = [m[2], ...words.slice(1)];
    }
  }
  if (!cmd) return `unknown command: '${line.trim()}' (try 'help')
`;
  try {
    return await cmd.run(ctx, args);
  } catch (e) {
    if (e instanceof MonitorError) return `${e.message}
`;
    return `error: ${e instanceof Error ? e.message : String(e)}
`;
  }
}
export {
  CHECKPOINT_PORT,
  EXIT_PORT,
  KernlabError,
  PageFaultError,
  assemble,
  assembleOrThrow,
  boundarySymbols,
  buildSampleKernel,
  checkMultiboot,
  createMachine,
  defineLayout,
  describeVerdict,
  formatDiagnostics,
  formatLinkMap,
  hex,
  initAssembler,
  layoutToScript,
  link,
  mapResolver,
  openReplay,
  parseGdbAddress,
  readElf,
  readKlrec,
  runMonitor,
  sampleLayout,
  startGdbServer,
  symbolTable,
  walkPageTables
};
