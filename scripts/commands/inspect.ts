/**
 * `kernlab inspect kernel.elf`: boot a kernel (to a checkpoint, or to the end of its run) and look inside
 * it from the host: the seed's memory map with real addresses (ELF sections at their load addresses,
 * boundary symbols, ESP, CR3), a hexdump or disassembly of an address or symbol, and the page tables of a
 * CR3. Reads guest RAM only through the emulator's GuestMemory; draws with core/memory-map.ts. Not `verify`
 * (no rules, no snapshots) and not `run` (no serial passthrough).
 */
import { hex } from "../../core/hex";
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { createMachine, describeVerdict, symbolTable, walkPageTables, PageFaultError } from "../../emulator/index";
import type { CrashReport, GuestMemory, Registers, RunResult, SymbolTable, Verdict } from "../../emulator/index";
import { formatCrashReport } from "../../emulator/fault-report";
import { DEFAULT_MEMORY_MIB } from "../../emulator/machine";
import { readElf, type ElfFile } from "../../toolchain/elf/read";
import { disassemble, formatDisassembly, type DisasmLine } from "../../toolchain/disasm";
import { drawMemoryMap, type MapRegion } from "../../core/memory-map";
import { integerOption, parseInteger, timeoutOption } from "../util/args";
import { defineCommand, parseOptions } from "../util/options";
import { colorEnabled, paint } from "../util/color";
import { readInput } from "../util/files";
import { hexdump } from "../../core/hexdump";
import { printJson } from "../util/json";
import { formatProcesses, kernelView, liveHeapTop, liveProcesses, pageRanges, formatPageRanges, type PageRange, type ProcessView } from "../util/memory-view";
import { progress } from "../util/progress";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab inspect KERNEL.elf [options]",
  about: `Boot the kernel in v86 and show its memory as the host sees it: the memory map of docs/memory-layout.md
with the real addresses of .text/.data/.bss, heap and stack (from the ELF and its boundary symbols) and the
live ESP and CR3; optionally a hexdump, a disassembly, or the page tables of an address space. A triple
fault or a timeout adds the crash report (the exception chain, registers, the last instructions).`,
  options: [
    { name: "at", arg: "ID|NAME", help: "stop at this checkpoint (the guest's 'out 0x5F0, eax'), not at the end of the run" },
    { name: "addr", arg: "ADDR|SYMBOL", help: "hexdump guest memory there (SYMBOL may be 'name+0x10')" },
    { name: "len", arg: "N", help: "bytes to dump (default 64)" },
    { name: "disasm", arg: "ADDR|SYMBOL", help: "disassemble guest memory there (NASM syntax, symbols beside addresses)" },
    { name: "count", arg: "N", help: "instructions to disassemble (default 16)" },
    { name: "cr3", arg: "ADDR|current", help: "print the page tables rooted at this CR3; with --addr/--disasm, read through them" },
    { name: "static", help: "do not boot: the map from the ELF alone" },
    { name: "cmdline", arg: "TEXT", help: "the multiboot command line" },
    { name: "memory", arg: "MIB", help: "guest RAM in MiB (default 128, as kernlab run)" },
    { name: "loader", arg: "L", help: "whose boot state: qemu (default) or grub, as for kernlab run" },
    { name: "timeout", arg: "T", help: "give up on the run after T, as for kernlab run: 5000, 500ms, 10s (wall time,\ndefault 10s) or guest instructions 2000000i, 500K, 20M" },
    { name: "json", help: "print the same facts as JSON (addresses as numbers)" },
  ],
  epilogue: `Addresses are read through the guest's page tables when paging is on (CR0.PG), else physically.

exit status: 0 shown, 1 the kernel could not be loaded or the checkpoint was not reached, 2 usage error.

examples:
  kernlab inspect kernel.elf
  kernlab inspect kernel.elf --at 2 --disasm kmain --count 8
  kernlab inspect kernel.elf --addr __heap_start --len 128 --cr3 current`,
});

/** `0x100000`, `kmain`, `kmain+0x10`, `__stack_top-16` → an address; null when unknown. */
export function resolveAddress(text: string, syms: SymbolTable): number | null {
  const n = parseInteger(text);
  if (n !== null) return n >>> 0;
  const m = /^\s*([A-Za-z_.$?@][\w.$?@#~]*)\s*(?:([+-])\s*(\S+))?\s*$/.exec(text);
  if (!m) return null;
  const base = syms.address(m[1]!);
  if (base === null) return null;
  if (!m[2]) return base >>> 0;
  const off = parseInteger(m[3]!);
  if (off === null) return null;
  return (m[2] === "+" ? base + off : base - off) >>> 0;
}

function addressOption(name: string, text: string, syms: SymbolTable): number {
  const a = resolveAddress(text, syms);
  if (a === null) throw new UsageError(`option '${name}': '${text}' is neither an address nor a symbol of the kernel`);
  return a;
}

/** What the host saw: at a checkpoint, or at the end of the run, or (--static) nothing. */
interface Snapshot {
  registers: Registers;
  memory: GuestMemory;
  checkpoint: { id: number; name: string | null } | null;
}

interface Report {
  kernel: string;
  memoryBytes: number;
  stoppedAt: string;
  checkpoint: { id: number; name: string | null } | null;
  verdict: Verdict | null;
  /** A triple fault or timeout: the exception chain, all registers and the last instructions. */
  crash?: CrashReport;
  registers: Registers | null;
  regions: MapRegion[];
  facts: { label: string; value: string }[];
  /** Things a kernel developer should know at a glance (an ESP outside RAM: the next push cannot land). */
  warnings: string[];
  /** From the kernel's probe record when it has one (the sample kernel): pid, state, CR3, ranges. */
  processes: ProcessView[];
  hexdump?: { address: number; symbol: string; paddr: number | null; bytes: Uint8Array };
  disasm?: { address: number; symbol: string; lines: DisasmLine[] };
  pageTables?: { cr3: number; ranges: PageRange[]; note: string | null };
}

interface ViewRequest {
  addr: number | null;
  /** How the user named the addresses (`kmain`, `0x100000`): used as the label when it was a symbol. */
  addrText: string | null;
  disasmText: string | null;
  len: number;
  disasm: number | null;
  count: number;
  /** CR3 to read through / print: a number, "current", or null. */
  cr3: number | "current" | null;
}

/** Reads `length` bytes at `address` as the guest sees them (through CR3 when given or paging is on). */
function readGuest(snap: Snapshot, address: number, length: number, cr3: number | null): { bytes: Uint8Array; paddr: number | null } {
  const pagingOn = (snap.registers.cr0 & 0x80000000) !== 0;
  const root = cr3 ?? (pagingOn ? snap.registers.cr3 : null);
  try {
    if (root !== null) {
      const v = snap.memory.virt(root);
      return { bytes: v.bytes(address, length), paddr: v.translate(address) };
    }
    const end = Math.min(address + length, snap.memory.size);
    if (address >= snap.memory.size) throw new RangeError("outside RAM");
    return { bytes: snap.memory.bytes(address, end - address), paddr: address };
  } catch (e) {
    if (e instanceof PageFaultError) {
      throw new KernlabError(diagnostic("not-mapped", `${hex(address)} (+${length} bytes) is not mapped under CR3 ${hex(root ?? 0)}`));
    }
    if (e instanceof RangeError) {
      throw new KernlabError(diagnostic("outside-ram", `${hex(address)} is outside guest RAM (${hex(snap.memory.size)} bytes)`));
    }
    throw e;
  }
}

/**
 * ESP outside guest RAM: the dword the next push writes (ESP - 4) is not RAM, physically or through the
 * guest's page tables (ESP = 0 at entry is the classic case: the push lands at 0xFFFFFFFC).
 */
function stackWarnings(snap: Snapshot): string[] {
  const { esp, cr0, cr3 } = snap.registers;
  const next = (esp - 4) >>> 0;
  const ram = `guest RAM (${hex(snap.memory.size)} bytes)`;
  if ((cr0 & 0x80000000) === 0) {
    return next + 4 > snap.memory.size ? [`ESP ${hex(esp)} is outside ${ram}: the next push writes ${hex(next)}, which is not memory`] : [];
  }
  let paddr: number | null;
  try {
    paddr = snap.memory.virt(cr3).translate(next);
  } catch {
    paddr = null;
  }
  if (paddr === null) return [`ESP ${hex(esp)} is not mapped under CR3 ${hex(cr3)}: the next push (to ${hex(next)}) page-faults`];
  return paddr + 4 > snap.memory.size ? [`ESP ${hex(esp)} maps to physical ${hex(paddr)}, outside ${ram}`] : [];
}

/** The user's own symbol text when they gave one (`kernlab_probe`), else the nearest symbol. */
function labelFor(text: string | null, address: number, syms: SymbolTable): string {
  if (text !== null && parseInteger(text) === null) return text.replace(/\s+/g, "");
  return syms.format(address);
}

function collect(elf: ElfFile, syms: SymbolTable, memoryBytes: number, snap: Snapshot | null, req: ViewRequest, fileName: string): Report {
  const heapTop = snap ? liveHeapTop(elf, syms, snap.memory) : null;
  const view = kernelView(elf, syms, memoryBytes, snap?.registers ?? null, heapTop);
  const report: Report = {
    kernel: fileName,
    memoryBytes,
    stoppedAt: snap === null ? "not booted (--static)" : snap.checkpoint ? `checkpoint ${snap.checkpoint.id}${snap.checkpoint.name ? ` (${snap.checkpoint.name})` : ""}` : "end of run",
    checkpoint: snap?.checkpoint ?? null,
    verdict: null,
    registers: snap?.registers ?? null,
    regions: view.regions,
    facts: view.facts,
    warnings: snap ? stackWarnings(snap) : [],
    processes: snap ? liveProcesses(elf, syms, snap.memory) : [],
  };
  if (snap === null) return report;
  const pagingOn = (snap.registers.cr0 & 0x80000000) !== 0;
  const cr3 = req.cr3 === "current" ? snap.registers.cr3 : req.cr3;
  // "current" with paging off means the guest reads physically, and so do we.
  const readCr3 = req.cr3 === "current" && !pagingOn ? null : cr3;
  if (req.addr !== null) {
    const { bytes, paddr } = readGuest(snap, req.addr, req.len, readCr3);
    report.hexdump = { address: req.addr, symbol: labelFor(req.addrText, req.addr, syms), paddr, bytes };
  }
  if (req.disasm !== null) {
    // At most 15 bytes per instruction; clip at the end of RAM/mapping by shrinking until readable.
    let want = Math.min(req.count * 15, 0x10000);
    let got: Uint8Array | null = null;
    while (got === null) {
      try {
        got = readGuest(snap, req.disasm, want, readCr3).bytes;
      } catch (e) {
        if (want <= 16) throw e;
        want = Math.max(16, want >> 1);
      }
    }
    report.disasm = { address: req.disasm, symbol: labelFor(req.disasmText, req.disasm, syms), lines: disassemble(got, req.disasm, { count: req.count, symbols: (a) => syms.lookup(a) }) };
  }
  if (cr3 !== null) {
    if (req.cr3 === "current" && !pagingOn) {
      report.pageTables = { cr3, ranges: [], note: "paging is off (CR0.PG = 0): CR3 holds no page directory yet" };
    } else {
      report.pageTables = { cr3, ranges: pageRanges(walkPageTables(snap.memory, cr3)), note: null };
    }
  }
  return report;
}

function printReport(r: Report, showMap: boolean, syms: SymbolTable): void {
  const p = paint(process.stdout);
  const out: string[] = [];
  out.push(`${p.bold(r.kernel)}: ${r.stoppedAt}${r.verdict ? `; ${describeVerdict(r.verdict)}` : ""}`);
  if (r.registers) {
    const g = r.registers;
    out.push(`  EAX ${hex(g.eax)}  EBX ${hex(g.ebx)}  ECX ${hex(g.ecx)}  EDX ${hex(g.edx)}`);
    out.push(`  ESI ${hex(g.esi)}  EDI ${hex(g.edi)}  EBP ${hex(g.ebp)}  ESP ${hex(g.esp)}`);
    out.push(`  EIP ${hex(g.eip)}  EFLAGS ${hex(g.eflags)}  CR0 ${hex(g.cr0)}  CR2 ${hex(g.cr2)}  CR3 ${hex(g.cr3)}`);
  }
  for (const w of r.warnings) out.push(`  ${p.yellow("warning:")} ${w}`);
  if (r.crash && r.verdict) {
    out.push("");
    out.push(...formatCrashReport(r.crash, r.verdict, syms).trimEnd().split("\n").map((l) => "  " + l));
  }
  if (showMap) {
    out.push("");
    out.push(drawMemoryMap(r.regions, { color: colorEnabled(process.stdout) }).trimEnd());
    if (r.facts.length) {
      out.push("");
      const w = Math.max(...r.facts.map((f) => f.label.length));
      for (const f of r.facts) out.push(`  ${f.label.padEnd(w)}  ${f.value}`);
    }
    if (r.processes.length) {
      out.push("", p.bold("processes (from the kernel's probe record; see one with --cr3 CR3):"));
      out.push(formatProcesses(r.processes).trimEnd());
    }
  }
  if (r.hexdump) {
    const h = r.hexdump;
    out.push("", p.bold(`hexdump of ${hex(h.address)} <${h.symbol}>, ${h.bytes.length} bytes${h.paddr !== null && h.paddr !== h.address ? ` (physical ${hex(h.paddr)})` : ""}:`));
    out.push(hexdump(h.bytes, h.address).trimEnd());
  }
  if (r.disasm) {
    out.push("", p.bold(`disassembly of ${hex(r.disasm.address)} <${r.disasm.symbol}>:`));
    out.push(formatDisassembly(r.disasm.lines).trimEnd());
  }
  if (r.pageTables) {
    out.push("", p.bold(`page tables of CR3 ${hex(r.pageTables.cr3)} (virtual → physical):`));
    out.push(r.pageTables.note ?? formatPageRanges(r.pageTables.ranges).trimEnd());
  }
  process.stdout.write(out.join("\n") + "\n");
}

export const command: Command = {
  summary: "boot a kernel and show its memory map, registers, hexdump, disassembly, page tables",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) {
      process.stdout.write(spec.help);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError("no kernel given", true);
    if (positionals.length > 1) throw new UsageError(`one kernel at a time (got ${positionals.length} files)`);
    const loader = values.loader ?? "qemu";
    if (loader !== "qemu" && loader !== "grub") throw new UsageError(`--loader: expected qemu or grub, got '${loader}'`);
    if (values.len !== undefined && values.addr === undefined) throw new UsageError("--len needs --addr");
    if (values.count !== undefined && values.disasm === undefined) throw new UsageError("--count needs --disasm");
    if (values.static && (values.at !== undefined || values.addr !== undefined || values.disasm !== undefined || values.cr3 !== undefined)) {
      throw new UsageError("--static reads no RAM: it cannot be combined with --at, --addr, --disasm or --cr3");
    }
    const memoryMiB = integerOption("--memory", values.memory, DEFAULT_MEMORY_MIB);
    if (memoryMiB < 2 || memoryMiB > 3072) throw new UsageError(`--memory must be between 2 and 3072 MiB, got ${memoryMiB}`);
    const timeout = timeoutOption("--timeout", values.timeout, { ms: 10_000 });
    const len = integerOption("--len", values.len, 64);
    const count = integerOption("--count", values.count, 16);
    if (len <= 0 || len > 1 << 20) throw new UsageError("--len must be between 1 and 1048576");
    if (count <= 0 || count > 10_000) throw new UsageError("--count must be between 1 and 10000");

    const file = positionals[0]!;
    const image = readInput(file, "kernel");
    const elf = readElf(image, file);
    const syms = symbolTable(image);
    const req: ViewRequest = {
      addr: values.addr !== undefined ? addressOption("--addr", values.addr, syms) : null,
      addrText: values.addr ?? null,
      disasmText: values.disasm ?? null,
      len,
      disasm: values.disasm !== undefined ? addressOption("--disasm", values.disasm, syms) : null,
      count,
      cr3: values.cr3 === undefined ? null : values.cr3 === "current" ? "current" : addressOption("--cr3", values.cr3, syms),
    };
    const showMap = req.addr === null && req.disasm === null && req.cr3 === null;
    const memoryBytes = memoryMiB * 1024 * 1024;

    if (values.static) {
      const report = collect(elf, syms, memoryBytes, null, req, file);
      if (values.json) printJson(report);
      else printReport(report, true, syms);
      return 0;
    }

    const at = values.at;
    const atId = at === undefined ? null : parseInteger(at);
    const bar = progress();
    bar.update(`booting ${file}…`);
    const machine = await createMachine({ memoryMiB });
    let report: Report | null = null;
    let failure: unknown = null;
    let result: RunResult;
    try {
      const run = machine.boot(image, {
        timeout, kernelName: file, loader,
        ...(values.cmdline !== undefined ? { cmdline: values.cmdline } : {}),
        onCheckpoint: (cp) => {
          if (report || failure || at === undefined) return;
          if (cp.id !== atId && cp.name !== at) return;
          try {
            report = collect(elf, syms, memoryBytes, { registers: cp.registers, memory: cp.memory, checkpoint: { id: cp.id, name: cp.name } }, req, file);
          } catch (e) {
            failure = e;
          }
          run.stop();
        },
      });
      result = await run.result;
      bar.done();
      if (failure) throw failure;
      if (result.verdict.kind === "no-multiboot-header" || result.verdict.kind === "not-a-kernel" || result.verdict.kind === "kernel-too-large") {
        throw new KernlabError(diagnostic("cannot-load", describeVerdict(result.verdict), { file, line: 0, column: 0 }));
      }
      if (at !== undefined && !report) {
        const seen = result.checkpoints.map((c) => (c.name ? `${c.id} (${c.name})` : String(c.id)));
        throw new KernlabError(diagnostic("checkpoint-not-reached", `checkpoint '${at}' was not reached; the run ${describeVerdict(result.verdict)}`, { file, line: 0, column: 0 },
          [{ text: seen.length ? `checkpoints reached: ${seen.join(", ")}` : "the guest reached no checkpoint (it writes the id to port 0x5F0)" }]));
      }
      if (!report) {
        report = collect(elf, syms, memoryBytes, { registers: result.registers, memory: machine.memory, checkpoint: null }, req, file);
        (report as Report).verdict = result.verdict;
        if (result.crash) (report as Report).crash = result.crash;
      }
    } finally {
      bar.done();
      machine.destroy();
    }
    if (values.json) printJson(report);
    else printReport(report as Report, showMap, syms);
    return 0;
  },
};
