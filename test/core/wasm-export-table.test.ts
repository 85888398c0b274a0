// Function exports moved into a table at build time (scripts/build/wasm-export-table.ts) and read back
// (core/wasm-export-table.ts): on a hand-made module with an imported table, a table of its own, a memory and
// a global, and on the CLI build's iced-x86 and v86 modules (the functions behind each name are the same).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { allExports, exportTableNames, lazyExports, EXPORT_TABLE_NAME } from "../../core/wasm-export-table";
import { moveExportsToTable } from "../../scripts/build/wasm-export-table";
import { concat, encodeName, uleb } from "../../emulator/v86-fixes/binary";
import { I32 } from "../../emulator/v86-fixes/wasm-module";

const section = (id: number, payload: number[] | Uint8Array) => concat([[id], uleb(payload.length), payload]);

/**
 * (import "env" "t" (table 1 funcref))            ;; table 0
 * (func $seven (result i32) i32.const 7)          ;; 0
 * (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)   ;; 1
 * (table 2 funcref) (elem (table 1) (i32.const 0) $add $seven)               ;; table 1
 * (memory 1) (global i32 (i32.const 5))
 * exports: "seven" func 0, "add" func 1, "mem" memory 0, "g" global 0, "own" table 1
 */
function tinyModule(): Uint8Array<ArrayBuffer> {
  return concat([
    [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    section(1, [2, 0x60, 0, 1, I32, 0x60, 2, I32, I32, 1, I32]),
    section(2, [1, ...encodeName("env"), ...encodeName("t"), 1, 0x70, 0, 1]),
    section(3, [2, 0, 1]),
    section(4, [1, 0x70, 0, 2]),
    section(5, [1, 0, 1]),
    section(6, [1, I32, 0, 0x41, 5, 0x0b]),
    section(7, [5, ...encodeName("seven"), 0, 0, ...encodeName("add"), 0, 1, ...encodeName("mem"), 2, 0, ...encodeName("g"), 3, 0, ...encodeName("own"), 1, 1]),
    section(9, [1, 2, 1, 0x41, 0, 0x0b, 0, 2, 1, 0]),
    section(10, [2, 4, 0, 0x41, 7, 0x0b, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b]),
  ]) as Uint8Array<ArrayBuffer>;
}

const imports = () => ({ env: { t: new WebAssembly.Table({ element: "anyfunc", initial: 1 }) } });

describe("wasm export table", () => {
  it("moves the function exports into a table; the other exports stay", () => {
    const module = new WebAssembly.Module(moveExportsToTable(tinyModule()) as Uint8Array<ArrayBuffer>);
    expect(exportTableNames(module)).toEqual(["seven", "add"]);
    expect(WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`).sort())
      .toEqual(["global g", "memory mem", "table own", `table ${EXPORT_TABLE_NAME}`].sort());
    const instance = new WebAssembly.Instance(module, imports());
    // the module's own table keeps its index and contents
    expect((instance.exports["own"] as WebAssembly.Table).get(1)!()).toBe(7);
    for (const ex of [allExports(module, instance), lazyExports(module, instance)]) {
      expect((ex["seven"] as () => number)()).toBe(7);
      expect((ex["add"] as (a: number, b: number) => number)(40, 2)).toBe(42);
      expect(ex["mem"]).toBeInstanceOf(WebAssembly.Memory);
      expect((ex["g"] as WebAssembly.Global).value).toBe(5);
      expect(Object.keys(ex).sort()).toEqual(["add", "g", "mem", "own", "seven"]);
      expect("add" in ex && !("nope" in ex)).toBe(true);
      expect(ex["nope"]).toBeUndefined();
    }
  });

  it("leaves a module that was not rewritten to its own exports, and refuses to rewrite twice", () => {
    const module = new WebAssembly.Module(tinyModule());
    const instance = new WebAssembly.Instance(module, imports());
    expect(exportTableNames(module)).toBeNull();
    expect(allExports(module, instance)).toBe(instance.exports);
    expect(lazyExports(module, instance)).toBe(instance.exports);
    expect(() => moveExportsToTable(moveExportsToTable(tinyModule()))).toThrow(/already/);
  });

  it("keeps every export name of iced-x86's and v86's modules", () => {
    const require = createRequire(import.meta.url);
    for (const id of ["iced-x86/iced_x86_bg.wasm", "v86/build/v86.wasm"]) {
      const bytes = new Uint8Array(readFileSync(require.resolve(id)));
      const before = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).filter((e) => e.kind === "function").map((e) => e.name);
      const after = new WebAssembly.Module(moveExportsToTable(bytes) as Uint8Array<ArrayBuffer>);
      expect(exportTableNames(after)).toEqual(before);
      expect(WebAssembly.Module.exports(after).filter((e) => e.kind === "function")).toEqual([]);
    }
  });
});
