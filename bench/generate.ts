/**
 * Workload generators for bench/: deterministic, realistic kernel-style NASM code. Generates text only.
 */

/** A linear congruential generator, so every run generates the same file. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const REGS = ["eax", "ebx", "ecx", "edx", "esi", "edi"];

/**
 * A 32-bit NASM file of `lines` lines with `labels` labels: functions with prologues, loads and stores,
 * arithmetic, mostly short conditional jumps between nearby labels, calls, and data tables.
 */
export function generateAsm(lines: number, labels: number, seed = 1): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = ["bits 32", "section .text", "global bench_entry", "bench_entry:"];
  const perLabel = Math.max(4, Math.floor((lines - 40) / labels));
  let n = 0;
  for (let l = 0; l < labels; l++) {
    out.push(`L${l}:`);
    for (let k = 0; k < perLabel - 1; k++) {
      const a = pick(REGS), b = pick(REGS);
      const v = Math.floor(r() * 100000);
      const choice = r();
      let line: string;
      if (choice < 0.15) line = `    mov ${a}, ${b}`;
      else if (choice < 0.28) line = `    mov ${a}, [${b}+${(v % 64) * 4}]`;
      else if (choice < 0.38) line = `    mov [${a}+${(v % 32) * 4}], ${b}`;
      else if (choice < 0.48) line = `    add ${a}, ${v % 300}`;
      else if (choice < 0.55) line = `    cmp ${a}, ${v % 128}`;
      else if (choice < 0.72) {
        const target = Math.max(0, Math.min(labels - 1, l + Math.floor(r() * 7) - 3));
        line = `    ${pick(["je", "jne", "jb", "jae", "jl", "jg", "jmp"])} L${target}`;
      } else if (choice < 0.76) {
        const target = Math.floor(r() * labels);
        line = `    jmp L${target}`;
      } else if (choice < 0.8) line = `    call L${Math.floor(r() * labels)}`;
      else if (choice < 0.85) line = `    lea ${a}, [${b}+${pick(REGS.filter((x) => x !== "esp"))}*4+${v % 4096}]`;
      else if (choice < 0.9) line = `    push ${a}`;
      else if (choice < 0.95) line = `    pop ${a}`;
      else line = `    xor ${a}, ${b}`;
      out.push(line);
      n++;
    }
  }
  out.push("    ret", "section .data", "table:");
  while (out.length < lines) out.push(`    dd ${out.length}, table, L${out.length % labels}`);
  return out.slice(0, Math.max(lines, out.length)).join("\n") + "\n";
}

/** The i-th of many small NASM objects for link benchmarks: code referring to its neighbours, data, bss. */
export function generateLinkObject(i: number, count: number, bodyLines = 400): string {
  const r = rng(i + 17);
  const next = (i + 1) % count, prev = (i + count - 1) % count;
  const out = ["bits 32", "section .text", `global func${i}`, `extern func${next}`, `extern func${prev}`, `extern data${next}`, `func${i}:`];
  for (let k = 0; k < bodyLines; k++) {
    const v = Math.floor(r() * 1000);
    const c = r();
    if (c < 0.05) out.push(`    call func${next}`);
    else if (c < 0.08) out.push(`    mov eax, [data${next}+${(v % 16) * 4}]`);
    else if (c < 0.5) out.push(`    add eax, ${v}`);
    else out.push(`    mov ebx, [ecx+${v}]`);
  }
  out.push("    ret", "section .rodata", `msg${i}: db "object ${i}", 0`, "section .data", `global data${i}`, `data${i}: times 64 dd ${i}`, "section .bss", `buf${i}: resb 256`);
  return out.join("\n") + "\n";
}

/** The i-th small C translation unit for gcc -m32 -O2 link benchmarks. */
export function generateCObject(i: number, count: number): string {
  const next = (i + 1) % count;
  return `extern int f${next}(int);\nstatic const char s${i}[] = "unit ${i}";\nint d${i}[32] = {${i}};\nint b${i}[64];\n` +
    `int f${i}(int x) { int acc = 0; for (int k = 0; k < x; k++) acc += d${i}[k & 31] * s${i}[k % 7] + b${i}[k & 63]; return x > 0 ? acc + f${next}(x - 1) : acc; }\n`;
}

/** The bench linker script (OSDev Bare Bones style). */
export const BARE_BONES_LD = `ENTRY(func0)
SECTIONS
{
  . = 1M;
  .text BLOCK(4K) : ALIGN(4K) { *(.multiboot) *(.text) }
  .rodata BLOCK(4K) : ALIGN(4K) { *(.rodata) }
  .data BLOCK(4K) : ALIGN(4K) { *(.data) }
  .bss BLOCK(4K) : ALIGN(4K) { *(COMMON) *(.bss) }
}
`;
