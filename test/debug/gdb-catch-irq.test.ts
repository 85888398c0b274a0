// Real GDB on a caught IRQ and a caught #PF (issue 17): `monitor catch 0x20` stops before the timer IRQ is
// delivered with SIGTRAP, EIP in the interrupted loop; `stepi` delivers it (the handler's first instruction);
// a caught #PF stops with SIGSEGV at the faulting instruction and GDB's `continue` (which passes the signal)
// delivers it once: the handler counts one page fault. Kernel assembled and linked by kernlab.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { symbolTable } from "../../emulator/index";
import { asmKernel } from "../emulator/asm-kernel";
import { oracle } from "../helpers/oracles";
import { prepareCli, scratch } from "../cli/cli";
import { runGdb, startKernlab } from "./gdb-session";

const KERNEL = `
global _start, spin, irq0, pf_site, pf_handler, faults
_start:
    mov esp, 0x90000
    IDT_GATE 0x20, irq0
    IDT_GATE 14, pf_handler
    lidt [idtr]
    mov al, 0x11
    out 0x20, al
    mov al, 0x20
    out 0x21, al
    mov al, 4
    out 0x21, al
    mov al, 1
    out 0x21, al
    mov al, 0xFE
    out 0x21, al
    PIT_RATE 1193
    sti
spin:
    cmp dword [ticks], 2
    jb spin
    cli
    PAGING_PSE pd
pf_site:
    mov dword [0x00800000], 1
    mov al, [faults]
    add al, 40
    out 0xF4, al                 ; exit 41: one fault handled
irq0:
    inc dword [ticks]
    push eax
    mov al, 0x20
    out 0x20, al
    pop eax
    iret
pf_handler:
    inc dword [faults]
    mov dword [pd + 8], 0x00800083  ; map 8-12 MiB, return to retry the store
    mov eax, cr3
    mov cr3, eax
    add esp, 4
    iret
section .data
align 8
idtr: dw 256*8 - 1
      dd idt
PAGE_DIR_4M pd
section .bss
ticks: resd 1
faults: resd 1
idt: resb 256*8
`;

describe.runIf(oracle("gdb"))("real GDB on caught vectors", () => {
  let dir = "";
  beforeAll(() => { prepareCli(); dir = scratch("gdb-catch"); });

  it("IRQ: SIGTRAP before delivery, stepi delivers it; #PF: SIGSEGV, continue delivers it once", async () => {
    const bytes = asmKernel(KERNEL);
    const elf = join(dir, "catch.elf");
    writeFileSync(elf, bytes);
    const s = symbolTable(bytes);
    const stub = await startKernlab(elf);
    const out = await runGdb(dir, elf, stub.port, [
      "monitor catch 0x20", "continue", "print/x $pc", "print/x $esp", "stepi", "print/x $pc", "print/x *(int*)$esp",
      "monitor uncatch 0x20", "monitor catch pf", "continue", "print/x $pc", "print/x $cr2", "monitor uncatch pf", "continue",
    ]);
    const { status } = await stub.exit;
    expect(out).toContain("kernlab: caught IRQ vector 32");
    expect(out).toContain("Program received signal SIGTRAP, Trace/breakpoint trap.");
    const values = [...out.matchAll(/^\$\d+ = (0x[0-9a-f]+)$/gm)].map((m) => parseInt(m[1]!, 16));
    const [pc, esp, handler, ret, pfPc, cr2] = values;
    expect(pc! >= s.address("spin")! && pc! < s.address("spin")! + 9).toBe(true); // in the loop, not delivered
    expect(esp).toBe(0x90000);
    expect(handler).toBe(s.address("irq0"));
    expect(ret).toBe(pc); // the frame returns to the interrupted boundary
    expect(out).toContain("kernlab: caught vector 14 error code 0x2 CR2=0x00800000");
    expect(out).toContain("Program received signal SIGSEGV, Segmentation fault.");
    expect(pfPc).toBe(s.address("pf_site"));
    expect(cr2).toBe(0x800000);
    expect(out).toContain(`exited with code 051`); // 41: the handler ran once
    expect(status).toBe(41);
  });
});
