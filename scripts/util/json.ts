/**
 * `--json` output: one JSON document on stdout, two-space indented, newline-terminated. Addresses in JSON
 * are numbers (a consumer should not have to parse hex); the text output is where `hex()` formatting lives.
 * Uint8Array values become arrays of numbers; bigint values become numbers when safe, else decimal strings.
 */

export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (v instanceof Uint8Array) return Array.from(v);
        if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
        if (v instanceof Map) return Object.fromEntries(v);
        return v;
      },
      2,
    ) + "\n"
  );
}

export function printJson(value: unknown, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(toJson(value));
}
