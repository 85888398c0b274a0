// Hostile guests (issue 12): each test boots one kernel, built here by kernlab's own assembler and linker,
// that misbehaves on purpose, and checks the named verdict and its evidence. The host must never throw,
// hang or grow without bound: every run has an instruction limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMachine, describeVerdict, PageFaultError, symbolTable, walkPageTables, type Machine, type Mapping } from "../../emulator/index";
import { MAX_LINE_BYTES } from "../../emulator/serial";
import { hostileKernel } from "./build";

// Serial flood size: the largest that fits the test budget (~5 s; v86 moves ~1.2 MB/s of COM1 output through
// the host, each byte being one `out`). KERNLAB_FLOOD_BYTES=200000000 runs the full flood by hand.
const FLOOD_BYTES = Number(process.env.KERNLAB_FLOOD_BYTES ?? 4_000_000);
const TAIL = 4096;

describe("hostile guests", () => {
  let m: Machine;
  beforeAll(async () => { m = await createMachine({ memoryMiB: 32 }); });
  afterAll(() => m?.destroy());

  it("triple fault: #UD with an empty IDT", async () => {
    const k = hostileKernel("triple", `_start:\n    lidt [idtr]\nfault_here:\n    ud2\nsection .data\nidtr: dw 0\n    dd 0\n`);
    const r = await m.boot(k, { timeout: { instructions: 1_000_000 } }).result;
    expect(r.verdict.kind).toBe("triple-fault");
    if (r.verdict.kind === "triple-fault") expect(symbolTable(k).format(r.verdict.eip)).toBe("fault_here");
  });

  it("infinite loop with interrupts off: timeout with the loop's EIP, after exactly the instruction limit", async () => {
    const k = hostileKernel("spin", `_start:\n    cli\nforever:\n    jmp forever\n`);
    const r = await m.boot(k, { timeout: { instructions: 2_000_000 } }).result;
    expect(r.verdict).toMatchObject({ kind: "timeout", eip: symbolTable(k).address("forever"), limit: "2000000 instructions" });
    expect(r.instructions).toBeGreaterThanOrEqual(2_000_000);
    expect(r.instructions).toBeLessThan(2_100_000);
    expect(describeVerdict(r.verdict)).toMatch(/^timeout after 2000000 instructions at eip 0x/);
  });

  it(`serial flood of ${FLOOD_BYTES} bytes: the host keeps a ${TAIL}-byte tail and counts every byte`, async () => {
    // Each byte is '0' + (counter & 63), counting down to 1, so the tail is known exactly (ASCII: the tail is
    // decoded as UTF-8 by emulator/serial.ts).
    const k = hostileKernel("flood", `_start:\n    cli\n    mov dx, COM1\n    mov ecx, ${FLOOD_BYTES}\n.l: mov al, cl\n    and al, 63\n    add al, '0'\n    out dx, al\n    dec ecx\n    jnz .l\n    EXIT 7\n`);
    // No "\n" in the whole flood: line splitting must not buffer it all (MAX_LINE_BYTES pieces).
    const run = m.boot(k, { timeout: { instructions: FLOOD_BYTES * 8 + 1000, ms: 600_000 }, serialTailBytes: TAIL });
    const lineLengths: number[] = [];
    run.on("serial-line", (line) => { lineLengths.push(line.length); });
    const r = await run.result;
    expect(r.verdict).toEqual({ kind: "exited", code: 7 });
    expect(r.serialTotalBytes).toBe(FLOOD_BYTES);
    expect(lineLengths.reduce((a, b) => a + b, 0)).toBe(FLOOD_BYTES);
    expect(lineLengths.length).toBe(Math.ceil(FLOOD_BYTES / MAX_LINE_BYTES));
    expect(Math.max(...lineLengths)).toBe(MAX_LINE_BYTES);
    expect(r.serial.length).toBe(TAIL);
    let expected = "";
    for (let c = TAIL; c >= 1; c--) expected += String.fromCharCode(0x30 + (c & 63));
    const firstDiff = [...expected].findIndex((ch, i) => r.serial[i] !== ch);
    expect(firstDiff, `tail differs at ${firstDiff}: ${JSON.stringify(r.serial.slice(firstDiff, firstDiff + 16))}`).toBe(-1);
  }, Math.max(120_000, FLOOD_BYTES / 1000 * 3));

  it("port I/O to 4000 pseudo-random ports (in and out) except the exit/checkpoint ports: the guest finishes", async () => {
    // xorshift32 from a fixed seed; ports 0xF4-0xF7 and 0x5F0-0x5F3 are the harness's and are skipped.
    const k = hostileKernel("ports", `_start:
    cli
    mov ebx, 0x2545F491
    mov esi, 4000
.next:
    mov eax, ebx
    shl eax, 13
    xor ebx, eax
    mov eax, ebx
    shr eax, 17
    xor ebx, eax
    mov eax, ebx
    shl eax, 5
    xor ebx, eax
    mov edx, ebx
    and edx, 0xFFFF
    mov eax, edx
    and eax, 0xFFFC
    cmp eax, 0xF4
    je .skip
    cmp eax, 0x5F0
    je .skip
    mov eax, ebx
    shr eax, 16
    test bl, 0x40
    jz .in
    test bl, 0x80
    jz .out8
    out dx, eax
    jmp .skip
.out8:
    out dx, al
    jmp .skip
.in:
    in al, dx
.skip:
    dec esi
    jnz .next
    EXIT 3
`);
    const r = await m.boot(k, { timeout: { instructions: 2_000_000 } }).result;
    // Some ports reset or reprogram devices (0x64 0xFE, 0xCF9, 0x92): whatever happens, the run ends in one
    // named verdict. With this seed the guest survives every access and exits.
    expect(r.verdict).toEqual({ kind: "exited", code: 3 });
  });

  it("writes over the multiboot info, the GDT and the loader's strings: the host reads them back, the guest exits", async () => {
    const k = hostileKernel("clobber", `_start:
    cli
    mov [saved_ebx], ebx
    mov edi, 0x800
    mov ecx, (0x80000 - 0x800) / 4
    mov eax, 0xDEADBEEF
    rep stosd
    CHECKPOINT 1
    EXIT 5
section .bss
saved_ebx: resd 1
`);
    let seen: number[] = [];
    const r = await m.boot(k, {
      timeout: { instructions: 1_000_000 },
      onCheckpoint: (cp) => { seen = [cp.memory.u32(cp.registers.ebx), cp.memory.u32(0x800), cp.memory.u32(0x7fffc), cp.memory.u32(0x80000)]; },
    }).result;
    expect(r.verdict).toEqual({ kind: "exited", code: 5 });
    expect(r.checkpoints.map((c) => c.id)).toEqual([1]);
    expect(seen.slice(0, 3)).toEqual([0xdeadbeef, 0xdeadbeef, 0xdeadbeef]);
    expect(seen[3]).not.toBe(0xdeadbeef);
    expect(r.registers.ebx).toBe(0x9500); // EBX still points at the (clobbered) multiboot info, where QEMU puts it
  });

  it("kernel-too-large: a 64 MiB .bss on a 32 MiB machine is refused before the first instruction", async () => {
    const k = hostileKernel("toolarge", `_start:\n    EXIT 0\nsection .bss\nbig: resb 64 * 1024 * 1024\n`);
    const r = await m.boot(k).result;
    expect(r.verdict).toMatchObject({ kind: "kernel-too-large", memoryBytes: 32 << 20 });
    if (r.verdict.kind === "kernel-too-large") expect(r.verdict.end).toBeGreaterThan(64 << 20);
    expect(r.instructions).toBe(0);
    const again = await m.boot(hostileKernel("ok", `_start:\n    EXIT 9\n`)).result;
    expect(again.verdict).toEqual({ kind: "exited", code: 9 });
  });

  it("paging on with garbage page tables: the walker reports problems, reads fault as PageFaultError, never anything else", async () => {
    // PDE 0 maps the first 4 MiB (PSE) so the code keeps running; PDEs 1-1023 are xorshift garbage with P set.
    const k = hostileKernel("garbage-pt", `_start:
    cli
    mov ebx, 0x1234567
    mov edi, page_dir
    mov dword [edi], 0x00000083
    mov ecx, 1023
.fill:
    mov eax, ebx
    shl eax, 13
    xor ebx, eax
    mov eax, ebx
    shr eax, 17
    xor ebx, eax
    mov eax, ebx
    shl eax, 5
    xor ebx, eax
    add edi, 4
    mov eax, ebx
    or eax, 1
    mov [edi], eax
    loop .fill
    mov eax, cr4
    or eax, 0x10
    mov cr4, eax
    mov eax, page_dir
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    CHECKPOINT 1
    mov eax, 0xFFFFF000
    jmp eax
section .bss
alignb 4096
page_dir: resb 4096
`);
    let walked: Mapping[] = [];
    let faults = 0, reads = 0;
    const r = await m.boot(k, {
      timeout: { instructions: 1_000_000 },
      onCheckpoint: (cp) => {
        walked = walkPageTables(cp.memory, cp.registers.cr3);
        const v = cp.memory.virt(cp.registers.cr3);
        for (let a = 0; a < 0x100000000; a += 0x00400000 + 0x1234) {
          try { v.u32(a); reads++; } catch (e) { if (!(e instanceof PageFaultError)) throw e; faults++; }
          v.translate(a);
        }
      },
    }).result;
    expect(r.checkpoints.map((c) => c.id)).toEqual([1]);
    expect(walked[0]).toMatchObject({ vaddr: 0, paddr: 0, size: 0x400000, present: true, large: true });
    expect(walked.filter((x) => x.problem).length).toBeGreaterThan(500);
    expect(faults + reads).toBe(Math.ceil(2 ** 32 / (0x00400000 + 0x1234)));
    expect(faults).toBeGreaterThan(0);
    // The jump into garbage ends the run in a named verdict, and the tables can still be walked afterwards.
    expect(["triple-fault", "timeout", "halted"]).toContain(r.verdict.kind);
    expect(() => walkPageTables(m.memory, r.registers.cr3)).not.toThrow();
  });

  it("a guest that never reaches its first checkpoint: timeout, and the checkpoint list is empty", async () => {
    const k = hostileKernel("no-checkpoint", `_start:\n    cli\nstuck:\n    jmp stuck\n    CHECKPOINT 1\n    EXIT 0\n`);
    let called = 0;
    const r = await m.boot(k, { timeout: { instructions: 500_000 }, checkpointNames: { 1: "first" }, onCheckpoint: () => { called++; } }).result;
    expect(r.verdict).toMatchObject({ kind: "timeout", eip: symbolTable(k).address("stuck") });
    expect(r.checkpoints).toEqual([]);
    expect(called).toBe(0);
  });
});
