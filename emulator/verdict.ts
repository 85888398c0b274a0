/**
 * Verdicts for people: one line per verdict with its evidence (for stderr and reports), and the CLI's exit
 * status for each kind. This file does not decide verdicts; machine.ts does.
 */
import { hex } from "../core/hex";
import type { Verdict } from "./index";

/** One line naming the verdict with its evidence, e.g. `timeout after 20000000 instructions at eip 0x00100012`. */
export function describeVerdict(v: Verdict): string {
  switch (v.kind) {
    case "exited":
      return `exited with code ${v.code}`;
    case "timeout": {
      const tail = lastLine(v.serialTail);
      return `timeout after ${v.limit} at eip ${hex(v.eip)}` + (tail ? `; last serial line: ${JSON.stringify(tail)}` : "; no serial output");
    }
    case "triple-fault": {
      // With the chain (exec-control saw the exceptions): what the CPU raised, as QEMU's -d int names it.
      if (v.chain && v.chain.length > 0) {
        const first = v.chain[0]!;
        const steps = v.chain.map((e) => {
          const facts = [...(e.errorCode !== null && e.errorCode !== 0 ? [`error ${hex(e.errorCode, 4)}`] : []), ...(e.cr2 !== null ? [`cr2 ${hex(e.cr2)}`] : [])];
          return e.name + (facts.length ? ` (${facts.join(", ")})` : "");
        });
        return `triple fault at eip ${hex(first.eip)}: ${steps.join(" -> ")} -> triple fault`;
      }
      return `triple fault at eip ${hex(v.eip)}` + (v.detail ? ` (${v.detail})` : "");
    }
    case "halted":
      return `halted at eip ${hex(v.eip)} with interrupts disabled (cli; hlt): nothing can wake it`;
    case "no-multiboot-header":
      return `cannot load: no multiboot header: ${v.reason}`;
    case "not-a-kernel":
      return `cannot load: ${v.reason}`;
    case "kernel-too-large":
      return `cannot load: kernel too large: segment ${v.segment} ends at ${hex(v.end)}, beyond guest RAM of ${hex(v.memoryBytes)} bytes`;
    case "expect-timeout": {
      const tail = lastLine(v.serialTail);
      return `expected text never appeared: ${JSON.stringify(v.text)} (waited ${(v.waitedMs / 1000).toFixed(1)} s, eip ${hex(v.eip)})` + (tail ? `; last serial line: ${JSON.stringify(tail)}` : "; no serial output");
    }
    case "stopped":
      return "stopped by the host";
  }
}

function lastLine(s: string): string {
  const lines = s.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.length > 0);
  const last = lines[lines.length - 1] ?? "";
  return last.length > 120 ? last.slice(0, 117) + "..." : last;
}

/**
 * `kernlab run` exit status per verdict: the guest's own code for exited; 124 timeout (also an expected text
 * that never appeared), 125 triple fault,
 * 126 cannot load (no multiboot header, kernel too large, unreadable file), 127 halted, 130 stopped.
 */
export function exitStatusOf(v: Verdict): number {
  switch (v.kind) {
    case "exited": return v.code & 0xff;
    case "timeout":
    case "expect-timeout": return 124;
    case "triple-fault": return 125;
    case "no-multiboot-header":
    case "not-a-kernel":
    case "kernel-too-large": return 126;
    case "halted": return 127;
    case "stopped": return 130;
  }
}
