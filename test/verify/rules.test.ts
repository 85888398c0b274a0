// Every built-in rule, passing and failing, with the failure message it prints; custom rules; JSON specs.
import { describe, expect, it } from "vitest";
import {
  aligned, allOf, bssZeroAtEntry, checkRules, disjointFrames, fitsBelow, formatRuleResults, heapAbove, heapGrowsUp, inOrder,
  mapped, matchesFile, noOverlap, rule, ruleFromSpec, rulesFromLayout, sized, stackGrowsDown, stackHighWater, startsAt, parseSize,
} from "../../verify/rules";
import { defineLayout } from "../../toolchain/link/layout";
import { seedReport } from "./helpers/synthetic";

const ok = seedReport();
const bent = (f: (r: ReturnType<typeof seedReport>) => void) => { const r = seedReport(); f(r); return r; };
const sec = (r: ReturnType<typeof seedReport>, n: string) => r.sections.find((s) => s.name === n)!;

describe("placement rules", () => {
  it("startsAt", () => {
    expect(startsAt(".text", 0x100000).check(ok)).toMatchObject({ pass: true, message: ".text starts at 0x00100000" });
    const r = startsAt(".text", 0x200000).check(ok);
    expect(r).toMatchObject({ rule: "startsAt(.text, 0x00200000)", pass: false, message: ".text starts at 0x00100000, expected 0x00200000 (-1048576 bytes)" });
    expect(r.evidence).toEqual([".text [0x00100000, 0x00101800)"]);
    expect(startsAt(".nope", 0).check(ok)).toMatchObject({ pass: false, message: "startsAt(.nope, 0x00000000): no region named .nope in the kernel" });
    expect(startsAt("heap", 0x107000).check(ok).pass).toBe(true);
  });

  it("inOrder", () => {
    expect(inOrder(".text", ".rodata", ".data", ".bss", "heap", "stack").check(ok)).toMatchObject({ pass: true, message: ".text < .rodata < .data < .bss < heap < stack in order" });
    expect(inOrder(".text", ".data", ".rodata").check(ok)).toMatchObject({ pass: false, message: ".rodata (0x00102000) comes before .data (0x00103000), expected after it" });
    const overlapping = bent((r) => { sec(r, ".data").size = 0x1800; });
    expect(inOrder(".data", ".bss").check(overlapping)).toMatchObject({ pass: false, message: ".bss starts at 0x00104000, inside .data which ends at 0x00104800" });
  });

  it("aligned", () => {
    expect(aligned(".data", 4096).check(ok)).toMatchObject({ pass: true, message: ".data at 0x00103000 is 4096-byte aligned" });
    const r = bent((x) => { sec(x, ".data").vaddr = 0x103010; sec(x, ".data").paddr = 0x103010; });
    expect(aligned(".data", 4096).check(r)).toMatchObject({ pass: false, message: ".data virtual start 0x00103010 is not 4096-byte aligned (off by 16)" });
    const p = bent((x) => { sec(x, ".data").paddr = 0x103004; });
    expect(aligned(".data", 16).check(p)).toMatchObject({ pass: false, message: ".data physical start 0x00103004 is not 16-byte aligned (off by 4)" });
  });

  it("noOverlap", () => {
    expect(noOverlap().check(ok)).toMatchObject({ pass: true, message: "6 regions, none overlap" });
    const r = bent((x) => { sec(x, ".rodata").size = 0x1100; });
    expect(noOverlap().check(r)).toMatchObject({ pass: false, message: ".rodata [0x00102000, 0x00103100) overlaps .data [0x00103000, 0x00103200)" });
    const phys = bent((x) => { sec(x, ".data").paddr = 0x102080; });
    expect(noOverlap().check(phys).message).toBe(".rodata and .data overlap physically: [0x00102000, 0x00102100) and [0x00102080, 0x00102280)");
  });

  it("fitsBelow", () => {
    expect(fitsBelow(16 << 20).check(ok)).toMatchObject({ pass: true, message: "the kernel ends at 0x0011b000, below 0x01000000" });
    expect(fitsBelow(0x118000).check(ok)).toMatchObject({ pass: false, message: "stack ends at 0x0011b000, 12 KiB above 0x00118000" });
  });

  it("sized", () => {
    expect(sized("heap", 0x10000).check(ok).pass).toBe(true);
    expect(sized("stack", 0x2000).check(ok)).toMatchObject({ pass: false, message: "stack is 16384 bytes, expected 8192" });
  });
});

describe("RAM evidence rules", () => {
  it("bssZeroAtEntry", () => {
    expect(bssZeroAtEntry().check(ok)).toMatchObject({ pass: true, message: ".bss zero at entry" });
    expect(bssZeroAtEntry().check(bent((r) => { sec(r, ".bss").zeroAtEntry = false; }))).toMatchObject({ pass: false, message: ".bss is not zero at entry" });
    expect(bssZeroAtEntry().check(bent((r) => { sec(r, ".bss").zeroAtEntry = null; }))).toMatchObject({ pass: false, message: "no entry snapshot: cannot tell whether .bss was zero at entry" });
  });

  it("matchesFile", () => {
    expect(matchesFile().check(ok)).toMatchObject({ pass: true, message: "3 sections in RAM equal the file" });
    const r = bent((x) => { sec(x, ".data").matchesFile = false; sec(x, ".data").firstMismatch = 0x103008; });
    expect(matchesFile().check(r)).toMatchObject({ pass: false, message: ".data in RAM differs from the file at 0x00103008" });
  });
});

describe("heap and stack rules", () => {
  it("heapAbove", () => {
    expect(heapAbove(".bss").check(ok)).toMatchObject({ pass: true, message: "heap starts at 0x00107000, above .bss (ends 0x00107000)" });
    const r = bent((x) => { x.heap!.start = 0x106000; });
    expect(heapAbove().check(r)).toMatchObject({ pass: false, message: "heap starts at 0x00106000, 4096 bytes below the end of .bss (0x00107000)" });
    expect(heapAbove().check(bent((x) => { x.heap = null; }))).toMatchObject({ pass: false, message: "the kernel has no heap (no __heap_start/__heap_end symbols)" });
  });

  it("heapGrowsUp", () => {
    expect(heapGrowsUp().check(ok)).toMatchObject({ pass: true, message: "heap grew up by 4 KiB to 0x00108000" });
    expect(heapGrowsUp().check(bent((x) => { x.heap!.top = 0x106000; }))).toMatchObject({ pass: false, message: "heap break 0x00106000 is outside the heap [0x00107000, 0x00117000)" });
    expect(heapGrowsUp().check(bent((x) => { x.heap!.topAtEntry = 0x109000; }))).toMatchObject({ pass: false, message: "heap break moved down from 0x00109000 to 0x00108000" });
    expect(heapGrowsUp().check(bent((x) => { x.heap!.top = null; })).message).toMatch(/^the heap's break is unknown/);
    expect(heapGrowsUp().check(bent((x) => { x.heap!.top = 0x107000; })).message).toBe("no growth to judge: the heap break is still at 0x00107000");
    // A C kernel's break is NULL until the first kmalloc: growth is measured from __heap_start.
    expect(heapGrowsUp().check(bent((x) => { x.heap!.topAtEntry = 0; })).message).toBe("heap grew up by 4 KiB to 0x00108000");
  });

  it("stackGrowsDown (painting)", () => {
    expect(stackGrowsDown().check(ok)).toMatchObject({ pass: true, message: "stack grew down from 0x0011b000 to 0x0011ae00" });
    const up = bent((x) => { x.stack!.painted = { start: 0x117000, end: 0x11b000, lowestTouched: 0x117000, highestTouched: 0x117200 }; });
    expect(stackGrowsDown().check(up)).toMatchObject({ pass: false, message: "the stack reached its painted bottom 0x00117000: overflow, or it grows up" });
    const mid = bent((x) => { x.stack!.painted = { start: 0x117000, end: 0x11b000, lowestTouched: 0x118000, highestTouched: 0x119000 }; });
    expect(stackGrowsDown().check(mid).message).toBe("the touched part ends 8192 bytes below the top 0x0011b000: the stack does not grow down from its top");
  });

  it("stackGrowsDown (ESP only)", () => {
    const noPaint = bent((x) => { x.stack!.painted = null; x.stack!.highWater = null; });
    expect(stackGrowsDown().check(noPaint)).toMatchObject({ pass: true, message: "ESP 0x0011aff0 lies 16 bytes below the top 0x0011b000" });
    const outside = bent((x) => { x.stack!.painted = null; x.stack!.esp = 0x200000; });
    expect(stackGrowsDown().check(outside).message).toBe("ESP 0x00200000 is outside the stack [0x00117000, 0x0011b000)");
  });

  it("stackHighWater", () => {
    expect(stackHighWater({ atMost: 8192 }).check(ok)).toMatchObject({ pass: true, message: "stack high-water 512 B ≤ 8 KiB" });
    const r = stackHighWater({ atMost: 256 }).check(ok);
    expect(r).toMatchObject({ rule: "stackHighWater(atMost 256 B)", pass: false, message: "stack high-water 512 B exceeds 256 B by 256 B" });
    expect(stackHighWater({ atMost: 1 }).check(bent((x) => { x.stack!.highWater = null; })).message).toMatch(/^no stack high-water mark/);
  });
});

describe("paging rules", () => {
  it("mapped", () => {
    expect(mapped({ from: 0x100000, to: 0x11b000, flags: "ws", identity: true }).check(ok).pass).toBe(true);
    expect(mapped({ from: 0x40000000, to: 0x40001000, flags: "wu", paddr: 0x200000 }).check(ok).pass).toBe(true);
    expect(mapped({ from: 0x40000000, to: 0x40002000 }).check(ok)).toMatchObject({ pass: false, message: "0x40001000 is not mapped in CR3 0x00104000",
      evidence: ["below: 0x40000000-0x40000fff -> 0x00200000 WU", "nothing mapped above"] });
    expect(mapped({ from: 0x100000, to: 0x101000, flags: "u" }).check(ok).message).toBe("0x00100000 is mapped supervisor-only in CR3 0x00104000");
    expect(mapped({ from: 0x40000000, to: 0x40001000, flags: "s" }).check(ok).message).toBe("0x40000000 is mapped user-accessible in CR3 0x00104000");
    expect(mapped({ from: 0x40000000, to: 0x40001000, paddr: 0x300000 }).check(ok).message).toBe("0x40000000 maps to physical 0x00200000, expected 0x00300000");
    expect(mapped({ from: 0, to: 0x1000, cr3: 0x999000 }).check(ok).message).toBe("address space CR3 0x00999000 was not walked (add it to cr3s)");
  });

  it("disjointFrames", () => {
    expect(disjointFrames().check(ok)).toMatchObject({ pass: true });
    const shared = bent((x) => { x.physical.push({ start: 0x105800, end: 0x106800, owner: "user pages (CR3 0x00300000)", kind: "process" }); });
    expect(disjointFrames().check(shared).message).toBe(".bss and user pages (CR3 0x00300000) share frames [0x00105800, 0x00106800)");
    expect(disjointFrames("user pages", "stack").check(ok).pass).toBe(true);
    const two = bent((x) => { x.physical.push({ start: 0x200800, end: 0x201800, owner: "user pages (CR3 0x00300000)", kind: "process" }); });
    expect(disjointFrames("user pages").check(two).message).toBe("user pages (CR3 0x00104000) and user pages (CR3 0x00300000) share frames [0x00200800, 0x00201000)");
  });
});

describe("composition", () => {
  it("custom rules: boolean, string, object and throw", () => {
    expect(rule("small text", (r) => r.sections[0]!.size < 0x2000).check(ok)).toMatchObject({ pass: true, message: "small text holds" });
    expect(rule("tiny text", (r) => r.sections[0]!.size < 0x100).check(ok)).toMatchObject({ pass: false, message: "tiny text does not hold" });
    expect(rule("kmain early", (r) => (r.symbols.kmain! < 0x100010 ? true : `kmain is at offset ${r.symbols.kmain! - 0x100000}`)).check(ok))
      .toMatchObject({ pass: false, message: "kmain is at offset 32" });
    expect(rule("obj", () => ({ pass: false, message: "nope", evidence: ["e"] })).check(ok)).toMatchObject({ pass: false, message: "nope", evidence: ["e"] });
    expect(rule("boom", () => { throw new Error("bad"); }).check(ok)).toMatchObject({ pass: false, message: "boom threw: bad" });
  });

  it("allOf names the first failing rule; checkRules and formatRuleResults", () => {
    const all = allOf("seed layout", startsAt(".text", 0x100000), aligned(".data", 0x10000), noOverlap());
    const r = all.check(ok);
    expect(r.pass).toBe(false);
    expect(r.message).toBe("aligned(.data, 65536): .data virtual start 0x00103000 is not 65536-byte aligned (off by 12288)");
    const { pass, results } = checkRules(ok, [startsAt(".text", 0x100000), stackHighWater({ atMost: 100 })]);
    expect(pass).toBe(false);
    expect(formatRuleResults(results)).toBe(
      "✓ startsAt(.text, 0x00100000): .text starts at 0x00100000\n" +
      "✗ stackHighWater(atMost 100 B): stack high-water 512 B exceeds 100 B by 412 B\n" +
      "    deepest use 512 bytes below 0x0011b000\n");
  });

  it("every built-in rule round-trips through its JSON spec", () => {
    const rules = [startsAt(".text", 0x100000), inOrder(".text", ".data"), aligned(".data", 4096), noOverlap(), fitsBelow(16 << 20),
      bssZeroAtEntry(), heapAbove(".bss"), heapGrowsUp(), stackGrowsDown(), stackHighWater({ atMost: 8192 }), sized("heap", 0x10000),
      mapped({ from: 0x100000, to: 0x101000, flags: "w", identity: true }), disjointFrames("user pages", "stack"), matchesFile(".text"),
      allOf("x", startsAt(".text", 0x100000), noOverlap())];
    for (const r of rules) {
      const again = ruleFromSpec(JSON.parse(JSON.stringify(r.spec)));
      expect(again.name).toBe(r.name);
      expect(again.check(ok)).toEqual(r.check(ok));
    }
    expect(() => ruleFromSpec({ rule: "nope", args: [] })).toThrow("unknown rule 'nope'");
    expect(ruleFromSpec({ rule: "stackHighWater", args: [{ atMost: "8 KiB" }] }).name).toBe("stackHighWater(atMost 8 KiB)");
    expect(parseSize("0x1000")).toBe(4096);
    expect(parseSize("1.5 MiB")).toBe(0x180000);
    expect(() => parseSize("lots")).toThrow(/expected a number/);
  });

  it("rulesFromLayout derives the layout's promises", () => {
    const layout = defineLayout({ base: 0x100000, sections: [
      { name: ".text", input: ["*(.text)"], align: 4096 }, { name: ".rodata", input: ["*(.rodata)"], align: 4096 },
      { name: ".data", input: ["*(.data)"], align: 4096 }, { name: ".bss", input: ["*(.bss)"], align: 4096 }],
      heap: { size: 0x10000, align: 4096 }, stack: { size: 0x4000, align: 16 } });
    const rules = rulesFromLayout(layout);
    expect(rules.map((r) => r.name)).toEqual([
      "startsAt(.text, 0x00100000)", "aligned(.text, 4096)", "aligned(.rodata, 4096)", "aligned(.data, 4096)", "aligned(.bss, 4096)",
      "inOrder(.text, .rodata, .data, .bss, heap, stack)", "noOverlap()", "aligned(heap, 4096)", "sized(heap, 65536)",
      "aligned(stack, 16)", "sized(stack, 16384)"]);
    expect(checkRules(ok, rules).pass).toBe(true);
    const moved = bent((x) => { x.stack!.top = 0x11c000; });
    expect(checkRules(moved, rules).results.filter((r) => !r.pass).map((r) => r.message)).toEqual(["stack is 20480 bytes, expected 16384"]);
  });
});
