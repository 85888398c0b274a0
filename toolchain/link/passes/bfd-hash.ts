/**
 * ld's global symbol table as BFD keeps it (bfd/hash.c): a chained hash table of DEFAULT_SIZE (4051) buckets,
 * each new entry put at the head of its bucket's chain. When an insertion makes the entry count pass 3/4 of
 * the bucket count, the table grows to the next prime of higher_prime_number's list (4093, 8191, 16381 …):
 * the old buckets are walked in order and each run of entries with the same full hash at a chain's head
 * moves, keeping its order, to the head of its new bucket. Entries are never removed. ld walks this table
 * (bucket 0 up, each chain from its head) to write the global part of .symtab and to allocate COMMON
 * symbols, so those orders are the traversal order modelled here.
 */

export const BFD_DEFAULT_HASH_SIZE = 4051;

/** higher_prime_number's list: primes just under powers of two. */
const PRIMES = [31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287, 1048573,
  2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399, 536870909, 1073741789, 2147483647, 4294967291];

/** The smallest listed prime above n, or 0 past the list (the table then stops growing). */
export function higherPrime(n: number): number {
  for (const p of PRIMES) if (p > n) return p;
  return 0;
}

const enc = new TextEncoder();
const M64 = (1n << 64n) - 1n;
const hashCache = new Map<string, { hi: number; lo: number }>();

/** bfd_hash_hash on a 64-bit host (unsigned long), as its two 32-bit halves. */
export function bfdHash(name: string): { hi: number; lo: number } {
  let r = hashCache.get(name);
  if (r) return r;
  let h = 0n;
  const bytes = enc.encode(name);
  for (const x of bytes) { const c = BigInt(x); h = (h + c + (c << 17n)) & M64; h ^= h >> 2n; }
  const len = BigInt(bytes.length);
  h = (h + len + (len << 17n)) & M64; h ^= h >> 2n;
  r = { hi: Number(h >> 32n), lo: Number(h & 0xffffffffn) };
  if (hashCache.size < 200_000) hashCache.set(name, r);
  return r;
}

/** hash % size without BigInt (size < 2^32: every intermediate stays below 2^53). */
function bucketOf(h: { hi: number; lo: number }, size: number): number {
  return ((((h.hi % size) * 65536) % size) * 65536 + h.lo) % size;
}

/**
 * The traversal order of a BFD hash table after inserting `entries` in the given order (each name once),
 * growing as bfd_hash_insert does.
 */
export function bfdTraversal<T>(entries: readonly T[], nameOf: (e: T) => string): T[] {
  const hashes = entries.map((e) => bfdHash(nameOf(e)));
  let size = BFD_DEFAULT_HASH_SIZE;
  // Each bucket's chain is stored reversed: its head is the array's last element.
  let table: number[][] = Array.from({ length: size }, () => []);
  let frozen = false;
  for (let i = 0; i < entries.length; i++) {
    table[bucketOf(hashes[i]!, size)]!.push(i);
    if (frozen || i + 1 <= Math.floor((size * 3) / 4)) continue;
    const newSize = higherPrime(size);
    if (newSize === 0) { frozen = true; continue; }
    const grown: number[][] = Array.from({ length: newSize }, () => []);
    for (const chain of table) {
      while (chain.length) {
        const head = hashes[chain[chain.length - 1]!]!;
        let j = chain.length - 1;
        while (j > 0 && hashes[chain[j - 1]!]!.hi === head.hi && hashes[chain[j - 1]!]!.lo === head.lo) j--;
        const target = grown[bucketOf(head, newSize)]!;
        for (let k = j; k < chain.length; k++) target.push(chain[k]!);
        chain.length = j;
      }
    }
    table = grown;
    size = newSize;
  }
  const out: T[] = [];
  for (const chain of table) for (let k = chain.length - 1; k >= 0; k--) out.push(entries[chain[k]!]!);
  return out;
}
