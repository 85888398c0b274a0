/**
 * QEMU with a keyboard: run a probe under `qemu-system-i386 -kernel` with its monitor on a Unix socket, wait
 * for a text on COM1 (the probe's "ready"), then type with the monitor's `sendkey`, one key at a time, as a
 * person would after the kernel is up. Not a test file; the keyboard tests use it as their oracle.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BootOutcome } from "./harness";

/** QEMU's sendkey names for the characters the probes type. */
function keyName(ch: string): string {
  if (/^[a-z0-9]$/.test(ch)) return ch;
  const named: Record<string, string> = { " ": "spc", "\n": "ret", "-": "minus", ".": "dot", ",": "comma", "/": "slash" };
  const n = named[ch];
  if (!n) throw new Error(`qemu-keys: no sendkey name for ${JSON.stringify(ch)}`);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Boot `path`, wait for `after` on COM1, type `keys`; resolves when QEMU exits (or after timeoutMs). */
export function runQemuTyping(path: string, keys: string, opts: { after: string; memoryMiB?: number; timeoutMs?: number }): Promise<BootOutcome> {
  const dir = join(tmpdir(), "kernlab-boot-probes");
  mkdirSync(dir, { recursive: true });
  const sock = join(dir, `monitor-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.sock`);
  const args = ["-kernel", path, "-display", "none", "-serial", "stdio", "-no-reboot",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-m", String(opts.memoryMiB ?? 128),
    "-monitor", `unix:${sock},server=on,wait=off`];
  return new Promise((resolve, reject) => {
    const child = spawn("qemu-system-i386", args, { stdio: ["ignore", "pipe", "pipe"] });
    let serial = "";
    let typing = false;
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, opts.timeoutMs ?? 15_000);
    const type = async () => {
      const monitor = createConnection(sock);
      await new Promise<void>((ok, fail) => { monitor.once("connect", () => ok()); monitor.once("error", fail); });
      for (const ch of keys) {
        monitor.write(`sendkey ${keyName(ch)} 10\n`);
        await sleep(40);
      }
      monitor.end();
    };
    child.stdout.on("data", (b: Buffer) => {
      serial += b.toString("latin1");
      if (!typing && serial.includes(opts.after)) {
        typing = true;
        type().catch((e: unknown) => { child.kill("SIGKILL"); reject(e); });
      }
    });
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (status) => {
      clearTimeout(timer);
      rmSync(sock, { force: true });
      if (timedOut) return resolve({ serial, exitCode: null, end: "timeout", debugcon: "" });
      if (status !== null && status % 2 === 1) return resolve({ serial, exitCode: status >> 1, end: "exited", debugcon: "" });
      resolve({ serial, exitCode: null, end: status === 0 ? "reset" : `status ${status}`, debugcon: "" });
    });
  });
}
