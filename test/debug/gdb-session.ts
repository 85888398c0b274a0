/**
 * Real GDB against a real stub, for the gdb-*.test.ts files: build the test kernel (nasm + gcc -m32 -g +
 * kernlab ld), start `kernlab run --gdb 127.0.0.1:0 --wait-gdb` (or QEMU's gdbstub, the oracle) and run
 * `gdb -batch -x script`, optionally sending SIGINT to GDB (Ctrl-C) once its output shows a marker.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../cli/cli";

export const KERNEL_DIR = join(__dirname, "fixtures", "gdb-kernel");

/** boot.asm (nasm) + kernel.c (gcc -m32 -g -O0) linked by kernlab ld; the path of the ELF. */
export function buildGdbKernel(dir: string): string {
  execFileSync("nasm", ["-felf32", "-g", "-F", "dwarf", join(KERNEL_DIR, "boot.asm"), "-o", join(dir, "boot.o")]);
  execFileSync("gcc", ["-m32", "-g", "-O0", "-ffreestanding", "-fno-pie", "-fno-pic", "-fno-stack-protector", "-mgeneral-regs-only",
    "-c", join(KERNEL_DIR, "kernel.c"), "-o", join(dir, "kernel.o")]);
  const elf = join(dir, "kernel.elf");
  execFileSync(process.execPath, [join(root, "bin", "kernlab.js"), "ld", "-m", "elf_i386", "-T", join(KERNEL_DIR, "linker.ld"),
    join(dir, "boot.o"), join(dir, "kernel.o"), "-o", elf]);
  return elf;
}

/** The line number of the kernel.c line marked `LINE:name`. */
export function line(name: string): number {
  const i = readFileSync(join(KERNEL_DIR, "kernel.c"), "utf8").split("\n").findIndex((l) => l.includes(`LINE:${name} `) || l.endsWith(`LINE:${name} */`));
  if (i < 0) throw new Error(`no LINE:${name} in kernel.c`);
  return i + 1;
}

export interface Stub {
  port: number;
  proc: ChildProcess;
  /** Resolves with kernlab's exit status and its stderr. */
  exit: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** `kernlab run --gdb 127.0.0.1:0 --wait-gdb elf …`; resolves once the port is known. */
export function startKernlab(elf: string, extra: string[] = []): Promise<Stub> {
  return serveGdb(["run", "--gdb", "127.0.0.1:0", "--wait-gdb", ...extra, elf]);
}

/** `kernlab ARGS` serving GDB (run --gdb, replay --gdb); resolves once the port it prints is known. */
export function serveGdb(args: string[]): Promise<Stub> {
  const proc = spawn(process.execPath, [join(root, "bin", "kernlab.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "", stdout = "";
  proc.stdout!.on("data", (d: Buffer) => { stdout += d.toString(); });
  const exit = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => proc.on("exit", (status) => resolve({ status, stdout, stderr })));
  return new Promise((resolve, reject) => {
    proc.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /gdb stub on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve({ port: Number(m[1]), proc, exit });
    });
    proc.on("exit", () => reject(new Error(`kernlab ${args.join(" ")} ended before listening: ${stderr}`)));
  });
}

/** QEMU's gdbstub on the same kernel (the oracle): qemu -S -gdb tcp:127.0.0.1:PORT -kernel elf. */
export function startQemu(elf: string, port: number): Stub {
  const proc = spawn("qemu-system-i386", ["-display", "none", "-S", "-gdb", `tcp:127.0.0.1:${port}`, "-kernel", elf,
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"], { stdio: "ignore" });
  const exit = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => proc.on("exit", (status) => resolve({ status, stdout: "", stderr: "" })));
  return { port, proc, exit };
}

/**
 * Runs GDB in batch mode on `commands` (after `set architecture i386`, `file ELF`, `target remote`); the
 * whole transcript. `interruptAfter`: when this text appears in GDB's output, send GDB SIGINT after
 * `delayMs` (Ctrl-C), as a user at the terminal would.
 */
export async function runGdb(dir: string, elf: string, port: number, commands: string[], opts: { interruptAfter?: string; delayMs?: number; retryConnect?: boolean } = {}): Promise<string> {
  const script = join(dir, `session-${port}.gdb`);
  const connect = opts.retryConnect
    ? ["set tcp connect-timeout 10", "set tcp auto-retry on"]
    : [];
  writeFileSync(script, ["set architecture i386", "set pagination off", "set confirm off", "set width 0", `file ${elf}`, ...connect, `target remote 127.0.0.1:${port}`, ...commands, ""].join("\n"));
  // One pipe for both streams (2>&1): read from two pipes, GDB's stdout and stderr lines can swap order on a loaded machine.
  const gdb = spawn("sh", ["-c", 'exec gdb -nx -batch -x "$0" 2>&1', script], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  let sent = false;
  const onData = (d: Buffer) => {
    out += d.toString();
    if (opts.interruptAfter && !sent && out.includes(opts.interruptAfter)) {
      sent = true;
      setTimeout(() => gdb.kill("SIGINT"), opts.delayMs ?? 300);
    }
  };
  gdb.stdout!.on("data", onData);
  const timer = setTimeout(() => gdb.kill("SIGKILL"), 50_000);
  await new Promise((r) => gdb.on("exit", r));
  clearTimeout(timer);
  return out;
}
