/**
 * Test kernels for the emulator tests, built from fixtures/*.asm with the oracle tools (nasm -felf32,
 * ld -m elf_i386; `-i` finds test/fixtures/kernel-common.inc). Builds are cached on disk by content (source,
 * kernel-common.inc, linker script), so parallel test files and later runs share them; each is written to a
 * temp name and renamed into place. Not a test file.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { oracle } from "../helpers/oracles";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
/** test/fixtures/: kernel-common.inc, the include the fixtures share with the inline test kernels. */
const COMMON = fileURLToPath(new URL("../fixtures/", import.meta.url));
const COMMON_INC = "kernel-common.inc";
const CACHE = join(tmpdir(), "kernlab-emulator-fixtures");
const memo = new Map<string, string>();

/** True when nasm and ld can build the fixtures (describe.skipIf(!canBuild())). */
export function canBuild(): boolean {
  return oracle("nasm") && oracle("ld");
}

/** Build fixtures/<name>.asm linked with kernel.ld (or `script`; "flat" = nasm -fbin, no ld); returns the path. */
export function kernelPath(name: string, script = "kernel.ld"): string {
  const key = `${name}:${script}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const hash = createHash("sha256");
  for (const f of [`${name}.asm`, ...(script === "flat" ? [] : [script])]) hash.update(f).update(readFileSync(join(FIXTURES, f)));
  hash.update(COMMON_INC).update(readFileSync(join(COMMON, COMMON_INC)));
  hash.update(script);
  const id = hash.digest("hex").slice(0, 16);
  mkdirSync(CACHE, { recursive: true });
  const elf = join(CACHE, `${name}-${id}.elf`);
  if (!existsSync(elf)) {
    const tmp = `${elf}.${process.pid}.${Date.now()}`;
    if (script === "flat") {
      execFileSync("nasm", ["-fbin", "-i", FIXTURES, "-i", COMMON, join(FIXTURES, `${name}.asm`), "-o", tmp]);
    } else {
      execFileSync("nasm", ["-felf32", "-i", FIXTURES, "-i", COMMON, join(FIXTURES, `${name}.asm`), "-o", `${tmp}.o`]);
      execFileSync("ld", ["-m", "elf_i386", "-T", join(FIXTURES, script), `${tmp}.o`, "-o", tmp, "--no-warn-rwx-segments"]);
    }
    renameSync(tmp, elf);
    rmSync(`${tmp}.o`, { force: true });
  }
  memo.set(key, elf);
  return elf;
}

/** The ELF bytes of a built test kernel. */
export function kernel(name: string, script = "kernel.ld"): Uint8Array {
  return new Uint8Array(readFileSync(kernelPath(name, script)));
}
