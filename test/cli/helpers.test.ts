// The CLI's small helpers: numbers as kernel people type them, hexdump rows, colour rules, --json encoding.
import { describe, expect, it } from "vitest";
import { integerOption, timeoutOption, parseCommandLine, parseInteger } from "../../scripts/util/args";
import { colorEnabled, painter } from "../../scripts/util/color";
import { hexdump } from "../../core/hexdump";
import { toJson } from "../../scripts/util/json";
import { UsageError } from "../../scripts/commands/types";

describe("parseInteger", () => {
  it.each([
    ["4096", 4096], ["0x100000", 0x100000], ["0X1000", 0x1000], ["0b101", 5], ["1_000", 1000],
    ["4K", 4096], ["1M", 1 << 20], ["2MiB", 2 << 20], ["16m", 16 << 20],
  ])("%s → %d", (text, n) => expect(parseInteger(text)).toBe(n));
  it.each(["", "kmain", "0x", "12q", "-1", "1.5"])("%j is not a number", (text) => expect(parseInteger(text)).toBeNull());
  it("option errors name the option", () => {
    expect(() => integerOption("--len", "lots", 64)).toThrow(new UsageError("option '--len' expects a number (like 4096, 0x1000 or 4K), got 'lots'"));
    expect([timeoutOption("--timeout", "500ms", {}), timeoutOption("--timeout", "5s", {}), timeoutOption("--timeout", "7000", {})]).toEqual([{ ms: 500 }, { ms: 5000 }, { ms: 7000 }]);
    expect([timeoutOption("--timeout", "2M", {}), timeoutOption("--timeout", "500k", {}), timeoutOption("--timeout", "123i", {})]).toEqual([{ instructions: 2e6 }, { instructions: 5e5 }, { instructions: 123 }]);
    expect(timeoutOption("--timeout", undefined, { ms: 10_000 })).toEqual({ ms: 10_000 });
    expect(() => timeoutOption("--timeout", "soon", {})).toThrow(new UsageError("option '--timeout' expects a time (5000, 500ms, 5s) or instructions (2000000i, 20M), got 'soon'"));
  });
  it("parse errors become usage errors without Node's advice", () => {
    expect(() => parseCommandLine(["--bogus"], {})).toThrow(new UsageError("unknown option '--bogus' (see --help)"));
    expect(() => parseCommandLine(["--layout"], { layout: { type: "string" } })).toThrow(new UsageError("option '--layout <value>' argument missing (see --help)"));
  });
});

describe("hexdump", () => {
  it("prints xxd-style rows with kernlab addresses and a short last row", () => {
    const data = new TextEncoder().encode("kernlab\x00\x01\xffhello, world!");
    expect(hexdump(data, 0x100000)).toBe(
      "0x00100000  6b 65 72 6e 6c 61 62 00  01 c3 bf 68 65 6c 6c 6f  |kernlab....hello|\n" +
      "0x00100010  2c 20 77 6f 72 6c 64 21                           |, world!|\n",
    );
  });
  it("labels rows that start at a symbol", () => {
    expect(hexdump(new Uint8Array(4), 0x2000, { label: (a) => (a === 0x2000 ? "buf" : null) })).toContain("|....|  <buf>");
  });
});

describe("colour", () => {
  it("only on a TTY, and never with NO_COLOR", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(painter(true).red("x")).toBe("\x1b[31mx\x1b[0m");
    expect(painter(false).red("x")).toBe("x");
  });
});

describe("toJson", () => {
  it("encodes bytes as arrays and bigints as numbers", () => {
    expect(toJson({ a: new Uint8Array([1, 2]), b: 5n })).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": 5\n}\n');
  });
});
