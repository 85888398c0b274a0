/**
 * The contract between the "debug-hooks" wasm edit (debug-hooks.ts) and the JS that drives it
 * (emulator/exec-control.ts): where in v86's wasm memory the hooks keep their state, and the names of the
 * functions the patched module imports. The addresses are in the gap v86 leaves between `flags` (120..123)
 * and `segment_access_bytes` (512) in src/rust/cpu/global_pointers.rs: nothing in v86 reads or writes them.
 *
 *   240  u32  countdown: instructions the interpreter may start before it calls `before_instruction`
 *   244  u32  ring index: instructions started since boot (mod 2^32); the ring slot is index & 63
 *   128  u8[64]  breakpoint page filter: bit (page & 511) set = a breakpoint may be on a page of that slot
 *   248  u8   1 = call `control_register` on every mov to CR0-CR4
 *   249  u8   1 = test the breakpoint page filter on every counted-down instruction
 *   250  u8   1 = the call_interrupt_vector about to run delivers a hardware IRQ (set at v86's IRQ call sites,
 *             read and cleared by the hook at the top of call_interrupt_vector)
 *   256  u32[64]  ring: the linear address (CS base + EIP) of each instruction started
 */
export const DEBUG_COUNTDOWN = 240;
export const DEBUG_RING_INDEX = 244;
export const DEBUG_CR_HOOK = 248;
export const DEBUG_BP_ON = 249;
export const DEBUG_IRQ = 250;
export const DEBUG_BP_BITS = 128;
export const DEBUG_BP_SLOTS = 512;
export const DEBUG_RING = 256;
export const DEBUG_RING_SIZE = 64;

/** v86 statics the hooks use (global_pointers.rs, and `jit_block_boundary` in this build's data section). */
export const V86_INSTRUCTION_POINTER = 556;
export const V86_PREVIOUS_IP = 560;
export const V86_PREFIXES = 648;
export const V86_INSTRUCTION_COUNTER = 664;
export const V86_REG32 = 64;
export const V86_CR = 580;
export const V86_SEGMENT_OFFSETS = 736;
export const V86_IS_32 = 804;
export const V86_CPL = 612;
export const V86_SREG = 668;
export const V86_IN_HLT = 616;

/** The patched module's export of call_interrupt_vector(vector, is_software_int, has_error_code, error_code):
 *  exec-control delivers a caught vector with it when the run continues. */
export const DEBUG_DELIVER_EXPORT = "kernlab_call_interrupt_vector";

/** The import module of the hooks, and its functions. */
export const DEBUG_IMPORT_MODULE = "kernlab_debug";
export interface DebugImports {
  /** Before an interpreted instruction starts, when the countdown is 0 (opcode | is_32 << 8).
   *  Returns 1 to stop before it (the instruction is not executed). */
  before_instruction(opcode: number): number;
  /** Before an interpreted instruction on a page whose filter bit is set, after the countdown was decremented
   *  for it (DEBUG_BP_ON). Returns 1 to stop before it. */
  breakpoint(opcode: number): number;
  /** call_interrupt_vector(vector, source, has_error_code, error_code) was entered; source: 0 a CPU exception,
   *  1 a software interrupt (int n, int3, into), 2 a hardware IRQ. Returns 1 to skip the delivery (a caught
   *  vector: the host delivers it later through DEBUG_DELIVER_EXPORT). */
  interrupt(vector: number, source: number, hasErrorCode: number, errorCode: number): number;
  /** mov crN, reg executed (N, the value written), when DEBUG_CR_HOOK is 1. */
  control_register(register: number, value: number): void;
}
