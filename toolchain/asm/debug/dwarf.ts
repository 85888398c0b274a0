/**
 * `-g -F dwarf` (NASM's default elf32 debug format): DWARF 2 line tables as NASM 2.16 writes them.
 * From the final pass's output calls (trace.ts) it builds one line-number sequence per executable
 * section (in order of first output), `.debug_aranges` (one range per such section), a `.debug_info`
 * compile unit (name, directory, producer "NASM 2.16.01", language Mips assembler) with one subprogram,
 * the fixed `.debug_abbrev`, and their REL relocations. `.debug_pubnames`, `.debug_frame` and
 * `.debug_loc` are present and empty, as in NASM. Not the ELF container (elf-writer.ts).
 */
import { R_386_32, SHT_PROGBITS, SHT_REL } from "../../elf/elf32";
import { Bytes, type DebugSection, type DebugSections } from "./sections";
import type { OutEvent } from "./trace";

/** A program section as the encoder needs it: its section header index and final size. */
export interface DebugTarget { index: number; exec: boolean; size: number }

export interface DwarfOptions {
  /** DW_AT_name: the input file name as given. */
  module: string;
  /** DW_AT_comp_dir: NASM writes the input's directory with a trailing slash. */
  compDir: string;
}

// DWARF 2 constants (names from the DWARF 2 specification).
const DW_TAG_compile_unit = 0x11, DW_TAG_subprogram = 0x2e;
const DW_AT_name = 0x03, DW_AT_stmt_list = 0x10, DW_AT_low_pc = 0x11, DW_AT_high_pc = 0x12, DW_AT_language = 0x13;
const DW_AT_comp_dir = 0x1b, DW_AT_producer = 0x25, DW_AT_frame_base = 0x40;
const DW_FORM_addr = 0x01, DW_FORM_data2 = 0x05, DW_FORM_data4 = 0x06, DW_FORM_string = 0x08;
const DW_LANG_Mips_Assembler = 0x8001;
const DW_LNS_copy = 1, DW_LNS_advance_pc = 2, DW_LNS_advance_line = 3, DW_LNS_set_file = 4;
const DW_LNE_end_sequence = 1, DW_LNE_set_address = 2;
/** NASM's line program parameters. */
const LINE_BASE = -5, LINE_RANGE = 14, OPCODE_BASE = 13;
const STD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
const PRODUCER = "NASM 2.16.01";

/** The debug sections in NASM's order, each relocation section after the section it applies to. */
const NAMES = [".debug_aranges", ".rel.debug_aranges", ".debug_pubnames", ".debug_info", ".rel.debug_info", ".debug_abbrev", ".debug_line", ".rel.debug_line", ".debug_frame", ".debug_loc"] as const;

interface Sequence { target: DebugTarget; ops: Bytes; line: number; offset: number; file: number }

/**
 * `targets`: segment id → program section; `nsects`: how many program sections there are (their
 * STT_SECTION symbols are 2..nsects+1 and the three debug section symbols follow).
 */
export function dwarfSections(outs: readonly OutEvent[], targets: ReadonlyMap<number, DebugTarget>, nsects: number, opts: DwarfOptions): DebugSections {
  const infoSym = 2 + nsects, abbrevSym = infoSym + 1, lineSym = infoSym + 2;
  const sectSym = (t: DebugTarget) => t.index + 1;

  // The line programs, built as NASM's back end sees each output call.
  const files: string[] = [];
  const seqs: Sequence[] = [];
  let fileIndex = 0;
  let where: OutEvent | null = null;
  let pending = false;
  let line = 1;
  let cur: Sequence | null = null;
  for (const ev of outs) {
    if (!where || where.file !== ev.file || where.line !== ev.line || where.seg !== ev.seg) {
      where = ev;
      let i = files.indexOf(ev.file);
      if (i < 0) i = files.push(ev.file) - 1;
      fileIndex = i + 1;
      pending = true;
      line = ev.line;
    }
    const t = ev.seg >= 0 ? targets.get(ev.seg) : undefined;
    if (!t || !t.exec) continue;
    if (!cur || cur.target !== t) {
      cur = seqs.find((s) => s.target === t) ?? null;
      if (!cur) {
        cur = { target: t, ops: new Bytes(), line: 1, offset: 0, file: 1 };
        cur.ops.u8(0).u8(5).u8(DW_LNE_set_address).u32(0);
        seqs.push(cur);
      }
    }
    if (!pending) continue;
    const ln = line - cur.line, aa = ev.offset - cur.offset;
    if (fileIndex !== cur.file) { cur.ops.u8(DW_LNS_set_file).u8(fileIndex); cur.file = fileIndex; }
    if (ln) {
      const special = ln - LINE_BASE + LINE_RANGE * aa + OPCODE_BASE;
      if (ln >= LINE_BASE && ln < LINE_BASE + LINE_RANGE && special < 256) cur.ops.u8(special);
      else {
        cur.ops.u8(DW_LNS_advance_line).sleb(ln);
        if (aa) cur.ops.u8(DW_LNS_advance_pc).uleb(aa);
        cur.ops.u8(DW_LNS_copy);
      }
      cur.line = line;
      cur.offset = ev.offset;
    }
    pending = false;
  }

  const empty = new Uint8Array(0);
  const data: Record<(typeof NAMES)[number], Uint8Array> = Object.fromEntries(NAMES.map((n) => [n, empty])) as Record<(typeof NAMES)[number], Uint8Array>;
  if (seqs.length) {
    // .debug_aranges: one range per sequence. (NASM writes the epilogue's advance as one byte.)
    const ar = new Bytes(), arRel = new Bytes();
    ar.u16(2);
    arRel.u32(ar.length + 4).u32((infoSym << 8) + R_386_32);
    ar.u32(0).u8(4).u8(0).u32(0);
    let highaddr = 0;
    for (const s of seqs) {
      s.ops.u8(DW_LNS_advance_pc).u8(s.target.size - s.offset).u8(0).u8(1).u8(DW_LNE_end_sequence);
      arRel.u32(ar.length + 4).u32((sectSym(s.target) << 8) + R_386_32);
      ar.u32(0).u32(s.target.size);
      highaddr += s.target.size;
    }
    ar.u32(0).u32(0);
    data[".debug_aranges"] = new Bytes().u32(ar.length).bytes(ar.b).done();
    data[".rel.debug_aranges"] = arRel.done();

    // .debug_info: the compile unit and one subprogram.
    const first = sectSym(seqs[0]!.target);
    const info = new Bytes(), infoRel = new Bytes();
    info.u16(2);
    infoRel.u32(info.length + 4).u32((abbrevSym << 8) + R_386_32);
    info.u32(0).u8(4).u8(1);
    infoRel.u32(info.length + 4).u32((first << 8) + R_386_32);
    info.u32(0);
    infoRel.u32(info.length + 4).u32((first << 8) + R_386_32);
    info.u32(highaddr);
    infoRel.u32(info.length + 4).u32((lineSym << 8) + R_386_32);
    info.u32(0).str(opts.module).str(opts.compDir).str(PRODUCER).u16(DW_LANG_Mips_Assembler).u8(2);
    infoRel.u32(info.length + 4).u32((first << 8) + R_386_32);
    info.u32(0).u32(0).u8(0);
    data[".debug_info"] = new Bytes().u32(info.length).bytes(info.b).done();
    data[".rel.debug_info"] = infoRel.done();

    data[".debug_abbrev"] = new Bytes()
      .u8(1).u8(DW_TAG_compile_unit).u8(1)
      .u8(DW_AT_low_pc).u8(DW_FORM_addr).u8(DW_AT_high_pc).u8(DW_FORM_addr).u8(DW_AT_stmt_list).u8(DW_FORM_data4)
      .u8(DW_AT_name).u8(DW_FORM_string).u8(DW_AT_comp_dir).u8(DW_FORM_string).u8(DW_AT_producer).u8(DW_FORM_string)
      .u8(DW_AT_language).u8(DW_FORM_data2).u16(0)
      .u8(2).u8(DW_TAG_subprogram).u8(0).u8(DW_AT_low_pc).u8(DW_FORM_addr).u8(DW_AT_frame_base).u8(DW_FORM_data4).u16(0)
      .u8(0).done();

    // .debug_line: header, file table, then the sequences.
    const head = new Bytes().u8(1).u8(1).u8(LINE_BASE).u8(LINE_RANGE).u8(OPCODE_BASE);
    for (const n of STD_OPCODE_LENGTHS) head.u8(n);
    head.u8(0);
    for (const f of files) head.str(f).u8(0).u8(0).u8(0);
    head.u8(0);
    const body = new Bytes(), lineRel = new Bytes();
    let at = 10 + head.length + 3;
    for (const s of seqs) {
      lineRel.u32(at).u32((sectSym(s.target) << 8) + R_386_32);
      body.bytes(s.ops.b);
      at += s.ops.length;
    }
    data[".debug_line"] = new Bytes().u32(2 + 4 + head.length + body.length).u16(2).u32(head.length).bytes(head.b).bytes(body.b).done();
    data[".rel.debug_line"] = lineRel.done();
  }

  const sections: DebugSection[] = NAMES.map((name) => {
    const rel = name.startsWith(".rel");
    return {
      name, type: rel ? SHT_REL : SHT_PROGBITS, data: data[name], align: rel ? 4 : name === ".debug_frame" ? 8 : 1, entsize: rel ? 8 : 0,
      link: rel ? ".symtab" : null, info: rel ? name.slice(4) : null,
    };
  });
  return { sections, sectionSymbols: [".debug_info", ".debug_abbrev", ".debug_line"] };
}
