// Cursors for SCAN, HSCAN, SSCAN and ZSCAN over a JavaScript Map.
//
// Redis guarantees that an element present for the whole of a full iteration is returned at least
// once, however the collection changes meanwhile; duplicates are allowed. Redis gets this from its
// reverse-binary cursor over hash buckets. Here the collections are Maps, which iterate in insertion
// order, and a live Map iterator already has the guarantee: it skips deleted entries, visits entries
// added after it started, and never skips one that stays. So a SCAN call keeps its iterator under the
// cursor it returns, and the next call with that cursor continues it: O(COUNT) per call.
//
// A cursor packs three numbers into 64 bits: how many entries this iteration has returned (32 bits),
// the collection's deletion count when the iteration began (20 bits, modulo), and a random tag
// (12 bits) that keeps two iterations of the same collection apart. If the saved iterator is gone
// (evicted from the small cache, or the cursor was used twice), the walk restarts from the front and
// skips `returned - deletions since the iteration began` entries: at most that many of the returned
// entries can still stand in front of the cursor's place, so no surviving entry is skipped (some may
// be returned twice, which SCAN allows). Over 2^20 deletions during one iteration could wrap that
// count; the live iterator, the usual path, has no such limit.

const POSITION_SHIFT = 32n;
const DELETIONS_SHIFT = 12n;
const DELETIONS_MASK = 0xfffffn;
const TAG_MASK = 0xfffn;
const MAX_CURSOR = 0xffffffffffffffffn;
/** Live iterators kept per collection; older ones fall back to the skip walk. */
const MAX_ITERATORS = 64;

/** A Map that can be scanned: the collection counts its deletions. */
export interface Scannable<K, V> {
  readonly map: Map<K, V>;
  readonly deletions: number;
}

interface Saved<K, V> {
  iter: Iterator<[K, V]>;
  /** An entry taken from the iterator but not yet returned (COUNT reached). */
  held: [K, V] | null;
}

const live = new WeakMap<Map<unknown, unknown>, Map<bigint, Saved<unknown, unknown>>>();

/**
 * Parse a cursor argument as Redis does (with C's strtoul): an optional sign and decimal digits,
 * ending at the end of the argument or at a NUL byte; "-n" wraps to 2^64 - n, and an empty argument
 * is cursor 0. Returns null when it is not a cursor ("ERR invalid cursor").
 */
export function parseCursor(arg: string): bigint | null {
  const m = /^([+-]?)([0-9]+)(?:\x00|$)/.exec(arg);
  if (m === null) return arg.length === 0 || arg.charCodeAt(0) === 0 ? 0n : null;
  const n = BigInt(m[2]);
  if (n > MAX_CURSOR) return null;
  return m[1] === '-' ? -n & MAX_CURSOR : n;
}

/**
 * Walk up to `count` entries from `cursor` and pass each to `visit`; return the next cursor (0n when
 * the walk is complete). `visit` may delete the entry it is given (lazy expiry does).
 */
export function scanMap<K, V>(
  coll: Scannable<K, V>,
  cursor: bigint,
  count: number,
  visit: (key: K, value: V) => void,
): bigint {
  const map = coll.map;
  let cache = live.get(map as Map<unknown, unknown>) as Map<bigint, Saved<K, V>> | undefined;
  let saved = cursor !== 0n ? cache?.get(cursor) : undefined;
  if (saved) cache!.delete(cursor);

  let position: number;
  let startDeletions: bigint;
  let tag: bigint;
  if (cursor === 0n) {
    position = 0;
    startDeletions = BigInt(coll.deletions) & DELETIONS_MASK;
    tag = BigInt(Math.floor(Math.random() * 4096));
  } else {
    position = Number(cursor >> POSITION_SHIFT);
    startDeletions = (cursor >> DELETIONS_SHIFT) & DELETIONS_MASK;
    tag = cursor & TAG_MASK;
  }
  if (!saved) {
    const iter = map.entries();
    const deletedSince = Number((BigInt(coll.deletions) - startDeletions) & DELETIONS_MASK);
    let skip = Math.max(0, position - deletedSince);
    position = skip;
    while (skip-- > 0 && !iter.next().done) {}
    saved = { iter, held: null };
  }

  let walked = 0;
  for (;;) {
    let entry = saved.held;
    saved.held = null;
    if (!entry) {
      const r = saved.iter.next();
      if (r.done) return 0n;
      entry = r.value;
    }
    if (walked === count) {
      saved.held = entry;
      break;
    }
    visit(entry[0], entry[1]);
    walked++;
    position++;
  }

  const next = (BigInt(position) << POSITION_SHIFT) | (startDeletions << DELETIONS_SHIFT) | tag;
  if (!cache) {
    cache = new Map();
    live.set(map as Map<unknown, unknown>, cache as Map<bigint, Saved<unknown, unknown>>);
  }
  cache.set(next, saved);
  if (cache.size > MAX_ITERATORS) cache.delete(cache.keys().next().value as bigint);
  return next;
}
