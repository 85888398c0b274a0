/**
 * The GDB stub's TCP side: a net.Server on HOST:PORT (default 127.0.0.1, never another interface unless
 * asked), one GDB at a time. Per connection it joins a Framer (framing.ts) to the command table
 * (commands.ts): packets are handled one after another; Ctrl-C while the guest runs pauses it. Connecting
 * stops a running guest (as QEMU's gdbstub does); detaching or disconnecting removes this connection's
 * breakpoints and watchpoints and lets the guest run on.
 */
import type { AddressInfo, Server, Socket } from "node:net";
import type { Debugger, ReverseDebugging } from "./api";
import { handlePacket, removeAllPoints, type GdbStop, type Reply, type StubSession } from "./commands";
import { encodeBinary, encodeText, Framer, toHex } from "./framing";

/**
 * node:net, loaded when a stub starts listening: the one-shot commands whose bundles hold the stub (`kernlab run`
 * without --gdb) do not pay for loading it at start-up.
 */
function net(): typeof import("node:net") {
  return process.getBuiltinModule("node:net");
}

export interface GdbServerOptions {
  dbg: Debugger;
  /** Runs a `monitor` line (monitor.ts's runMonitor with a context). */
  monitor(line: string): Promise<string>;
  /** Ends the run (GDB's kill). */
  kill(): void;
  /** Default "127.0.0.1". */
  host?: string;
  /** 0 = an ephemeral port (tests). */
  port: number;
  /** Called for each connection and disconnection (the CLI prints them on stderr). */
  log?(line: string): void;
  /** Called when a GDB connection has ended (detach, kill or a dropped connection), after the cleanup. */
  onDisconnect?(): void;
  /**
   * Serve a recording: GDB may run it backwards (`bs`/`bc`: reverse-stepi, reverse-continue, and GDB's
   * reverse-step/next/finish built on them). `dbg` must then be the timeline's debugger (Timeline.debug).
   */
  reverse?: ReverseDebugging;
}

export interface GdbServer {
  /** Where it listens (the port is real even when 0 was asked). */
  readonly address: { host: string; port: number };
  /** Stops listening and drops the connection. */
  close(): Promise<void>;
}

/** "[HOST:]PORT" as --gdb takes it; null when malformed. */
export function parseGdbAddress(text: string): { host: string; port: number } | null {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65535) return null;
  let host = m[1] ?? "127.0.0.1";
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "") host = "127.0.0.1";
  return { host, port };
}

export async function startGdbServer(opts: GdbServerOptions): Promise<GdbServer> {
  const host = opts.host ?? "127.0.0.1";
  let active: Socket | null = null;
  let lastStop: GdbStop | null = null;
  /** The packet being answered (a resume waits for the guest): close() lets its reply out first. */
  const inflight = new Set<Promise<unknown>>();
  /** Connections waiting for the guest to stop (attaching to a running guest). */
  const stopWaiters: (() => void)[] = [];
  opts.dbg.on("stop", () => { for (const w of stopWaiters.splice(0)) w(); });
  const sockets = new Set<Socket>();
  const server: Server = net().createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (active) { socket.destroy(); return; } // one debugger at a time
    active = socket;
    serve(socket, opts, () => lastStop, (r) => { lastStop = r; }, inflight, stopWaiters).finally(() => { if (active === socket) active = null; });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => { server.off("error", reject); resolve(); });
  });
  const a = server.address() as AddressInfo;
  return {
    address: { host: a.address, port: a.port },
    close: async () => {
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 1000))]);
      // Let a last reply (W/X) reach GDB: end gracefully, then cut what is still open after a second.
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.end();
        const cut = setTimeout(() => { for (const s of sockets) s.destroy(); }, 1000);
        server.close(() => { clearTimeout(cut); resolve(); });
      });
    },
  };
}

/** Packets that run the guest (forwards or backwards): while one is pending, Ctrl-C (0x03) pauses it. */
const RESUMING = /^([cCsS]|vCont;|b[cs]$)/;

async function serve(socket: Socket, opts: GdbServerOptions, getStop: () => GdbStop | null, setStop: (r: GdbStop) => void, inflight: Set<Promise<unknown>>, stopWaiters: (() => void)[]): Promise<void> {
  const { dbg } = opts;
  socket.setNoDelay(true);
  let closed = false;
  const write = (b: Uint8Array) => { if (!closed) socket.write(b); };
  const framer = new Framer(write);
  let resuming = false; // a c/s/vCont is waiting for the guest: Ctrl-C pauses it
  let killed = false;
  const session: StubSession = {
    dbg,
    lastStop: getStop(),
    points: new Map(),
    kill: () => { killed = true; opts.kill(); },
    monitor: (line) => opts.monitor(line),
    ...(opts.reverse ? { reverse: opts.reverse } : {}),
    output: (text) => framer.send(encodeText("O" + toHex(new TextEncoder().encode(text)))),
  };
  opts.log?.(`gdb connected from ${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`);

  // Attaching stops the guest (QEMU does the same); `?` then reports SIGTRAP.
  if (!dbg.stopped) session.lastStop = null;
  const ready = dbg.stopped ? Promise.resolve() : new Promise<void>((resolve) => {
    stopWaiters.push(resolve);
    dbg.pause();
  });

  const queue: Uint8Array[] = [];
  let wake: (() => void) | null = null;
  let after: "close" | null = null;
  socket.on("data", (chunk: Buffer) => {
    for (const ev of framer.feed(new Uint8Array(chunk))) {
      if (ev.kind === "packet") queue.push(ev.payload);
      else if (ev.kind === "interrupt" && resuming) {
        opts.reverse?.interrupt(); // a bc under way stops where its scan stands
        if (!dbg.stopped) dbg.pause();
      }
    }
    wake?.();
  });
  socket.on("close", () => { closed = true; wake?.(); });
  socket.on("error", () => { closed = true; wake?.(); });

  await ready;
  while (!closed && after === null) {
    const payload = queue.shift();
    if (!payload) { await new Promise<void>((r) => { wake = r; }); wake = null; continue; }
    resuming = RESUMING.test(String.fromCharCode(...payload.subarray(0, 6)));
    const answered = handlePacket(session, payload).then((r) => {
      if (r.kind === "text") framer.send(encodeText(r.text));
      else if (r.kind === "binary") framer.send(encodeBinary(r.prefix, r.data));
      return r;
    });
    inflight.add(answered);
    let reply: Reply;
    try {
      reply = await answered;
    } finally {
      inflight.delete(answered);
      resuming = false;
    }
    if (session.lastStop) setStop(session.lastStop);
    if (reply.kind === "text" && reply.after === "no-ack") framer.noAck = true;
    if (reply.kind !== "binary" && reply.after === "close") after = "close";
    // W/X: the run is over; GDB mourns the inferior and has nothing more to ask.
    if (reply.kind === "text" && session.lastStop?.kind === "ended" && /^[WX]/.test(reply.text)) after = "close";
  }

  // Gone (detach, kill or a dropped connection): our points go, and the guest runs on unless it was killed.
  removeAllPoints(session);
  if (!closed) socket.end();
  const last = session.lastStop;
  if (last?.kind !== "ended" && dbg.stopped && !killed) void dbg.cont().catch(() => undefined);
  opts.log?.("gdb disconnected");
  opts.onDisconnect?.();
}
