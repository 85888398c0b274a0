// Issue 15 item 5: Multiboot 2 kernels, which QEMU -kernel cannot load, boot as GRUB 2.06's multiboot2
// command loads them (Multiboot2 Specification 2.0): header tags honoured or refused, and the information
// tag list checked field by field against the spec and against the ELF file itself (readelf is the oracle).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { kernlab } from "../cli/cli";
import { buildProbe, canRunProbes, destroyMachines, machineFor, runKernlab } from "./harness";

function values(serial: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of serial.matchAll(/^([\w.]+)=([0-9A-F]{8})$/gm)) out[m[1]!] = parseInt(m[2]!, 16);
  return out;
}
function dwords(serial: string, name: string): number[] {
  const lines = serial.split("\n");
  const out: number[] = [];
  for (let i = lines.indexOf(`${name}:`) + 1; i > 0 && i < lines.length && lines[i]!.startsWith(" "); i++) {
    out.push(...lines[i]!.trim().split(/\s+/).map((h) => parseInt(h, 16)));
  }
  return out;
}
/** The tag list as [type, body dwords] (body: size - 8 bytes, rounded up to dwords). */
function tags(info: number[]): [number, number[]][] {
  const out: [number, number[]][] = [];
  let i = 2;
  for (;;) {
    const type = info[i]!, size = info[i + 1]!;
    out.push([type, info.slice(i + 2, i + 2 + Math.ceil((size - 8) / 4))]);
    if (type === 0) return out;
    i += Math.ceil(size / 8) * 2;
  }
}
const text = (ws: number[]) => Buffer.from(Uint32Array.from(ws).buffer).toString("latin1").replace(/\0.*$/s, "");

/** A flat Multiboot 2 image: header with the given extra tags, address and entry tags, then `mov al, 0x24; out 0xF4, al`. */
function flatMb2(extraTags: number[][]): Uint8Array {
  const base = 0x100000;
  const body: number[] = [];
  for (const t of extraTags) body.push(...t, ...(t.length % 2 ? [0] : []));
  const headerLength = 16 + body.length * 4 + 24 + 16 + 8;
  const entry = base + headerLength;
  const words = [0xe85250d6, 0, headerLength, (-(0xe85250d6 + headerLength)) >>> 0, ...body,
    2, 24, base, base, 0, 0, 3, 12, entry, 0 /* pad to 8 */, 0, 8];
  const header = new Uint8Array(Uint32Array.from(words.map((w) => w >>> 0)).buffer);
  const image = new Uint8Array(header.length + 6);
  image.set(header);
  image.set([0xb0, 0x24, 0xe6, 0xf4, 0xf4, 0xf4], header.length); // mov al, 0x24; out 0xF4, al; hlt
  return image;
}

describe.skipIf(!canRunProbes({ c: true }))("Multiboot 2 (GRUB's multiboot2)", () => {
  afterAll(destroyMachines);

  it("entry state and every information tag, against the spec and the ELF file", async () => {
    const probe = buildProbe("loader-mb2");
    const mod = new Uint8Array(Buffer.from("MODULEDATA-0123456789"));
    const r = await runKernlab(probe.bytes, { memoryMiB: 32, boot: { cmdline: "mb2 args", modules: [{ data: mod, cmdline: "initrd" }] } });
    expect(r.exitCode).toBe(0x22);
    expect(r.result.loader).toBe("grub");
    const v = values(r.serial);
    expect(v).toMatchObject({ EAX: 0x36d76289, ECX: 0, EDX: 0, ESP: 0x7ff00, CS: 0x10, DS: 0x18, CR0: 0x11 });
    expect(v.EFLAGS! & 0x200).toBe(0);
    expect(v.EBX! % 8).toBe(0);
    const info = dwords(r.serial, "MBI");
    expect(info[0]).toBe(info.length * 4); // total_size: the probe printed exactly that many bytes
    expect(info[1]).toBe(0);
    const list = tags(info);
    expect(list.map(([t]) => t)).toEqual([21, 1, 2, 3, 6, 9, 4, 8, 0]); // GRUB's order
    const tag = (t: number) => list.find(([type]) => type === t)![1];
    expect(tag(21)).toEqual([0x100000]); // load base address
    expect(text(tag(1))).toBe("mb2 args");
    expect(text(tag(2))).toBe("GRUB 2.06");
    const [modStart, modEnd] = tag(3);
    expect(modStart! % 4096).toBe(0);
    expect(modEnd! - modStart!).toBe(mod.length);
    expect(text(tag(3).slice(2))).toBe("initrd");
    const mmap = tag(6);
    expect(mmap.slice(0, 2)).toEqual([24, 0]); // entry_size, entry_version
    expect(mmap.slice(2)).toEqual([
      0, 0, 0x9fc00, 0, 1, 0, 0x9fc00, 0, 0x400, 0, 2, 0, 0xf0000, 0, 0x10000, 0, 2, 0,
      0x100000, 0, (32 << 20) - 0x120000, 0, 1, 0, (32 << 20) - 0x20000, 0, 0x20000, 0, 2, 0, 0xfffc0000, 0, 0x40000, 0, 2, 0,
    ]);
    expect(tag(4)).toEqual([639, (32 << 10) - 1024 - 128]);
    expect(tag(8)).toEqual([0xb8000, 0, 160, 80, 25, 0x0210]); // EGA text: bpp 16, type 2
    // ELF sections: num, entsize, shndx as u32 (GRUB), then the file's section headers with sh_addr set for
    // the sections GRUB loads (.symtab, .strtab, .shstrtab) and kept for the others.
    const elf = readFileSync(probe.path);
    const shoff = elf.readUInt32LE(32), shnum = elf.readUInt16LE(48), shstrndx = elf.readUInt16LE(50);
    const sec = tag(9);
    expect(sec.slice(0, 3)).toEqual([shnum, 40, shstrndx]);
    const readelf = execFileSync("readelf", ["-SW", probe.path]).toString();
    expect(readelf).toContain(`There are ${shnum} section headers`);
    for (let i = 0; i < shnum; i++) {
      const got = sec.slice(3 + 10 * i, 13 + 10 * i);
      const file = Array.from({ length: 10 }, (_, k) => elf.readUInt32LE(shoff + 40 * i + 4 * k));
      const alloc = (file[2]! & 2) !== 0;
      expect([got[0], got[1], got[2], got[4], got[5]]).toEqual([file[0], file[1], file[2], file[4], file[5]]);
      if (alloc || file[5] === 0 || i === 0) expect(got[3]).toBe(file[3]);
      else {
        expect(got[3]).toBeGreaterThanOrEqual(0x100000); // loaded by the loader: the bytes are there
        const m = await machineFor(32);
        expect(Buffer.from(m.memory.bytes(got[3]!, file[5]!))).toEqual(elf.subarray(file[4]!, file[4]! + file[5]!));
      }
    }
    expect(list[list.length - 1]).toEqual([0, []]);
  });

  it("a C kernel walks the tags, writes to the EGA text framebuffer, on GRUB's stack", async () => {
    const probe = buildProbe({ asm: ["loader-mb2-stub"], c: ["loader-mb2"] });
    const r = await runKernlab(probe.bytes, { memoryMiB: 16, boot: { cmdline: "hello" } });
    expect(r.exitCode).toBe(0x41);
    expect(r.serial).toContain('magic=36D76289\n');
    expect(r.serial).toContain('cmdline="hello"\nloader="GRUB 2.06"\n');
    expect(r.serial).toContain("fb_addr=000B8000\nfb_pitch=000000A0\nfb_width=00000050\nfb_height=00000019\nfb_bpp=00000010\nfb_type=00000002\n");
    expect(r.serial).toContain("mmap 00100000 00EE0000 00000001\n");
    expect((await machineFor(16)).vgaText()[0]).toMatch(/^MB2/);
  });

  it("address and entry tags: a flat binary loaded at header_addr, its .bss zeroed", async () => {
    const r = await runKernlab(buildProbe({ asm: ["loader-mb2-kludge"], script: "flat" }).bytes, { memoryMiB: 16 });
    expect(r.exitCode).toBe(0x23);
    expect(values(r.serial)).toEqual({ EAX: 0x36d76289, BSSOR: 0, TAG0: 21 });
  });

  it("header tags GRUB refuses are refused; optional ones and module alignment are accepted", async () => {
    const boot = async (extra: number[][]) => (await runKernlab(flatMb2(extra), { memoryMiB: 4 })).result.verdict;
    expect(await boot([])).toEqual({ kind: "exited", code: 0x24 });
    expect(await boot([[6, 8]])).toEqual({ kind: "exited", code: 0x24 }); // module alignment
    expect(await boot([[11, 8]])).toMatchObject({ kind: "no-multiboot-header", reason: expect.stringMatching(/unsupported tag 11 is not marked optional/) });
    expect(await boot([[11 | (1 << 16), 8]])).toEqual({ kind: "exited", code: 0x24 }); // optional
    expect(await boot([[1, 12, 99]])).toMatchObject({ kind: "no-multiboot-header", reason: expect.stringMatching(/unsupported information tag 99/) });
    expect(await boot([[1 | (1 << 16), 12, 99]])).toEqual({ kind: "exited", code: 0x24 });
    expect(await boot([[4, 12, 1]])).toMatchObject({ kind: "no-multiboot-header", reason: expect.stringMatching(/console required but EGA text not supported/) });
  });

  it("kernlab run and kernlab verify take a Multiboot 2 kernel", () => {
    const probe = buildProbe({ asm: ["loader-mb2-stub"], c: ["loader-mb2"] });
    const run = kernlab(["run", "--memory", "16", "--json", probe.path]);
    expect(run.status).toBe(0x41);
    expect(JSON.parse(run.stdout)).toMatchObject({ loader: "grub", exitCode: 0x41 });
    const verify = kernlab(["verify", "--memory", "16", probe.path]);
    expect(verify.stderr).toBe("");
    expect(verify.status).toBe(0);
  });
});
