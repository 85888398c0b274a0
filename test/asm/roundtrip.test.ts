// Round trip: kernlab's bytes for every line of the generated form corpus, decoded with iced-x86's
// Decoder and printed with its NASM formatter, give back the source line's mnemonic.
import { describe, expect, it } from "vitest";
import { runAssembler } from "../../toolchain/asm/assembler";
import { Decoder, DecoderOptions, Formatter, FormatterSyntax } from "../../toolchain/asm/iced";
import { preprocess } from "../../toolchain/asm/preprocess";
import { mapResolver } from "../../toolchain/asm/source";
import { compared, generateFormCorpus } from "./helpers/form-corpus";

/** Same instruction, other spelling: size suffixes iced omits when they match BITS, fn/f wait forms, aliases. */
function same(printed: string, written: string): boolean {
  const alias: Record<string, string> = { sal: "shl" };
  const w = alias[written] ?? written;
  if (/^v?cmp[ps][sd]$/.test(w) && printed.startsWith(w.slice(0, -2)) && printed.endsWith(w.slice(-2))) return true; // vcmple_oqps
  return printed === w || w.replace(/[dw]$/, "") === printed || printed.replace(/[dw]$/, "") === w || printed.replace(/^fn/, "f") === w.replace(/^fn/, "f");
}

/** Decoder options for instructions iced decodes only when asked (Cyrix, UMOV, JMPE…). */
const OPTIONS = Object.entries(DecoderOptions).filter(([k, v]) => typeof v === "number" && v !== 0 && !/^No/.test(k)).map(([, v]) => v as number);

function decodeMnemonic(bits: number, bytes: Uint8Array, formatter: Formatter, options: number): { printed: string; consumed: number } {
  const decoder = new Decoder(bits, bytes, options);
  let printed = "";
  let consumed = 0;
  while (decoder.canDecode) {
    const ins = decoder.decode();
    consumed += ins.length;
    printed = formatter.format(ins).split(/\s+/).filter((w) => !/^(lock|rep|repe|repne|o16|o32|a16|a32|bnd)$/.test(w))[0]!;
    ins.free();
  }
  decoder.free();
  return { printed, consumed };
}

/** Not NASM mnemonics (iced's names for reserved NOP space / PadLock) or two encodings under one name (Cyrix vs 3DNow! pmulhrw). */
const AMBIGUOUS = new Set(["reservednop", "montmul", "pmulhrw"]);

describe("round trip through iced-x86's decoder and NASM formatter", () => {
  for (const bits of [32, 16] as const) {
    it(`bits ${bits}`, () => {
      const { lines } = generateFormCorpus(bits);
      const accepted = lines.filter((l) => compared(l) && !AMBIGUOUS.has(l.trim().split(/\s+/)[0]!));
      const src = [`bits ${bits}`, ...accepted].join("\n") + "\n";
      const pre = preprocess(src, { file: "rt.asm", resolver: mapResolver({}) });
      const asm = runAssembler({ lines: pre.lines, format: "elf", opt: 2, resolver: mapResolver({}), includePaths: [], listing: true });
      const failedLines = new Set(asm.diagnostics.map((d) => d.location?.line ?? 0));
      const formatter = new Formatter(FormatterSyntax.Nasm);
      const bad: string[] = [];
      let checked = 0;
      for (const e of asm.listing) {
        if (e.line < 2 || failedLines.has(e.line) || !e.bytes.length) continue;
        const written = accepted[e.line - 2]!.trim().split(/\s+/)[0]!;
        const bytes = new Uint8Array(e.bytes);
        let { printed, consumed } = decodeMnemonic(bits, bytes, formatter, DecoderOptions.None);
        for (const o of OPTIONS) {
          if (consumed === bytes.length && same(printed, written)) break;
          ({ printed, consumed } = decodeMnemonic(bits, bytes, formatter, o));
        }
        checked++;
        if (consumed !== e.bytes.length || !same(printed, written)) bad.push(`${accepted[e.line - 2]!.trim()} -> ${printed}`);
      }
      formatter.free();
      console.log(`round trip bits ${bits}: ${checked} lines decoded, ${bad.length} differ`);
      expect(checked).toBeGreaterThan(7000);
      expect(bad).toEqual([]);
    });
  }
});
