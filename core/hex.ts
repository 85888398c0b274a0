/** The one way kernlab prints an address: `0x00100000` (8 hex digits, lower case). */
export function hex(value: number, digits = 8): string {
  return "0x" + (value >>> 0).toString(16).padStart(digits, "0");
}

/** A byte count for people: `512 B`, `4 KiB`, `1.5 MiB`. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
}
