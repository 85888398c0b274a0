// toolchain/disasm.ts against ndisasm (NASM's disassembler): same instruction boundaries, bytes and
// mnemonics on a corpus of kernel instructions; symbols beside targets; bad bytes; the listing format.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { disassemble, formatDisassembly } from "../../toolchain/disasm";
import { oracle } from "../helpers/oracles";

const corpus = join(__dirname, "fixtures", "disasm-corpus.asm");

/** ndisasm spells the condition codes e/ne as z/nz (jnz, setz, cmovz); iced as NASM's manual (jne, sete). */
const sameCondition = (m: string) => m.replace(/^(j|set|cmov)(n?)z$/, "$1$2e");

describe.skipIf(!oracle("nasm"))("disassembly matches ndisasm", () => {
  it("boundaries, bytes and mnemonics of every instruction", () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-disasm-"));
    execFileSync("nasm", ["-fbin", corpus, "-o", join(dir, "c.bin")]);
    const bin = new Uint8Array(readFileSync(join(dir, "c.bin")));
    const theirs = execFileSync("ndisasm", ["-b32", "-o0x100000", join(dir, "c.bin")]).toString().trim().split("\n").map((l) => {
      const m = /^([0-9A-F]{8})\s+([0-9A-F]+)\s+(\S+)/.exec(l)!;
      return { address: parseInt(m[1]!, 16), bytes: m[2]!.toLowerCase(), mnemonic: sameCondition(m[3]!) };
    });
    const ours = disassemble(bin, 0x100000).map((l) => ({
      address: l.address,
      bytes: Array.from(l.bytes, (b) => b.toString(16).padStart(2, "0")).join(""),
      // ndisasm writes prefixes as their own word (rep movsd, lock inc): compare the first word.
      mnemonic: l.text.split(" ")[0]!,
    }));
    expect(ours.length).toBeGreaterThan(40);
    expect(ours).toEqual(theirs);
  });
});

describe("disassemble", () => {
  const code = new Uint8Array([0xe8, 0x0b, 0x00, 0x00, 0x00, 0xa1, 0x04, 0x20, 0x10, 0x00, 0xbc, 0x00, 0x80, 0x10, 0x00, 0xb8, 0x04, 0x00, 0x00, 0x00]);
  const syms = (a: number) =>
    a === 0x100010 ? { name: "kmain", offset: 0 } : a >= 0x102000 && a < 0x102010 ? { name: "counter", offset: a - 0x102000 } :
    a === 0x108000 ? { name: "__stack_top", offset: 0 } : a === 0x100000 ? { name: "_start", offset: 0 } : null;

  it("names branch targets, absolute operands and address immediates, not small constants", () => {
    const lines = disassemble(code, 0x100000, { symbols: syms });
    expect(formatDisassembly(lines)).toBe(
      "<_start>:\n" +
      "0x00100000  e8 0b 00 00 00          call 0x00100010  ; kmain\n" +
      "0x00100005  a1 04 20 10 00          mov eax, [0x102004]  ; counter+0x4\n" +
      "0x0010000a  bc 00 80 10 00          mov esp, 0x108000  ; __stack_top\n" +
      "0x0010000f  b8 04 00 00 00          mov eax, 4\n",
    );
  });

  it("stops after count instructions", () => {
    expect(disassemble(code, 0x100000, { count: 2 }).map((l) => l.address)).toEqual([0x100000, 0x100005]);
  });

  it("marks undecodable and truncated bytes as (bad), one byte at a time, and goes on", () => {
    const lines = disassemble(new Uint8Array([0x90, 0xff, 0xff, 0x90, 0xe8, 0x00]), 0x1000);
    expect(lines.map((l) => [l.address, l.text, l.invalid])).toEqual([
      [0x1000, "nop", false], [0x1001, "(bad)", true], [0x1002, "(bad)", true], [0x1003, "nop", false],
      [0x1004, "(bad)", true], [0x1005, "(bad)", true],
    ]);
  });

  it("decodes 16-bit code when asked", () => {
    expect(disassemble(new Uint8Array([0xb8, 0x34, 0x12]), 0x7c00, { bitness: 16 })[0]!.text).toBe("mov ax, 0x1234");
  });
});
