/**
 * `%use` packages, as NASM 2.16.01 builds them in: `altreg` (numbered register names), `smartalign`
 * (ALIGNMODE and an `align` that pads with multi-byte NOPs or jumps over long padding), `fp`
 * (float constant helpers) and `ifunc` (ilog2 helpers). Each package is NASM macro text that the
 * engine runs like an internal include file, so `nasm -E` output, `%ifdef`/`%ifmacro` answers and
 * macro numbering (`..@N`) match NASM's. The NOP tables are data measured from nasm 2.16.01.
 * Not the `%use` directive itself (engine.ts) nor how the assembler lays out smart padding
 * (assembler.ts, from the SmartAlignSpec the engine attaches to a line).
 */

/** Names `%use` knows (case-insensitive), in NASM's order. `masm` is NASM's but not kernlab's. */
export const PACKAGE_NAMES = ["altreg", "smartalign", "fp", "ifunc"] as const;
export type PackageName = (typeof PACKAGE_NAMES)[number];

export function findPackage(name: string): PackageName | null {
  const n = name.toLowerCase();
  return (PACKAGE_NAMES as readonly string[]).includes(n) ? (n as PackageName) : null;
}

/** The macro text of a package (the engine adds `%define __?USE_NAME?__` first, as NASM does). */
export function packageSource(name: PackageName): string {
  switch (name) {
    case "altreg": return altreg();
    case "smartalign": return smartalign();
    case "fp": return fp();
    case "ifunc": return ifunc();
  }
}

// ---- altreg ------------------------------------------------------------------------------------

/** r0…r7 in each width, Intel's r0l…r15l for the low bytes, and r0h…r3h for ah/ch/dh/bh. */
function altreg(): string {
  const gprs = [
    ["rax", "eax", "ax", "al", "ah"], ["rcx", "ecx", "cx", "cl", "ch"], ["rdx", "edx", "dx", "dl", "dh"], ["rbx", "ebx", "bx", "bl", "bh"],
    ["rsp", "esp", "sp", "spl"], ["rbp", "ebp", "bp", "bpl"], ["rsi", "esi", "si", "sil"], ["rdi", "edi", "di", "dil"],
  ];
  const out: string[] = [];
  gprs.forEach(([q, d, w, b, h], i) => {
    out.push(`%idefine r${i} ${q}`, `%idefine r${i}d ${d}`, `%idefine r${i}w ${w}`, `%idefine r${i}b ${b}`, `%idefine r${i}l ${b}`);
    if (h) out.push(`%idefine r${i}h ${h}`);
  });
  for (let i = 8; i < 16; i++) out.push(`%idefine r${i}l r${i}b`);
  return out.join("\n") + "\n";
}

// ---- smartalign --------------------------------------------------------------------------------

/**
 * How the assembler pads one smart `align` (attached to the line by the engine): when the padding
 * exceeds `threshold` (and `threshold` is not negative) a `jmp` over NOPs, otherwise as many
 * `group`-byte fills as fit and one fill for the rest. Either way `label` ends the padding.
 */
export interface SmartAlignSpec {
  align: number;
  threshold: number;
  group: number;
  /** fill[n]: the bytes of an n-byte filler (null when the mode leaves that macro undefined). */
  fill: (number[] | null)[];
  /** `..@N.end`, the context-local label NASM's macro defines after the padding. */
  label: string;
  /** The macro the missing filler would have come from (for the error). */
  fillName: (n: number) => string;
}

type Fills = Partial<Record<number, number[]>> & { group?: number };
interface AlignMode { threshold: number; 16: Fills; 32: Fills; 64: Fills }

const nops = (n: number) => Array.from({ length: n }, () => 0x90);
const o66 = (n: number) => [...Array.from({ length: n - 1 }, () => 0x66), 0x90];

/**
 * What each ALIGNMODE defines in nasm 2.16.01, width by width. A mode redefines only these: a
 * filler (or group size) it leaves out keeps the value an earlier mode gave it, as in NASM (k7
 * has no 16-bit group, so 16-bit k7 padding uses whatever group was set before).
 */
const MODES: Record<string, AlignMode> = {
  generic: {
    threshold: 8,
    16: { group: 8, 1: [0x90], 2: [0x89, 0xf6], 3: [0x8d, 0x74, 0x00], 4: [0x8d, 0xb4, 0x00, 0x00], 5: [0x8d, 0xb4, 0x00, 0x00, 0x90],
      6: [0x8d, 0xb4, 0x00, 0x00, 0x89, 0xff], 7: [0x8d, 0xb4, 0x00, 0x00, 0x8d, 0x7d, 0x00], 8: [0x8d, 0xb4, 0x00, 0x00, 0x8d, 0xbd, 0x00, 0x00] },
    32: { group: 7, 1: [0x90], 2: [0x89, 0xf6], 3: [0x8d, 0x76, 0x00], 4: [0x8d, 0x74, 0x26, 0x00], 5: [0x90, 0x8d, 0x74, 0x26, 0x00],
      6: [0x8d, 0xb6, 0x00, 0x00, 0x00, 0x00], 7: [0x8d, 0xb4, 0x26, 0x00, 0x00, 0x00, 0x00] },
    64: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
  },
  nop: { threshold: 16, 16: { group: 1, 1: nops(1) }, 32: { group: 1, 1: nops(1) }, 64: { group: 1, 1: nops(1) } },
  k7: {
    threshold: 16,
    16: { 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
    32: { group: 7, 1: [0x90], 2: [0x8b, 0xc0], 3: [0x8d, 0x04, 0x20], 4: [0x8d, 0x44, 0x20, 0x00], 5: [0x8d, 0x44, 0x20, 0x00, 0x90],
      6: [0x8d, 0x80, 0x00, 0x00, 0x00, 0x00], 7: [0x8d, 0x04, 0x05, 0x00, 0x00, 0x00, 0x00] },
    64: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
  },
  k8: {
    threshold: 16,
    16: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
    32: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
    64: { group: 4, 1: nops(1), 2: o66(2), 3: o66(3), 4: o66(4) },
  },
  p6: {
    threshold: 16,
    16: { group: 4, 1: [0x90], 2: [0x66, 0x90], 3: [0x0f, 0x1f, 0x00], 4: [0x0f, 0x1f, 0x40, 0x00] },
    32: { group: 8, 1: [0x90], 2: [0x66, 0x90], 3: [0x0f, 0x1f, 0x00], 4: [0x0f, 0x1f, 0x40, 0x00], 5: [0x0f, 0x1f, 0x44, 0x00, 0x00],
      6: [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], 7: [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00], 8: [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00] },
    64: { group: 8, 1: [0x90], 2: [0x66, 0x90], 3: [0x0f, 0x1f, 0x00], 4: [0x0f, 0x1f, 0x40, 0x00], 5: [0x0f, 0x1f, 0x44, 0x00, 0x00],
      6: [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], 7: [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00], 8: [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00] },
  },
};

/** The macro holding the n-byte filler (or, for "GROUP", the group size) of a width. */
export const fillerMacro = (bits: number, n: number | "GROUP") => `__?ALIGN_${bits}BIT_${n === "GROUP" ? "GROUP" : `${n}B`}?__`;

const hexList = (bytes: number[]) => bytes.map((b) => "0x" + b.toString(16).padStart(2, "0")).join(",");

function modeDefines(mode: AlignMode): string[] {
  const out = [`%define __?ALIGN_JMP_THRESHOLD?__ ${mode.threshold}`];
  for (const bits of [16, 32, 64] as const) {
    const f = mode[bits];
    for (let n = 1; n <= 8; n++) if (f[n]) out.push(`%define ${fillerMacro(bits, n)} ${hexList(f[n]!)}`);
    if (f.group) out.push(`%define ${fillerMacro(bits, "GROUP")} ${f.group}`);
  }
  return out;
}

/**
 * `alignmode mode[, threshold|nojmp]` and the smart `align`. Under `nasm -E` (pass 3) `align`
 * prints the plain `times … nop` form, as nasm does; when assembling, it opens a context (its
 * `%$end` label) and hands the padding to the assembler through `%__kernlab_smartalign`, since the
 * padding depends on `$`, which only the assembler knows.
 */
function smartalign(): string {
  const modes = Object.entries(MODES);
  return [
    "%imacro alignmode 1-2.nolist",
    ...modes.flatMap(([name, mode], i) => [`%${i ? "elifidni" : "ifidni"} %1,${name}`, ...modeDefines(mode)]),
    "%else",
    "%error unknown alignment mode: %1",
    "%endif",
    "%ifidni %2,nojmp",
    "%define __?ALIGN_JMP_THRESHOLD?__ -1",
    "%elifnempty %2",
    "%xdefine __?ALIGN_JMP_THRESHOLD?__ %2",
    "%endif",
    "%xdefine __?ALIGNMODE?__ %1,__?ALIGN_JMP_THRESHOLD?__",
    "%endmacro",
    "%defalias __ALIGNMODE__ __?ALIGNMODE?__",
    "%imacro align 1-2+.nolist",
    "sectalign %1", // always, unlike the standard align (nasm 2.16.01 ignores `sectalign off` here)
    "%ifnempty %2",
    "times (((%1) - (($-$$) % (%1))) % (%1)) %2",
    "%elif __?PASS?__ == 3",
    "times (((%1) - (($-$$) % (%1))) % (%1)) nop",
    "%else",
    "%push",
    "%__kernlab_smartalign %1, %$end",
    "%pop",
    "%endif",
    "%endmacro",
    "alignmode generic",
  ].join("\n") + "\n";
}

// ---- fp and ifunc ------------------------------------------------------------------------------

/** Short names for the float constant operators and the special values, and `bf16` data. */
function fp(): string {
  const ops = ["float8", "float16", "bfloat16", "float32", "float64", "float80m", "float80e", "float128l", "float128h"];
  return [
    "%define Inf __?Infinity?__",
    "%define NaN __?QNaN?__",
    "%define QNaN __?QNaN?__",
    "%define SNaN __?SNaN?__",
    ...ops.map((op) => `%define ${op}(x) __?${op}?__(x)`),
    "%imacro bf16 1-*.nolist",
    "%rep %0",
    "dw __?bfloat16?__(%1)",
    "%rotate 1",
    "%endrep",
    "%endmacro",
  ].join("\n") + "\n";
}

/** ilog2 and friends over NASM's __?ilog2e/w/f/c?__ operators (e: error, w: warning if not a power of two). */
function ifunc(): string {
  return [
    "%idefine ilog2(x) (__?ilog2e?__(x))",
    "%idefine ilog2e(x) (__?ilog2e?__(x))",
    "%idefine ilog2w(x) (__?ilog2w?__(x))",
    "%idefine ilog2f(x) (__?ilog2f?__(x))",
    "%idefine ilog2c(x) (__?ilog2c?__(x))",
    "%idefine ilog2fw(x) (__?ilog2w?__(x))",
    "%idefine ilog2cw(x) (__?ilog2w?__(x) * 0 + __?ilog2c?__(x))",
  ].join("\n") + "\n";
}
