// HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST, as Redis's hyperloglog.c.
// An HLL is a string (store/hyperloglog.ts has its layout), so GET, SET, DEL and friends work on it.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { keyMiss, NOTIFY_STRING, notifyKeyspaceEvent } from '../notify.js';
import {
  cachedCount,
  countRegisters,
  createHll,
  decodeSparse,
  HLL_REGISTERS,
  HLL_SPARSE,
  hllAdd,
  hllCount,
  hllMerge,
  invalidateCache,
  isHll,
  registers,
  setCachedCount,
  setRegister,
  toDense,
} from '../store/hyperloglog.js';
import type { Value } from '../store/keyspace.js';
import { RawString } from '../store/rawstring.js';
import { type CommandSpec, command, keyCommand } from './types.js';

/**
 * The HLL at a key's string value, to read or change in place: the value itself when it is a raw
 * string, else a raw string made from it and stored instead (Redis's dbUnshareStringValue; nobody is
 * told; with `unshare` false, a copy only to read). Null, after replying, for another type or a
 * string that is no HLL.
 */
function hllAt(c: Client, key: string, v: Value, unshare = true): RawString | null {
  if (typeof v !== 'string' && !(v instanceof RawString)) {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  const bytes = typeof v === 'string' ? Buffer.from(v, 'latin1') : v.buf.subarray(0, v.length);
  if (!isHll(bytes)) {
    c.out.error(E.WRONGTYPE_NOT_HLL);
    return null;
  }
  if (typeof v !== 'string' && (!v.embstr || !unshare)) return v;
  const raw = new RawString(bytes);
  if (unshare) c.db.replace(key, raw);
  return raw;
}

/** The bytes of an HLL held in a raw string. */
const view = (h: RawString) => h.buf.subarray(0, h.length);

const sparseMaxBytes = (c: Client) => c.server.config.getInt('hll-sparse-max-bytes');

// PFADD key [element [element ...]]
function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const existing = c.db.get(key);
  let hll: RawString;
  let updated = 0;
  if (existing === undefined) {
    hll = new RawString(createHll());
    c.db.set(key, hll);
    updated++;
  } else {
    const found = hllAt(c, key, existing);
    if (found === null) return;
    hll = found;
  }
  const maxBytes = sparseMaxBytes(c);
  for (let j = 2; j < argv.length; j++) {
    const result = hllAdd(hll, Buffer.from(argv[j], 'latin1'), maxBytes);
    if (result === -1) return c.out.error(E.INVALIDOBJ_HLL);
    updated += result;
  }
  if (updated) {
    invalidateCache(hll.buf);
    c.server.keyModified(c.db, key);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'pfadd', key, c.db.id);
    c.server.dirty += updated;
  }
  c.out.integer(updated ? 1 : 0);
}

/** Merge the HLL at each key into `max` (missing keys are empty); false after replying an error. */
function mergeKeys(c: Client, keys: string[], max: Uint8Array): { ok: boolean; dense: boolean } {
  let dense = false;
  for (const key of keys) {
    const v = c.db.get(key);
    if (v === undefined) {
      keyMiss(c, key);
      continue;
    }
    const hll = hllAt(c, key, v, false); // only read: Redis does not unshare sources
    if (hll === null) return { ok: false, dense };
    if (hll.buf[4] !== HLL_SPARSE) dense = true;
    if (!hllMerge(max, view(hll))) {
      c.out.error(E.INVALIDOBJ_HLL);
      return { ok: false, dense };
    }
  }
  return { ok: true, dense };
}

// PFCOUNT key [key ...]
function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    // Several keys: their registers merged, counted, nothing cached.
    const max = new Uint8Array(HLL_REGISTERS);
    if (!mergeKeys(c, argv.slice(1), max).ok) return;
    return c.out.integer(countRegisters(max));
  }
  const key = argv[1];
  const v = c.db.get(key);
  if (v === undefined) {
    keyMiss(c, key);
    return c.out.integer(0);
  }
  const hll = hllAt(c, key, v);
  if (hll === null) return;
  let card = cachedCount(hll.buf);
  if (card === null) {
    card = hllCount(view(hll));
    if (card === null) return c.out.error(E.INVALIDOBJ_HLL);
    // The estimate is cached in the value itself: the key changed (WATCH sees it).
    setCachedCount(hll.buf, card);
    c.server.keyModified(c.db, key);
    c.server.dirty++;
  }
  c.out.integer(card);
}

// PFMERGE destkey [sourcekey [sourcekey ...]]
function pfmerge(c: Client, argv: string[]): void {
  const max = new Uint8Array(HLL_REGISTERS);
  const merged = mergeKeys(c, argv.slice(1), max);
  if (!merged.ok) return;
  const key = argv[1];
  const existing = c.db.get(key);
  let hll: RawString;
  if (existing === undefined) {
    hll = new RawString(createHll());
    c.db.set(key, hll);
  } else {
    hll = hllAt(c, key, existing)!; // checked above as a source
  }
  if (merged.dense && !toDense(hll)) return c.out.error(E.INVALIDOBJ_HLL);
  const maxBytes = sparseMaxBytes(c);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (max[j] !== 0) setRegister(hll, j, max[j], maxBytes);
  }
  invalidateCache(hll.buf);
  c.server.keyModified(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'pfadd', key, c.db.id);
  c.server.dirty++;
  c.out.ok();
}

// PFDEBUG subcommand key
function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const v = c.db.get(key);
  if (v === undefined) return c.out.error(E.ERR_PFDEBUG_NO_KEY);
  const hll = hllAt(c, key, v);
  if (hll === null) return;
  switch (sub.toLowerCase()) {
    case 'getreg': {
      if (hll.buf[4] === HLL_SPARSE && !toDense(hll)) return c.out.error(E.INVALIDOBJ_HLL);
      const values = registers(view(hll));
      c.out.array(values.length);
      for (const r of values) c.out.integer(r);
      return;
    }
    case 'decode': {
      const text = decodeSparse(view(hll));
      if (text === null) return c.out.error(E.ERR_PFDEBUG_NOT_SPARSE);
      return c.out.bulk(text);
    }
    case 'encoding':
      return c.out.simple(hll.buf[4] === HLL_SPARSE ? 'sparse' : 'dense');
    case 'todense':
      if (hll.buf[4] !== HLL_SPARSE) return c.out.integer(0);
      if (!toDense(hll)) return c.out.error(E.INVALIDOBJ_HLL);
      return c.out.integer(1);
    default:
      return c.out.error(E.ERR_PFDEBUG_SUBCOMMAND(sub));
  }
}

// PFSELFTEST
// Redis checks its register macros and its error rate here; respite's own tests do that.
function pfselftest(c: Client): void {
  c.out.ok();
}

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'pfadd',
    arity: -2,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Adds the specified elements to the specified HyperLogLog.',
    complexity: 'O(1) to add every element.',
    handler: pfadd,
  }),
  command({
    name: 'pfcount',
    arity: -2,
    flags: ['readonly', 'may_replicate'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
    complexity:
      'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    handler: pfcount,
  }),
  command({
    name: 'pfmerge',
    arity: -2,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Merge N different HyperLogLogs into a single one.',
    complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
    handler: pfmerge,
  }),
  command({
    name: 'pfdebug',
    arity: 3,
    flags: ['write', 'denyoom', 'admin'],
    firstKey: 2,
    lastKey: 2,
    step: 1,
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'Internal commands for debugging HyperLogLog values',
    complexity: 'N/A',
    handler: pfdebug,
  }),
  command({
    name: 'pfselftest',
    arity: 1,
    flags: ['admin'],
    group: 'hyperloglog',
    since: '2.8.9',
    summary: 'An internal command for testing HyperLogLog values',
    complexity: 'N/A',
    handler: pfselftest,
  }),
];
