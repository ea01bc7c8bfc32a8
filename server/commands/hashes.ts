// Hash commands: HSET, HGET, HGETALL, HINCRBY, HRANDFIELD, HSCAN, ...
//
// The value is a Hash (store/hash.ts): a Map of byte strings that also records whether Redis would
// hold it as a listpack. That matters to OBJECT ENCODING and to HSCAN, which returns a listpack whole
// in one call; elsewhere the encoding only decides reply order, which for a listpack is insertion
// order, as a Map's is. A command that empties a hash deletes its key, as Redis does.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { addLongDouble, formatLongDouble, isFiniteLD, parseLongDouble } from '../longdouble.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_HASH, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64Big } from '../numbers.js';
import { Hash, type ListpackLimits } from '../store/hash.js';
import { parseCursor, scanMap } from '../store/scan.js';
import { option } from './args.js';
import { parseScanOptions, replyScan } from './scanning.js';
import { type CommandSpec, keyCommand } from './types.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** LONG_MAX: HRANDFIELD's count range is ±LONG_MAX, and half that with WITHVALUES. */
const LONG_MAX = INT64_MAX;

function limits(c: Client): ListpackLimits {
  const config = c.server.config;
  return {
    entries: config.getInt('hash-max-listpack-entries'),
    value: config.getInt('hash-max-listpack-value'),
  };
}

/**
 * The hash at `key` for reading: undefined when there is none (a "keymiss", as Redis's
 * lookupKeyRead), null after replying WRONGTYPE.
 */
function readHash(c: Client, key: string): Hash | undefined | null {
  const h = lookupHash(c, key);
  if (h === undefined) keyMiss(c, key);
  return h;
}

/** The hash at `key` for writing: as readHash, but a missing key is no keymiss. */
function lookupHash(c: Client, key: string): Hash | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'hash') {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  return v as Hash;
}

/**
 * Redis's hashTypeLookupWriteOrCreate, without the create: the hash at `key`, a new empty one (not
 * yet stored: `store` adds it) when there is none, or null after replying WRONGTYPE.
 */
function writeHash(c: Client, key: string): Hash | null {
  const h = lookupHash(c, key);
  return h === undefined ? new Hash() : h;
}

/**
 * After a change to `h`: add it to the keyspace if writeHash made it, else tell watchers; then
 * raise `event`.
 */
function store(c: Client, key: string, h: Hash, event: string): void {
  if (c.db.map.get(key) === h) c.server.keyModified(c.db, key);
  else c.db.set(key, h);
  notifyKeyspaceEvent(c.server, NOTIFY_HASH, event, key, c.db.id);
}

// ---- setting and reading fields --------------------------------------------------------------------

// HSET key field value [field value ...]
function hset(c: Client, argv: string[]): void {
  const created = setFields(c, argv, 'hset');
  if (created !== null) c.out.integer(created);
}

// HMSET key field value [field value ...]
function hmset(c: Client, argv: string[]): void {
  if (setFields(c, argv, 'hmset') !== null) c.out.ok();
}

/** HSET and HMSET: the number of new fields, or null after an error reply. */
function setFields(c: Client, argv: string[], name: string): number | null {
  // The table's arity only says "at least 4"; the pairs must also be whole.
  if (argv.length % 2 === 1) {
    c.out.error(E.ERR_WRONG_ARITY(name));
    return null;
  }
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return null;
  const lim = limits(c);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1], lim)) created++;
  store(c, key, h, 'hset');
  return created;
}

// HSETNX key field value
function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  if (h.map.has(argv[2])) return c.out.integer(0);
  h.set(argv[2], argv[3], limits(c));
  store(c, key, h, 'hset');
  c.out.integer(1);
}

// HGET key field
function hget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.bulkOrNull(h?.get(argv[2]));
}

// HMGET key field [field ...]
function hmget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.out.bulkOrNull(h?.get(argv[i]));
}

// HDEL key field [field ...]
function hdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = lookupHash(c, key);
  if (h === null) return;
  if (h === undefined) return c.out.integer(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) deleted++;
    if (h.size === 0) break;
  }
  if (deleted > 0) {
    if (h.size === 0) c.db.delete(key);
    else c.server.keyModified(c.db, key);
    notifyKeyspaceEvent(c.server, NOTIFY_HASH, 'hdel', key, c.db.id);
    if (h.size === 0) notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, c.db.id);
  }
  c.out.integer(deleted);
}

// HEXISTS key field
function hexists(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.integer(h?.map.has(argv[2]) ? 1 : 0);
}

// HLEN key
function hlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.integer(h?.size ?? 0);
}

// HSTRLEN key field
function hstrlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.integer(h?.get(argv[2])?.length ?? 0);
}

// HGETALL key
function hgetall(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.map(h?.size ?? 0);
  if (h) {
    for (const [field, value] of h.map) {
      c.out.bulk(field);
      c.out.bulk(value);
    }
  }
}

// HKEYS key
function hkeys(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.array(h?.size ?? 0);
  if (h) for (const field of h.map.keys()) c.out.bulk(field);
}

// HVALS key
function hvals(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.out.array(h?.size ?? 0);
  if (h) for (const value of h.map.values()) c.out.bulk(value);
}

// ---- counters --------------------------------------------------------------------------------------

// HINCRBY key field increment
function hincrby(c: Client, argv: string[]): void {
  const by = parseInt64Big(argv[3]);
  if (by === null) return c.out.error(E.ERR_NOT_INTEGER);
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  const old = h.get(argv[2]);
  let current = 0n;
  if (old !== undefined) {
    const n = parseInt64Big(old);
    if (n === null) return c.out.error(E.ERR_HASH_NOT_INTEGER);
    current = n;
  }
  const sum = current + by;
  if (sum > INT64_MAX || sum < INT64_MIN) return c.out.error(E.ERR_OVERFLOW);
  h.set(argv[2], sum.toString(), limits(c));
  store(c, key, h, 'hincrby');
  c.out.integer(sum);
}

// HINCRBYFLOAT key field increment
function hincrbyfloat(c: Client, argv: string[]): void {
  const by = parseLongDouble(argv[3]);
  if (by === null) return c.out.error(E.ERR_NOT_FLOAT);
  // Unlike INCRBYFLOAT, an infinite increment is refused before the key is looked at.
  if (!isFiniteLD(by)) return c.out.error(E.ERR_NAN_OR_INF_VALUE);
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  const old = h.get(argv[2]);
  const current = parseLongDouble(old ?? '0');
  if (current === null) return c.out.error(E.ERR_HASH_NOT_FLOAT);
  const sum = addLongDouble(current, by);
  if (!isFiniteLD(sum)) return c.out.error(E.ERR_NAN_OR_INF);
  const text = formatLongDouble(sum);
  h.set(argv[2], text, limits(c));
  store(c, key, h, 'hincrbyfloat');
  c.out.bulk(text);
}

// ---- HRANDFIELD ------------------------------------------------------------------------------------

// HRANDFIELD key [count [WITHVALUES]]
function hrandfield(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    if (h === undefined) return c.out.nullBulk();
    return c.out.bulk(randomEntry(h)[0]);
  }
  const n = parseInt64Big(argv[2]);
  if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (n < -LONG_MAX) return c.out.error(E.ERR_VALUE_RANGE(`${-LONG_MAX}`, `${LONG_MAX}`));
  if (argv.length > 4 || (argv.length === 4 && option(argv[3]) !== 'withvalues')) {
    return c.out.error(E.ERR_SYNTAX);
  }
  const withValues = argv.length === 4;
  if (withValues && (n < -LONG_MAX / 2n || n > LONG_MAX / 2n)) return c.out.error(E.ERR_VALUE_OUT_OF_RANGE);

  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined || n === 0n) return c.out.array(0);
  // Redis replies field, value, field, value, ... in RESP2 and [field, value] pairs in RESP3.
  const pairs = withValues && c.out.proto === 3;
  const reply = (entries: Iterable<[string, string]>, count: number) => {
    c.out.array(withValues && !pairs ? count * 2 : count);
    for (const [field, value] of entries) {
      if (pairs) c.out.array(2);
      c.out.bulk(field);
      if (withValues) c.out.bulk(value);
    }
  };

  // A negative count (or a count of 1) picks with repetition, so the reply has exactly |count| items.
  if (n < 0n || n === 1n) {
    const count = Number(n < 0n ? -n : n);
    return reply(randomEntries(h, count, true), count);
  }
  // A count covering the whole hash returns the whole hash, in its order.
  if (n >= BigInt(h.size)) return reply(h.map, h.size);
  const count = Number(n);
  reply(randomEntries(h, count), count);
}

/**
 * `count` random entries of `h`: with `repeat`, each drawn independently; without, distinct ones
 * (count must then be at most h.size).
 */
function randomEntries(h: Hash, count: number, repeat = false): [string, string][] {
  if (count === 1) return [randomEntry(h)];
  const all = [...h.map];
  const out: [string, string][] = [];
  if (repeat) {
    for (let i = 0; i < count; i++) out.push(all[Math.floor(Math.random() * all.length)]);
    return out;
  }
  // A partial Fisher-Yates shuffle: the first `count` slots end up a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (all.length - i));
    [all[i], all[j]] = [all[j], all[i]];
    out.push(all[i]);
  }
  return out;
}

/** One random entry of a non-empty `h`, without copying it: a Map has no random access, so a walk. */
function randomEntry(h: Hash): [string, string] {
  let skip = Math.floor(Math.random() * h.size);
  for (const entry of h.map) if (skip-- === 0) return entry;
  throw new Error('randomEntry of an empty hash');
}

// ---- HSCAN -----------------------------------------------------------------------------------------

// HSCAN key cursor [MATCH pattern] [COUNT count]
function hscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return c.out.error(E.ERR_INVALID_CURSOR);
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) return replyScan(c, 0n, []);
  const opts = parseScanOptions(c, argv, 3);
  if (opts === null) return;
  const { match } = opts;
  const found: string[] = [];
  const visit = (field: string, value: string) => {
    if (match === null || match(field)) found.push(field, value);
  };
  let next = 0n;
  if (h.listpack) {
    // Redis returns a listpack whole, whatever the cursor and COUNT.
    for (const [field, value] of h.map) visit(field, value);
  } else {
    next = scanMap(h, cursor, opts.count, visit);
  }
  replyScan(c, next, found);
}

// ---- the table -------------------------------------------------------------------------------------

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'hset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    summary: 'Set the string value of a hash field',
    since: '2.0.0',
    complexity:
      'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    handler: hset,
  }),
  keyCommand({
    name: 'hsetnx',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    summary: 'Set the value of a hash field, only if the field does not exist',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hsetnx,
  }),
  keyCommand({
    name: 'hmset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    summary: 'Set multiple hash fields to multiple values',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being set.',
    handler: hmset,
  }),
  keyCommand({
    name: 'hget',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    summary: 'Get the value of a hash field',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hget,
  }),
  keyCommand({
    name: 'hmget',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    summary: 'Get the values of all the given hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.',
    handler: hmget,
  }),
  keyCommand({
    name: 'hgetall',
    arity: 2,
    flags: ['readonly'],
    group: 'hash',
    summary: 'Get all the fields and values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    handler: hgetall,
  }),
  keyCommand({
    name: 'hdel',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'hash',
    summary: 'Delete one or more hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    handler: hdel,
  }),
  keyCommand({
    name: 'hexists',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    summary: 'Determine if a hash field exists',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hexists,
  }),
  keyCommand({
    name: 'hlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'hash',
    summary: 'Get the number of fields in a hash',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hlen,
  }),
  keyCommand({
    name: 'hkeys',
    arity: 2,
    flags: ['readonly'],
    group: 'hash',
    summary: 'Get all the fields in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    handler: hkeys,
  }),
  keyCommand({
    name: 'hvals',
    arity: 2,
    flags: ['readonly'],
    group: 'hash',
    summary: 'Get all the values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    handler: hvals,
  }),
  keyCommand({
    name: 'hstrlen',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'hash',
    summary: 'Get the length of the value of a hash field',
    since: '3.2.0',
    complexity: 'O(1)',
    handler: hstrlen,
  }),
  keyCommand({
    name: 'hincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    summary: 'Increment the integer value of a hash field by the given number',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hincrby,
  }),
  keyCommand({
    name: 'hincrbyfloat',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'hash',
    summary: 'Increment the float value of a hash field by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: hincrbyfloat,
  }),
  keyCommand({
    name: 'hrandfield',
    arity: -2,
    flags: ['readonly'],
    group: 'hash',
    summary: 'Get one or multiple random fields from a hash',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned',
    handler: hrandfield,
  }),
  keyCommand({
    name: 'hscan',
    arity: -3,
    flags: ['readonly'],
    group: 'hash',
    summary: 'Incrementally iterate hash fields and associated values',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: hscan,
  }),
];
