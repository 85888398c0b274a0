/**
 * A minimal GDB remote-protocol client for the stub's tests: sends packets with checksums, checks the
 * stub's acks and checksums, undoes run-length encoding, and hands back reply payloads in order.
 */
import { connect, type Socket } from "node:net";
import { checksum, expandRle } from "../../debug/gdb/framing";

export class RspClient {
  private buf = "";
  private waiters: (() => void)[] = [];
  acks = 0;
  naks = 0;
  noAck = false;
  private constructor(readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => { this.buf += d; for (const w of this.waiters.splice(0)) w(); });
    socket.on("close", () => { for (const w of this.waiters.splice(0)) w(); });
  }

  static open(port: number): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, "127.0.0.1", () => resolve(new RspClient(s)));
      s.once("error", reject);
    });
  }

  raw(bytes: string): void { this.socket.write(Buffer.from(bytes, "latin1")); }

  send(payload: string): void {
    const sum = checksum(Buffer.from(payload, "latin1")).toString(16).padStart(2, "0");
    this.raw(`$${payload}#${sum}`);
  }

  /** The next reply packet's payload (RLE expanded); acks before it are counted. */
  async reply(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.buf[0] === "+" || this.buf[0] === "-") { if (this.buf[0] === "+") this.acks++; else this.naks++; this.buf = this.buf.slice(1); }
      const m = /^\$([^#]*)#([0-9a-f]{2})/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m[0].length);
        const bytes = Buffer.from(m[1]!, "latin1");
        if (checksum(bytes) !== parseInt(m[2]!, 16)) throw new Error(`bad checksum from the stub: ${m[0]}`);
        if (!this.noAck) this.raw("+");
        return Buffer.from(expandRle(bytes)).toString("latin1");
      }
      if (this.socket.destroyed || this.socket.readableEnded) throw new Error(`connection closed (pending: ${JSON.stringify(this.buf)})`);
      if (Date.now() > deadline) throw new Error(`no reply (pending: ${JSON.stringify(this.buf)})`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 50); });
    }
  }

  async ask(payload: string): Promise<string> { this.send(payload); return this.reply(); }

  /** The next reply that is not an "O" console packet; the O texts are collected in `output`. */
  async stop(output: string[] = []): Promise<string> {
    for (;;) {
      const r = await this.reply();
      if (r.startsWith("O") && r !== "OK") { output.push(Buffer.from(r.slice(1), "hex").toString("latin1")); continue; }
      return r;
    }
  }

  pending(): string { return this.buf; }

  close(): void { this.socket.destroy(); }
}
