// Number parsing and formatting exactly as Redis does it (util.c: string2ll, string2ld, ld2string).
//
// Redis integers are signed 64-bit. JavaScript numbers are exact only up to 2^53, so values that
// may be larger (INCRBY results, string values) go through BigInt; arguments that are only compared
// or used as counts (offsets, timeouts, COUNT) are parsed to a number after checking the full
// 64-bit range.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Redis's string2ll: an optional '-', digits without leading zeros, within int64. */
const INTEGER = /^(?:0|-?[1-9][0-9]{0,18})$/;

/** Parse a signed 64-bit integer as Redis does; null if it is not one. Exact as a bigint. */
export function parseInt64Big(s: string): bigint | null {
  if (!INTEGER.test(s)) return null;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

/**
 * Parse a signed 64-bit integer as Redis does; null if it is not one. The result is exact within
 * ±2^53 and the nearest double beyond (callers that do arithmetic on such values use parseInt64Big).
 */
export function parseInt64(s: string): number | null {
  if (s.length < 16) return INTEGER.test(s) ? Number(s) : null;
  const n = parseInt64Big(s);
  return n === null ? null : Number(n);
}

/** Whether s is a canonical integer Redis would store with the int encoding. */
export function isInt64(s: string): boolean {
  return parseInt64Big(s) !== null;
}

/**
 * Redis's string2ld/strtold check for float arguments: the whole string must be a number (no
 * spaces), and NaN is refused. Accepts what strtod accepts: decimals, exponents, hex floats, "inf".
 * Returns null when it is not a valid float.
 */
export function parseFloatArg(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null;
  const plain = parsePlainDecimal(s);
  if (plain !== null) return plain;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(s.length - 1);
  if (isSpaceCode(c0) || isSpaceCode(cl)) return null;
  const lower = s.toLowerCase();
  const unsigned = lower.startsWith('-') || lower.startsWith('+') ? lower.slice(1) : lower;
  let n: number;
  if (unsigned === 'inf' || unsigned === 'infinity') {
    n = lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  } else if (/^(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/.test(unsigned)) {
    n = Number(unsigned);
    if (lower.startsWith('-')) n = -n;
  } else if (/^0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[-+]?\d+)?$/.test(unsigned)) {
    n = parseHexFloat(unsigned);
    if (lower.startsWith('-')) n = -n;
  } else {
    return null;
  }
  return Number.isNaN(n) ? null : n;
}

/** Up to 15 characters of digits with an optional sign and point: Number() reads these exactly as strtod. */
const PLAIN_DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;

/**
 * The common case of every float argument ("0", "1", "-2.5"), which every strtod-like parser accepts
 * with the same value: the number, or null to take the full path.
 */
export function parsePlainDecimal(s: string): number | null {
  return s.length <= 15 && PLAIN_DECIMAL.test(s) ? Number(s) : null;
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function parseHexFloat(s: string): number {
  const m = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([-+]?\d+))?$/.exec(s)!;
  const digits = m[1] + m[2];
  let mantissa = 0;
  for (const d of digits) mantissa = mantissa * 16 + Number.parseInt(d, 16);
  return mantissa * 2 ** (Number(m[3] ?? 0) - 4 * m[2].length);
}

/**
 * A double as Redis 7.0 prints it in replies (addReplyDouble and friends): "%.17g", with "inf" and
 * "-inf". Integral values within ±2^53 print as integers.
 */
export function formatDouble(d: number): string {
  if (d === Number.POSITIVE_INFINITY) return 'inf';
  if (d === Number.NEGATIVE_INFINITY) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  return formatG17(d);
}

/** C's printf("%.17g", d): 17 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e17. */
export function formatG17(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // toExponential rounds to 17 significant digits; the exponent it reports picks the notation.
  const [mant, e] = d.toExponential(16).split('e');
  const x = Number(e);
  if (x < -4 || x >= 17) {
    const ax = Math.abs(x);
    return `${stripZeros(mant)}e${x < 0 ? '-' : '+'}${ax < 10 ? `0${ax}` : ax}`;
  }
  return stripZeros(d.toFixed(16 - x));
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  s = s.replace(/0+$/, '');
  return s.endsWith('.') ? s.slice(0, -1) : s;
}
