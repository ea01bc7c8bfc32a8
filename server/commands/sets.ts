// Set commands: SADD, SREM, SMEMBERS, SINTER, SSCAN, ...
//
// The value is store/set.ts's SetValue. Replies that list members follow its iteration order, which
// is Redis's for an intset (ascending) and arbitrary, as in Redis, for a hash table.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_SET, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64 } from '../numbers.js';
import { parseCursor, scanMap } from '../store/scan.js';
import { SetValue } from '../store/set.js';
import { option } from './args.js';
import { parseScanOptions, replyScan } from './scanning.js';
import { type CommandSpec, command, keyCommand } from './types.js';

function maxIntset(c: Client): number {
  return c.server.config.getInt('set-max-intset-entries');
}

/**
 * The set at `key` for a command: undefined when there is none, null after replying WRONGTYPE.
 * Counts as an access (db.get).
 */
function lookupSet(c: Client, key: string): SetValue | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'set') {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  return v as SetValue;
}

/** lookupSet for a read: a missing key is a "keymiss", as Redis's lookupKeyRead. */
function readSet(c: Client, key: string): SetValue | undefined | null {
  const set = lookupSet(c, key);
  if (set === undefined) keyMiss(c, key);
  return set;
}

/** Reply a list of members as a set (`~` in RESP3). */
function replyMembers(c: Client, members: readonly string[]): void {
  c.out.set(members.length);
  for (const m of members) c.out.bulk(m);
}

/**
 * After removing members from the set at `key`: raise `event`, then delete the key if emptied
 * (with a "del" event), else tell watchers.
 */
function afterRemove(c: Client, key: string, set: SetValue, event: string): void {
  notifyKeyspaceEvent(c.server, NOTIFY_SET, event, key, c.db.id);
  if (set.size === 0) {
    c.db.delete(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, c.db.id);
  } else {
    c.server.keyModified(c.db, key);
  }
}

/**
 * Store `result` at `dst` (replacing any value of any type) with `event`, or delete `dst` when it
 * is empty.
 */
function storeResult(c: Client, dst: string, result: SetValue, event: string): void {
  if (result.size > 0) {
    c.db.set(dst, result);
    notifyKeyspaceEvent(c.server, NOTIFY_SET, event, dst, c.db.id);
  } else if (c.db.delete(dst)) {
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', dst, c.db.id);
  }
  c.out.integer(result.size);
}

// ---- single-key commands --------------------------------------------------------------------------

// SADD key member [member ...]
function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  let set = lookupSet(c, key);
  if (set === null) return;
  const isNew = set === undefined;
  if (set === undefined) set = SetValue.for(argv[2]);
  const max = maxIntset(c);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (set.add(argv[i], max)) added++;
  if (isNew) c.db.set(key, set);
  else if (added > 0) c.server.keyModified(c.db, key);
  if (added > 0) notifyKeyspaceEvent(c.server, NOTIFY_SET, 'sadd', key, c.db.id);
  c.out.integer(added);
}

// SREM key member [member ...]
function srem(c: Client, argv: string[]): void {
  const key = argv[1];
  const set = lookupSet(c, key);
  if (set === null) return;
  if (set === undefined) return c.out.integer(0);
  let removed = 0;
  for (let i = 2; i < argv.length; i++) {
    if (set.delete(argv[i])) {
      removed++;
      if (set.size === 0) break;
    }
  }
  if (removed > 0) afterRemove(c, key, set, 'srem');
  c.out.integer(removed);
}

// SCARD key
function scard(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  if (set !== null) c.out.integer(set?.size ?? 0);
}

// SISMEMBER key member
function sismember(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  if (set !== null) c.out.integer(set?.has(argv[2]) ? 1 : 0);
}

// SMISMEMBER key member [member ...]
function smismember(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  if (set === null) return;
  c.out.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.out.integer(set?.has(argv[i]) ? 1 : 0);
}

// SMEMBERS key
function smembers(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  if (set === null) return;
  replyMembers(c, set ? set.toArray() : []);
}

// SMOVE source destination member
function smove(c: Client, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  const db = c.db;
  const srcValue = db.get(srcKey);
  const dstValue = db.get(dstKey);
  // As Redis: a missing source answers 0 before either type is checked.
  if (srcValue === undefined) return c.out.integer(0);
  if (typeof srcValue === 'string' || srcValue.type !== 'set') return c.out.error(E.WRONGTYPE);
  if (dstValue !== undefined && (typeof dstValue === 'string' || dstValue.type !== 'set'))
    return c.out.error(E.WRONGTYPE);
  const src = srcValue as SetValue;
  let dst = dstValue as SetValue | undefined;
  if (src === dst) return c.out.integer(src.has(member) ? 1 : 0);
  if (!src.delete(member)) return c.out.integer(0);
  afterRemove(c, srcKey, src, 'srem');
  let added = true;
  if (dst === undefined) {
    dst = SetValue.for(member);
    dst.add(member, maxIntset(c));
    db.set(dstKey, dst);
  } else {
    // A member the destination already held leaves it unchanged: WATCH on it is not touched.
    added = dst.add(member, maxIntset(c));
    if (added) c.server.keyModified(db, dstKey);
  }
  if (added) notifyKeyspaceEvent(c.server, NOTIFY_SET, 'sadd', dstKey, db.id);
  c.out.integer(1);
}

// ---- random members -------------------------------------------------------------------------------

/** Fisher-Yates over the first `count` places: `count` distinct random members of `all`, in place. */
function pickDistinct(all: string[], count: number): string[] {
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (all.length - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  all.length = count;
  return all;
}

// SPOP key [count]
function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SYNTAX);
  const key = argv[1];
  if (argv.length === 2) {
    const set = lookupSet(c, key);
    if (set === null) return;
    if (set === undefined) return c.out.nullBulk();
    const member = set.randomMember();
    set.delete(member);
    afterRemove(c, key, set, 'spop');
    return c.out.bulk(member);
  }

  const count = parseInt64(argv[2]);
  if (count === null || count < 0) return c.out.error(E.ERR_NOT_POSITIVE);
  const set = lookupSet(c, key);
  if (set === null) return;
  if (set === undefined || count === 0) return c.out.set(0);
  if (count >= set.size) {
    // The whole set, in its iteration order (ascending for an intset), as Redis's SUNION of it.
    const all = set.toArray();
    c.db.delete(key);
    notifyKeyspaceEvent(c.server, NOTIFY_SET, 'spop', key, c.db.id);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, c.db.id);
    return replyMembers(c, all);
  }
  const popped = pickDistinct(set.toArray(), count);
  for (const m of popped) set.delete(m);
  c.server.keyModified(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_SET, 'spop', key, c.db.id);
  replyMembers(c, popped);
}

// SRANDMEMBER key [count]
function srandmember(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SYNTAX);
  if (argv.length === 2) {
    const set = readSet(c, argv[1]);
    if (set === null) return;
    if (set === undefined) return c.out.nullBulk();
    return c.out.bulk(set.randomMember());
  }

  const n = parseInt64(argv[2]);
  if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
  // The range is ±LONG_MAX, so only LONG_MIN itself is out of it.
  if (argv[2] === '-9223372036854775808')
    return c.out.error(E.ERR_VALUE_RANGE('-9223372036854775807', '9223372036854775807'));
  const set = readSet(c, argv[1]);
  if (set === null) return;
  if (set === undefined || n === 0) return c.out.array(0);
  const all = set.toArray();
  if (n < 0 || n === 1) {
    // Repeats allowed: each pick samples the whole set.
    const count = n < 0 ? -n : 1;
    c.out.array(count);
    for (let i = 0; i < count; i++) c.out.bulk(all[Math.floor(Math.random() * all.length)]);
    return;
  }
  // The whole set in its iteration order when asked for at least as many, as Redis does.
  const picked = n >= all.length ? all : pickDistinct(all, n);
  c.out.bulkArray(picked);
}

// ---- SSCAN ----------------------------------------------------------------------------------------

// SSCAN key cursor [MATCH pattern] [COUNT count]
function sscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return c.out.error(E.ERR_INVALID_CURSOR);
  const set = readSet(c, argv[1]);
  if (set === null) return;
  if (set === undefined) return replyScan(c, 0n, []);
  const opts = parseScanOptions(c, argv, 3);
  if (opts === null) return;
  const { match } = opts;
  const found: string[] = [];
  let next = 0n;
  if (set.intset) {
    // Redis returns a small encoding whole, in one call, whatever the cursor and COUNT.
    for (const m of set.members()) if (match === null || match(m)) found.push(m);
  } else {
    next = scanMap(set, cursor, opts.count, (m) => {
      if (match === null || match(m)) found.push(m);
    });
  }
  replyScan(c, next, found);
}

// ---- several sets ---------------------------------------------------------------------------------

/** The sets at `keys` (undefined for a missing key), or null after replying WRONGTYPE for any. */
function lookupSets(c: Client, keys: readonly string[]): (SetValue | undefined)[] | null {
  const sets: (SetValue | undefined)[] = [];
  for (const key of keys) {
    const set = readSet(c, key);
    if (set === null) return null;
    sets.push(set);
  }
  return sets;
}

/**
 * The intersection of `sets` as Redis computes it: walk the smallest set (in its iteration order, so
 * an intset gives ascending order) and keep the members all the others have, up to `limit` (0: all).
 */
function intersect(sets: SetValue[], limit = 0): string[] {
  const bySize = [...sets].sort((a, b) => a.size - b.size);
  const out: string[] = [];
  const [first, ...rest] = bySize;
  for (const m of first.members()) {
    if (rest.every((s) => s === first || s.has(m))) {
      out.push(m);
      if (out.length === limit) break;
    }
  }
  return out;
}

/** SINTER and SINTERSTORE: `keys` are the sets, `dst` the destination or null. */
function sinterGeneric(c: Client, keys: readonly string[], dst: string | null): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const present = sets.filter((s) => s !== undefined);
  const members = present.length < sets.length ? [] : intersect(present);
  if (dst === null) return replyMembers(c, members);
  const result = new SetValue();
  const max = maxIntset(c);
  for (const m of members) result.add(m, max);
  storeResult(c, dst, result, 'sinterstore');
}

// SINTER key [key ...]
function sinter(c: Client, argv: string[]): void {
  sinterGeneric(c, argv.slice(1), null);
}

// SINTERSTORE destination key [key ...]
function sinterstore(c: Client, argv: string[]): void {
  sinterGeneric(c, argv.slice(2), argv[1]);
}

/**
 * C's atol as Redis's getKeys procs read a numkeys argument: leading blanks, a sign, digits up to
 * the first other character; 0 when there are none.
 */
function atol(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** SINTERCARD's key positions: numkeys at 1, the keys after it. */
function sintercardKeys(argv: string[]): number[] {
  const n = atol(argv[1]);
  if (n < 1 || n > argv.length - 2) return [];
  return Array.from({ length: n }, (_, i) => i + 2);
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
function sintercard(c: Client, argv: string[]): void {
  const numkeys = parseInt64(argv[1]);
  if (numkeys === null || numkeys < 1) return c.out.error(E.ERR_NUMKEYS_POSITIVE);
  if (numkeys > argv.length - 2) return c.out.error(E.ERR_NUMKEYS_TOO_MANY);
  let limit = 0;
  for (let i = 2 + numkeys; i < argv.length; i++) {
    if (option(argv[i]) === 'limit' && i + 1 < argv.length) {
      const n = parseInt64(argv[++i]);
      if (n === null || n < 0) return c.out.error(E.ERR_LIMIT_NEGATIVE);
      limit = n;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const sets = lookupSets(c, argv.slice(2, 2 + numkeys));
  if (sets === null) return;
  const present = sets.filter((s) => s !== undefined);
  c.out.integer(present.length < sets.length ? 0 : intersect(present, limit).length);
}

/** SUNION, SDIFF and their STORE forms: the result as a new set, built as Redis builds it. */
function unionOrDiff(c: Client, sets: (SetValue | undefined)[], diff: boolean): SetValue {
  const result = new SetValue();
  const max = maxIntset(c);
  if (!diff) {
    for (const s of sets) if (s) for (const m of s.members()) result.add(m, max);
    return result;
  }
  const first = sets[0];
  if (first === undefined || first.size === 0) return result;
  const others = sets.slice(1).filter((s) => s !== undefined);
  // Redis picks one of two algorithms by estimated work; they differ in what the result holds on the
  // way (and so in its encoding): only the difference, or all of the first set minus the others.
  let oneWork = 0;
  let twoWork = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    oneWork += first.size;
    twoWork += s.size;
  }
  if (Math.floor(oneWork / 2) <= twoWork) {
    for (const m of first.members()) if (!others.some((s) => s.has(m))) result.add(m, max);
  } else {
    for (const m of first.members()) result.add(m, max);
    for (const s of others) {
      for (const m of s.members()) result.delete(m);
      if (result.size === 0) break;
    }
  }
  return result;
}

/** SUNION, SDIFF, SUNIONSTORE and SDIFFSTORE. */
function sunionDiffGeneric(c: Client, keys: readonly string[], dst: string | null, diff: boolean): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const result = unionOrDiff(c, sets, diff);
  if (dst === null) replyMembers(c, result.toArray());
  else storeResult(c, dst, result, diff ? 'sdiffstore' : 'sunionstore');
}

// SUNION key [key ...]
function sunion(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), null, false);
}

// SUNIONSTORE destination key [key ...]
function sunionstore(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1], false);
}

// SDIFF key [key ...]
function sdiff(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), null, true);
}

// SDIFFSTORE destination key [key ...]
function sdiffstore(c: Client, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1], true);
}

// ---- the table ------------------------------------------------------------------------------------

/** An entry whose keys run from the first argument to the last (SINTER, SUNION, SDIFF). */
function allKeysCommand(spec: Omit<CommandSpec, 'firstKey' | 'lastKey' | 'step'>): CommandSpec {
  return { ...spec, firstKey: 1, lastKey: -1, step: 1 };
}

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'sadd',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'set',
    summary: 'Add one or more members to a set',
    complexity:
      'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    handler: sadd,
  }),
  keyCommand({
    name: 'srem',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'set',
    summary: 'Remove one or more members from a set',
    complexity: 'O(N) where N is the number of members to be removed.',
    handler: srem,
  }),
  keyCommand({
    name: 'smembers',
    arity: 2,
    flags: ['readonly'],
    group: 'set',
    summary: 'Get all the members in a set',
    complexity: 'O(N) where N is the set cardinality.',
    handler: smembers,
  }),
  keyCommand({
    name: 'sismember',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'set',
    summary: 'Determine if a given value is a member of a set',
    complexity: 'O(1)',
    handler: sismember,
  }),
  keyCommand({
    name: 'smismember',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'set',
    summary: 'Returns the membership associated with the given elements for a set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    handler: smismember,
  }),
  keyCommand({
    name: 'scard',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'set',
    summary: 'Get the number of members in a set',
    complexity: 'O(1)',
    handler: scard,
  }),
  keyCommand({
    name: 'spop',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'set',
    summary: 'Remove and return one or multiple random members from a set',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    handler: spop,
  }),
  keyCommand({
    name: 'srandmember',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    summary: 'Get one or multiple random members from a set',
    complexity:
      'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    handler: srandmember,
  }),
  command({
    name: 'smove',
    arity: 4,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'set',
    summary: 'Move a member from one set to another',
    complexity: 'O(1)',
    handler: smove,
  }),
  allKeysCommand({
    name: 'sinter',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    summary: 'Intersect multiple sets',
    since: '1.0.0',
    complexity:
      'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    handler: sinter,
  }),
  command({
    name: 'sintercard',
    arity: -3,
    flags: ['readonly'],
    getKeys: sintercardKeys,
    group: 'set',
    summary: 'Intersect multiple sets and return the cardinality of the result',
    since: '7.0.0',
    complexity:
      'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    handler: sintercard,
  }),
  allKeysCommand({
    name: 'sinterstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'set',
    summary: 'Intersect multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity:
      'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    handler: sinterstore,
  }),
  allKeysCommand({
    name: 'sunion',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    summary: 'Add multiple sets',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    handler: sunion,
  }),
  allKeysCommand({
    name: 'sunionstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'set',
    summary: 'Add multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    handler: sunionstore,
  }),
  allKeysCommand({
    name: 'sdiff',
    arity: -2,
    flags: ['readonly'],
    group: 'set',
    summary: 'Subtract multiple sets',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    handler: sdiff,
  }),
  allKeysCommand({
    name: 'sdiffstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'set',
    summary: 'Subtract multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of elements in all given sets.',
    handler: sdiffstore,
  }),
  keyCommand({
    name: 'sscan',
    arity: -3,
    flags: ['readonly'],
    group: 'set',
    summary: 'Incrementally iterate Set elements',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: sscan,
  }),
];
