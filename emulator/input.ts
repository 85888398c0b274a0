/**
 * Guest input during one run: PS/2 keys held until the guest can take them, and the expect script (wait for
 * a text on COM1 or the text screen, then type keys or write to COM1). machine.ts calls pump() after every
 * main_loop slice; this file decides when input goes in and when an expected text is overdue, and talks to
 * the machine only through the small InputDevice surface. It does not turn text into scancodes (keyboard.ts).
 *
 * When can a guest take keys? A kernel that has not yet loaded its IDT and unmasked IRQ 1 loses keys typed
 * at power-on: the controller raises IRQ 1 once, the kernel's PIC initialisation drops the request, and the
 * controller waits for a read of port 0x60 that never comes. So held keys go in as soon as either
 *  - IRQ 1 is unmasked at the master PIC while the CPU has interrupts enabled (interrupt-driven kernels), or
 *  - the guest has read port 0x60 or 0x64 (polling kernels: the first status read says it is listening).
 * Keys sent by an expect step go in at once: the expected text (a prompt) says the guest is listening.
 */
import type { InputStep, Verdict } from "./index";
import { scancodes } from "./keyboard";

/** What pump() needs from the machine. */
export interface InputDevice {
  /** IRQ 1 unmasked with IF = 1, or the guest read port 0x60/0x64 since power-on. */
  keyboardReady(): boolean;
  keyboardScancodes(codes: number[]): void;
  serialInput(bytes: Uint8Array): void;
  /** Counts guest writes to the VGA window: the screen is read again only after it changed. */
  vgaWrites(): number;
  screen(): string[];
  eip(): number;
}

/** The default wait for one expected text. */
export const DEFAULT_EXPECT_TIMEOUT_MS = 10_000;
/** Read the screen at most this often (ms of run time): 2,000 character reads each. */
const SCREEN_EVERY_MS = 5;
/** COM1 text kept for matching (beyond the longest expected text). */
const SCAN_KEEP = 4096;

export class GuestInput {
  private held: number[] = [];
  private step = 0;
  /** COM1 output since the last match (latin1), trimmed. */
  private scan = "";
  private stepStartMs: number | null = null;
  /**
   * Occurrences of the expected text on the screen when the step began (only new ones count): the screen
   * at the previous step's match, or the blank screen of power-on for the first step.
   */
  private screenBaseline = 0;
  private screenAtMatch: string | null = "";
  private lastScreenAt = -Infinity;
  private lastVgaWrites = -1;

  constructor(private readonly script: readonly InputStep[], keys: string | undefined) {
    if (keys) this.held.push(...scancodes(keys));
  }

  /** Keys typed by the host during the run (Machine.sendKeys): held until the guest can take them. */
  type(keys: string): void { this.held.push(...scancodes(keys)); }

  /** A COM1 byte the guest wrote (for expect). */
  serialOutput(byte: number): void {
    if (this.step >= this.script.length) return;
    this.scan += String.fromCharCode(byte);
    const keep = SCAN_KEEP + (this.script[this.step]?.expect?.length ?? 0);
    if (this.scan.length > 2 * keep) this.scan = this.scan.slice(-keep);
  }

  /** True while something is still to be delivered or awaited (the machine calls pump() then). */
  get busy(): boolean { return this.held.length > 0 || this.step < this.script.length; }

  /**
   * Deliver what can be delivered and advance the script. `nowMs`: run time (active wall time, or guest time
   * under the virtual clock). Returns the expect-timeout verdict when an expected text is overdue.
   */
  pump(dev: InputDevice, nowMs: number, serialTail: () => string): Verdict | null {
    if (this.held.length > 0 && dev.keyboardReady()) {
      dev.keyboardScancodes(this.held);
      this.held = [];
    }
    while (this.step < this.script.length) {
      const s = this.script[this.step]!;
      if (s.expect !== undefined && s.expect !== "") {
        if (this.stepStartMs === null) {
          this.stepStartMs = nowMs;
          this.screenBaseline = countIn(this.screenAtMatch ?? dev.screen().join("\n"), s.expect);
          this.lastScreenAt = -Infinity;
        }
        if (!this.matched(dev, s.expect, nowMs)) {
          const limit = s.timeoutMs ?? DEFAULT_EXPECT_TIMEOUT_MS;
          const waited = nowMs - this.stepStartMs;
          if (waited >= limit) return { kind: "expect-timeout", text: s.expect, waitedMs: Math.round(waited), eip: dev.eip(), serialTail: serialTail(), screen: dev.screen() };
          return null;
        }
      }
      if (s.keys) dev.keyboardScancodes(scancodes(s.keys));
      if (s.serial) dev.serialInput(new TextEncoder().encode(s.serial));
      this.step++;
      this.stepStartMs = null;
      this.screenAtMatch = this.step < this.script.length ? dev.screen().join("\n") : null;
    }
    return null;
  }

  private matched(dev: InputDevice, text: string, nowMs: number): boolean {
    const at = this.scan.indexOf(text);
    if (at >= 0) { this.scan = this.scan.slice(at + text.length); return true; }
    const writes = dev.vgaWrites();
    if (writes !== this.lastVgaWrites && nowMs - this.lastScreenAt >= SCREEN_EVERY_MS) {
      this.lastVgaWrites = writes;
      this.lastScreenAt = nowMs;
      if (countIn(dev.screen().join("\n"), text) > this.screenBaseline) { this.scan = ""; return true; }
    }
    return false;
  }
}

function countIn(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}
