/**
 * Sections and symbols as the pass engine keeps them (NASM's segment model): each section, extern
 * and common symbol is a "segment" id that values refer to through terms. Section defaults follow
 * NASM's ELF and bin output formats. Not the object writers (elf-writer.ts, bin-writer.ts).
 */
import type { Value } from "./expr";

export interface Fixup { offset: number; size: number; value: Value; location: import("../../core/diagnostics").Location }

export class ByteBuffer {
  bytes = new Uint8Array(256);
  length = 0;
  ensure(n: number): void {
    if (n <= this.bytes.length) return;
    let c = this.bytes.length;
    while (c < n) c *= 2;
    const b = new Uint8Array(c);
    b.set(this.bytes.subarray(0, this.length));
    this.bytes = b;
  }
  /** Writes at `offset` (zero-filling any gap). */
  write(offset: number, data: ArrayLike<number>): void {
    this.ensure(offset + data.length);
    this.bytes.set(data, offset);
    if (offset + data.length > this.length) this.length = offset + data.length;
  }
  fill(offset: number, count: number, value: number): void {
    this.ensure(offset + count);
    this.bytes.fill(value, offset, offset + count);
    if (offset + count > this.length) this.length = offset + count;
  }
  view(): Uint8Array { return this.bytes.subarray(0, this.length); }
}

export interface Section {
  seg: number;
  name: string;
  progbits: boolean;
  alloc: boolean;
  exec: boolean;
  write: boolean;
  align: number;
  /** ELF sh_type override (SHT_INIT_ARRAY…), 0 for the default. */
  shType: number;
  tls: boolean;
  /** bin: start=, vstart=, follows=, vfollows= */
  start: bigint | null;
  vstart: bigint | null;
  follows: string | null;
  vfollows: string | null;
  /** Offset reached in the current pass. */
  offset: number;
  /** Size at the end of the last pass. */
  size: number;
  data: ByteBuffer;
  fixups: Fixup[];
}

export type SymbolKind = "label" | "equ" | "extern" | "common";

export interface AsmSymbol {
  name: string;
  kind: SymbolKind;
  value: Value | null;
  /** Pass number and line that defined it in that pass. */
  definedPass: number;
  definedLine: number;
  col: number;
  global: boolean;
  elfType: string;
  sizeExpr: import("./expr").Expr | null;
  /** Segment id for extern/common. */
  seg: number;
  commonSize: bigint;
  commonAlign: bigint;
  /** First definition order (symbol table order). */
  order: number;
  /** Defined inside an `absolute` block (struc fields). */
  absolute: boolean;
  /** ELF st_size from `global x:function size`, evaluated after the final pass. */
  size: bigint | null;
  /** Line index of the `global name:type size` directive that gave sizeExpr (for its diagnostics). */
  sizeLine: number;
}

interface Defaults { progbits: boolean; alloc: boolean; exec: boolean; write: boolean; align: number; shType?: number; tls?: boolean }

const ELF_DEFAULTS: Record<string, Defaults> = {
  ".text": { progbits: true, alloc: true, exec: true, write: false, align: 16 },
  ".rodata": { progbits: true, alloc: true, exec: false, write: false, align: 4 },
  ".lrodata": { progbits: true, alloc: true, exec: false, write: false, align: 4 },
  ".data": { progbits: true, alloc: true, exec: false, write: true, align: 4 },
  ".ldata": { progbits: true, alloc: true, exec: false, write: true, align: 4 },
  ".bss": { progbits: false, alloc: true, exec: false, write: true, align: 4 },
  ".lbss": { progbits: false, alloc: true, exec: false, write: true, align: 4 },
  ".tdata": { progbits: true, alloc: true, exec: false, write: true, align: 4, tls: true },
  ".tbss": { progbits: false, alloc: true, exec: false, write: true, align: 4, tls: true },
  ".comment": { progbits: true, alloc: false, exec: false, write: false, align: 1 },
  ".preinit_array": { progbits: true, alloc: true, exec: false, write: true, align: 4, shType: 16 },
  ".init_array": { progbits: true, alloc: true, exec: false, write: true, align: 4, shType: 14 },
  ".fini_array": { progbits: true, alloc: true, exec: false, write: true, align: 4, shType: 15 },
  ".note": { progbits: true, alloc: false, exec: false, write: false, align: 4, shType: 7 },
};

export function newSection(seg: number, name: string, format: "elf" | "bin"): Section {
  let d: Defaults;
  if (format === "elf") {
    d = ELF_DEFAULTS[name] ?? (name.startsWith(".debug") ? { progbits: true, alloc: false, exec: false, write: false, align: 1 }
      : { progbits: true, alloc: true, exec: false, write: false, align: 1 });
  } else {
    const bss = name === ".bss";
    d = { progbits: !bss, alloc: true, exec: name === ".text", write: !bss, align: 4 };
  }
  return {
    seg, name, progbits: d.progbits, alloc: d.alloc, exec: d.exec, write: d.write, align: d.align, shType: d.shType ?? 0,
    tls: d.tls ?? false, start: null, vstart: null, follows: null, vfollows: null, offset: 0, size: 0,
    data: new ByteBuffer(), fixups: [],
  };
}
