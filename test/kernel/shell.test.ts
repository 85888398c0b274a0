// The serial shell of an interactive boot (multiboot command line "shell"): typed commands allocate from
// the kernel heap (addresses checked against the heap in RAM), free, recurse the stack (ESP falls with
// depth), spawn a process and exit. The proof run never waits for input; this boot does.
import { describe, expect, it } from "vitest";
import { bootSample } from "../../kernel/run";
import { readProbe } from "../../kernel/probe";
import { build, machine } from "./helpers";

describe("the serial shell", () => {
  it("runs help, alloc, free, recurse, spawn and exit typed on COM1", async () => {
    const elf = build();
    const input = "help\nalloc 100\nalloc 200\nfree\nrecurse 3\nbogus\nrecurse 100000\nspawn\ncollide\nlayout\nexit\n";
    const run = await bootSample(elf, { machine: await machine(), cmdline: "shell", serialInput: input, timeoutMs: 20_000 });
    expect(run.verdict).toEqual({ kind: "exited", code: 0 });
    const out = run.serial;
    expect(out).toContain("kernlab shell: type 'help'");
    expect(out).toMatch(/alloc N +N bytes from the kernel heap/);
    const allocs = [...out.matchAll(/kmalloc -> 0x([0-9a-f]{8}) \(heap top now 0x([0-9a-f]{8})\)/g)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2]!, 16)]);
    expect(allocs).toHaveLength(2);
    const heapStart = run.symbols.get("__heap_start")!, heapEnd = run.symbols.get("__heap_end")!;
    const final = run.checkpoints.final!;
    const topAtFinal = readProbe(final.memory, run.symbols.get("kernlab_probe")!)!.heap_top;
    expect(allocs[0]![0]).toBeGreaterThanOrEqual(topAtFinal); // the shell runs after the final checkpoint
    expect(allocs[1]![0]).toBeGreaterThan(allocs[0]![0]!);
    for (const [a, top] of allocs) expect(a! >= heapStart && top! <= heapEnd).toBe(true);
    expect(out).toMatch(new RegExp(`kfree 0x${allocs[1]![0]!.toString(16).padStart(8, "0")} \\(heap top now 0x${allocs[0]![1]!.toString(16).padStart(8, "0")}\\)`));
    const esp = [...out.matchAll(/depth (\d+): esp 0x([0-9a-f]{8})\n/g)].map((m) => parseInt(m[2]!, 16)).slice(0, 3);
    expect(esp[0]).toBeGreaterThan(esp[1]!);
    expect(esp[1]).toBeGreaterThan(esp[2]!);
    expect(out).toContain("unknown command 'bogus'");
    // The kernel-stack guard: a deep recursion stops above the guard page instead of overflowing into it.
    const guard = /depth (\d+): esp 0x([0-9a-f]{8}) is near the kernel-stack guard page; stopping/.exec(out);
    expect(guard).not.toBeNull();
    const guardEsp = parseInt(guard![2]!, 16), bottom = run.symbols.get("__stack_bottom")!;
    expect(guardEsp).toBeGreaterThan(bottom + 0x1000);
    expect(guardEsp).toBeLessThan(bottom + 0x1000 + 0x400);
    expect(out).toMatch(/proc: pid 4 \(worker\) created[\s\S]*proc: pid 4 \(worker\) exited with code 0/);
    expect(out).toMatch(/proc: pid 5 \(collider\) killed: heap\/stack collision \(break 0x[0-9a-f]{8} would reach the stack at 0xbffff000\)/);
    const layouts = [...out.matchAll(/layout: \.text  0x00100000-0x[0-9a-f]{8}/g)];
    expect(layouts).toHaveLength(2); // at boot, and typed
  });
});
