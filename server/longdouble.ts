// The x87 80-bit long double, as far as INCRBYFLOAT and HINCRBYFLOAT need it.
//
// Redis 7.0 does float increments in C's long double, which on x86-64 is the x87 extended format: a
// 64-bit significand (with an explicit integer bit) and a 15-bit exponent. It parses with strtold,
// adds, and prints with "%.17Lf" before stripping trailing zeros. Because the significand has 11 more
// bits than a double's, results differ from JavaScript arithmetic: 0.1 + 0.2 prints as "0.3", and
// "%.17Lf" prints every integer digit of 1e300. So the arithmetic is done exactly here:
//
//   parse   the decimal (or hex) text is an exact rational; it is rounded once to the nearest long
//           double, ties to even (glibc's strtold is correctly rounded)
//   add     the exact sum of two such values, rounded once the same way
//   format  the exact binary value times 10^17, rounded to an integer (ties to even, as glibc's
//           printf does), printed with 17 digits after the point, trailing zeros dropped
//
// Values are BigInt-based and only as fast as that allows; they are meant for one increment per
// command, not for bulk arithmetic.

/** A long double: (-1)^neg × mant × 2^exp. */
export interface LongDouble {
  /** The sign; zero has one too. */
  readonly neg: boolean;
  /** The significand, below 2^64: at least 2^63 for a normal number, 0n for zero. */
  readonly mant: bigint;
  /** The exponent of the significand's lowest bit; Infinity for an infinity and NaN for a NaN. */
  readonly exp: number;
}

/** The exponent of the lowest significand bit of the smallest normal number (2^-16382) and of every subnormal. */
const EXP_MIN = -16445;
/** The exponent of the lowest significand bit of the largest finite number, (2^64 - 1) × 2^16320. */
const EXP_MAX = 16320;
const MANT_BITS = 64;
const MANT_LIMIT = 1n << 64n;
const MANT_TOP = 1n << 63n;

/** A decimal of 10^4933 or more overflows (the largest long double is about 1.19e4932). */
const DEC_OVERFLOW = 4933;
/** One below 10^-4951 rounds to zero (the smallest subnormal is about 3.65e-4951). */
const DEC_UNDERFLOW = -4951;

const ZERO: LongDouble = { neg: false, mant: 0n, exp: 0 };
const NAN: LongDouble = { neg: false, mant: 0n, exp: Number.NaN };

function infinity(neg: boolean): LongDouble {
  return { neg, mant: 0n, exp: Number.POSITIVE_INFINITY };
}

export function isFiniteLD(x: LongDouble): boolean {
  return Number.isFinite(x.exp);
}

/** The number of bits of a positive n. */
function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return hex.length * 4 - (Math.clz32(Number.parseInt(hex[0], 16)) - 28);
}

/** num / den ≥ 2^k, for positive num and den. */
function atLeastPow2(num: bigint, den: bigint, k: number): boolean {
  return k >= 0 ? num >= den << BigInt(k) : num << BigInt(-k) >= den;
}

/** The long double nearest to ±num/den (num ≥ 0, den > 0), ties to even; ±Infinity past the largest. */
function round(neg: boolean, num: bigint, den: bigint): LongDouble {
  if (num === 0n) return { neg, mant: 0n, exp: 0 };
  // num/den lies in (2^(b-1), 2^(b+1)) for b = bits(num) - bits(den): one of two exponents fits.
  let exp = bitLength(num) - bitLength(den) - MANT_BITS;
  if (atLeastPow2(num, den, exp + MANT_BITS)) exp++;
  if (exp < EXP_MIN) exp = EXP_MIN; // subnormal: fewer significant bits
  let n = num;
  let d = den;
  if (exp >= 0) d <<= BigInt(exp);
  else n <<= BigInt(-exp);
  let mant = n / d;
  const twice = (n - mant * d) * 2n;
  if (twice > d || (twice === d && (mant & 1n) === 1n)) mant++;
  if (mant === MANT_LIMIT) {
    mant = MANT_TOP;
    exp++;
  }
  return exp > EXP_MAX ? infinity(neg) : { neg, mant, exp };
}

const DECIMAL = /^([-+]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([-+]?\d+))?$/;
const HEX = /^([-+]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([-+]?\d+))?$/;
const INF = /^[-+]?(?:inf|infinity)$/i;

/** An exponent as written, clamped to ±10^9 (anything that large over- or underflows anyway). */
function exponent(s: string | undefined): number {
  if (s === undefined) return 0;
  const n = Number(s);
  return Math.max(-1e9, Math.min(1e9, n));
}

/**
 * Redis's string2ld: the long double the whole of `s` denotes, or null when Redis refuses it (not a
 * number, leading space or any trailing text, NaN, out of range either way, 5120 bytes or more).
 * Accepts what strtold accepts: decimals, exponents, hex floats, "inf" and "infinity".
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= 5120) return null;
  let m = DECIMAL.exec(s);
  if (m) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? m[4] ?? '';
    const digits = (intPart + fracPart).replace(/^0+/, '');
    if (digits.length === 0) return { neg, mant: 0n, exp: 0 };
    // value = digits × 10^scale
    const scale = exponent(m[5]) - fracPart.length;
    const magnitude = digits.length + scale; // value < 10^magnitude
    if (magnitude > DEC_OVERFLOW) return null;
    if (magnitude <= DEC_UNDERFLOW) return null;
    const d = BigInt(digits);
    const x = scale >= 0 ? round(neg, d * 10n ** BigInt(scale), 1n) : round(neg, d, 10n ** BigInt(-scale));
    return finiteNonZero(x);
  }
  m = HEX.exec(s);
  if (m) {
    const neg = m[1] === '-';
    const fracPart = m[3] ?? m[4] ?? '';
    const digits = ((m[2] ?? '') + fracPart).replace(/^0+/, '');
    if (digits.length === 0) return { neg, mant: 0n, exp: 0 };
    const scale = exponent(m[5]) - 4 * fracPart.length; // value = digits × 2^scale
    const bits = 4 * digits.length + scale; // 2^(bits-4) <= value < 2^bits
    if (bits - 4 > EXP_MAX + MANT_BITS) return null;
    if (bits < EXP_MIN - 1) return null;
    const h = BigInt(`0x${digits}`);
    const x = scale >= 0 ? round(neg, h << BigInt(scale), 1n) : round(neg, h, 1n << BigInt(-scale));
    return finiteNonZero(x);
  }
  if (INF.test(s)) return infinity(s[0] === '-');
  return null;
}

/** strtold's ERANGE cases that string2ld refuses: a nonzero number that overflowed or became zero. */
function finiteNonZero(x: LongDouble): LongDouble | null {
  return isFiniteLD(x) && x.mant !== 0n ? x : null;
}

/** a + b, rounded to the nearest long double (NaN for ∞ - ∞). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (Number.isNaN(a.exp) || Number.isNaN(b.exp)) return NAN;
  if (!isFiniteLD(a) || !isFiniteLD(b)) {
    if (!isFiniteLD(a) && !isFiniteLD(b) && a.neg !== b.neg) return NAN;
    return isFiniteLD(a) ? b : a;
  }
  if (a.mant === 0n && b.mant === 0n) return { neg: a.neg && b.neg, mant: 0n, exp: 0 };
  const e = Math.min(a.exp, b.exp);
  const sa = (a.neg ? -a.mant : a.mant) << BigInt(a.exp - e);
  const sb = (b.neg ? -b.mant : b.mant) << BigInt(b.exp - e);
  const sum = sa + sb;
  if (sum === 0n) return ZERO; // x + (-x) is +0 when rounding to nearest
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  return e >= 0 ? round(neg, abs << BigInt(e), 1n) : round(neg, abs, 1n << BigInt(-e));
}

const E17 = 10n ** 17n;

/** A double as a long double: exactly, as C's conversion (GEO's coordinates are doubles printed as these). */
export function longDoubleFromDouble(d: number): LongDouble {
  if (Number.isNaN(d)) return NAN;
  if (!Number.isFinite(d)) return infinity(d < 0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const neg = view.getUint32(0) >>> 31 === 1;
  const biased = (view.getUint32(0) >>> 20) & 0x7ff;
  const frac = (BigInt(view.getUint32(0) & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased === 0 && frac === 0n) return { neg, mant: 0n, exp: 0 };
  // value = mant × 2^exp, the significand shifted up to 64 bits as a long double holds it
  let mant = biased === 0 ? frac : frac | (1n << 52n);
  let exp = (biased === 0 ? 1 : biased) - 1075;
  while (mant < MANT_TOP) {
    mant <<= 1n;
    exp--;
  }
  return { neg, mant, exp };
}

/**
 * Redis's ld2string in LD_STR_HUMAN mode: printf("%.17Lf") with the trailing zeros after the point
 * (and a bare point) removed, and "-0" written as "0". Infinities are "inf" and "-inf".
 */
export function formatLongDouble(x: LongDouble): string {
  if (Number.isNaN(x.exp)) return 'nan';
  if (!isFiniteLD(x)) return x.neg ? '-inf' : 'inf';
  let scaled: bigint; // round(|x| × 10^17), ties to even
  if (x.exp >= 0) {
    scaled = (x.mant << BigInt(x.exp)) * E17;
  } else {
    const shift = BigInt(-x.exp);
    const n = x.mant * E17;
    scaled = n >> shift;
    const rem = n - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (scaled & 1n) === 1n)) scaled++;
  }
  const digits = scaled.toString().padStart(18, '0');
  const intPart = digits.slice(0, -17);
  const fracPart = digits.slice(-17).replace(/0+$/, '');
  const text = fracPart.length > 0 ? `${intPart}.${fracPart}` : intPart;
  return x.neg && text !== '0' ? `-${text}` : text;
}
