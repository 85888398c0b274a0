// GDB remote framing (debug/gdb/framing.ts): checksums, acks, NAK retransmission, no-ack mode, Ctrl-C,
// the "}" escape and run-length encoding, and the parameter shapes of the command table.
import { describe, expect, it } from "vitest";
import { checksum, encodeBinary, encodeText, expandRle, Framer, fromHex, MAX_PACKET, toHex, unescape } from "../../debug/gdb/framing";
import { findCommand, parseParams } from "../../debug/gdb/commands";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const str = (b: Uint8Array) => Buffer.from(b).toString("latin1");

function framer() {
  const sent: string[] = [];
  const f = new Framer((b) => sent.push(str(b)));
  return { f, sent };
}

describe("Framer", () => {
  it("accepts a packet with a good checksum and acks it", () => {
    const { f, sent } = framer();
    const ev = f.feed(bytes("$qSupported#37"));
    expect(ev).toEqual([{ kind: "packet", payload: bytes("qSupported") }]);
    expect(sent).toEqual(["+"]);
  });

  it("NAKs a bad checksum and a non-hex checksum, then takes the retransmission", () => {
    const { f, sent } = framer();
    expect(f.feed(bytes("$g#68"))).toEqual([{ kind: "dropped", reason: "checksum" }]);
    expect(f.feed(bytes("$g#zz"))).toEqual([{ kind: "dropped", reason: "checksum" }]);
    expect(f.feed(bytes("$g#67"))).toEqual([{ kind: "packet", payload: bytes("g") }]);
    expect(sent).toEqual(["-", "-", "+"]);
  });

  it("reassembles a packet split across chunks, byte by byte", () => {
    const { f } = framer();
    const events = [..."+$m1000,4#8e"].flatMap((c) => f.feed(bytes(c)));
    expect(events).toEqual([{ kind: "packet", payload: bytes("m1000,4") }]);
  });

  it("reports Ctrl-C between packets, and not inside one", () => {
    const { f } = framer();
    expect(f.feed(Uint8Array.of(3))).toEqual([{ kind: "interrupt" }]);
    const inside = f.feed(bytes("$X0,1:\x03#" + checksum(bytes("X0,1:\x03")).toString(16).padStart(2, "0")));
    expect(inside).toEqual([{ kind: "packet", payload: bytes("X0,1:\x03") }]);
  });

  it("resends the last packet on '-' and stops acking in no-ack mode", () => {
    const { f, sent } = framer();
    f.send(encodeText("OK"));
    f.feed(bytes("-"));
    expect(sent).toEqual(["$OK#9a", "$OK#9a"]);
    f.noAck = true;
    sent.length = 0;
    expect(f.feed(bytes("$g#00"))).toEqual([{ kind: "packet", payload: bytes("g") }]); // checksum not checked, nothing sent
    f.feed(bytes("-"));
    expect(sent).toEqual([]);
  });

  it("drops a packet longer than MAX_PACKET without growing past it", () => {
    const { f, sent } = framer();
    const ev = f.feed(bytes("$" + "a".repeat(MAX_PACKET + 10) + "#00"));
    expect(ev).toEqual([{ kind: "dropped", reason: "too-long" }]);
    expect(sent).toEqual(["-"]);
    expect(f.feed(bytes("$g#67"))).toEqual([{ kind: "packet", payload: bytes("g") }]);
  });
});

describe("encodings", () => {
  it("run-length encodes replies as GDB decodes them, never with '#' or '$' as the count", () => {
    for (const n of [1, 3, 4, 5, 7, 8, 9, 50, 98, 99, 300]) {
      const text = "1" + "0".repeat(n) + "2";
      const enc = encodeText(text);
      expect(str(expandRle(enc))).toBe(text);
      expect(str(enc)).not.toMatch(/\*[#$]/);
    }
    expect(str(encodeText("00000000"))).toBe("0*\"00"); // 0 and 7 more would be count char 7 + 29 = "$": 5 more, then 2
  });

  it("refuses a text reply with a character that needs escaping", () => {
    expect(() => encodeText("a*b")).toThrow();
  });

  it("escapes $ # } * in binary data and unescape undoes it", () => {
    const data = Uint8Array.of(0x24, 0x23, 0x7d, 0x2a, 0x41, 0x00, 0xff);
    const enc = encodeBinary("l", data);
    expect(str(enc)).toBe("l}\x04}\x03}]}\x0aA\x00\xff");
    expect(unescape(enc.subarray(1))).toEqual(data);
    expect(unescape(bytes("ab}"))).toBeNull();
  });

  it("hex round trip, and junk hex is null", () => {
    expect(toHex(Uint8Array.of(0, 0xab, 0x10))).toBe("00ab10");
    expect(fromHex("00AB10")).toEqual(Uint8Array.of(0, 0xab, 0x10));
    expect(fromHex("0")).toBeNull();
    expect(fromHex("zz")).toBeNull();
  });
});

describe("command table lookup and parameter shapes", () => {
  it("finds entries by letter or by name ended by a separator", () => {
    expect(findCommand(bytes("m1000,4"))?.entry.prefix).toBe("m");
    expect(findCommand(bytes("qSupported:multiprocess+"))?.entry.prefix).toBe("qSupported");
    expect(findCommand(bytes("vCont?"))?.entry.prefix).toBe("vCont?");
    expect(findCommand(bytes("vCont;c"))?.entry.prefix).toBe("vCont");
    expect(findCommand(bytes("qCRC:0,4"))).toBeNull(); // not qC
    expect(findCommand(bytes("vFile:open"))).toBeNull();
    expect(findCommand(new Uint8Array(0))).toBeNull();
  });

  it("parses shapes and rejects what does not fit", () => {
    expect(parseParams("x,x", bytes("1000,4"))).toEqual([0x1000, 4]);
    expect(parseParams("x,x", bytes("1000"))).toBeNull();
    expect(parseParams("x,x", bytes("1000,4,5"))).toBeNull();
    expect(parseParams("x,x", bytes("123456789,4"))).toBeNull(); // more than 32 bits
    expect(parseParams("x,x", bytes("0000000000001000,4"))).toEqual([0x1000, 4]);
    expect(parseParams("x,x:H", bytes("10,2:abcd"))).toEqual([0x10, 2, Uint8Array.of(0xab, 0xcd)]);
    expect(parseParams("x,x:B", bytes("10,1:}\x03"))).toEqual([0x10, 1, Uint8Array.of(0x23)]);
    expect(parseParams("x=H", bytes("8=78563412"))).toEqual([8, Uint8Array.of(0x78, 0x56, 0x34, 0x12)]);
    expect(parseParams("y", bytes(""))).toEqual([undefined]);
    expect(parseParams("y", bytes("1000"))).toEqual([0x1000]);
    expect(parseParams("s:x,x", bytes("target.xml:0,ffb"))).toEqual(["target.xml", 0, 0xffb]);
    expect(parseParams("s:x,x", bytes("target.xml"))).toBeNull();
  });
});

describe("stop replies", () => {
  it("give each stop the signal GDB expects, and W/X when the run ends", async () => {
    const { stopReply } = await import("../../debug/gdb/commands");
    expect(stopReply({ kind: "step" })).toBe("T05thread:1;");
    expect(stopReply({ kind: "breakpoint", id: 1, address: 0x100000 })).toBe("T05thread:1;swbreak:;");
    expect(stopReply({ kind: "watchpoint", id: 2, access: "read", address: 0x4000, length: 4, oldValue: null, newValue: null, eip: 0 })).toBe("T05thread:1;rwatch:4000;");
    expect(stopReply({ kind: "vector", vector: 14, source: "exception", errorCode: 2, cr2: 0x800000, eip: 0 })).toBe("T0bthread:1;");
    expect(stopReply({ kind: "vector", vector: 13, source: "exception", errorCode: 0, cr2: null, eip: 0 })).toBe("T0bthread:1;");
    expect(stopReply({ kind: "vector", vector: 0, source: "exception", errorCode: null, cr2: null, eip: 0 })).toBe("T08thread:1;");
    expect(stopReply({ kind: "vector", vector: 6, source: "exception", errorCode: null, cr2: null, eip: 0 })).toBe("T04thread:1;");
    expect(stopReply({ kind: "vector", vector: 0x21, source: "irq", errorCode: null, cr2: null, eip: 0 })).toBe("T05thread:1;");
    // IRQ 5 on an unremapped PIC and `int 14` are not faults: SIGTRAP, not SIGSEGV.
    expect(stopReply({ kind: "vector", vector: 13, source: "irq", errorCode: null, cr2: null, eip: 0 })).toBe("T05thread:1;");
    expect(stopReply({ kind: "vector", vector: 14, source: "software", errorCode: null, cr2: null, eip: 0 })).toBe("T05thread:1;");
    expect(stopReply({ kind: "interrupted" })).toBe("T02thread:1;");
    expect(stopReply({ kind: "ended", verdict: { kind: "exited", code: 0x2a } })).toBe("W2a");
    expect(stopReply({ kind: "ended", verdict: { kind: "triple-fault", eip: 0 } })).toBe("X0b");
    expect(stopReply({ kind: "ended", verdict: { kind: "timeout", eip: 0, serialTail: "", limit: "1 ms" } })).toBe("X0e");
    expect(stopReply({ kind: "ended", verdict: { kind: "halted", eip: 0 } })).toBe("X09");
  });
});
