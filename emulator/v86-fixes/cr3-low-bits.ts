/**
 * v86 fix "cr3-low-bits": CR3's bits 0-11 (PWT, PCD and the ignored bits) are not part of the page
 * directory's address, and CR3 reads back as written.
 *
 * What v86 does wrong (32-bit paging, CR4.PAE = 0): do_page_walk reads the PDE at CR3 + PDX(linear) * 4
 * without masking CR3's low 12 bits, so a kernel that sets PWT (bit 3) or PCD (bit 4), as higher-half
 * kernels often do, reads its PDEs 8 or 16 bytes off and faults on the first fetch after `mov cr0`. And
 * `mov cr3` (set_cr3, inlined into instr_0F22 and do_task_switch) clears bits 0-2 and 5-11, so CR3 does
 * not read back what was written. Intel SDM vol. 3A 4.3: the page directory is at CR3[31:12]; QEMU
 * (helper_write_crN → cpu_x86_update_cr3) keeps the written value and masks it in its page walk.
 *
 * The wasm edit (the Rust change is cr3-low-bits.diff):
 * - do_page_walk: `i32.load cr3; local.get addr; i32.const 20; i32.shr_u; i32.const 4092; i32.and; i32.add`
 *   gets `i32.const 0xFFFFF000; i32.and` right after the load.
 * - instr_0F22 and do_task_switch (the inlined set_cr3, non-PAE branch): `i32.const -4072` (= !0xFE7) in
 *   `local.get; i32.const -4072; i32.and; local.set` becomes `i32.const -1`. The PAE branch is left as v86
 *   has it (PAE is not covered by kernlab's paging tests).
 */
import { OP_I32_AND, OP_I32_ADD, OP_I32_CONST, OP_I32_LOAD, OP_LOCAL_GET, OP_LOCAL_SET } from "./instructions";
import { sleb } from "./binary";
import { expectSequences, rustFunction, type V86Fix } from "./fix";
import type { WasmModule } from "./wasm-module";

const OP_I32_SHR_U = 0x76;
/** set_cr3's non-PAE mask in v86: !0b1111_1110_0111 (keeps PWT and PCD, drops the other low bits). */
const SET_CR3_MASK = -4072;

function apply(module: WasmModule): void {
  const walk = rustFunction(module, "do_page_walk");
  const [pde] = expectSequences(module, walk, [
    { op: OP_I32_LOAD }, { op: OP_LOCAL_GET }, { op: OP_I32_CONST, value: 20 }, { op: OP_I32_SHR_U },
    { op: OP_I32_CONST, value: 4092 }, { op: OP_I32_AND }, { op: OP_I32_ADD },
  ]);
  const load = pde![0]!;
  module.spliceCode(module.functionIndex(walk), [{ at: load.end, insert: [OP_I32_CONST, ...sleb(-4096), OP_I32_AND] }]);

  for (const name of ["instr_0F22", rustFunction(module, "do_task_switch")]) {
    const [site] = expectSequences(module, name, [
      { op: OP_LOCAL_GET }, { op: OP_I32_CONST, value: SET_CR3_MASK }, { op: OP_I32_AND }, { op: OP_LOCAL_SET },
    ]);
    const mask = site![1]!;
    module.spliceCode(module.functionIndex(name), [{ at: mask.at, remove: mask.end - mask.at, insert: [OP_I32_CONST, ...sleb(-1)] }]);
  }
}

export const cr3LowBits: V86Fix = {
  id: "cr3-low-bits",
  title: "the page walk ignores CR3 bits 0-11 (PWT, PCD); CR3 reads back as written",
  wrong: "do_page_walk adds CR3 unmasked to PDX*4, so PWT/PCD in CR3 move every PDE read 8 or 16 bytes; mov cr3 drops bits 0-2 and 5-11",
  diff: "cr3-low-bits.diff",
  apply,
};
