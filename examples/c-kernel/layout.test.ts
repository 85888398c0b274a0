// The C kernel's layout, under test by kernlab: boot it in v86, read the real layout from guest RAM, and
// fail when it changes in a way nobody intended. kernlab is a dev dependency of such a project; inside the
// kernlab checkout the same imports resolve to the package itself (Node's package self-reference).
// Build first: `make` (gcc -m32, nasm, GNU ld), then `make test`.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bssZeroAtEntry, exitsWith, heapAbove, heapGrowsUp, inOrder, matchesFile, noOverlap, runAndReport, stackGrowsDown,
  stackHighWater, startsAt,
} from "kernlab/verify";
import "kernlab/verify/matchers";

const KERNEL = process.env.KERNEL ?? new URL("./build/kernel.elf", import.meta.url).pathname;

describe("c-kernel layout", () => {
  it("boots, and its layout keeps every promise", async () => {
    const { report } = await runAndReport(new Uint8Array(readFileSync(KERNEL)), {
      fileName: "kernel.elf", heap: { topSymbol: "heap_top" }, symbols: ["kernel_main"],
    });
    expect(report).toSatisfyLayoutRules([
      startsAt(".text", 0x100000),
      inOrder(".text", ".rodata", ".data", ".bss", "heap"),
      noOverlap(),
      bssZeroAtEntry(),
      matchesFile(".text", ".rodata", ".data"),
      heapAbove(".bss"),
      heapGrowsUp(),
      stackGrowsDown(),
      stackHighWater({ atMost: 4096 }),
      exitsWith(0),
    ]);
    // Frozen facts: addresses exact; code size and stack depth may drift (tolerances live in the file).
    expect(report).toMatchLayoutSnapshot(new URL("./layout.snapshot.json", import.meta.url).pathname);
  });
});
