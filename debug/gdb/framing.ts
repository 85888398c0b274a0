/**
 * GDB remote serial protocol framing: bytes in, packets out, and back. Checksums, `+`/`-` acknowledgements,
 * retransmission on `-`, no-ack mode, the `}` escape of binary data, run-length encoding of replies, and the
 * Ctrl-C byte (0x03) between packets. This file only moves bytes: what a packet means is commands.ts.
 *
 *   packet = "$" payload "#" hex hex          checksum = sum of the payload bytes mod 256, as sent
 *   escape = "}" (byte ^ 0x20)                for "$", "#", "}" and "*" inside binary data (X, qXfer)
 *   rle    = char "*" (n + 29)                char repeated n more times (replies only; never "$" or "#" as n)
 *
 * A hostile peer cannot make it throw or grow without bound: a packet longer than MAX_PACKET is dropped
 * and NAKed, stray bytes between packets are ignored, a bad checksum is NAKed.
 */

/** The largest payload we accept (and advertise as PacketSize in qSupported). */
export const MAX_PACKET = 0x4000;

export const INTERRUPT = 0x03;

export type FrameEvent =
  /** A packet with a good checksum; `payload` is raw (escapes are undone per command, see unescape). */
  | { kind: "packet"; payload: Uint8Array }
  /** A packet was dropped (bad checksum, too long); in ack mode a `-` has been queued for the peer. */
  | { kind: "dropped"; reason: "checksum" | "too-long" }
  /** The peer sent Ctrl-C outside a packet. */
  | { kind: "interrupt" }
  /** The peer NAKed our last packet; in ack mode it has been queued again. */
  | { kind: "nak" };

const DOLLAR = 0x24, HASH = 0x23, BRACE = 0x7d, STAR = 0x2a, PLUS = 0x2b, MINUS = 0x2d;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return sum;
}

/**
 * One connection's framing state. `feed` takes what the socket delivered and returns the events in it;
 * bytes to send to the peer (acks, packets) are handed to `write`.
 */
export class Framer {
  /** After QStartNoAckMode: neither side sends or expects `+`/`-`. */
  noAck = false;
  private state: "idle" | "payload" | "check1" | "check2" = "idle";
  private buffer = new Uint8Array(256);
  private length = 0;
  private overflow = false;
  private check = 0;
  private lastSent: Uint8Array | null = null;

  constructor(private readonly write: (bytes: Uint8Array) => void) {}

  feed(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case "idle":
          if (b === DOLLAR) { this.state = "payload"; this.length = 0; this.overflow = false; }
          else if (b === INTERRUPT) events.push({ kind: "interrupt" });
          else if (b === MINUS && !this.noAck) {
            if (this.lastSent) this.write(this.lastSent);
            events.push({ kind: "nak" });
          }
          // "+" and anything else between packets: nothing to do.
          break;
        case "payload":
          if (b === HASH) { this.state = "check1"; break; }
          if (b === DOLLAR) { this.length = 0; this.overflow = false; break; } // a new start: the old packet was cut short
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
          if (this.overflow) { this.nak(); events.push({ kind: "dropped", reason: "too-long" }); break; }
          // In no-ack mode the checksum is not checked (GDB's documented behaviour): the transport is reliable.
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
  send(payload: Uint8Array): void {
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

  private nak(): void {
    if (!this.noAck) this.write(Uint8Array.of(MINUS));
  }

  private push(b: number): void {
    if (this.length >= MAX_PACKET) { this.overflow = true; return; }
    if (this.length === this.buffer.length) {
      const bigger = new Uint8Array(Math.min(this.buffer.length * 2, MAX_PACKET));
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = b;
  }
}

const HEX_DIGITS = "0123456789abcdef";

/**
 * A text reply (hex digits, "OK", "T05…"), run-length encoded: a run of 4 or more equal characters becomes
 * the character, "*" and a count character. Text replies never contain "$", "#", "}" or "*"; such a
 * character would be a bug in a handler, so it is refused rather than sent.
 */
export function encodeText(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === DOLLAR || c === HASH || c === BRACE || c === STAR || c > 0x7e) throw new Error(`text reply holds a character that needs escaping: ${JSON.stringify(text.slice(i, i + 8))}`);
    let run = 1;
    while (i + run < text.length && text.charCodeAt(i + run) === c && run < 98) run++;
    let repeats = run - 1;
    // n + 29 must be printable and neither "#" (n = 6) nor "$" (n = 7): shorten such runs to 5 repeats.
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

/** Binary reply data (qXfer): "$", "#", "}" and "*" escaped as "}" (byte ^ 0x20). */
export function encodeBinary(prefix: string, data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < prefix.length; i++) out.push(prefix.charCodeAt(i));
  for (const b of data) {
    if (b === DOLLAR || b === HASH || b === BRACE || b === STAR) out.push(BRACE, b ^ 0x20);
    else out.push(b);
  }
  return Uint8Array.from(out);
}

/** Undoes the "}" escape of binary packet data (X). A trailing lone "}" is malformed: null. */
export function unescape(data: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === BRACE) {
      if (i + 1 >= data.length) return null;
      out[n++] = data[++i]! ^ 0x20;
    } else {
      out[n++] = b;
    }
  }
  return out.slice(0, n);
}

/** Expands run-length encoding (what GDB does with our replies; used by tests and tools). */
export function expandRle(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === STAR && out.length > 0 && i + 1 < data.length) {
      const n = data[++i]! - 29;
      const last = out[out.length - 1]!;
      for (let k = 0; k < n; k++) out.push(last);
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/** Bytes as lower-case hex pairs, the protocol's encoding of memory and registers. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return s;
}

/** Hex pairs to bytes; null when the text is not an even run of hex digits. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i)), lo = hexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}
