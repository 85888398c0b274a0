/**
 * `ar` archive reader (GNU/SysV format, as `ar rcs` and libgcc.a use): members with their long names and the
 * archive symbol table ("/" armap). Does not parse the members; thin archives are rejected. Malformed input is
 * KernlabError("malformed-object") naming the archive and the field.
 */
import { diagnostic, KernlabError } from "../../core/diagnostics";

export interface ArchiveMember { name: string; offset: number; bytes: Uint8Array }
export interface Archive {
  fileName: string;
  members: ArchiveMember[];
  /** The armap in order: symbol name → member offset (header offset, as `ar` stores it). */
  symbols: { name: string; memberOffset: number }[];
}

const MAGIC = "!<arch>\n";

export function isArchive(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

function fail(file: string, field: string, text: string): never {
  throw new KernlabError(diagnostic("malformed-object", `${file}: ${field}: ${text}`, { file, line: 0, column: 0 }));
}

function ascii(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export function readArchive(bytes: Uint8Array, fileName = "<archive>"): Archive {
  if (!isArchive(bytes)) fail(fileName, "magic", "not an ar archive");
  const members: ArchiveMember[] = [];
  const symbols: { name: string; memberOffset: number }[] = [];
  let longNames: Uint8Array | null = null;
  let off = 8;
  while (off + 60 <= bytes.length) {
    const rawName = ascii(bytes, off, off + 16).trimEnd();
    const sizeText = ascii(bytes, off + 48, off + 58).trim();
    if (bytes[off + 58] !== 0x60 || bytes[off + 59] !== 0x0a) fail(fileName, `member header at ${off} ar_fmag`, "bad terminator");
    const size = Number.parseInt(sizeText, 10);
    if (!Number.isFinite(size) || size < 0 || off + 60 + size > bytes.length) fail(fileName, `member header at ${off} ar_size`, `'${sizeText}' runs past the end of the archive`);
    const data = bytes.subarray(off + 60, off + 60 + size);
    if (rawName === "/") {
      if (size < 4) fail(fileName, "armap", "too short");
      const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const n = dv.getUint32(0, false);
      if (4 + n * 4 > size) fail(fileName, "armap", `${n} symbols do not fit`);
      let p = 4 + n * 4;
      for (let i = 0; i < n; i++) {
        if (p >= size) fail(fileName, "armap", `the names of ${n} symbols run past the symbol map's ${size} bytes (corrupt archive symbol map)`);
        let e = p;
        while (e < size && data[e] !== 0) e++;
        symbols.push({ name: ascii(data, p, e), memberOffset: dv.getUint32(4 + i * 4, false) });
        p = e + 1;
      }
    } else if (rawName === "//") {
      longNames = data;
    } else if (rawName === "/SYM64/") {
      // 64-bit armap: not produced for i386 archives; ignored.
    } else {
      let name = rawName;
      if (/^\/\d+$/.test(rawName)) {
        const at = Number.parseInt(rawName.slice(1), 10);
        if (!longNames || at >= longNames.length) fail(fileName, `member header at ${off} ar_name`, `long name offset ${at} is outside the name table`);
        let e = at;
        while (e < longNames.length && longNames[e] !== 0x0a) e++;
        name = ascii(longNames, at, e).replace(/\/$/, "");
      } else name = rawName.replace(/\/$/, "");
      members.push({ name, offset: off, bytes: data });
    }
    off += 60 + size + (size & 1);
  }
  // Every armap entry must name a member's header: otherwise a symbol would silently be "undefined".
  const headers = new Set(members.map((m) => m.offset));
  for (const sym of symbols) {
    if (!headers.has(sym.memberOffset)) fail(fileName, "armap", `symbol '${sym.name}' points at offset ${sym.memberOffset}, which is not a member header (corrupt archive symbol map)`);
  }
  return { fileName, members, symbols };
}
