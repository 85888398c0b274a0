/**
 * `.debug_line` → rows of the line-number matrix (DWARF 2-5, section 6.2 of the DWARF 5 specification): what
 * `objdump --dwarf=decodedline` prints. Reads the line programs NASM writes (`-g -F dwarf`: version 2) and gcc
 * writes (`-gdwarf-2/-3/-4`, and gcc 12's default version 5 with its entry formats and `.debug_line_str`).
 * Addresses are taken as written: in a linked ELF they are final; in an i386 relocatable object (REL, addend
 * in place) they are offsets in their section, as objdump shows them. Pure: no DOM, no Node; every
 * malformation is a KernlabError("malformed-object") naming the file, the program's offset and the field.
 */
import { diagnostic, KernlabError } from "../../core/diagnostics";
import { sectionByName, type ElfFile } from "./read";

/** One row of the matrix. `file` is the path the program names (directory joined to the name, as given). */
export interface LineRow {
  address: number;
  file: string;
  line: number;
  column: number;
  isStmt: boolean;
  /** The first address after a sequence (DW_LNE_end_sequence): no line of its own. */
  endSequence: boolean;
}

/** One line program (one compile unit's): its header's version and its rows in program order. */
export interface LineProgram {
  /** Offset of the program's header in .debug_line. */
  offset: number;
  version: number;
  rows: LineRow[];
}

// Opcodes and forms: names from the DWARF 5 specification (7.22, 7.5.6).
const DW_LNS_copy = 1, DW_LNS_advance_pc = 2, DW_LNS_advance_line = 3, DW_LNS_set_file = 4, DW_LNS_set_column = 5;
const DW_LNS_negate_stmt = 6, DW_LNS_set_basic_block = 7, DW_LNS_const_add_pc = 8, DW_LNS_fixed_advance_pc = 9;
const DW_LNE_end_sequence = 1, DW_LNE_set_address = 2, DW_LNE_define_file = 3;
const DW_LNCT_path = 1, DW_LNCT_directory_index = 2;
const DW_FORM_block = 0x09, DW_FORM_block1 = 0x0a, DW_FORM_data1 = 0x0b, DW_FORM_data2 = 0x05, DW_FORM_data4 = 0x06;
const DW_FORM_data8 = 0x07, DW_FORM_data16 = 0x1e, DW_FORM_string = 0x08, DW_FORM_strp = 0x0e, DW_FORM_line_strp = 0x1f;
const DW_FORM_udata = 0x0f, DW_FORM_sdata = 0x0d, DW_FORM_strx = 0x1a, DW_FORM_strx1 = 0x25, DW_FORM_strx2 = 0x26;
const DW_FORM_strx3 = 0x27, DW_FORM_strx4 = 0x28;

/** A little-endian cursor over one section that fails with the field's name. */
class Cursor {
  pos: number;
  private readonly dv: DataView;
  constructor(readonly bytes: Uint8Array, pos: number, readonly where: (field: string, text: string) => never) {
    this.pos = pos;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, field: string): void {
    if (this.pos + n > this.bytes.length) this.where(field, `runs past the end of the section (${this.bytes.length} bytes)`);
  }
  u8(field: string): number { this.need(1, field); return this.bytes[this.pos++]!; }
  u16(field: string): number { this.need(2, field); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  u32(field: string): number { this.need(4, field); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  /** An offset of `size` bytes (4, or 8 in the 64-bit DWARF format: the high half must be zero here). */
  offset(size: number, field: string): number {
    const lo = this.u32(field);
    if (size === 8 && this.u32(field) !== 0) this.where(field, "a 64-bit offset beyond 4 GiB");
    return lo;
  }
  /** An address of `size` bytes (a 32-bit target: 1, 2, 4, or 8 with a zero high half). */
  address(size: number, field: string): number {
    if (size === 4) return this.u32(field);
    if (size === 8) return this.offset(8, field);
    if (size === 2) return this.u16(field);
    if (size === 1) return this.u8(field);
    return this.where(field, `address size ${size} is not 1, 2, 4 or 8`);
  }
  uleb(field: string): number {
    let v = 0, shift = 0;
    for (;;) {
      const b = this.u8(field);
      if (shift < 32) v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return v;
    }
  }
  sleb(field: string): number {
    let v = 0, shift = 0, b: number;
    do {
      b = this.u8(field);
      if (shift < 32) v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40 && shift < 53) v -= 2 ** shift;
    return v;
  }
  cstr(field: string): string {
    const end = this.bytes.indexOf(0, this.pos);
    if (end < 0) this.where(field, "string without its terminating NUL");
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }
}

function stringAt(section: Uint8Array | null, offset: number, name: string, where: (field: string, text: string) => never, field: string): string {
  if (!section) return where(field, `refers to ${name}, which the file does not have`);
  if (offset >= section.length) return where(field, `offset 0x${offset.toString(16)} is outside ${name} (${section.length} bytes)`);
  const end = section.indexOf(0, offset);
  return new TextDecoder().decode(section.subarray(offset, end < 0 ? section.length : end));
}

const join = (dir: string, name: string) => (dir === "" || name.startsWith("/") ? name : dir.endsWith("/") ? dir + name : `${dir}/${name}`);

/**
 * Decodes every line program of a `.debug_line` section. `lineStr`/`str` are `.debug_line_str` and `.debug_str`
 * (DWARF 5 headers refer to them); `fileName` names the ELF in errors.
 */
export function decodeDebugLine(data: Uint8Array, sections: { lineStr?: Uint8Array | null; str?: Uint8Array | null } = {}, fileName = "<input>"): LineProgram[] {
  const programs: LineProgram[] = [];
  let start = 0;
  while (start < data.length) {
    const where = (field: string, text: string): never => {
      throw new KernlabError(diagnostic("malformed-object", `${fileName}: .debug_line program at 0x${start.toString(16)}: ${field}: ${text}`, { file: fileName, line: 0, column: 0 }));
    };
    const c = new Cursor(data, start, where);
    let unitLength = c.u32("unit_length");
    let offsetSize = 4;
    if (unitLength === 0xffffffff) { unitLength = c.offset(8, "unit_length"); offsetSize = 8; }
    else if (unitLength >= 0xfffffff0) where("unit_length", `reserved value 0x${unitLength.toString(16)}`);
    const end = c.pos + unitLength;
    if (end > data.length) where("unit_length", `${unitLength} bytes run past the end of the section (${data.length} bytes)`);
    const version = c.u16("version");
    if (version < 2 || version > 5) where("version", `${version} is not a DWARF 2-5 line program`);
    let addressSize = 4;
    if (version >= 5) {
      addressSize = c.u8("address_size");
      c.u8("segment_selector_size");
    }
    const headerLength = c.offset(offsetSize, "header_length");
    const programStart = c.pos + headerLength;
    if (programStart > end) where("header_length", `${headerLength} runs past the program's end`);
    const minInst = c.u8("minimum_instruction_length");
    if (version >= 4) c.u8("maximum_operations_per_instruction"); // 1 on x86: op_index stays 0
    const defaultIsStmt = c.u8("default_is_stmt") !== 0;
    const lineBase = (c.u8("line_base") << 24) >> 24;
    const lineRange = c.u8("line_range");
    if (lineRange === 0) where("line_range", "0 (special opcodes would divide by zero)");
    const opcodeBase = c.u8("opcode_base");
    const stdLengths: number[] = [];
    for (let i = 1; i < opcodeBase; i++) stdLengths.push(c.u8("standard_opcode_lengths"));

    const dirs: string[] = [];
    /** Files as the program numbers them: 1-based before DWARF 5 (index 0 unused), 0-based from 5. */
    const files: string[] = [];
    if (version < 5) {
      dirs.push(""); // 0: the compilation directory, which the line program does not name
      for (let d = c.cstr("include_directories"); d !== ""; d = c.cstr("include_directories")) dirs.push(d);
      files.push("");
      for (let n = c.cstr("file_names"); n !== ""; n = c.cstr("file_names")) {
        const dir = c.uleb("file_names directory index");
        c.uleb("file_names modification time");
        c.uleb("file_names length");
        files.push(join(dirs[dir] ?? "", n));
      }
    } else {
      const entries = (what: "directory" | "file_name", countField: string): { path: string; dir: number }[] => {
        const formatCount = c.u8(`${what}_entry_format_count`);
        const format: [number, number][] = [];
        for (let i = 0; i < formatCount; i++) format.push([c.uleb(`${what}_entry_format`), c.uleb(`${what}_entry_format`)]);
        const count = c.uleb(countField);
        // every entry takes at least one byte per field: a count the header cannot hold is malformed, not a long loop
        if (count > 0 && formatCount === 0) where(countField, `${count} entries described by no fields`);
        if (count > programStart - c.pos) where(countField, `${count} entries do not fit in the header`);
        const out: { path: string; dir: number }[] = [];
        for (let i = 0; i < count; i++) {
          const e = { path: "", dir: 0 };
          for (const [type, form] of format) {
            const v = readForm(c, form, offsetSize, addressSize, sections, `${what} ${i}`);
            if (type === DW_LNCT_path) e.path = typeof v === "string" ? v : where(`${what} ${i} path`, `form 0x${form.toString(16)} is not a string form`);
            else if (type === DW_LNCT_directory_index) e.dir = typeof v === "number" ? v : 0;
          }
          out.push(e);
        }
        return out;
      };
      for (const d of entries("directory", "directories_count")) dirs.push(d.path);
      for (const f of entries("file_name", "file_names_count")) files.push(join(dirs[f.dir] ?? "", f.path));
    }
    c.pos = programStart;

    // The state machine (6.2.2).
    const rows: LineRow[] = [];
    let address = 0, file = 1, line = 1, column = 0, isStmt = defaultIsStmt;
    const reset = () => { address = 0; file = 1; line = 1; column = 0; isStmt = defaultIsStmt; };
    const fileName_ = (f: number) => files[f] ?? `<file ${f}>`;
    const emit = (endSequence: boolean) => rows.push({ address: address >>> 0, file: fileName_(file), line, column, isStmt, endSequence });
    while (c.pos < end) {
      const op = c.u8("opcode");
      if (op >= opcodeBase) {
        const adjusted = op - opcodeBase;
        address += Math.floor(adjusted / lineRange) * minInst;
        line += lineBase + (adjusted % lineRange);
        emit(false);
      } else if (op === 0) {
        const len = c.uleb("extended opcode length");
        const next = c.pos + len;
        if (len === 0 || next > end) where("extended opcode", `length ${len} runs past the program's end`);
        const sub = c.u8("extended opcode");
        if (sub === DW_LNE_end_sequence) { emit(true); reset(); }
        else if (sub === DW_LNE_set_address) address = c.address(len - 1, "DW_LNE_set_address");
        else if (sub === DW_LNE_define_file) {
          const n = c.cstr("DW_LNE_define_file");
          const dir = c.uleb("DW_LNE_define_file");
          files.push(join(dirs[dir] ?? "", n));
        }
        c.pos = next; // DW_LNE_set_discriminator and vendor opcodes: skipped by their length
      } else if (op === DW_LNS_copy) emit(false);
      else if (op === DW_LNS_advance_pc) address += c.uleb("DW_LNS_advance_pc") * minInst;
      else if (op === DW_LNS_advance_line) line += c.sleb("DW_LNS_advance_line");
      else if (op === DW_LNS_set_file) file = c.uleb("DW_LNS_set_file");
      else if (op === DW_LNS_set_column) column = c.uleb("DW_LNS_set_column");
      else if (op === DW_LNS_negate_stmt) isStmt = !isStmt;
      else if (op === DW_LNS_set_basic_block) { /* no effect on the rows */ }
      else if (op === DW_LNS_const_add_pc) address += Math.floor((255 - opcodeBase) / lineRange) * minInst;
      else if (op === DW_LNS_fixed_advance_pc) address += c.u16("DW_LNS_fixed_advance_pc");
      else for (let i = 0; i < (stdLengths[op - 1] ?? 0); i++) c.uleb(`standard opcode ${op}`); // prologue_end, epilogue_begin, set_isa, vendor
    }
    programs.push({ offset: start, version, rows });
    start = end;
  }
  return programs;
}

/** A DWARF 5 entry-format value: strings resolved, numbers as numbers, blocks (MD5) skipped. */
function readForm(c: Cursor, form: number, offsetSize: number, addressSize: number, sections: { lineStr?: Uint8Array | null; str?: Uint8Array | null }, field: string): string | number | null {
  switch (form) {
    case DW_FORM_string: return c.cstr(field);
    case DW_FORM_line_strp: return stringAt(sections.lineStr ?? null, c.offset(offsetSize, field), ".debug_line_str", c.where, field);
    case DW_FORM_strp: return stringAt(sections.str ?? null, c.offset(offsetSize, field), ".debug_str", c.where, field);
    case DW_FORM_udata: return c.uleb(field);
    case DW_FORM_sdata: return c.sleb(field);
    case DW_FORM_data1: return c.u8(field);
    case DW_FORM_data2: return c.u16(field);
    case DW_FORM_data4: return c.u32(field);
    case DW_FORM_data8: return c.offset(8, field);
    case DW_FORM_data16: c.need(16, field); c.pos += 16; return null;
    case DW_FORM_block: { const n = c.uleb(field); c.need(n, field); c.pos += n; return null; }
    case DW_FORM_block1: { const n = c.u8(field); c.need(n, field); c.pos += n; return null; }
    case DW_FORM_strx: case DW_FORM_strx1: case DW_FORM_strx2: case DW_FORM_strx3: case DW_FORM_strx4:
      return c.where(field, "DW_FORM_strx needs .debug_str_offsets, which line tables do not use here");
    default: return c.where(field, `form 0x${form.toString(16)} is not a form line table entries use`);
  }
}

/** The line programs of an ELF's `.debug_line`; [] when it has none. */
export function readLinePrograms(elf: ElfFile): LineProgram[] {
  const line = sectionByName(elf, ".debug_line");
  if (!line || line.data.length === 0) return [];
  return decodeDebugLine(line.data, { lineStr: sectionByName(elf, ".debug_line_str")?.data ?? null, str: sectionByName(elf, ".debug_str")?.data ?? null }, elf.fileName);
}
