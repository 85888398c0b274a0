// The v86-fixes mechanism (emulator/v86-fixes/): the wasm rewriter on a hand-made module (function import
// added, calls renumbered, a hook call spliced in, names kept), and applyV86Fixes on the pinned v86.wasm
// (selection, idempotence, refusal of a fix whose code is not there).
import { describe, expect, it } from "vitest";
import { applyV86Fixes, appliedV86Fixes, V86_FIXES, WasmModule, type V86Fix } from "../../../emulator/v86-fixes/index";
import { concat, encodeName, uleb } from "../../../emulator/v86-fixes/binary";
import { OP_CALL, OP_I32_CONST } from "../../../emulator/v86-fixes/instructions";
import { I32 } from "../../../emulator/v86-fixes/wasm-module";
import { nodeWasmBytes } from "../../../emulator/wasm-node";
import { isKernlabError } from "../../../core/diagnostics";
import { sameBytes } from "../../../core/bytes";

const section = (id: number, payload: number[] | Uint8Array) => concat([[id], uleb(payload.length), payload]);

/**
 * (import "env" "log" (func (param i32)))        ;; 0
 * (func $inner (result i32) i32.const 41)         ;; 1
 * (func $outer (export "outer") (result i32) call $inner i32.const 1 i32.add)   ;; 2
 * (table 1 funcref) (elem (i32.const 0) $inner) (export "table" (table 0))
 */
function tinyModule(): Uint8Array {
  const names = concat([uleb(2), uleb(1), encodeName("inner"), uleb(2), encodeName("outer")]);
  return concat([
    [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    section(1, [2, 0x60, 1, I32, 0, 0x60, 0, 1, I32]),
    section(2, [1, ...encodeName("env"), ...encodeName("log"), 0, 0]),
    section(3, [2, 1, 1]),
    section(4, [1, 0x70, 0, 1]),
    section(7, [2, ...encodeName("outer"), 0, 2, ...encodeName("table"), 1, 0]),
    section(9, [1, 0, 0x41, 0, 0x0b, 1, 1]),
    section(10, [2, 4, 0, 0x41, 41, 0x0b, 7, 0, 0x10, 1, 0x41, 1, 0x6a, 0x0b]),
    section(0, concat([encodeName("name"), [1], uleb(names.length), names])),
  ]);
}

describe("WasmModule", () => {
  it("reads function names and bodies and writes an untouched module back byte for byte", () => {
    const bytes = tinyModule();
    const m = WasmModule.parse(bytes);
    expect(m.functionIndex("outer")).toBe(2);
    expect([...m.body(1).code]).toEqual([0x41, 41, 0x0b]);
    expect(m.encode()).toEqual(bytes);
  });

  it("adds a function import: calls, exports, elements and names are renumbered, and a spliced hook call runs", async () => {
    const m = WasmModule.parse(tinyModule());
    const hook = m.addFunctionImport("kernlab", "hook", { params: [I32], results: [] });
    expect(hook).toBe(1);
    const outer = m.functionIndex("outer");
    expect(outer).toBe(3);
    expect(m.functionIndex("inner")).toBe(2);
    m.spliceCode(outer, [{ at: 0, insert: [OP_I32_CONST, 7, OP_CALL, ...uleb(hook)] }]);
    const seen: number[] = [];
    const { instance } = await WebAssembly.instantiate(m.encode() as Uint8Array<ArrayBuffer>, {
      env: { log: () => undefined }, kernlab: { hook: (v: number) => seen.push(v) },
    });
    expect((instance.exports["outer"] as () => number)()).toBe(42);
    expect(seen).toEqual([7]);
    // The element segment still points at $inner.
    expect(((instance.exports["table"] as WebAssembly.Table).get(0) as () => number)()).toBe(41);
  });

  it("adds an exported mutable global a patch can count in", async () => {
    const m = WasmModule.parse(tinyModule());
    const g = m.addGlobal(I32, 5);
    m.addExport("counter", 3, g);
    m.spliceCode(m.functionIndex("inner"), [{ at: 0, insert: [0x23, ...uleb(g), 0x41, 1, 0x6a, 0x24, ...uleb(g)] }]);
    const { instance } = await WebAssembly.instantiate(m.encode() as Uint8Array<ArrayBuffer>, { env: { log: () => undefined } });
    (instance.exports["outer"] as () => number)();
    (instance.exports["outer"] as () => number)();
    expect((instance.exports["counter"] as WebAssembly.Global).value).toBe(7);
  });
});

describe("applyV86Fixes on the pinned v86.wasm", () => {
  const raw = nodeWasmBytes();

  it("applies every registered fix, records them, compiles, and is a no-op the second time", async () => {
    expect(appliedV86Fixes(raw)).toEqual([]);
    const fixed = applyV86Fixes(raw);
    expect(appliedV86Fixes(fixed)).toEqual(V86_FIXES.map((f) => f.id));
    expect(sameBytes(fixed, raw)).toBe(false);
    expect(sameBytes(applyV86Fixes(fixed), fixed)).toBe(true);
    await WebAssembly.compile(fixed as Uint8Array<ArrayBuffer>);
  });

  it("leaves out what `except` names, applies only what `only` names, and refuses unknown names", () => {
    const none = applyV86Fixes(raw, { except: ["cr3-low-bits"] });
    expect(appliedV86Fixes(none)).not.toContain("cr3-low-bits");
    expect(appliedV86Fixes(applyV86Fixes(raw, { only: ["cr3-low-bits"] }))).toEqual(["cr3-low-bits"]);
    let err: unknown;
    try { applyV86Fixes(raw, { only: ["no-such-fix"] }); } catch (e) { err = e; }
    expect(isKernlabError(err) && err.diagnostics[0]!.code).toBe("unknown-v86-fix");
  });

  it("adds a hook import to v86.wasm itself: every function moves up by one and the module still compiles", async () => {
    const m = WasmModule.parse(raw);
    const before = m.functionIndex("instr_0F22");
    const hook = m.addFunctionImport("kernlab", "hook", { params: [I32], results: [] });
    expect(m.functionIndex("instr_0F22")).toBe(before + 1);
    m.spliceCode(m.functionIndex("instr_0F22"), [{ at: 0, insert: [OP_I32_CONST, 5, OP_CALL, ...uleb(hook)] }]);
    const compiled = await WebAssembly.compile(m.encode() as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.imports(compiled)).toContainEqual({ module: "kernlab", name: "hook", kind: "function" });
  });

  it("refuses a fix whose code is not in this v86.wasm (v86-fix-mismatch) instead of patching blindly", () => {
    const stale: V86Fix = {
      id: "stale", title: "t", wrong: "w", diff: "stale.diff",
      apply: (m) => { m.functionIndex("a_function_v86_does_not_have"); },
    };
    let err: unknown;
    try { applyV86Fixes(raw, {}, [stale]); } catch (e) { err = e; }
    expect(isKernlabError(err) && err.diagnostics[0]!.code).toBe("v86-fix-mismatch");
  });
});
