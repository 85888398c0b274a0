/**
 * ELF32 constants with the names the System V gABI and the i386 psABI give them.
 * Raw numbers only; reading is in read.ts, writing is per producer (asm/emit-elf.ts, link/passes/write.ts).
 */

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const;
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ELFOSABI_NONE = 0;

export const ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;
export const EM_386 = 3;

export const EHDR_SIZE = 52;
export const SHDR_SIZE = 40;
export const PHDR_SIZE = 32;
export const SYM_SIZE = 16;
export const REL_SIZE = 8;
export const RELA_SIZE = 12;

export const SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2, SHN_XINDEX = 0xffff;

export const SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4, SHT_HASH = 5,
  SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_SHLIB = 10, SHT_DYNSYM = 11,
  SHT_INIT_ARRAY = 14, SHT_FINI_ARRAY = 15, SHT_PREINIT_ARRAY = 16, SHT_GROUP = 17, SHT_SYMTAB_SHNDX = 18;

export const SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_MERGE = 0x10, SHF_STRINGS = 0x20,
  SHF_INFO_LINK = 0x40, SHF_LINK_ORDER = 0x80, SHF_GROUP = 0x200, SHF_TLS = 0x400;
export const GRP_COMDAT = 1;

export const PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6,
  PT_GNU_STACK = 0x6474e551;
export const PF_X = 1, PF_W = 2, PF_R = 4;

export const STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
export const STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4, STT_COMMON = 5;
export const STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;

export const R_386_NONE = 0, R_386_32 = 1, R_386_PC32 = 2, R_386_GOT32 = 3, R_386_PLT32 = 4, R_386_COPY = 5,
  R_386_GLOB_DAT = 6, R_386_JMP_SLOT = 7, R_386_RELATIVE = 8, R_386_GOTOFF = 9, R_386_GOTPC = 10,
  R_386_16 = 20, R_386_PC16 = 21, R_386_8 = 22, R_386_PC8 = 23, R_386_GOT32X = 43;

export const R_386_NAMES: Record<number, string> = {
  0: "R_386_NONE", 1: "R_386_32", 2: "R_386_PC32", 3: "R_386_GOT32", 4: "R_386_PLT32", 5: "R_386_COPY",
  6: "R_386_GLOB_DAT", 7: "R_386_JMP_SLOT", 8: "R_386_RELATIVE", 9: "R_386_GOTOFF", 10: "R_386_GOTPC",
  20: "R_386_16", 21: "R_386_PC16", 22: "R_386_8", 23: "R_386_PC8", 43: "R_386_GOT32X",
};

export const ELF32_ST_BIND = (info: number) => info >>> 4;
export const ELF32_ST_TYPE = (info: number) => info & 0xf;
export const ELF32_ST_INFO = (bind: number, type: number) => ((bind << 4) | (type & 0xf)) & 0xff;
export const ELF32_R_SYM = (info: number) => info >>> 8;
export const ELF32_R_TYPE = (info: number) => info & 0xff;
export const ELF32_R_INFO = (sym: number, type: number) => ((sym << 8) | (type & 0xff)) >>> 0;
