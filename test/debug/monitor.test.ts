// The monitor command table (debug/gdb/monitor.ts) shared by GDB's `monitor` and the console's Ctrl-A C, on a
// fake Debugger: QEMU's formats where QEMU has the command, and mistakes answered as text, never thrown.
import { describe, expect, it } from "vitest";
import { decodeDescriptor, eflagsLetters, formatDump, formatMem, formatTlb, monitorHelp, runMonitor, type MonitorContext } from "../../debug/gdb/monitor";
import type { GuestMemory } from "../../emulator/index";
import { FakeDebugger } from "./fake-debugger";

function ctx(where: "gdb" | "console" = "gdb"): { c: MonitorContext; dbg: FakeDebugger } {
  const dbg = new FakeDebugger();
  const memory = { size: dbg.ram.length, u32: (a: number) => new DataView(dbg.ram.buffer).getUint32(a, true), bytes: (a: number, n: number) => dbg.ram.slice(a, a + n) } as GuestMemory;
  return { c: { dbg, memory, where }, dbg };
}

describe("monitor commands", () => {
  it("xp and x dump as QEMU does, with counts, formats and unit sizes", async () => {
    const { c, dbg } = ctx();
    dbg.ram.set([0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff, 0x41, 0x42], 0x3000);
    expect(await runMonitor(c, "xp /2xw 0x3000")).toBe("00003000: 0x12345678 0xffffffff\n");
    expect(await runMonitor(c, "xp/2dw 0x3000")).toBe("00003000: 305419896 -1\n");
    expect(await runMonitor(c, "xp /1uw 0x3004")).toBe("00003004: 4294967295\n");
    expect(await runMonitor(c, "xp /2xh 0x3000")).toBe("00003000: 0x5678 0x1234\n");
    expect(await runMonitor(c, "x /2c 0x3008")).toBe("00003008: AB\n");
    expect(await runMonitor(c, "xp /20xb 0x3000")).toMatch(/^00003000: 0x78 0x56 .*\n00003010: 0x00 0x00 0x00 0x00\n$/);
    expect(await runMonitor(c, "xp /4xw 0x20000")).toBe("0x00020000+16 is outside guest RAM\n");
    expect(await runMonitor(c, "x /1xw 0x20000")).toBe("Cannot access memory at address 0x00020000\n");
    expect(await runMonitor(c, "xp /0xw 0")).toMatch(/count 0/);
    expect(await runMonitor(c, "xp /8q 0")).toMatch(/^usage: xp/);
    expect(await runMonitor(c, "xp nosuchsymbol")).toBe("unknown address 'nosuchsymbol'\n");
    expect(await runMonitor(c, "x /1xw $esp-4")).toBe("00007ffc: 0x00000000\n");
  });

  it("info registers, gdt and idt decode the fake's tables; second words may be abbreviated", async () => {
    const { c } = ctx();
    const regs = await runMonitor(c, "info reg");
    expect(regs).toContain("EIP=00001000 EFL=00000202 [-------] CPL=0 IF=1");
    expect(regs).toContain("DS =0010 00000000 ffffffff 00cf9200");
    expect(regs).toContain("IDT=     00000200 000007ff");
    expect(await runMonitor(c, "info gdt")).toBe("GDT=00000100 limit 00000017 (3 entries)\n[0x00] null\n[0x08] base 00000000 limit ffffffff DPL0 P  code 32-bit readable\n[0x10] base 00000000 limit ffffffff DPL0 P  data 32-bit writable\n");
    expect(await runMonitor(c, "info idt")).toBe("IDT=00000200 limit 000007ff (256 vectors)\n[ 14] 0008:00001234 int32     DPL0  0x00001234\n");
    expect(await runMonitor(c, "info mem")).toBe("PG disabled\n");
  });

  it("console-only commands exist only at the console; help says so", async () => {
    const gdb = ctx("gdb"), con = ctx("console");
    expect(await runMonitor(gdb.c, "regs")).toMatch(/^unknown command/);
    expect(await runMonitor(con.c, "regs")).toMatch(/^EIP=00001000 0x00001000 {2}EAX=00000011/);
    expect(monitorHelp("gdb")).not.toContain("step [N]");
    expect(monitorHelp("console")).toContain("step [N]");
    expect(await runMonitor(con.c, "break 0x1010")).toBe("breakpoint 1 at 0x00001010 0x00001010\n");
    expect(await runMonitor(con.c, "step 5")).toBe("stopped at 0x00001005 0x00001005\n");
    expect(await runMonitor(con.c, "step x")).toMatch(/expected a count/);
    expect(await runMonitor(gdb.c, "catch pf gp 0x21")).toBe("catching vector 14, vector 13, vector 33\n");
    expect([...gdb.dbg.caught]).toEqual([14, 13, 33]);
    expect(await runMonitor(gdb.c, "catch nope")).toBe("unknown vector 'nope'\n");
    expect(await runMonitor(gdb.c, "layout")).toMatch(/no kernel ELF/);
    expect(await runMonitor(gdb.c, "")).toBe("");
  });

  it("formats: descriptors, EFLAGS letters, info mem / info tlb lines", () => {
    expect(decodeDescriptor(Uint8Array.of(0xff, 0xff, 0, 0, 0, 0x9a, 0xcf, 0))).toEqual({ base: 0, limit: 0xffffffff, flags: 0x00cf9a00, present: true });
    expect(decodeDescriptor(Uint8Array.of(0x67, 0, 0x00, 0x50, 0x10, 0x89, 0x00, 0x00))).toEqual({ base: 0x105000, limit: 0x67, flags: 0x8900, present: true });
    expect(eflagsLetters(0x8d5)).toBe("O-SZAPC");
    expect(eflagsLetters(0x400)).toBe("-D-----");
    const m = [{ vaddr: 0xc0000000, paddr: 0x100000, size: 0x3000, present: true, writable: true, user: false, large: false },
      { vaddr: 0, paddr: 0, size: 0x400000, present: true, writable: false, user: true, large: true }];
    expect(formatMem(m)).toBe("c0000000-c0003000 00003000 -rw\n00000000-00400000 00400000 ur-\n");
    expect(formatTlb(m)).toBe("c0000000: 00100000     3 x 4K -- -WP\n00000000: 00000000     1 x 4M PS U-P\n");
    expect(formatDump(0x10, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0x80), 8, "x")).toBe("00000010: 0x8000000000000001\n");
  });
});
