/**
 * The differential boot harness: build a probe kernel (test/boot/probes/*.asm with nasm + ld, or C with
 * gcc -m32), run it under `qemu-system-i386 -kernel` (the oracle) and under kernlab, and hand back what each
 * printed on COM1 and how it ended, so a test can compare them byte for byte. Not a test file.
 *
 * Shared by every test/boot/*.test.ts (loader, paging, keyboard, fault probes); keep its surface stable:
 *   buildProbe(name | { asm, c, script })  → { path, bytes }       (cached on disk by content)
 *   runQemu(path, opts)                     → BootOutcome           (serial, exitCode, how it ended)
 *   runKernlab(bytes, opts)                 → BootOutcome & { result }
 *   bootBoth(probe, opts)                   → { qemu, kernlab }
 *   canRunProbes()                          → nasm, ld and qemu present (KERNLAB_REQUIRE_ORACLES=1: required)
 *
 * QEMU runs with its default devices (a VGA card included, as a user's `qemu-system-i386 -kernel k` has:
 * where the option ROMs land, and so the loader's GDT address, depends on it), `-display none`, COM1 to a file
 * (`-serial stdio` only when `stdin` is given: QEMU drops serial bytes when a pipe write would block),
 * the isa-debug-exit device on port 0xF4, `-no-reboot` (a triple fault ends qemu instead of rebooting) and a
 * wall-time limit. The kernel file name is part of the command line QEMU passes (`"<path> <cmdline>"`), so the
 * same path is given to kernlab as BootOptions.kernelName.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMachine, type BootOptions, type Machine, type RunResult } from "../../emulator/index";
import { oracle } from "../helpers/oracles";

export const PROBES = fileURLToPath(new URL("./probes/", import.meta.url));
const CACHE = join(tmpdir(), "kernlab-boot-probes");

/** True when probes can be built and run under QEMU (describe.skipIf(!canRunProbes())). */
export function canRunProbes(opts: { c?: boolean } = {}): boolean {
  return oracle("nasm") && oracle("ld") && oracle("qemu") && (!opts.c || oracle("gcc-m32"));
}

export interface Probe {
  /** The linked kernel on disk (give this path to QEMU and as kernelName to kernlab). */
  path: string;
  bytes: Uint8Array;
}

export interface ProbeSpec {
  /** NASM sources in test/boot/probes/ (without .asm); assembled with -felf32 -i probes/. */
  asm: string[];
  /** C sources in test/boot/probes/ (without .c); gcc -m32 -ffreestanding -O1 -fno-pic. */
  c?: string[];
  /** Linker script in probes/ (default probe.ld); "flat": the single asm source is assembled with nasm -fbin. */
  script?: string;
}

const GCC_FLAGS = ["-m32", "-ffreestanding", "-fno-pic", "-fno-pie", "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
  "-nostdlib", "-O1", "-Wall", "-c"];

/** Run a build tool quietly; its diagnostics become the error when it fails. */
function tool(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: "pipe" });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${err.stderr?.toString() ?? err.message}`);
  }
}

/** Build a probe kernel (a name is short for { asm: [name] }); cached by the content of its sources. */
export function buildProbe(spec: string | ProbeSpec): Probe {
  const s: ProbeSpec = typeof spec === "string" ? { asm: [spec] } : spec;
  const script = s.script ?? "probe.ld";
  // Every include file counts (probes may %include more than probe.inc).
  const includes = readdirSync(PROBES).filter((f) => f.endsWith(".inc")).sort();
  const files = [...s.asm.map((n) => `${n}.asm`), ...(s.c ?? []).map((n) => `${n}.c`), ...includes, ...(script === "flat" ? [] : [script])];
  const hash = createHash("sha256");
  for (const f of files) hash.update(f).update("\0").update(readFileSync(join(PROBES, f)));
  const id = hash.digest("hex").slice(0, 16);
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, `${[...s.asm, ...(s.c ?? [])].join("+")}-${id}.elf`);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.${Date.now()}`;
    const objects: string[] = [];
    try {
      if (script === "flat") {
        tool("nasm", ["-fbin", "-i", PROBES, join(PROBES, `${s.asm[0]}.asm`), "-o", tmp]);
      } else {
        for (const n of s.asm) {
          const o = `${tmp}.${n}.asm.o`;
          tool("nasm", ["-felf32", "-i", PROBES, join(PROBES, `${n}.asm`), "-o", o]);
          objects.push(o);
        }
        for (const n of s.c ?? []) {
          const o = `${tmp}.${n}.c.o`;
          tool("gcc", [...GCC_FLAGS, "-I", PROBES, join(PROBES, `${n}.c`), "-o", o]);
          objects.push(o);
        }
        tool("ld", ["-m", "elf_i386", "-T", join(PROBES, script), ...objects, "-o", tmp, "--no-warn-rwx-segments", "-z", "noexecstack"]);
      }
      renameSync(tmp, out);
    } finally {
      for (const o of objects) rmSync(o, { force: true });
      rmSync(tmp, { force: true });
    }
  }
  return { path: out, bytes: new Uint8Array(readFileSync(out)) };
}

/** How a run ended, in terms both sides share. */
export interface BootOutcome {
  /** COM1 output, latin1. */
  serial: string;
  /** The byte the guest wrote to port 0xF4, or null (no exit: timeout, triple fault, halt). */
  exitCode: number | null;
  /** "exited" | "timeout" | "reset" (QEMU -no-reboot: triple fault or reset) | kernlab's verdict kind. */
  end: string;
  /** Port 0xE9 output (QEMU -debugcon, kernlab BootOptions.debugcon), latin1; "" when not captured. */
  debugcon: string;
}

export interface QemuOptions {
  memoryMiB?: number;
  /** Wall-time limit (default 10 s); the outcome is then "timeout". */
  timeoutMs?: number;
  /** -append. */
  cmdline?: string;
  /** -initrd "path args,path2": each module's path and optional arguments. */
  modules?: { path: string; args?: string }[];
  /** Capture port 0xE9 (-debugcon file:...). */
  debugcon?: boolean;
  /** Bytes written to QEMU's stdin (COM1 input). */
  stdin?: string;
  /** More QEMU arguments (e.g. ["-cpu", "pentium"]). */
  args?: string[];
}

/** Run a kernel under `qemu-system-i386 -kernel`. */
export function runQemu(path: string, opts: QemuOptions = {}): Promise<BootOutcome> {
  // COM1 goes to a file unless the run needs input: QEMU's serial device drops bytes when a write to a
  // pipe would block (it retries a few times, then gives up), which a loaded machine provokes.
  mkdirSync(CACHE, { recursive: true });
  const serialFile = opts.stdin === undefined ? join(CACHE, `serial-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`) : null;
  const args = ["-kernel", path, "-display", "none", "-serial", serialFile ? `file:${serialFile}` : "stdio", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-m", String(opts.memoryMiB ?? 128)];
  if (opts.cmdline !== undefined) args.push("-append", opts.cmdline);
  if (opts.modules && opts.modules.length > 0) {
    args.push("-initrd", opts.modules.map((m) => (m.args !== undefined ? `${m.path} ${m.args}` : m.path)).join(","));
  }
  let debugFile: string | null = null;
  if (opts.debugcon) {
    debugFile = join(CACHE, `debugcon-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
    mkdirSync(CACHE, { recursive: true });
    args.push("-debugcon", `file:${debugFile}`);
  }
  args.push(...(opts.args ?? []));
  return new Promise((resolve, reject) => {
    const child = spawn("qemu-system-i386", args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [], err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, opts.timeoutMs ?? 10_000);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (status) => {
      clearTimeout(timer);
      let debugcon = "";
      if (debugFile) {
        try { debugcon = readFileSync(debugFile).toString("latin1"); } catch { /* no output */ }
        rmSync(debugFile, { force: true });
      }
      let serial = Buffer.concat(out).toString("latin1");
      if (serialFile) {
        try { serial = readFileSync(serialFile).toString("latin1"); } catch { serial = ""; }
        rmSync(serialFile, { force: true });
      }
      if (timedOut) return resolve({ serial, exitCode: null, end: "timeout", debugcon });
      // isa-debug-exit: status (code << 1) | 1; status 0: QEMU quit on its own (-no-reboot after a reset).
      if (status !== null && status % 2 === 1) return resolve({ serial, exitCode: status >> 1, end: "exited", debugcon });
      if (status === 0) return resolve({ serial, exitCode: null, end: "reset", debugcon });
      reject(new Error(`qemu-system-i386 failed (status ${status}): ${Buffer.concat(err).toString()}`));
    });
    if (opts.stdin !== undefined) child.stdin.write(opts.stdin);
    child.stdin.end();
  });
}

export interface KernlabOptions {
  memoryMiB?: number;
  /** Instruction or wall-time limit (default 5 s wall time). */
  timeout?: BootOptions["timeout"];
  /** Everything else kernlab's boot accepts (loader, cmdline, modules, kernelName, debugcon, ...). */
  boot?: BootOptions;
}

/** Machines kept per RAM size for the whole test file: later boots are warm resets. */
const machines = new Map<number, Promise<Machine>>();

/** The shared machine of this size (created once per test file's worker). */
export function machineFor(memoryMiB: number): Promise<Machine> {
  let m = machines.get(memoryMiB);
  if (!m) { m = createMachine({ memoryMiB }); machines.set(memoryMiB, m); }
  return m;
}

/** Destroy the shared machines (call from afterAll). */
export async function destroyMachines(): Promise<void> {
  for (const m of machines.values()) (await m).destroy();
  machines.clear();
}

/** Run a kernel under kernlab on a shared machine. */
export async function runKernlab(kernel: Uint8Array, opts: KernlabOptions = {}): Promise<BootOutcome & { result: RunResult }> {
  const m = await machineFor(opts.memoryMiB ?? 128);
  const run = m.boot(kernel, { timeout: opts.timeout ?? { ms: 5000 }, ...opts.boot });
  // The raw bytes, decoded as latin1 like QEMU's side (RunResult.serial is UTF-8 decoded).
  const serial: Buffer[] = [], debugcon: Buffer[] = [];
  run.on("serial", (b) => serial.push(Buffer.from(b)));
  run.on("debugcon", (b) => debugcon.push(Buffer.from(b)));
  const result = await run.result;
  const v = result.verdict;
  return {
    serial: Buffer.concat(serial).toString("latin1"),
    exitCode: v.kind === "exited" ? v.code : null,
    end: v.kind === "triple-fault" ? "reset" : v.kind,
    debugcon: Buffer.concat(debugcon).toString("latin1"),
    result,
  };
}

export interface BothOptions {
  memoryMiB?: number;
  cmdline?: string;
  modules?: { path: string; args?: string }[];
  qemu?: Omit<QemuOptions, "memoryMiB" | "cmdline" | "modules">;
  kernlab?: KernlabOptions["boot"];
  timeout?: KernlabOptions["timeout"];
}

/**
 * The same probe under QEMU and kernlab, with the same RAM, command line and modules (kernlab gets the
 * probe's path as kernelName and each module as QEMU names it: "path args").
 */
export async function bootBoth(probe: Probe, opts: BothOptions = {}): Promise<{ qemu: BootOutcome; kernlab: BootOutcome & { result: RunResult } }> {
  const memoryMiB = opts.memoryMiB ?? 128;
  const modules = (opts.modules ?? []).map((m) => ({
    data: new Uint8Array(readFileSync(m.path)),
    cmdline: m.args !== undefined ? `${m.path} ${m.args}` : m.path,
  }));
  const qemu = await runQemu(probe.path, { memoryMiB, cmdline: opts.cmdline, modules: opts.modules, ...opts.qemu });
  const boot: BootOptions = { kernelName: probe.path, modules, ...(opts.cmdline !== undefined ? { cmdline: opts.cmdline } : {}), ...opts.kernlab };
  const kernlab = await runKernlab(probe.bytes, { memoryMiB, timeout: opts.timeout, boot });
  return { qemu, kernlab };
}
