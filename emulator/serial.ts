/**
 * COM1 output bookkeeping for one run: a bounded tail of bytes, the total count, and splitting into lines
 * ("\n" ends a line; a trailing "\r" is dropped; a line longer than MAX_LINE_BYTES is delivered in pieces of
 * that size, so a guest that never sends "\n" cannot grow the host's memory). It does not talk to the UART (v86-adapter.ts does) and
 * does not decide when to flush (machine.ts flushes after every slice and at checkpoints).
 */
/** The longest line delivered whole; longer ones arrive as several lines of this many bytes. */
export const MAX_LINE_BYTES = 64 * 1024;

export class SerialSink {
  private tail: Uint8Array;
  private tailLength = 0;
  private pending: number[] = [];
  private partial: number[] = [];
  private readonly decoder = new TextDecoder("utf-8");
  total = 0;

  constructor(private readonly tailBytes: number, private readonly onBytes: (b: Uint8Array) => void, private readonly onLine: (l: string) => void) {
    this.tail = new Uint8Array(Math.max(16, Math.min(tailBytes, 256))); // grows on demand up to tailBytes
  }

  /** One byte from the UART (called synchronously while the CPU runs). */
  push(byte: number): void {
    this.pending.push(byte);
    this.total++;
  }

  /** Deliver the bytes received since the last flush to listeners. */
  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Uint8Array.from(this.pending);
    this.pending = [];
    this.keepTail(chunk);
    this.onBytes(chunk);
    for (const b of chunk) {
      if (b === 0x0a) {
        if (this.partial[this.partial.length - 1] === 0x0d) this.partial.pop();
        this.onLine(this.decoder.decode(Uint8Array.from(this.partial)));
        this.partial = [];
      } else {
        this.partial.push(b);
        if (this.partial.length >= MAX_LINE_BYTES) {
          this.onLine(this.decoder.decode(Uint8Array.from(this.partial)));
          this.partial = [];
        }
      }
    }
  }

  /** At the end of the run: the unfinished last line, if any. */
  finish(): void {
    this.flush();
    if (this.partial.length > 0) {
      this.onLine(this.decoder.decode(Uint8Array.from(this.partial)));
      this.partial = [];
    }
  }

  private keepTail(chunk: Uint8Array): void {
    const limit = this.tailBytes;
    if (limit <= 0) return;
    if (chunk.length >= limit) {
      if (this.tail.length < limit) this.tail = new Uint8Array(limit);
      this.tail.set(chunk.subarray(chunk.length - limit));
      this.tailLength = limit;
      return;
    }
    if (this.tailLength + chunk.length > this.tail.length) {
      const keep = Math.min(this.tailLength, limit - chunk.length);
      const grown = this.tail.length < limit ? new Uint8Array(Math.min(limit, Math.max(this.tail.length * 2, keep + chunk.length))) : this.tail;
      grown.set(this.tail.subarray(this.tailLength - keep, this.tailLength), 0);
      this.tail = grown;
      this.tailLength = keep;
    }
    this.tail.set(chunk, this.tailLength);
    this.tailLength += chunk.length;
  }

  /** The kept tail, decoded as UTF-8. */
  text(): string {
    return this.decoder.decode(this.tail.subarray(0, this.tailLength));
  }
}
