/**
 * The debug sections a debug format hands to the ELF writer: bytes, header fields, and which sections
 * their sh_link/sh_info name (resolved to indices by elf-writer.ts). Plus the little-endian byte
 * builder and LEB128 encoders the formats share. Not an encoder of any one format.
 */

export interface DebugSection {
  name: string;
  /** SHT_PROGBITS, SHT_STRTAB or SHT_REL. */
  type: number;
  data: Uint8Array;
  align: number;
  entsize: number;
  /** sh_link: ".symtab" or another debug section's name; null for 0. */
  link: string | null;
  /** sh_info: the name of the debug section a relocation section applies to; null for 0. */
  info: string | null;
}

export interface DebugSections {
  /** In section header order, after the program's sections. */
  sections: DebugSection[];
  /** Debug sections that get an STT_SECTION symbol (right after the program's section symbols). */
  sectionSymbols: string[];
}

/** A growable little-endian byte buffer. */
export class Bytes {
  readonly b: number[] = [];
  get length(): number { return this.b.length; }
  u8(v: number): this { this.b.push(v & 0xff); return this; }
  u16(v: number): this { return this.u8(v).u8(v >>> 8); }
  u32(v: number): this { return this.u16(v & 0xffff).u16(v >>> 16); }
  /** A NUL-terminated string (UTF-8, as a file name reaches NASM). */
  str(s: string): this { for (const c of new TextEncoder().encode(s)) this.b.push(c); return this.u8(0); }
  uleb(v: number): this {
    do { let byte = v & 0x7f; v = Math.floor(v / 128); if (v) byte |= 0x80; this.b.push(byte); } while (v);
    return this;
  }
  sleb(v: number): this {
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) { this.b.push(byte); return this; }
      this.b.push(byte | 0x80);
    }
  }
  bytes(src: ArrayLike<number>): this { for (let i = 0; i < src.length; i++) this.b.push(src[i]!); return this; }
  done(): Uint8Array { return new Uint8Array(this.b); }
}
