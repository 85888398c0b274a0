// `kernlab inspect` through bin/kernlab.js on a real kernel (nasm + ld fixture) booted in v86: the map and
// facts from the ELF and guest RAM, checkpoints, hexdump, disassembly, page tables, --json, and every kind
// of user error with its exact message and exit status.
import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hex } from "../../core/hex";
import { oracle } from "../helpers/oracles";
import { buildEchoKernel, fixtures, kernlab, nmAddress, prepareCli, scratch } from "./cli";

describe.skipIf(!oracle("nasm") || !oracle("ld"))("kernlab inspect", () => {
  let dir = "";
  let elf = "";
  beforeAll(() => {
    prepareCli();
    dir = scratch("inspect");
    elf = buildEchoKernel(dir);
  });

  it("boots to the end and draws the map with the kernel's real addresses", () => {
    const r = kernlab(["inspect", "echo.elf"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out.split("\n")[0]).toBe("echo.elf: end of run; exited with code 0");
    // Boundaries come from the ELF (checked against GNU nm), ESP from the guest's registers.
    for (const name of ["__text_start", "__bss_end", "__heap_start", "__heap_end", "__stack_top"]) {
      expect(out).toMatch(new RegExp(`^  ${name} +${hex(nmAddress(elf, name))}$`, "m"));
    }
    expect(out).toMatch(/^0x00100000 ├─+┤$/m); // .text starts the kernel at 1 MiB
    expect(out).toMatch(/│ \.text +│ 339 B$/m);
    expect(out).toMatch(/│ heap ↑ +│ 64 KiB$/m);
    expect(out).toMatch(/│ stack ↓ {2}\(ESP 0x00118000, 0 B used\) +│ 16 KiB$/m);
    expect(out).toMatch(/^ {2}EIP +0x[0-9a-f]{8} <_start\.hang>$/m);
    expect(out).toContain("CR3             0x00000000 (paging off)");
  });

  /** A call's rel32 as the disassembler prints its bytes: "e6 00 00 00". */
  const rel32 = (n: number) => [0, 8, 16, 24].map((s) => ((n >>> s) & 0xff).toString(16).padStart(2, "0")).join(" ");

  it("--at stops at a checkpoint; --disasm and --addr read guest RAM there, symbols beside addresses", () => {
    const r = kernlab(["inspect", "echo.elf", "--at", "2", "--disasm", "kmain", "--count", "3", "--addr", "banner", "--len", "16"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const kmain = nmAddress(elf, "kmain");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("echo.elf: checkpoint 2");
    // ESP is one call deep below __stack_top (the return address of `call kmain`); EAX holds the id.
    expect(lines[1]).toMatch(/^ {2}EAX 0x00000002 /);
    expect(lines[2]).toContain(`ESP ${hex(nmAddress(elf, "__stack_top") - 4)}`);
    expect(lines.slice(4).join("\n")).toBe(
      "\nhexdump of 0x00101000 <banner>, 16 bytes:\n" +
      "0x00101000  65 63 68 6f 20 6b 65 72  6e 65 6c 20 75 70 0d 0a  |echo kernel up..|\n" +
      "\n" +
      `disassembly of ${hex(kmain)} <kmain>:\n` +
      "<kmain>:\n" +
      `${hex(kmain)}  be 00 10 10 00          mov esi, 0x101000  ; banner\n` +
      `${hex(kmain + 5)}  e8 ${rel32(nmAddress(elf, "puts") - (kmain + 10))}          call ${hex(nmAddress(elf, "puts"))}  ; puts\n` +
      `${hex(kmain + 10)}  8b 1d 00 30 10 00       mov ebx, [0x103000]  ; mbi\n`,
    );
  });

  it("--json at the end of the run: .data as the kernel left it; --cr3 current says paging is off", () => {
    const r = kernlab(["inspect", "echo.elf", "--addr", "counter", "--len", "4", "--cr3", "current", "--json"], dir);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      stoppedAt: string; verdict: unknown; hexdump: { address: number; bytes: number[] }; pageTables: { ranges: unknown[]; note: string };
    };
    expect(report.stoppedAt).toBe("end of run");
    expect(report.verdict).toEqual({ kind: "exited", code: 0 });
    // The kernel incremented `counter` (in .data, 0 in the file) once before exiting.
    expect(report.hexdump).toMatchObject({ address: nmAddress(elf, "counter"), bytes: [1, 0, 0, 0] });
    expect(report.pageTables).toEqual({ cr3: 0, ranges: [], note: "paging is off (CR0.PG = 0): CR3 holds no page directory yet" });
  });

  it("a kernel that never ends is inspected where the timeout stopped it (an instruction limit, as kernlab run)", () => {
    const r = kernlab(["inspect", "echo.elf", "--cmdline", "shell", "--timeout", "2M", "--disasm", "getc", "--count", "1"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^echo\.elf: end of run; timeout after 2000000 instructions at eip 0x[0-9a-f]{8}; last serial line: "> "$/);
    expect(r.stdout).toContain(`<getc>:\n${hex(nmAddress(elf, "getc"))}  52  `);
  });

  it("--static draws the map from the ELF alone, without booting", () => {
    const r = kernlab(["inspect", "echo.elf", "--static"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("echo.elf: not booted (--static)");
    expect(r.stdout).not.toContain("ESP 0x");
  });

  describe("user errors", () => {
    it("a missing kernel file: exit 1, named", () => {
      const r = kernlab(["inspect", "nosuch.elf"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("nosuch.elf: error: cannot read kernel 'nosuch.elf': no such file or directory\n");
      expect(r.stdout).toBe("");
    });
    it("a file that is not an ELF: exit 1, malformed-object from the ELF reader", () => {
      copyFileSync(join(fixtures, "echo-kernel.asm"), join(dir, "not-elf.asm"));
      const r = kernlab(["inspect", "not-elf.asm"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^not-elf\.asm: error: .*(ELF|magic)/i);
    });
    it("an unknown option: exit 2", () => {
      const r = kernlab(["inspect", "echo.elf", "--bogus"], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("kernlab inspect: unknown option '--bogus' (see --help)\n");
    });
    it("no kernel: exit 2 with the help", () => {
      const r = kernlab(["inspect"], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^kernlab inspect: no kernel given\nusage: kernlab inspect KERNEL\.elf/);
    });
    it("an unknown symbol: exit 2", () => {
      const r = kernlab(["inspect", "echo.elf", "--disasm", "nosuch"], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("kernlab inspect: option '--disasm': 'nosuch' is neither an address nor a symbol of the kernel\n");
    });
    it("a bad number: exit 2", () => {
      const r = kernlab(["inspect", "echo.elf", "--addr", "kmain", "--len", "lots"], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("kernlab inspect: option '--len' expects a number (like 4096, 0x1000 or 4K), got 'lots'\n");
    });
    it("a checkpoint the guest never reaches: exit 1, with the ones it did", () => {
      const r = kernlab(["inspect", "echo.elf", "--at", "9"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("echo.elf: error: checkpoint '9' was not reached; the run exited with code 0\n>>> checkpoints reached: 1, 2\n");
    });
    it("a kernel without a multiboot header: exit 1", () => {
      const bytes = new Uint8Array(require("node:fs").readFileSync(elf));
      bytes.fill(0, 0x1000, 0x100c); // wipe the header (the .text file offset; .multiboot is first there)
      writeFileSync(join(dir, "nomb.elf"), bytes);
      const r = kernlab(["inspect", "nomb.elf"], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^nomb\.elf: error: cannot load: no multiboot header/);
    });
  });

  it("--help: exit 0, on stdout", () => {
    const r = kernlab(["inspect", "--help"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: kernlab inspect KERNEL\.elf \[options\]/);
  });
});
