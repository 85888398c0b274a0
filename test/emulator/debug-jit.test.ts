// Breakpoints and watchpoints with the JIT on (issue 17): a machine created with `jit: true` first runs a hot
// loop compiled (no debugger), then boots the same kernel with the debugger: exec-control drops the compiled
// blocks and runs the interpreter, so a breakpoint after the loop, a write watchpoint on the loop's counter
// (every store, same value or not) and one on a flag stop exactly where they do on an interpreter-only machine,
// at the same instruction counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Machine } from "../../emulator/index";
import { asmKernel } from "./asm-kernel";

const KERNEL = `
global _start, loop, after_loop, flag_store, counter, flag
_start:
    mov ecx, 200000
loop:
    mov [counter], ecx
    mov dword [flag], 0             ; the same value every time
    dec ecx
    jnz loop
after_loop:
    nop
flag_store:
    mov dword [flag], 1
    EXIT 5
section .bss
counter: resd 1
flag: resd 1
`;

describe("debugging with the JIT on", () => {
  let jit: Machine, interp: Machine;
  const elf = asmKernel(KERNEL);
  const s = symbolTable(elf);
  beforeAll(async () => { [jit, interp] = await Promise.all([createMachine({ memoryMiB: 8, jit: true }), createMachine({ memoryMiB: 8, jit: false })]); });
  afterAll(() => { jit?.destroy(); interp?.destroy(); });

  async function session(m: Machine) {
    const run = m.boot(elf, { debug: { startPaused: true } });
    const d = run.debug!;
    const seen: unknown[] = [];
    d.addBreakpoint("after_loop");
    const w = d.addWatchpoint({ start: s.address("flag")!, length: 4, access: "write" });
    // Three same-value stores in the loop, then drop the watch and run to the breakpoint.
    for (let i = 0; i < 3; i++) seen.push(await d.cont(), d.instructions());
    d.removeWatchpoint(w);
    seen.push(await d.cont(), d.instructions(), d.registers().ecx);
    d.addWatchpoint({ start: s.address("flag")!, length: 4, access: "write" });
    seen.push(await d.cont(), d.instructions(), await d.cont());
    return seen;
  }

  it("stops at the same places and counts as the interpreter-only machine", async () => {
    const warm = await jit.boot(elf, { timeout: { ms: 30_000 } }).result; // compiled: the loop is hot
    expect(warm.verdict).toEqual({ kind: "exited", code: 5 });
    const a = await session(jit);
    const b = await session(interp);
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ kind: "watchpoint", eip: s.address("loop")! + 6, oldValue: Uint8Array.of(0, 0, 0, 0), newValue: Uint8Array.of(0, 0, 0, 0) });
    expect(a[6]).toEqual({ kind: "breakpoint", id: 1, address: s.address("after_loop") });
    expect(a[7]).toBe(1 + 200000 * 4);
    expect(a[9]).toMatchObject({ kind: "watchpoint", eip: s.address("flag_store"), newValue: Uint8Array.of(1, 0, 0, 0) });
    expect(a[11]).toEqual({ kind: "ended", verdict: { kind: "exited", code: 5 } });
  });
});
