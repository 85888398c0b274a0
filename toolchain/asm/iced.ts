/**
 * The one door to iced-x86 (instruction encoder, opcode tables, decoder/formatter for round trips).
 * Nothing else in the assembler imports "iced-x86". In Node the npm package (wasm-pack's Node build)
 * loads its .wasm synchronously, so initAssembler() is a no-op; the browser bundle swaps this file's
 * loading (esbuild plugin) and awaits initAssembler() before the first assemble(). Not form selection
 * (forms.ts) nor encoding policy (encode.ts).
 */
import { OpCodeOperandKind as IcedOpCodeOperandKind, Register as IcedRegister } from "iced-x86";

export {
  Code, CodeExt, Decoder, DecoderOptions, Encoder, Formatter, FormatterSyntax, Instruction, InstructionInfoFactory,
  MemoryOperand, MemorySize, MemorySizeExt, Mnemonic, OpAccess, OpKind,
} from "iced-x86";
export type { OpCodeInfo } from "iced-x86";

/**
 * The two enums the operand matcher reads in its inner loop, held in this module's own constants: a bundle
 * reaches an imported name through getters (esbuild's CommonJS interop, then the CLI's lazy iced-x86 shim:
 * scripts/build-cli.mjs, which serves these two without loading iced-x86), and the matcher's switch reads
 * dozens of members per operand.
 */
export const Register = IcedRegister;
export type Register = IcedRegister;
export const OpCodeOperandKind = IcedOpCodeOperandKind;
export type OpCodeOperandKind = IcedOpCodeOperandKind;

/** Loads the encoder. No-op in Node (the wasm is compiled synchronously on import). */
export async function initAssembler(): Promise<void> {}
