// The "grub" loader personality against GRUB 2.06's documented behaviour (no GRUB runs here: the values come
// from GRUB's multiboot loader as the README lists them). The loader-info probe prints the machine state and
// the info block; the ELF probe finds its own symbol table through the section headers GRUB passes (flag
// bit 5), checked against nm and readelf, the oracles.
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { buildProbe, canRunProbes, destroyMachines, runKernlab } from "./harness";

/** "KEY=XXXXXXXX" lines of a probe's output. */
function values(serial: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of serial.matchAll(/^([\w.]+)=([0-9A-F]{8})$/gm)) out[m[1]!] = parseInt(m[2]!, 16);
  return out;
}
/** The dwords after a "NAME:" line, up to the next line without a leading space. */
function dwords(serial: string, name: string): number[] {
  const lines = serial.split("\n");
  const out: number[] = [];
  for (let i = lines.indexOf(`${name}:`) + 1; i > 0 && i < lines.length && lines[i]!.startsWith(" "); i++) {
    out.push(...lines[i]!.trim().split(/\s+/).map((h) => parseInt(h, 16)));
  }
  return out;
}

describe.skipIf(!canRunProbes({ c: true }))("loader personality grub = GRUB 2.06 multiboot", () => {
  afterAll(destroyMachines);

  it("registers, GDT and multiboot_info as GRUB's multiboot loader leaves them", async () => {
    const mod = new Uint8Array(20).fill(0x4d);
    const r = await runKernlab(buildProbe("loader-info").bytes, {
      memoryMiB: 64, boot: { loader: "grub", cmdline: "root=/dev/sda1", modules: [{ data: mod, cmdline: "initrd.img" }] },
    });
    expect(r.exitCode).toBe(0x11);
    const v = values(r.serial);
    expect(v).toMatchObject({
      EAX: 0x2badb002, EBX: 0x10000, ECX: 0, EDX: 0, ESI: 0, EDI: 0, EBP: 0, ESP: 0x7ff00,
      CS: 0x10, DS: 0x18, ES: 0x18, FS: 0x18, GS: 0x18, SS: 0x18, EFLAGS: 0x46, CR0: 0x11, "GDTR.limit": 0x1f,
    });
    expect(dwords(r.serial, "GDT")).toEqual([0, 0, 0, 0, 0x0000ffff, 0x00cf9a00, 0x0000ffff, 0x00cf9200]);
    const mbi = dwords(r.serial, "MBI");
    // memory, cmdline, mods, ELF section headers, mmap, loader name, VBE, framebuffer; no boot device
    expect(mbi[0]).toBe((1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 9) | (1 << 11) | (1 << 12));
    expect(mbi.slice(1, 3)).toEqual([639, (64 << 10) - 1024 - 128]);
    expect(mbi[5]).toBe(1); // mods_count
    expect(mbi[11]).toBe(6 * 24); // mmap_length: the same e820 map as under QEMU
    expect(mbi.slice(22, 27)).toEqual([0xb8000, 0, 160, 80, 25]); // EGA text framebuffer
    expect(mbi[27]! & 0xffff).toBe(0x0210); // bpp 16, type 2
    expect(r.serial).toContain('CMDLINE="root=/dev/sda1"\nLOADER="GRUB 2.06"\n');
    const modList = dwords(r.serial, "MOD");
    expect(modList[0]! % 4096).toBe(0); // page-aligned after the kernel
    expect(modList[1]! - modList[0]!).toBe(20);
    expect(r.serial).toContain('"initrd.img"\n 4D4D4D4D');
    expect(dwords(r.serial, "MMAP")).toEqual([
      20, 0, 0, 0x9fc00, 0, 1, 20, 0x9fc00, 0, 0x400, 0, 2, 20, 0xf0000, 0, 0x10000, 0, 2,
      20, 0x100000, 0, (64 << 20) - 0x120000, 0, 1, 20, (64 << 20) - 0x20000, 0, 0x20000, 0, 2, 20, 0xfffc0000, 0, 0x40000, 0, 2,
    ]);
  });

  it("ELF section headers (flag bit 5) lead the kernel to its own .symtab and .strtab", async () => {
    const probe = buildProbe({ asm: ["loader-stackless-stub"], c: ["loader-elfsyms"] });
    const r = await runKernlab(probe.bytes, { memoryMiB: 16, boot: { loader: "grub" } });
    expect(r.exitCode).toBe(0x32);
    const nm = execFileSync("nm", [probe.path]).toString();
    const kmain = parseInt(/^([0-9a-f]{8}) T kmain$/m.exec(nm)![1]!, 16);
    expect(values(r.serial).kmain).toBe(kmain);
    // Every section readelf lists, in order, with its size; non-allocated ones got an address from the loader.
    const readelf = execFileSync("readelf", ["-SW", probe.path]).toString();
    const expected = [...readelf.matchAll(/^\s+\[\s*\d+\]\s+(\S*)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)/gm)]
      .map((m) => `section ${m[1] === "NULL" ? "" : m[1]} ${m[2]!.toUpperCase().padStart(8, "0")}`);
    const got = r.serial.split("\n").filter((l) => l.startsWith("section ")).map((l) => l.slice(0, -1));
    expect(got).toEqual(expected);
    expect(r.serial.split("\n").filter((l) => l.startsWith("section ."))).toSatisfy((ls: string[]) => ls.every((l) => l.endsWith("+")));
  });

  it("under the qemu personality the same kernel gets no section headers, as from QEMU", async () => {
    const probe = buildProbe({ asm: ["loader-stackless-stub"], c: ["loader-elfsyms"] });
    const r = await runKernlab(probe.bytes, { memoryMiB: 16 });
    expect(r.exitCode).toBe(0x33);
    expect(r.serial).toContain("no section headers");
  });

  it("GRUB refuses header flags bits 3-15; QEMU boots such a kernel", async () => {
    const k = buildProbe("loader-info").bytes.slice();
    const at = Buffer.from(k).indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]));
    const dv = new DataView(k.buffer);
    dv.setUint32(at + 4, 0x3 | 0x8, true);
    dv.setUint32(at + 8, -(0x1badb002 + 0xb) >>> 0, true);
    const grub = await runKernlab(k, { memoryMiB: 16, boot: { loader: "grub" } });
    expect(grub.result.verdict).toMatchObject({ kind: "no-multiboot-header", reason: expect.stringMatching(/unsupported features/) });
    const qemu = await runKernlab(k, { memoryMiB: 16 });
    expect(qemu.exitCode).toBe(0x11);
  });
});

describe.skipIf(!canRunProbes())("grub personality: a kernel where GRUB would put its information", () => {
  afterAll(destroyMachines);

  it("the information moves after the kernel instead of overwriting it", async () => {
    const r = await runKernlab(buildProbe({ asm: ["loader-info"], script: "probe-low.ld" }).bytes, { memoryMiB: 4, boot: { loader: "grub" } });
    expect(r.exitCode).toBe(0x11);
    const ebx = parseInt(/^EBX=([0-9A-F]{8})$/m.exec(r.serial)![1]!, 16);
    expect(ebx % 4096).toBe(0);
    expect(ebx).toBeGreaterThan(0x10000);
    expect(r.serial).toContain('LOADER="GRUB 2.06"');
  });
});
