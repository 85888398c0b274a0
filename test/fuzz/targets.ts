/**
 * Fuzz targets (issue 12): each takes one input and must either succeed or fail with kernlab's own located
 * error type (KernlabError / diagnostics / a named verdict). Anything else thrown is a crash; a target that
 * does not return is a hang (the runner in run.ts watches for that from another thread).
 * Shared by the small-budget suite (fuzz.test.ts) and `npm run fuzz` (run.ts).
 */
import fc from "fast-check";
import { KernlabError } from "../../core/diagnostics";
import { readElf, readRelocations } from "../../toolchain/elf/read";
import { assemble } from "../../toolchain/asm/index";
import { preprocess } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";
import { link } from "../../toolchain/link/index";
import { checkMultiboot } from "../../emulator/index";

export interface Target<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Throws only for a defect in kernlab (crash); returns normally for accepted or cleanly rejected input. */
  check(input: T): void;
}

/** Anything but a KernlabError escaping a kernlab API is a crash. */
function expectClean(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernlabError) {
      for (const d of e.diagnostics) if (!d.text) throw new Error("KernlabError with an empty diagnostic");
      return;
    }
    throw e;
  }
}

// --- Seeds -----------------------------------------------------------------------------------------

export const ASM_SEEDS = [
  `bits 32\nsection .multiboot\nalign 4\n dd 0x1BADB002, 3, -(0x1BADB002+3)\nsection .text\nglobal _start\n_start:\n mov esp, stack_top\n call kmain\n.hang: hlt\n jmp .hang\nkmain:\n push ebp\n mov ebp, esp\n mov eax, [ebp+8]\n lea ecx, [eax*4+table]\n pop ebp\n ret\nsection .data\ntable: dd 1,2,3\nmsg: db "hi", 10, 0\nsection .bss\nresb 4096\nstack_top:\n`,
  `bits 16\norg 0x7C00\nstart:\n cli\n xor ax, ax\n mov ds, ax\n mov si, msg\n.l: lodsb\n or al, al\n jz .d\n mov ah, 0x0E\n int 0x10\n jmp .l\n.d: hlt\nmsg: db 'boot', 0\ntimes 510-($-$$) db 0\ndw 0xAA55\n`,
  `%macro ISR_NOERR 1\nglobal isr%1\nisr%1:\n push byte 0\n push byte %1\n jmp common\n%endmacro\n%assign i 0\n%rep 32\nISR_NOERR i\n%assign i i+1\n%endrep\ncommon:\n pusha\n popa\n add esp, 8\n iret\n`,
  `struc task\n .pid: resd 1\n .cr3: resd 1\nendstruc\nsection .data\nt: istruc task\n at task.pid, dd 1\n at task.cr3, dd 0x1000\niend\nsection .text\n mov eax, [t+task.cr3]\n mov cr3, eax\n jmp 0x08:.flush\n.flush:\n lgdt [gdtr]\ngdtr: dw 23\n dd 0\n`,
];

const HOSTILE_PP = [
  `%macro a 0\na\n%endmacro\na\n`,
  `%define x x x\nx\n`,
  `%rep 1000000000\nnop\n%endrep\n`,
  `%include "self.asm"\n`,
  `%assign i 1/0\n`,
  `%if\n`,
  `%macro m 1-*\n%rotate 1\nm %1\n%endmacro\nm 1,2,3\n`,
];

const ALPHABET = ["mov", "eax", "[", "]", ",", "+", "*", "4", "0x", "%", "macro", "endmacro", "rep", "endrep", "if", "endif", "define", "\n", " ", "db", "'", '"', ":", ".", "$", "$$", "section", "bits", "32", "16", "times", "(", ")", "-", "~", "<<", "jmp", "short", "far", "byte", "dword", "%%", "%1", "{", "}", "equ", "struc", "endstruc", ";", "\\", "\t", "align", "org", "global", "extern", "resb", "incbin"];

/** A source made from ASM-ish tokens, or a seed with characters or lines mutated. */
export const asmSourceArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...ALPHABET), { maxLength: 200 }).map((t) => t.join(" ")),
  fc.tuple(fc.constantFrom(...ASM_SEEDS, ...HOSTILE_PP), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 8 })), { maxLength: 6 }))
    .map(([seed, edits]) => {
      let s = seed;
      for (const [at, del, ins] of edits) {
        const p = at % (s.length + 1);
        s = s.slice(0, p) + ins + s.slice(p + (del % 6));
      }
      return s;
    }),
  fc.tuple(fc.constantFrom(...ASM_SEEDS), fc.array(fc.nat(), { maxLength: 4 })).map(([seed, picks]) => {
    const lines = seed.split("\n");
    for (const p of picks) lines.splice(p % lines.length, 0, lines[(p * 7) % lines.length]!); // duplicate lines
    return lines.join("\n");
  }),
);

/** Mutate bytes: overwrite, truncate, or poke 32-bit words with extreme values. */
export function byteMutations(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const extreme = fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 52, 40, 32);
  return fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 255 }).map((b) => ({ byte: b })), extreme.map((w) => ({ word: w })))), { maxLength: 8 }), fc.option(fc.nat()))
    .map(([seed, pokes, cut]) => {
      const b = seed.slice();
      const dv = new DataView(b.buffer);
      for (const [at, v] of pokes) {
        if (b.length === 0) break;
        const p = at % b.length;
        if ("byte" in v) b[p] = v.byte;
        else if (p + 4 <= b.length) dv.setUint32(p, v.word >>> 0, true);
      }
      return cut === null ? b : b.subarray(0, cut % (b.length + 1));
    });
}

// --- Targets ---------------------------------------------------------------------------------------

export const assemblerTarget: Target<string> = {
  name: "assembler",
  arbitrary: asmSourceArbitrary,
  check(src) {
    const r = assemble(src, { file: "fuzz.asm", resolver: mapResolver({ "self.asm": `%include "self.asm"\n` }) });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (errors.length && r.output) throw new Error("assemble() returned output despite errors");
    for (const d of errors) if (!d.location || d.location.line < 1) throw new Error(`unlocated diagnostic: ${d.text}`);
  },
};

export const preprocessorTarget: Target<string> = {
  name: "preprocessor",
  arbitrary: asmSourceArbitrary,
  check(src) {
    expectClean(() => {
      preprocess(src, { file: "fuzz.asm", resolver: mapResolver({ "self.asm": `%include "self.asm"\n` }) });
    });
  },
};

export function elfReaderTarget(seeds: Uint8Array[]): Target<Uint8Array> {
  return {
    name: "elf-reader",
    arbitrary: byteMutations(seeds),
    check(bytes) {
      expectClean(() => {
        const f = readElf(bytes, "fuzz.o");
        for (const s of f.sections) readRelocations(f, s);
      });
    },
  };
}

const SCRIPT = `ENTRY(_start)\nSECTIONS\n{\n  . = 1M;\n  .text BLOCK(4K) : ALIGN(4K) { *(.multiboot) *(.text) }\n  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata) }\n  .data BLOCK(4K) : ALIGN(4K) { *(.data) }\n  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }\n}\n`;

export function linkerTarget(seeds: Uint8Array[]): Target<{ objects: Uint8Array[]; script: string }> {
  const scriptArb = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("", "(", ")", "{", "}", ";", "=", "*", "1M", "ALIGN(", "0x", "ASSERT(0, \"x\")", "MEMORY { r : ORIGIN = 0, LENGTH = 1 }", "/DISCARD/ : { *(.text) }", ". = 0xFFFFFFFF;"))
    .map(([at, del, ins]) => { const p = at % (SCRIPT.length + 1); return SCRIPT.slice(0, p) + ins + SCRIPT.slice(p + (del % 8)); });
  return {
    name: "linker",
    arbitrary: fc.record({ objects: fc.array(byteMutations(seeds), { minLength: 1, maxLength: 2 }), script: fc.oneof(fc.constant(SCRIPT), scriptArb) }),
    check({ objects, script }) {
      expectClean(() => {
        link(objects.map((bytes, i) => ({ name: `fuzz${i}.o`, bytes })), { script: { text: script, file: "fuzz.ld" } });
      });
    },
  };
}

export function multibootTarget(seeds: Uint8Array[]): Target<Uint8Array> {
  return {
    name: "multiboot-loader",
    arbitrary: byteMutations(seeds),
    check(bytes) {
      expectClean(() => {
        const v = checkMultiboot(bytes, 32 << 20);
        if (v !== null && typeof v.kind !== "string") throw new Error("checkMultiboot returned a verdict without a kind");
      });
    },
  };
}

/** Seeds for the byte-level targets: kernlab-assembled objects and a linked kernel. */
export function buildSeeds(): { objects: Uint8Array[]; kernels: Uint8Array[] } {
  const objects: Uint8Array[] = [];
  for (const [i, src] of ASM_SEEDS.entries()) {
    if (src.includes("org 0x7C00")) continue;
    const r = assemble(src, { file: `seed${i}.asm` });
    if (r.output) objects.push(r.output);
  }
  const kernels: Uint8Array[] = [];
  try {
    kernels.push(link([{ name: "seed0.o", bytes: objects[0]! }], { script: { text: SCRIPT, file: "seed.ld" } }).image);
  } catch { /* seeds are best effort; objects alone still exercise the loader checks */ }
  return { objects, kernels: kernels.length ? kernels : objects };
}
