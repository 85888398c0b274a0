import { describe, expect, it } from "vitest";
import { indexOfBytes, sameBytes } from "../../core/bytes";

const b = (...x: number[]) => new Uint8Array(x);

describe("core/bytes", () => {
  it("sameBytes compares length and content", () => {
    expect(sameBytes(b(1, 2, 3), b(1, 2, 3))).toBe(true);
    expect(sameBytes(b(1, 2, 3), b(1, 2, 4))).toBe(false);
    expect(sameBytes(b(1, 2), b(1, 2, 3))).toBe(false);
  });
  it("indexOfBytes finds the first whole match, including at the very end", () => {
    expect(indexOfBytes(b(1, 2, 1, 2, 3), b(1, 2, 3))).toBe(2);
    expect(indexOfBytes(b(9, 9, 7, 8), b(7, 8))).toBe(2);
    expect(indexOfBytes(b(1, 2, 1, 2), b(1, 2, 3))).toBe(-1);
    expect(indexOfBytes(b(1), b())).toBe(0);
  });
});
