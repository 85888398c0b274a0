/**
 * Test helper: builds the differential corpus's inputs from test/link/fixtures with the real tools (nasm,
 * gcc -m32 -ffreestanding -fno-pic -O2, ar) into a temporary directory, and runs GNU ld on a job.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "fixtures");

export interface Corpus { dir: string; obj(name: string): string; libgcc: string }

/** Builds the inputs (all by default; `only` limits it, to keep test files that need a few objects fast). */
export function buildCorpus(only?: string[]): Corpus {
  const want = (n: string) => !only || only.includes(n);
  const dir = mkdtempSync(join(tmpdir(), "kernlab-link-"));
  const obj = (name: string) => join(dir, name);
  for (const a of ["multiboot", "higher-half", "nasm-a", "nasm-b", "boot16", "boot16b"]) {
    if (!want(a) && !(a === "nasm-b" || a === "boot16b")) continue;
    execFileSync("nasm", ["-felf32", join(FIXTURES, `${a}.asm`), "-o", obj(`${a}.o`)]);
  }
  for (const c of ["kernel", "lib", "strong"]) {
    if (!want(c)) continue;
    execFileSync("gcc", ["-m32", "-ffreestanding", "-fno-pic", "-O2", "-fcommon", "-c", join(FIXTURES, `${c}.c`), "-o", obj(`${c}.o`)]);
  }
  if (want("lib-split")) execFileSync("gcc", ["-m32", "-ffreestanding", "-fno-pic", "-O2", "-ffunction-sections", "-fdata-sections", "-c", join(FIXTURES, "lib.c"), "-o", obj("lib-split.o")]);
  execFileSync("ar", ["rcs", obj("libnasm.a"), obj("nasm-b.o"), obj("boot16b.o")]);
  const libgcc = execFileSync("gcc", ["-m32", "-print-libgcc-file-name"]).toString().trim();
  return { dir, obj, libgcc };
}

/** Run GNU ld; returns the output bytes. */
export function runLd(args: string[], out: string): Uint8Array {
  execFileSync("ld", ["-m", "elf_i386", ...args, "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
  return readFileSync(out);
}

export function writeTemp(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
