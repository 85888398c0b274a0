// Issue 21, rules 2 and 3, through the CLI as users run it, each case under a memory and time ceiling
// (bounded.ts): an output never replaces an input (compared by device and inode), and no read is unbounded
// (devices and FIFOs are refused without being opened, files are capped).
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { readSnapshotFile } from "../../verify/snapshot-file";
import { prepareCli } from "../cli/cli";
import { hasOracle } from "../helpers/oracles";
import { kernlabBounded, root } from "./bounded";
import { hostileKernel } from "./build";

const SRC = "nop\nnop\n";
let dir: string;

beforeAll(() => {
  prepareCli();
  dir = mkdtempSync(join(tmpdir(), "kl-inputs-"));
  execFileSync("mkfifo", [join(dir, "fifo"), join(dir, "rules.json"), join(dir, "snap.json")]);
  mkdirSync(join(dir, "adir"));
  writeFileSync(join(dir, "a.o"), assembleOrThrow("global _start\nsection .text\n_start: ret\n", { file: "a.asm" }));
});

function fresh(name: string): string {
  writeFileSync(join(dir, name), SRC);
  return name;
}

describe("an output never replaces an input (rule 2)", () => {
  const nasmCases: [string, (f: string) => string[]][] = [
    ["-o s.asm", (f) => ["-fbin", f, "-o", f]],
    ["-o ./s.asm", (f) => ["-fbin", f, "-o", `./${f}`]],
    ["-o a symlink to s.asm", (f) => { symlinkSync(f, join(dir, `ln-${f}`)); return ["-fbin", f, "-o", `ln-${f}`]; }],
    ["-l s.asm (the listing)", (f) => ["-fbin", f, "-o", `${f}.bin`, "-l", f]],
  ];
  nasmCases.forEach(([name, args], i) => {
    it(`kernlab nasm ${name}: nasm's "will not overwrite input file", exit 1, source intact`, async () => {
      const f = fresh(`s${i}.asm`);
      const r = await kernlabBounded(["nasm", ...args(f)], { cwd: dir });
      expect(r.stderr).toContain(`${f}: fatal: will not overwrite input file`);
      expect(r.status).toBe(1);
      expect(readFileSync(join(dir, f), "utf8")).toBe(SRC);
    });
  });

  it("kernlab build main.asm -o ./main.asm: refused, source intact", async () => {
    const f = fresh("main.asm");
    const r = await kernlabBounded(["build", f, "-o", `./${f}`], { cwd: dir });
    expect(r.stderr).toContain(`input file '${f}' is the same as output file './${f}'`);
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, f), "utf8")).toBe(SRC);
  });

  it("kernlab ld a.o -o a.o and -o a symlink to a.o: ld's message, object intact", async () => {
    const before = readFileSync(join(dir, "a.o"));
    symlinkSync("a.o", join(dir, "a-link.o"));
    for (const out of ["a.o", "a-link.o"]) {
      const r = await kernlabBounded(["ld", "-m", "elf_i386", "a.o", "-o", out], { cwd: dir });
      expect(r.stderr).toContain("input file 'a.o' is the same as output file");
      expect(r.status).toBe(1);
      if (hasOracle("ld")) expect(execFileOk("ld", ["-m", "elf_i386", "a.o", "-o", out])).toBe(false);
    }
    expect(readFileSync(join(dir, "a.o")).equals(before)).toBe(true);
  });
});

function execFileOk(cmd: string, args: string[]): boolean {
  try { execFileSync(cmd, args, { cwd: dir, stdio: "ignore" }); return true; } catch { return false; }
}

describe("every read is bounded (rule 3)", () => {
  const refusals: [string, string[], RegExp, number][] = [
    ["run /dev/zero", ["run", "--timeout", "1s", "/dev/zero"], /cannot read kernel '\/dev\/zero': a character device, not a regular file/, 126],
    ["run a FIFO", ["run", "fifo"], /cannot read kernel 'fifo': a FIFO/, 126],
    ["run a module that is /dev/urandom", ["run", "--module", "/dev/urandom", "a.o"], /cannot read module '\/dev\/urandom': a character device/, 126],
    ["nasm /dev/zero", ["nasm", "-fbin", "/dev/zero", "-o", "z.bin"], /cannot read input file '\/dev\/zero': a character device/, 1],
    ["nasm a FIFO", ["nasm", "-fbin", "fifo", "-o", "z.bin"], /cannot read input file 'fifo': a FIFO/, 1],
    ["nasm -P /dev/zero", ["nasm", "-fbin", "-P", "/dev/zero", "ok.asm", "-o", "z.bin"], /cannot read include file '\/dev\/zero': a character device/, 1],
    ["incbin \"/dev/zero\"", ["nasm", "-fbin", "incbin.asm", "-o", "z.bin"], /cannot read incbin file '\/dev\/zero': a character device/, 1],
    ["%include a FIFO", ["nasm", "-fbin", "incfifo.asm", "-o", "z.bin"], /cannot read include file 'fifo': a FIFO/, 1],
    ["ld /dev/zero", ["ld", "-m", "elf_i386", "/dev/zero", "-o", "z.elf"], /cannot find \/dev\/zero: a character device/, 1],
    ["ld -T a FIFO", ["ld", "-m", "elf_i386", "-T", "fifo", "a.o", "-o", "z.elf"], /cannot read linker script file 'fifo': a FIFO/, 1],
    ["ld a directory", ["ld", "-m", "elf_i386", "adir", "-o", "z.elf"], /cannot find adir: is a directory/, 1],
    ["build -T /dev/zero", ["build", "ok.asm", "-T", "/dev/zero", "-o", "z.elf"], /cannot read linker script '\/dev\/zero': a character device/, 1],
    ["verify --rules a FIFO", ["verify", "a.o", "--rules", "rules.json"], /cannot read rules 'rules\.json': a FIFO/, 1],
  ];
  for (const [name, args, message, status] of refusals) {
    it(`${name}: refused with a clear error, within the ceiling`, async () => {
      writeFileSync(join(dir, "ok.asm"), "global _start\n_start: ret\n");
      writeFileSync(join(dir, "incbin.asm"), 'incbin "/dev/zero"\n');
      writeFileSync(join(dir, "incfifo.asm"), '%include "fifo"\n');
      const r = await kernlabBounded(args, { cwd: dir, ms: 20_000 });
      expect(r.killed, `${r.stderr}\npeak ${r.peakRssMiB} MiB`).toBe(null);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.status).toBe(status);
    });
  }

  it("a snapshot file that is a FIFO or /dev/zero: malformed-snapshot, without waiting or reading on", () => {
    for (const p of [join(dir, "snap.json"), "/dev/zero"]) {
      expect(() => readSnapshotFile(p)).toThrow(/cannot read snapshot .*: not a regular file/);
    }
  });

  it("a kernel larger than guest RAM is refused before it is read", async () => {
    const big = join(dir, "big.elf");
    writeFileSync(big, ""); execFileSync("truncate", ["-s", "40M", big]);
    const r = await kernlabBounded(["run", "--memory", "32", "big.elf"], { cwd: dir });
    expect(r.stderr).toMatch(/kernel 'big\.elf' is 41943040 bytes, more than kernlab reads \(33554432 bytes\)/);
    expect(r.status).toBe(126);
    expect(r.killed).toBe(null);
  });
});

describe("output errors are messages, not stack traces (rule 6)", () => {
  let kernel: string;
  beforeAll(() => {
    kernel = join(dir, "lines.elf");
    writeFileSync(kernel, hostileKernel("lines", `_start:\n    mov ecx, 3000\n.l: mov esi, msg\n.c: lodsb\n    test al, al\n    jz .n\n    mov dx, COM1\n    out dx, al\n    jmp .c\n.n: loop .l\n    EXIT 0\nsection .data\nmsg: db "hello from the guest", 10, 0\n`));
  });

  it("kernlab run k.elf | head -1: the reader goes away, kernlab exits quietly (141, as SIGPIPE)", async () => {
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(root, "bin", "kernlab.js"), "run", kernel], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
      child.stdout.once("data", () => child.stdout.destroy());
      child.on("close", (status) => resolve({ status, stderr }));
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(141);
  });

  for (const json of [false, true]) {
    it(`kernlab run ${json ? "--json " : ""}k.elf > /dev/full: one line naming ENOSPC, status 74`, async () => {
      const fd = openSync("/dev/full", "w");
      try {
        const r = await kernlabBounded(["run", ...(json ? ["--json"] : []), kernel], { cwd: dir, stdout: fd });
        expect(r.stderr).toBe("kernlab run: cannot write standard output: no space left on device (ENOSPC)\n");
        expect(r.status).toBe(74);
      } finally {
        closeSync(fd);
      }
    });
  }
});
