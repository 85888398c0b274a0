/**
 * v86 fix "debug-hooks": exact execution control for kernlab's debugger and instruction limits.
 *
 * What v86 lacks: its only run entry is main_loop, which runs ~1 ms of guest time per call (100,003-
 * instruction batches, each interpreted block running on to the next jump or page end), so a host can
 * neither stop after exactly N instructions nor before an instruction at an address, and exceptions are
 * delivered (or, when the IDT is broken, end in a Rust panic) without the host seeing them. QEMU's TCG stops
 * at any instruction for its gdbstub and its -icount limits, and logs every exception (-d int).
 *
 * The wasm edit (the Rust change is debug-hooks.diff); state lives in wasm memory (debug-abi.ts):
 * - gen::interpreter::run (the interpreter's dispatch of one instruction, called by jit_run_interpreted and
 *   after sti) starts, for an instruction's first byte (prefixes == 0, and not a lock prefix, whose
 *   instruction comes in a second call), by recording the instruction's linear address in a 64-entry ring,
 *   then counting down; at 0 it calls the import `before_instruction`, and when that returns 1 it steps
 *   EIP back, marks a block boundary (jit_block_boundary, so the interpreted block ends) and returns without
 *   executing the instruction. While counting down with breakpoints set, it tests a 512-slot page filter
 *   and calls `breakpoint` (same contract) only for instructions on a page whose slot bit is set.
 * - call_interrupt_vector calls the import `interrupt(vector, source, has_error_code, error_code)` first,
 *   source = is_software_int | DEBUG_IRQ << 1: v86's 13 IRQ deliveries (pic_call_irq, inlined wherever
 *   handle_irqs is) set the DEBUG_IRQ byte just before their call, so the host tells an IRQ from a CPU
 *   exception of the same vector (an unremapped PIC puts IRQ 0-7 at 8-15). 1 skips the delivery: the host
 *   holds the caught vector and delivers it later through call_interrupt_vector, exported as
 *   DEBUG_DELIVER_EXPORT (the IRQ was acknowledged at the PIC already: it must not be raised again).
 * - instr_0F22 (mov crN, reg) calls `control_register(N, value)` first when the flag at DEBUG_CR_HOOK is set.
 * Compiled (JIT) code does not pass through gen::interpreter::run: kernlab bypasses the JIT while it needs
 * exact control (emulator/exec-control.ts).
 */
import { sleb, uleb, WasmPatchError } from "./binary";
import {
  DEBUG_BP_BITS, DEBUG_BP_ON, DEBUG_BP_SLOTS, DEBUG_COUNTDOWN, DEBUG_CR_HOOK, DEBUG_DELIVER_EXPORT, DEBUG_IMPORT_MODULE, DEBUG_IRQ, DEBUG_RING,
  DEBUG_RING_INDEX, DEBUG_RING_SIZE, V86_IN_HLT, V86_INSTRUCTION_POINTER, V86_PREFIXES, V86_REG32,
} from "./debug-abi";
import { expectSequences, rustFunction, type V86Fix } from "./fix";
import { OP_CALL, OP_I32_CONST, type InstructionPattern } from "./instructions";
import { EXTERN, I32, type WasmModule } from "./wasm-module";

const IF = 0x04, ELSE = 0x05, END = 0x0b, RETURN = 0x0f, BR_IF = 0x0d, VOID = 0x40;
const LOCAL_GET = 0x20, I32_LOAD = 0x28, I32_LOAD8_U = 0x2d, I32_STORE = 0x36, I32_STORE8 = 0x3a;
const I32_EQZ = 0x45, I32_NE = 0x47, I32_ADD = 0x6a, I32_SUB = 0x6b, I32_AND = 0x71, I32_OR = 0x72, I32_SHL = 0x74, I32_SHR_U = 0x76;
const LOCK_PREFIX = 0xf0;

const c = (v: number) => [OP_I32_CONST, ...sleb(v)];
const load = (addr: number) => [...c(0), I32_LOAD, 2, ...uleb(addr)];
const load8 = (addr: number) => [...c(0), I32_LOAD8_U, 0, ...uleb(addr)];
/** mem32[addr] = mem32[addr] + delta */
const bump = (addr: number, delta: number) => [...c(0), ...load(addr), ...c(Math.abs(delta)), delta < 0 ? I32_SUB : I32_ADD, I32_STORE, 2, ...uleb(addr)];

function apply(module: WasmModule): void {
  const before = module.addFunctionImport(DEBUG_IMPORT_MODULE, "before_instruction", { params: [I32], results: [I32] });
  const interrupt = module.addFunctionImport(DEBUG_IMPORT_MODULE, "interrupt", { params: [I32, I32, I32, I32], results: [I32] });
  const controlRegister = module.addFunctionImport(DEBUG_IMPORT_MODULE, "control_register", { params: [I32, I32], results: [] });
  const breakpoint = module.addFunctionImport(DEBUG_IMPORT_MODULE, "breakpoint", { params: [I32], results: [I32] });

  // jit_block_boundary: the byte main_loop's interpreter loop tests right after calling gen::interpreter::run.
  const run = module.functionIndex(interpreterRun(module));
  const [afterRun] = expectSequences(module, "main_loop", [{ op: OP_CALL, value: run }, { op: OP_I32_CONST, value: 0 }, { op: I32_LOAD8_U }, { op: BR_IF }]);
  const blockBoundary = afterRun![2]!.memOffset!;

  // Stop before the instruction: EIP back to it, end the interpreted block, do not execute it.
  const stopBefore = [...bump(V86_INSTRUCTION_POINTER, -1), ...c(0), ...c(1), I32_STORE8, 0, ...uleb(blockBoundary), RETURN];
  const pageSlot = [...load(V86_INSTRUCTION_POINTER), ...c(1), I32_SUB, ...c(12), I32_SHR_U, ...c(DEBUG_BP_SLOTS - 1), I32_AND];
  const ringSlot = [...load(DEBUG_RING_INDEX), ...c(DEBUG_RING_SIZE - 1), I32_AND, ...c(2), I32_SHL];
  module.spliceCode(run, [{
    at: 0,
    insert: [
      ...load8(V86_PREFIXES), I32_EQZ, IF, VOID,
      LOCAL_GET, 0, ...c(0xff), I32_AND, ...c(LOCK_PREFIX), I32_NE, IF, VOID,
      ...ringSlot, ...load(V86_INSTRUCTION_POINTER), ...c(1), I32_SUB, I32_STORE, 2, ...uleb(DEBUG_RING),
      ...bump(DEBUG_RING_INDEX, 1),
      ...load(DEBUG_COUNTDOWN), IF, VOID,
      ...bump(DEBUG_COUNTDOWN, -1),
      // The breakpoint page filter: call `breakpoint` only for instructions on a page whose slot bit is set.
      ...load8(DEBUG_BP_ON), IF, VOID,
      ...pageSlot, ...c(3), I32_SHR_U, I32_LOAD8_U, 0, ...uleb(DEBUG_BP_BITS),
      ...pageSlot, ...c(7), I32_AND, I32_SHR_U, ...c(1), I32_AND, IF, VOID,
      LOCAL_GET, 0, OP_CALL, ...uleb(breakpoint), IF, VOID, ...stopBefore, END,
      END,
      END,
      ELSE,
      LOCAL_GET, 0, OP_CALL, ...uleb(before), IF, VOID, ...stopBefore, END,
      END,
      END,
      END,
    ],
  }]);

  const civ = module.functionIndex(rustFunction(module, "call_interrupt_vector"));
  // Mark hardware IRQs: pic_call_irq (inlined wherever handle_irqs is) calls call_interrupt_vector(irq & 255,
  // false, None) right after clearing in_hlt; set DEBUG_IRQ just before each of those calls.
  for (const [name, count] of IRQ_CALL_SITES) {
    const named = module.functionsEndingWith(name);
    if (named.length !== 1) throw new WasmPatchError("wasm-no-such-function", `v86.wasm: ${named.length} functions named *${name}`);
    const fn = module.functionIndex(named[0]!.name);
    const found = expectSequences(module, named[0]!.name, irqCall(civ), count);
    module.spliceCode(fn, found.map((seq) => ({ at: seq[seq.length - 1]!.at, insert: [...c(0), ...c(1), I32_STORE8, 0, ...uleb(DEBUG_IRQ)] })));
  }
  // The hook first: source = is_software_int | DEBUG_IRQ << 1, and DEBUG_IRQ cleared.
  module.spliceCode(civ, [{
    at: 0,
    insert: [
      LOCAL_GET, 0, LOCAL_GET, 1, ...load8(DEBUG_IRQ), ...c(1), I32_SHL, I32_OR, LOCAL_GET, 2, LOCAL_GET, 3,
      ...c(0), ...c(0), I32_STORE8, 0, ...uleb(DEBUG_IRQ),
      OP_CALL, ...uleb(interrupt), IF, VOID, RETURN, END,
    ],
  }]);
  module.addExport(DEBUG_DELIVER_EXPORT, EXTERN.func, civ);

  const movCr = module.functionIndex("instr_0F22");
  module.spliceCode(movCr, [{
    at: 0,
    insert: [
      ...load8(DEBUG_CR_HOOK), IF, VOID,
      LOCAL_GET, 1, LOCAL_GET, 0, ...c(2), I32_SHL, I32_LOAD, 2, ...uleb(V86_REG32), OP_CALL, ...uleb(controlRegister),
      END,
    ],
  }]);
}

/** v86's IRQ deliveries in this build (13): handle_irqs and the functions it is inlined into, with the count of
 *  copies in each (a build where any count differs is refused). */
const IRQ_CALL_SITES: readonly [string, number][] = [
  ["handle_irqs", 1], ["main_loop", 2], ["device_raise_irq", 1], ["device_lower_irq", 1], ["instr_F4", 1],
  ["12instructions8instr_FB", 1], ["3cpu3cpu4iret", 1], ["12instructions10instr16_9D", 1], ["12instructions10instr32_9D", 1],
  ["3cpu3cpu14io_port_write8", 1], ["6memory12mmap_write32", 2],
];

/** `in_hlt = false; } call_interrupt_vector(irq & 255, false, None)` as pic_call_irq compiles. */
function irqCall(civ: number): InstructionPattern[] {
  return [
    { op: I32_STORE8, memOffset: V86_IN_HLT }, { op: END }, { op: LOCAL_GET }, { op: OP_I32_CONST, value: 255 }, { op: I32_AND },
    { op: OP_I32_CONST, value: 0 }, { op: OP_I32_CONST, value: 0 }, { op: LOCAL_GET }, { op: OP_CALL, value: civ },
  ];
}

/** gen::interpreter::run (not interpreter0f::run). */
function interpreterRun(module: WasmModule): string {
  const names = module.findFunctions((n) => n.endsWith("11interpreter3run") || n === "v86::gen::interpreter::run");
  if (names.length !== 1) throw new WasmPatchError("wasm-no-such-function", `v86.wasm: ${names.length} functions gen::interpreter::run`);
  return module.functionNames().get(names[0]!)!;
}

export const debugHooks: V86Fix = {
  id: "debug-hooks",
  title: "exact execution control: an instruction countdown with a host hook, an exception hook, a mov-to-CR hook, a ring of the last 64 instructions",
  wrong: "main_loop is the only run entry and runs ~1 ms of guest time per call: no exact instruction limits, no breakpoints, exceptions are invisible to the host",
  diff: "debug-hooks.diff",
  apply,
};
