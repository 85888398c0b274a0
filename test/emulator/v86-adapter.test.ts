// The v86 adapter on its own: the multiboot entry state, parking at the exit and checkpoint ports, slices,
// registers and the warm reset, without Machine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKPOINT_PORT, EXIT_PORT } from "../../emulator/index";
import type { EntryState } from "../../emulator/loader";
import { V86Adapter } from "../../emulator/v86-adapter";
import { nodeWasmModule } from "../../emulator/wasm-node";

// mov eax, 0x1234 ; mov dx, 0x5F0 ; out dx, eax ; inc ebx ; mov al, 7 ; out 0xF4, al ; cli ; hlt
const PROGRAM = Uint8Array.of(
  0xb8, 0x34, 0x12, 0x00, 0x00, 0x66, 0xba, CHECKPOINT_PORT & 0xff, CHECKPOINT_PORT >> 8, 0xef,
  0x43, 0xb0, 0x07, 0xe6, EXIT_PORT, 0xfa, 0xf4,
);
const ENTRY = 0x100000;

/** Every register the loader sets; the tests override eip, eax, ebx. */
const STATE: EntryState = {
  eip: 0, eax: 0, ebx: 0, ecx: 0, edx: 0, esi: 0, edi: 0, ebp: 0, esp: 0, eflags: 2,
  gdtBase: 0x800, gdtLimit: 0x17, idtBase: 0, idtLimit: 0x3ff, codeSelector: 8, dataSelector: 0x10,
};

describe("V86Adapter", () => {
  let a: V86Adapter;
  const events: string[] = [];
  beforeAll(async () => {
    a = await V86Adapter.create({
      memoryBytes: 4 << 20, wasmModule: await nodeWasmModule(),
      events: { serialByte: (b) => events.push(`serial ${b}`), debugconByte: (b) => events.push(`debugcon ${b}`), exit: (c) => events.push(`exit ${c}`), checkpoint: (id) => events.push(`checkpoint ${id}`) },
    });
  });
  afterAll(() => a?.destroy());

  const start = () => {
    a.warmReset();
    a.ram().set(PROGRAM, ENTRY);
    a.enterProtectedMode({ ...STATE, eip: ENTRY, eax: 0x2badb002, ebx: 0x1000 });
    events.length = 0;
  };

  it("enters in the multiboot state: flat 32-bit protected mode, paging and interrupts off", () => {
    start();
    expect(a.registers()).toMatchObject({ eax: 0x2badb002, ebx: 0x1000, eip: ENTRY, cs: 8, ds: 0x10, ss: 0x10, cr0: 0x11, cr3: 0 });
    expect(a.registers().eflags & 0x200).toBe(0);
    expect(a.memoryBytes).toBe(4 << 20);
  });

  it("parks right after the checkpoint out, then after the exit out", () => {
    start();
    expect(a.runSlice()).toEqual({ kind: "parked" });
    expect(events).toEqual(["checkpoint 4660"]);
    expect(a.registers()).toMatchObject({ eax: 0x1234, ebx: 0x1000, eip: ENTRY + 10 });
    expect(a.instructions()).toBe(3);
    a.unpark();
    expect(a.runSlice()).toEqual({ kind: "parked" });
    expect(events).toEqual(["checkpoint 4660", "exit 7"]);
    expect(a.registers()).toMatchObject({ ebx: 0x1001, eip: ENTRY + 15 });
    a.unpark();
    expect(a.runSlice()).toEqual({ kind: "halted" });
  });

  it("warm reset zeroes RAM and the instruction count", () => {
    start();
    a.runSlice();
    a.ram()[0x5000] = 0xaa;
    a.warmReset();
    expect(a.ram()[0x5000]).toBe(0);
    expect(a.ram()[ENTRY]).toBe(0);
    expect(a.instructions()).toBe(0);
    expect(a.isParked).toBe(false);
  });

  it("COM1 bytes reach the serial event", () => {
    a.warmReset();
    // mov dx, 0x3F8 ; mov al, 'K' ; out dx, al ; mov al, 0 ; out 0xF4, al
    a.ram().set(Uint8Array.of(0x66, 0xba, 0xf8, 0x03, 0xb0, 0x4b, 0xee, 0xb0, 0x00, 0xe6, 0xf4), ENTRY);
    a.enterProtectedMode({ ...STATE, eip: ENTRY, eax: 0, ebx: 0 });
    events.length = 0;
    expect(a.runSlice()).toEqual({ kind: "parked" });
    expect(events).toEqual(["serial 75", "exit 0"]);
  });
});
