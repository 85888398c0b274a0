/**
 * The one door to iced-x86 (instruction encoder, opcode tables, decoder/formatter for round trips).
 * Nothing else in the assembler imports "iced-x86". In Node the npm package (wasm-pack's Node build)
 * loads its .wasm synchronously, so initAssembler() is a no-op; the browser bundle swaps this file's
 * loading (esbuild plugin) and awaits initAssembler() before the first assemble(). Not form selection
 * (forms.ts) nor encoding policy (encode.ts).
 */
export {
  Code, CodeExt, Decoder, DecoderOptions, Encoder, Formatter, FormatterSyntax, Instruction, InstructionInfoFactory,
  MemoryOperand, MemorySize, MemorySizeExt, Mnemonic, OpAccess, OpCodeOperandKind, Register,
} from "iced-x86";
export type { OpCodeInfo } from "iced-x86";

/** Loads the encoder. No-op in Node (the wasm is compiled synchronously on import). */
export async function initAssembler(): Promise<void> {}
