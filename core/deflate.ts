/**
 * Raw deflate (RFC 1951) in Node and the browser alike, through the web platform's CompressionStream
 * ("deflate-raw"), which Node (>= 18) and current browsers both provide. Used by .klrec snapshots
 * (replay/format.ts). Inflating stops with a RangeError past `maxLength` bytes (a damaged or hostile stream
 * never allocates without bound).
 */

async function pipe(stream: CompressionStream | DecompressionStream, bytes: Uint8Array, maxLength: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const done = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  done.catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    total += value.length;
    if (total > maxLength) { await reader.cancel().catch(() => {}); throw new RangeError(`inflated data exceeds ${maxLength} bytes`); }
    chunks.push(value);
  }
  await done;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

export function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  return pipe(new CompressionStream("deflate-raw"), bytes, Number.MAX_SAFE_INTEGER);
}

/** Rejects (RangeError or the stream's TypeError) for a damaged stream or more than `maxLength` bytes. */
export function inflateRaw(bytes: Uint8Array, maxLength: number): Promise<Uint8Array> {
  return pipe(new DecompressionStream("deflate-raw"), bytes, maxLength);
}
