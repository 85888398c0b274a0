// Watchpoints are exact (issue 17), as x86 debug registers are: a write that stores the value already there
// stops; string instructions stop only when the elements they really touched (rep count, direction flag)
// cross the range; the stack writes and reads of push/call/ret/pop; unaligned and page-crossing accesses; a
// physical watchpoint sees a write through another virtual mapping of the same page (a linear one does not,
// as with a CPU's linear debug registers). Kernels assembled in the test by kernlab's nasm.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, symbolTable, type Debugger, type Machine, type StopReason } from "../../emulator/index";
import { asmKernel } from "./asm-kernel";

const KERNEL = `
global _start, same_store, rep_store, rep_short, down_store, call_site, fn, ret_site, push_site, pop_site
global cross_store, alias_store, done, var, buf, buf2, stack_top, page_end
_start:
    mov esp, stack_top
    mov dword [var], 0
same_store:
    mov dword [var], 0              ; the value already there
    mov edi, buf
    mov ecx, 16
    xor eax, eax
rep_store:
    rep stosd                       ; buf[0..64) = 0: the same values again
    mov esi, buf
    mov edi, buf2
    mov ecx, 8
rep_short:
    rep movsb                       ; buf2[0..8) only
    std
    mov edi, buf + 60
    mov ecx, 4
down_store:
    rep stosd                       ; DF=1: buf[48..64)
    cld
call_site:
    call fn
push_site:
    push dword 7
pop_site:
    pop ebx
    mov eax, 0x11223344
cross_store:
    mov [page_end - 2], eax         ; 2 bytes on each side of a page boundary
    ; paging: 0-4 MiB identity and 4-8 MiB mapped to the same frames (4 MiB pages)
    PAGING_PSE pd
alias_store:
    mov dword [var + 0x400000], 0   ; var through its alias, the same value
done:
    EXIT 9
fn:
    nop
ret_site:
    ret
section .data
PAGE_DIR_4M pd, 2
section .bss
align 4096
var: resd 1
buf: resb 64
buf2: resb 64
stack: resb 256
stack_top:
align 4096
    resb 4096
page_end:
    resb 16
`;

/** rep stosd from 8 bytes below the end of the mapped 4 MiB: two elements written, then a #PF (handler: exit 4). */
const FAULTING_REP = `
global _start, rep_site, pf_handler
_start:
    IDT_GATE 14, pf_handler
    lidt [idtr]
    mov esp, 0x90000
    PAGING_PSE pd
    mov edi, 0x3ffff8
    mov ecx, 4
    xor eax, eax
rep_site:
    rep stosd
    EXIT 1
pf_handler:
    EXIT 4
section .data
align 8
idtr: dw 256*8 - 1
      dd idt
PAGE_DIR_4M pd
section .bss
idt: resb 256*8
`;

/** Bit tests with a register bit offset reach past their operand (signed, by whole operands); with an immediate they do not. */
const BIT_TESTS = `
global _start, bt_site, bts_site, btr_site, btc_site, imm_site, bitmap
_start:
    mov esp, 0x90000
    mov eax, 100
bt_site:
    bt dword [bitmap], eax          ; bit 100: the dword at bitmap+12, read
bts_site:
    bts dword [bitmap], eax         ; set there
    mov eax, -1
btr_site:
    btr dword [bitmap + 16], eax    ; bit -1: the dword at bitmap+12 again
    mov ax, 40
btc_site:
    btc word [bitmap], ax           ; bit 40 of a word operand: the word at bitmap+4
imm_site:
    bts dword [bitmap], 100         ; an immediate offset stays in the operand (bit 4 of bitmap+0)
    EXIT 9
section .bss
align 16
bitmap: resb 64
`;

describe("exact watchpoints", () => {
  let m: Machine;
  const elf = asmKernel(KERNEL);
  const s = symbolTable(elf);
  const at = (name: string) => s.address(name)!;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 16 }); });
  afterAll(() => m?.destroy());

  /** The watchpoint stops of a whole run with one watch, as [eip label offset] pairs, plus the stop objects. */
  async function stops(w: { start: number; length: number; access: "write" | "read" | "access"; physical?: boolean }): Promise<{ eips: number[]; all: StopReason[]; d: Debugger }> {
    const run = m.boot(elf, { debug: { startPaused: true }, timeout: { ms: 20_000 } });
    const d = run.debug!;
    d.addWatchpoint(w);
    const all: StopReason[] = [];
    for (;;) {
      const r = await d.cont();
      all.push(r);
      if (r.kind === "ended") break;
    }
    expect(all[all.length - 1]).toEqual({ kind: "ended", verdict: { kind: "exited", code: 9 } });
    return { eips: all.flatMap((r) => (r.kind === "watchpoint" ? [r.eip] : [])), all, d };
  }

  it("a write of the same value stops, with old = new", async () => {
    const { all } = await stops({ start: at("var"), length: 4, access: "write" });
    // The first store (0 over 0 in .bss) too; the alias store does not: var is watched linearly.
    expect(all.filter((r) => r.kind === "watchpoint").map((r) => r.kind === "watchpoint" && r.eip)).toEqual([at("same_store") - 10, at("same_store")]);
    expect(all[1]).toMatchObject({ kind: "watchpoint", access: "write", oldValue: Uint8Array.of(0, 0, 0, 0), newValue: Uint8Array.of(0, 0, 0, 0) });
  });

  it("string instructions: only the elements really written, up or down", async () => {
    expect((await stops({ start: at("buf") + 40, length: 4, access: "write" })).eips).toEqual([at("rep_store")]);
    expect((await stops({ start: at("buf2") + 8, length: 1, access: "write" })).eips).toEqual([]); // rep movsb wrote 8 bytes before it
    expect((await stops({ start: at("buf2") + 7, length: 1, access: "write" })).eips).toEqual([at("rep_short")]);
    expect((await stops({ start: at("buf") + 48, length: 4, access: "write" })).eips).toEqual([at("rep_store"), at("down_store")]);
    expect((await stops({ start: at("buf") + 44, length: 4, access: "write" })).eips).toEqual([at("rep_store")]); // DF=1 stopped at buf+48
    expect((await stops({ start: at("buf") + 4, length: 1, access: "read" })).eips).toEqual([at("rep_short")]); // movsb read it
  });

  it("call/push write the stack, ret/pop read it", async () => {
    const slot = at("stack_top") - 4;
    expect((await stops({ start: slot, length: 4, access: "write" })).eips).toEqual([at("call_site"), at("push_site")]);
    expect((await stops({ start: slot, length: 4, access: "read" })).eips).toEqual([at("ret_site"), at("pop_site")]);
    expect((await stops({ start: slot + 3, length: 1, access: "access" })).eips).toEqual([at("call_site"), at("ret_site"), at("push_site"), at("pop_site")]);
  });

  it("unaligned and page-crossing accesses hit the bytes they cover", async () => {
    expect((await stops({ start: at("page_end") + 1, length: 1, access: "write" })).eips).toEqual([at("cross_store")]);
    expect((await stops({ start: at("page_end") - 2, length: 1, access: "write" })).eips).toEqual([at("cross_store")]);
    expect((await stops({ start: at("page_end") + 2, length: 4, access: "write" })).eips).toEqual([]);
  });

  it("a physical watchpoint sees a same-value write through another mapping of the page", async () => {
    const { eips } = await stops({ start: at("var"), length: 4, access: "write", physical: true });
    expect(eips).toEqual([at("same_store") - 10, at("same_store"), at("alias_store")]);
    expect((await stops({ start: at("var"), length: 4, access: "access", physical: true })).eips).toEqual([at("same_store") - 10, at("same_store"), at("alias_store")]);
  });

  it("bt/bts/btr/btc with a register bit offset touch the operand it reaches, not the one they name", async () => {
    const k = asmKernel(BIT_TESTS);
    const ks = symbolTable(k);
    const bitmap = ks.address("bitmap")!, site = (n: string) => ks.address(n)!;
    const watch = async (start: number, length: number, access: "write" | "read" | "access") => {
      const run = m.boot(k, { debug: { startPaused: true } });
      const d = run.debug!;
      d.addWatchpoint({ start, length, access });
      const got: number[] = [];
      let r = await d.cont();
      for (; r.kind !== "ended"; r = await d.cont()) if (r.kind === "watchpoint") got.push(r.eip);
      expect(r).toEqual({ kind: "ended", verdict: { kind: "exited", code: 9 } });
      return got;
    };
    expect(await watch(bitmap + 12, 4, "read")).toEqual([site("bt_site"), site("bts_site"), site("btr_site")]);
    expect(await watch(bitmap + 15, 1, "write")).toEqual([site("bts_site"), site("btr_site")]);
    expect(await watch(bitmap + 4, 2, "access")).toEqual([site("btc_site")]);
    expect(await watch(bitmap + 6, 2, "access")).toEqual([]);
    expect(await watch(bitmap, 4, "access")).toEqual([site("imm_site")]); // not the register forms' named operand
    expect(await watch(bitmap + 16, 4, "access")).toEqual([]);
  });

  it("a string instruction that faults midway wrote the elements before the fault, not the one that faulted", async () => {
    const k = asmKernel(FAULTING_REP);
    const ks = symbolTable(k);
    for (const [start, want] of [[0x3ffffc, [ks.address("rep_site")]], [0x400000, []]] as const) {
      const run = m.boot(k, { debug: { startPaused: true } });
      const d = run.debug!;
      d.addWatchpoint({ start, length: 4, access: "write" });
      const got: number[] = [];
      for (let r = await d.cont(); r.kind !== "ended"; r = await d.cont()) if (r.kind === "watchpoint") got.push(r.eip);
      expect(got).toEqual(want);
    }
  });
});
