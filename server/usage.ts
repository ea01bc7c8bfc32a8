// The bytes Redis 7.0 uses for a key and its value, as MEMORY USAGE reports them: Redis's
// objectComputeSize over the encoding respite tracks. Exact for strings (int, embstr, raw), listpack
// hashes and sorted sets, intsets, lists of one quicklist node and streams, which Redis lays out from
// their contents alone; hash tables, skip lists (whose node heights Redis draws at random), longer
// lists and strings grown in place are estimated with Redis's formulas.

import { dictSlots, jemallocSize, sdsSize } from './allocation.js';
import { formatDouble, isInt64 } from './numbers.js';
import { Hash } from './store/hash.js';
import type { Value } from './store/keyspace.js';
import { List } from './store/list.js';
import { LP_OVERHEAD, lpStrSize } from './store/listpack.js';
import { RawString } from './store/rawstring.js';
import { SetValue } from './store/set.js';
import { Stream } from './store/stream.js';
import { ZSet } from './store/zset.js';

// sizeof of Redis's structures on x86-64.
const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;
const QUICKLIST = 40;
const QUICKLIST_NODE = 40;
const ZSET = 16;
const ZSKIPLIST = 32;
/** A skip list's header node: 32 levels of 16 bytes after its 24. */
const ZSKIPLIST_HEADER = jemallocSize(24 + 32 * 16);
/** A list node's listpack may hold 8 KB (list-max-listpack-size -2). */
const LISTPACK_NODE_MAX = 8192;

/** The allocation of a listpack holding `entriesBytes` of entries. */
const listpackSize = (entriesBytes: number) => jemallocSize(LP_OVERHEAD + entriesBytes);

/** Sample at most `samples` entries and scale their average up to `size`, as objectComputeSize. */
function sampled<T>(items: Iterable<T>, size: number, samples: number, each: (item: T) => number): number {
  let total = 0;
  let n = 0;
  for (const item of items) {
    if (n >= samples) break;
    total += each(item);
    n++;
  }
  return n === 0 ? 0 : Math.floor((total / n) * size);
}

/** Whether MEMORY USAGE of `v` is an estimate rather than Redis's exact figure (approximations.ts). */
export function usageIsEstimate(v: Value | undefined): boolean {
  if (v instanceof RawString) return !v.embstr;
  if (v instanceof SetValue) return !v.intset;
  if (v instanceof Hash || v instanceof ZSet) return !v.listpack;
  if (v instanceof List) {
    let bytes = 0;
    for (const element of v) {
      bytes += lpStrSize(element);
      if (LP_OVERHEAD + bytes > LISTPACK_NODE_MAX) return true;
    }
  }
  return false;
}

/**
 * Redis's objectComputeSize for a value. `preallocate`: what a new stream node's listpack is allocated
 * with (stream-node-max-bytes, at most 4096).
 */
export function valueSize(v: Value, samples: number, preallocate: number): number {
  if (typeof v === 'string') {
    if (v.length <= 20 && isInt64(v)) return ROBJ; // the int encoding
    if (v.length <= 44) return jemallocSize(ROBJ + 3 + v.length + 1); // embstr
    return ROBJ + sdsSize(v.length);
  }
  if (v instanceof RawString) {
    if (v.embstr) return jemallocSize(ROBJ + 3 + v.length + 1);
    // An sds grown by sdsMakeRoomFor: its allocation as respite's buffer has grown.
    return ROBJ + sdsSize(v.buf.length);
  }
  if (v instanceof List) {
    // Nodes filled in order up to 8 KB each, as pushes fill them.
    const nodes: number[] = [];
    let current = 0;
    for (const element of v) {
      const size = lpStrSize(element);
      if (current !== 0 && LP_OVERHEAD + current + size > LISTPACK_NODE_MAX) {
        nodes.push(current);
        current = 0;
      }
      current += size;
    }
    if (current !== 0 || nodes.length === 0) nodes.push(current);
    return (
      ROBJ +
      QUICKLIST +
      sampled(nodes, nodes.length, samples, (bytes) => QUICKLIST_NODE + listpackSize(bytes))
    );
  }
  if (v instanceof SetValue) {
    if (v.intset) {
      let width = 2;
      for (const m of v.map.keys()) {
        const n = Number(m);
        if (n < -2147483648 || n > 2147483647) width = 8;
        else if ((n < -32768 || n > 32767) && width < 4) width = 4;
      }
      return ROBJ + jemallocSize(8 + v.size * width);
    }
    const base = ROBJ + DICT + 8 * dictSlots(v.size);
    return base + sampled(v.map.keys(), v.size, samples, (m) => DICT_ENTRY + sdsSize(m.length));
  }
  if (v instanceof Hash) {
    if (v.listpack) {
      let bytes = 0;
      for (const [field, value] of v.map) bytes += lpStrSize(field) + lpStrSize(value);
      return ROBJ + listpackSize(bytes);
    }
    const base = ROBJ + DICT + 8 * dictSlots(v.size);
    return (
      base +
      sampled(v.map, v.size, samples, ([f, val]) => DICT_ENTRY + sdsSize(f.length) + sdsSize(val.length))
    );
  }
  if (v instanceof ZSet) {
    if (v.listpack) {
      let bytes = 0;
      for (const [member, score] of v.map) bytes += lpStrSize(member) + lpStrSize(formatDouble(score));
      return ROBJ + listpackSize(bytes);
    }
    const base = ROBJ + ZSET + ZSKIPLIST + DICT + 8 * dictSlots(v.size) + ZSKIPLIST_HEADER;
    // A node of the average height (4/3 levels) beside its member and dict entry.
    const node = jemallocSize(24 + (16 * 4) / 3);
    return base + sampled(v.map.keys(), v.size, samples, (m) => sdsSize(m.length) + DICT_ENTRY + node);
  }
  if (v instanceof Stream) {
    // The stream struct (80), its radix tree as streamRadixTreeMemoryUsage counts it, and the node
    // listpacks: the last one allocated stream-node-max-bytes (up to 4096) ahead, the full ones
    // shrunk to fit when the next began.
    const nodes = v.nodeBytes();
    const last = nodes.length - 1;
    const listpack = (bytes: number, i: number) =>
      i === last ? Math.max(jemallocSize(preallocate), jemallocSize(bytes)) : jemallocSize(bytes);
    let size = ROBJ + 80 + nodes.length * 16 + v.radixTreeNodes() * (4 + 8 * 30);
    const seen = Math.min(samples, nodes.length);
    let sum = 0;
    for (let i = 0; i < seen; i++) sum += listpack(nodes[i], i);
    if (nodes.length <= seen) size += sum;
    else size += Math.floor(sum / seen) * last + listpack(nodes[last], last);
    return size;
  }
  return ROBJ;
}

/** MEMORY USAGE of `key` holding `v`: the value, the key's sds and its dict entry. */
export function keyUsage(key: string, v: Value, samples: number, preallocate: number): number {
  return valueSize(v, samples, preallocate) + sdsSize(key.length) + DICT_ENTRY;
}
