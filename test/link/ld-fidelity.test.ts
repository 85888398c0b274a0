/**
 * Oracle differential for `kernlab ld` as a drop-in: every job in ld-jobs.ts is run by GNU ld 2.40
 * (`ld -m elf_i386 …` in a build directory) and by kernlab ld's own command-line preparation and linker, and
 * the output files must be equal byte for byte, or both must fail with exit status 1 (a missing input is not
 * a usage mistake). Also: the output file mode equals ld's (0777 minus the umask).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isKernlabError } from "../../core/diagnostics";
import { command as ldCommand, parseLdArgs, prepareLd } from "../../scripts/commands/ld";
import { runCommand } from "../../scripts/dispatch";
import { link } from "../../toolchain/link/index";
import { oracle } from "../helpers/oracles";
import { JOBS } from "./ld-jobs";

const SRC = join(import.meta.dirname, "fixtures", "ld");
const haveTools = oracle("ld") && oracle("nasm") && oracle("gcc-m32") && oracle("ar");

function buildObjects(dir: string): void {
  for (const a of ["crt", "kmain", "kcall", "h", "orphans", "common", "vstart", "blob", "abs", "bootsect", "notes"]) execFileSync("nasm", ["-felf32", join(SRC, `${a}.asm`), "-o", join(dir, `${a}.o`)]);
  execFileSync("as", ["--32", join(SRC, "gas.s"), "-o", join(dir, "gas.o")]);
  const cc = ["-m32", "-ffreestanding", "-fno-pic", "-O2", "-fcommon", "-c"];
  for (const c of ["kernel", "util"]) execFileSync("gcc", [...cc, join(SRC, `${c}.c`), "-o", join(dir, `${c}.o`)]);
  execFileSync("gcc", [...cc, "-fcf-protection=full", join(SRC, "util.c"), "-o", join(dir, "util-cet.o")]);
  execFileSync("gcc", [...cc, "-fcf-protection=full", join(SRC, "kernel.c"), "-o", join(dir, "kernel-cet.o")]);
  execFileSync("gcc", [...cc, "-fcf-protection=branch", join(SRC, "util.c"), "-o", join(dir, "util-branch.o")]);
  execFileSync("gcc", [...cc, "-fcf-protection=return", join(SRC, "kernel.c"), "-o", join(dir, "kernel-return.o")]);
  for (const c of ["kernel", "util"]) execFileSync("gcc", [...cc, "-ffunction-sections", "-fdata-sections", join(SRC, `${c}.c`), "-o", join(dir, `${c}-split.o`)]);
  for (const c of ["kernel", "util"]) execFileSync("gcc", [...cc, "-g", join(SRC, `${c}.c`), "-o", join(dir, `${c}-g.o`)]);
  execFileSync("gcc", [...cc, "-g", "-ffunction-sections", "-fdata-sections", join(SRC, "util.c"), "-o", join(dir, "util-g-split.o")]);
  execFileSync("nasm", ["-felf32", "-g", "-F", "dwarf", join(SRC, "kmain.asm"), "-o", join(dir, "kmain-g.o")]);
  mkdirSync(join(dir, "lib")); mkdirSync(join(dir, "sub"));
  execFileSync("ar", ["rcs", join(dir, "lib", "libh.a"), join(dir, "h.o")]);
  // libk.a: kmain (kcall.o) needs hfun, which only libh.a has; GROUP must rescan.
  execFileSync("ar", ["rcs", join(dir, "lib", "libk.a"), join(dir, "kcall.o")]);
  copyFileSync(join(dir, "blob.o"), join(dir, "sub", "blob.o"));
}

describe.skipIf(!haveTools)("kernlab ld against GNU ld 2.40 (scripts, orphans, files named in scripts)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kernlab-ld-"));
    buildObjects(dir);
  });

  it.each(JOBS)("$name", (job) => {
    for (const [name, text] of Object.entries(job.scripts ?? {})) writeFileSync(join(dir, name), text);
    rmSync(join(dir, "ld.out"), { force: true });
    const ld = spawnSync("ld", ["-m", "elf_i386", ...job.argv, "-o", "ld.out"], { cwd: dir, encoding: "utf8" });
    let ours: Uint8Array | null = null;
    let error = "";
    try {
      const { inputs, options } = prepareLd(parseLdArgs(job.argv), dir);
      ours = link(inputs, options).image;
    } catch (e) {
      if (!isKernlabError(e)) throw e;
      error = e.message;
    }
    if (job.fails) {
      expect(ld.status, `ld should fail: ${ld.stderr}`).toBe(1);
      expect(ours, "kernlab should fail too").toBeNull();
      expect(error).toMatch(job.fails);
      return;
    }
    expect(ld.status, ld.stderr).toBe(0);
    expect(error).toBe("");
    const theirs = readFileSync(join(dir, "ld.out"));
    expect(Buffer.from(ours!).equals(theirs), "output equals ld's byte for byte").toBe(true);
  });

  it("writes the output with ld's mode (0777 minus the umask) and exits 1 on a missing input", async () => {
    writeFileSync(join(dir, "m.ld"), "ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } .data : { *(.data) } }");
    const out = join(dir, "mode.elf");
    writeFileSync(out, "old"); // an existing file's mode is not kept, as ld's is not
    execFileSync("chmod", ["600", out]);
    expect(await ldCommand.run(["-m", "elf_i386", "-T", join(dir, "m.ld"), join(dir, "crt.o"), join(dir, "kmain.o"), "-o", out])).toBe(0);
    const umask = process.umask();
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~umask);
    execFileSync("ld", ["-m", "elf_i386", "-T", join(dir, "m.ld"), join(dir, "crt.o"), join(dir, "kmain.o"), "-o", join(dir, "mode-ld.elf")]);
    expect(statSync(out).mode & 0o777).toBe(statSync(join(dir, "mode-ld.elf")).mode & 0o777);
    // Missing input, library, script: exit 1 (not the usage status 2), ld's message, the old output untouched.
    const before = readFileSync(out);
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => { stderr.push(String(chunk)); return true; }) as typeof process.stderr.write;
    try {
      expect(await runCommand("ld", ldCommand, ["-m", "elf_i386", join(dir, "crt.o"), join(dir, "nothere.o"), "-o", out])).toBe(1);
      expect(await runCommand("ld", ldCommand, ["-m", "elf_i386", join(dir, "crt.o"), "-lnothere", "-o", out])).toBe(1);
      expect(await runCommand("ld", ldCommand, ["-m", "elf_i386", "-T", join(dir, "nothere.ld"), join(dir, "crt.o"), "-o", out])).toBe(1);
    } finally { process.stderr.write = write; }
    expect(stderr.join("")).toMatch(/cannot find .*nothere\.o: No such file or directory/);
    expect(stderr.join("")).toMatch(/cannot find -lnothere: No such file or directory/);
    expect(stderr.join("")).toMatch(/cannot open linker script file .*nothere\.ld: No such file or directory/);
    expect(readFileSync(out).equals(before)).toBe(true);
  });
});
