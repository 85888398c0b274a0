/**
 * NASM's floating-point constant operators (`__?float32?__(1.5)`, `__?float80e?__(…)`,
 * `__?bfloat16?__(…)` …): a float literal or special value (`__?Infinity?__`, `__?QNaN?__`,
 * `__?SNaN?__`) encoded in one of NASM's IEEE formats, returned as the integer NASM's
 * evaluator returns. Conversion is exact (BigInt rationals) with NASM 2.16.01's observable
 * rules: round to nearest, ties to even for binary/hex literals but downwards for decimal ones
 * (nasm's decimal conversion lands just below an exact tie); a value whose exponent is the
 * format's largest keeps it (an all-ones exponent, no warning) and only a larger one, or a rounding
 * carry into it, overflows to infinity with nasm's warning. Rounding modes other than nearest
 * (`float up` …) and packed BCD are not modelled. Not the assembler's `dd 1.5` data (assembler.ts).
 */

export const FLOAT_OPERATORS = ["float8", "float16", "bfloat16", "float32", "float64", "float80m", "float80e", "float128l", "float128h"] as const;
export type FloatOperator = (typeof FLOAT_OPERATORS)[number];

interface Format {
  /** Exponent bits. */
  exp: number;
  /** Fraction bits (not counting an explicit integer bit). */
  frac: number;
  /** x87's explicit integer bit. */
  explicit: boolean;
}

const FORMATS: Record<"f8" | "f16" | "bf16" | "f32" | "f64" | "f80" | "f128", Format> = {
  f8: { exp: 4, frac: 3, explicit: false },
  f16: { exp: 5, frac: 10, explicit: false },
  bf16: { exp: 8, frac: 7, explicit: false },
  f32: { exp: 8, frac: 23, explicit: false },
  f64: { exp: 11, frac: 52, explicit: false },
  f80: { exp: 15, frac: 63, explicit: true },
  f128: { exp: 15, frac: 112, explicit: false },
};

/** Each operator: its format and which bits of the encoding it returns (shift, width). */
const OPERATORS: Record<FloatOperator, { format: Format; shift: number; bits: number }> = {
  float8: { format: FORMATS.f8, shift: 0, bits: 8 },
  float16: { format: FORMATS.f16, shift: 0, bits: 16 },
  bfloat16: { format: FORMATS.bf16, shift: 0, bits: 16 },
  float32: { format: FORMATS.f32, shift: 0, bits: 32 },
  float64: { format: FORMATS.f64, shift: 0, bits: 64 },
  float80m: { format: FORMATS.f80, shift: 0, bits: 64 },
  float80e: { format: FORMATS.f80, shift: 64, bits: 16 },
  float128l: { format: FORMATS.f128, shift: 0, bits: 64 },
  float128h: { format: FORMATS.f128, shift: 64, bits: 64 },
};

/** `__?float32?__` (any case) → "float32", or null. */
export function floatOperator(name: string): FloatOperator | null {
  const m = /^__\?(\w+)\?__$/.exec(name);
  const op = m?.[1]!.toLowerCase();
  return op && (FLOAT_OPERATORS as readonly string[]).includes(op) ? (op as FloatOperator) : null;
}

/** `__?Infinity?__`, `__?NaN?__`, `__?QNaN?__`, `__?SNaN?__` (any case). */
export function specialFloat(name: string): "inf" | "qnan" | "snan" | null {
  switch (name.toLowerCase()) {
    case "__?infinity?__": return "inf";
    case "__?nan?__": case "__?qnan?__": return "qnan";
    case "__?snan?__": return "snan";
  }
  return null;
}

/** A NASM float literal: decimal with `.` or an exponent, or `0x`/`0h`/`$`/`0o`/`0q`/`0b`/`0y`/`0d`/`0t` with `.` or `p`. */
export function isFloatLiteral(text: string): boolean {
  const t = text.toLowerCase();
  if (/^(0[xhoqby]|\$)/.test(t)) return /^(0[xhoqby]|\$)[0-9a-f_]*(\.[0-9a-f_]*)?(p[+-]?\d+)?$/.test(t) && /[.p]/.test(t.slice(2));
  const d = /^0[dt]/.test(t) ? t.slice(2) : t;
  return /^[0-9_]*(\.[0-9_]*)?(e[+-]?\d+)?$/.test(d) && /\d/.test(d) && /[.e]/.test(d);
}

export type FloatResult = { ok: true; value: bigint; overflow: boolean } | { ok: false; error: string };

/**
 * The value `__?op?__([-]literal)` has in NASM's evaluator (signed 64-bit), or an error.
 * `literal` is a float literal's text or a special value's name.
 */
export function floatConstant(op: FloatOperator, literal: string, negative: boolean): FloatResult {
  const { format, shift, bits } = OPERATORS[op];
  const enc = encode(format, literal, negative);
  if ("error" in enc) return { ok: false, error: enc.error };
  const part = (enc.bits >> BigInt(shift)) & ((1n << BigInt(bits)) - 1n);
  return { ok: true, value: bits === 64 ? BigInt.asIntN(64, part) : part, overflow: enc.overflow };
}

/** The encoding of a float literal in a data declaration of `bytes` bytes (1, 2, 4, 8). */
export function floatData(bytes: 1 | 2 | 4 | 8, literal: string, negative: boolean): FloatResult {
  const format = bytes === 1 ? FORMATS.f8 : bytes === 2 ? FORMATS.f16 : bytes === 4 ? FORMATS.f32 : FORMATS.f64;
  const enc = encode(format, literal, negative);
  return "error" in enc ? { ok: false, error: enc.error } : { ok: true, value: enc.bits, overflow: enc.overflow };
}

/** A literal as an exact rational num/den, with whether it was written in decimal. */
function parseLiteral(text: string): { num: bigint; den: bigint; decimal: boolean } | null {
  let t = text.toLowerCase().replace(/_/g, "");
  let radix = 10;
  if (t.startsWith("$")) { radix = 16; t = t.slice(1); }
  else if (/^0[xh]/.test(t)) { radix = 16; t = t.slice(2); }
  else if (/^0[oq]/.test(t)) { radix = 8; t = t.slice(2); }
  else if (/^0[by]/.test(t)) { radix = 2; t = t.slice(2); }
  else if (/^0[dt]/.test(t)) t = t.slice(2);
  const m = radix === 10 ? /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/.exec(t) : /^([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(t);
  if (!m) return null;
  const int = m[1] ?? "", fraction = m[2] ?? "";
  let digits = int + fraction;
  if (!digits) return null;
  // beyond any format's precision: keep the leading digits (the value lands just below, as nasm's does)
  let dropped = 0;
  if (digits.length > MAX_DIGITS) {
    dropped = digits.length - MAX_DIGITS;
    digits = digits.slice(0, MAX_DIGITS);
  }
  let mant = 0n;
  for (const c of digits) {
    const v = parseInt(c, radix);
    if (Number.isNaN(v)) return null;
    mant = mant * BigInt(radix) + BigInt(v);
  }
  const expo = Number(m[3] ?? "0");
  if (Math.abs(expo) > 100_000) return null;
  if (radix === 10) {
    const e = expo - fraction.length + dropped;
    return e >= 0 ? { num: mant * 10n ** BigInt(e), den: 1n, decimal: true } : { num: mant, den: 10n ** BigInt(-e), decimal: true };
  }
  const e = expo - (fraction.length - dropped) * Math.log2(radix);
  return e >= 0 ? { num: mant << BigInt(e), den: 1n, decimal: false } : { num: mant, den: 1n << BigInt(-e), decimal: false };
}

/** Significant digits read from a literal (more than 4,000 decimal digits cannot change a float128). */
const MAX_DIGITS = 5000;

const bitLength = (v: bigint) => (v === 0n ? 0 : v.toString(2).length);

/** `num/den / 2^shift` rounded to an integer by NASM's rule (ties: decimal downwards, else to even). */
function roundScaled(num: bigint, den: bigint, shift: number, decimal: boolean): bigint {
  let n = num, d = den;
  if (shift >= 0) d <<= BigInt(shift);
  else n <<= BigInt(-shift);
  const q = n / d;
  const r2 = (n - q * d) * 2n;
  if (r2 > d || (r2 === d && !decimal && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function encode(f: Format, literal: string, negative: boolean): { bits: bigint; overflow: boolean } | { error: string } {
  const fracBits = BigInt(f.frac);
  const intBit = f.explicit ? 1n << fracBits : 0n;
  const width = 1 + f.exp + f.frac + (f.explicit ? 1 : 0);
  const expAllOnes = (1n << BigInt(f.exp)) - 1n;
  const pack = (biased: bigint, mantissa: bigint) =>
    ((negative ? 1n : 0n) << BigInt(width - 1)) | (biased << BigInt(f.frac + (f.explicit ? 1 : 0))) | mantissa;
  const special = specialFloat(literal);
  if (special) {
    const payload = special === "inf" ? 0n : special === "qnan" ? 1n << (fracBits - 1n) : 1n;
    return { bits: pack(expAllOnes, intBit | payload), overflow: false };
  }
  const v = parseLiteral(literal);
  if (!v) return { error: `invalid floating-point constant \`${literal}'` };
  if (v.num === 0n) return { bits: pack(0n, 0n), overflow: false };
  const expmax = 1 << (f.exp - 1);
  const infinity = { bits: pack(expAllOnes, intBit), overflow: true };
  // e = floor(log2(value)); a decimal power of two counts as just below itself
  let e = bitLength(v.num) - bitLength(v.den);
  if (e >= 0 ? v.num < v.den << BigInt(e) : v.num << BigInt(-e) < v.den) e--;
  const exactPower = e >= 0 ? v.num === v.den << BigInt(e) : v.num << BigInt(-e) === v.den;
  if (v.decimal && exactPower) e--;
  if (e > expmax) return infinity;
  if (e >= 2 - expmax) {
    let q = roundScaled(v.num, v.den, e - f.frac, v.decimal);
    if (q >> (fracBits + 1n)) {
      q >>= 1n;
      e++;
      if (e + expmax - 1 >= 2 * expmax - 1) return infinity;
    }
    return { bits: pack(BigInt(e + expmax - 1), f.explicit ? q : q - (1n << fracBits)), overflow: false };
  }
  // denormal: in units of the smallest subnormal; may round up into the normal range
  const q = roundScaled(v.num, v.den, 2 - expmax - f.frac, v.decimal);
  if (q >> fracBits) return { bits: pack(1n, f.explicit ? q : q - (1n << fracBits)), overflow: false };
  return { bits: pack(0n, q), overflow: false };
}
