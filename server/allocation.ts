// Sizes as Redis's allocator and string type see them, for the memory Redis reports (MEMORY USAGE,
// INFO's script memory): jemalloc's size classes and sds strings' headers.

/** The size class jemalloc (Redis's allocator) gives a request of `n` bytes: four per doubling. */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 16) return 16;
  const step = Math.max(16, 2 ** (Math.ceil(Math.log2(n)) - 3));
  return Math.ceil(n / step) * step;
}

/** The header of an sds string of `len` bytes made by sdsnewlen (type 5 below 32 bytes, not empty). */
export function sdsHeader(len: number): number {
  if (len === 0) return 3;
  return len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < 2 ** 32 ? 9 : 17;
}

/** sdsZmallocSize of a string sdsnewlen made: header, bytes and NUL, in their size class. */
export function sdsSize(len: number): number {
  return jemallocSize(sdsHeader(len) + len + 1);
}

/** A dict's bucket array for `n` entries as it grows: none when empty, else at least 4, a power of two. */
export function dictSlots(n: number): number {
  return n === 0 ? 0 : Math.max(4, 2 ** Math.ceil(Math.log2(n)));
}
