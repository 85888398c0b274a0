// Catching hardware IRQs before delivery (issue 17): the stop is at the boundary the IRQ interrupts (in a busy
// loop, or after the hlt it wakes), with the registers the delivery would save; continuing delivers it exactly
// once (the guest's handler counts its entries), none is lost, and the same holds under the virtual clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Debugger, type Machine } from "../../emulator/index";
import { asmKernel } from "./asm-kernel";

/** PIT IRQ 0 at 1 kHz on vector BASE (the PIC remapped there); spins until 3 ticks, waits in hlt until 6, exits with the tick count. */
const TICKS = `
global _start, spin, spin_end, after_hlt, irq0, ticks
_start:
    mov esp, 0x90000
    mov eax, irq0
    mov edi, idt + BASE * 8
    mov [edi], ax
    mov word [edi + 2], cs
    mov word [edi + 4], 0x8E00
    shr eax, 16
    mov [edi + 6], ax
    lidt [idtr]
    PIC_REMAP BASE, 0xFE
    PIT_RATE 1193
    sti
spin:
    inc dword [spins]
    cmp dword [ticks], 3
    jb spin
spin_end:
    hlt
after_hlt:
    cmp dword [ticks], 6
    jb spin_end
    cli
    mov al, [ticks]
    out 0xF4, al
irq0:
    inc dword [ticks]
    push eax
    mov al, 0x20
    out 0x20, al
    pop eax
    iret
section .data
idtr: dw 256 * 8 - 1
      dd idt
section .bss
ticks: resd 1
spins: resd 1
idt: resb 256 * 8
`;

const u32 = (d: Debugger, addr: number) => new DataView(d.readVirtual(addr, 4)!.buffer).getUint32(0, true);

describe("Debugger catches hardware IRQs before delivery", () => {
  let m: Machine;
  let caughtVirtual = 0;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  for (const clock of ["realtime", "virtual"] as const) {
    it(`stops at the interrupted boundary, delivers each IRQ once (${clock} clock)`, async () => {
      const elf = asmKernel(TICKS, { BASE: 0x20 });
      const s = symbolTable(elf);
      const at = (name: string) => s.address(name)!;
      const run = m.boot(elf, { debug: { startPaused: true }, clock, timeout: { ms: 20_000 } });
      const d = run.debug!;
      d.catchVector(0x20);
      let caught = 0, inHlt = 0;
      for (;;) {
        const stop = await d.cont();
        if (stop.kind === "ended") {
          expect(stop.verdict).toEqual({ kind: "exited", code: 6 });
          break;
        }
        expect(stop).toMatchObject({ kind: "vector", vector: 0x20, source: "irq", errorCode: null, cr2: null });
        const r = d.registers();
        const eip = stop.kind === "vector" ? stop.eip : -1;
        expect(r.eip).toBe(eip); // not delivered: EIP is where the guest was interrupted
        expect(r.esp).toBe(0x90000); // nothing pushed
        expect(r.eflags & 0x200).toBe(0x200); // IF as the guest has it
        expect(u32(d, at("ticks"))).toBe(caught); // the handler ran once per earlier catch: no double, none lost
        if (eip === at("after_hlt")) inHlt++;
        else expect(eip >= at("spin") && eip < at("spin_end")).toBe(true);
        caught++;
        if (caught === 1) {
          // Delivered by the next step: the handler's first instruction, the frame returning to the boundary.
          expect(await d.step()).toEqual({ kind: "step" });
          expect(d.registers().eip).toBe(at("irq0"));
          expect(d.registers().esp).toBe(0x90000 - 12);
          expect(u32(d, 0x90000 - 12)).toBe(eip);
          expect(u32(d, 0x90000 - 4) & 0x200).toBe(0x200);
          expect(u32(d, at("ticks"))).toBe(0);
        }
      }
      expect(caught).toBe(6);
      expect(inHlt).toBeGreaterThan(0); // some woke the hlt
      if (clock === "virtual") caughtVirtual = (await run.result).instructions;
    });
  }

  it("the same kernel without a catch ends the same way, at the same instruction count (virtual clock)", async () => {
    const r = await m.boot(asmKernel(TICKS, { BASE: 0x20 }), { clock: "virtual", timeout: { ms: 20_000 } }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 6 });
    expect(caughtVirtual).toBeGreaterThan(0);
    expect(r.instructions).toBe(caughtVirtual); // six stops and deliveries changed nothing the guest could count
  });

  it("an IRQ on an unremapped PIC (vector 8) is an IRQ, not a double fault", async () => {
    const elf = asmKernel(TICKS, { BASE: 8 });
    const run = m.boot(elf, { debug: { startPaused: true }, timeout: { ms: 20_000 } });
    const d = run.debug!;
    d.catchVector(8);
    expect(await d.cont()).toMatchObject({ kind: "vector", vector: 8, source: "irq", errorCode: null });
    d.catchVector(8, false);
    expect(await d.cont()).toEqual({ kind: "ended", verdict: { kind: "exited", code: 6 } });
  });
});
