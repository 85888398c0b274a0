/**
 * The archives a project comes in and goes out as: tar (ustar, with GNU long names and pax `path` records
 * read) and zip (stored or deflated, read with the browser's DecompressionStream). Writing is tar only (what
 * "Download" and "Share" produce). Pure over bytes, no DOM; a damaged archive is an Error saying where.
 */
export interface ArchiveEntry {
  path: string;
  data: Uint8Array;
}

const ascii = (b: Uint8Array, start: number, len: number) => {
  let s = "";
  for (let i = start; i < start + len && b[i] !== 0; i++) s += String.fromCharCode(b[i]!);
  return s;
};
const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);
const octal = (b: Uint8Array, start: number, len: number) => parseInt(ascii(b, start, len).trim() || "0", 8);

export function isTar(b: Uint8Array): boolean {
  return b.length >= 512 && ascii(b, 257, 5) === "ustar";
}

export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

export function readTar(b: Uint8Array): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let longName: string | null = null;
  for (let at = 0; at + 512 <= b.length;) {
    if (b.subarray(at, at + 512).every((x) => x === 0)) break;
    const size = octal(b, at + 124, 12);
    const type = String.fromCharCode(b[at + 156] || 0x30);
    const prefix = ascii(b, at + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${ascii(b, at, 100)}` : ascii(b, at, 100));
    const start = at + 512;
    if (start + size > b.length) throw new Error(`tar: '${name}' is cut short (${size} bytes from offset ${start}, archive ${b.length})`);
    const data = b.slice(start, start + size);
    longName = null;
    if (type === "L") longName = utf8(data).replace(/\0+$/, "");
    else if (type === "x") {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(utf8(data));
      if (m) longName = m[1]!;
    } else if (type === "0" || type === "\0" || type === "7") out.push({ path: name, data });
    at = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

export function writeTar(entries: readonly ArchiveEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number, len: number) => h.set(enc.encode(s).subarray(0, len), at);
    let name = e.path, prefix = "";
    if (enc.encode(name).length > 100) {
      const cut = name.lastIndexOf("/", 154);
      if (cut <= 0 || enc.encode(name.slice(cut + 1)).length > 100) throw new Error(`tar: path too long: ${e.path}`);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    put(name, 0, 100);
    put("0000644\0", 100, 8);
    put("0000000\0", 108, 8);
    put("0000000\0", 116, 8);
    put(e.data.length.toString(8).padStart(11, "0") + "\0", 124, 12);
    put("00000000000\0", 136, 12);
    put("        ", 148, 8);
    h[156] = 0x30;
    put("ustar\0", 257, 6);
    put("00", 263, 2);
    put(prefix, 345, 155);
    const sum = h.reduce((a, x) => a + x, 0);
    put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
    blocks.push(h, e.data, new Uint8Array((512 - (e.data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of blocks) { out.set(x, at); at += x.length; }
  return out;
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function readZip(b: Uint8Array): Promise<ArchiveEntry[]> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) if (v.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error("zip: no end of central directory (not a zip, or cut short)");
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  const out: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (v.getUint32(at, true) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${i} at offset ${at}`);
    const method = v.getUint16(at + 10, true), csize = v.getUint32(at + 20, true);
    const nameLen = v.getUint16(at + 28, true), extraLen = v.getUint16(at + 30, true), commentLen = v.getUint16(at + 32, true);
    const local = v.getUint32(at + 42, true);
    const path = utf8(b.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    if (path.endsWith("/")) continue;
    const dataAt = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const raw = b.subarray(dataAt, dataAt + csize);
    if (method === 0) out.push({ path, data: raw.slice() });
    else if (method === 8) out.push({ path, data: await inflateRaw(raw) });
    else throw new Error(`zip: '${path}' uses compression method ${method} (only stored and deflate are read)`);
  }
  return out;
}
