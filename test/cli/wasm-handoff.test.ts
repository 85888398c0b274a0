// bin/kernlab.js starts compiling v86.wasm before the CLI bundle loads and hands the promise over
// (scripts/context.ts → emulator/wasm-node.ts useNodeWasmModule). A hand-over that fails must not fail the
// command: the module is then compiled from the package as without one.
import { expect, it } from "vitest";
import { nodeWasmModule, useNodeWasmModule } from "../../emulator/wasm-node";

it("a failed early compile falls back to compiling v86.wasm from the package", async () => {
  const failed = Promise.reject(new Error("ENOENT: the early read failed"));
  useNodeWasmModule(failed);
  const module = await nodeWasmModule();
  expect(module).toBeInstanceOf(WebAssembly.Module);
  expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain("memory");
  useNodeWasmModule(Promise.reject(new Error("ignored: a module is already there")));
  expect(await nodeWasmModule()).toBe(module);
});
