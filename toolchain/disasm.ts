/**
 * Disassembly for people: bytes at an address → NASM-syntax lines from iced-x86's NASM formatter, with the
 * symbol a branch target, absolute memory operand or address-like immediate points at written beside it
 * (`call 0x00100040  ; kmain`). Used by `kernlab inspect` and the browser lab; pure (no Node built-ins).
 * Not the assembler (toolchain/asm) and not a reader of guest RAM: callers pass the bytes.
 */
import { hex } from "../core/hex";
// The single door to iced-x86 (toolchain/asm/iced.ts is the only file that imports the package).
import { Decoder, Formatter, FormatterSyntax, Register } from "./asm/iced";

/** Finds the symbol covering an address (emulator's SymbolTable.lookup has this shape). */
export type SymbolLookup = (address: number) => { name: string; offset: number } | null;

export interface DisasmOptions {
  /** 16 or 32 (default 32). */
  bitness?: 16 | 32;
  /** Stop after this many instructions (default: all that fit in the bytes). */
  count?: number;
  /** Names for addresses; when given, targets and absolute operands get a `; name+0x4` comment. */
  symbols?: SymbolLookup;
}

export interface DisasmLine {
  address: number;
  bytes: Uint8Array;
  /** NASM syntax, e.g. `mov eax, [0x00102000]`; `(bad)` for bytes that do not decode. */
  text: string;
  /** The address this instruction refers to (branch target, absolute memory operand, or immediate that names a symbol). */
  target: number | null;
  /** `kmain` or `kmain+0x12` for target; null when none or unknown. */
  targetSymbol: string | null;
  /** The symbol that starts exactly at this instruction (a label line in the listing). */
  label: string | null;
  /** True when the bytes ran out mid-instruction or do not decode. */
  invalid: boolean;
}

let formatter: Formatter | null = null;

/** One NASM formatter, configured once: `0x` hex, `, ` between operands, 8-digit branch targets. */
function nasmFormatter(): Formatter {
  if (formatter) return formatter;
  const f = new Formatter(FormatterSyntax.Nasm);
  f.hexPrefix = "0x";
  f.hexSuffix = "";
  f.uppercaseHex = false;
  f.spaceAfterOperandSeparator = true;
  f.branchLeadingZeros = true;
  f.showBranchSize = false;
  f.addLeadingZeroToHexNumbers = false;
  formatter = f;
  return f;
}

function symbolText(lookup: SymbolLookup | undefined, address: number, exactOnly: boolean): string | null {
  if (!lookup) return null;
  const s = lookup(address >>> 0);
  if (!s) return null;
  if (exactOnly && s.offset !== 0) return null;
  return s.offset === 0 ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
}

/** Decode `bytes` as if loaded at `address`. */
export function disassemble(bytes: Uint8Array, address: number, opts: DisasmOptions = {}): DisasmLine[] {
  const bitness = opts.bitness ?? 32;
  const limit = opts.count ?? Number.POSITIVE_INFINITY;
  const decoder = new Decoder(bitness, bytes, 0);
  decoder.ip = BigInt(address >>> 0);
  const f = nasmFormatter();
  const out: DisasmLine[] = [];
  try {
    let offset = 0;
    while (offset < bytes.length && out.length < limit) {
      const instr = decoder.decode();
      try {
        const length = instr.length;
        const at = (address + offset) >>> 0;
        const invalid = instr.isInvalid || length === 0;
        const size = invalid ? 1 : length;
        let text = invalid ? "(bad)" : f.format(instr);
        let target: number | null = null;
        let exactOnly = false;
        if (!invalid) {
          const isBranch = instr.isCallNear || instr.isJmpShortOrNear || instr.isJccShortOrNear || instr.isLoop || instr.isLoopcc || instr.isJcxShort;
          if (isBranch) {
            target = Number(instr.nearBranchTarget & 0xffffffffn);
          } else if (instr.memoryDisplSize > 0 && instr.memoryBase === Register.None && instr.memoryIndex === Register.None) {
            target = Number(instr.memoryDisplacement & 0xffffffffn);
          } else {
            // An immediate is only called an address when a symbol starts exactly there
            // (`mov esp, __stack_top`), so `mov eax, 4` never reads as `sym+4`.
            const v = instr.immediate32 >>> 0;
            if (v !== 0 && opts.symbols?.(v)?.offset === 0 && text.includes("0x" + v.toString(16))) { target = v; exactOnly = true; }
          }
        }
        const targetSymbol = target === null ? null : symbolText(opts.symbols, target, exactOnly);
        if (!opts.symbols) text = text.replace(/\s+$/, "");
        out.push({
          address: at,
          bytes: bytes.slice(offset, offset + size),
          text,
          target,
          targetSymbol,
          label: symbolText(opts.symbols, at, true),
          invalid,
        });
        offset += size;
        if (invalid) {
          decoder.position = offset;
          decoder.ip = BigInt((address + offset) >>> 0);
        }
      } finally {
        instr.free();
      }
    }
  } finally {
    decoder.free();
  }
  return out;
}

/**
 * Render lines as a listing:
 *   <kmain>:
 *   0x00100040  55                      push ebp
 *   0x00100041  e8 ba ff ff ff          call 0x00100000  ; _start
 */
export function formatDisassembly(lines: readonly DisasmLine[]): string {
  const out: string[] = [];
  for (const l of lines) {
    if (l.label) out.push(`<${l.label}>:`);
    const bytesText = Array.from(l.bytes.subarray(0, 10), (b) => b.toString(16).padStart(2, "0")).join(" ") + (l.bytes.length > 10 ? " …" : "");
    const comment = l.targetSymbol ? `  ; ${l.targetSymbol}` : "";
    out.push(`${hex(l.address)}  ${bytesText.padEnd(24)}${l.text}${comment}`);
  }
  return out.join("\n") + (out.length ? "\n" : "");
}
