/**
 * The real tools that judge kernlab (nasm, ld, gcc -m32, qemu-system-i386, gdb).
 * Locally a missing oracle skips its differential tests; with KERNLAB_REQUIRE_ORACLES=1 (set by .ci/run)
 * a missing oracle fails the run instead.
 */
import { execFileSync, spawnSync } from "node:child_process";

export type OracleName = "nasm" | "ld" | "gcc-m32" | "qemu" | "ar" | "objdump" | "addr2line" | "gdb";

const cache = new Map<OracleName, boolean>();

function probe(name: OracleName): boolean {
  try {
    switch (name) {
      case "nasm": execFileSync("nasm", ["-v"], { stdio: "ignore" }); return true;
      case "ld": execFileSync("ld", ["-V"], { stdio: "ignore" }); return /elf_i386/.test(execFileSync("ld", ["-V"]).toString());
      case "ar": execFileSync("ar", ["--version"], { stdio: "ignore" }); return true;
      case "objdump": execFileSync("objdump", ["--version"], { stdio: "ignore" }); return true;
      case "addr2line": execFileSync("addr2line", ["--version"], { stdio: "ignore" }); return true;
      case "gdb": execFileSync("gdb", ["--version"], { stdio: "ignore" }); return true;
      case "qemu": execFileSync("qemu-system-i386", ["--version"], { stdio: "ignore" }); return true;
      case "gdb": execFileSync("gdb", ["--version"], { stdio: "ignore" }); return true;
      case "gcc-m32": {
        const r = spawnSync("gcc", ["-m32", "-ffreestanding", "-c", "-x", "c", "-", "-o", "/dev/null"], { input: "int x;\n" });
        return r.status === 0;
      }
    }
  } catch {
    return false;
  }
}

export const oraclesRequired = process.env.KERNLAB_REQUIRE_ORACLES === "1";

/** True when the oracle is usable. */
export function hasOracle(name: OracleName): boolean {
  let v = cache.get(name);
  if (v === undefined) { v = probe(name); cache.set(name, v); }
  return v;
}

/**
 * For `describe.skipIf(!oracle("nasm"))` style use: returns true when tests may run; when the oracle is
 * missing and KERNLAB_REQUIRE_ORACLES=1, throws so the run fails instead of skipping.
 */
export function oracle(name: OracleName): boolean {
  const ok = hasOracle(name);
  if (!ok && oraclesRequired) throw new Error(`oracle '${name}' is required (KERNLAB_REQUIRE_ORACLES=1) but is not installed`);
  return ok;
}
