// The bytes a listpack entry takes, as Redis's listpack.c encodes it: streams size their nodes with
// these, MEMORY USAGE sizes listpack-encoded values.

import { isInt64 } from '../numbers.js';

/** Bytes of an entry's back-length for an encoding of `len` bytes. */
function backlen(len: number): number {
  return len <= 127 ? 1 : len < 16383 ? 2 : len < 2097151 ? 3 : len < 268435455 ? 4 : 5;
}

/** Bytes of an integer entry (its back-length is always one byte). */
export function lpIntSize(v: number): number {
  const len =
    v >= 0 && v <= 127
      ? 1
      : v >= -4096 && v <= 4095
        ? 2
        : v >= -32768 && v <= 32767
          ? 3
          : v >= -8388608 && v <= 8388607
            ? 4
            : v >= -2147483648 && v <= 2147483647
              ? 5
              : 9;
  return len + 1;
}

const CANONICAL_INT = /^(0|-?[1-9][0-9]{0,18})$/;

/**
 * Bytes of a string entry. A listpack stores a canonical int64 ("-12", not "012" or "1.0") as an
 * integer; the exact int64 range is checked only for the 19 and 20 character strings near its ends.
 */
export function lpStrSize(s: string): number {
  if (s.length <= 20 && CANONICAL_INT.test(s) && (s.length < 19 || isInt64(s))) return lpIntSize(Number(s));
  const n = s.length;
  const len = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return len + backlen(len);
}

/** A listpack's header (6 bytes) and end byte. */
export const LP_OVERHEAD = 7;
