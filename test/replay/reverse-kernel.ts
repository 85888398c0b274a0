/** fixtures/reverse-kernel.asm assembled and linked by kernlab (no installed tool needed). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assembleOrThrow, link } from "../../index";

const SCRIPT = "ENTRY(_start)\nSECTIONS {\n . = 1M;\n .text : { *(.text) }\n .data : { *(.data) }\n .bss : { *(.bss) }\n}\n";
export const REVERSE_KERNEL_SOURCE = join(__dirname, "fixtures", "reverse-kernel.asm");

export function buildReverseKernel(): Uint8Array {
  const obj = assembleOrThrow(readFileSync(REVERSE_KERNEL_SOURCE, "utf8"), { file: "reverse-kernel.asm" });
  return link([{ name: "k.o", bytes: obj }], { script: { text: SCRIPT, file: "k.ld" } }).image;
}
