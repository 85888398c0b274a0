// Issue 21, rule 9: the loader and the verdicts say what happened. Kernels are made here by kernlab's own
// assembler and linker (hostileKernel) and then damaged; no boot is needed for the load decisions.
import { describe, expect, it } from "vitest";
import { KernlabError } from "../../core/diagnostics";
import { checkMultiboot, createMachine, describeVerdict, multibootWarnings } from "../../emulator/index";
import { oracle } from "../helpers/oracles";
import { spawnSync } from "node:child_process";
import { planLoad } from "../../emulator/multiboot";
import { exitStatusOf, isEmulatorAbort } from "../../emulator/verdict";
import { assembleOrThrow } from "../../toolchain/asm/index";
import { readArchive } from "../../toolchain/elf/archive";
import { link } from "../../toolchain/link/index";
import { hostileKernel } from "./build";
import { kernlabBounded } from "./bounded";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RAM = 32 << 20;
const kernel = hostileKernel("k9", "_start:\n    EXIT 3\n");
const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
const set32 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(o, v >>> 0, true);
const set16 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(o, v, true);

describe("loading (rule 9)", () => {
  it("corrupt section headers, valid program headers: loaded as QEMU loads it, with a warning", () => {
    const k = kernel.slice();
    set16(k, 46, 7); // e_shentsize
    const r = planLoad(k, RAM);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plan.entry).toBe(planLoad(kernel, RAM).ok ? (planLoad(kernel, RAM) as { plan: { entry: number } }).plan.entry : -1);
    expect(multibootWarnings(k, RAM)).toEqual(["the ELF file's section headers are malformed (e_shentsize: 7, expected 40); loaded from its program headers as QEMU does (no symbols)"]);
    expect(multibootWarnings(kernel, RAM)).toEqual([]);
  });

  it.runIf(oracle("qemu"))("corrupt section headers: kernlab boots it as qemu-system-i386 does (same exit code)", async () => {
    const k = kernel.slice();
    set16(k, 46, 7);
    const dir = mkdtempSync(join(tmpdir(), "kl-badsh-"));
    writeFileSync(join(dir, "k.elf"), k);
    const q = spawnSync("qemu-system-i386", ["-display", "none", "-kernel", "k.elf", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "null", "-no-reboot"], { cwd: dir, timeout: 20_000 });
    expect(q.status).toBe((3 << 1) | 1); // isa-debug-exit reports (code << 1) | 1
    const m = await createMachine({ memoryMiB: 32 });
    try {
      const r = await m.boot(k, { timeout: { instructions: 1_000_000 } }).result;
      expect(r.verdict).toEqual({ kind: "exited", code: 3 });
    } finally { m.destroy(); }
  });

  it("a p_memsz that wraps past 4 GiB: named as such, not as a wrapped end address", () => {
    const k = kernel.slice();
    set32(k, u32(k, 28) + 20, 0xfffffff0); // first program header's p_memsz
    const v = checkMultiboot(k, RAM)!;
    expect(describeVerdict(v)).toMatch(/^cannot load: segment 0 ends past 4 GiB \(its address plus size is 0x1[0-9a-f]{8}: it wraps around the address space\)$/);
    expect(exitStatusOf(v)).toBe(126);
  });

  it("a.out kludge addresses that wrap or run backwards are named", () => {
    const aout = (load: number, loadEnd: number, bssEnd: number) => {
      const src = `bits 32\nhdr: dd 0x1BADB002, 0x10003, -(0x1BADB002 + 0x10003)\ndd ${load}, ${load}, ${loadEnd}, ${bssEnd}, ${load} + 32\nstart: jmp start\n`;
      return assembleOrThrow(src, { file: "aout.asm", format: "bin" });
    };
    expect(describeVerdict(checkMultiboot(aout(0xfffff000, 0, 0xffffffff) , RAM)!)).toMatch(/bss_end_addr|wraps|beyond guest RAM/);
    expect(describeVerdict(checkMultiboot(aout(0x100000, 0x0ff000, 0), RAM)!)).toBe("cannot load: no multiboot header: a.out kludge: load_end_addr 0x000ff000 is below load_addr 0x00100000");
    expect(describeVerdict(checkMultiboot(aout(0x100000, 0, 0x0ff000), RAM)!)).toMatch(/^cannot load: no multiboot header: a\.out kludge: bss_end_addr 0x000ff000 is below the end of the loaded image/);
  });

  it("an entry outside every segment is a warning (a kernel in the VGA window: test/boot/loader-vga.test.ts)", () => {
    const k = kernel.slice();
    set32(k, 24, 0x00300000); // e_entry
    expect(multibootWarnings(k, RAM)).toEqual(["entry point 0x00300000 lies outside every PT_LOAD segment (QEMU jumps there anyway)"]);
  });

  it("a v86 abort is an emulator error (exit 70), never a guest verdict; v86's panics for guest faults stay triple faults", () => {
    expect(isEmulatorAbort("memory access out of bounds")).toBe(true);
    expect(isEmulatorAbort("unreachable")).toBe(true);
    expect(isEmulatorAbort("Unimplemented: #GP handler")).toBe(false);
    const v = { kind: "emulator-error", eip: 0xb8000, message: "memory access out of bounds" } as const;
    expect(describeVerdict(v)).toBe("emulator error at eip 0x000b8000: v86 aborted (memory access out of bounds); this is not a guest verdict (the guest may run under QEMU)");
    expect(exitStatusOf(v)).toBe(70);
  });

  it("--read outside guest RAM is a usage error before the boot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-read-"));
    writeFileSync(join(dir, "k.elf"), kernel);
    const r = await kernlabBounded(["run", "--memory", "4", "--read", "0x800000:16", "k.elf"], { cwd: dir });
    expect(r.stderr).toBe("kernlab run: --read 0x00800000:16 is outside guest RAM (0x00400000 bytes; --memory 4)\n");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
  });
});

describe("relocations and archives (rule 9)", () => {
  const obj = assembleOrThrow("global _start\nextern f\nsection .text\n_start: call f\n", { file: "a.asm" });
  const lib = assembleOrThrow("global f\nsection .text\nf: ret\n", { file: "f.asm" });

  it("an unknown relocation type says so", () => {
    const o = obj.slice();
    const dv = new DataView(o.buffer);
    const shoff = dv.getUint32(32, true), shnum = dv.getUint16(48, true);
    for (let i = 0; i < shnum; i++) {
      if (dv.getUint32(shoff + i * 40 + 4, true) !== 9) continue; // SHT_REL
      const off = dv.getUint32(shoff + i * 40 + 16, true);
      o[off + 4] = 0xfe; // r_info type byte
    }
    try { link([{ name: "a.o", bytes: o }, { name: "f.o", bytes: lib }], {}); throw new Error("linked"); } catch (e) {
      expect(e).toBeInstanceOf(KernlabError);
      expect((e as KernlabError).diagnostics[0]!.text).toBe("a.o: unrecognized relocation type 0xfe in section .text");
    }
  });

  it("a corrupt archive symbol map is reported as such, not as an undefined symbol", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const header = (name: string, size: number) => enc(name.padEnd(16) + "0".padEnd(12) + "0".padEnd(6) + "0".padEnd(6) + "644".padEnd(8) + String(size).padEnd(10) + "`\n");
    const armap = new Uint8Array(4 + 4 + 2);
    new DataView(armap.buffer).setUint32(0, 1, false);
    new DataView(armap.buffer).setUint32(4, 9999, false); // points at no member
    armap.set(enc("f\0"), 8);
    const parts = [enc("!<arch>\n"), header("/", armap.length), armap, header("f.o/", lib.length), lib, ...(lib.length % 2 ? [enc("\n")] : [])];
    const ar = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0; for (const p of parts) { ar.set(p, o); o += p.length; }
    expect(() => readArchive(ar, "libf.a")).toThrow("libf.a: armap: symbol 'f' points at offset 9999, which is not a member header (corrupt archive symbol map)");
    try { link([{ name: "a.o", bytes: obj }, { name: "libf.a", bytes: ar }], {}); throw new Error("linked"); } catch (e) {
      expect((e as KernlabError).diagnostics.map((d) => d.code)).toEqual(["malformed-object"]);
    }
  });
});
