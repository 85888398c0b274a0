/**
 * Test kernels for the emulator tests, built from fixtures/*.asm with the oracle tools (nasm -felf32,
 * ld -m elf_i386) into a per-process temp directory and cached. Not a test file; tests call kernel(name).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { oracle } from "../helpers/oracles";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
let outDir: string | null = null;
const cache = new Map<string, Uint8Array>();

/** True when nasm and ld can build the fixtures (describe.skipIf(!canBuild())). */
export function canBuild(): boolean {
  return oracle("nasm") && oracle("ld");
}

/** Build fixtures/<name>.asm, linked with kernel.ld (or `script`), and return the ELF bytes. */
export function kernel(name: string, script = "kernel.ld"): Uint8Array {
  const key = `${name}:${script}`;
  const hit = cache.get(key);
  if (hit) return hit;
  outDir ??= mkdtempSync(join(tmpdir(), "kernlab-emu-"));
  const obj = join(outDir, `${name}.o`);
  const elf = join(outDir, `${name}-${script.replace(/\W/g, "_")}.elf`);
  execFileSync("nasm", ["-felf32", "-i", FIXTURES, join(FIXTURES, `${name}.asm`), "-o", obj]);
  execFileSync("ld", ["-m", "elf_i386", "-T", join(FIXTURES, script), obj, "-o", elf, "--no-warn-rwx-segments"]);
  const bytes = new Uint8Array(readFileSync(elf));
  cache.set(key, bytes);
  return bytes;
}

/** The path of a built kernel (for CLI tests). */
export function kernelPath(name: string, script = "kernel.ld"): string {
  kernel(name, script);
  return join(outDir!, `${name}-${script.replace(/\W/g, "_")}.elf`);
}
