/**
 * Fuzz targets (issue 12): each takes one input and must either succeed or fail with kernlab's own located
 * error type (KernlabError / diagnostics / a named verdict). Anything else thrown is a crash; a target that
 * does not return is a hang (the runner in run.ts watches for that from another thread).
 * Shared by the small-budget suite (fuzz.test.ts) and `npm run fuzz` (run.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { KernlabError } from "../../core/diagnostics";
import { readElf, readRelocations, isElf, sectionByName } from "../../toolchain/elf/read";
import { decodeDebugLine } from "../../toolchain/elf/dwarf-line";
import { LineMap } from "../../toolchain/elf/line-map";
import { execFileSync } from "node:child_process";
import { hasOracle } from "../helpers/oracles";
import { isArchive, readArchive } from "../../toolchain/elf/archive";
import { assemble } from "../../toolchain/asm/index";
import { preprocess, type Limits } from "../../toolchain/asm/preprocess/index";
import { mapResolver } from "../../toolchain/asm/source";
import { layoutToScript, link } from "../../toolchain/link/index";
import { planLoad } from "../../emulator/multiboot";
import { loadKernel } from "../../emulator/loader";
import type { GuestMemory } from "../../emulator/index";
import { sampleLayout } from "../../kernel/layout";
import { parseSnapshot, type LayoutSnapshot } from "../../verify/snapshot";
import { compareSnapshot } from "../../verify/diff";
import { readSnapshotFile } from "../../verify/snapshot-file";
import { allowedHosts, contentSecurityPolicy, hostAllowed, resolveRequestPath } from "../../web/server";
import { writeArchive } from "./archive";
import { checksum, encodeBinary, encodeText, Framer } from "../../debug/gdb/framing";
import { COMMANDS, findCommand, parseParams, type StubSession } from "../../debug/gdb/commands";
import { FakeDebugger } from "../debug/fake-debugger";
import { crc32, encodeKlrec, readKlrec } from "../../replay/format";

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

/** The differential corpora (assembler vs nasm, preprocessor vs nasm -E) and the linker's fixtures: real sources. */
const root = new URL("../../", import.meta.url);
function corpus(dir: string, ext: RegExp): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(new URL(dir, root)).sort()) if (ext.test(name)) files[name] = readFileSync(new URL(`${dir}/${name}`, root), "latin1");
  return files;
}
const ASM_CORPUS = corpus("test/asm/corpus", /\.asm$/);
const PP_CORPUS = corpus("test/pp/corpus", /\.(asm|inc)$/);
const LINK_CORPUS = corpus("test/link/fixtures", /\.asm$/);
export const CORPUS_SEEDS = [...Object.values(ASM_CORPUS), ...Object.entries(PP_CORPUS).filter(([n]) => n.endsWith(".asm")).map(([, t]) => t), ...Object.values(LINK_CORPUS)];

/** Includes the corpora use, plus a file that includes itself. */
const FILES: Record<string, string> = { ...PP_CORPUS, "self.asm": `%include "self.asm"\n` };
export const fuzzResolver = () => mapResolver(FILES);

/** Bombs: each must stop at a preprocessor limit with a located error (fuzz.test.ts checks them at the default limits). */
export const HOSTILE_PP = [
  `%rmacro a 0\na\n%endmacro\na\n`,
  `%define x x x\nx\n`,
  `%rep 1000000000\nnop\n%endrep\n`,
  `%include "self.asm"\n`,
  `%assign i 1/0\n`,
  `%if\n`,
  `%rmacro m 1-*\n%rotate 1\nm %1\n%endmacro\nm 1,2,3\n`,
  `%define a(x) a(x) a(x)\na(1)\n`,
  `%rmacro b 0\nb\nb\n%endmacro\nb\n`,
];

/**
 * Low limits for the long run: a bomb reaches the same limit check as at the defaults, in a millisecond instead of
 * ~0.4 s (a 1000-deep recursion). The defaults are exercised on every HOSTILE_PP seed by fuzz.test.ts.
 */
export const FUZZ_LIMITS: Partial<Limits> = { macroDepth: 40, repCount: 2000, totalLines: 50_000, includeDepth: 10, outputChars: 1 << 20, lineTokens: 20_000 };

const ALPHABET = ["mov", "eax", "[", "]", ",", "+", "*", "4", "0x", "%", "macro", "endmacro", "rep", "endrep", "if", "endif", "define", "\n", " ", "db", "'", '"', ":", ".", "$", "$$", "section", "bits", "32", "16", "times", "(", ")", "-", "~", "<<", "jmp", "short", "far", "byte", "dword", "%%", "%1", "{", "}", "equ", "struc", "endstruc", ";", "\\", "\t", "align", "org", "global", "extern", "resb", "incbin", "%include", "\"self.asm\"", "\"consts.inc\"", "%assign", "%xdefine", "%[", "%+", "%?", "%00", "%0", "%rotate", "%push", "%pop", "%$", "incbin", "0xFFFFFFFFFFFFFFFFFF", "1e999", "__?float32?__", "rel", "ORG", "%line", "istruc", "iend", "at"];

/** A source made from ASM-ish tokens, or a seed with characters or lines mutated. */
export const asmSourceArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...ALPHABET), { maxLength: 200 }).map((t) => t.join(" ")),
  fc.tuple(fc.constantFrom(...ASM_SEEDS, ...CORPUS_SEEDS, ...HOSTILE_PP), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 8 })), { maxLength: 6 }))
    .map(([seed, edits]) => {
      let s = seed;
      for (const [at, del, ins] of edits) {
        const p = at % (s.length + 1);
        s = s.slice(0, p) + ins + s.slice(p + (del % 6));
      }
      return s;
    }),
  fc.tuple(fc.constantFrom(...ASM_SEEDS, ...CORPUS_SEEDS), fc.array(fc.nat(), { maxLength: 4 })).map(([seed, picks]) => {
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

/**
 * Unlocated-diagnostic texts the targets tolerate while a reported toolchain/asm defect awaits its fix, so the
 * long run keeps looking for new ones. Empty: everything the fuzzer found is fixed (regressions.test.ts,
 * test/asm/limits.test.ts).
 */
export const KNOWN_ASM_DEFECTS: { pattern: RegExp; what: string }[] = [];

/** Errors must carry a location with a line ≥ 1 in some file (the user's line, or the include/macro that failed). */
function checkLocated(diagnostics: { severity: string; text: string; location: { line: number } | null }[]): void {
  for (const d of diagnostics) {
    if (d.severity !== "error") continue;
    if (!d.text) throw new Error("diagnostic with an empty text");
    if (!d.location && KNOWN_ASM_DEFECTS.some((k) => k.pattern.test(d.text))) continue;
    if (!d.location || d.location.line < 1) throw new Error(`unlocated diagnostic: ${d.text}`);
  }
}

export const assemblerTarget: Target<string> = {
  name: "assembler",
  arbitrary: asmSourceArbitrary,
  check(src) {
    // A source that trips a (lowered) preprocessor limit is the preprocessor target's business; at the default
    // limits it would cost up to a second each. Everything else goes through the whole assembler.
    const pre = preprocess(src, { file: "fuzz.asm", resolver: fuzzResolver(), limits: FUZZ_LIMITS });
    if (pre.diagnostics.some((d) => d.severity === "error")) return;
    const r = assemble(src, { file: "fuzz.asm", resolver: fuzzResolver() });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (errors.length && r.output) throw new Error("assemble() returned output despite errors");
    if (!errors.length && !r.output) throw new Error("assemble() returned neither output nor an error");
    checkLocated(r.diagnostics);
  },
};

export const preprocessorTarget: Target<string> = {
  name: "preprocessor",
  arbitrary: asmSourceArbitrary,
  check(src) {
    expectClean(() => {
      const r = preprocess(src, { file: "fuzz.asm", resolver: fuzzResolver(), limits: FUZZ_LIMITS });
      checkLocated(r.diagnostics);
    });
  },
};

/** Reads an object or an archive and every member, section and relocation table in it. */
function readAll(bytes: Uint8Array, name: string): void {
  if (isArchive(bytes)) {
    const a = readArchive(bytes, name);
    for (const m of a.members) if (isElf(m.bytes)) readAll(m.bytes, `${name}(${m.name})`);
    return;
  }
  const f = readElf(bytes, name);
  for (const s of f.sections) readRelocations(f, s);
}

/**
 * `.debug_line` seeds: NASM's DWARF 2 program (kernlab's assembler, -g -F dwarf) and, where gcc -m32 is
 * installed, gcc 12's DWARF 5 program with its `.debug_line_str` (the strings are kept, the program mutated).
 */
export function dwarfLineSeeds(): { programs: Uint8Array[]; lineStr: Uint8Array | null } {
  const programs: Uint8Array[] = [];
  const nasm = assemble(ASM_SEEDS[0]!, { file: "seed.asm", debug: { format: "dwarf", compDir: "/fuzz/" } });
  if (nasm.output) programs.push(sectionByName(readElf(nasm.output), ".debug_line")!.data.slice());
  let lineStr: Uint8Array | null = null;
  if (hasOracle("gcc-m32")) {
    const dir = mkdtempSync(join(tmpdir(), "kl-fuzz-dwarf-"));
    writeFileSync(join(dir, "k.c"), "int g;\nstatic int sq(int x) { return x * x; }\nint kmain(void) {\n  for (int i = 0; i < 4; i++)\n    g += sq(i);\n  return g;\n}\n");
    execFileSync("gcc", ["-m32", "-g", "-O0", "-ffreestanding", "-c", "k.c", "-o", "k.o"], { cwd: dir });
    const elf = readElf(new Uint8Array(readFileSync(join(dir, "k.o"))));
    programs.push(sectionByName(elf, ".debug_line")!.data.slice());
    lineStr = sectionByName(elf, ".debug_line_str")?.data.slice() ?? null;
  }
  return { programs, lineStr };
}

export function dwarfLineTarget(seeds: { programs: Uint8Array[]; lineStr: Uint8Array | null }): Target<Uint8Array> {
  return {
    name: "dwarf-line",
    arbitrary: byteMutations(seeds.programs),
    check(bytes) {
      expectClean(() => { new LineMap(decodeDebugLine(bytes, { lineStr: seeds.lineStr }, "fuzz.o")).lineAt(0); });
    },
  };
}

export function elfReaderTarget(seeds: Uint8Array[]): Target<Uint8Array> {
  return {
    name: "elf-reader",
    arbitrary: byteMutations(seeds),
    check(bytes) {
      expectClean(() => readAll(bytes, "fuzz.o"));
    },
  };
}

const SCRIPT = `ENTRY(_start)\nSECTIONS\n{\n  . = 1M;\n  .text BLOCK(4K) : ALIGN(4K) { *(.multiboot) *(.text) }\n  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata) }\n  .data BLOCK(4K) : ALIGN(4K) { *(.data) }\n  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }\n}\n`;
/** Linker-script seeds: the barebones script, the linker's fixtures, and the sample kernel's layout as ld script. */
const SCRIPTS = [SCRIPT, ...Object.values(corpus("test/link/fixtures", /\.ld$/)), layoutToScript(sampleLayout)];
const SCRIPT_PIECES = ["", "(", ")", "{", "}", ";", "=", "*", "1M", "ALIGN(", "0x", "ASSERT(0, \"x\")", "MEMORY { r : ORIGIN = 0, LENGTH = 1 }", "/DISCARD/ : { *(.text) }", ". = 0xFFFFFFFF;", ". = . - 0x10000;", "AT(0)", "> r", "PROVIDE(a = b);", "a = a + 1;", "INCLUDE self.ld", "KEEP(", "SORT(", ". = ALIGN(0x80000000);", "0xFFFFFFFFFFFF", "\"", "/*", "*/", ":"];

export const scriptArbitrary: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...SCRIPTS), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...SCRIPT_PIECES)), { minLength: 1, maxLength: 4 }))
  .map(([seed, edits]) => {
    let s = seed;
    for (const [at, del, ins] of edits) { const p = at % (s.length + 1); s = s.slice(0, p) + ins + s.slice(p + (del % 8)); }
    return s;
  });

export function linkerTarget(seeds: Uint8Array[]): Target<{ objects: Uint8Array[]; script: string }> {
  const readFile = (path: string) => (path.endsWith("self.ld") ? new TextEncoder().encode("INCLUDE self.ld\n") : null);
  return {
    name: "linker",
    arbitrary: fc.record({ objects: fc.array(byteMutations(seeds), { minLength: 1, maxLength: 2 }), script: fc.oneof(fc.constantFrom(...SCRIPTS), scriptArbitrary) }),
    check({ objects, script }) {
      expectClean(() => {
        link(objects.map((bytes, i) => ({ name: `fuzz${i}.o`, bytes })), { script: { text: script, file: "fuzz.ld" }, readFile });
      });
    },
  };
}

/** Guest RAM for the loader without a machine: the loader writes the plan and the boot information into it. */
function fakeMemory(size: number): GuestMemory {
  const ram = new Uint8Array(size);
  const dv = new DataView(ram.buffer);
  const check = (addr: number, n: number) => { if (!(addr >= 0 && addr + n <= size)) throw new RangeError(`guest write ${addr}+${n} outside RAM`); };
  return {
    size,
    u8: (a) => ram[a]!, u16: (a) => dv.getUint16(a, true), u32: (a) => dv.getUint32(a, true),
    bytes: (a, n) => { check(a, n); return ram.slice(a, a + n); },
    cstring: () => "",
    write: (a, d) => { check(a, d.length); ram.set(d, a); },
    writeU32: (a, v) => { check(a, 4); dv.setUint32(a, v >>> 0, true); },
    virt: () => { throw new Error("not used by the loader"); },
  };
}

export function multibootTarget(seeds: Uint8Array[]): Target<Uint8Array> {
  const memoryBytes = 32 << 20;
  const mem = fakeMemory(memoryBytes);
  return {
    name: "multiboot-loader",
    arbitrary: byteMutations(seeds),
    check(bytes) {
      // planLoad never throws: a kernel it cannot load is a named verdict. A plan it accepts must load.
      // Both loader personalities (QEMU's and GRUB's), each on a kernel it accepts.
      for (const loader of ["qemu", "grub"] as const) {
        const r = planLoad(bytes, memoryBytes, loader);
        if (!r.ok) {
          if (typeof r.verdict.kind !== "string") throw new Error("verdict without a kind");
          continue;
        }
        const loaded = loadKernel(mem, { plan: r.plan, modules: [{ data: bytes.subarray(0, 64), cmdline: "m" }], cmdline: "fuzz", loader });
        if (!loaded.ok && typeof loaded.verdict.kind !== "string") throw new Error("verdict without a kind");
      }
    },
  };
}

const SNAPSHOT_SEED = {
  format: "kernlab-layout-snapshot/1",
  entry: "0x0010000c",
  sections: {
    ".text": { vaddr: "0x00100000", paddr: "0x00100000", size: 4096, align: 4096, flags: "AX" },
    ".bss": { vaddr: "0x00102000", paddr: "0x00102000", size: 16384, align: 4096, flags: "WA" },
  },
  symbols: { kmain: "0x00100020", __heap_start: "0x00106000" },
  heap: { start: "0x00106000", end: "0x00206000", top: "0x00107000" },
  stack: { bottom: "0x00206000", top: "0x0020a000", highWater: 512 },
  tolerances: { "stack/highWater": "1 KiB", "symbols/*": 64 },
};
const JSON_VALUES = [null, 0, -1, 1e308, "x", "", "0x", "0x10", "any", "1 KiB", "1 PiB", [], {}, [1], { a: 1 }, true];

const SNAPSHOT_PATHS = [["format"], ["entry"], ["sections"], ["sections", ".text"], ["sections", ".text", "vaddr"], ["sections", ".text", "size"], ["sections", ".bss", "align"], ["sections", ".bss", "flags"], ["symbols"], ["symbols", "kmain"], ["heap"], ["heap", "start"], ["heap", "top"], ["stack"], ["stack", "highWater"], ["stack", "bottom"], ["tolerances"], ["tolerances", "stack/highWater"], ["tolerances", "symbols/*"], ["tolerances", "**"]];

/** A snapshot file with values at known paths replaced by other JSON values, then perhaps cut short. */
export const snapshotArbitrary: fc.Arbitrary<string> = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...SNAPSHOT_PATHS), fc.constantFrom(...JSON_VALUES)), { maxLength: 4 }), fc.option(fc.nat()))
  .map(([edits, cut]) => {
    const root = JSON.parse(JSON.stringify(SNAPSHOT_SEED)) as Record<string, unknown>;
    for (const [path, value] of edits) {
      let obj: unknown = root;
      for (const key of path.slice(0, -1)) obj = obj !== null && typeof obj === "object" ? (obj as Record<string, unknown>)[key] : undefined;
      if (obj !== null && typeof obj === "object") (obj as Record<string, unknown>)[path[path.length - 1]!] = JSON.parse(JSON.stringify(value)) as unknown;
    }
    const text = JSON.stringify(root, null, 2);
    return cut === null ? text : text.slice(0, cut % (text.length + 1));
  });

export const snapshotTarget: Target<string> = {
  name: "snapshot",
  arbitrary: snapshotArbitrary,
  check(text) {
    expectClean(() => {
      const snap = parseSnapshot(text, "fuzz.layout.json");
      compareSnapshot(snap, snap);
      compareSnapshot(SNAPSHOT_SEED as LayoutSnapshot, snap);
      compareSnapshot(snap, SNAPSHOT_SEED as LayoutSnapshot);
    });
  },
};

/** A flat Multiboot 2 kernel: information request, address and entry tags, console flags (for multiboot2.ts). */
const MB2_SEED = `bits 32
org 0x100000
hdr: dd 0xE85250D6, 0, hdr_end - hdr, -(0xE85250D6 + (hdr_end - hdr))
dw 1, 0
dd 16
dd 1, 6
dw 2, 0
dd 24
dd hdr, hdr, 0, bss_end
dw 3, 0
dd 12
dd start
dd 0
dw 4, 0
dd 12
dd 2
dd 0
dw 0, 0
dd 8
hdr_end:
start: mov al, 0
out 0xf4, al
hlt
times 64 db 0
bss_end:
`;

/** Pieces GDB packets are made of: every command prefix, separators, numbers at the edges, escapes. */
const GDB_PREFIXES = [...COMMANDS.map((c) => c.prefix), "qXfer:features:read:target.xml:", "qXfer:features:read:", "vCont;", "qRcmd,", "Z2,", "m", "X", "P", "G", "x"];
const GDB_PIECES = ["", ",", ":", ";", "=", "0", "1", "4", "ff", "ffffffff", "100000000", "0000000000000001", "4000", "7fff", "-1", "}", "}}", "*", "#", "$", "\x03", "xx", "g", "s:1", "c", "t", "target.xml", "zz", "1000,4", "0,ffffffff"];

/** A byte stream from GDB: framed packets (right or wrong checksums), bare bytes, Ctrl-C, acks. */
export const gdbStreamArbitrary: fc.Arbitrary<Uint8Array> = fc.array(fc.oneof(
  fc.tuple(fc.constantFrom(...GDB_PREFIXES), fc.array(fc.constantFrom(...GDB_PIECES), { maxLength: 6 }), fc.boolean())
    .map(([p, parts, good]) => {
      const payload = Buffer.from(p + parts.join(""), "latin1");
      const sum = good ? checksum(payload) : (checksum(payload) + 1) & 0xff;
      return Uint8Array.from([...Buffer.from("$"), ...payload, ...Buffer.from("#" + sum.toString(16).padStart(2, "0"))]);
    }),
  fc.uint8Array({ maxLength: 40 }),
  fc.constantFrom(Uint8Array.of(3), Uint8Array.of(0x2b), Uint8Array.of(0x2d), Buffer.from("$#00"), Buffer.from("$}")),
), { maxLength: 12 }).map((chunks) => Uint8Array.from(chunks.flatMap((c) => [...c])));

/**
 * The GDB stub's packet path, synchronously: framing, table lookup, parameter shapes, and every handler that
 * answers at once (not the ones that run the guest or a monitor command), against a fake Debugger; each
 * reply must encode. The stub must never throw on what a peer sends.
 */
export const gdbPacketTarget: Target<Uint8Array> = {
  name: "gdb-packets",
  arbitrary: gdbStreamArbitrary,
  check(stream) {
    const dbg = new FakeDebugger();
    const framer = new Framer(() => {});
    const session: StubSession = { dbg, lastStop: null, points: new Map(), kill() {}, monitor: async () => "", output() {} };
    for (const ev of framer.feed(stream)) {
      if (ev.kind !== "packet") continue;
      const found = findCommand(ev.payload);
      if (!found) continue;
      const args = parseParams(found.entry.params, found.rest);
      if (!args || found.entry.resumes || found.entry.prefix === "qRcmd") continue;
      const reply = found.entry.handler(session, args);
      if (reply instanceof Promise) continue;
      if (reply.kind === "text") framer.send(encodeText(reply.text));
      else if (reply.kind === "binary") framer.send(encodeBinary(reply.prefix, reply.data));
      if (reply.kind === "text" && reply.after === "no-ack") framer.noAck = true;
    }
  },
};

/** Seeds for the byte-level targets: kernlab-assembled objects, an archive of them, and linked kernels. */
export function buildSeeds(): { objects: Uint8Array[]; kernels: Uint8Array[] } {
  const objects: Uint8Array[] = [];
  const sources: [string, string][] = [...ASM_SEEDS.map((s, i): [string, string] => [`seed${i}.asm`, s]), ...Object.entries(ASM_CORPUS), ...Object.entries(LINK_CORPUS)];
  for (const [name, src] of sources) {
    const r = assemble(src, { file: name, resolver: fuzzResolver() });
    if (r.output && !src.includes("org 0x7C00") && isElf(r.output)) objects.push(r.output);
  }
  const kernels: Uint8Array[] = [readFileSync(new URL("emulator/fixtures/hello.elf", root))];
  kernels.push(link([{ name: "seed0.o", bytes: objects[0]! }], { script: { text: SCRIPT, file: "seed.ld" } }).image);
  kernels.push(link([{ name: "seed0.o", bytes: objects[0]! }], { layout: sampleLayout }).image);
  const mb2 = assemble(MB2_SEED, { file: "mb2.asm", format: "bin" });
  if (mb2.output) kernels.push(mb2.output);
  const archive = writeArchive(objects.slice(1, 4).map((bytes, i) => ({ name: `m${i}.o`, bytes })));
  return { objects: [...objects, archive], kernels };
}

// --- issue 21: the snapshot reader from bytes on disk, and the web server's request decisions ----------------

const SNAPSHOT_DIR = mkdtempSync(join(tmpdir(), "kl-fuzz-snap-"));
const SNAPSHOT_BYTES_SEED = new TextEncoder().encode(JSON.stringify(SNAPSHOT_SEED, null, 2));

/** Bytes of a snapshot file: the seed with byte edits, invalid UTF-8, a BOM, deep nesting or a cut. */
const snapshotBytesArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.option(fc.nat())).map(([edits, cut]) => {
    const b = SNAPSHOT_BYTES_SEED.slice();
    for (const [at, v] of edits) b[at % b.length] = v;
    return cut === null ? b : b.subarray(0, cut % (b.length + 1));
  }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => new TextEncoder().encode("[".repeat(n))),
  fc.uint8Array({ maxLength: 512 }),
  fc.constant(Uint8Array.from([0xef, 0xbb, 0xbf, ...SNAPSHOT_BYTES_SEED])),
);

export const snapshotFileTarget: Target<Uint8Array> = {
  name: "snapshot-file",
  arbitrary: snapshotBytesArbitrary,
  check(bytes) {
    const path = join(SNAPSHOT_DIR, "fuzz.layout.json");
    writeFileSync(path, bytes);
    expectClean(() => {
      const snap = readSnapshotFile(path);
      if (snap) compareSnapshot(SNAPSHOT_SEED as LayoutSnapshot, snap);
    });
  },
};

const WEB_ROOT = "/srv/kernlab-lab";
const PORT = 8086;
const ALLOWED = allowedHosts("127.0.0.1");
const urlPiece = fc.constantFrom("..", ".", "%2e%2e", "%2E", "%2f", "%5c", "\\", "/", "//", "%00", "\0", "index.html", "a", "%", "%c0%af", "%e0%a4%a", "?", "#", "~", "\u00e9", "%ff", ";", "::");
export const webRequestTarget: Target<{ path: string; host: string; html: string }> = {
  name: "web-request",
  arbitrary: fc.record({
    path: fc.oneof(fc.array(urlPiece, { maxLength: 12 }).map((p) => "/" + p.join("")), fc.string({ maxLength: 80 })),
    host: fc.oneof(fc.constantFrom("127.0.0.1:8086", "localhost:8086", "[::1]:8086", "evil.test", "127.0.0.1.evil.test:8086", "127.0.0.1:80", "[::1", "::1:8086", ""), fc.string({ maxLength: 40 })),
    html: fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom("<script>", "</script>", "<script src=x>", "x", "<SCRIPT >", "</script >", "\n"), { maxLength: 12 }).map((a) => a.join(""))),
  }),
  check({ path, host, html }) {
    const file = resolveRequestPath(WEB_ROOT, path);
    if (file !== null && file !== WEB_ROOT && !file.startsWith(WEB_ROOT + "/")) throw new Error(`path ${JSON.stringify(path)} escaped the root: ${file}`);
    if (hostAllowed(host, ALLOWED, PORT)) {
      const name = host.trim().replace(/:\d+$/, "").toLowerCase();
      if (!ALLOWED.has(name)) throw new Error(`Host ${JSON.stringify(host)} accepted but ${name} is not a listen address`);
    }
    const csp = contentSecurityPolicy(html);
    if (/script-src[^;]*'unsafe-inline'/.test(csp)) throw new Error("CSP allows inline scripts");
  },
};

/** .klrec files (replay/format.ts): any bytes are read or refused with a named error, never a crash. */
const KLREC_SEED = encodeKlrec({
  header: { kernelName: "k", cmdline: "c", loader: "qemu", memoryMiB: 16, guestMips: 100, modules: [{ cmdline: "m" }], checkpointNames: {}, end: 99, verdict: null, snapshotEvery: 1_000_000, recordedBy: "fuzz" },
  kernel: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), modules: [new Uint8Array([1, 2])],
  inputs: [{ at: 5, n: 0, kind: "serial", bytes: [65, 66] }], events: [{ at: 5, kind: "serial-in", detail: "AB" }],
  snapshots: [{ at: 0, rawLength: 2, compressed: new Uint8Array([3, 0]) }, { at: 50, rawLength: 2, compressed: new Uint8Array([3, 0]) }],
});
export const klrecTarget: Target<Uint8Array> = {
  name: "klrec reader",
  // Mutated copies with the CRC stamped again too, so the parser behind the checksum is reached.
  arbitrary: fc.oneof(byteMutations([KLREC_SEED]), byteMutations([KLREC_SEED]).map(restampCrc), fc.uint8Array({ maxLength: 256 })),
  check(bytes) { expectClean(() => { readKlrec(bytes); }); },
};

function restampCrc(b: Uint8Array): Uint8Array {
  const at = b.length - 9;
  if (at < 0 || b[at] !== 0xff) return b;
  const out = b.slice();
  new DataView(out.buffer).setUint32(at + 5, crc32(out.subarray(0, at)), true);
  return out;
}
