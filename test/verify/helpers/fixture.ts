/**
 * Test helper: the verify fixture kernel (fixtures/mini.asm) assembled by nasm and linked by GNU ld with a
 * linker script generated from a small layout variant, plus a "fake boot" that loads PT_LOAD segments into
 * a RAM array the way a multiboot loader does (for report/rule tests that need no emulator).
 * Not a product API: the oracles (nasm, ld) are test-time tools.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { guestMemory } from "../../../emulator/memory";
import type { GuestMemory, Registers } from "../../../emulator/index";
import { readElf } from "../../../toolchain/elf/read";

export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export interface FixtureVariant {
  base?: number;
  /** Alignment of every output section (default 4096). */
  align?: number;
  /** Order of the output sections after .text (default .rodata, .data, .bss). */
  order?: string[];
  heapSize?: number;
  heapAlign?: number;
  stackSize?: number;
  stackAlign?: number;
}

const h = (n: number) => "0x" + n.toString(16);

/** A GNU ld script for a variant: kernlab's boundary symbol names, heap then stack after .bss. */
export function fixtureScript(v: FixtureVariant = {}): string {
  const align = v.align ?? 4096;
  const order = [".text", ...(v.order ?? [".rodata", ".data", ".bss"])];
  const body = order.map((name) => {
    const stem = name.slice(1);
    const inputs = name === ".text" ? "*(.multiboot) *(.text)" : name === ".bss" ? "*(.bss) *(COMMON)" : `*(${name})`;
    return `  ${name} ALIGN(${h(align)}) : { __${stem}_start = .; ${inputs} __${stem}_end = .; }`;
  });
  return [
    "ENTRY(_start)", "SECTIONS", "{", `  . = ${h(v.base ?? 0x100000)};`, ...body,
    `  . = ALIGN(${h(v.heapAlign ?? 4096)});`, "  __heap_start = .;", `  . += ${h(v.heapSize ?? 0x10000)};`, "  __heap_end = .;",
    `  . = ALIGN(${h(v.stackAlign ?? 16)});`, "  __stack_bottom = .;", `  . += ${h(v.stackSize ?? 0x4000)};`, "  __stack_top = .;",
    "  __kernel_end = .;", "  /DISCARD/ : { *(.note*) *(.comment) }", "}", "",
  ].join("\n");
}

let work: string | null = null;
let object: string | null = null;
let counter = 0;

/** Assemble once per process, link per variant. */
export function buildFixture(v: FixtureVariant = {}): Uint8Array {
  work ??= mkdtempSync(join(tmpdir(), "kernlab-verify-"));
  if (!object) {
    object = join(work, "mini.o");
    execFileSync("nasm", ["-felf32", join(FIXTURES, "mini.asm"), "-o", object]);
  }
  const n = counter++;
  const script = join(work, `v${n}.ld`), out = join(work, `v${n}.elf`);
  writeFileSync(script, fixtureScript(v));
  execFileSync("ld", ["-m", "elf_i386", "--no-warn-rwx-segments", "-T", script, "-o", out, object]);
  return new Uint8Array(readFileSync(out));
}

export function zeroRegisters(over: Partial<Registers> = {}): Registers {
  return { eax: 0, ebx: 0, ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: 0, eip: 0, eflags: 2, cs: 8, ds: 16, es: 16, fs: 16, gs: 16, ss: 16,
    cr0: 1, cr2: 0, cr3: 0, cr4: 0, ...over };
}

/** RAM with the ELF's PT_LOAD segments copied in (filesz) and zero-filled to memsz, as a loader does. */
export function fakeLoad(elf: Uint8Array, memoryBytes = 4 << 20): { memory: GuestMemory; ram: Uint8Array } {
  const ram = new Uint8Array(memoryBytes);
  const file = readElf(elf, "fixture");
  for (const s of file.segments) {
    if (s.type !== 1) continue;
    ram.set(elf.subarray(s.offset, s.offset + s.filesz), s.paddr);
  }
  const memory = guestMemory({ ram: () => ram, vgaRead: () => 0, vgaWrite: () => {} });
  return { memory, ram };
}
