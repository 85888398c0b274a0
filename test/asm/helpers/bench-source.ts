/**
 * Generates the assembler benchmark source: `lines` lines of realistic 32-bit kernel code with one
 * label every `lines / labels` lines and mostly short conditional/unconditional jumps to nearby labels
 * (`farPercent` of them to random labels, which need near forms and make branch sizing iterate).
 * Deterministic (seeded).
 */
export function benchSource(lines = 50_000, labels = 5_000, seed = 1, farPercent = 10): string {
  let s = seed >>> 0;
  const rnd = (n: number) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
  const regs = ["eax", "ebx", "ecx", "edx", "esi", "edi"];
  const cc = ["e", "ne", "z", "nz", "a", "b", "l", "g", "le", "ge", "c", "nc"];
  const out: string[] = ["bits 32", "section .text", "global bench_start", "bench_start:"];
  const per = Math.max(2, Math.floor((lines - 10) / labels));
  let label = 0;
  while (out.length < lines) {
    if ((out.length - 4) % per === 0 && label < labels) { out.push(`L${label}:`); label++; continue; }
    const r = rnd(100);
    const near = () => { const t = Math.max(0, Math.min(labels - 1, label + rnd(9) - 4)); return `L${t}`; };
    const far = () => `L${rnd(labels)}`;
    const a = regs[rnd(6)]!, b = regs[rnd(6)]!;
    if (r < 25) out.push(`    j${cc[rnd(cc.length)]} ${rnd(100) >= farPercent ? near() : far()}`);
    else if (r < 35) out.push(`    jmp ${rnd(100) >= farPercent ? near() : far()}`);
    else if (r < 40) out.push(`    call ${far()}`);
    else if (r < 55) out.push(`    mov ${a}, ${b}`);
    else if (r < 65) out.push(`    add ${a}, ${rnd(300)}`);
    else if (r < 72) out.push(`    cmp ${a}, [${b}+${rnd(64) * 4}]`);
    else if (r < 80) out.push(`    mov [${b}+${rnd(16) * 4}], ${a}`);
    else if (r < 85) out.push(`    push ${a}`);
    else if (r < 90) out.push(`    pop ${a}`);
    else if (r < 95) out.push(`    lea ${a}, [${b}+${a}*4+${rnd(100)}]`);
    else out.push(`    test ${a}, ${b}`);
  }
  while (label < labels) out.push(`L${label++}:`);
  out.push("    ret");
  return out.join("\n") + "\n";
}
