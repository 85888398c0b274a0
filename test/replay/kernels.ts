/**
 * The time-travel test kernels (fixtures/tt-*.asm), built with kernlab's own assembler and linker (no oracle
 * needed), cached per process. Not a test file.
 */
import { readFileSync } from "node:fs";
import { assemble } from "../../toolchain/asm/index";
import { mapResolver } from "../../toolchain/asm/source";
import { link } from "../../toolchain/link/index";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const SCRIPT = `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.multiboot) *(.text) }
  .data ALIGN(4096) : { *(.data) }
  .bss ALIGN(4096) : { *(.bss) }
}
`;
const built = new Map<string, Uint8Array>();

export type TtKernel = "tt-timer" | "tt-keys" | "tt-pf" | "tt-pages";

export function ttKernel(name: TtKernel): Uint8Array {
  const hit = built.get(name);
  if (hit) return hit;
  const read = (f: string) => readFileSync(new URL(f, FIXTURES), "latin1");
  const file = `${name}.asm`;
  const r = assemble(read(file), { file, format: "elf32", resolver: mapResolver({ "tt-common.inc": read("tt-common.inc") }) });
  if (!r.output) throw new Error(r.diagnostics.map((d) => d.text).join("\n"));
  const elf = link([{ name: `${name}.o`, bytes: r.output }], { script: { text: SCRIPT, file: "kernel.ld" } }).image;
  built.set(name, elf);
  return elf;
}
