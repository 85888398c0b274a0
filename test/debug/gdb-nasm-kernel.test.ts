// Real GDB 13 on a NASM-only kernel (fixtures/nasm-kernel.asm, -g -F dwarf, linked by kernlab ld) under
// `kernlab run --gdb --wait-gdb`: break on a label, next line by line, registers, step into a call, a
// watchpoint on a .bss word with its old and new value, and the exit code. Assembled by nasm 2.16 (the oracle);
// when `kernlab nasm` has -g (branch nasm), the object kernlab assembles must give GDB the same session.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { oracle } from "../helpers/oracles";
import { prepareCli, root, scratch } from "../cli/cli";
import { runGdb, startKernlab } from "./gdb-session";

const SOURCE = join(__dirname, "fixtures", "nasm-kernel.asm");
const kernlabJs = join(root, "bin", "kernlab.js");
const lineOf = (name: string) => readFileSync(SOURCE, "utf8").split("\n").findIndex((l) => l.includes(`LINE:${name}`)) + 1;

const SESSION = ["break kmain", "continue", "next", "next", "print $eax", "print $ebx", "step", "stepi 3",
  "watch *(int *)&counter", "continue", "print *(int *)&counter", "delete", "continue"];

function build(dir: string, assembler: "nasm" | "kernlab"): string {
  const obj = join(dir, `${assembler}.o`), elf = join(dir, `${assembler}.elf`);
  if (assembler === "nasm") execFileSync("nasm", ["-felf32", "-g", "-F", "dwarf", SOURCE, "-o", obj]);
  else execFileSync(process.execPath, [kernlabJs, "nasm", "-felf32", "-g", "-F", "dwarf", SOURCE, "-o", obj]);
  execFileSync(process.execPath, [kernlabJs, "ld", "-m", "elf_i386", "-Ttext=0x100000", obj, "-o", elf]);
  return elf;
}

/** GDB's lines from the first breakpoint on. */
const body = (t: string) => { const l = t.split("\n"); return l.slice(l.findIndex((x) => x.startsWith("Breakpoint 1, kmain"))); };

/** Whether this checkout's `kernlab nasm` takes -g -F dwarf. */
function kernlabNasmHasDebugInfo(): boolean {
  prepareCli();
  return spawnSync(process.execPath, [kernlabJs, "nasm", "-felf32", "-g", "-F", "dwarf", SOURCE, "-o", "/dev/null"]).status === 0;
}

describe.runIf(oracle("gdb") && oracle("nasm"))("real GDB on a NASM kernel", () => {
  let dir = "";
  let transcript: string[] = [];
  beforeAll(() => {
    prepareCli();
    dir = scratch("gdb-nasm");
  });

  it("break on a label, next by source line, step into a call, watch a .bss word, exit code", async () => {
    const elf = build(dir, "nasm");
    const stub = await startKernlab(elf);
    const out = await runGdb(dir, elf, stub.port, SESSION);
    const { status } = await stub.exit;
    transcript = body(out);
    expect(transcript[0]).toMatch(new RegExp(`^Breakpoint 1, kmain \\(\\) at .*nasm-kernel\\.asm:${lineOf("first")}$`));
    expect(transcript).toContain(`${lineOf("call")}\t        call add3               ; LINE:call`);
    expect(transcript).toContain("$1 = 1");
    expect(transcript).toContain("$2 = 2");
    expect(transcript).toContain(`${lineOf("add")}\t        add eax, ebx            ; LINE:add`);
    const w = transcript.indexOf("Old value = 0");
    expect(transcript[w + 1]).toBe("New value = 6");
    expect(transcript[w + 2]).toMatch(new RegExp(`^kmain \\(\\) at .*nasm-kernel\\.asm:${lineOf("bias")}$`));
    expect(transcript).toContain("$3 = 6");
    expect(transcript).toContain("[Inferior 1 (Remote target) exited with code 044]"); // 6 + 30 = 36
    expect(status).toBe(36);
  });

  it.runIf(kernlabNasmHasDebugInfo())("the same session when kernlab nasm -g -F dwarf assembled it", async () => {
    const elf = build(dir, "kernlab");
    const stub = await startKernlab(elf);
    const ours = body(await runGdb(dir, elf, stub.port, SESSION));
    await stub.exit;
    expect(transcript.length).toBeGreaterThan(10);
    expect(ours).toEqual(transcript);
  });
});
