// The console's Ctrl-A escape scanner: which typed bytes reach the guest and which are host commands.
import { describe, expect, it } from "vitest";
import { EscapeScanner, LineEditor } from "../../scripts/console";

const feed = (s: EscapeScanner, text: string) =>
  s.feed(new TextEncoder().encode(text)).map((a) => (a.kind === "guest" ? `guest:${JSON.stringify(new TextDecoder().decode(a.bytes))}` : a.kind));

describe("EscapeScanner", () => {
  it("passes ordinary keys through, Ctrl-C included", () => {
    expect(feed(new EscapeScanner(), "ls\r\x03")).toEqual(['guest:"ls\\r\\u0003"']);
  });
  it("Ctrl-A X quits and drops what follows in the same read", () => {
    expect(feed(new EscapeScanner(), "ab\x01xcd")).toEqual(['guest:"ab"', "quit"]);
    expect(feed(new EscapeScanner(), "\x01X")).toEqual(["quit"]);
  });
  it("Ctrl-A H and Ctrl-A ? print help, Ctrl-A M the map, between guest bytes", () => {
    expect(feed(new EscapeScanner(), "a\x01hb\x01?\x01mc")).toEqual(['guest:"a"', "help", 'guest:"b"', "help", "map", 'guest:"c"']);
  });
  it("Ctrl-A C opens the monitor prompt; Ctrl-A Ctrl-A sends one literal Ctrl-A", () => {
    expect(feed(new EscapeScanner(), "a\x01cinfo r\r\x01C")).toEqual(['guest:"a"', "monitor", 'guest:"info r\\r"', "monitor"]);
    expect(feed(new EscapeScanner(), "\x01\x01\x01\x01")).toEqual(['guest:"\\u0001\\u0001"']);
  });
  it("the monitor line editor echoes, erases and hands over whole lines", () => {
    const e = new LineEditor();
    expect(e.feed(new TextEncoder().encode("info regx\x7fisters"))).toEqual({ echo: "info regx\b \bisters", lines: [] });
    expect(e.feed(Uint8Array.of(0x0d))).toEqual({ echo: "\n", lines: ["info registers"] });
    expect(e.feed(new TextEncoder().encode("ab\x15xp\r"))).toEqual({ echo: "ab\b \b\b \bxp\n", lines: ["xp"] });
  });
  it("an escape split across reads still works", () => {
    const s = new EscapeScanner();
    expect(feed(s, "q\x01")).toEqual(['guest:"q"']);
    expect(feed(s, "x")).toEqual(["quit"]);
  });
  it("drops unknown commands as QEMU does", () => {
    expect(feed(new EscapeScanner(), "\x01zok")).toEqual(['guest:"ok"']);
  });
});
